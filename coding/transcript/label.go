package transcript

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Speaker labels
//
// A line (or DOCX paragraph, or cue text line) starts a new turn when it
// begins with a speaker label:
//
//	Name: text            Name : text (also with U+00A0 / U+202F before ':')
//	**Name:** text        **Name**: text        __Name:__ text
//	[00:01:23] Name: text (00:01:23) Name: text  00:01:23 Name: text
//	[1:23] Name: text     Name (00:01:23): text  Name [00:01:23]: text
//
// The syntax: after optional white space and an optional timestamp, 1-4
// words of letters, marks, digits, hyphens, apostrophes and dots (at most 40
// code points, starting with a letter or digit, containing a letter), then
// optional spaces, then a colon followed by white space or the end of the
// line. So "https://x", "10:30" and "ratio 3:1" are never labels.
//
// A syntactic label is then accepted by acceptLabel:
//
//  1. never when it is an annotation word ("Note", "Example", "Date",
//     "Location", "Summary", "Remarque", ... see stopLabels);
//  2. always when it is a known speaker style: a role word with an optional
//     id ("P1", "P 3", "Speaker 1", "Participant 4B", "Interviewer",
//     "Moderator", "Facilitator", "Q", "A", "I", "R2", "Animatrice", ...);
//     a known style may even be written without a space after the colon
//     ("P1:yes"), no other label may;
//  3. always when it is marked up as a label: Markdown bold (**Name:**) or,
//     in DOCX, a bold run holding the label;
//  4. when it looks like a name: the first word starts with an upper-case
//     (or caseless-script) letter and every other word with an upper-case
//     or caseless letter, a digit, or is a name particle (de, van, al, bin,
//     ...): "Jane Doe", "Dr. Amal", "Jean-Baptiste", "Élise", "Maria da
//     Silva", but not "So my question is" or "The group said";
//  5. when it has at most two words and the same label (ignoring case)
//     starts at least two lines of the file: "amal" or "jane doe" used as a
//     label throughout a file is a speaker, but a recurring "so my question
//     is:" is not. In subtitle cues, where a prefix at the start of a cue
//     is a strong sign, up to four words: Zoom's "iPhone de Marie: ...".
//
// So "Note: the room was cold" continues the turn (rule 1), "Then I asked:
// why?" continues the turn (rules 4 and 5 fail), and "Montreal: it was
// cold" is taken as a label (rule 4): the price of accepting names at
// their first appearance.

// labelCand is a syntactic speaker label found at the start of a line.
type labelCand struct {
	speaker string // trimmed, markup removed, inner white space collapsed
	key     string // lower-cased speaker, for counting and comparing
	rest    string // the speech after the colon, trimmed
	end     int    // byte offset in the line just past the label's last character
	at      time.Duration
	hasTime bool
	bold    bool // Markdown bold or DOCX bold label
	tight   bool // no white space after the colon
	bracket bool // "[Name] text" form (subtitles)
}

// maxLabelRunes bounds a label's length in code points.
const maxLabelRunes = 40

// maxLabelWords bounds a label's length in words.
const maxLabelWords = 4

// isLabelSpace reports whether r may separate label words or the label and
// its colon (space, tab, and the no-break spaces French typography uses).
func isLabelSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00A0' || r == '\u202F' || r == '\u2009' || r == '\u2007'
}

