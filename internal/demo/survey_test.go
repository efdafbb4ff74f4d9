package demo

import (
	"path/filepath"
	"testing"

	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// TestDemoSurvey checks that the demo carries its survey: 177 respondents,
// the 27 focus-group participants linked, trust_police as their attribute,
// and the priority questions mapped to needs.
func TestDemoSurvey(t *testing.T) {
	p := filepath.Join(t.TempDir(), DefaultFile)
	sum, err := Build(p, store.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sv := sum.Survey; sv == nil || sv.Respondents != 177 || sv.Linked != 27 || len(sv.Sources) != 0 || sv.Attributes != 27 {
		t.Fatalf("survey %+v", sum.Survey)
	}
	s, err := store.Open(p, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	maps, err := s.SurveyMaps()
	if err != nil || len(maps) != len(SurveyMaps) {
		t.Fatalf("maps %v %v", maps, err)
	}
	d, err := s.SurveyData(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Validate(); err != nil {
		t.Error(err)
	}
}
