package transcript

import (
	"html"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// cue is one timed block of a WebVTT or SRT file.
type cue struct {
	line       int // 1-based line of the timing line
	start, end time.Duration
	text       []string // raw text lines
}

// parseTiming parses "START --> END [settings]".
func parseTiming(line string) (start, end time.Duration, ok bool) {
	k := strings.Index(line, "-->")
	if k < 0 {
		return 0, 0, false
	}
	left := strings.TrimSpace(line[:k])
	right := strings.TrimLeft(line[k+3:], " \t")
	if j := strings.IndexAny(right, " \t"); j >= 0 {
		right = right[:j]
	}
	start, ok1 := parseClock(left)
	end, ok2 := parseClock(right)
	return start, end, ok1 && ok2
}

// looksLikeTiming reports whether line starts with a timestamp, as a cue
// timing line would.
func looksLikeTiming(line string) bool {
	f := strings.TrimSpace(line)
	if k := strings.IndexAny(f, " \t-"); k >= 0 {
		f = f[:k]
	}
	_, ok := parseClock(f)
	return ok
}

// cueFormat holds what differs between WebVTT and SRT cue parsing.
type cueFormat struct {
	vtt bool
	// orphanMsg is the error for text before the first cue.
	orphanMsg string
}

// parseCues reads the cue blocks of lines[first:]. Blocks are separated by
// blank lines; a block's timing line is its first line, or its second after
// a cue identifier (SRT: the cue number). A block with no timing line after
// a cue continues that cue's text (a blank line inside cue text); a timing
// line inside cue text starts a new cue (a missing blank line). A bad
// timing line is an error naming its line.
func parseCues(name string, lines []string, first int, f cueFormat) ([]cue, error) {
	var cues []cue
	i := first
	for i < len(lines) {
		l := lines[i]
		if isBlank(l) {
			i++
			continue
		}
		if f.vtt && isVTTMeta(l) {
			for i < len(lines) && !isBlank(lines[i]) {
				i++
			}
			continue
		}
		timing := -1
		if strings.Contains(l, "-->") {
			timing = i
		} else if i+1 < len(lines) && strings.Contains(lines[i+1], "-->") {
			timing = i + 1
		}
		if timing < 0 {
			j := i
			for j < len(lines) && !isBlank(lines[j]) {
				j++
			}
			if j == i+1 && allDigits(strings.TrimSpace(l)) {
				i = j // a stray cue number
				continue
			}
			// A cue number or a timestamp without a good "-->" is a broken
			// timing line, not text.
			if looksLikeTiming(l) {
				return nil, lineError(name, i+1, "bad cue timing %q", clip(l))
			}
			if j > i+1 && allDigits(strings.TrimSpace(l)) {
				return nil, lineError(name, i+2, "bad cue timing %q", clip(lines[i+1]))
			}
			if len(cues) == 0 {
				return nil, lineError(name, i+1, "%s, got %q", f.orphanMsg, clip(l))
			}
			last := &cues[len(cues)-1]
			last.text = append(last.text, lines[i:j]...)
			i = j
			continue
		}
		start, end, ok := parseTiming(lines[timing])
		if !ok {
			return nil, lineError(name, timing+1, "bad cue timing %q", clip(lines[timing]))
		}
		if end < start {
			return nil, lineError(name, timing+1, "cue ends before it starts: %q", clip(lines[timing]))
		}
		c := cue{line: timing + 1, start: start, end: end}
		i = timing + 1
		for i < len(lines) && !isBlank(lines[i]) {
			if strings.Contains(lines[i], "-->") {
				if s, e, ok := parseTiming(lines[i]); ok && s <= e {
					if n := len(c.text); n > 0 && allDigits(strings.TrimSpace(c.text[n-1])) {
						c.text = c.text[:n-1]
					}
					cues = append(cues, c)
					c = cue{line: i + 1, start: s, end: e}
					i++
					continue
				}
			}
			c.text = append(c.text, lines[i])
			i++
		}
		cues = append(cues, c)
	}
	return cues, nil
}

// isVTTMeta reports whether a block starting with line is a WebVTT NOTE,
// STYLE or REGION block.
func isVTTMeta(line string) bool {
	for _, kw := range [...]string{"NOTE", "STYLE", "REGION"} {
		if strings.HasPrefix(line, kw) {
			rest := line[len(kw):]
			if rest == "" || rest[0] == ' ' || rest[0] == '\t' {
				return !strings.Contains(line, "-->")
			}
		}
	}
	return false
}

// cueLine is one line of cue text after markup is removed.
type cueLine struct {
	text      string
	voice     string // the <v> voice the line is in
	hasVoice  bool
	spanStart bool // first line of a <v> span
	cand      labelCand
	hasCand   bool
}

// cueLines splits a cue's text into clean lines: tags (and, for WebVTT,
// voice spans and HTML entities) handled.
func cueLines(c cue, vtt bool) []cueLine {
	raw := strings.Join(c.text, "\n")
	var out []cueLine
	emit := func(text, voice string, hasVoice, spanStart bool) {
		for _, l := range strings.Split(text, "\n") {
			if vtt {
				l = html.UnescapeString(l)
			}
			l = strings.TrimSpace(l)
			if l == "" {
				continue
			}
			out = append(out, cueLine{text: l, voice: voice, hasVoice: hasVoice, spanStart: spanStart})
			spanStart = false
		}
	}
	var sb strings.Builder
	voice, hasVoice, spanStart := "", false, false
	// Once a search for '>' or '}' fails, none follows: do not search again
	// (that would be quadratic in "<a<a<a...").
	noGT, noBrace := false, false
	for i := 0; i < len(raw); {
		ch := raw[i]
		if ch == '<' && !noGT && i+1 < len(raw) && isTagStart(raw[i+1]) {
			j := strings.IndexByte(raw[i+1:], '>')
			noGT = j < 0
			if j >= 0 {
				tag := raw[i+1 : i+1+j]
				i += j + 2
				if !vtt {
					continue
				}
				if v, ok := voiceTag(tag); ok {
					emit(sb.String(), voice, hasVoice, spanStart)
					sb.Reset()
					voice, hasVoice, spanStart = v, true, true
				} else if tag == "/v" {
					emit(sb.String(), voice, hasVoice, spanStart)
					sb.Reset()
					voice, hasVoice, spanStart = "", false, false
				}
				continue
			}
		}
		if ch == '{' && !noBrace && i+1 < len(raw) && raw[i+1] == '\\' { // {\an8} override codes
			j := strings.IndexByte(raw[i:], '}')
			noBrace = j < 0
			if j >= 0 {
				i += j + 1
				continue
			}
		}
		sb.WriteByte(ch)
		i++
	}
	emit(sb.String(), voice, hasVoice, spanStart)
	return out
}

// isTagStart reports whether b may follow '<' in a markup tag.
func isTagStart(b byte) bool {
	return b == '/' || isDigit(b) || (b|0x20 >= 'a' && b|0x20 <= 'z')
}

// voiceTag parses the inside of a WebVTT "<v Name>" or "<v.class Name>" tag.
func voiceTag(tag string) (string, bool) {
	if tag == "v" {
		return "", true
	}
	if len(tag) < 2 || tag[0] != 'v' || (tag[1] != ' ' && tag[1] != '\t' && tag[1] != '.') {
		return "", false
	}
	rest := tag[1:]
	k := strings.IndexAny(rest, " \t")
	if k < 0 {
		return "", true // <v.loud>
	}
	name := strings.Join(strings.Fields(html.UnescapeString(rest[k:])), " ")
	if !norm.NFC.IsNormalString(name) {
		name = norm.NFC.String(name)
	}
	return name, true
}

// scanCueLabel finds a speaker prefix in a line of cue text: "Name: text",
// "- Name: text" or "[Name] text".
func scanCueLabel(line string) (labelCand, bool) {
	s := line
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "\u2013 ") || strings.HasPrefix(s, "\u2014 ") {
		_, size := utf8.DecodeRuneInString(s)
		s = strings.TrimLeft(s[size:], " \t")
	}
	if strings.HasPrefix(s, "[") {
		if j := strings.IndexByte(s, ']'); j > 1 {
			if sp, ok := cleanLabel(strings.TrimSpace(s[1:j])); ok {
				rest := strings.TrimLeft(s[j+1:], " \t")
				if strings.HasPrefix(rest, ":") {
					rest = rest[1:]
				}
				return labelCand{
					speaker: sp, key: strings.ToLower(sp), rest: strings.TrimSpace(rest),
					bracket: true,
				}, true
			}
		}
	}
	return scanLabel(s)
}

