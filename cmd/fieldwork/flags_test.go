package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
)

// parseFlags runs a command built with a runF seam on args and returns the
// options it parsed: flags are tested without a project.
func parseFlags[O any](t *testing.T, newCmd func(*Env, func(*O) error) *cobra.Command, args ...string) (*O, error) {
	t.Helper()
	var got *O
	var out bytes.Buffer
	env := &Env{In: strings.NewReader(""), Out: &out, Err: &out, Getenv: func(string) string { return "" }}
	cmd := newCmd(env, func(o *O) error { got = o; return nil })
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	err := cmd.Execute()
	if err == nil && got == nil {
		t.Fatalf("%v: the command neither failed nor ran", args)
	}
	return got, err
}

func TestRecsAddFlags(t *testing.T) {
	t.Parallel()
	o, err := parseFlags(t, newRecsAddCmd, "p.fwp", "--title", "Legal clinic", "--priority", "HIGH", "--due", "2026-10-01",
		"--stakeholder", "IRCC", "--stakeholder", "legal aid", "--code", "Legal assistance", "--author", "ana", "--note", "n")
	if err != nil {
		t.Fatal(err)
	}
	d := o.draft
	if o.project != "p.fwp" || o.author != "ana" || o.note != "n" || d.Title != "Legal clinic" || d.Priority != tracker.PriorityHigh ||
		!d.Due.Equal(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)) || len(d.Stakeholders) != 2 || d.Codes[0] != "Legal assistance" {
		t.Errorf("options %+v", o)
	}
	for _, args := range [][]string{
		{"p.fwp"},
		{"p.fwp", "--title", " "},
		{"p.fwp", "--title", "x", "--priority", "urgent"},
		{"p.fwp", "--title", "x", "--due", "tomorrow"},
		{"p.fwp", "--title", "x", "--nope"},
		{"--title", "x"},
	} {
		if _, err := parseFlags(t, newRecsAddCmd, args...); !isUsage(err) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}

func TestRecsEditFlags(t *testing.T) {
	t.Parallel()
	o, err := parseFlags(t, newRecsEditCmd, "p.fwp", "r2", "--owner", "Ben", "--due", "")
	if err != nil {
		t.Fatal(err)
	}
	e := o.edit
	if o.id != "r2" || e.Owner == nil || *e.Owner != "Ben" || e.Due == nil || !e.Due.IsZero() ||
		e.Title != nil || e.Text != nil || e.Priority != nil || e.Stakeholders != nil || e.Codes != nil {
		t.Errorf("only --owner and --due are set: %+v", e)
	}
	for _, args := range [][]string{{"p.fwp", "R1"}, {"p.fwp", "R1", "--title", ""}, {"p.fwp", "R1", "--priority", "x"}} {
		if _, err := parseFlags(t, newRecsEditCmd, args...); !isUsage(err) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}

func TestCodebookSetFlags(t *testing.T) {
	t.Parallel()
	o, err := parseFlags(t, newCodeSetCmd, "p.fwp", "Theme/A", "--definition", "", "--need=false")
	if err != nil {
		t.Fatal(err)
	}
	f := o.fields
	if o.code != "Theme/A" || f.Definition == nil || *f.Definition != "" || f.Need == nil || *f.Need || f.Color != nil || f.Example != nil {
		t.Errorf("only the flags given are set: %+v", f)
	}
	if _, err := parseFlags(t, newCodeSetCmd, "p.fwp", "A", "--color", "red"); !isUsage(err) {
		t.Errorf("--color red: %v", err)
	}
}

func TestOptionFlags(t *testing.T) {
	t.Parallel()
	imp, err := parseFlags(t, newSurveyImportCmd, "p.fwp", "x.csv", "--link-by", "pid", "--attributes", "a,b", "--skip-invalid", "--no-sources")
	if err != nil || imp.file != "x.csv" || imp.linkBy != "pid" || strings.Join(imp.attributes, "+") != "a+b" || !imp.skipInvalid || !imp.noSources {
		t.Errorf("survey import: %+v %v", imp, err)
	}
	rep, err := parseFlags(t, newReportCmd, "p.fwp", "--format", "html", "--suppress-below", "3", "--city", "Ottawa", "--city", "Toronto", "--stamp")
	if err != nil || rep.format != "html" || rep.flags.suppressBelow != 3 || len(rep.flags.cities) != 2 || !rep.stamp || rep.unit != "participants" {
		t.Errorf("report: %+v %v", rep, err)
	}
	un, err := parseFlags(t, newUnapplyCmd, "p.fwp", "12")
	if err != nil || un.id != 12 {
		t.Errorf("unapply: %+v %v", un, err)
	}
	if _, err := parseFlags(t, newUnapplyCmd, "p.fwp", "twelve"); !isUsage(err) {
		t.Errorf("unapply twelve: %v", err)
	}
	set, err := parseFlags(t, newParticipantsSetCmd, "p.fwp", "OTT-01", "Gender = woman", "city=")
	if err != nil || set.attrs["gender"] != "woman" || set.attrs["city"] != "" || len(set.attrs) != 2 {
		t.Errorf("participants set: %+v %v", set, err)
	}
	m, err := parseFlags(t, newSurveyMapCmd, "p.fwp", "prio_legal", "Legal assistance", "--remove")
	if err != nil || m.question != "prio_legal" || m.code != "Legal assistance" || !m.remove {
		t.Errorf("survey map: %+v %v", m, err)
	}
}
