package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/fieldwork-qda/fieldwork/coding/transcript"
)

// docx builds a Word document of paragraphs; a paragraph's first run is
// bold when its text starts with "**".
func docx(t *testing.T, paras ...[]transcript.Run) []byte {
	t.Helper()
	ps := make([]transcript.Paragraph, len(paras))
	for i, runs := range paras {
		ps[i] = transcript.Paragraph{Runs: runs}
	}
	var b bytes.Buffer
	if err := transcript.WriteDOCX(&b, ps); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// utf16LE encodes s as UTF-16, little endian.
func utf16LE(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

type wantTurn struct {
	speaker, text, at string
	facilitator       bool
}

func TestImportFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		file   string
		data   []byte
		format string
		turns  []wantTurn
	}{
		{
			name:   "txt Name:",
			file:   "plain.txt",
			data:   []byte("Amira: The paperwork took two years.\nIt was a very long wait.\nJonas: I waited for my permit too.\n"),
			format: "txt",
			turns: []wantTurn{
				{speaker: "Amira", text: "The paperwork took two years.\nIt was a very long wait."},
				{speaker: "Jonas", text: "I waited for my permit too."},
			},
		},
		{
			name:   "txt Name : (French spacing)",
			file:   "french.txt",
			data:   []byte("Lucie : Bonjour à tous.\nMarc : On commence par le logement.\n"),
			format: "txt",
			turns: []wantTurn{
				{speaker: "Lucie", text: "Bonjour à tous."},
				{speaker: "Marc", text: "On commence par le logement."},
			},
		},
		{
			name:   "txt [hh:mm:ss] Name:",
			file:   "stamped.txt",
			data:   []byte("[00:01:23] Amira: I waited eighteen months.\n[00:02:05] Jonas: So did I.\n"),
			format: "txt",
			turns: []wantTurn{
				{speaker: "Amira", text: "I waited eighteen months.", at: "00:01:23"},
				{speaker: "Jonas", text: "So did I.", at: "00:02:05"},
			},
		},
		{
			name:   "txt **Name:**",
			file:   "bold.txt",
			data:   []byte("**Omar:** The bold label speaks here.\n**Grace:** A mentor opened the first door.\n"),
			format: "txt",
			turns: []wantTurn{
				{speaker: "Omar", text: "The bold label speaks here."},
				{speaker: "Grace", text: "A mentor opened the first door."},
			},
		},
		{
			name:   "txt P1:",
			file:   "numbered.txt",
			data:   []byte("P1: Numbered speaker one.\nP2: Numbered speaker two.\n"),
			format: "txt",
			turns: []wantTurn{
				{speaker: "P1", text: "Numbered speaker one."},
				{speaker: "P2", text: "Numbered speaker two."},
			},
		},
		{
			name:   "txt Speaker 1:",
			file:   "generic.txt",
			data:   []byte("Speaker 1: Generic speaker one.\nSpeaker 2: Generic speaker two.\n"),
			format: "txt",
			turns: []wantTurn{
				{speaker: "Speaker 1", text: "Generic speaker one."},
				{speaker: "Speaker 2", text: "Generic speaker two."},
			},
		},
		{
			name:   "txt CRLF with BOM",
			file:   "windows.txt",
			data:   []byte("\ufeffAmira: Line one.\r\nJonas: Line two.\r\n"),
			format: "txt",
			turns: []wantTurn{
				{speaker: "Amira", text: "Line one."},
				{speaker: "Jonas", text: "Line two."},
			},
		},
		{
			name:   "txt Windows-1252",
			file:   "cp1252.txt",
			data:   []byte("Am\xe9lie: Le caf\xe9 \x96 c\x92est loin.\nJonas: Oui.\n"),
			format: "txt",
			turns: []wantTurn{
				{speaker: "Amélie", text: "Le café – c’est loin."},
				{speaker: "Jonas", text: "Oui."},
			},
		},
		{
			name:   "txt UTF-16 with BOM",
			file:   "utf16.txt",
			data:   utf16LE("\ufeffAmélie: Bonjour.\r\nJonas: Salut.\r\n"),
			format: "txt",
			turns: []wantTurn{
				{speaker: "Amélie", text: "Bonjour."},
				{speaker: "Jonas", text: "Salut."},
			},
		},
		{
			name:   "txt decomposed accents become NFC",
			file:   "nfd.txt",
			data:   []byte("Ame\u0301lie: Cafe\u0301.\nJonas: Oui.\n"),
			format: "txt",
			turns: []wantTurn{
				{speaker: "Amélie", text: "Café."},
				{speaker: "Jonas", text: "Oui."},
			},
		},
		{
			name:   "md",
			file:   "notes.md",
			data:   []byte("**Facilitator:** What about mentorship?\n\n**Grace:** A mentor opened the first door for me.\n"),
			format: "md",
			turns: []wantTurn{
				{speaker: "Facilitator", text: "What about mentorship?", facilitator: true},
				{speaker: "Grace", text: "A mentor opened the first door for me."},
			},
		},
		{
			name: "vtt voice tags and Name: cues",
			file: "zoom.vtt",
			data: []byte("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Facilitator>Welcome to the Ottawa group.\n\n" +
				"00:00:05.000 --> 00:00:09.500\n<v Rana>The documents took eighteen months.\n\n" +
				"00:00:10.000 --> 00:00:12.000\nDaniel: I had a lawyer from legal aid.\n"),
			format: "vtt",
			turns: []wantTurn{
				{speaker: "Facilitator", text: "Welcome to the Ottawa group.", at: "00:00:01", facilitator: true},
				{speaker: "Rana", text: "The documents took eighteen months.", at: "00:00:05"},
				{speaker: "Daniel", text: "I had a lawyer from legal aid.", at: "00:00:10"},
			},
		},
		{
			name: "srt",
			file: "subs.srt",
			data: []byte("1\n00:00:01,000 --> 00:00:03,000\nModerator: Let us begin with housing.\n\n" +
				"2\n00:01:04,000 --> 00:01:07,000\nFarah: Finding an apartment without credit history was hard.\n"),
			format: "srt",
			turns: []wantTurn{
				{speaker: "Moderator", text: "Let us begin with housing.", at: "00:00:01", facilitator: true},
				{speaker: "Farah", text: "Finding an apartment without credit history was hard.", at: "00:01:04"},
			},
		},
		{
			name: "docx bold and plain labels",
			file: "session.docx",
			data: docx(t,
				[]transcript.Run{{Text: "Moderator:", Bold: true}, {Text: " Welcome to Toronto."}},
				[]transcript.Run{{Text: "P1:", Bold: true}, {Text: " I don't post any more."}},
				[]transcript.Run{{Text: "P2: I read everything, every night."}},
			),
			format: "docx",
			turns: []wantTurn{
				{speaker: "Moderator", text: "Welcome to Toronto.", facilitator: true},
				{speaker: "P1", text: "I don't post any more."},
				{speaker: "P2", text: "I read everything, every night."},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newProject(t, nil, "--codebook", "empty")
			f := writeFile(t, t.TempDir(), tc.file, tc.data)
			out := run(t, nil, "import", p, f, "--group", "G")
			name := strings.TrimSuffix(tc.file, filepath.Ext(tc.file))
			if !strings.Contains(out, "imported 1 source(s)") || !strings.Contains(out, name) {
				t.Errorf("import said:\n%s", out)
			}
			srcs := jsonArray(t, run(t, nil, "sources", p, "--json"))
			if len(srcs) != 1 {
				t.Fatalf("%d sources, want 1", len(srcs))
			}
			if srcs[0]["format"] != tc.format || srcs[0]["name"] != name || srcs[0]["kind"] != "transcript" {
				t.Errorf("source = %v, want format %q, name %q, kind transcript", srcs[0], tc.format, name)
			}
			if n := num(t, srcs[0], "turns"); n != len(tc.turns) {
				t.Errorf("sources says %d turns, want %d", n, len(tc.turns))
			}
			show := jsonObject(t, run(t, nil, "show", p, name, "--json"))
			turns, _ := show["turns"].([]any)
			// Every turn holds at least one sentence, and import reports
			// the count the project keeps.
			sents := num(t, show, "sentences")
			if sents < len(tc.turns) {
				t.Errorf("%d sentences for %d turns", sents, len(tc.turns))
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			row := strings.Fields(lines[len(lines)-1]) // name format encoding turns sentences speakers words
			if len(row) != 7 || row[0] != name || row[3] != itoa(len(tc.turns)) || row[4] != itoa(sents) {
				t.Errorf("import row %q, want %s with %d turns and %d sentences", lines[len(lines)-1], name, len(tc.turns), sents)
			}
			if len(turns) != len(tc.turns) {
				t.Fatalf("show --json: %d turns, want %d:\n%v", len(turns), len(tc.turns), turns)
			}
			for i, w := range tc.turns {
				got := turns[i].(map[string]any)
				if got["speaker"] != w.speaker || got["text"] != w.text || got["facilitator"] != w.facilitator {
					t.Errorf("turn %d = %v, want speaker %q text %q facilitator %v", i, got, w.speaker, w.text, w.facilitator)
				}
				// an opaque id, never the label: G-F01 for a facilitator, G-P01 ...
				letter := "P"
				if w.facilitator {
					letter = "F"
				}
				if id, _ := got["participant"].(string); !strings.HasPrefix(id, "G-"+letter) || len(id) != 5 {
					t.Errorf("turn %d: participant %v, want G-%sNN", i, got["participant"], letter)
				}
				at, _ := got["at"].(string)
				if at != w.at {
					t.Errorf("turn %d: at %q, want %q", i, at, w.at)
				}
			}
		})
	}
}

func TestImportMetadata(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil)
	if out := run(t, nil, "sources", p); !strings.Contains(out, "no sources in "+p+" yet") {
		t.Errorf("sources of a new project: %q", out)
	}
	if out := run(t, nil, "sources", p, "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("sources --json of a new project: %q", out)
	}
	dir := t.TempDir()
	f := writeFile(t, dir, "ottawa-session.txt", []byte("Facilitator: Welcome.\nRana: Thank you.\nDaniel: Hello.\n"))
	run(t, nil, "import", p, f, "--city", "Ottawa", "--group", "OTT-1", "--date", "2024-05-01", "--language", "fr", "--name", "ott")
	g := writeFile(t, dir, "plain.txt", []byte("Amira: Bonjour.\nJonas: Salut.\n"))
	run(t, nil, "import", p, g)

	srcs := jsonArray(t, run(t, nil, "sources", p, "--json"))
	if len(srcs) != 2 {
		t.Fatalf("%d sources, want 2", len(srcs))
	}
	for i, s := range srcs {
		assertKeys(t, "sources --json", s, "id", "name", "kind", "format", "city", "group", "date", "language",
			"turns", "words", "participants", "codings")
		if num(t, s, "id") != i+1 {
			t.Errorf("source %d has id %v", i, s["id"])
		}
	}
	want := map[string]any{"name": "ott", "kind": "transcript", "format": "txt", "city": "Ottawa", "group": "OTT-1",
		"date": "2024-05-01", "language": "fr", "turns": 3.0, "words": 4.0, "participants": 2.0, "codings": 0.0}
	for k, v := range want {
		if srcs[0][k] != v {
			t.Errorf("source %q: %s = %v, want %v", srcs[0]["name"], k, srcs[0][k], v)
		}
	}
	// Without --name and --group: the file name, no metadata, and the
	// source is its own group, to which its speakers are scoped.
	if srcs[1]["name"] != "plain" || srcs[1]["group"] != "plain" || srcs[1]["city"] != "" || srcs[1]["date"] != "" {
		t.Errorf("second source = %v, want name and group \"plain\", no city or date", srcs[1])
	}
	people := byKey(t, jsonArray(t, run(t, nil, "participants", p, "--json")), "id")
	if pj, ok := people["plain-P01"]; !ok || pj["group"] != "plain" || pj["label"] != "Amira" {
		t.Errorf("speakers of a source without --group are not scoped to its name: %v", people)
	}
	if pj := people["OTT-1-P01"]; pj == nil || pj["city"] != "Ottawa" || pj["label"] != "Rana" {
		t.Errorf("participant of the Ottawa group = %v, want city Ottawa", pj)
	}

	// The table shows the same, and show works by name and by id.
	table := run(t, nil, "sources", p)
	for _, w := range []string{"ott", "Ottawa", "OTT-1", "2024-05-01", "fr", "plain"} {
		if !strings.Contains(table, w) {
			t.Errorf("sources table lacks %q:\n%s", w, table)
		}
	}
	for _, ref := range []string{"ott", "1"} {
		out := run(t, nil, "show", p, ref)
		if !strings.Contains(out, "Ottawa OTT-1 2024-05-01 fr") || !strings.Contains(out, "Rana") {
			t.Errorf("show %s:\n%s", ref, out)
		}
	}
	failRuntime(t, nil, "show", p, "nosuch")
}

