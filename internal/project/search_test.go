package project

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// searchData is a hand-made dataset: two sources, a facilitator, an
// unlabelled turn, accents (offsets are code points), and codings of a
// theme's sub-code by two coders.
func searchData() *analysis.Dataset {
	// Source 1: "Élan vital. Police came." by P1, then "Why police?" by F.
	t1 := "Élan vital. Police came.\n\nWhy police?"
	// Source 2: "The police, again. No." by P2, then an unlabelled "police".
	t2 := "The police, again. No.\n\npolice"
	return &analysis.Dataset{
		Sources: []analysis.Source{{ID: 1, Name: "a", City: "Ottawa", Group: "G1", Text: t1}, {ID: 2, Name: "b", City: "Toronto", Group: "G2", Text: t2}},
		Turns: []analysis.Turn{{Source: 1, Index: 0, Participant: "P1", Start: 0, End: 24}, {Source: 1, Index: 1, Participant: "F", Facilitator: true, Start: 26, End: 37},
			{Source: 2, Index: 0, Participant: "P2", Start: 0, End: 22}, {Source: 2, Index: 1, Start: 24, End: 30}},
		Sentences: []analysis.Sentence{{Source: 1, Index: 0, Turn: 0, Start: 0, End: 11}, {Source: 1, Index: 1, Turn: 0, Start: 12, End: 24},
			{Source: 1, Index: 2, Turn: 1, Start: 26, End: 37}, {Source: 2, Index: 0, Turn: 0, Start: 0, End: 18}, {Source: 2, Index: 1, Turn: 0, Start: 19, End: 22},
			{Source: 2, Index: 2, Turn: 1, Start: 24, End: 30}},
		Participants: []analysis.Participant{{ID: "P1", City: "Ottawa", Attributes: map[string]string{"gender": "woman"}},
			{ID: "P2", City: "", Attributes: map[string]string{"gender": "man"}}, {ID: "F", Facilitator: true, Attributes: map[string]string{}}},
		Codes:   []analysis.Code{{ID: 1, Name: "Risks", Path: "Risks"}, {ID: 2, ParentID: 1, Name: "Police", Path: "Risks/Police"}, {ID: 3, Name: "Other", Path: "Other"}},
		Codings: []analysis.Coding{{ID: 1, Source: 1, Code: 2, Start: 14, End: 18, Coder: "lea"}, {ID: 2, Source: 2, Code: 3, Start: 0, End: 5, Coder: "sam"}},
	}
}

func hitKeys(r *SearchResult) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Source+":"+h.Text)
	}
	return out
}

