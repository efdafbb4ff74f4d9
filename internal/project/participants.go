package project

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// Participant is a participant with whether they are still known only by
// a speaker label that no roster row has named.
type Participant struct {
	store.ParticipantSummary
	// Unmatched: an opaque id given at import to a label no roster row
	// named; BindLabels gives the label a roster id.
	Unmatched bool
	// Withdrawn: they withdrew consent; nothing more is recorded about them.
	Withdrawn bool
}

// Participants lists every participant (facilitators flagged), by group
// then id, with the unmatched ones marked.
func (p *Project) Participants() ([]Participant, error) {
	list, err := p.st.Participants()
	if err != nil {
		return nil, err
	}
	unmatched, err := p.st.UnmatchedLabels()
	if err != nil {
		return nil, err
	}
	withdrawn, err := p.st.Withdrawn()
	if err != nil {
		return nil, err
	}
	loose := map[string]bool{}
	for _, u := range unmatched {
		loose[u.Participant] = true
	}
	out := make([]Participant, len(list))
	for i, ps := range list {
		_, gone := withdrawn[ps.ID]
		out[i] = Participant{ParticipantSummary: ps, Unmatched: loose[ps.ID], Withdrawn: gone}
	}
	return out, nil
}

// refuseWithdrawn refuses a change about a participant who withdrew.
func (p *Project) refuseWithdrawn(ref string) error {
	w, err := p.st.Withdrawn()
	if err != nil {
		return err
	}
	if _, gone := w[ref]; gone {
		return InvalidError{fmt.Errorf("participant %q withdrew consent: nothing more is recorded about them", ref)}
	}
	return nil
}

// AttributeKey is an attribute name as it is stored: lower case, words
// joined by "_" ("Years in Canada" is years_in_canada).
func AttributeKey(k string) string { return strings.ToLower(strings.Join(strings.Fields(k), "_")) }

// SetAttribute sets one attribute of a participant (an empty value removes
// it; "city" sets the city) and returns the key as stored. The id, the
// group, the labels and the role are refused here.
func (p *Project) SetAttribute(ref, key, value string) (string, error) {
	k := AttributeKey(key)
	switch k {
	case "":
		return "", InvalidError{fmt.Errorf("participant %q: an attribute needs a name", ref)}
	case "id", "group", "label", "facilitator":
		return "", InvalidError{fmt.Errorf("participant %q: %q is not an attribute you can set here", ref, k)}
	}
	if err := p.refuseWithdrawn(ref); err != nil {
		return "", err
	}
	return k, p.st.SetAttributes(ref, map[string]string{k: strings.TrimSpace(value)})
}

// SetFacilitator sets whether a participant is a facilitator, whose
// speech never counts.
func (p *Project) SetFacilitator(ref string, on bool) error {
	if err := p.refuseWithdrawn(ref); err != nil {
		return err
	}
	return p.st.SetAttributes(ref, map[string]string{"facilitator": strconv.FormatBool(on)})
}

// BindLabels gives the speaker label(s) of an unmatched participant a
// roster id, as a roster row with the group and label would: when id is a
// participant already, the unmatched one is merged into it (labels, turns
// and answers move; attributes it lacks are copied); otherwise id is
// created, in the label's group and city, and takes them. It cannot be
// undone (two ids of one person are merged for good); it returns what it
// did, in words.
func (p *Project) BindLabels(from, id string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" || strings.ContainsAny(id, " \t\n") {
		return "", InvalidError{fmt.Errorf("bind: %q is not a participant id (no spaces: MTL-03)", id)}
	}
	if id == from {
		return "", InvalidError{fmt.Errorf("bind: %q is already the id of these labels", id)}
	}
	list, err := p.Participants()
	if err != nil {
		return "", err
	}
	var src *Participant
	exists := false
	for i := range list {
		switch list[i].ID {
		case from:
			src = &list[i]
		case id:
			exists = true
			if list[i].Withdrawn {
				return "", p.refuseWithdrawn(id)
			}
		}
	}
	if src != nil && src.Withdrawn {
		return "", p.refuseWithdrawn(from)
	}
	if src == nil || !src.Unmatched || len(src.Labels) == 0 {
		return "", InvalidError{errors.New("bind: " + from + " is not a speaker known only by an unmatched label")}
	}
	labels := len(src.Labels)
	if exists {
		if err := p.st.MergeParticipants(id, from); err != nil {
			return "", err
		}
		return fmt.Sprintf("bound %s of %s to %s (%d turns moved)", plural.Count(labels, "label", "labels"), from, id, src.Turns), nil
	}
	rows := make([]coding.RosterRow, 0, labels)
	for i, l := range src.Labels {
		rows = append(rows, coding.RosterRow{Line: i + 1, ID: id, Group: src.Group, Label: l, City: src.City})
	}
	if _, err := p.st.ImportRoster(rows); err != nil {
		return "", err
	}
	return fmt.Sprintf("bound %s of %s to the new id %s (%d turns)", plural.Count(labels, "label", "labels"), from, id, src.Turns), nil
}
