// Command fieldwork is the command line of fieldwork, a terminal-first,
// privacy-first toolkit for focus-group and survey research. This package
// only parses flags, calls the domain packages and prints; see
// docs/ARCHITECTURE.md for where the work happens.
package main

import (
	"errors"
	"fmt"
	"os"
)

func main() {
	restrictUmask()
	env := &Env{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv}
	root := newRootCmd(env)
	err := root.Execute()
	if err == nil {
		return
	}
	fmt.Fprintln(os.Stderr, "fieldwork:", err)
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(os.Stderr, "Run 'fieldwork help' for usage.")
		os.Exit(2)
	}
	os.Exit(1)
}
