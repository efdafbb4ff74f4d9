package transcript

import "strings"

// parseSRT parses a SubRip file: blocks of a cue number, a timing line
// "00:00:01,000 --> 00:00:04,000" and text lines. The speaker comes from a
// prefix of a text line ("Name: ...", "- Name: ...", "[Name] ...", by the
// label rules, sound annotations like "[MUSIC]" excluded); <i>, <b>, <u>,
// <font> tags and {\an8} codes are removed. Consecutive cues of one speaker
// merge as in WebVTT. Turn.Line is the line of the turn's first timing line.
func parseSRT(name, text string) (*Document, error) {
	lines := strings.Split(text, "\n")
	cues, err := parseCues(name, lines, 0, cueFormat{
		orphanMsg: `expected a subtitle number or timing line ("00:00:01,000 --> 00:00:04,000")`,
	})
	if err != nil {
		return nil, err
	}
	return cueTurns(cues, false), nil
}