// sourceNames lists the names in `sources --json`.
func sourceNames(t *testing.T, p string) []string {
	t.Helper()
	var names []string
	for _, s := range jsonArray(t, run(t, nil, "sources", p, "--json")) {
		names = append(names, s["name"].(string))
	}
	return names
}

func TestImportRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := writeFile(t, dir, "good.txt", []byte("Amira: A good transcript.\nJonas: Indeed it is.\n"))
	another := writeFile(t, dir, "another.txt", []byte("Karim: Another transcript, a different text.\nNadia: Yes.\n"))
	binary := make([]byte, 512)
	for i := range binary {
		binary[i] = byte(i * 7)
	}
	tests := []struct {
		name  string
		files func(t *testing.T, dir string) []string
		want  []string // parts of the error message
	}{
		{"empty file", func(t *testing.T, dir string) []string {
			return []string{writeFile(t, dir, "empty.txt", nil)}
		}, []string{"empty.txt", "empty"}},
		{"blank file", func(t *testing.T, dir string) []string {
			return []string{writeFile(t, dir, "blank.txt", []byte("  \n\n \r\n"))}
		}, []string{"blank.txt"}},
		{"binary file", func(t *testing.T, dir string) []string {
			return []string{writeFile(t, dir, "binary.txt", binary)}
		}, []string{"binary.txt", "binary"}},
		{"unknown extension", func(t *testing.T, dir string) []string {
			return []string{writeFile(t, dir, "report.pdf", []byte("Amira: hello\n"))}
		}, []string{"report.pdf", "unknown format"}},
		{"corrupt docx", func(t *testing.T, dir string) []string {
			return []string{writeFile(t, dir, "broken.docx", []byte("this is not a zip archive"))}
		}, []string{"broken.docx", "DOCX"}},
		{"truncated docx", func(t *testing.T, dir string) []string {
			d := docx(t, []transcript.Run{{Text: "Amira: hello there."}})
			return []string{writeFile(t, dir, "cut.docx", d[:len(d)/2])}
		}, []string{"cut.docx"}},
		{"missing file", func(t *testing.T, dir string) []string {
			return []string{filepath.Join(dir, "nowhere.txt")}
		}, []string{"nowhere.txt"}},
		{"second file bad (unreadable)", func(t *testing.T, dir string) []string {
			return []string{another, writeFile(t, dir, "empty.txt", nil)}
		}, []string{"empty.txt"}},
		{"second file bad (same text as a source)", func(t *testing.T, dir string) []string {
			return []string{another, writeFile(t, dir, "copy.txt", []byte("Amira: A good transcript.\nJonas: Indeed it is.\n"))}
		}, []string{"copy.txt", "same text", "--force"}},
		{"same text twice under another name", func(t *testing.T, dir string) []string {
			return []string{writeFile(t, dir, "good-again.txt", []byte("Amira: A good transcript.\nJonas: Indeed it is.\n"))}
		}, []string{"good-again.txt", "same text", "good", "--force"}},
		{"same file twice", func(t *testing.T, dir string) []string {
			return []string{good}
		}, []string{"good"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newProject(t, nil, "--codebook", "empty")
			run(t, nil, "import", p, good)
			files := tc.files(t, t.TempDir())
			err := failRuntime(t, nil, append([]string{"import", p}, files...)...)
			errHas(t, err, append(tc.want, "nothing was imported")...)
			if names := sourceNames(t, p); strings.Join(names, ",") != "good" {
				t.Errorf("after a refused import the sources are %v, want only [good]", names)
			}
			if n := len(jsonArray(t, run(t, nil, "participants", p, "--json"))); n != 2 {
				t.Errorf("after a refused import there are %d participants, want 2", n)
			}
		})
	}
}