// isLabelRune reports whether r may appear in a label word.
func isLabelRune(r rune) bool {
	switch r {
	case '-', '\'', '.', '\u2019', '\u2010', '\u2011':
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// skipLabelSpace returns the index of the first non-label-space at or after i.
func skipLabelSpace(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isLabelSpace(r) {
			break
		}
		i += size
	}
	return i
}

// scanTimestamp parses an optional timestamp at s[i:]: "[ts]", "(ts)", or a
// bare "ts" followed by white space. It returns the index after it and any
// following spaces.
func scanTimestamp(s string, i int) (d time.Duration, next int, ok bool) {
	if i >= len(s) {
		return 0, i, false
	}
	switch c := s[i]; {
	case c == '[' || c == '(':
		closer := byte(']')
		if c == '(' {
			closer = ')'
		}
		lim := min(len(s), i+1+20)
		j := strings.IndexByte(s[i+1:lim], closer)
		if j < 0 {
			return 0, i, false
		}
		d, ok := parseClock(s[i+1 : i+1+j])
		if !ok {
			return 0, i, false
		}
		return d, skipLabelSpace(s, i+2+j), true
	case c >= '0' && c <= '9':
		j := i
		for j < len(s) && j-i <= 20 && (isDigit(s[j]) || s[j] == ':' || s[j] == '.' || s[j] == ',') {
			j++
		}
		if j >= len(s) || (s[j] != ' ' && s[j] != '\t') {
			return 0, i, false
		}
		d, ok := parseClock(s[i:j])
		if !ok {
			return 0, i, false
		}
		return d, skipLabelSpace(s, j), true
	}
	return 0, i, false
}

// scanLabel looks for a syntactic speaker label at the start of line (see
// the rules above). It does not judge whether the label is accepted.
func scanLabel(line string) (c labelCand, ok bool) {
	i := skipLabelSpace(line, 0)
	if d, next, ok := scanTimestamp(line, i); ok {
		c.at, c.hasTime, i = d, true, next
	}
	mark := ""
	if strings.HasPrefix(line[i:], "**") || strings.HasPrefix(line[i:], "__") {
		mark = line[i : i+2]
		i += 2
	}
	start := i
	end := i // just past the last non-space label rune
	nr := 0
	for i < len(line) {
		r, size := utf8.DecodeRuneInString(line[i:])
		if r == ':' || r == '(' || r == '[' || (mark != "" && strings.HasPrefix(line[i:], mark)) {
			break
		}
		nr++
		if nr > maxLabelRunes+8 {
			return c, false
		}
		switch {
		case isLabelSpace(r):
		case isLabelRune(r):
			end = i + size
		default:
			return c, false
		}
		i += size
	}
	if i >= len(line) || end == start {
		return c, false
	}
	closed := false
	if mark != "" && strings.HasPrefix(line[i:], mark) { // **Name**:
		closed = true
		i = skipLabelSpace(line, i+2)
	}
	if i < len(line) && (line[i] == '(' || line[i] == '[') { // Name (00:01:23):
		d, next, ok := scanTimestamp(line, i)
		if !ok {
			return c, false
		}
		if !c.hasTime {
			c.at, c.hasTime = d, true
		}
		i = next
		if mark != "" && !closed && strings.HasPrefix(line[i:], mark) {
			closed = true
			i = skipLabelSpace(line, i+2)
		}
	}
	if i >= len(line) || line[i] != ':' {
		return c, false
	}
	i++
	if mark != "" && !closed { // **Name:**
		if !strings.HasPrefix(line[i:], mark) {
			return c, false
		}
		i += 2
	}
	if i < len(line) {
		r, _ := utf8.DecodeRuneInString(line[i:])
		if !unicode.IsSpace(r) {
			c.tight = true
		}
	}
	speaker, ok := cleanLabel(line[start:end])
	if !ok {
		return c, false
	}
	c.speaker = speaker
	c.key = strings.ToLower(speaker)
	c.rest = strings.TrimSpace(line[i:])
	c.end = end
	c.bold = mark != ""
	return c, true
}

// cleanLabel checks the words of a label and collapses its inner spaces.
func cleanLabel(s string) (string, bool) {
	words := 0
	runes := 0
	inWord := false
	wordAlnum := false
	hasLetter := false
	collapse := false
	prevSpace := false
	for _, r := range s {
		runes++
		if isLabelSpace(r) {
			if inWord && !wordAlnum {
				return "", false
			}
			if prevSpace || r != ' ' {
				collapse = true
			}
			inWord, prevSpace = false, true
			continue
		}
		prevSpace = false
		if !inWord {
			words++
			inWord, wordAlnum = true, false
			if words == 1 && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return "", false
			}
		}
		if unicode.IsLetter(r) {
			hasLetter, wordAlnum = true, true
		} else if unicode.IsDigit(r) {
			wordAlnum = true
		}
	}
	if !hasLetter || !wordAlnum || words == 0 || words > maxLabelWords || runes > maxLabelRunes {
		return "", false
	}
	if collapse {
		s = strings.Join(strings.FieldsFunc(s, isLabelSpace), " ")
	}
	return s, true
}

// labelJudge decides which syntactic labels are speaker labels; it knows
// how often each label starts a line in the file.
type labelJudge struct {
	counts     map[string]int
	recurWords int // most words a label accepted for recurring may have
}

