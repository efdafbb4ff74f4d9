package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/fieldwork-qda/fieldwork/coding/transcript"
)

// docx builds a Word document of paragraphs, each of its runs. It panics
// on an error: it only ever writes the tests' own fixed fixtures.
func docx(paras ...[]transcript.Run) []byte {
	ps := make([]transcript.Paragraph, len(paras))
	for i, runs := range paras {
		ps[i] = transcript.Paragraph{Runs: runs}
	}
	var b bytes.Buffer
	if err := transcript.WriteDOCX(&b, ps); err != nil {
		panic(err)
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

// importFormat is one transcript format imported end to end.
type importFormat struct {
	name   string
	file   string
	data   []byte
	format string
	turns  []wantTurn
}

// importFormats are the transcript formats and the turns each must give.
var importFormats = []importFormat{
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
		data: docx(
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

func TestImportFormats(t *testing.T) {
	t.Parallel()
	for _, tc := range importFormats {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newProject(t, nil, "--codebook", "empty")
			f := writeFile(t, t.TempDir(), tc.file, tc.data)
			out := run(t, nil, "import", p, f, "--group", "G")
			checkImported(t, p, tc, out)
		})
	}
}

// checkImported checks what import said and what the project keeps of one
// imported format.
func checkImported(t *testing.T, p string, tc importFormat, out string) {
	t.Helper()
	name := strings.TrimSuffix(tc.file, filepath.Ext(tc.file))
	if !strings.Contains(out, "imported 1 source into") || !strings.Contains(out, name) {
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
			return []string{writeFile(t, dir, "report.epub", []byte("Amira: hello\n"))}
		}, []string{"report.epub", "unknown format"}},
		{"text file named .pdf", func(t *testing.T, dir string) []string {
			return []string{writeFile(t, dir, "report.pdf", []byte("Amira: hello\n"))}
		}, []string{"report.pdf", "not a PDF"}},
		{"corrupt docx", func(t *testing.T, dir string) []string {
			return []string{writeFile(t, dir, "broken.docx", []byte("this is not a zip archive"))}
		}, []string{"broken.docx", "DOCX"}},
		{"truncated docx", func(t *testing.T, dir string) []string {
			d := docx([]transcript.Run{{Text: "Amira: hello there."}})
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
	if !strings.Contains(out, "imported 2 sources into") {
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
