package main

import (
	"strings"
	"testing"
)

func TestFacilitatorsAreNotParticipants(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil, "--codebook", "empty")
	f := writeFile(t, t.TempDir(), "fg.txt", []byte(
		"Facilitator: Welcome.\nAmira: Hello.\nModerator: Let us start.\nJonas: Yes.\n"+
			"Interviewer: Next question.\nP1: My answer.\nAnimatrice: Merci.\nSpeaker 1: Me too.\n"))
	run(t, nil, "import", p, f, "--group", "G1", "--city", "Ottawa")

	list := jsonArray(t, run(t, nil, "participants", p, "--json"))
	people := byKey(t, list, "label")
	for _, label := range []string{"Facilitator", "Moderator", "Interviewer", "Animatrice"} {
		pj, ok := people[label]
		if !ok {
			t.Errorf("no participant entry for %s", label)
			continue
		}
		if pj["facilitator"] != true {
			t.Errorf("%s is not a facilitator: %v", label, pj)
		}
	}
	for _, label := range []string{"Amira", "Jonas", "P1", "Speaker 1"} {
		pj, ok := people[label]
		if !ok {
			t.Errorf("no participant %s", label)
			continue
		}
		if pj["facilitator"] != false || pj["group"] != "G1" || pj["city"] != "Ottawa" || num(t, pj, "turns") != 1 {
			t.Errorf("participant %s = %v", label, pj)
		}
	}
	srcs := jsonArray(t, run(t, nil, "sources", p, "--json"))
	if n := num(t, srcs[0], "participants"); n != 4 {
		t.Errorf("sources counts %d participants, want 4 (facilitators excluded)", n)
	}
	if n := num(t, srcs[0], "turns"); n != 8 {
		t.Errorf("sources counts %d turns, want 8", n)
	}
	table := run(t, nil, "participants", p)
	if !strings.Contains(table, "4 participants and 4 facilitators") {
		t.Errorf("participants table:\n%s", table)
	}
}

func TestSameLabelInTwoGroupsIsTwoParticipants(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil, "--codebook", "empty")
	dir := t.TempDir()
	a := writeFile(t, dir, "ottawa.txt", []byte("Facilitator: Hello.\nP1: In Ottawa.\nP2: Me too.\n"))
	b := writeFile(t, dir, "toronto.txt", []byte("Moderator: Hello.\nP1: In Toronto.\nP2: Same.\n"))
	run(t, nil, "import", p, a, "--group", "OTT-1")
	run(t, nil, "import", p, b, "--group", "TOR-1")
	people := byKey(t, jsonArray(t, run(t, nil, "participants", p, "--json")), "id")
	for _, id := range []string{"OTT-1-P01", "TOR-1-P01"} {
		pj, ok := people[id]
		if !ok {
			t.Fatalf("no participant %s among %v", id, people)
		}
		if pj["label"] != "P1" || num(t, pj, "turns") != 1 {
			t.Errorf("%s = %v", id, pj)
		}
	}
	if people["OTT-1-P01"]["group"] != "OTT-1" || people["TOR-1-P01"]["group"] != "TOR-1" {
		t.Errorf("groups: %v / %v", people["OTT-1-P01"]["group"], people["TOR-1-P01"]["group"])
	}
}

func TestShow(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil, "--codebook", "empty")
	f := writeFile(t, t.TempDir(), "fg.vtt", []byte("WEBVTT\n\n"+
		"00:00:01.000 --> 00:00:04.000\n<v Facilitator>Welcome, everyone.\n\n"+
		"00:01:05.900 --> 00:01:09.500\n<v Rana>The documents took eighteen months.\n"))
	run(t, nil, "import", p, f, "--group", "OTT-1", "--city", "Ottawa")

	out := run(t, nil, "show", p, "fg")
	for _, w := range []string{
		"fg  Ottawa OTT-1",
		"2 turns",
		"Facilitator  OTT-1-F01    facilitator",
		"Rana         OTT-1-P01    participant",
		"00:00:01  Facilitator (OTT-1-F01)\n  Welcome, everyone.\n",
		"00:01:05  Rana (OTT-1-P01)\n  The documents took eighteen months.\n",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("show lacks %q:\n%s", w, out)
		}
	}

	js := jsonObject(t, run(t, nil, "show", p, "fg", "--json"))
	for k, v := range map[string]any{"name": "fg", "format": "vtt", "city": "Ottawa", "group": "OTT-1", "participants": 1.0, "file_name": "fg.vtt"} {
		if js[k] != v {
			t.Errorf("show --json %s = %v, want %v", k, js[k], v)
		}
	}
	turns := js["turns"].([]any)
	if len(turns) != 2 {
		t.Fatalf("%d turns", len(turns))
	}
	second := turns[1].(map[string]any)
	for k, v := range map[string]any{"speaker": "Rana", "participant": "OTT-1-P01", "at": "00:01:05", "until": "00:01:09",
		"facilitator": false, "text": "The documents took eighteen months."} {
		if second[k] != v {
			t.Errorf("turn 1 %s = %v, want %v", k, second[k], v)
		}
	}
	// start/end are code-point offsets of the turn's text.
	text := []rune(second["text"].(string))
	if num(t, second, "end")-num(t, second, "start") != len(text) {
		t.Errorf("turn span %v-%v does not match its text of %d code points", second["start"], second["end"], len(text))
	}
}
