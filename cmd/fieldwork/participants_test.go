package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// twoGroups is a project with an Ottawa group (generic labels) and a
// Toronto group (P-numbers).
func twoGroups(t *testing.T) string {
	t.Helper()
	return shared(t, "two groups", "study.fwp", func(t *testing.T, dir string) string {
		p := filepath.Join(dir, "study.fwp")
		run(t, nil, "init", p, "--codebook", "empty")
		ott := writeFile(t, dir, "ottawa.txt", []byte("Facilitator: Welcome.\nSpeaker 1: The wait was long.\nSpeaker 2: Mine too.\nSpeaker 1: And costly.\n"))
		tor := writeFile(t, dir, "toronto.txt", []byte("Moderator: Hello.\nP1: I don't post.\nP2: I read only.\n"))
		run(t, nil, "import", p, ott, "--group", "OTT-1", "--city", "Ottawa")
		run(t, nil, "import", p, tor, "--group", "TOR-1", "--city", "Toronto")
		return p
	})
}

func participants(t *testing.T, p string) map[string]map[string]any {
	t.Helper()
	list := jsonArray(t, run(t, nil, "participants", p, "--json"))
	for _, pj := range list {
		assertKeys(t, "participants --json", pj, "id", "label", "labels", "group", "city", "facilitator", "turns", "attributes")
	}
	return byKey(t, list, "id")
}

func attrs(pj map[string]any) map[string]any {
	a, _ := pj["attributes"].(map[string]any)
	return a
}

func TestParticipantsList(t *testing.T) {
	t.Parallel()
	p := twoGroups(t)
	people := participants(t, p)
	if len(people) != 6 {
		t.Errorf("%d participants, want 6 (4 people, 2 facilitators): %v", len(people), people)
	}
	s1 := people["OTT-1-P01"]
	if s1 == nil {
		t.Fatalf("no OTT-1-P01 in %v", people)
	}
	if s1["label"] != "Speaker 1" || s1["group"] != "OTT-1" || s1["city"] != "Ottawa" || num(t, s1, "turns") != 2 ||
		s1["facilitator"] != false || len(attrs(s1)) != 0 {
		t.Errorf("OTT-1-P01 = %v", s1)
	}
	if l, _ := s1["labels"].([]any); len(l) != 1 || l[0] != "Speaker 1" {
		t.Errorf("labels = %v", s1["labels"])
	}

	out := run(t, nil, "participants", p)
	for _, w := range []string{"id", "label", "group", "city", "role", "turns", "OTT-1-P01", "facilitator", "4 participants and 2 facilitators"} {
		if !strings.Contains(out, w) {
			t.Errorf("participants table lacks %q:\n%s", w, out)
		}
	}

	empty := newProject(t, nil, "--codebook", "empty")
	if out := run(t, nil, "participants", empty, "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("participants --json of an empty project = %q, want []", out)
	}
	if out := run(t, nil, "participants", empty); !strings.Contains(out, "no participants") {
		t.Errorf("participants of an empty project: %q", out)
	}
}

func TestParticipantsSet(t *testing.T) {
	t.Parallel()
	p := twoGroups(t)
	id := "OTT-1-P01"
	steps := []struct {
		name  string
		args  []string
		check func(t *testing.T, pj map[string]any)
	}{
		{"attributes", []string{"gender=woman", "Years in Canada=4", "pathway=refugee claim"}, func(t *testing.T, pj map[string]any) {
			a := attrs(pj)
			if a["gender"] != "woman" || a["years_in_canada"] != "4" || a["pathway"] != "refugee claim" || len(a) != 3 {
				t.Errorf("attributes = %v", a)
			}
		}},
		{"overwrite", []string{"gender=non-binary"}, func(t *testing.T, pj map[string]any) {
			if attrs(pj)["gender"] != "non-binary" {
				t.Errorf("attributes = %v", attrs(pj))
			}
		}},
		{"empty value removes", []string{"gender="}, func(t *testing.T, pj map[string]any) {
			if _, ok := attrs(pj)["gender"]; ok || len(attrs(pj)) != 2 {
				t.Errorf("gender not removed: %v", attrs(pj))
			}
		}},
		{"city", []string{"city=Montreal"}, func(t *testing.T, pj map[string]any) {
			if pj["city"] != "Montreal" {
				t.Errorf("city = %v", pj["city"])
			}
			if _, ok := attrs(pj)["city"]; ok {
				t.Errorf("city= became an attribute: %v", attrs(pj))
			}
		}},
		{"facilitator=true", []string{"facilitator=true"}, func(t *testing.T, pj map[string]any) {
			if pj["facilitator"] != true {
				t.Errorf("facilitator = %v", pj["facilitator"])
			}
		}},
		{"facilitator=false", []string{"facilitator=false"}, func(t *testing.T, pj map[string]any) {
			if pj["facilitator"] != false {
				t.Errorf("facilitator = %v", pj["facilitator"])
			}
		}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			out := run(t, nil, append([]string{"participants", "set", p, id}, st.args...)...)
			if !strings.Contains(out, id) {
				t.Errorf("set said %q", out)
			}
			st.check(t, participants(t, p)[id])
		})
	}

	// A facilitator set to false counts as a participant of its source.
	run(t, nil, "participants", "set", p, "OTT-1-F01", "facilitator=false")
	people := participants(t, p)
	if people["OTT-1-F01"]["facilitator"] != false {
		t.Errorf("OTT-1-F01 = %v", people["OTT-1-F01"])
	}

	errHas(t, failRuntime(t, nil, "participants", "set", p, "NOPE-1", "gender=man"), "NOPE-1")
	errHas(t, fail(t, nil, "participants", "set", p, id, "facilitator=maybe"), "maybe")
	errHas(t, failUsage(t, nil, "participants", "set", p, id, "novalue"), "novalue")
	errHas(t, failUsage(t, nil, "participants", "set", p, id, "=x"), "=x")
	failUsage(t, nil, "participants", "set", p, id)
}

