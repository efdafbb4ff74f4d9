package transcript

import (
	"testing"
	"time"
)

func TestReadText(t *testing.T) {
	sec := time.Second
	tests := []struct {
		name string
		file string
		in   string
		want []want
	}{
		{"colon", "a.txt", "Moderator: Hello everyone.\nP1: Hi.\n", []want{
			{"Moderator", "Hello everyone.", 0}, {"P1", "Hi.", 0}}},
		{"space before colon", "a.txt", "Jean-Baptiste : Bonjour.\nÉlise\u00a0: Salut.\nAmal\u202f: Oui.\nP2 :  Non.", []want{
			{"Jean-Baptiste", "Bonjour.", 0}, {"Élise", "Salut.", 0}, {"Amal", "Oui.", 0}, {"P2", "Non.", 0}}},
		{"markdown bold", "a.md", "**Moderator:** Welcome.\n**P1**: Thanks.\n__Amal:__ Fine.\n**Dr. Amal** : ok", []want{
			{"Moderator", "Welcome.", 0}, {"P1", "Thanks.", 0}, {"Amal", "Fine.", 0}, {"Dr. Amal", "ok", 0}}},
		{"bold speech stays", "a.md", "**Moderator:** a **bold** word", []want{
			{"Moderator", "a **bold** word", 0}}},
		{"timestamps", "a.txt", "[00:01:23] Moderator: Hi.\n(00:02:00) P1: Yes.\n00:03:10 P2: No.\n[1:23] P3: Ok.\n[01:02:03.500] P4: Late.", []want{
			{"Moderator", "Hi.", 83 * sec}, {"P1", "Yes.", 120 * sec}, {"P2", "No.", 190 * sec},
			{"P3", "Ok.", 83 * sec}, {"P4", "Late.", 3723*sec + 500*time.Millisecond}}},
		{"timestamp after name", "a.txt", "Moderator (00:01:23): Hi.\nP1 [0:05]: Yo.", []want{
			{"Moderator", "Hi.", 83 * sec}, {"P1", "Yo.", 5 * sec}}},
		{"speaker styles", "a.txt", "Speaker 1: a\nDr. Amal: b\nP12: c\nParticipant 4B: d\nInterviewer: e\nQ: f\nA: g\nAnimatrice : h", []want{
			{"Speaker 1", "a", 0}, {"Dr. Amal", "b", 0}, {"P12", "c", 0}, {"Participant 4B", "d", 0},
			{"Interviewer", "e", 0}, {"Q", "f", 0}, {"A", "g", 0}, {"Animatrice", "h", 0}}},
		{"names", "a.txt", "Maria da Silva: a\nO'Brien: b\nAmal al-Hakim: c\nمريم: d\nDr Chen Wei: e", []want{
			{"Maria da Silva", "a", 0}, {"O'Brien", "b", 0}, {"Amal al-Hakim", "c", 0}, {"مريم", "d", 0},
			{"Dr Chen Wei", "e", 0}}},
		{"continuation and blank lines", "a.txt", "P1: first\nsecond\n\n   third  \nP2: next", []want{
			{"P1", "first\nsecond\nthird", 0}, {"P2", "next", 0}}},
		{"label alone on its line", "a.txt", "Moderator:\nWelcome all.\n\nP1:\n\nThanks.", []want{
			{"Moderator", "Welcome all.", 0}, {"P1", "Thanks.", 0}}},
		{"label without speech dropped", "a.txt", "P1: hi\nP2:\nP3: yo", []want{
			{"P1", "hi", 0}, {"P3", "yo", 0}}},
		{"preamble", "a.txt", "Focus group, Ottawa\nMarch 2024\n\nModerator: Hi.", []want{
			{"", "Focus group, Ottawa\nMarch 2024", 0}, {"Moderator", "Hi.", 0}}},
		{"metadata header is not speech", "a.txt", "Date: 2024-05-01\nLocation: Ottawa\nParticipants: 9\n\nModerator: Hi.", []want{
			{"", "Date: 2024-05-01\nLocation: Ottawa\nParticipants: 9", 0}, {"Moderator", "Hi.", 0}}},
		{"markdown heading kept", "a.md", "# Ottawa focus group\n\n**Facilitator:** Hi.", []want{
			{"", "# Ottawa focus group", 0}, {"Facilitator", "Hi.", 0}}},
		{"no labels: paragraphs", "a.txt", "First paragraph\nstill first.\n\n\nSecond one.\n", []want{
			{"", "First paragraph\nstill first.", 0}, {"", "Second one.", 0}}},
		// The ambiguity rule.
		{"note is not a label", "a.txt", "P1: It was cold.\nNote: the room was cold\nP2: Yes.", []want{
			{"P1", "It was cold.\nNote: the room was cold", 0}, {"P2", "Yes.", 0}}},
		{"bold note is not a label", "a.md", "P1: It was cold.\n**Note:** the heating\nP2: Yes.", []want{
			{"P1", "It was cold.\n**Note:** the heating", 0}, {"P2", "Yes.", 0}}},
		{"sentence is not a label", "a.txt", "P1: I asked them.\nSo my question is: why?\nThen I asked: why?\nP2: Yes.", []want{
			{"P1", "I asked them.\nSo my question is: why?\nThen I asked: why?", 0}, {"P2", "Yes.", 0}}},
		{"lower-case once is not a label", "a.txt", "P1: We left.\nthen it: started\nP2: Ok.", []want{
			{"P1", "We left.\nthen it: started", 0}, {"P2", "Ok.", 0}}},
		{"lower-case label used twice", "a.txt", "amal: hi\nbob: yo\namal: again\nbob: ok", []want{
			{"amal", "hi", 0}, {"bob", "yo", 0}, {"amal", "again", 0}, {"bob", "ok", 0}}},
		{"recurring sentence is not a label", "a.txt", "P1: a\nso my question is: b\nP2: c\nso my question is: d", []want{
			{"P1", "a\nso my question is: b", 0}, {"P2", "c\nso my question is: d", 0}}},
		{"capitalised first appearance", "a.txt", "P1: Hello.\nLeyla: Hi, me too.", []want{
			{"P1", "Hello.", 0}, {"Leyla", "Hi, me too.", 0}}},
		{"five words is not a label", "a.txt", "P1: a\nOne Two Three Four Five: b", []want{
			{"P1", "a\nOne Two Three Four Five: b", 0}}},
		{"too long is not a label", "a.txt", "P1: a\nAbcdefghijklmnopqrstuvwxyz Abcdefghijklmnopq: b", []want{
			{"P1", "a\nAbcdefghijklmnopqrstuvwxyz Abcdefghijklmnopq: b", 0}}},
		{"url is not a label", "a.txt", "P1: See\nhttps://example.org/x: a link\nhttp: //x", []want{
			{"P1", "See\nhttps://example.org/x: a link\nhttp: //x", 0}}},
		{"time is not a label", "a.txt", "P1: We met\n10:30 was the time\nat 10:30: late", []want{
			{"P1", "We met\n10:30 was the time\nat 10:30: late", 0}}},
		{"tight colon only for known styles", "a.txt", "P1:yes\nP2:no\nAmal:maybe", []want{
			{"P1", "yes", 0}, {"P2", "no\nAmal:maybe", 0}}},
		{"inner spaces collapse", "a.txt", "Speaker  1: a\nSpeaker 1: b", []want{
			{"Speaker 1", "a", 0}, {"Speaker 1", "b", 0}}},
		{"leading indentation", "a.txt", "  P1: a\n\tP2:\tb", []want{
			{"P1", "a", 0}, {"P2", "b", 0}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Read(tc.file, []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			checkTurns(t, doc, tc.want)
		})
	}
}

func TestReadTextMeta(t *testing.T) {
	doc, err := Read("Focus.MD", []byte("Title\n\n[00:00:05] Moderator: Hi.\nmore\n\nP1: Yo."))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != FormatMarkdown || doc.Encoding != "utf-8" {
		t.Errorf("format %q encoding %q", doc.Format, doc.Encoding)
	}
	wantLines := []int{1, 3, 6}
	for i, tu := range doc.Turns {
		if tu.Line != wantLines[i] {
			t.Errorf("turn %d line %d, want %d", i, tu.Line, wantLines[i])
		}
	}
	if tu := doc.Turns[1]; !tu.HasTime || tu.At != 5*time.Second || tu.Until != 0 {
		t.Errorf("turn 1 time %+v", tu)
	}
	if doc.Turns[0].HasTime || doc.Turns[2].HasTime {
		t.Error("HasTime set without a timestamp")
	}
	if doc.Text != "Title\n\nHi.\nmore\n\nYo." {
		t.Errorf("text %q", doc.Text)
	}
}

func TestParseClock(t *testing.T) {
	good := map[string]time.Duration{
		"00:01:23":     83 * time.Second,
		"1:23":         83 * time.Second,
		"01:02:03.5":   time.Hour + 2*time.Minute + 3500*time.Millisecond,
		"00:00:01,250": 1250 * time.Millisecond,
		"100:00:00":    100 * time.Hour,
	}
	for in, w := range good {
		if d, ok := parseClock(in); !ok || d != w {
			t.Errorf("parseClock(%q) = %v, %v; want %v", in, d, ok, w)
		}
	}
	for _, in := range []string{"", "12", "1:2", "00:60", "00:01:xx", "a:bc", "1:23:45:67", "1:23.", "1:23.x", ":12", "1234567:00:00"} {
		if d, ok := parseClock(in); ok {
			t.Errorf("parseClock(%q) = %v, want failure", in, d)
		}
	}
}
