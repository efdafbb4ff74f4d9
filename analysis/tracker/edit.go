package tracker

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Edit is the fields `recs edit` changes; nil leaves a field as it is.
// Stakeholders and Codes replace the whole list; a zero Due clears it.
type Edit struct {
	Title, Text, Owner *string
	Priority           *Priority
	Due                *time.Time
	Stakeholders       *[]string
	Codes              *[]string
}

// IsZero reports whether no field is set.
func (e Edit) IsZero() bool {
	return e.Title == nil && e.Text == nil && e.Owner == nil && e.Priority == nil && e.Due == nil &&
		e.Stakeholders == nil && e.Codes == nil
}

// Diff compares the edit with r. It returns the fields that change r,
// normalised (trimmed, the due date a day, the stakeholders cleaned), and
// the log note of each change, in field order: "title", "owner A → B" ...
// Codes are left to the caller, who resolves them (see CodeChanges); they
// are not in the result.
func (e Edit) Diff(r *Recommendation) (Edit, []string, error) {
	var out Edit
	var notes []string
	if e.Title != nil {
		t := strings.TrimSpace(*e.Title)
		if t == "" {
			return out, nil, errors.New("a recommendation needs a title")
		}
		if t != r.Title {
			out.Title, notes = &t, append(notes, "title")
		}
	}
	if e.Text != nil {
		if t := strings.TrimSpace(*e.Text); t != r.Text {
			out.Text, notes = &t, append(notes, "text")
		}
	}
	if e.Owner != nil {
		if v := strings.TrimSpace(*e.Owner); v != r.Owner {
			out.Owner, notes = &v, append(notes, fmt.Sprintf("owner %s → %s", orNone(r.Owner), orNone(v)))
		}
	}
	if e.Priority != nil {
		p, err := ParsePriority(string(*e.Priority))
		if err != nil {
			return out, nil, err
		}
		if p != r.Priority {
			out.Priority, notes = &p, append(notes, fmt.Sprintf("priority %s → %s", r.Priority, p))
		}
	}
	if e.Due != nil {
		d := DateOf(*e.Due)
		if v := FormatDate(d); v != FormatDate(r.Due) {
			out.Due, notes = &d, append(notes, fmt.Sprintf("due %s → %s", orNone(FormatDate(r.Due)), orNone(v)))
		}
	}
	if e.Stakeholders != nil {
		v := CleanList(*e.Stakeholders)
		if !sameFold(v, r.Stakeholders) {
			out.Stakeholders = &v
			notes = append(notes, fmt.Sprintf("stakeholders %s → %s", orNone(strings.Join(r.Stakeholders, ", ")), orNone(strings.Join(sortedFold(v), ", "))))
		}
	}
	return out, notes, nil
}

// CodeChanges are the log notes of codes linked and unlinked (their paths).
func CodeChanges(added, removed []string) []string {
	var out []string
	if len(added) > 0 {
		out = append(out, "linked "+strings.Join(added, ", "))
	}
	if len(removed) > 0 {
		out = append(out, "unlinked "+strings.Join(removed, ", "))
	}
	return out
}

// EditNote is the log note of an edit: "edited title; owner A → B".
func EditNote(changes []string) string { return "edited " + strings.Join(changes, "; ") }

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func sortedFold(list []string) []string {
	out := slices.Clone(list)
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i]) < strings.ToLower(out[j]) })
	return out
}

func sameFold(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = sortedFold(a), sortedFold(b)
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}
