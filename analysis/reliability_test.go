package analysis_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/agreement"
)

// values lists a code's reliability data as "unit coder=value" lines, a
// missing value as "-".
func values(d *agreement.Data, coders []string) []string {
	got := map[string]map[string]string{}
	d.Each(func(u, c, v string) {
		if got[u] == nil {
			got[u] = map[string]string{}
		}
		got[u][c] = v
	})
	var out []string
	for _, u := range d.Units() {
		line := u
		for _, c := range coders {
			v, ok := got[u][c]
			if !ok {
				v = "-"
			}
			line += " " + c + "=" + v
		}
		out = append(out, line)
	}
	return out
}

func codeData(t *testing.T, r *analysis.Reliability, path string) *agreement.Data {
	t.Helper()
	for _, c := range r.Codes {
		if c.Code == path {
			return c.Data
		}
	}
	t.Fatalf("no code %q", path)
	return nil
}

// The tiny fixture by hand, sentences as units (fixture_test.go): five
// participant sentences; lea's coding of the facilitator's question never
// counts; sam coded nothing of Code b or Code c.
func TestReliabilitySentences(t *testing.T) {
	r, err := tiny().Reliability(analysis.ReliabilityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Units != 5 || strings.Join(r.Coders, ",") != "lea,sam" || len(r.Codes) != 5 {
		t.Fatalf("units %d, coders %v, codes %d", r.Units, r.Coders, len(r.Codes))
	}
	for _, tc := range []struct {
		code string
		want []string
	}{
		{"Theme one/Code a", []string{"lea=1 sam=1", "lea=0 sam=0", "lea=0 sam=0", "lea=0 sam=1", "lea=0 sam=0"}},
		// Theme one rolls up Code a and Code b; "Police do" overlaps the
		// last sentence.
		{"Theme one", []string{"lea=1 sam=1", "lea=1 sam=0", "lea=0 sam=0", "lea=0 sam=1", "lea=1 sam=0"}},
		// One coding of lea's spans both sentences of B-01.
		{"Theme two/Code c", []string{"lea=0 sam=0", "lea=0 sam=0", "lea=1 sam=0", "lea=1 sam=0", "lea=1 sam=0"}},
	} {
		got := values(codeData(t, r, tc.code), r.Coders)
		for i := range got {
			_, v, _ := strings.Cut(got[i], " ")
			if v != tc.want[i] {
				t.Errorf("%s, unit %d (%s): %s, want %s", tc.code, i, got[i], v, tc.want[i])
			}
		}
	}
	units := codeData(t, r, "Theme one/Code a").Units()
	if units[0] != "fg-a:17-39" || units[3] != "fg-b:15-37" {
		t.Errorf("unit labels %v", units)
	}
	// Code a: agreement on 4 of 5; n = 10, n_1 = 3, o_01 = 2:
	// alpha = 1 - (2/10) / ((100-49-9)/90) = 4/7.
	a, err := codeData(t, r, "Theme one/Code a").Alpha(agreement.Nominal)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(a.Alpha-4.0/7) > 1e-12 {
		t.Errorf("Code a: alpha %v, want 4/7", a.Alpha)
	}
	if p := codeData(t, r, "Theme one/Code a").PercentAgreement(); p.Value != 0.8 || p.Units != 5 {
		t.Errorf("Code a: percent agreement %+v", p)
	}
	// Overall pools the five codes: 25 (code, unit) units.
	if n := len(r.Overall.Units()); n != 25 || r.Overall.Len() != 50 {
		t.Errorf("overall: %d units, %d values", n, r.Overall.Len())
	}
}

// A coder who made no coding in a source is missing for its units.
func TestReliabilityMissingCoder(t *testing.T) {
	d := tiny()
	var kept []analysis.Coding
	for _, c := range d.Codings {
		if !(c.Coder == "sam" && c.Source == 2) {
			kept = append(kept, c)
		}
	}
	d.Codings = kept
	r, err := d.Reliability(analysis.ReliabilityOptions{Code: "Code a"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Codes) != 1 {
		t.Fatalf("codes %d, want Code a only", len(r.Codes))
	}
	got := values(r.Codes[0].Data, r.Coders)
	want := []string{"fg-a:17-39 lea=1 sam=1", "fg-a:40-56 lea=0 sam=0", "fg-a:58-82 lea=0 sam=0", "fg-b:15-37 lea=0 sam=-", "fg-b:38-56 lea=0 sam=-"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	a, _ := r.Codes[0].Data.Alpha(agreement.Nominal)
	if a.Units != 3 || a.Alpha != 1 {
		t.Errorf("alpha %+v, want 1 on 3 units", a)
	}
}

func TestReliabilityTurnsAndSources(t *testing.T) {
	for _, tc := range []struct {
		unit  analysis.Unit
		units int
		codeA []string
	}{
		{analysis.UnitTurn, 3, []string{"fg-a:turn 1 lea=1 sam=1", "fg-a:turn 2 lea=0 sam=0", "fg-b:turn 1 lea=0 sam=1"}},
		{analysis.UnitSource, 2, []string{"fg-a lea=1 sam=1", "fg-b lea=0 sam=1"}},
	} {
		r, err := tiny().Reliability(analysis.ReliabilityOptions{Unit: tc.unit, Code: "Theme one/Code a"})
		if err != nil {
			t.Fatal(err)
		}
		got := values(r.Codes[0].Data, r.Coders)
		if r.Units != tc.units || strings.Join(got, "|") != strings.Join(tc.codeA, "|") {
			t.Errorf("%s: %d units %v, want %d %v", tc.unit, r.Units, got, tc.units, tc.codeA)
		}
	}
}

func TestReliabilityOptions(t *testing.T) {
	r, err := tiny().Reliability(analysis.ReliabilityOptions{Code: "theme one", Coders: []string{"SAM", "lea"}})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, c := range r.Codes {
		paths = append(paths, c.Code)
	}
	if strings.Join(paths, ",") != "Theme one,Theme one/Code a,Theme one/Code b" || strings.Join(r.Coders, ",") != "sam,lea" {
		t.Errorf("codes %v, coders %v", paths, r.Coders)
	}
	r, err = tiny().Reliability(analysis.ReliabilityOptions{Coders: []string{"lea"}, Filter: analysis.Filter{Cities: []string{"B"}}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Units != 2 || len(r.Coders) != 1 {
		t.Errorf("city B, lea: %d units, coders %v", r.Units, r.Coders)
	}
	for _, opt := range []analysis.ReliabilityOptions{
		{Code: "Code z"},
		{Coders: []string{"nobody"}},
		{Filter: analysis.Filter{Cities: []string{"Z"}}},
	} {
		if _, err := tiny().Reliability(opt); !errors.Is(err, analysis.ErrFilter) {
			t.Errorf("%+v: error %v, want ErrFilter", opt, err)
		}
	}
	if _, err := tiny().Reliability(analysis.ReliabilityOptions{Unit: "paragraph"}); err == nil {
		t.Error("unit paragraph: no error")
	}
}
