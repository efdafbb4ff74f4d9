package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRecsExportImport: an export brought into another project gives the
// same recommendations, ids and logs included; CSV brings the fields.
func TestRecsExportImport(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	dir := t.TempDir()
	jsonFile, csvFile := filepath.Join(dir, "recs.json"), filepath.Join(dir, "recs.csv")
	if out := run(t, nil, "recs", "export", p, "--json", "--out", jsonFile, "--allow-identifiers"); out != "wrote 6 recommendations to "+jsonFile+"\n" {
		t.Errorf("export said %q", out)
	}
	run(t, nil, "recs", "export", p, "--csv", "-o", csvFile, "--allow-identifiers")
	if fi, err := os.Stat(jsonFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export mode %v, %v", fi.Mode().Perm(), err)
	}
	if stdout := run(t, nil, "recs", "export", p, "--json"); !strings.Contains(stdout, `"format": "fieldwork-recommendations/1"`) {
		t.Errorf("JSON export to stdout:\n%.200s", stdout)
	}

	q := newProject(t, nil)
	out := run(t, vars{"FIELDWORK_CODER": "ana"}, "recs", "import", q, jsonFile)
	if out != "imported 6 recommendations from "+jsonFile+": R1, R2, R3, R4, R5, R6\n" {
		t.Errorf("import said %q", out)
	}
	strip := func(list []map[string]any) []map[string]any {
		for _, r := range list { // no codings in q: only the evidence differs
			for _, k := range []string{"evidence_strength", "participants", "participants_total", "cities", "cities_total", "codings"} {
				delete(r, k)
			}
			delete(r["last_follow_up"].(map[string]any), "id")
		}
		return list
	}
	a := strip(jsonArray(t, run(t, nil, "recs", p, "--json", "--today", recsToday)))
	b := strip(jsonArray(t, run(t, nil, "recs", q, "--json", "--today", recsToday)))
	for i := range a {
		for k, v := range a[i] {
			if got := b[i][k]; jsonString(t, got) != jsonString(t, v) {
				t.Errorf("%s %s: %v after import, was %v", a[i]["id"], k, got, v)
			}
		}
	}
	la := jsonObject(t, run(t, nil, "recs", "show", p, "R3", "--json"))["log"].([]any)
	lb := jsonObject(t, run(t, nil, "recs", "show", q, "R3", "--json"))["log"].([]any)
	if len(la) != 4 || len(lb) != 4 {
		t.Fatalf("R3 logs: %d and %d entries, want 4", len(la), len(lb))
	}
	for i := range la {
		ea, eb := la[i].(map[string]any), lb[i].(map[string]any)
		for _, k := range []string{"at", "date", "author", "note", "status_from", "status_to"} {
			if ea[k] != eb[k] {
				t.Errorf("R3 log %d %s: %v, was %v", i, k, eb[k], ea[k])
			}
		}
	}
	// The same file again: every id is taken, nothing is imported.
	err := failRuntime(t, nil, "recs", "import", q, jsonFile)
	errHas(t, err, "line 4: recommendation R1: already exists", "recommendation R6: already exists", "nothing was imported")

	// CSV: fields without logs; ids kept in a fresh project.
	c := newProject(t, nil)
	run(t, vars{"FIELDWORK_CODER": "ana"}, "recs", "import", c, csvFile, "--note", "from the CSV")
	r := jsonObject(t, run(t, nil, "recs", "show", c, "R4", "--json"))
	if r["status"] != "in-progress" || len(r["codes"].([]any)) != 5 || len(r["stakeholders"].([]any)) != 4 || r["due"] != "2026-12-15" {
		t.Errorf("R4 from CSV: %v", r)
	}
	if log := r["log"].([]any); len(log) != 1 || log[0].(map[string]any)["note"] != "from the CSV" || log[0].(map[string]any)["status_to"] != "in-progress" {
		t.Errorf("R4 log from CSV: %v", log)
	}
}

func jsonString(t *testing.T, v any) string {
	t.Helper()
	var b strings.Builder
	e := &Env{Out: &b}
	if err := e.printJSON(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestRecsImportRefused: bad rows are reported with their lines and
// nothing is imported.
func TestRecsImportRefused(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil)
	dir := t.TempDir()
	tests := []struct {
		name, data string
		msgs       []string
	}{
		{"bad.csv", "title,priority,due,codes\nFine,high,2026-12-01,Networking\nBad,urgent,,\n,low,,\nWorse,low,2026-12-01,Nope;Networking\n",
			[]string{`bad.csv line 3: priority "urgent"`, "bad.csv line 4: no title"}},
		{"codes.csv", "title,codes\nFine,Networking\nWorse,Nope; Mentorship\nAlso,Missing\n",
			[]string{`line 3: code "Nope": not found`, `line 4: code "Missing": not found`}},
		{"bad.json", "[\n  {\"title\": \"ok\"},\n  {\"title\": \"x\", \"status\": \"finished\"}\n]\n", []string{`bad.json line 3: status "finished"`}},
		{"dup.json", `[{"id": "R2", "title": "a"}, {"id": "r2", "title": "b"}]`, []string{"id R2 is also on line 1"}},
		{"empty.csv", "", []string{"empty file"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := failRuntime(t, nil, "recs", "import", p, writeFile(t, dir, tc.name, []byte(tc.data)))
			errHas(t, err, append(tc.msgs, "nothing was imported")...)
		})
	}
	if got := jsonArray(t, run(t, nil, "recs", p, "--json")); len(got) != 0 {
		t.Errorf("%d recommendations after refused imports", len(got))
	}
}

// TestRecsLogAppendOnly: status changes and notes only ever add to the
// log; what was written stays as it was.
func TestRecsLogAppendOnly(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	before := jsonObject(t, run(t, nil, "recs", "show", p, "R3", "--json"))["log"].([]any)
	run(t, nil, "recs", "status", p, "R3", "in-progress", "--note", "Public Safety named a contact.", "--author", "helene")
	run(t, nil, "recs", "log", p, "R3", "--note", "Second meeting set.", "--author", "anouk")
	run(t, nil, "recs", "edit", p, "R3", "--due", "2027-02-28", "--author", "helene")
	after := jsonObject(t, run(t, nil, "recs", "show", p, "R3", "--json"))["log"].([]any)
	if len(after) != len(before)+3 {
		t.Fatalf("%d entries after 3 actions on %d", len(after), len(before))
	}
	if jsonString(t, after[:len(before)]) != jsonString(t, before) {
		t.Errorf("earlier entries changed:\n%s\nwas\n%s", jsonString(t, after[:len(before)]), jsonString(t, before))
	}
	e := after[len(before)].(map[string]any)
	if e["status_from"] != "blocked" || e["status_to"] != "in-progress" || e["author"] != "helene" {
		t.Errorf("status entry %v", e)
	}
	// A refused status change adds nothing.
	failRuntime(t, nil, "recs", "status", p, "R3", "in-progress")
	if n := len(jsonObject(t, run(t, nil, "recs", "show", p, "R3", "--json"))["log"].([]any)); n != len(after) {
		t.Errorf("a refused change wrote to the log: %d entries, want %d", n, len(after))
	}
}
