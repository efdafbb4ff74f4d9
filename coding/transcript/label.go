package transcript

import (
	"fmt"
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
//	Name (descriptor): text                      P3 - text (also – and —)
//	Speaker 1  0:00       (Otter.ai: label and time alone, speech below)
//
// A descriptor in parentheses ("P2 (woman, 40s):", "Moderator (Jane):")
// is kept apart from the speaker (Turn.Descriptor), so "P2" written with
// and without it is one speaker and "Moderator (Jane)" a facilitator.
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
// A label before a dash ("P3 - text") is taken only when it is a known
// style other than a lone letter or a word for several people or a part
// ("I - I went", "All - of us", "Part 2 - Barriers" stay speech), or a
// name that starts other lines with a dash too ("Ottawa - the city" once
// stays speech, and so does "Maria - she said" when only "Maria:" starts
// other lines). A label-and-time line is taken when it is a known style,
// or a name in a file with two or more such lines.
//
// A refused label that still looks like a speaker's (a name, a role with
// an id) gives a warning with its line (Document.Warnings).
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
	dash    bool // "Name - text" form
	timed   bool // "Name  0:00" alone on its line, the speech below (Otter.ai)
	// descriptor is the parenthesised text after the label ("woman, 40s"
	// in "P2 (woman, 40s): ..."), kept out of the speaker.
	descriptor string
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
	if c, ok := scanTimedLabel(line); ok {
		return c, true
	}
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
	dash := false
	for i < len(line) {
		r, size := utf8.DecodeRuneInString(line[i:])
		if r == ':' || r == '(' || r == '[' || (mark != "" && strings.HasPrefix(line[i:], mark)) {
			break
		}
		if end < i && isDash(r) && dashFollows(line, i) { // "P3 - text"
			dash = true
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
	if !dash && mark != "" && strings.HasPrefix(line[i:], mark) { // **Name**:
		closed = true
		i = skipLabelSpace(line, i+2)
	}
	// Name (00:01:23):, Name (woman, 40s):, Name (Jane) [00:01:23]:
	for k := 0; !dash && k < 2 && i < len(line) && (line[i] == '(' || line[i] == '['); k++ {
		if d, next, ok := scanTimestamp(line, i); ok {
			if !c.hasTime {
				c.at, c.hasTime = d, true
			}
			i = next
			continue
		}
		desc, next, ok := scanDescriptor(line, i)
		if !ok || c.descriptor != "" {
			return c, false
		}
		c.descriptor, i = desc, next
	}
	if !dash && mark != "" && !closed && strings.HasPrefix(line[i:], mark) {
		closed = true
		i = skipLabelSpace(line, i+2)
	}
	if !dash && closed && i < len(line) {
		if r, _ := utf8.DecodeRuneInString(line[i:]); isDash(r) && dashFollows(line, i) { // **P3** - text
			dash = true
		}
	}
	switch {
	case dash:
		_, size := utf8.DecodeRuneInString(line[i:])
		i += size
		if mark != "" && !closed {
			return c, false
		}
		c.dash = true
	case i < len(line) && line[i] == ':':
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
	default:
		return c, false
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
	if c.dash && c.rest == "" {
		return c, false // "P3 -" alone says too little
	}
	return c, true
}

// isDash reports whether r is a hyphen or dash that may separate a label
// from its speech ("P3 - text", "P3 – text", "P3 — text").
func isDash(r rune) bool { return r == '-' || r == '\u2013' || r == '\u2014' }

// dashFollows reports whether the dash at line[i] stands alone: white space
// after it ("P3 - text", not "P3 -text" or "Jean -Baptiste").
func dashFollows(line string, i int) bool {
	_, size := utf8.DecodeRuneInString(line[i:])
	if i+size >= len(line) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(line[i+size:])
	return isLabelSpace(r)
}

// maxDescriptorRunes bounds the parenthesised descriptor after a label.
const maxDescriptorRunes = 60

// scanDescriptor parses "(text)" at line[i]: a descriptor of 1-60 code
// points holding no bracket. It returns the trimmed text and the index after
// it and any following spaces.
func scanDescriptor(line string, i int) (string, int, bool) {
	if i >= len(line) || line[i] != '(' {
		return "", i, false
	}
	n := 0
	for j, r := range line[i+1:] {
		switch r {
		case ')':
			d := strings.TrimSpace(line[i+1 : i+1+j])
			if d == "" {
				return "", i, false
			}
			return strings.Join(strings.FieldsFunc(d, isLabelSpace), " "), skipLabelSpace(line, i+2+j), true
		case '(', '[', ']', '\n':
			return "", i, false
		}
		if n++; n > maxDescriptorRunes {
			return "", i, false
		}
	}
	return "", i, false
}

// scanTimedLabel recognises Otter.ai's speaker line: a label, white space
// and a clock, and nothing else ("Speaker 1  0:00", "Maria Gonzalez
// 1:02:03"); the speech follows on the next lines.
func scanTimedLabel(line string) (c labelCand, ok bool) {
	t := strings.TrimRightFunc(line, unicode.IsSpace)
	if t == "" || !isDigit(t[len(t)-1]) {
		return c, false
	}
	k := strings.LastIndexAny(t, " \t")
	if k < 0 {
		return c, false
	}
	d, ok := parseClock(t[k+1:])
	if !ok {
		return c, false
	}
	start := skipLabelSpace(t, 0)
	if start >= k {
		return c, false // a clock alone, no label before it
	}
	head := t[start:k]
	for _, r := range head {
		if !isLabelRune(r) && !isLabelSpace(r) {
			return c, false
		}
	}
	speaker, ok := cleanLabel(strings.TrimRightFunc(head, isLabelSpace))
	if !ok {
		return c, false
	}
	return labelCand{speaker: speaker, key: strings.ToLower(speaker), end: len(head), at: d, hasTime: true, timed: true}, true
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
	timed      int // lines in Otter's "label  clock" form
	dashes     map[string]int
}

// newLabelJudge returns a judge with no counts that accepts recurring
// labels of at most recurWords words.
func newLabelJudge(recurWords int) *labelJudge {
	return &labelJudge{counts: map[string]int{}, dashes: map[string]int{}, recurWords: recurWords}
}

// see counts a candidate found in the first pass over a file.
func (j *labelJudge) see(c labelCand) {
	if c.timed {
		j.timed++
	}
	if c.dash {
		j.dashes[c.key]++
	}
	if !c.tight {
		j.counts[c.key]++
	}
}

// accept applies the acceptance rules to a syntactic label.
func (j *labelJudge) accept(c labelCand) bool {
	if stopLabels[c.key] {
		return false
	}
	switch {
	case c.bracket:
		if soundLabels[c.key] || c.rest == "" {
			return false
		}
		return knownStyle(c.key) || j.recurring(c) || (nameLike(c.speaker) && !allUpper(c.speaker))
	case c.dash:
		// "Ottawa - the city" and "Part 2 - Barriers" are prose and
		// headings: a dash takes a role with an id or a role word, or a
		// name that starts other lines with a dash too ("Maria: ..."
		// elsewhere does not make "Maria - she said" a label).
		return dashStyle(c.key) || (!interjections[c.key] && nameLike(c.speaker) &&
			j.dashes[c.key] >= 2 && strings.Count(c.key, " ") < j.recurWords)
	case c.timed:
		// "Ottawa 10:30" alone on a line may be a heading; Otter's export
		// has a line like it before every turn.
		return knownStyle(c.key) || (j.timed >= 2 && (nameLike(c.speaker) || j.recurring(c)))
	}
	if knownStyle(c.key) {
		return true
	}
	if c.tight {
		return false
	}
	return c.bold || nameLike(c.speaker) || j.recurring(c)
}

// doubtful reports whether a label that accept refused still looks like a
// speaker's (a name, or a role word with an id), so that the researcher
// is told where to check the file: "Maria - I went there." once, "Amal:yes".
// Interjections, notes and a lone letter ("I - I went") do not.
func (j *labelJudge) doubtful(c labelCand) bool {
	if stopLabels[c.key] || soundLabels[c.key] || interjections[c.key] {
		return false
	}
	if role, _, ok := roleOf(c.key); ok {
		return len(c.key) > 1 && !vagueRoles[role]
	}
	return nameLike(c.speaker)
}

// form renders a candidate as written, without its speech or descriptor,
// for messages.
func (c labelCand) form() string {
	switch {
	case c.dash:
		return c.speaker + " -"
	case c.timed:
		return c.speaker + " " + clock(c.at)
	case c.bracket:
		return "[" + c.speaker + "]"
	}
	return c.speaker + ":"
}

// clock formats a duration as Otter does: m:ss or h:mm:ss.
func clock(d time.Duration) string {
	s := int(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
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
	_, _, ok := roleOf(key)
	return ok
}

// roleOf splits a lower-cased label into its role word and whether an id
// follows it; ok is false unless the label is a known style.
func roleOf(key string) (role string, id, ok bool) {
	if roles[key] {
		return key, false, true
	}
	if k := strings.LastIndexAny(key, " -#"); k > 0 && isID(key[k+1:]) {
		role = strings.TrimRight(key[:k], " -#")
		return role, true, roles[role]
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
		return "", false, false
	}
	return key[:j], true, roles[key[:j]]
}

// dashStyle reports whether a lower-cased label may start a turn with a
// dash ("P3 - text"): a known style other than a lone letter ("I - I
// went") or a word for several people or a part of a document ("All -",
// "Part 2 -").
func dashStyle(key string) bool {
	role, id, ok := roleOf(key)
	return ok && !vagueRoles[role] && (id || len(role) > 1)
}

// vagueRoles are role words that, before a dash, are more often prose or a
// heading than a speaker.
var vagueRoles = setOf(
	"all", "everyone", "group", "several", "multiple", "voice", "audience", "question",
	"answer", "part", "tous", "plusieurs", "unknown", "chair",
)

// interjections begin spoken lines ("Yeah - I mean", "Bon - on verra");
// they are never labels worth a warning.
var interjections = setOf(
	"yeah", "yep", "yup", "nope", "um", "uh", "erm", "hmm", "mm", "oh", "ah", "right",
	"sure", "exactly", "actually", "anyway", "like", "okay so", "alright", "oui", "ouais",
	"bon", "alors", "donc", "mais", "euh", "voilà", "enfin", "bref", "d'accord", "merci",
	"thanks", "thank you", "sorry", "please", "honestly", "really", "wait", "look", "listen",
	"i mean", "you know", "and then", "et puis", "i think", "i",
)

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

// IsRoleLabel reports whether a speaker label is a role word, alone or with
// an id, rather than a name: "P1", "Speaker 2", "Participant 4B",
// "Moderator", "Animatrice", "Q".
func IsRoleLabel(label string) bool {
	return knownStyle(strings.ToLower(strings.Join(strings.FieldsFunc(label, isLabelSpace), " ")))
}

// IsNameParticle reports whether a word is a particle that may stand
// between the parts of a name in lower case: "da" in "Maria da Silva",
// "al-Hakim".
func IsNameParticle(word string) bool {
	return particle(strings.ToLower(word))
}
