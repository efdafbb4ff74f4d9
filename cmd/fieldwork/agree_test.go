package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

const (
	legal    = "Adaptation and support systems/Legal assistance"
	papers   = "Adaptation and support systems/Immigration documents and delays"
	mentor   = "Recognition and capacity building/Mentorship"
	adaptTop = "Adaptation and support systems"
)

// agreeProject is a small project coded by three coders, counted by hand:
//
//	fg-one  Facilitator: What helps you?
//	        P1: "A lawyer helped me."  "The papers took a year."
//	        P2: "My phone was watched."
//	fg-two  Facilitator: Tell us more.
//	        P3: "Nobody listened to us."  "We found a mentor."
//
// Legal assistance: lea and sam code "A lawyer helped me.", kai codes "The
// papers took a year."; lea also codes the facilitator's question (never
// counts). Immigration documents: lea and sam code "The papers took a
// year.". Mentorship: lea and sam code "We found a mentor.". kai coded
// nothing in fg-two, so kai's values there are missing.
func agreeProject(t *testing.T) string {
	t.Helper()
	p := newProject(t, nil)
	dir := filepath.Dir(p)
	one := writeFile(t, dir, "fg-one.txt", []byte("Facilitator: What helps you?\nP1: A lawyer helped me. The papers took a year.\nP2: My phone was watched.\n"))
	two := writeFile(t, dir, "fg-two.txt", []byte("Facilitator: Tell us more.\nP3: Nobody listened to us. We found a mentor.\n"))
	run(t, nil, "import", p, one, two)
	for _, c := range []struct{ coder, source, code, match string }{
		{"lea", "fg-one", legal, "A lawyer helped me."},
		{"sam", "fg-one", legal, "A lawyer helped me."},
		{"kai", "fg-one", legal, "The papers took a year."},
		{"lea", "fg-one", legal, "What helps you?"},
		{"lea", "fg-one", papers, "The papers took a year."},
		{"sam", "fg-one", papers, "The papers took a year."},
		{"lea", "fg-two", mentor, "We found a mentor."},
		{"sam", "fg-two", mentor, "We found a mentor."},
	} {
		run(t, nil, "apply", p, "--source", c.source, "--code", c.code, "--match", c.match, "--coder", c.coder)
	}
	return p
}

func codeRows(t *testing.T, out string) (map[string]map[string]any, map[string]any) {
	t.Helper()
	rep := jsonObject(t, out)
	list, ok := rep["codes"].([]any)
	if !ok {
		t.Fatalf("no codes array: %v", rep)
	}
	var objs []map[string]any
	for _, o := range list {
		objs = append(objs, o.(map[string]any))
	}
	overall, _ := rep["overall"].(map[string]any)
	return byKey(t, objs, "code"), overall
}

func float(t *testing.T, o map[string]any, key string) float64 {
	t.Helper()
	v, ok := o[key]
	if !ok {
		t.Fatalf("no key %q in %v", key, o)
	}
	if v == nil {
		return math.NaN()
	}
	return v.(float64)
}

func TestAgreeProjectByHand(t *testing.T) {
	t.Parallel()
	p := agreeProject(t)
	out := run(t, nil, "agree", p, "--json")
	rows, overall := codeRows(t, out)
	if len(rows) != 20 || overall == nil {
		t.Fatalf("%d code rows, overall %v", len(rows), overall)
	}
	// Legal assistance, five sentence units (lea, sam, kai):
	// (1,1,0) (0,0,1) (0,0,0) (0,0,-) (0,0,-).
	// Agreement: (1/3 + 1/3 + 1 + 1 + 1) / 5. Alpha: n = 13, n_1 = 3,
	// o_01 + o_10 = 4: 1 - (4/13) / ((169-100-9)/156) = 0.2. Fleiss, on
	// the three units all coded: P = 5/9, Pe = 5/9, kappa 0.
	r := rows[legal]
	for _, c := range []struct {
		key  string
		want float64
	}{
		{"units", 5}, {"coders", 3}, {"n", 13},
		{"percent_agreement", 11.0 / 15}, {"alpha", 0.2}, {"fleiss_kappa", 0},
		{"cohen_kappa", math.NaN()}, {"ci_low", math.NaN()}, {"ci_high", math.NaN()},
	} {
		got := float(t, r, c.key)
		if !(math.Abs(got-c.want) < 1e-12 || math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Errorf("%s: %s = %v, want %v", legal, c.key, got, c.want)
		}
	}
	if r["flag"] != "below 0.667" {
		t.Errorf("flag %v", r["flag"])
	}
	assertKeys(t, "code row", r, "code", "units", "coders", "n", "percent_agreement", "alpha",
		"cohen_kappa", "fleiss_kappa", "ci_low", "ci_high", "flag")
	assertKeys(t, "overall", overall, "units", "coders", "n", "percent_agreement", "alpha",
		"cohen_kappa", "fleiss_kappa", "ci_low", "ci_high", "flag")
	// Codes nobody used: every value 0, alpha not defined.
	if r := rows["Adaptation and support systems/Housing and health"]; r["alpha"] != nil || r["flag"] != nil || float(t, r, "percent_agreement") != 1 {
		t.Errorf("unused code: %v", r)
	}
	// Two coders: Cohen's kappa. lea and sam agree everywhere.
	out = run(t, nil, "agree", p, "--json", "--coders", "lea,sam", "--code", legal)
	rows, _ = codeRows(t, out)
	r = rows[legal]
	if float(t, r, "cohen_kappa") != 1 || float(t, r, "alpha") != 1 || r["fleiss_kappa"] != nil || r["flag"] != nil {
		t.Errorf("lea and sam: %v", r)
	}
	// Source units: fg-one (1,1,1), fg-two (0,0,-).
	out = run(t, nil, "agree", p, "--json", "--unit", "source", "--code", legal)
	rows, _ = codeRows(t, out)
	if r := rows[legal]; float(t, r, "units") != 2 || float(t, r, "n") != 5 || float(t, r, "percent_agreement") != 1 {
		t.Errorf("source units: %v", r)
	}
}

