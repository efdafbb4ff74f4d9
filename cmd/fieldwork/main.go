// Command fieldwork is the command line of fieldwork, a terminal-first,
// privacy-first toolkit for focus-group and survey research. This package
// only parses flags, calls the use cases of internal/project and the
// domain packages, and prints; see docs/ARCHITECTURE.md for where the work
// happens.
package main

import (
	"os"
)

func main() {
	restrictUmask()
	// No signal handler: Ctrl-C kills the process as usual, which is safe,
	// since every change is one transaction and every output file is
	// renamed into place only when complete.
	env := &Env{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv, Args0: os.Args[0]}
	os.Exit(execute(env, newRootCmd(env)))
}
