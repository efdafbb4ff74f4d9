package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

const surveyData = "../../internal/demo/corpus/survey"

// rosterProject is a new project holding the demo roster's 27 participants.
func rosterProject(t *testing.T) string {
	t.Helper()
	return shared(t, "roster", "study.fwp", func(t *testing.T, dir string) string {
		p := filepath.Join(dir, "study.fwp")
		run(t, nil, "init", p)
		run(t, nil, "participants", "import", p, "../../internal/demo/corpus/roster.csv")
		return p
	})
}

// TestSurveyImportShapes imports the demo survey in every shape it is
// exported in: the shape is detected and said, every row is valid, and the
// 27 focus-group participants are linked.
func TestSurveyImportShapes(t *testing.T) {
	t.Parallel()
	instrument := filepath.Join(surveyData, "instrument.yaml")
	tests := []struct {
		file, shape, link string
	}{
		{"plain.csv", "plain", "participant_id"},
		{"plain.xlsx", "plain", "participant_id"},
		{"qualtrics.csv", "Qualtrics", "participant_id"},
		{"limesurvey.csv", "LimeSurvey", "participant_id"},
		{"kobo.csv", "KoboToolbox/ODK", "participant_id"},
		{"google.csv", "Google Forms", "Participant code (focus-group participants only)"},
	}
	var summaries []string
	for _, tc := range tests {
		p := rosterProject(t)
		out := run(t, nil, "survey", "import", p, filepath.Join(surveyData, tc.file), "--instrument", instrument, "--link-by", tc.link)
		if !strings.Contains(out, "detected shape "+tc.shape) || !strings.Contains(out, "imported 177 respondents (27 linked to participants)") {
			t.Errorf("%s:\n%s", tc.file, out)
		}
		list := jsonArray(t, run(t, nil, "survey", p, "--json"))
		assertKeys(t, "survey", list[0], "name", "questions", "respondents", "linked", "answers")
		if num(t, list[0], "respondents") != 177 || num(t, list[0], "linked") != 27 {
			t.Errorf("%s: %v", tc.file, list)
		}
		summaries = append(summaries, run(t, nil, "survey", "summary", p, "--csv"))
	}
	for i, s := range summaries[1:] {
		if s != summaries[0] {
			t.Errorf("%s gives another summary than %s: %s", tests[i+1].file, tests[0].file, firstDiff(s, summaries[0]))
		}
	}
}

func TestSurveyImportRefusesBadValues(t *testing.T) {
	t.Parallel()
	p := rosterProject(t)
	dir := t.TempDir()
	instrument := filepath.Join(surveyData, "instrument.yaml")
	bad := writeFile(t, dir, "bad.csv", []byte("respondent_id,participant_id,city,prio_legal,years_in_canada\n"+
		"r1,MTL-01,MTL,5,3\n"+
		"r2,,Paris,4,2\n"+
		"r3,XYZ-9,TOR,7,200\n"+
		"r4,,OTT,Top priority,1\n"))
	err := failRuntime(t, nil, "survey", "import", p, bad, "--instrument", instrument, "--link-by", "participant_id")
	errHas(t, err, "bad.csv: 2 of 4 rows have invalid values",
		`row 3, column "city": "Paris" is not an option; allowed: MTL Montreal, OTT Ottawa, TOR Toronto`,
		`row 4, column "participant_id": "XYZ-9" is not a participant of the project`,
		`row 4, column "prio_legal": "7" is not an option; allowed: 1 Not a priority, 2 Low priority`,
		`row 4, column "years_in_canada": "200" is out of range; allowed: a number from 0 to 60, or 99 Prefer not to say`,
		"nothing was imported")
	if out := run(t, nil, "survey", p); !strings.Contains(out, "no survey yet") {
		t.Errorf("a refused import left a survey:\n%s", out)
	}
	out := run(t, nil, "survey", "import", p, bad, "--instrument", instrument, "--link-by", "participant_id", "--skip-invalid")
	for _, want := range []string{"skipped 2 invalid rows", "  row 3, column", "  row 4, column", "imported 2 respondents (1 linked to participants)"} {
		if !strings.Contains(out, want) {
			t.Errorf("--skip-invalid output lacks %q:\n%s", want, out)
		}
	}
	// The same rows again: refused whole.
	err = failRuntime(t, nil, "survey", "import", p, bad, "--instrument", instrument, "--skip-invalid")
	errHas(t, err, `respondent "r1" is already in survey "community-needs-2026"`, "nothing was imported")
}

