package transcript

import (
	"testing"
)

func TestReadSRT(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []want
	}{
		{"name prefix merges", "1\n00:00:01,000 --> 00:00:04,000\nModerator: Welcome\neveryone.\n\n2\n00:00:04,500 --> 00:00:06,000\nModerator: Let's start.\n\n3\n00:00:07,000 --> 00:00:09,000\nP1: Thanks.\n", []want{
			{"Moderator", "Welcome everyone. Let's start.", ms(1000)}, {"P1", "Thanks.", ms(7000)}}},
		{"bracket speaker", "1\n00:00:01,000 --> 00:00:02,000\n[Amal] I agree.\n\n2\n00:00:02,000 --> 00:00:03,000\n[MUSIC]\n\n3\n00:00:03,000 --> 00:00:04,000\n[Bob]: Me too.", []want{
			{"Amal", "I agree.", ms(1000)}, {"", "[MUSIC]", ms(2000)}, {"Bob", "Me too.", ms(3000)}}},
		{"sound annotations are not speakers", "1\n00:00:01,000 --> 00:00:02,000\n[laughter] yes\n\n2\n00:00:02,000 --> 00:00:03,000\n[DOOR SLAMS] Who is there?", []want{
			{"", "[laughter] yes", ms(1000)}, {"", "[DOOR SLAMS] Who is there?", ms(2000)}}},
		{"dash dialogue", "1\n00:00:01,000 --> 00:00:02,000\n- Amal: Are you coming?\n- Bob: Yes.\n", []want{
			{"Amal", "Are you coming?", ms(1000)}, {"Bob", "Yes.", ms(1000)}}},
		{"tags stripped", "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>P1:</i> <font color=\"#ffff00\">very</font> <b>good</b> <3 &amp;\n", []want{
			{"P1", "very good <3 &amp;", ms(1000)}}},
		{"dot separator and no number", "00:00:01.000 --> 00:00:02.000\nP1: a\n\n00:00:02.000 --> 00:00:03.000 X1:40 X2:600 Y1:20 Y2:50\nP1: b", []want{
			{"P1", "a b", ms(1000)}}},
		{"no speakers", "1\n00:00:01,000 --> 00:00:02,000\nOne\ntwo\n\n2\n00:00:02,000 --> 00:00:03,000\nThree", []want{
			{"", "One two", ms(1000)}, {"", "Three", ms(2000)}}},
		{"missing blank line", "1\n00:00:01,000 --> 00:00:02,000\nP1: a\n2\n00:00:02,000 --> 00:00:03,000\nP2: b\n\n3\n", []want{
			{"P1", "a", ms(1000)}, {"P2", "b", ms(2000)}}},
		{"unlabelled line continues the cue's speaker", "1\n00:00:01,000 --> 00:00:02,000\nP1: a\nb\n\n2\n00:00:02,000 --> 00:00:03,000\nc", []want{
			{"P1", "a b", ms(1000)}, {"", "c", ms(2000)}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Read("a.srt", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			checkTurns(t, doc, tc.want)
		})
	}
}

func TestSRTTimesAndLines(t *testing.T) {
	doc, err := Read("a.srt", []byte("1\r\n00:00:01,000 --> 00:00:04,000\r\nP1: a\r\n\r\n2\r\n00:00:05,000 --> 00:00:06,500\r\nP1: b\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	tu := doc.Turns[0]
	if doc.Format != FormatSRT || !tu.HasTime || tu.At != ms(1000) || tu.Until != ms(6500) || tu.Line != 2 {
		t.Errorf("format %q turn %+v", doc.Format, tu)
	}
}

func TestSRTErrors(t *testing.T) {
	tests := []struct{ name, in, msg string }{
		{"bad timing", "1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\n00:00:03,000 -> 00:00:04,000\nyo\n\n3\n00:00:0x,000 --> 00:00:05,000\nyo",
			`transcript "a.srt" line 6: bad cue timing "00:00:03,000 -> 00:00:04,000"`},
		{"bad timing after number", "1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\n00:00:0x,000 --> 00:00:05,000\nyo",
			`transcript "a.srt" line 6: bad cue timing "00:00:0x,000 --> 00:00:05,000"`},
		{"number then junk", "1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\nsoon\nyo",
			`transcript "a.srt" line 6: bad cue timing "soon"`},
		{"not subtitles", "Hello there\nfriend",
			`transcript "a.srt" line 1: expected a subtitle number or timing line ("00:00:01,000 --> 00:00:04,000"), got "Hello there"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("a.srt", []byte(tc.in))
			if err == nil || err.Error() != tc.msg {
				t.Errorf("error\n %v\nwant\n %s", err, tc.msg)
			}
		})
	}
}
