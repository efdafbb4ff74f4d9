package transcript

import "strings"

// parseVTT parses a WebVTT file: the "WEBVTT" header (optionally followed by
// text and header lines), NOTE/STYLE/REGION blocks skipped, optional cue
// identifiers, timing lines "hh:mm:ss.ttt --> hh:mm:ss.ttt [settings]"
// (hours optional). The speaker of a cue comes from a voice tag (<v Name>,
// <v.loud Name>), else from a speaker prefix of the text ("Jane Doe: ...",
// by the label rules), else there is none. Other tags are removed and HTML
// entities decoded; the lines of a cue join with a space. Turn.Line is the
// line of the turn's first timing line.
func parseVTT(name, text string) (*Document, error) {
	lines := strings.Split(text, "\n")
	head := strings.TrimPrefix(lines[0], "\uFEFF")
	if !strings.HasPrefix(head, "WEBVTT") || (len(head) > 6 && head[6] != ' ' && head[6] != '\t') {
		return nil, lineError(name, 1, "not a WebVTT file: the first line must be \"WEBVTT\", got %q", clip(head))
	}
	// Skip header lines up to the first blank line (or a misplaced cue).
	i := 1
	for i < len(lines) && !isBlank(lines[i]) && !strings.Contains(lines[i], "-->") {
		i++
	}
	cues, err := parseCues(name, lines, i, cueFormat{
		vtt:       true,
		orphanMsg: `expected a cue timing line ("00:00:01.000 --> 00:00:04.000")`,
	})
	if err != nil {
		return nil, err
	}
	return cueTurns(cues, true), nil
}
