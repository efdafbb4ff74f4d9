package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/fieldwork-qda/fieldwork/analysis/report"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// writeOut writes a document to standard output when out is "", else to
// the file out, atomically (a temporary file in the same folder renamed
// into place, so a failed write leaves no half file) and readable by its
// owner only, whatever the mode of a file it replaces. It reports whether
// it wrote a file.
func (e *Env) writeOut(out string, data []byte) (bool, error) {
	if out == "" {
		_, err := e.Out.Write(data)
		return false, diskFull(err, "standard output")
	}
	return true, diskFull(report.WriteFile(out, data), out)
}

// diskFull names a full disk (ENOSPC) as such, with the file being
// written; other errors pass unchanged.
func diskFull(err error, file string) error {
	if err == nil || errors.Is(err, store.ErrDiskFull) || !errors.Is(err, syscall.ENOSPC) {
		return err
	}
	return fmt.Errorf("disk full: writing %s: %w", file, err)
}

// checkOut refuses an output path that would overwrite the project file
// (or any project file) or is an existing folder where a file is expected.
func checkOut(project, out string) error {
	if strings.EqualFold(filepath.Ext(out), ".fwp") {
		return usagef("--out %q: refusing to write a report over a project file (*.fwp)", out)
	}
	pa, err1 := filepath.Abs(project)
	oa, err2 := filepath.Abs(out)
	if err1 == nil && err2 == nil && pa == oa {
		return usagef("--out %q is the project itself", out)
	}
	if pi, err := os.Stat(project); err == nil {
		if oi, err := os.Stat(out); err == nil && os.SameFile(pi, oi) {
			return usagef("--out %q is the project itself", out)
		}
	}
	return nil
}
