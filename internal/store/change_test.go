package store

import (
	"errors"
	"strings"
	"testing"
)

func TestChangeCodings(t *testing.T) {
	s, _ := create(t, Options{})
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "ottawa", "OTT-1", sample)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCode("Risks/Surveillance", CodeFields{}); err != nil {
		t.Fatal(err)
	}
	c, err := s.Apply(NewCoding{Source: "ottawa", Code: "Risks/Surveillance", Start: 60, End: 80, Coder: "sam", Memo: "ask"})
	if err != nil {
		t.Fatal(err)
	}
	s.SetActor("lea")
	removed, added, err := s.ChangeCodings("resolve disagreement on source 1", []int64{c.ID},
		[]NewCoding{{Source: "ottawa", Code: "Risks/Surveillance", Start: 60, End: 70, Coder: "sam", Memo: "ask"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 1 || removed[0].Memo != "ask" || len(added) != 1 || added[0].End != 70 {
		t.Fatalf("removed %+v, added %+v", removed, added)
	}
	log, err := s.Audit(AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	last := log[len(log)-1]
	if last.Actor != "lea" || last.Kind != AuditCoding || !strings.Contains(last.Summary, "resolve disagreement on source 1: 1 coding removed, 1 added") {
		t.Errorf("audit entry %+v", last)
	}
	// All or nothing: a coding already gone refuses the whole change.
	_, _, err = s.ChangeCodings("x", []int64{added[0].ID, c.ID},
		[]NewCoding{{Source: "ottawa", Code: "Risks/Surveillance", Start: 0, End: 5, Coder: "sam"}})
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err %v", err)
	}
	list, _ := s.Codings(CodingFilter{})
	if len(list) != 1 || list[0].ID != added[0].ID {
		t.Errorf("a refused change changed the codings: %+v", list)
	}
}
