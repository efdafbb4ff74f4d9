package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding"
)

// memoStore is a project with one source (OTT-1: P1 and P2 rostered as
// OTT-01 and OTT-02), a code and a coding.
func memoStore(t *testing.T) (*Store, coding.Coding) {
	t.Helper()
	s, _ := create(t, Options{})
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "ottawa", "OTT-1", sample)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportRoster([]coding.RosterRow{
		{Line: 2, ID: "OTT-01", Group: "OTT-1", Label: "P1"},
		{Line: 3, ID: "OTT-02", Group: "OTT-1", Label: "P2"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCode("Barriers/Legal status", CodeFields{}); err != nil {
		t.Fatal(err)
	}
	c, err := s.Apply(NewCoding{Source: "ottawa", Code: "Legal status", Start: 0, End: 10, Coder: "sam"})
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

func TestMemoOnEveryTarget(t *testing.T) {
	s, c := memoStore(t)
	two := "first line\nsecond line"
	tests := []struct {
		target MemoTarget
		kind   MemoKind
		want   string // Target()
	}{
		{MemoTarget{Kind: MemoProject}, MemoProject, "project"},
		{MemoTarget{Kind: MemoCode, Ref: "Legal status"}, MemoCode, "code Barriers/Legal status"},
		{MemoTarget{Kind: MemoParticipant, Ref: "OTT-02"}, MemoParticipant, "participant OTT-02"},
		{MemoTarget{Kind: MemoSource, Ref: "Ottawa"}, MemoSource, "source ottawa"},
		{MemoTarget{Kind: MemoPassage, Ref: "ottawa", Start: 3, End: 12}, MemoPassage, "passage ottawa 3-12"},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			m, err := s.AddMemo(tt.target, "lea", two+" on "+string(tt.kind))
			if err != nil {
				t.Fatal(err)
			}
			if m.Kind != tt.kind || m.Target() != tt.want || m.Author != "lea" || m.Text != two+" on "+string(tt.kind) || m.OnCoding {
				t.Errorf("added %+v (target %q), want kind %s on %q", m, m.Target(), tt.kind, tt.want)
			}
			got, err := s.Memo(m.Ref())
			if err != nil || got.Text != m.Text || got.Kind != tt.kind {
				t.Errorf("Memo(%s) = %+v, %v", m.Ref(), got, err)
			}
		})
	}
	if _, err := s.SetCodingMemo(c.ID, "on the coding"); err != nil {
		t.Fatal(err)
	}
	list, err := s.Memos()
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, m := range list {
		kinds = append(kinds, string(m.Kind))
	}
	// project, codes, participants, then by place in the source
	if got := strings.Join(kinds, ","); got != "project,code,participant,source,coding,passage" {
		t.Errorf("listed %s", got)
	}
	last := list[4]
	if last.Ref() != fmt.Sprintf("C%d", c.ID) || last.Code != "Barriers/Legal status" || last.Start != 0 || last.End != 10 || last.CodingID != c.ID {
		t.Errorf("coding memo %+v", last)
	}
}

func TestMemoTargetsThatDoNotExist(t *testing.T) {
	s, _ := memoStore(t)
	tests := []struct {
		target MemoTarget
		want   string
	}{
		{MemoTarget{Kind: MemoCode, Ref: "Legal statuss"}, `code "Legal statuss"`},
		{MemoTarget{Kind: MemoParticipant, Ref: "OTT-09"}, `participant "OTT-09"`},
		{MemoTarget{Kind: MemoSource, Ref: "toronto"}, `source "toronto"`},
		{MemoTarget{Kind: MemoPassage, Ref: "ottawa", Start: 5, End: 5000}, `passage 5-5000 of source "ottawa"`},
		{MemoTarget{Kind: MemoPassage, Ref: "ottawa", Start: 9, End: 2}, `passage 9-2`},
	}
	for _, tt := range tests {
		_, err := s.AddMemo(tt.target, "lea", "text")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("AddMemo(%+v) = %v, want an error naming %s", tt.target, err, tt.want)
		}
	}
	if _, err := s.AddMemo(MemoTarget{Kind: MemoProject}, "lea", " \n "); err == nil {
		t.Error("a blank memo was saved")
	}
	if _, err := s.Memo("M99"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Memo(M99) = %v", err)
	}
	if _, err := s.Memo("X1"); err == nil {
		t.Error("Memo(X1) read")
	}
	if list, _ := s.Memos(); len(list) != 0 {
		t.Errorf("refusals left %d memos", len(list))
	}
}

func TestEditDeleteRestoreMemo(t *testing.T) {
	s, c := memoStore(t)
	m, err := s.AddMemo(MemoTarget{Kind: MemoParticipant, Ref: "OTT-01"}, "lea", "old")
	if err != nil {
		t.Fatal(err)
	}
	old, err := s.EditMemo(m.Ref(), "kai", "new\ntext")
	if err != nil || old.Text != "old" {
		t.Fatalf("EditMemo = %+v, %v", old, err)
	}
	if got, _ := s.Memo(m.Ref()); got.Text != "new\ntext" || got.Author != "kai" {
		t.Errorf("after edit %+v", got)
	}
	if _, err := s.EditMemo(m.Ref(), "kai", ""); err == nil {
		t.Error("an edit to blank text was saved")
	}
	gone, err := s.DeleteMemo(m.Ref())
	if err != nil || gone.Text != "new\ntext" {
		t.Fatalf("DeleteMemo = %+v, %v", gone, err)
	}
	if _, err := s.Memo(m.Ref()); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted memo still read: %v", err)
	}
	back, err := s.RestoreMemo(gone)
	if err != nil || back.ID != m.ID || back.Participant != "OTT-01" || back.Text != "new\ntext" {
		t.Errorf("RestoreMemo = %+v, %v", back, err)
	}
	// a coding's memo: edited, cleared and brought back on the coding
	if _, err := s.SetCodingMemo(c.ID, "why"); err != nil {
		t.Fatal(err)
	}
	ref := fmt.Sprintf("C%d", c.ID)
	if _, err := s.EditMemo(ref, "sam", "why not"); err != nil {
		t.Fatal(err)
	}
	cm, err := s.DeleteMemo(ref)
	if err != nil || cm.Text != "why not" {
		t.Fatalf("DeleteMemo(%s) = %+v, %v", ref, cm, err)
	}
	if _, err := s.Memo(ref); !errors.Is(err, ErrNotFound) {
		t.Errorf("cleared coding memo still listed: %v", err)
	}
	if back, err := s.RestoreMemo(cm); err != nil || back.Text != "why not" || !back.OnCoding {
		t.Errorf("RestoreMemo(coding) = %+v, %v", back, err)
	}
}

func TestParticipantMemosFollowMergeAndWithdrawal(t *testing.T) {
	s, _ := memoStore(t)
	if _, err := s.AddMemo(MemoTarget{Kind: MemoParticipant, Ref: "OTT-02"}, "lea", "asked to be called back"); err != nil {
		t.Fatal(err)
	}
	if err := s.MergeParticipants("OTT-01", "OTT-02"); err != nil {
		t.Fatal(err)
	}
	list, _ := s.Memos()
	if len(list) != 1 || list[0].Participant != "OTT-01" {
		t.Fatalf("after merge %+v", list)
	}
	w, err := s.Withdraw("OTT-01", "consent withdrawn")
	if err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Memos(); len(list) != 0 || w.Memos != 1 {
		t.Errorf("after withdrawal: %d memo(s) left, %d counted", len(list), w.Memos)
	}
}