// newLabelJudge returns a judge with no counts that accepts recurring
// labels of at most recurWords words.
func newLabelJudge(recurWords int) *labelJudge {
	return &labelJudge{counts: map[string]int{}, recurWords: recurWords}
}

// see counts a candidate found in the first pass over a file.
func (j *labelJudge) see(c labelCand) {
	if !c.tight {
		j.counts[c.key]++
	}
}

// accept applies the acceptance rules to a syntactic label.
func (j *labelJudge) accept(c labelCand) bool {
	if stopLabels[c.key] {
		return false
	}
	if c.bracket {
		if soundLabels[c.key] || c.rest == "" {
			return false
		}
		return knownStyle(c.key) || j.recurring(c) || (nameLike(c.speaker) && !allUpper(c.speaker))
	}
	if knownStyle(c.key) {
		return true
	}
	if c.tight {
		return false
	}
	return c.bold || nameLike(c.speaker) || j.recurring(c)
}

// recurring reports whether a label starts at least two lines and has at
// most recurWords words.
func (j *labelJudge) recurring(c labelCand) bool {
	return j.counts[c.key] >= 2 && strings.Count(c.key, " ") < j.recurWords
}

// roles are lower-case role words that make a known speaker style, alone or
// followed by an id ("p1", "speaker 2", "participant 4b").
var roles = setOf(
	"p", "r", "i", "q", "a", "m", "f", "s", "int", "iv", "ie", "resp", "mod", "fac", "spk", "part",
	"participant", "speaker", "interviewer", "interviewee", "moderator",
	"facilitator", "co-facilitator", "cofacilitator", "respondent", "researcher", "notetaker",
	"note-taker", "note taker", "translator", "interpreter", "host", "co-host", "guest",
	"unknown", "unidentified", "unknown speaker", "audience", "all", "everyone", "group",
	"several", "multiple", "chair", "observer", "assistant", "question", "answer", "voice",
	"male voice", "female voice", "multiple speakers", "several participants",
	"animateur", "animatrice", "modérateur", "modératrice", "intervieweur", "intervieweuse",
	"répondant", "répondante", "chercheur", "chercheuse", "interprète", "traducteur",
	"traductrice", "locuteur", "locutrice", "intervenant", "intervenante", "enquêteur",
	"enquêtrice", "participante", "tous", "plusieurs", "inconnu", "inconnue",
)

// stopLabels are lower-case words that, before a colon, introduce notes and
// metadata rather than speech.
var stopLabels = setOf(
	"note", "notes", "nb", "n.b", "n.b.", "ps", "p.s", "p.s.", "example", "examples", "e.g",
	"e.g.", "i.e", "i.e.", "eg", "ie.", "update", "edit", "warning", "caution", "important",
	"summary", "context", "translation", "comment", "comments", "source", "sources", "re",
	"fw", "fwd", "subject", "date", "time", "duration", "location", "place", "venue", "title",
	"topic", "theme", "themes", "transcript", "transcriber", "transcribed by", "recorded",
	"recording", "audio", "video", "file", "present", "absent", "attendees", "language",
	"city", "session", "tip", "remark", "observation", "aside", "definition", "quote",
	"reference", "references", "see", "cf", "cf.", "tel", "phone", "email", "e-mail", "url",
	"website", "address", "total", "result", "results", "conclusion", "objective",
	"objectives", "purpose", "participants", "speakers", "moderators", "facilitators", "reminder", "todo", "to do", "fyi", "step", "attention",
	"why", "how", "what", "who", "when", "where", "because", "so", "but", "and", "or", "yes",
	"no", "ok", "okay", "well", "then", "also", "remarque", "exemple", "lieu", "heure",
	"durée", "sujet", "thème", "présents", "absents", "langue", "ville", "groupe", "séance",
	"traduction", "contexte", "résumé", "mise à jour", "attention", "rappel", "objet",
)

// soundLabels are bracketed subtitle annotations that are never speakers.
var soundLabels = setOf(
	"music", "applause", "laughter", "laughs", "laughing", "inaudible", "crosstalk",
	"cross-talk", "silence", "noise", "cheering", "cheers", "sighs", "sigh", "coughs",
	"cough", "pause", "unintelligible", "foreign", "background", "indistinct", "chuckles",
	"clears throat", "phone rings", "door closes", "door opens", "speaking foreign language",
	"no audio", "blank audio", "music playing", "musique", "rires", "applaudissements",
	"inaudible", "silence", "bruit",
)

