package project

import (
	"reflect"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/internal/store"
)

func TestDryRunWritesNothing(t *testing.T) {
	p := create(t)
	got, err := p.ImportTranscripts(t.Context(), []Transcript{{Path: "fg1.txt", Data: []byte(sample + "Ottawa - the city\n")}}, ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Turns != 5 || got[0].Speakers != 3 {
		t.Fatalf("dry run = %+v", got)
	}
	want := []Voice{{"Facilitator", true, 2}, {"P1", false, 2}, {"P2", false, 1}}
	if !reflect.DeepEqual(got[0].Voices, want) {
		t.Errorf("voices %+v, want %+v", got[0].Voices, want)
	}
	if len(got[0].Warnings) != 1 || got[0].Warnings[0].Line != 6 {
		t.Errorf("warnings %v, want one on line 6", got[0].Warnings)
	}
	if srcs, err := p.Store().Sources(); err != nil || len(srcs) != 0 {
		t.Errorf("a dry run stored %d sources (%v)", len(srcs), err)
	}
}

func TestCoderScopeAndSettings(t *testing.T) {
	p := create(t)
	importSample(t, p)
	if _, err := p.Store().AddCode("Legal", store.CodeFields{}); err != nil {
		t.Fatal(err)
	}
	for _, coder := range []string{"lea", "sam", "tryout"} {
		if _, err := p.Store().Apply(store.NewCoding{Source: "fg1", Code: "Legal", Start: 60, End: 80, Coder: coder}); err != nil {
			t.Fatal(err)
		}
	}
	if s, _ := p.CoderScope(nil, "--coder"); s.Coders != nil || s.ChosenBy != "" {
		t.Errorf("scope without a default = %+v, want every coder", s)
	}
	_, err := p.ChangeSettings(t.Context(), SettingsChange{Coders: &[]string{"lea", "sma"}}, "lea")
	if !IsInvalid(err) || !strings.Contains(err.Error(), `did you mean "sam"?`) {
		t.Errorf("an unknown default coder: %v", err)
	}
	title := "Defenders in exile"
	if _, err := p.ChangeSettings(t.Context(), SettingsChange{Coders: &[]string{"lea", "sam", "lea"}, Title: &title}, "lea"); err != nil {
		t.Fatal(err)
	}
	if s, _ := p.CoderScope(nil, "--coder"); !reflect.DeepEqual(s, CoderScope{Coders: []string{"lea", "sam"}, ChosenBy: ChosenByDefault}) {
		t.Errorf("scope with a default = %+v", s)
	}
	if s, _ := p.CoderScope([]string{"tryout"}, "--coder"); !reflect.DeepEqual(s, CoderScope{Coders: []string{"tryout"}, ChosenBy: "--coder"}) {
		t.Errorf("scope asked for = %+v", s)
	}
	// Changing the title alone keeps the coders.
	other := "Another"
	set, err := p.ChangeSettings(t.Context(), SettingsChange{Title: &other}, "lea")
	if err != nil || set.Title != other || len(set.Coders) != 2 {
		t.Errorf("settings after a title change = %+v, %v", set, err)
	}
}

func TestAddCodeParent(t *testing.T) {
	p := create(t)
	if _, err := p.AddCode("Barriers", store.CodeFields{}, false); err != nil {
		t.Fatal(err)
	}
	_, err := p.AddCode("Barriors/Opening hours", store.CodeFields{}, false)
	if !IsInvalid(err) || !strings.Contains(err.Error(), `did you mean "Barriers"?`) {
		t.Fatalf("unknown parent: %v", err)
	}
	if _, err := p.AddCode("Barriers/Opening hours", store.CodeFields{}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := p.AddCode("Access/Transport", store.CodeFields{}, true); err != nil {
		t.Fatal(err)
	}
	cb, _ := p.Store().Codebook()
	var paths []string
	for _, c := range cb {
		paths = append(paths, c.Path)
	}
	if strings.Join(paths, ",") != "Barriers,Barriers/Opening hours,Access,Access/Transport" {
		t.Errorf("codebook %v", paths)
	}
}