func TestAgreeText(t *testing.T) {
	t.Parallel()
	p := agreeProject(t)
	out := run(t, nil, "agree", p, "--code", adaptTop, "--coders", "lea,sam,kai")
	for _, want := range []string{
		"Agreement of lea, sam, kai on 5 sentence units of study.fwp (nominal alpha)",
		"Fleiss' kappa",
		"below 0.667",
		"overall",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Cohen's kappa") || strings.Contains(out, "Mentorship") {
		t.Errorf("Cohen's kappa column or another theme's code with three coders:\n%s", out)
	}
	lines := strings.Split(out, "\n")
	var row string
	for _, l := range lines {
		if strings.HasPrefix(l, legal) {
			row = l
		}
	}
	if f := strings.Fields(strings.TrimPrefix(row, legal)); len(f) < 7 || f[0] != "5" || f[3] != "73.3%" || f[4] != "0.200" || f[5] != "0.000" {
		t.Errorf("Legal assistance row %q", row)
	}
}

func TestAgreeBootstrapReproducible(t *testing.T) {
	t.Parallel()
	p := agreeProject(t)
	a := run(t, nil, "agree", p, "--bootstrap", "500", "--coders", "lea,kai", "--code", legal)
	b := run(t, nil, "agree", p, "--bootstrap", "500", "--coders", "lea,kai", "--code", legal)
	if a != b {
		t.Errorf("two runs differ:\n%s\n%s", a, b)
	}
	if !strings.Contains(a, "95% CI") || !strings.Contains(a, "P(alpha<0.667)") || !strings.Contains(a, "500 bootstrap resamples") {
		t.Errorf("no interval:\n%s", a)
	}
	rows, _ := codeRows(t, run(t, nil, "agree", p, "--json", "--bootstrap", "500", "--code", legal))
	r := rows[legal]
	lo, hi, pb := float(t, r, "ci_low"), float(t, r, "ci_high"), float(t, r, "p_alpha_below_0667")
	if !(lo <= 0.2 && 0.2 <= hi) || pb < 0 || pb > 1 {
		t.Errorf("interval %v..%v, P %v for alpha 0.2", lo, hi, pb)
	}
}

// The reliability data written by --reliability-data give the same
// figures when read back with --data.
func TestAgreeReliabilityDataRoundTrip(t *testing.T) {
	t.Parallel()
	p := agreeProject(t)
	file := filepath.Join(t.TempDir(), "rel.csv")
	projectOut := run(t, nil, "agree", p, "--json", "--reliability-data", file)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if lines[0] != "code,unit,coder,value" || len(lines) != 1+20*5*3 {
		t.Fatalf("header %q, %d lines", lines[0], len(lines))
	}
	if !strings.Contains(string(b), legal+",fg-two:15-37,kai,\n") {
		t.Errorf("kai's missing value in fg-two is not an empty value:\n%s", lines[:20])
	}
	if fi, _ := os.Stat(file); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	dataOut := run(t, nil, "agree", "--data", file, "--json")
	want, wantAll := codeRows(t, projectOut)
	got, gotAll := codeRows(t, dataOut)
	for code, w := range want {
		for _, k := range []string{"units", "coders", "n", "percent_agreement", "alpha", "cohen_kappa", "fleiss_kappa"} {
			if a, b := float(t, w, k), float(t, got[code], k); a != b && !(math.IsNaN(a) && math.IsNaN(b)) {
				t.Errorf("%s %s: project %v, file %v", code, k, a, b)
			}
		}
	}
	if float(t, wantAll, "alpha") != float(t, gotAll, "alpha") {
		t.Errorf("overall alpha: project %v, file %v", wantAll["alpha"], gotAll["alpha"])
	}
}