// particles are lower-case name particles allowed inside a name.
var particles = setOf(
	"de", "du", "des", "da", "di", "del", "della", "dos", "das", "do", "van", "von", "der",
	"den", "ter", "la", "le", "el", "al", "bin", "ibn", "bint", "binti", "y", "e", "st", "st.",
	"ben", "abu", "ould", "mac", "zu", "af", "av",
)

// setOf builds a set of strings.
func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// knownStyle reports whether a lower-cased label is a role word, alone or
// followed by an id: "p1", "p 1", "p-1", "p#1", "speaker 2", "participant 4b".
func knownStyle(key string) bool {
	if roles[key] {
		return true
	}
	if k := strings.LastIndexAny(key, " -#"); k > 0 && isID(key[k+1:]) {
		return roles[strings.TrimRight(key[:k], " -#")]
	}
	// "p1", "p12a", "r2"
	k := len(key)
	if k > 0 && key[k-1] >= 'a' && key[k-1] <= 'z' && k > 1 && isDigit(key[k-2]) {
		k-- // a trailing letter after digits
	}
	j := k
	for j > 0 && isDigit(key[j-1]) {
		j--
	}
	if j == k || j == 0 || k-j > 4 {
		return false
	}
	return roles[key[:j]]
}

// isID reports whether s is a speaker id: up to 4 digits with an optional
// trailing letter, or a single letter.
func isID(s string) bool {
	if len(s) == 1 && s[0] >= 'a' && s[0] <= 'z' {
		return true
	}
	k := len(s)
	if k > 1 && s[k-1] >= 'a' && s[k-1] <= 'z' {
		k--
	}
	if k == 0 || k > 4 {
		return false
	}
	for i := 0; i < k; i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// nameLike reports whether a label is written like a name: every word
// starts with an upper-case or caseless letter (later words may also start
// with a digit, or be a lower-case name particle).
func nameLike(s string) bool {
	first := true
	for len(s) > 0 {
		w := s
		if k := strings.IndexByte(s, ' '); k >= 0 {
			w, s = s[:k], s[k+1:]
		} else {
			s = ""
		}
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsLetter(r) && !unicode.IsLower(r):
		case !first && unicode.IsDigit(r):
		case !first && particle(w):
		default:
			return false
		}
		first = false
	}
	return true
}

// particle reports whether a word is a name particle ("de", "al-Hakim").
func particle(w string) bool {
	if particles[w] {
		return true
	}
	if k := strings.IndexAny(w, "-'\u2019"); k > 0 {
		return particles[w[:k]]
	}
	return false
}

// allUpper reports whether s has letters and none of them is lower-case.
func allUpper(s string) bool {
	upper := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			upper = true
		}
	}
	return upper
}

// isDigit reports whether b is an ASCII digit.
func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// parseClock parses a timestamp "h:mm:ss", "hh:mm:ss", "mm:ss" or "m:ss",
// with an optional fraction after '.' or ','.
func parseClock(s string) (time.Duration, bool) {
	var parts [3]string
	n := 0
	for {
		k := strings.IndexByte(s, ':')
		if k < 0 {
			break
		}
		if n == 2 {
			return 0, false
		}
		parts[n], s = s[:k], s[k+1:]
		n++
	}
	if n == 0 {
		return 0, false
	}
	frac := ""
	if k := strings.IndexAny(s, ".,"); k >= 0 {
		s, frac = s[:k], s[k+1:]
		if frac == "" || len(frac) > 9 || !allDigits(frac) {
			return 0, false
		}
	}
	parts[n] = s
	n++
	var d time.Duration
	for i := 0; i < n; i++ {
		p := parts[i]
		maxLen := 2
		if i == 0 {
			maxLen = 6
		}
		if p == "" || len(p) > maxLen || !allDigits(p) {
			return 0, false
		}
		v := 0
		for j := 0; j < len(p); j++ {
			v = v*10 + int(p[j]-'0')
		}
		if i > 0 && (len(p) != 2 || v > 59) {
			return 0, false
		}
		d = d*60 + time.Duration(v)
	}
	d *= time.Second
	if frac != "" {
		ns := 0
		for j := 0; j < 9; j++ {
			ns *= 10
			if j < len(frac) {
				ns += int(frac[j] - '0')
			}
		}
		d += time.Duration(ns)
	}
	return d, true
}

// allDigits reports whether s is non-empty and all ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
