package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/redact"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/project"
)

// allowIdentifiersFlag registers --allow-identifiers, which every command
// that writes participants' or researchers' words out of the project has.
func allowIdentifiersFlag(fs *pflag.FlagSet, allow *bool) {
	fs.BoolVar(allow, "allow-identifiers", false,
		"do not screen names, places and contact details out (for the research team's own use; the output says so)")
}

// identifierScreen is the screen of p's outputs, or nil with
// --allow-identifiers (a nil screen lets text through). It runs the
// entity scan over every source.
func identifierScreen(p *project.Project, allow bool) (*redact.Screen, error) {
	return screenOf(p, allow, true)
}

// screenOf is identifierScreen; scan false skips the entity scan, for
// outputs without prose (tables of counts by code and attribute).
func screenOf(p *project.Project, allow, scan bool) (*redact.Screen, error) {
	if allow {
		return nil, nil
	}
	sc, err := p.Screen(scan)
	if err != nil {
		return nil, fmt.Errorf("identifier screen: %w", err)
	}
	return sc, nil
}

// screenReport says on standard error what the screen replaced, by kind
// and count, or that nothing was screened.
func (e *Env) screenReport(sc *redact.Screen, allow bool) {
	if allow {
		fmt.Fprintln(e.Err, "identifiers NOT screened (--allow-identifiers): the output shows names and contact details as written")
		return
	}
	c := sc.Counts()
	if c.Total() == 0 {
		fmt.Fprintln(e.Err, "identifier screen: nothing to replace")
		return
	}
	fmt.Fprintf(e.Err, "identifier screen replaced %s: %s\n", plural.Count(c.Total(), "identifier", "identifiers"), c)
}

// screenFunc is sc as a function of text; identity when sc is nil.
func screenFunc(sc *redact.Screen) func(string) string {
	if sc == nil {
		return func(s string) string { return s }
	}
	return sc.Text
}

// screenCoding is c with its text, memo and source name screened: what
// `codings --json` (and any export of codings) writes. Its offsets stay
// those of the project's text.
func screenCoding(c coding.Coding, sc *redact.Screen) coding.Coding {
	if sc == nil {
		return c
	}
	c.Text, c.Memo, c.Source = sc.Text(c.Text), sc.Text(c.Memo), sc.Text(c.Source)
	return c
}
