package main

import (
	"strings"
	"testing"
)

// hostileProject is a project whose transcript has a real-looking name as
// a speaker label, a roster pseudonym spoken aloud, and an e-mail address
// and a phone number in a quote. Every person is invented.
func hostileProject(t *testing.T) string {
	t.Helper()
	p := newProject(t, nil, "--codebook", "empty")
	dir := t.TempDir()
	tr := writeFile(t, dir, "hamilton.txt", []byte("Facilitator: Welcome back.\n"+
		"Maria Gonzalez: He said, Rana, please, write to rana.k@example.org or call 613-555-0147.\n"+
		"Speaker 2: Rana never answered. Tell Maria Gonzalez I said so.\n"))
	run(t, nil, "import", p, tr, "--group", "HAM-1", "--city", "Hamilton")
	roster := writeFile(t, dir, "roster.csv", []byte("id,group,label,pseudonym\nHAM-02,HAM-1,Speaker 2,Rana\n"))
	run(t, nil, "participants", "import", p, roster)
	return p
}

func TestRedactSuggestAddListRemove(t *testing.T) {
	t.Parallel()
	p := hostileProject(t)
	list := jsonArray(t, run(t, nil, "redact", "suggest", p, "--json"))
	got := map[string]map[string]any{}
	for _, sg := range list {
		assertKeys(t, "redact suggest --json", sg, "term", "kind", "count", "sources", "found_by", "listed")
		got[sg["term"].(string)] = sg
	}
	for term, want := range map[string]struct {
		kind  string
		count int
	}{"Rana": {"name", 2}, "Maria Gonzalez": {"name", 1}, "rana.k@example.org": {"email", 1}, "613-555-0147": {"phone", 1}} {
		sg := got[term]
		if sg == nil {
			t.Errorf("suggest lacks %q: %v", term, list)
			continue
		}
		if sg["kind"] != want.kind || num(t, sg, "count") != want.count {
			t.Errorf("%q: kind %v count %v, want %s %d", term, sg["kind"], sg["count"], want.kind, want.count)
		}
		if s, _ := sg["sources"].([]any); len(s) != 1 || s[0] != "hamilton" {
			t.Errorf("%q sources = %v", term, sg["sources"])
		}
	}
	out := run(t, nil, "redact", "suggest", p)
	for _, w := range []string{"term", "kind", "count", "Rana", "email", "candidates"} {
		if !strings.Contains(out, w) {
			t.Errorf("suggest table lacks %q:\n%s", w, out)
		}
	}

	if out := run(t, nil, "redact", "list", p); !strings.Contains(out, "empty") {
		t.Errorf("list of a new project:\n%s", out)
	}
	run(t, nil, "redact", "add", p, "Hamilton Legal Aid", "--kind", "org")
	out = run(t, nil, "redact", "add", p, "Gonzalez", "--as", "[family name]")
	if !strings.Contains(out, `"[family name]"`) {
		t.Errorf("add says:\n%s", out)
	}
	ids := byKey(t, jsonArray(t, run(t, nil, "redact", "list", p, "--json")), "term")
	if len(ids) != 2 || ids["Gonzalez"]["replacement"] != "[family name]" || ids["Hamilton Legal Aid"]["kind"] != "org" {
		t.Errorf("list = %v", ids)
	}
	failUsage(t, nil, "redact", "add", p, "X", "--kind", "planet")
	run(t, nil, "redact", "remove", p, "gonzalez")
	errHas(t, failRuntime(t, nil, "redact", "remove", p, "gonzalez"), "not found")
	if ids := jsonArray(t, run(t, nil, "redact", "list", p, "--json")); len(ids) != 1 {
		t.Errorf("after remove: %v", ids)
	}
	// the log records that the list changed, never the term
	log := run(t, nil, "log", p, "--kind", "identifiers")
	if !strings.Contains(log, "identifier list") || strings.Contains(log, "Gonzalez") || strings.Contains(log, "Legal Aid") {
		t.Errorf("log of the identifier list:\n%s", log)
	}
}

func TestImportWarnsOfNameLabels(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil, "--codebook", "empty")
	tr := writeFile(t, t.TempDir(), "ham.txt", []byte("Facilitator: Welcome.\nMaria Gonzalez: I came in 2019.\nP2: Me too.\n"))
	r := exec(t, nil, "import", p, tr, "--group", "HAM-1")
	if r.e != nil {
		t.Fatal(r.e)
	}
	for _, w := range []string{"1 speaker label looks like personal names", "Maria Gonzalez", "shown as HAM-1-P01",
		"id,group,label\n,HAM-1,Maria Gonzalez\n"} {
		if !strings.Contains(r.err, w) {
			t.Errorf("import's stderr lacks %q:\n%s", w, r.err)
		}
	}
	if strings.Contains(r.err, ",HAM-1,P2") || strings.Contains(r.out, "Maria") {
		t.Errorf("a role label was flagged, or the name reached stdout:\n%s\n%s", r.out, r.err)
	}
	for _, pj := range jsonArray(t, run(t, nil, "participants", p, "--json")) {
		if id := pj["id"].(string); id != "HAM-1-F01" && id != "HAM-1-P01" && id != "HAM-1-P02" {
			t.Errorf("participant id %v is made from its label", pj["id"])
		}
	}
}