func TestImportSameTextWithForce(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil, "--codebook", "empty")
	dir := t.TempDir()
	f := writeFile(t, dir, "fg.txt", []byte("Amira: A good transcript.\nJonas: Indeed it is.\n"))
	run(t, nil, "import", p, f)
	err := failRuntime(t, nil, "import", p, f, "--name", "fg-copy")
	errHas(t, err, "same text", "--force")
	run(t, nil, "import", p, f, "--name", "fg-copy", "--force")
	if names := sourceNames(t, p); strings.Join(names, ",") != "fg,fg-copy" {
		t.Errorf("sources %v, want [fg fg-copy]", names)
	}
	// --force does not allow a second source of the same name.
	errHas(t, failRuntime(t, nil, "import", p, f, "--force"), "fg")
}

func TestImportSeveralFiles(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil, "--codebook", "empty")
	dir := t.TempDir()
	a := writeFile(t, dir, "a.txt", []byte("Amira: First.\nJonas: Second.\n"))
	b := writeFile(t, dir, "b.srt", []byte("1\n00:00:01,000 --> 00:00:02,000\nFarah: Third.\n"))
	out := run(t, nil, "import", p, a, b, "--city", "Toronto")
	if !strings.Contains(out, "imported 2 source(s)") {
		t.Errorf("import said:\n%s", out)
	}
	for _, s := range jsonArray(t, run(t, nil, "sources", p, "--json")) {
		if s["city"] != "Toronto" {
			t.Errorf("source %v: --city not applied to every file", s)
		}
	}
	// Two files that would get the same name are refused together.
	c := writeFile(t, t.TempDir(), "a.txt", []byte("Karim: Something else.\nNadia: Yes.\n"))
	d := writeFile(t, t.TempDir(), "c.txt", []byte("Karim: One more.\nNadia: No.\n"))
	err := failRuntime(t, nil, "import", p, d, c)
	errHas(t, err, "a.txt", "nothing was imported")
	if names := sourceNames(t, p); strings.Join(names, ",") != "a,b" {
		t.Errorf("sources %v, want [a b]", names)
	}
}

func TestImportUsageErrors(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil, "--codebook", "empty")
	dir := t.TempDir()
	f := writeFile(t, dir, "a.txt", []byte("Amira: First.\nJonas: Second.\n"))
	g := writeFile(t, dir, "b.txt", []byte("Amira: Other.\nJonas: Text.\n"))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad month", []string{"--date", "2024-13-01"}, "2024-13-01"},
		{"not a date", []string{"--date", "yesterday"}, "yesterday"},
		{"day first", []string{"--date", "01/05/2024"}, "YYYY-MM-DD"},
		{"no file", nil, ""},
		{"--name with two files", []string{"--name", "x", g}, "--name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"import", p}
			if tc.name != "no file" {
				args = append(args, f)
			}
			err := failUsage(t, nil, append(args, tc.args...)...)
			errHas(t, err, tc.want)
			if n := len(sourceNames(t, p)); n != 0 {
				t.Errorf("%d sources imported by a refused command", n)
			}
		})
	}
}

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
	if !strings.Contains(table, "4 participants and 4 facilitator(s)") {
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
