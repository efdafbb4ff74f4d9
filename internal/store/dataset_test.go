package store

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/coding"
)

func TestDataset(t *testing.T) {
	s, _ := create(t, Options{})
	if _, _, err := s.ImportCodebook(coding.StarterCodebook()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "a", "G", sample)}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAttributes("G-P01", map[string]string{"gender": "woman", "pseudonym": "Rana"}); err != nil {
		t.Fatal(err)
	}
	src, err := s.Source("a")
	if err != nil {
		t.Fatal(err)
	}
	at := func(sub string) (int, int) {
		i := strings.Index(src.Text, sub)
		if i < 0 {
			t.Fatalf("%q not in the text", sub)
		}
		a := len([]rune(src.Text[:i]))
		return a, a + len([]rune(sub))
	}
	hs, he := at("My hearing date moved twice.")
	fs, fe := at("Welcome")
	for _, nc := range []NewCoding{
		{Source: "a", Code: "Immigration documents and delays", Start: hs, End: he, Coder: "lea"},
		{Source: "a", Code: "Immigration documents and delays", Start: fs, End: fe, Coder: "lea"}, // facilitator
	} {
		if _, err := s.Apply(nc); err != nil {
			t.Fatal(err)
		}
	}
	d, err := s.Dataset(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if d.Project != "p" || len(d.Sources) != 1 || d.Sources[0].Text != src.Text || d.Sources[0].City != "Ottawa" || d.Sources[0].Group != "G" {
		t.Errorf("sources %+v", d.Sources)
	}
	if len(d.Turns) != 5 || !d.Turns[0].Facilitator || d.Turns[1].Participant != "G-P01" {
		t.Errorf("turns %+v", d.Turns)
	}
	if len(d.Sentences) < 5 {
		t.Errorf("%d sentences", len(d.Sentences))
	}
	if len(d.Codes) != 20 || d.Codes[0].ParentID != 0 || !strings.Contains(d.Codes[1].Path, "/") {
		t.Errorf("codes not in tree order with paths: %+v", d.Codes[:2])
	}
	if len(d.Codings) != 2 || d.Codings[0].Coder != "lea" {
		t.Errorf("codings %+v", d.Codings)
	}
	var p1 *analysis.Participant
	for i := range d.Participants {
		if d.Participants[i].ID == "G-P01" {
			p1 = &d.Participants[i]
		}
	}
	if p1 == nil || p1.Attributes["gender"] != "woman" {
		t.Fatalf("participant G-P01 with attributes not loaded: %+v", d.Participants)
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("the store's dataset is invalid: %v", err)
	}
	a, err := analysis.New(d, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := a.Frequencies()
	for r := 0; r < f.Rows(); r++ {
		if f.Cell(r, f.Col("code")).Str == "Adaptation and support systems/Immigration documents and delays" {
			// The facilitator's coding does not count.
			if got := f.Machine(r, f.Col("codings")) + " " + f.Machine(r, f.Col("participants")) + "/" + f.Machine(r, f.Col("participants_total")); got != "1 1/2" {
				t.Errorf("codings, participants = %s, want 1 1/2", got)
			}
		}
	}
}

// TestSortCodings checks the packed-key sort against the plain order, with
// ties on span broken by id and offsets too large to pack.
func TestSortCodings(t *testing.T) {
	byAll := func(a, b analysis.Coding) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(a.ID, b.ID))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, big := range []bool{false, true} {
		cs := make([]analysis.Coding, 5000)
		for i := range cs {
			cs[i] = analysis.Coding{ID: int64(rng.IntN(100000)), Source: int64(1 + rng.IntN(5)), Start: rng.IntN(50), Coder: "x"}
			cs[i].End = cs[i].Start + 1 + rng.IntN(5)
			if big && i == 17 {
				cs[i].End = 1 << 23
			}
		}
		want := slices.Clone(cs)
		slices.SortFunc(want, byAll)
		sortCodings(cs)
		if !slices.Equal(cs, want) {
			t.Errorf("big=%v: sortCodings differs from the plain sort", big)
		}
	}
}
