package tui

import (
	"fmt"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// codeField is one descriptive field of a code, edited on the Codebook
// screen in this order.
type codeField int

const (
	fieldDefinition codeField = iota
	fieldInclusion
	fieldExclusion
	fieldExample
	fieldColour
	fieldCount
)

func (f codeField) String() string {
	return [...]string{"definition", "inclusion", "exclusion", "example", "colour"}[f]
}

// of is the field's value in a code.
func (f codeField) of(c coding.Code) string {
	return [...]string{c.Definition, c.Inclusion, c.Exclusion, c.Example, c.Color}[f]
}

// fields sets only this field to text.
func (f codeField) fields(text string) store.CodeFields {
	var cf store.CodeFields
	*[...]**string{&cf.Definition, &cf.Inclusion, &cf.Exclusion, &cf.Example, &cf.Color}[f] = &text
	return cf
}

// allFields are every field of a code, to create it again.
func allFields(c coding.Code) store.CodeFields {
	var cf store.CodeFields
	for f := codeField(0); f < fieldCount; f++ {
		if v := f.of(c); v != "" {
			cf = mergeFields(cf, f.fields(v))
		}
	}
	return cf
}

func mergeFields(a, b store.CodeFields) store.CodeFields {
	for _, p := range [][2]**string{{&a.Definition, &b.Definition}, {&a.Inclusion, &b.Inclusion}, {&a.Exclusion, &b.Exclusion},
		{&a.Example, &b.Example}, {&a.Color, &b.Color}} {
		if *p[1] != nil {
			*p[0] = *p[1]
		}
	}
	return a
}

// pathOf is the current path of a code by id ("" for id 0, the top).
func pathOf(st *store.Store, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	c, err := st.CodeByID(id)
	if err != nil {
		return "", fmt.Errorf("the code is gone: %w", err)
	}
	return c.Path, nil
}

// performCodebook saves a codebook action or its redo.
func performCodebook(st *store.Store, a action) (action, error) {
	var (
		c   coding.Code
		err error
	)
	switch a.kind {
	case actAddCode:
		c, err = st.AddCode(a.codePath, store.CodeFields{})
	case actDeleteCode:
		var path string
		if path, err = pathOf(st, a.codeID); err == nil {
			if c, err = st.CodeByID(a.codeID); err == nil {
				a.fields = c
				_, err = st.DeleteCode(path, false)
			}
		}
		return a, err
	default:
		return changeCode(st, a, a.newText, a.newParent)
	}
	if err != nil {
		return a, err
	}
	a.codeID, a.codePath = c.ID, c.Path
	return a, nil
}

// revertCodebook undoes a codebook action.
func revertCodebook(st *store.Store, a action) (action, error) {
	switch a.kind {
	case actAddCode:
		path, err := pathOf(st, a.codeID)
		if err != nil {
			return a, err
		}
		_, err = st.DeleteCode(path, false)
		return a, err
	case actDeleteCode:
		c, err := st.AddCode(a.fields.Path, allFields(a.fields))
		if err != nil {
			return a, err
		}
		a.codeID, a.codePath = c.ID, c.Path
		return a, nil
	}
	return changeCode(st, a, a.oldText, a.oldParent)
}

// changeCode renames, moves or edits the action's code to text or parent.
func changeCode(st *store.Store, a action, text string, parent int64) (action, error) {
	path, err := pathOf(st, a.codeID)
	if err != nil {
		return a, err
	}
	var c coding.Code
	switch a.kind {
	case actRenameCode:
		c, err = st.RenameCode(path, text)
	case actMoveCode:
		var to string
		if to, err = pathOf(st, parent); err == nil {
			c, err = st.MoveCode(path, to)
		}
	case actEditCode:
		c, err = st.UpdateCode(path, a.field.fields(text))
	}
	if err != nil {
		return a, err
	}
	a.codePath = c.Path
	if a.kind == actMoveCode && a.newText == "" {
		a.newText = c.Path // where it went, for the notes
	}
	return a, nil
}
