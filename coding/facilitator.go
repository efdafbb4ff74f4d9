package coding

import (
	"strings"
	"unicode"
)

// facilitatorWords are the role names, in English and French, that mark a
// speaker label as the person running the session rather than a participant.
var facilitatorWords = map[string]bool{
	"facilitator": true, "facilitatrice": true, "facilitateur": true,
	"moderator": true, "moderatrice": true, "modérateur": true, "modératrice": true, "moderateur": true,
	"interviewer": true, "intervieweur": true, "intervieweuse": true,
	"animatrice": true, "animateur": true, "host": true, "cofacilitator": true,
	"co-facilitator": true, "notetaker": true, "note-taker": true,
}

// IsFacilitatorLabel reports whether a speaker label names a facilitator,
// moderator, interviewer or animatrice, alone or with a name or number
// ("Moderator", "Facilitator 2", "Animatrice (Julie)", "Interviewer - Sam").
func IsFacilitatorLabel(label string) bool {
	words := strings.FieldsFunc(strings.ToLower(label), func(r rune) bool {
		return !(unicode.IsLetter(r) || r == '-')
	})
	for _, w := range words {
		if facilitatorWords[w] {
			return true
		}
	}
	return false
}
