package project

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// Merge brings the codes, codings and memos of other (another copy of the
// project: a coder's offline work) into this one, in one transaction, or
// says what it would bring (dryRun). Merging a file into itself is an
// InvalidError; a merge the store refuses (a source whose text differs)
// names both files and changes nothing.
func (p *Project) Merge(ctx context.Context, other *Project, dryRun bool) (*store.MergeResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	here, there := p.st.Path(), other.st.Path()
	if a, err := os.Stat(here); err == nil {
		if b, err := os.Stat(there); err == nil && os.SameFile(a, b) {
			return nil, InvalidError{fmt.Errorf("merge: %s and %s are the same file", here, there)}
		}
	}
	res, err := p.st.Merge(other.st, dryRun)
	if errors.Is(err, store.ErrMergeRefused) {
		return nil, fmt.Errorf("merge %s into %s: %w", filepath.Base(there), filepath.Base(here), err)
	}
	return res, err
}
