package project

import (
	"context"
	"fmt"
	"strings"

	"github.com/fieldwork-qda/fieldwork/internal/store"
	"github.com/fieldwork-qda/fieldwork/internal/suggest"
)

// ChosenByDefault says, beside the coders in scope, that they are the
// project's default coders.
const ChosenByDefault = "the project's default"

// CoderScope is which coders a table or report counts, and who chose them.
type CoderScope struct {
	// Coders are the coders counted; nil counts every coder.
	Coders []string
	// ChosenBy says who chose them: the caller's words for its own choice
	// ("--coder"), ChosenByDefault, or "" when every coder counts.
	ChosenBy string
}

// CoderScope resolves the coders a table counts: asked, when the caller
// asked for some (askedBy names how, as "--coder"), else the project's
// default coders, else every coder.
func (p *Project) CoderScope(asked []string, askedBy string) (CoderScope, error) {
	if len(asked) > 0 {
		return CoderScope{Coders: asked, ChosenBy: askedBy}, nil
	}
	set, err := p.st.Settings()
	if err != nil {
		return CoderScope{}, err
	}
	if len(set.Coders) > 0 {
		return CoderScope{Coders: set.Coders, ChosenBy: ChosenByDefault}, nil
	}
	return CoderScope{}, nil
}

// SettingsChange is a change to the project's settings; nil fields stay as
// they are.
type SettingsChange struct {
	Title *string
	// Coders are the new default coders; an empty slice counts every
	// coder again. Each must have codings in the project.
	Coders *[]string
}

// ChangeSettings applies ch and returns the settings as saved. A default
// coder without codings in the project is refused (an InvalidError naming
// the closest coder there is): a mistyped name would make every table
// fail.
func (p *Project) ChangeSettings(ctx context.Context, ch SettingsChange, actor string) (store.Settings, error) {
	set, err := p.st.Settings()
	if err != nil {
		return set, err
	}
	if ch.Title != nil {
		set.Title = strings.TrimSpace(*ch.Title)
	}
	if ch.Coders != nil {
		known, err := p.st.Coders()
		if err != nil {
			return set, err
		}
		var coders []string
		seen := map[string]bool{}
		for _, c := range *ch.Coders {
			c = strings.TrimSpace(c)
			if c == "" || seen[c] {
				continue
			}
			if !contains(known, c) {
				return set, InvalidError{fmt.Errorf("coder %q has no codings in %s (coders: %s)%s",
					c, p.st.Path(), orNone(known), suggest.Phrase(c, known))}
			}
			seen[c] = true
			coders = append(coders, c)
		}
		set.Coders = coders
	}
	if err := p.st.SaveSettings(set, actor); err != nil {
		return set, err
	}
	return set, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none yet"
	}
	return strings.Join(list, ", ")
}
