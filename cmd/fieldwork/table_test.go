package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// demoForAnalysis gives the demo project in a fresh folder.
func demoForAnalysis(t *testing.T) string {
	t.Helper()
	return shared(t, "demo", "fieldwork-demo.fwp", func(t *testing.T, dir string) string {
		p := filepath.Join(dir, "fieldwork-demo.fwp")
		run(t, nil, "demo", "--out", p)
		return p
	})
}

// TestTableGolden compares every analysis table of the demo project with
// testdata/TestTableGolden/*.golden. Rewrite them with
//
//	go test ./cmd/fieldwork -run TestTableGolden -update
//
// and review the diff: every number there is a finding of the demo study.
func TestTableGolden(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	tests := []struct {
		golden string
		args   []string
	}{
		{"table-frequencies", []string{"table", p, "frequencies"}},
		{"table-frequencies-json", []string{"table", p, "frequencies", "--json"}},
		{"table-matrix-city", []string{"table", p, "matrix"}},
		{"table-matrix-gender-suppressed", []string{"table", p, "matrix", "--by", "gender", "--suppress-below", "3"}},
		{"table-matrix-years-segments", []string{"table", p, "matrix", "--by", "years_in_canada", "--bands", "0-2,3-5,6+", "--unit", "segments"}},
		{"table-matrix-csv", []string{"table", p, "matrix", "--by", "pathway", "--csv"}},
		{"table-cooccurrence", []string{"table", p, "cooccurrence"}},
		{"table-cooccurrence-turn", []string{"table", p, "cooccurrence", "--unit", "turn"}},
		{"table-needs", []string{"table", p, "needs"}},
		{"table-needs-csv", []string{"table", p, "needs", "--csv"}},
		{"table-needs-ottawa-suppressed", []string{"table", p, "needs", "--city", "Ottawa", "--suppress-below", "3"}},
		{"table-themes", []string{"table", p, "themes"}},
		{"table-themes-json", []string{"table", p, "themes", "--json"}},
		{"table-frequencies-lea-women", []string{"table", p, "frequencies", "--coder", "lea", "--where", "gender=woman"}},
	}
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			got := run(t, nil, tc.args...)
			golden.RequireEqual(t, []byte(got))
			again := run(t, nil, tc.args...)
			if again != got {
				t.Errorf("two runs differ: %s", firstDiff(again, got))
			}
		})
	}
}

// TestTableFrequenciesJSON checks the JSON keys and that the counts agree
// with the codebook's coding counts (no demo coding is on facilitator
// speech) and the participant listing.
func TestTableFrequenciesJSON(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	rows := jsonArray(t, run(t, nil, "table", p, "frequencies", "--json"))
	assertKeys(t, "frequencies row", rows[0], "code", "theme", "depth", "codings", "passages", "words", "participants",
		"participants_total", "share", "groups", "groups_total", "cities", "cities_total")
	book := byKey(t, jsonArray(t, run(t, nil, "codebook", p, "--json")), "path")
	people := 0
	for _, x := range jsonArray(t, run(t, nil, "participants", p, "--json")) {
		if x["facilitator"] != true {
			people++
		}
	}
	for _, r := range rows {
		code := r["code"].(string)
		if num(t, r, "participants_total") != people {
			t.Errorf("%s: participants_total %d, want %d", code, num(t, r, "participants_total"), people)
		}
		if num(t, r, "depth") == 1 && num(t, r, "codings") != num(t, book[code], "codings") {
			t.Errorf("%s: %d codings, the codebook says %d", code, num(t, r, "codings"), num(t, book[code], "codings"))
		}
		share := r["share"].(float64)
		if want := float64(num(t, r, "participants")) / float64(people); share < want-1e-9 || share > want+1e-9 {
			t.Errorf("%s: share %v, want %v", code, share, want)
		}
		if r["theme"] != strings.Split(code, "/")[0] {
			t.Errorf("%s: theme %v", code, r["theme"])
		}
	}
}