func TestSurveyUsage(t *testing.T) {
	t.Parallel()
	p := rosterProject(t)
	plain := filepath.Join(surveyData, "plain.csv")
	failUsage(t, nil, "survey", "import", p, plain, "--shape", "surveymonkey")
	failUsage(t, nil, "survey", "import", p, plain, "--attributes", "city")
	failUsage(t, nil, "survey", "import", p, plain, "--id", "nosuch")
	failUsage(t, nil, "survey", "import", p)
	failUsage(t, nil, "survey", "map", p, "q1")
	failUsage(t, nil, "survey", "instrument", p, "--json", "--yaml")
	run(t, nil, "survey", "import", p, plain, "--instrument", filepath.Join(surveyData, "instrument.yaml"))
	failUsage(t, nil, "survey", "summary", p, "--json", "--csv")
	failUsage(t, nil, "survey", "summary", p, "--by", "shoe_size")
	failUsage(t, nil, "survey", "summary", p, "--by", "activism") // a roster attribute, but no respondent is linked
	failUsage(t, nil, "survey", "summary", p, "--weight", "city")
	failRuntime(t, nil, "survey", "map", p, "city", "Networking")
	failRuntime(t, nil, "survey", "map", p, "nosuch", "Networking")
}

// TestSurveyInfer infers an instrument from an export, writes it for
// editing, defines it, and imports with it; an import without any
// instrument infers one and says so.
func TestSurveyInfer(t *testing.T) {
	t.Parallel()
	p := rosterProject(t)
	out := filepath.Join(t.TempDir(), "inferred.yaml")
	msg := run(t, nil, "survey", "instrument", p, filepath.Join(surveyData, "kobo.csv"), "--out", out, "--name", "kobo-draft")
	if !strings.Contains(msg, "inferred 22 questions") || !strings.Contains(msg, "KoboToolbox/ODK") {
		t.Errorf("infer: %s", msg)
	}
	data, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(data), "name: kobo-draft") || !strings.Contains(string(data), "type: multiple") {
		t.Fatalf("inferred file: %v\n%s", err, data)
	}
	if got := run(t, nil, "survey", "instrument", p, out); !strings.Contains(got, "survey kobo-draft: defined 22 questions") {
		t.Errorf("define: %s", got)
	}
	if got := run(t, nil, "survey", "instrument", p, out); !strings.Contains(got, "unchanged") {
		t.Errorf("define again: %s", got)
	}
	run(t, nil, "survey", "import", p, filepath.Join(surveyData, "kobo.csv"), "--link-by", "participant_id")
	got := run(t, nil, "survey", "instrument", p)
	if !strings.Contains(got, "supports_used    multiple") {
		t.Errorf("instrument listing:\n%s", got)
	}
	q := newProject(t, nil)
	got = run(t, nil, "survey", "import", q, filepath.Join(surveyData, "plain.csv"))
	if !strings.Contains(got, "no instrument given: inferred survey plain with 22 questions") {
		t.Errorf("import without an instrument:\n%s", got)
	}
}

// TestSurveyMapAndNeeds maps priority questions to needs and finds their
// mean ratings in the needs table.
func TestSurveyMapAndNeeds(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	maps := jsonArray(t, run(t, nil, "survey", "map", p, "--json"))
	if len(maps) != 9 {
		t.Fatalf("the demo maps %d questions, want 9", len(maps))
	}
	assertKeys(t, "map", maps[0], "survey", "question", "text", "code")
	needs := byKey(t, jsonArray(t, run(t, nil, "table", p, "needs", "--json")), "need")
	legal := needs["Adaptation and support systems/Legal assistance"]
	if v, ok := legal["survey_priority"].(float64); !ok || v < 3.9 || v > 4.0 {
		t.Errorf("legal assistance survey priority %v", legal["survey_priority"])
	}
	if needs["Risks of activism and transnational repression/Self-censorship"]["survey_priority"] != nil {
		t.Errorf("an unmapped need has a survey priority")
	}
	run(t, nil, "survey", "map", p, "prio_legal", "Legal assistance", "--remove")
	needs = byKey(t, jsonArray(t, run(t, nil, "table", p, "needs", "--json")), "need")
	if needs["Adaptation and support systems/Legal assistance"]["survey_priority"] != nil {
		t.Errorf("survey priority after --remove: %v", needs["Adaptation and support systems/Legal assistance"]["survey_priority"])
	}
	got := run(t, nil, "survey", "map", p, "prio_legal", "Legal assistance")
	if !strings.Contains(got, "survey priority 3.95 (mean of 169 answers, scale 1-5)") {
		t.Errorf("map: %s", got)
	}
}