// cueTurns builds a Document from cues. Each cue's lines are split into
// speaker segments (a <v> span, or a line starting with an accepted speaker
// prefix, starts one; other lines continue it); consecutive segments of the
// same named speaker, across cues, merge into one turn joined with a space.
// Segments without a speaker are turns of their own.
func cueTurns(cues []cue, vtt bool) *Document {
	all := make([][]cueLine, len(cues))
	judge := newLabelJudge(maxLabelWords)
	for i, c := range cues {
		ls := cueLines(c, vtt)
		for j := range ls {
			if ls[j].hasVoice {
				continue
			}
			if cand, ok := scanCueLabel(ls[j].text); ok {
				ls[j].cand, ls[j].hasCand = cand, true
				judge.see(cand)
			}
		}
		all[i] = ls
	}
	var b docBuilder
	var text strings.Builder
	var turn Turn
	var warn warnings
	open := false
	flush := func() {
		if open {
			b.add(turn, text.String())
		}
		text.Reset()
		open = false
	}
	for i, c := range cues {
		inCue := false // a segment of this cue is open
		for _, l := range all[i] {
			speaker, words, newSeg := turn.Speaker, l.text, false
			descriptor := ""
			accepted := l.hasCand && judge.accept(l.cand)
			if l.hasCand && !accepted && judge.doubtful(l.cand) {
				warn.doubtLabel(c.line, l.cand)
			}
			switch {
			case l.hasVoice:
				speaker, newSeg = l.voice, l.spanStart || !inCue
			case accepted:
				speaker, words, newSeg = l.cand.speaker, l.cand.rest, true
				descriptor = l.cand.descriptor
			case !inCue:
				speaker, newSeg = "", true
			}
			if newSeg && !(open && speaker != "" && speaker == turn.Speaker) {
				flush()
				open = true
				turn = Turn{Speaker: speaker, Descriptor: descriptor, Line: c.line, HasTime: true, At: c.start}
			}
			inCue = true
			turn.Until = max(turn.Until, c.end)
			if words != "" {
				if text.Len() > 0 {
					text.WriteByte(' ')
				}
				text.WriteString(words)
			}
		}
	}
	flush()
	return b.doc(&warn)
}