func TestParticipantsImportRoster(t *testing.T) {
	t.Parallel()
	p := twoGroups(t)
	dir := t.TempDir()
	roster := writeFile(t, dir, "roster.csv", []byte(
		"id,group,label,city,gender,Years in Canada\n"+
			"OTT-01,OTT-1,Speaker 1,Ottawa,woman,4\n"+
			"TOR-01,TOR-1,P1,,man,2\n"+
			"X-9,,,Montreal,non-binary,\n"))
	out := run(t, nil, "participants", "import", p, roster)
	for _, w := range []string{"3 participants created", "2 speaker labels bound"} {
		if !strings.Contains(out, w) {
			t.Errorf("roster import said:\n%s\nwant %q", out, w)
		}
	}
	// Labels no row names are listed: Speaker 2 and P2 (not facilitators).
	if !strings.Contains(out, "2 speaker labels match no roster row") {
		t.Errorf("unmatched labels not announced:\n%s", out)
	}
	for _, w := range []string{"OTT-1-P02", "TOR-1-P02"} {
		if !strings.Contains(out, w) {
			t.Errorf("unmatched label %s not listed:\n%s", w, out)
		}
	}
	if strings.Contains(out, "Facilitator") || strings.Contains(out, "Moderator") {
		t.Errorf("facilitators listed as unmatched:\n%s", out)
	}

	people := participants(t, p)
	if _, ok := people["OTT-1-P01"]; ok {
		t.Error("OTT-1-P01 still exists beside the roster's OTT-01")
	}
	o := people["OTT-01"]
	if o == nil {
		t.Fatalf("no OTT-01 in %v", people)
	}
	if o["label"] != "Speaker 1" || o["group"] != "OTT-1" || o["city"] != "Ottawa" || num(t, o, "turns") != 2 {
		t.Errorf("OTT-01 = %v", o)
	}
	if a := attrs(o); a["gender"] != "woman" || a["years_in_canada"] != "4" {
		t.Errorf("OTT-01 attributes = %v", a)
	}
	if tr := people["TOR-01"]; tr == nil || tr["label"] != "P1" || tr["city"] != "Toronto" || num(t, tr, "turns") != 1 {
		t.Errorf("TOR-01 = %v (the transcript's city stays when the roster has none)", tr)
	}
	if x := people["X-9"]; x == nil || x["city"] != "Montreal" || num(t, x, "turns") != 0 || attrs(x)["gender"] != "non-binary" {
		t.Errorf("X-9 = %v", x)
	}
	// The show command now names the bound participant.
	js := jsonObject(t, run(t, nil, "show", p, "ottawa", "--json"))
	if turn := js["turns"].([]any)[1].(map[string]any); turn["participant"] != "OTT-01" || turn["speaker"] != "Speaker 1" {
		t.Errorf("turn after roster = %v", turn)
	}

	// Importing the roster again updates rather than duplicates.
	out = run(t, nil, "participants", "import", p, roster)
	if !strings.Contains(out, "0 participants created, 3 updated") {
		t.Errorf("second roster import said:\n%s", out)
	}
	if n := len(participants(t, p)); n != 7 {
		t.Errorf("%d participants after a second import, want 7", n)
	}
}

func TestParticipantsImportRosterRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		roster string
		want   []string
	}{
		{"row with group but no label", "id,group,label,gender\nNEW-1,,,woman\nNEW-2,OTT-1,,man\n",
			[]string{"bad.csv", "line 3", "group and label"}},
		{"row without id", "id,gender\nNEW-1,woman\n,man\n", []string{"bad.csv", "line 3", "empty id"}},
		{"too many cells", "id,gender\nNEW-1,woman\nNEW-2,man,extra\n", []string{"bad.csv", "line 3"}},
		{"no id column", "name,gender\nAmira,woman\n", []string{"bad.csv", "id column"}},
		{"label bound twice", "id,group,label\nNEW-1,OTT-1,Speaker 1\nNEW-2,OTT-1,Speaker 1\n",
			[]string{"bad.csv", "line 3", "Speaker 1"}},
		{"empty", "", []string{"bad.csv", "empty"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := twoGroups(t)
			before := participants(t, p)
			f := writeFile(t, t.TempDir(), "bad.csv", []byte(tc.roster))
			err := failRuntime(t, nil, "participants", "import", p, f)
			errHas(t, err, tc.want...)
			if after := participants(t, p); len(after) != len(before) {
				t.Errorf("a refused roster changed the participants: %d -> %d", len(before), len(after))
			}
			if _, ok := participants(t, p)["NEW-1"]; ok {
				t.Error("the good first row of a refused roster was imported")
			}
		})
	}

	// A row the store refuses (the label already belongs to another
	// rostered participant): the file and line are named, nothing imported.
	p := twoGroups(t)
	run(t, nil, "participants", "import", p, writeFile(t, t.TempDir(), "first.csv", []byte("id,group,label\nOTT-01,OTT-1,Speaker 1\n")))
	f := writeFile(t, t.TempDir(), "bad.csv", []byte("id,group,label,gender\nNEW-1,,,woman\nNEW-2,OTT-1,Speaker 1,man\n"))
	err := failRuntime(t, nil, "participants", "import", p, f)
	errHas(t, err, "bad.csv", "line 3", "Speaker 1", "nothing was imported")
	people := participants(t, p)
	if _, ok := people["NEW-1"]; ok {
		t.Error("NEW-1 of a refused roster was imported")
	}
	if o := people["OTT-01"]; o == nil || o["label"] != "Speaker 1" {
		t.Errorf("OTT-01 = %v", o)
	}
	failRuntime(t, nil, "participants", "import", p, "/nonexistent/roster.csv")
}

func TestParticipantsMerge(t *testing.T) {
	t.Parallel()
	p := twoGroups(t)
	run(t, nil, "participants", "set", p, "OTT-1-P02", "gender=man")
	out := run(t, nil, "participants", "merge", p, "OTT-1-P01", "OTT-1-P02")
	if !strings.Contains(out, "merged OTT-1-P02 into OTT-1-P01") {
		t.Errorf("merge said %q", out)
	}
	people := participants(t, p)
	if _, ok := people["OTT-1-P02"]; ok {
		t.Error("the dropped id still exists")
	}
	keep := people["OTT-1-P01"]
	if keep["label"] != "Speaker 1, Speaker 2" || num(t, keep, "turns") != 3 {
		t.Errorf("kept participant = %v", keep)
	}
	if l, _ := keep["labels"].([]any); len(l) != 2 {
		t.Errorf("labels = %v", keep["labels"])
	}
	srcs := jsonArray(t, run(t, nil, "sources", p, "--json"))
	if num(t, srcs[0], "participants") != 1 {
		t.Errorf("after merging, the Ottawa source has %v participants, want 1", srcs[0]["participants"])
	}
	js := jsonObject(t, run(t, nil, "show", p, "ottawa", "--json"))
	for _, tu := range js["turns"].([]any) {
		turn := tu.(map[string]any)
		if turn["speaker"] == "Speaker 2" && turn["participant"] != "OTT-1-P01" {
			t.Errorf("turn of Speaker 2 = %v", turn)
		}
	}

	failRuntime(t, nil, "participants", "merge", p, "OTT-1-P01", "NOPE")
	failRuntime(t, nil, "participants", "merge", p, "NOPE", "OTT-1-P01")
	failRuntime(t, nil, "participants", "merge", p, "OTT-1-P01", "OTT-1-P01")
	failUsage(t, nil, "participants", "merge", p, "OTT-1-P01")
}
