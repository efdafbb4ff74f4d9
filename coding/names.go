package coding

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fieldwork-qda/fieldwork/coding/transcript"
)

// LooksLikePersonalName reports whether a speaker label looks like a
// person's name, which an export must not show: two or more words that
// start with a capital (or a letter of a script without case) and hold no
// digit, name particles allowed between them ("Maria Gonzalez", "Dr. Amal",
// "Maria da Silva", "Moderator Jane Doe" once the role word is set aside).
// Role labels ("P2", "Speaker 1", "Moderator", "Female voice"), a single
// word ("Maria") and lower-case words ("jane doe") do not.
func LooksLikePersonalName(label string) bool {
	if transcript.IsRoleLabel(label) {
		return false
	}
	words := strings.FieldsFunc(label, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("()[],;:*_", r)
	})
	names := 0
	for _, w := range words {
		bare := strings.ToLower(strings.Trim(w, ".'’"))
		if bare == "" || transcript.IsRoleLabel(bare) || facilitatorWords[bare] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case strings.IndexFunc(w, unicode.IsDigit) >= 0:
			return false
		case unicode.IsLetter(r) && !unicode.IsLower(r):
			names++
		case names > 0 && transcript.IsNameParticle(w):
			// "al-Hakim", "d'Arc" name someone; "da" does not on its own.
			if k := strings.IndexAny(w, "-'’"); k > 0 {
				_, sep := utf8.DecodeRuneInString(w[k:])
				if r, _ := utf8.DecodeRuneInString(w[k+sep:]); unicode.IsUpper(r) {
					names++
				}
			}
		default:
			return false
		}
	}
	return names >= 2
}
