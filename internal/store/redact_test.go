package store

import (
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/redact"
)

// hostile is a transcript with a real-looking name as a speaker label, a
// pseudonym spoken aloud, and an e-mail and a phone number in a quote. The
// people are invented.
const hostile = `Facilitator: Welcome back.
Maria Gonzalez: He said, Rana, please, write to rana.k@example.org or call 613-555-0147.
Speaker 2: Rana never answered. Ask the Zorvath Clinic.
`

func hostileStore(t *testing.T) *Store {
	t.Helper()
	s, _ := create(t, Options{})
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "hamilton", "HAM-1", hostile)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportRoster([]coding.RosterRow{{Line: 2, ID: "HAM-02", Group: "HAM-1", Label: "Speaker 2",
		Attributes: map[string]string{"pseudonym": "Rana", "gender": "woman"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddIdentifier("Zorvath Clinic", "", redact.KindOrg); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestIdentifierScreen(t *testing.T) {
	s := hostileStore(t)
	terms, err := s.IdentifierTerms()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tm := range terms {
		got = append(got, tm.Source+":"+tm.Text+"->"+tm.Replacement)
	}
	joined := strings.Join(got, " | ")
	for _, w := range []string{"list:Zorvath Clinic->", "roster:Rana->HAM-02", "label:Maria Gonzalez->"} {
		if !strings.Contains(joined, w) {
			t.Errorf("terms lack %q: %s", w, joined)
		}
	}
	if strings.Contains(joined, "Speaker 2") || strings.Contains(joined, "Facilitator") || strings.Contains(joined, "woman") {
		t.Errorf("terms hold a role label or a plain attribute: %s", joined)
	}
	sc, err := s.IdentifierScreen(false)
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := s.SourceTexts()
	out := sc.Text(docs[0].Text + " Maria Gonzalez agreed.")
	for _, leak := range []string{"Rana", "Maria", "Gonzalez", "rana.k@", "555-0147", "Zorvath"} {
		if strings.Contains(out, leak) {
			t.Errorf("screened text still holds %q:\n%s", leak, out)
		}
	}
	if c := sc.Counts(); c[redact.KindName] != 3 || c[redact.KindEmail] != 1 || c[redact.KindPhone] != 1 || c[redact.KindOrg] != 1 {
		t.Errorf("counts = %v", c)
	}
	if !strings.Contains(out, "HAM-02") || !strings.Contains(out, "[org]") {
		t.Errorf("replacements missing:\n%s", out)
	}
}

func TestIdentifierList(t *testing.T) {
	s := hostileStore(t)
	if _, err := s.AddIdentifier("zorvath clinic", "the clinic", redact.KindOrg); err != nil {
		t.Fatal(err)
	}
	list, _ := s.Identifiers()
	if len(list) != 1 || list[0].Replacement != "the clinic" {
		t.Errorf("list after a second add = %+v", list)
	}
	if err := s.RemoveIdentifier("ZORVATH CLINIC"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveIdentifier("Zorvath Clinic"); err == nil {
		t.Error("removing a term not on the list succeeded")
	}
	if _, err := s.AddIdentifier("  ", "", ""); err == nil {
		t.Error("an empty term was added")
	}
}

func TestOpaqueIDsAndNameLikeLabels(t *testing.T) {
	s := hostileStore(t)
	list, err := s.Participants()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range list {
		ids = append(ids, p.ID)
		for _, l := range p.Labels {
			if strings.Contains(p.ID, l) {
				t.Errorf("participant id %q is made from its label %q", p.ID, l)
			}
		}
	}
	if got := strings.Join(ids, " "); got != "HAM-1-F01 HAM-02 HAM-1-P01" {
		t.Errorf("ids = %q", got)
	}
	names, err := s.NameLikeLabels()
	if err != nil || len(names) != 1 || names[0].Label != "Maria Gonzalez" || names[0].Participant != "HAM-1-P01" {
		t.Errorf("name-like labels = %+v, %v", names, err)
	}
	// a second session of the group: a new label takes the next free number
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "hamilton-2", "HAM-1", "Facilitator: Hello.\nP7: New here.\n")}); err != nil {
		t.Fatal(err)
	}
	list, _ = s.Participants()
	found := false
	for _, p := range list {
		if p.ID == "HAM-1-P02" && len(p.Labels) == 1 && p.Labels[0] == "P7" {
			found = true
		}
	}
	if !found {
		t.Errorf("P7 of the second session did not become HAM-1-P02: %+v", list)
	}
}
