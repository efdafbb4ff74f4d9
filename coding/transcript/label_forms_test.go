package transcript

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestLabelForms covers the label forms beyond "Name: text": a
// parenthesised descriptor, "LABEL - text", and Otter.ai's label-and-time
// lines; each with the prose that must stay speech.
func TestLabelForms(t *testing.T) {
	sec := time.Second
	tests := []struct {
		name string
		in   string
		want []want
	}{
		// Taken as labels.
		{"descriptor", "P1: Hi.\nP2 (woman, 40s): From the radio.", []want{
			{"P1", "Hi.", 0}, {"P2", "From the radio.", 0}}},
		{"role word with a name", "Moderator (Jane): Welcome.\nP1: Thanks.", []want{
			{"Moderator", "Welcome.", 0}, {"P1", "Thanks.", 0}}},
		{"descriptor and time", "Moderator (Jane) [00:01:23]: Welcome.\nP1 (00:01:30) (man): Yes.", []want{
			{"Moderator", "Welcome.", 83 * sec}, {"P1", "Yes.", 90 * sec}}},
		{"dash", "P1: Hi.\nP3 - I went there.\nSpeaker 2 – Me too.\nModerator — Thanks.", []want{
			{"P1", "Hi.", 0}, {"P3", "I went there.", 0}, {"Speaker 2", "Me too.", 0}, {"Moderator", "Thanks.", 0}}},
		{"bold dash", "**P3** - I went there.\n**P4** - So did I.", []want{
			{"P3", "I went there.", 0}, {"P4", "So did I.", 0}}},
		{"name with a dash, used twice", "Maria - hi\nAhmed: ok\nMaria - again", []want{
			{"Maria", "hi", 0}, {"Ahmed", "ok", 0}, {"Maria", "again", 0}}},
		{"name with a colon, then a dash", "Maria: hi\nAhmed: ok\nMaria - she was my friend.\nMaria: yes", []want{
			{"Maria", "hi", 0}, {"Ahmed", "ok\nMaria - she was my friend.", 0}, {"Maria", "yes", 0}}},
		{"otter", "Speaker 1  0:00\nHello everyone.\n\nSpeaker 2  0:15\nThanks.\nMore.\n\nSpeaker 1  1:02:03\nBye.\n", []want{
			{"Speaker 1", "Hello everyone.", 0}, {"Speaker 2", "Thanks.\nMore.", 15 * sec}, {"Speaker 1", "Bye.", 3723 * sec}}},
		{"otter with names", "Maria Gonzalez  0:03\nHi.\n\nAhmed Saleh  0:09\nYo.\n", []want{
			{"Maria Gonzalez", "Hi.", 3 * sec}, {"Ahmed Saleh", "Yo.", 9 * sec}}},
		// Left as speech.
		{"note with a dash", "P1: We left.\nNote - this is important\nP2: Ok.", []want{
			{"P1", "We left.\nNote - this is important", 0}, {"P2", "Ok.", 0}}},
		{"stutter", "P1: Well.\nI - I went there.\nP2: Ok.", []want{
			{"P1", "Well.\nI - I went there.", 0}, {"P2", "Ok.", 0}}},
		{"group words and headings", "P1: a\nAll - of us went.\nPart 2 - Barriers\nGroup 1 - Ottawa", []want{
			{"P1", "a\nAll - of us went.\nPart 2 - Barriers\nGroup 1 - Ottawa", 0}}},
		{"a place once with a dash", "P1: a\nOttawa - the city was cold.\nP2: b", []want{
			{"P1", "a\nOttawa - the city was cold.", 0}, {"P2", "b", 0}}},
		{"interjection twice", "P1: a\nYeah - I mean it.\nYeah - sure.", []want{
			{"P1", "a\nYeah - I mean it.\nYeah - sure.", 0}}},
		{"dash without space", "P1: a\nJean -Baptiste came\nP2-3 went\n- I went there", []want{
			{"P1", "a\nJean -Baptiste came\nP2-3 went\n- I went there", 0}}},
		{"dash at the end", "P1: a\nP3 -\nP2: b", []want{{"P1", "a\nP3 -", 0}, {"P2", "b", 0}}},
		{"aside in parentheses", "P1: a\nWe met (in March): it was cold\nIt was (mostly): fine", []want{
			{"P1", "a\nWe met (in March): it was cold\nIt was (mostly): fine", 0}}},
		{"a time once on its own line", "P1: a\nMeeting 10:30\nP2: b", []want{
			{"P1", "a\nMeeting 10:30", 0}, {"P2", "b", 0}}},
		{"a sentence ending in a time", "P1: We met at 10:30\nthen we left at 11:15", []want{
			{"P1", "We met at 10:30\nthen we left at 11:15", 0}}},
		{"nested parentheses", "P1: a\nP2 (woman (40s)): b", []want{{"P1", "a\nP2 (woman (40s)): b", 0}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Read("a.txt", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			checkTurns(t, doc, tc.want)
		})
	}
}

func TestDescriptorKept(t *testing.T) {
	doc, err := Read("a.txt", []byte("P2 (woman,  40s): From the radio.\nP2: Again."))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Turns[0].Descriptor != "woman, 40s" || doc.Turns[1].Descriptor != "" {
		t.Fatalf("descriptors %q, %q", doc.Turns[0].Descriptor, doc.Turns[1].Descriptor)
	}
}

func TestLabelWarnings(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // Warning.String() prefixes
	}{
		{"doubtful lines", "P1: a\nOttawa - the city\nAmal:maybe\nNote - x\nI - I went\nYeah - sure\nthen it: went\nP2: b",
			[]string{`line 2: "Ottawa -" looks like a speaker label`, `line 3: "Amal:" looks like a speaker label`}},
		{"otter line alone", "P1: a\nMaria Gonzalez  0:03\nHi.", []string{`line 2: "Maria Gonzalez 0:03" looks like a speaker label`}},
		{"all clear", "P1: a\nP2 (man): b\nP3 - c\nNote: d", nil},
		{"no label at all", "We talked.\n\nThen we left.", []string{"no speaker label found"}},
		{"a speaker-less preamble is fine", "Focus group\n\nP1: a", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Read("a.txt", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Warnings) != len(tc.want) {
				t.Fatalf("warnings %q, want %d", doc.Warnings, len(tc.want))
			}
			for i, w := range tc.want {
				if got := doc.Warnings[i].String(); !strings.HasPrefix(got, w) {
					t.Errorf("warning %d = %q, want it to start with %q", i, got, w)
				}
			}
		})
	}
}

func TestLabelWarningsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("P1: a\n")
	for i := range 25 {
		fmt.Fprintf(&b, "Ottawa%c - the city\n", 'a'+i)
	}
	doc, err := Read("a.txt", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Warnings) != maxLabelWarnings+1 || doc.Warnings[0].Line != 2 ||
		doc.Warnings[maxLabelWarnings].String() != "5 more lines look like speaker labels but were read as speech" {
		t.Fatalf("warnings %q", doc.Warnings)
	}
}

func TestCueLabelWarnings(t *testing.T) {
	in := "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nP1: Hello.\n\n00:00:03.000 --> 00:00:04.000\nAmal:yes\n"
	doc, err := Read("a.vtt", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Warnings) != 1 || doc.Warnings[0].Line != 6 {
		t.Fatalf("warnings %q", doc.Warnings)
	}
}
