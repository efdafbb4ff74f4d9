package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes.
const (
	exitOK       = 0
	exitFailure  = 1
	exitUsage    = 2
	exitInternal = 3 // a bug: a panic
)

// execute runs the command line and returns the exit code. A panic is a
// bug, never the user's mistake: it is reported as an internal error with
// the version and where it happened, and exits 3. Every output file is
// written through a temporary file renamed into place and every change of
// the project is one transaction, so a panic leaves nothing half written.
func execute(env *Env, root *cobra.Command) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(env.Err, "fieldwork: internal error (fieldwork %s): %v\n  at %s\nThis is a bug; nothing was changed by the failed step. Please report it with the command you ran.\n",
				version(), r, panicSite())
			code = exitInternal
		}
	}()
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(env.Err, errorLine(err))
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(env.Err, "Run 'fieldwork help' for usage.")
		return exitUsage
	}
	return exitFailure
}

// version is the module version the binary was built from ("(devel)" from
// a clone), with the commit when the build recorded one.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown version"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}

// panicSite is a short stack hint: the innermost functions of this module
// on the panicking goroutine's stack (below the runtime's panic frames),
// up to three, innermost first, with their files and lines.
func panicSite() string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var site []string
	for len(site) < 3 {
		f, more := frames.Next()
		if strings.Contains(f.Function, "fieldwork-qda/fieldwork/") && !strings.HasSuffix(f.Function, ".execute.func1") {
			site = append(site, fmt.Sprintf("%s (%s:%d)", shortFunc(f.Function), filepath.Base(f.File), f.Line))
		}
		if !more {
			break
		}
	}
	if len(site) == 0 {
		return "an unknown place"
	}
	return strings.Join(site, " ← ")
}

// shortFunc drops the module path from a function name.
func shortFunc(fn string) string {
	return strings.TrimPrefix(fn, "github.com/fieldwork-qda/fieldwork/")
}

// errorLine is the error as printed: "fieldwork: " and the message, unless
// the message already names the command ("fieldwork recs: expects ..."),
// which would say "fieldwork: fieldwork recs:".
func errorLine(err error) string {
	msg := err.Error()
	if strings.HasPrefix(msg, "fieldwork ") || strings.HasPrefix(msg, "fieldwork:") {
		return msg
	}
	return "fieldwork: " + msg
}
