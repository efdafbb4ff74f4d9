package main

import (
	"errors"
	"fmt"
	"os"
	osexec "os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/internal/demo"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

type demoOptions struct {
	out   string
	force bool
	noTUI bool
}

func newDemoCmd(env *Env, runF func(*demoOptions) error) *cobra.Command {
	o := &demoOptions{}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Build the demo project from the bundled synthetic corpus (3 focus groups, 27 invented participants)",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return runDemo(env, o)
		},
	}
	cmd.Flags().StringVar(&o.out, "out", demo.DefaultFile, "project file to write")
	cmd.Flags().BoolVar(&o.force, "force", false, "rebuild the project even if it exists")
	cmd.Flags().BoolVar(&o.noTUI, "no-tui", false, "do not open the coding workbench afterwards")
	return cmd
}

func runDemo(env *Env, o *demoOptions) error {
	if _, err := os.Stat(o.out); err == nil && !o.force {
		fmt.Fprintf(env.Out, "%s is already here (rebuild it with `%s demo --force`).\n\n", o.out, env.invocation())
		printNext(env, o.out)
		return openWorkbench(env, o)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	pass, err := env.passphrase()
	if err != nil {
		return err
	}
	prog := env.progress("building demo:", demo.Steps)
	n := 0
	sum, err := demo.Build(o.out, store.Options{Passphrase: pass}, func(step string) {
		n++
		prog.step(n, step)
	})
	prog.done()
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	abs, _ := filepath.Abs(o.out)
	st := env.styles()
	fmt.Fprintf(env.Out, "%s %s\n\n", st.ok.Render("built"), abs)
	t := newTable("source", "format", "city", "group", "lang", "turns", "words", "participants").alignRight(5, 6, 7)
	for _, s := range sum.Sources {
		t.add(s.Name, s.Format, s.City, s.Group, s.Language, itoa(s.Turns), itoa(s.Words), itoa(s.Participants))
	}
	if err := t.print(env); err != nil {
		return err
	}
	coders := make([]string, 0, len(sum.Codings))
	total := 0
	for c, k := range sum.Codings {
		coders = append(coders, fmt.Sprintf("%s %d", c, k))
		total += k
	}
	sort.Strings(coders)
	fmt.Fprintf(env.Out, "\n%d participants (invented) and %d facilitators; %d codes in the starter codebook; %d codings by two coders (%s).\n",
		sum.Participants, sum.Facilitators, sum.Codes, total, joinComma(coders))
	if len(sum.Unmatched) > 0 {
		fmt.Fprintf(env.Out, "%s not in the roster.\n", plural.Count(len(sum.Unmatched), "speaker label is", "speaker labels are"))
	}
	if sv := sum.Survey; sv != nil {
		fmt.Fprintf(env.Out, "Survey %s: %d respondents (%d of them focus-group participants); %d priority questions give the needs their survey priority.\n",
			sv.Survey, sv.Respondents, sv.Linked, len(demo.SurveyMaps))
	}
	if sum.Recommendations > 0 {
		fmt.Fprintf(env.Out, "%d recommendations in the tracker, with owners, due dates and a short follow-up log.\n", sum.Recommendations)
	}
	fmt.Fprintln(env.Out)
	printNext(env, o.out)
	return openWorkbench(env, o)
}

// openWorkbench opens the coding TUI on the demo project when stdout is a
// terminal (and --no-tui is not given); scripts and pipes just get the summary.
func openWorkbench(env *Env, o *demoOptions) error {
	if o.noTUI || !isTerminal(env.Out) || !isTerminal(env.In) {
		return nil
	}
	return runCode(env, &codeOptions{project: o.out, coder: env.coder("")})
}

// printNext prints commands to try, each ready to paste into the shell the
// demo was run from: they start the way this fieldwork was started.
func printNext(env *Env, p string) {
	fw, p := env.invocation(), shellQuote(p)
	fmt.Fprintln(env.Out, "Next: the coding workbench, the needs table, the report, the data, the tracker:")
	for _, args := range []string{
		"code " + p,
		"table " + p + " needs",
		"report " + p + " --format html --out report.html",
		"sources " + p,
		"show " + p + " ottawa-fg",
		"participants " + p,
		"codebook " + p,
		"codings " + p + ` --code "Self-censorship"`,
		"survey summary " + p + " --by city",
		"recs " + p,
		"recs due " + p,
		"recs show " + p + " R3",
	} {
		fmt.Fprintf(env.Out, "  %s %s\n", fw, args)
	}
}

// invocation is how to start this fieldwork again from the user's shell:
// "go run ./cmd/fieldwork" under go run (a binary in Go's build cache),
// "fieldwork" when that is the fieldwork on the PATH (or nothing else is
// known), else the path it was started by.
func (e *Env) invocation() string {
	a0 := e.Args0
	slash := filepath.ToSlash(a0)
	switch {
	case a0 == "" || a0 == "fieldwork":
		return "fieldwork"
	case strings.Contains(slash, "/go-build") && strings.Contains(slash, "/exe/"):
		return "go run ./cmd/fieldwork"
	}
	if onPath, err := osexec.LookPath("fieldwork"); err == nil {
		a, errA := os.Stat(a0)
		b, errB := os.Stat(onPath)
		if errA == nil && errB == nil && os.SameFile(a, b) {
			return "fieldwork"
		}
	}
	return shellQuote(a0)
}

// shellQuote quotes s for a POSIX shell when it holds anything but
// letters, digits and -_./+,:=@%.
func shellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./+,:=@%", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}