// TestSurveyOpenAnswers checks that open answers become a source whose
// turns belong to the linked participants (or to respondent-labelled
// speakers), and that analysis tables leave it out unless it is named with
// --source.
func TestSurveyOpenAnswers(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	run(t, nil, "survey", "import", p, filepath.Join(surveyData, "google.csv"), "--link-by", "Participant code (focus-group participants only)", "--survey", "community-needs-2026")
	src := "community-needs-2026-other_needs"
	show := run(t, nil, "show", p, src)
	if !strings.Contains(show, "MTL-01") || !strings.Contains(show, "Our group needs a place to meet") {
		t.Errorf("show %s:\n%s", src, show)
	}
	run(t, nil, "apply", p, "--source", src, "--code", "Organisational resilience", "--match", "keep our organisation alive", "--coder", "lea")
	all := byKey(t, jsonArray(t, run(t, nil, "table", p, "frequencies", "--json")), "code")
	only := byKey(t, jsonArray(t, run(t, nil, "table", p, "frequencies", "--json", "--source", src)), "code")
	const code = "Recognition and capacity building/Organisational resilience"
	if num(t, all[code], "participants_total") != 27 || num(t, only[code], "participants") != 1 {
		t.Errorf("frequencies: all %v; survey source only %v", all[code], only[code])
	}
}

// TestSurveyGolden compares survey summaries of the demo project with
// testdata/TestSurveyGolden/*.golden (go test ./cmd/fieldwork -run TestSurveyGolden -update).
func TestSurveyGolden(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	tests := []struct {
		golden string
		args   []string
	}{
		{"survey-list", []string{"survey", p}},
		{"survey-instrument", []string{"survey", "instrument", p}},
		{"survey-summary", []string{"survey", "summary", p}},
		{"survey-summary-by-city", []string{"survey", "summary", p, "--by", "city", "--question", "prio_police", "--question", "threats", "--question", "trust_police"}},
		{"survey-summary-by-gender-weighted", []string{"survey", "summary", p, "--by", "gender", "--weight", "weight", "--question", "prio_employment"}},
		{"survey-summary-json", []string{"survey", "summary", p, "--json", "--by", "city", "--question", "safe_online", "--question", "supports_used"}},
		{"survey-summary-csv", []string{"survey", "summary", p, "--csv", "--by", "pathway", "--question", "prio_documents"}},
	}
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			golden.RequireEqual(t, []byte(run(t, nil, tc.args...)))
		})
	}
}

// TestSurveyImportRefusesLateInvalidRow: respondents are written while the
// export is read, so an invalid row near the end arrives after thousands
// of respondents are in the transaction; the import must still keep
// nothing, and --skip-invalid keep all the others.
func TestSurveyImportRefusesLateInvalidRow(t *testing.T) {
	t.Parallel()
	p := rosterProject(t)
	dir := t.TempDir()
	instrument := writeFile(t, dir, "late.yaml", []byte("name: late\nquestions:\n  - {id: q1, type: single, options: [\"1\", \"2\", \"3\"], no_missing: true}\n  - {id: q2, type: single, options: [\"1\", \"2\", \"3\", \"4\", \"5\"], no_missing: true}\n"))
	var b strings.Builder
	b.WriteString("id,q1,q2\n")
	for r := 1; r <= 10_000; r++ {
		q2 := fmt.Sprint(1 + r%5)
		if r == 9_000 {
			q2 = "9"
		}
		fmt.Fprintf(&b, "R%d,%d,%s\n", r, 1+r%3, q2)
	}
	late := writeFile(t, dir, "late.csv", []byte(b.String()))
	err := failRuntime(t, nil, "survey", "import", p, late, "--instrument", instrument)
	errHas(t, err, "late.csv: 1 of 10000 rows have invalid values", `row 9001, column "q2": "9" is not an option`, "nothing was imported")
	if out := run(t, nil, "survey", p); !strings.Contains(out, "no survey yet") {
		t.Errorf("a refused import left a survey:\n%s", out)
	}
	out := run(t, nil, "survey", "import", p, late, "--instrument", instrument, "--skip-invalid")
	if !strings.Contains(out, "imported 9999 respondents (0 linked to participants), 19998 answers into survey late") {
		t.Errorf("--skip-invalid:\n%s", out)
	}
	if out := run(t, nil, "survey", p); !strings.Contains(out, "9999       0    19998") {
		t.Errorf("after --skip-invalid:\n%s", out)
	}
}
