package redact

import (
	"strings"
	"unicode"
)

// roleWords are speaker labels that name a role, not a person.
var roleWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`speaker participant respondent interviewer interviewee moderator moderatrice
		modérateur modératrice facilitator facilitatrice facilitateur animatrice animateur host co-host guest
		interpreter translator interprète traducteur traductrice observer researcher chercheur chercheuse
		note-taker notetaker assistant chair member panelist panellist audience everyone all group unknown
		inaudible crosstalk voice voices woman man female male femme homme person personne other others
		multiple several participante intervenant intervenante p s r q a b c`) {
		roleWords[w] = true
	}
}

// LooksLikePersonalName reports whether a speaker label looks like a
// person's name ("Maria Gonzalez", "Élise", "O'Brien") rather than a role or
// a number ("P3", "Speaker 1", "Facilitator", "Woman 2"): one to four words,
// each a capitalised word of letters (with ' or -), none a role word, and no
// digits anywhere.
func LooksLikePersonalName(label string) bool {
	words := strings.Fields(label)
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	for _, w := range words {
		if roleWords[strings.ToLower(strings.Trim(w, ".,:()"))] {
			return false
		}
		letters := 0
		for i, r := range w {
			switch {
			case unicode.IsLetter(r):
				if i == 0 && !unicode.IsUpper(r) {
					return false
				}
				letters++
			case r == '\'' || r == '’' || r == '-' || r == '.':
			default:
				return false
			}
		}
		if letters == 0 {
			return false
		}
	}
	// A single initial ("M.") or all-capital code ("ABC") is not a name.
	joined := strings.Join(words, "")
	return len([]rune(strings.Trim(joined, ".'-’"))) >= 2 && strings.ToUpper(joined) != joined
}