func TestSearchDataset(t *testing.T) {
	tests := []struct {
		name string
		q    SearchQuery
		want []string
	}{
		{"lower case ignores case", SearchQuery{Pattern: "police"}, []string{"a:Police came.", "b:The police, again."}},
		{"upper case is exact", SearchQuery{Pattern: "Police"}, []string{"a:Police came."}},
		{"regexp", SearchQuery{Pattern: `^(é|n)`}, []string{"a:Élan vital.", "b:No."}},
		{"facilitators and unlabelled on request", SearchQuery{Pattern: "police", Facilitators: true},
			[]string{"a:Police came.", "a:Why police?", "b:The police, again.", "b:police"}},
		{"city: the participant's, else the source's", SearchQuery{Pattern: "police", City: "toronto"}, []string{"b:The police, again."}},
		{"group", SearchQuery{Pattern: "police", Group: "G1"}, []string{"a:Police came."}},
		{"attribute", SearchQuery{Pattern: ".", Attributes: map[string]string{"gender": "man"}}, []string{"b:The police, again.", "b:No."}},
		{"code includes sub-codes", SearchQuery{Code: "Risks"}, []string{"a:Police came."}},
		{"code by name", SearchQuery{Code: "other"}, []string{"b:The police, again."}},
		{"code and coder", SearchQuery{Code: "Risks", Coder: "sam"}, nil},
		{"coder alone", SearchQuery{Coder: "sam"}, []string{"b:The police, again."}},
		{"no match", SearchQuery{Pattern: "zebra"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := SearchDataset(searchData(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := hitKeys(r); !reflect.DeepEqual(got, tc.want) || r.Total != len(tc.want) {
				t.Errorf("got %q (total %d), want %q", got, r.Total, tc.want)
			}
		})
	}
}

func TestSearchHitOffsetsAndLimit(t *testing.T) {
	r, err := SearchDataset(searchData(), SearchQuery{Pattern: "vital|an|ag", Limit: 1, Facilitators: true})
	if err != nil {
		t.Fatal(err)
	}
	// "Élan vital." : "an" at code points 2-4, "vital" at 5-10.
	h := r.Hits[0]
	if !reflect.DeepEqual(h.Matches, [][2]int{{2, 4}, {5, 10}}) || h.Participant != "P1" || h.City != "Ottawa" || h.TurnEnd != 24 {
		t.Errorf("hit %+v", h)
	}
	if a, b := h.MatchSpan(); a != 2 || b != 10 {
		t.Errorf("match span %d-%d", a, b)
	}
	if len(r.Hits) != 1 || r.Total != 2 || r.Sources != 2 {
		t.Errorf("limit: %d hits of %d in %d sources", len(r.Hits), r.Total, r.Sources)
	}
}

func TestSearchRefusals(t *testing.T) {
	for _, q := range []SearchQuery{{Pattern: "(x"}, {Code: "Nope"}} {
		if _, err := SearchDataset(searchData(), q); !IsInvalid(err) {
			t.Errorf("%+v: %v, want an InvalidError", q, err)
		}
	}
	f := FacetsOf(searchData())
	if !reflect.DeepEqual(f.Coders, []string{"lea", "sam"}) || !reflect.DeepEqual(f.Cities, []string{"Ottawa", "Toronto"}) ||
		!reflect.DeepEqual(f.Attributes, []string{"gender=man", "gender=woman"}) {
		t.Errorf("facets %+v", f)
	}
}

func TestSearchAndCodeSpans(t *testing.T) {
	p := create(t)
	importSample(t, p)
	if _, err := p.Store().AddCode("Waiting", store.CodeFields{}); err != nil {
		t.Fatal(err)
	}
	r, err := p.Search(t.Context(), SearchQuery{Pattern: "hearing|permit|police"})
	if err != nil || r.Total != 2 { // the police question is the facilitator's
		t.Fatalf("%v %+v", err, r)
	}
	if _, err := p.Search(t.Context(), SearchQuery{Code: "Nope"}); !IsInvalid(err) {
		t.Errorf("unknown code: %v", err)
	}
	if r, err := p.Search(t.Context(), SearchQuery{Coder: "nobody"}); err != nil || r.Total != 0 {
		t.Errorf("unknown coder: %v %+v", err, r)
	}
	code, _ := p.Store().Code("Waiting")
	h := r.Hits[0]
	spans := []Span{{h.SourceID, h.Source, h.Start, h.End}, {h.SourceID, h.Source, h.TurnStart, h.TurnEnd}, {h.SourceID, h.Source, h.Start, h.End}}
	made, skipped, err := p.CodeSpans(spans, code.ID, "lea")
	if err != nil || len(made) != 2 || skipped != 1 {
		t.Fatalf("made %d skipped %d: %v", len(made), skipped, err)
	}
	made, skipped, err = p.CodeSpans(spans, code.ID, "lea")
	if err != nil || len(made) != 0 || skipped != 3 {
		t.Fatalf("again: made %d skipped %d: %v", len(made), skipped, err)
	}
	if _, err := p.Store().UnapplyAll([]int64{1, 2}); err != nil {
		t.Fatal(err)
	}
	if list, _ := p.Store().Codings(store.CodingFilter{}); len(list) != 0 {
		t.Errorf("%d codings after UnapplyAll", len(list))
	}
	if _, err := p.Store().UnapplyAll([]int64{1}); err == nil {
		t.Error("UnapplyAll of a coding gone: no error")
	}
}

func TestParticipantsBindAndAttributes(t *testing.T) {
	p := create(t)
	importSample(t, p)
	list, err := p.Participants()
	if err != nil {
		t.Fatal(err)
	}
	var loose []string
	for _, x := range list {
		if x.Unmatched {
			loose = append(loose, x.ID)
		}
	}
	if len(loose) != 2 {
		t.Fatalf("unmatched %v in %+v", loose, list)
	}
	if _, err := p.BindLabels(loose[0], "bad id"); !IsInvalid(err) {
		t.Errorf("an id with a space: %v", err)
	}
	if _, err := p.BindLabels("G1-F01", "X"); !IsInvalid(err) {
		t.Errorf("binding a facilitator: %v", err)
	}
	if _, err := p.BindLabels(loose[0], "OTT-01"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.BindLabels(loose[1], "OTT-01"); err != nil {
		t.Fatal(err)
	}
	list, _ = p.Participants()
	if len(list) != 2 || list[1].ID != "OTT-01" || list[1].Unmatched || list[1].Turns != 3 || len(list[1].Labels) != 2 {
		t.Fatalf("after binding both: %+v", list)
	}
	if k, err := p.SetAttribute("OTT-01", " Years in Canada ", " 4 "); err != nil || k != "years_in_canada" {
		t.Fatalf("%q %v", k, err)
	}
	for _, bad := range []string{"", "group", "facilitator"} {
		if _, err := p.SetAttribute("OTT-01", bad, "x"); !IsInvalid(err) {
			t.Errorf("attribute %q: %v", bad, err)
		}
	}
	if err := p.SetFacilitator("OTT-01", true); err != nil {
		t.Fatal(err)
	}
	if list, _ = p.Participants(); !list[1].Facilitator || list[1].Attributes["years_in_canada"] != "4" {
		t.Errorf("before withdrawal: %+v", list[1])
	}
	// Nothing more is recorded about a participant who withdrew.
	if _, err := p.Store().Withdraw("OTT-01", "asked by e-mail"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.SetAttribute("OTT-01", "gender", "x"); !IsInvalid(err) {
		t.Errorf("attribute of a withdrawn participant: %v", err)
	}
	if err := p.SetFacilitator("OTT-01", false); !IsInvalid(err) {
		t.Errorf("role of a withdrawn participant: %v", err)
	}
	list, _ = p.Participants()
	if !list[1].Facilitator || !list[1].Withdrawn || len(list[1].Attributes) != 0 {
		t.Errorf("%+v", list[1])
	}
}

func TestPassagesExport(t *testing.T) {
	ps := []Passage{{Participant: "P1", City: "Ottawa", Text: "=HYPERLINK(\"http://x\")"}, {Text: "<img src=x> *bold* [a](http://y)"}}
	var b bytes.Buffer
	if err := WritePassages(&b, "csv", "Risks/Police", ps); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&b).ReadAll()
	if len(rows) != 3 || rows[1][3] != "'=HYPERLINK(\"http://x\")" || rows[1][1] != "P1" || rows[1][2] != "Ottawa" {
		t.Errorf("csv %q", rows)
	}
	b.Reset()
	if err := WritePassages(&b, "md", "Risks/Police", ps); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{"# Risks/Police\n", "— P1, Ottawa\n", `\<img src=x> \*bold\* \[a\](http\://y)`, "— unattributed\n"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if err := WritePassages(&b, "pdf", "x", nil); !IsInvalid(err) {
		t.Errorf("pdf: %v", err)
	}
	for code, want := range map[string]string{"Risks/Police": "police.md", "Santé / Accès (2)": "accès-2.md", "Un, deux": "un-deux.md", "//": "passages.md"} {
		if got := PassageFileName(code, "md"); got != want {
			t.Errorf("PassageFileName(%q) = %q, want %q", code, got, want)
		}
	}
	dir := t.TempDir()
	first, err := ExportPassages(dir, "Risks/Police", "csv", ps)
	if err != nil {
		t.Fatal(err)
	}
	second, err := ExportPassages(dir, "Risks/Police", "csv", ps[:1])
	if err != nil || first != filepath.Join(dir, "police.csv") || second != filepath.Join(dir, "police-2.csv") {
		t.Fatalf("%s, %s, %v", first, second, err)
	}
	for _, f := range []string{first, second} {
		if st, err := os.Stat(f); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v", f, st.Mode(), err)
		}
	}
	if b, _ := os.ReadFile(first); strings.Count(string(b), "\n") != 3 {
		t.Errorf("the first export was overwritten:\n%s", b)
	}
}
