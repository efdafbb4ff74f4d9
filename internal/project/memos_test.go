package project

import (
	"errors"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/internal/store"
)

func TestAddMemoSuggestsNames(t *testing.T) {
	p := create(t)
	importSample(t, p)
	if _, err := p.Store().AddCode("Barriers/Legal status", store.CodeFields{}); err != nil {
		t.Fatal(err)
	}
	parts, _ := p.MemoTargets(store.MemoParticipant)
	if len(parts) == 0 {
		t.Fatal("no participants")
	}
	tests := []struct {
		target store.MemoTarget
		want   string
	}{
		{store.MemoTarget{Kind: store.MemoCode, Ref: "Legal stauts"}, `did you mean "Barriers/Legal status"?`},
		{store.MemoTarget{Kind: store.MemoSource, Ref: "fg2"}, `did you mean "fg1"?`},
		{store.MemoTarget{Kind: store.MemoParticipant, Ref: parts[0] + "x"}, `did you mean "` + parts[0] + `"`},
		{store.MemoTarget{Kind: store.MemoCode, Ref: "Housing"}, `code "Housing": not found`},
	}
	for _, tt := range tests {
		_, err := p.AddMemo(tt.target, "lea", "text")
		if !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("AddMemo(%+v) = %v, want %s", tt.target, err, tt.want)
		}
	}
	if _, err := p.AddMemo(store.MemoTarget{Kind: store.MemoCode, Ref: "housing"}, "lea", "x"); strings.Contains(err.Error(), "did you mean") {
		t.Errorf("suggested a far name: %v", err)
	}
}

func TestMemosFilterAndReportMemos(t *testing.T) {
	p := create(t)
	importSample(t, p)
	if _, err := p.Store().AddCode("Barriers/Legal status", store.CodeFields{}); err != nil {
		t.Fatal(err)
	}
	parts, _ := p.MemoTargets(store.MemoParticipant)
	for _, tg := range []store.MemoTarget{{Kind: store.MemoProject}, {Kind: store.MemoCode, Ref: "Legal status"},
		{Kind: store.MemoParticipant, Ref: parts[0]}, {Kind: store.MemoSource, Ref: "fg1"}, {Kind: store.MemoPassage, Ref: "fg1", Start: 0, End: 4}} {
		if _, err := p.AddMemo(tg, "lea", "on "+string(tg.Kind)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		f    MemoFilter
		want string
	}{
		{MemoFilter{}, "project,code,participant,source,passage"},
		{MemoFilter{Kinds: []store.MemoKind{store.MemoCode, store.MemoProject}}, "project,code"},
		{MemoFilter{On: "legal status"}, "code"},
		{MemoFilter{On: "FG1"}, "source,passage"},
		{MemoFilter{On: parts[0]}, "participant"},
	}
	for _, tt := range tests {
		list, err := p.ReportMemos(tt.f)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, m := range list {
			kinds = append(kinds, m.Kind)
			if m.Text != "on "+m.Kind || !strings.HasPrefix(m.Ref, "M") {
				t.Errorf("report memo %+v", m)
			}
		}
		if got := strings.Join(kinds, ","); got != tt.want {
			t.Errorf("%+v: %s, want %s", tt.f, got, tt.want)
		}
	}
}
