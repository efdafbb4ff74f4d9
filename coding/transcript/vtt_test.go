package transcript

import (
	"errors"
	"testing"
	"time"
)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

func TestReadVTT(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []want
	}{
		{"teams voices merge", "WEBVTT\n\n" +
			"a1b2/1-0\n00:00:01.000 --> 00:00:03.000\n<v Speaker 1>Hello there.</v>\n\n" +
			"a1b2/2-0\n00:00:03.500 --> 00:00:05.000\n<v Speaker 1>How are you?</v>\n\n" +
			"a1b2/3-0\n00:00:06.000 --> 00:00:07.000\n<v Speaker 2>Fine.</v>\n", []want{
			{"Speaker 1", "Hello there. How are you?", ms(1000)}, {"Speaker 2", "Fine.", ms(6000)}}},
		{"voice with class, no close tag", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v.loud Mary Jane>Stop!\n\n00:02.000 --> 00:03.000\n<v.first.loud Esme>It's a blue apple tree!", []want{
			{"Mary Jane", "Stop!", ms(1000)}, {"Esme", "It's a blue apple tree!", ms(2000)}}},
		{"zoom name prefix", "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nJane Doe: Hello\n\n2\n00:00:02.000 --> 00:00:04.000\nJane Doe: and welcome.\n\n3\n00:00:05.000 --> 00:00:06.000\niPhone de Marie: Merci.\n\n4\n00:00:07.000 --> 00:00:08.000\niPhone de Marie: Oui.", []want{
			{"Jane Doe", "Hello and welcome.", ms(1000)}, {"iPhone de Marie", "Merci. Oui.", ms(5000)}}},
		{"no speaker: a turn per cue", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne\n\n00:00:02.000 --> 00:00:03.000\nTwo", []want{
			{"", "One", ms(1000)}, {"", "Two", ms(2000)}}},
		{"tags and entities", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Bob><c.yellow>Hi</c> &amp; <i>bye</i> &lt;3 <00:00:01.500><b><u>now</u></b><lang fr>oui</lang>&nbsp;&lrm;x</v>", []want{
			{"Bob", "Hi & bye <3 nowoui\u00a0\u200ex", ms(1000)}}},
		{"multi-line cue joins with a space", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000 align:start position:10%\n<v Amal>first line\nsecond line</v>\n", []want{
			{"Amal", "first line second line", ms(1000)}}},
		{"header text, notes, style, region", "WEBVTT - Ottawa focus group\nKind: captions\n\nNOTE this is a note\nwith two lines\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:fred\n\n00:00:01.000 --> 00:00:02.000\n<v A>x</v>\n\nNOTE\nbetween\n\n00:00:02.000 --> 00:00:03.000\n<v A>y</v>", []want{
			{"A", "x y", ms(1000)}}},
		{"two voices in one cue", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>hi</v>\n<v B>yo</v>\n", []want{
			{"A", "hi", ms(1000)}, {"B", "yo", ms(1000)}}},
		{"blank line inside cue text", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>one\n\ntwo</v>\n\n00:00:02.000 --> 00:00:03.000\n<v B>three</v>", []want{
			{"A", "one two", ms(1000)}, {"B", "three", ms(2000)}}},
		{"missing blank line between cues", "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n<v A>one</v>\n2\n00:00:02.000 --> 00:00:03.000\n<v B>two</v>", []want{
			{"A", "one", ms(1000)}, {"B", "two", ms(2000)}}},
		{"empty cues skipped", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n00:00:02.000 --> 00:00:03.000\n<v A></v>\n\n00:00:03.000 --> 00:00:04.000\n<v A>x</v>", []want{
			{"A", "x", ms(3000)}}},
		{"cue identifier with words", "WEBVTT\n\nintro\n00:00:01.000 --> 00:00:02.000\nFacilitator: Welcome.\n", []want{
			{"Facilitator", "Welcome.", ms(1000)}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Read("a.vtt", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			checkTurns(t, doc, tc.want)
		})
	}
}

func TestVTTTimesAndLines(t *testing.T) {
	in := "\uFEFFWEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\n<v A>a</v>\n\n2\n00:00:03.500 --> 00:01:05.250\n<v A>b</v>\n\n3\n01:00:06.000 --> 01:00:07.000\n<v B>c</v>\n"
	doc, err := Read("a.vtt", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != FormatVTT || doc.Encoding != "utf-8-bom" {
		t.Errorf("format %q encoding %q", doc.Format, doc.Encoding)
	}
	a, b := doc.Turns[0], doc.Turns[1]
	if !a.HasTime || a.At != ms(1000) || a.Until != ms(65250) || a.Line != 4 {
		t.Errorf("turn A = %+v", a)
	}
	if !b.HasTime || b.At != time.Hour+ms(6000) || b.Until != time.Hour+ms(7000) || b.Line != 12 {
		t.Errorf("turn B = %+v", b)
	}
}

func TestVTTErrors(t *testing.T) {
	tests := []struct {
		name, in, msg string
	}{
		{"bad timing", "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nhi\n\n2\n00:01:xx --> 00:00:03.000\nyo",
			`transcript "ottawa.vtt" line 8: bad cue timing "00:01:xx --> 00:00:03.000"`},
		{"bad end", "WEBVTT\n\n00:00:01.000 --> soon\nhi",
			`transcript "ottawa.vtt" line 3: bad cue timing "00:00:01.000 --> soon"`},
		{"end before start", "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nhi",
			`transcript "ottawa.vtt" line 3: cue ends before it starts: "00:00:05.000 --> 00:00:01.000"`},
		{"no header", "1\n00:00:01.000 --> 00:00:02.000\nhi",
			`transcript "ottawa.vtt" line 1: not a WebVTT file: the first line must be "WEBVTT", got "1"`},
		{"header glued", "WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\nhi",
			`transcript "ottawa.vtt" line 1: not a WebVTT file: the first line must be "WEBVTT", got "WEBVTTX"`},
		{"text before cues", "WEBVTT\n\nhello\nthere\nfriend",
			`transcript "ottawa.vtt" line 3: expected a cue timing line ("00:00:01.000 --> 00:00:04.000"), got "hello"`},
		{"long line clipped", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n\n00:00:0x.000 --> 00:00:02.000 align:start position:10% size:50%",
			`transcript "ottawa.vtt" line 6: bad cue timing "00:00:0x.000 --> 00:00:02.000 align:start positi..."`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("ottawa.vtt", []byte(tc.in))
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tc.msg {
				t.Errorf("message\n %s\nwant\n %s", err, tc.msg)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line == 0 {
				t.Errorf("not a *ParseError with a line: %#v", err)
			}
		})
	}
}

func TestVTTNoCues(t *testing.T) {
	doc, err := Read("a.vtt", []byte("WEBVTT\n\nNOTE nothing yet\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Turns) != 0 || doc.Text != "" {
		t.Errorf("got %+v", doc)
	}
}