// Krippendorff's 2011 worked example as a file of unit,coder,value.
func TestAgreeDataLevels(t *testing.T) {
	t.Parallel()
	rows := [][]string{
		{"1", "2", "3", "3", "2", "1", "4", "1", "2", "", "", ""},
		{"1", "2", "3", "3", "2", "2", "4", "1", "2", "5", "", "3"},
		{"", "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", ""},
		{"1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", ""},
	}
	var b strings.Builder
	b.WriteString("\ufeffCoder,Unit,Value\n")
	for c, row := range rows {
		for u, v := range row {
			if v != "" || u%2 == 0 { // a missing value is an empty value or no row
				b.WriteString(string(rune('A'+c)) + "," + "u" + itoa(u+1) + "," + v + "\n")
			}
		}
	}
	file := writeFile(t, t.TempDir(), "k2011.csv", []byte(b.String()))
	for level, want := range map[string]float64{"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797} {
		o := jsonObject(t, run(t, nil, "agree", "--data", file, "--level", level, "--json"))
		assertKeys(t, "data", o, "units", "coders", "n", "percent_agreement", "alpha", "level",
			"cohen_kappa", "fleiss_kappa", "ci_low", "ci_high", "flag")
		if a := float(t, o, "alpha"); math.Abs(a-want) > 0.0005 || o["level"] != level || num(t, o, "units") != 11 || num(t, o, "coders") != 4 {
			t.Errorf("%s: %v", level, o)
		}
		if o["cohen_kappa"] != nil || o["fleiss_kappa"] == nil {
			t.Errorf("%s: kappas %v %v", level, o["cohen_kappa"], o["fleiss_kappa"])
		}
	}
	out := run(t, nil, "agree", "--data", file)
	if !strings.Contains(out, "Agreement on k2011.csv: 12 units, 4 coders (nominal alpha)") || !strings.Contains(out, "0.743") {
		t.Errorf("text:\n%s", out)
	}
	o := jsonObject(t, run(t, nil, "agree", "--data", file, "--level", "interval", "--bootstrap", "2000", "--json"))
	if lo, hi := float(t, o, "ci_low"), float(t, o, "ci_high"); !(lo < 0.849 && 0.849 < hi) {
		t.Errorf("interval alpha 0.849 outside its interval %v..%v", lo, hi)
	}
}

func TestAgreeErrors(t *testing.T) {
	t.Parallel()
	p := agreeProject(t)
	dir := t.TempDir()
	good := writeFile(t, dir, "good.csv", []byte("unit,coder,value\n1,a,x\n1,b,x\n"))
	for _, args := range [][]string{
		{"agree"},
		{"agree", p, "--data", good},
		{"agree", p, "--level", "ordinal"},
		{"agree", p, "--unit", "paragraph"},
		{"agree", p, "--coders", "lea"},
		{"agree", p, "--coders", "lea,nobody"},
		{"agree", p, "--code", "No such code"},
		{"agree", p, "--bootstrap", "-5"},
		{"agree", "--data", good, "--level", "metric"},
		{"agree", "--data", good, "--unit", "turn"},
		{"agree", p, "q.fwp"},
	} {
		failUsage(t, nil, args...)
	}
	for _, tc := range []struct {
		name, data string
		parts      []string
	}{
		{"nohead.csv", "1,a,x\n", []string{"nohead.csv line 1", `no "unit" column`}},
		{"dup.csv", "unit,coder,value\n1,a,x\n2,a,y\n1,a,z\n", []string{"dup.csv line 4", `coder "a" has two values`}},
		{"empty.csv", "", []string{"empty.csv", "header"}},
		{"words.csv", "unit,coder,value\n1,a,x\n1,b,1\n", []string{"words.csv", `value "x" is not a number`}},
	} {
		f := writeFile(t, dir, tc.name, []byte(tc.data))
		args := []string{"agree", "--data", f}
		if tc.name == "words.csv" {
			args = append(args, "--level", "interval")
		}
		errHas(t, failRuntime(t, nil, args...), tc.parts...)
	}
	errHas(t, failRuntime(t, nil, "agree", "--data", filepath.Join(dir, "missing.csv")), "missing.csv")
}

// The demo project's agreement, turn by turn, with a bootstrap: every
// number here is a finding of the demo study's two coders.
func TestAgreeGolden(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"agree-demo", []string{"agree", p}},
		{"agree-demo-turn-bootstrap", []string{"agree", p, "--unit", "turn", "--code", "Risks of activism and transnational repression", "--bootstrap", "1000"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			golden.RequireEqual(t, []byte(run(t, nil, tc.args...)))
		})
	}
}
