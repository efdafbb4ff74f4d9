package project

import (
	"strings"

	"github.com/fieldwork-qda/fieldwork/coding/redact"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// IdentifierReview is what the researcher reviews identifiers from: the
// candidates the scan found in the sources (as `fieldwork redact suggest`
// lists them, listed ones included) and the identifier list.
type IdentifierReview struct {
	Suggestions []redact.Suggestion
	List        []store.Identifier
}

// ReviewIdentifiers scans the sources for candidate identifiers (the
// entity scan and the patterns: slow on a large project, run it in the
// background) and reads the identifier list.
func (p *Project) ReviewIdentifiers() (IdentifierReview, error) {
	sugg, err := p.st.SuggestIdentifiers()
	if err != nil {
		return IdentifierReview{}, err
	}
	list, err := p.st.Identifiers()
	return IdentifierReview{Suggestions: sugg, List: list}, err
}

// Pending are the suggestions whose term is not on list (accepted or kept),
// in their order: what is left to accept, edit or dismiss.
func Pending(sugg []redact.Suggestion, list []store.Identifier) []redact.Suggestion {
	on := make(map[string]bool, len(list))
	for _, id := range list {
		on[strings.ToLower(id.Term)] = true
	}
	var out []redact.Suggestion
	for _, s := range sugg {
		if !on[strings.ToLower(s.Term)] {
			out = append(out, s)
		}
	}
	return out
}
