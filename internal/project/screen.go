package project

import (
	"github.com/fieldwork-qda/fieldwork/coding/redact"
)

// Screen builds the identifier screen every output of the project passes
// through: the identifier list, the roster's names and pseudonyms, the
// speaker labels that look like names (each replaced by its participant's
// id), the patterns (e-mail, phone, URL, handle) and what the named-entity
// scan finds in the sources. What tables must show is allowed: the study's
// cities and groups, participant ids, and the codebook's names (each
// part of a code path too), so "Ottawa" stays Ottawa, and the terms the
// researcher keeps (`redact add --keep`: "Canada", "IRCC").
//
// What the entity scan finds is kept in the project per source
// (store.SourceEntities): a source is scanned on the first screened output
// after its import, at about 120 KB a second, and again only when its text
// changes. Outputs that hold no participant's or researcher's prose
// (counts by code and attribute) may skip the scan with scan false; what
// the project knows and the patterns are still screened.
func (p *Project) Screen(scan bool) (*redact.Screen, error) {
	allow, err := p.allowedTerms()
	if err != nil {
		return nil, err
	}
	return p.st.IdentifierScreen(scan, allow...)
}

// allowedTerms lists the texts the screen leaves alone.
func (p *Project) allowedTerms() ([]string, error) {
	allow, err := p.st.ShownNames()
	if err != nil {
		return nil, err
	}
	kept, err := p.st.KeptTerms()
	if err != nil {
		return nil, err
	}
	return append(allow, kept...), nil
}
