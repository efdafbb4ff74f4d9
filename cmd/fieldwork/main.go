// Command fieldwork is the command line of fieldwork, a terminal-first,
// privacy-first toolkit for focus-group and survey research. This package
// only parses flags, calls the use cases of internal/project and the
// domain packages, and prints; see docs/ARCHITECTURE.md for where the work
// happens.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

func main() {
	restrictUmask()
	// No signal handler: Ctrl-C kills the process as usual, which is safe,
	// since every change is one transaction and every output file is
	// renamed into place only when complete.
	env := &Env{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv, Args0: os.Args[0]}
	stop := startProfile(os.Getenv("FIELDWORK_CPUPROFILE"))
	code := execute(env, newRootCmd(env))
	stop()
	os.Exit(code)
}

// startProfile writes a CPU profile of the whole process to path, for
// maintainers measuring a command as a user runs it (bench/whole.sh's
// operations); "" profiles nothing. A profile holds no project content
// beyond function names, but it is written 0600 like every output.
func startProfile(path string) (stop func()) {
	if path == "" {
		return func() {}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "fieldwork: FIELDWORK_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