func TestTableUsageErrors(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"table", p}, "expects PROJECT and a table"},
		{[]string{"table", p, "histogram"}, `table "histogram"`},
		{[]string{"table", p, "needs", "--json", "--csv"}, "give one"},
		{[]string{"table", p, "matrix", "--unit", "turn"}, "participants or segments"},
		{[]string{"table", p, "cooccurrence", "--unit", "segments"}, "sentence or turn"},
		{[]string{"table", p, "needs", "--unit", "turn"}, "matrix and cooccurrence"},
		{[]string{"table", p, "needs", "--where", "gender"}, "KEY=VALUE"},
		{[]string{"table", p, "needs", "--city", "Montrel"}, `no city "Montrel"`},
		{[]string{"table", p, "needs", "--coder", "zoe"}, `no coder "zoe"`},
		{[]string{"table", p, "matrix", "--by", "pseudonym"}, "name people"},
		{[]string{"table", p, "matrix", "--by", "shoe_size"}, "no participant has this attribute"},
		{[]string{"table", p, "matrix", "--by", "years_in_canada", "--bands", "3-1"}, "--bands"},
		{[]string{"table", p, "needs", "--suppress-below", "-2"}, "--suppress-below"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args[2:], " "), func(t *testing.T) {
			errHas(t, failUsage(t, nil, tc.args...), tc.msg)
		})
	}
	errHas(t, failRuntime(t, nil, "table", filepath.Join(t.TempDir(), "none.fwp"), "needs"), "no such project")
}

// TestAnalysisNeverNamesPeople runs every table and report format of the
// demo and looks for any participant's pseudonym or speaker label: tables
// and quotes name participants by ID and city only.
func TestAnalysisNeverNamesPeople(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	var names []string
	for _, x := range jsonArray(t, run(t, nil, "participants", p, "--json")) {
		if a, ok := x["attributes"].(map[string]any); ok {
			if s, ok := a["pseudonym"].(string); ok && s != "" {
				names = append(names, s)
			}
		}
		if l, ok := x["label"].(string); ok && l != "" {
			names = append(names, l)
		}
	}
	if len(names) < 27 {
		t.Fatalf("only %d names found in the demo's participants", len(names))
	}
	var outs []string
	for _, tb := range []string{"frequencies", "matrix", "cooccurrence", "needs", "themes"} {
		outs = append(outs, run(t, nil, "table", p, tb), run(t, nil, "table", p, tb, "--json"), run(t, nil, "table", p, tb, "--csv"))
	}
	outs = append(outs, run(t, nil, "report", p), run(t, nil, "report", p, "--format", "html"))
	dir := t.TempDir()
	run(t, nil, "report", p, "--format", "csv", "--out", dir)
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		outs = append(outs, string(b))
	}
	for _, name := range names {
		re := regexp.MustCompile(`(^|[^\pL])` + regexp.QuoteMeta(name) + `($|[^\pL])`)
		for _, o := range outs {
			if loc := re.FindStringIndex(o); loc != nil {
				t.Errorf("output names %q: …%s…", name, o[max(0, loc[0]-60):min(len(o), loc[1]+60)])
				break
			}
		}
	}
}

// TestTableSuppressionHidesSmallCounts checks with --suppress-below 3 that
// no participant count of 1 or 2 is left in any table's JSON.
func TestTableSuppressionHidesSmallCounts(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	countKeys := []string{"participants", "n", "participants_total", "row_participants"}
	for _, args := range [][]string{
		{"frequencies", "--city", "Toronto"},
		{"matrix", "--by", "gender"},
		{"matrix", "--by", "pathway", "--city", "Ottawa"},
		{"needs", "--where", "gender=non-binary"},
		{"cooccurrence"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out := run(t, nil, append([]string{"table", p}, append(args, "--suppress-below", "3", "--json")...)...)
			var rows []map[string]json.RawMessage
			if err := json.Unmarshal([]byte(out), &rows); err != nil {
				t.Fatal(err)
			}
			small := 0
			for _, r := range rows {
				for _, k := range countKeys {
					switch string(r[k]) {
					case "1", "2":
						t.Errorf("%s = %s left visible in %v", k, r[k], args)
					case `"<3"`:
						small++
					}
				}
			}
			if small == 0 {
				t.Errorf("nothing suppressed in %v: the test no longer tests anything", args)
			}
		})
	}
}
