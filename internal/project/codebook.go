package project

import (
	"fmt"
	"strings"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
	"github.com/fieldwork-qda/fieldwork/internal/suggest"
)

// AddCode adds the code at path ("Theme/Sub-code"). Its parent must be a
// code of the codebook, named by its full path: a mistyped parent would
// otherwise become a new theme, silently. With parents, missing parents
// are created instead. An unknown parent is an InvalidError naming the
// closest code there is.
func (p *Project) AddCode(path string, f store.CodeFields, parents bool) (coding.Code, error) {
	parts, err := coding.SplitPath(path)
	if err == nil && len(parts) > 1 && !parents {
		parent := coding.JoinPath(parts[:len(parts)-1])
		cb, err := p.st.Codebook()
		if err != nil {
			return coding.Code{}, err
		}
		known := make([]string, len(cb))
		found := false
		for i, c := range cb {
			known[i] = c.Path
			found = found || strings.EqualFold(c.Path, parent)
		}
		if !found {
			return coding.Code{}, InvalidError{fmt.Errorf("add code %q: the codebook has no code %q to put it under (--parents creates it)%s",
				path, parent, suggest.Phrase(parent, known))}
		}
	}
	return p.st.AddCode(path, f)
}
