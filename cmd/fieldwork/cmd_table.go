package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/report"
	"github.com/fieldwork-qda/fieldwork/coding/redact"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/suggest"
	"github.com/fieldwork-qda/fieldwork/internal/textfit"
)

// analysisFlags are the filters and options shared by `table` and `report`.
type analysisFlags struct {
	coders, cities, groups, sources, where []string
	suppressBelow                          int
	by, bands                              string
}

func (f *analysisFlags) register(fs *pflag.FlagSet) {
	fs.StringArrayVar(&f.coders, "coder", nil, "count only this coder's codings (repeat for several)")
	fs.StringArrayVar(&f.cities, "city", nil, "keep only sources of this city (repeat for several)")
	fs.StringArrayVar(&f.groups, "group", nil, "keep only sources of this focus group (repeat for several)")
	fs.StringArrayVar(&f.sources, "source", nil, "keep only this source, by name (repeat for several)")
	fs.StringArrayVar(&f.where, "where", nil, "keep only participants with KEY=VALUE (an attribute, city or group; repeat a key for either value)")
	fs.IntVar(&f.suppressBelow, "suppress-below", 0, "show participant counts of 1..N-1 as <N, and hide what would reveal them (for publication)")
	fs.StringVar(&f.by, "by", "city", "the matrix's columns: a participant attribute, city, group, or source, language, source.city, source.group")
	fs.StringVar(&f.bands, "bands", "", "group a numeric --by attribute into ranges, as in 0-2,3-5,6-10,11+")
}

// options turns the flags into analysis options; mistakes are usage errors.
func (f *analysisFlags) options() (analysis.Options, analysis.By, error) {
	opt := analysis.Options{SuppressBelow: f.suppressBelow, Filter: analysis.Filter{
		Coders: f.coders, Cities: f.cities, Groups: f.groups, Sources: f.sources}}
	if f.suppressBelow < 0 {
		return opt, analysis.By{}, usagef("--suppress-below %d: give 0 (off) or a count such as 3", f.suppressBelow)
	}
	for _, w := range f.where {
		k, v, ok := strings.Cut(w, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return opt, analysis.By{}, usagef("--where %q: want KEY=VALUE, as in gender=woman", w)
		}
		if opt.Filter.Where == nil {
			opt.Filter.Where = map[string][]string{}
		}
		opt.Filter.Where[k] = append(opt.Filter.Where[k], strings.TrimSpace(v))
	}
	by := analysis.By{Field: strings.TrimSpace(f.by)}
	if f.bands != "" {
		b, err := analysis.ParseBands(f.bands)
		if err != nil {
			return opt, by, usagef("--bands: %v", err)
		}
		by.Bands = b
	}
	return opt, by, nil
}

// analyse opens the project, loads its data and prepares the analysis,
// counting the coders in scope (--coder's, else the project's default
// coders, else every coder), with the identifier screen of table's output
// (nil when allow). A filter that matches nothing the project has is a
// usage error.
func (env *Env) analyse(path, table string, opt analysis.Options, allow bool) (*analysis.Analysis, project.CoderScope, *redact.Screen, error) {
	p, err := env.project(path)
	if err != nil {
		return nil, project.CoderScope{}, nil, err
	}
	defer p.Close()
	scope, err := p.CoderScope(opt.Filter.Coders, "--coder")
	if err != nil {
		return nil, scope, nil, err
	}
	opt.Filter.Coders = scope.Coders
	a, err := p.Analyse(env.ctx(), opt)
	if err != nil {
		return nil, scope, nil, asUsage(err)
	}
	// only needs and themes quote what people said: the other tables
	// skip the entity scan
	sc, err := screenOf(p, allow, table == "needs" || table == "themes")
	return a, scope, sc, err
}

// codersLine says which coders a table counts and who chose them.
func codersLine(a *analysis.Analysis, scope project.CoderScope) string {
	coders := scope.Coders
	if len(coders) == 0 {
		coders = a.Coders()
	}
	s := "none"
	if len(coders) > 0 {
		s = strings.Join(coders, ", ")
	}
	by := scope.ChosenBy
	if by == "" {
		by = "every coder; set a default with fieldwork config --coders"
	}
	return fmt.Sprintf("Coders in scope: %s (%s).", s, by)
}

var tableNames = []string{"frequencies", "matrix", "cooccurrence", "needs", "themes"}

type tableOptions struct {
	project, table string
	flags          analysisFlags
	json, csv      bool
	unit           string
	// allowIdentifiers turns the identifier screen off.
	allowIdentifiers bool
}

func newTableCmd(env *Env, runF func(*tableOptions) error) *cobra.Command {
	o := &tableOptions{}
	cmd := &cobra.Command{
		Use:   "table PROJECT frequencies|matrix|cooccurrence|needs|themes",
		Short: "Print one analysis table: code frequencies, a code x attribute matrix, co-occurrence, needs, themes",
		Long: `Print one analysis table of the coded project.

Participants are the unit: a participant mentions a code when at least one coding
of that code (or of a code under it) overlaps a sentence they spoke. Facilitators
never count. Every count is shown with its denominator.

  frequencies   per code: codings, coded passages, coded words, participants, share, groups, cities
  matrix        codes x --by (city by default): participants of n, column and row shares
                (--unit segments shows codings instead)
  cooccurrence  pairs of codes on the same sentence (--unit turn: the same turn), Jaccard
  needs         needs ranked by prevalence, breadth and intensity (coded passages per
                participant: overlapping codings of one participant's words count once,
                whoever coded them), with two quotes each
  themes        per theme: sub-codes, cities, distinctive words, exemplar quotes

Coders in scope: --coder, else the project's default coders (fieldwork config
--coders), else every coder; the table's first line says which and who chose them.

Quotes name participants by ID and city only.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usagef("%s: expects PROJECT and a table (%s), got %s", cmd.CommandPath(), strings.Join(tableNames, ", "), plural.Count(len(args), "argument", "arguments"))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.table = args[0], args[1]
			if runF != nil {
				return runF(o)
			}
			return runTable(env, o)
		},
	}
	o.flags.register(cmd.Flags())
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	cmd.Flags().BoolVar(&o.csv, "csv", false, "print tidy CSV")
	cmd.Flags().StringVar(&o.unit, "unit", "", "matrix: participants (default) or segments; cooccurrence: sentence (default) or turn")
	allowIdentifiersFlag(cmd.Flags(), &o.allowIdentifiers)
	return cmd
}

func runTable(env *Env, o *tableOptions) error {
	known := false
	for _, n := range tableNames {
		known = known || n == o.table
	}
	if !known {
		return usagef("table %q: want one of %s%s", o.table, strings.Join(tableNames, ", "), suggest.Phrase(o.table, tableNames))
	}
	if o.json && o.csv {
		return usagef("--json and --csv: give one")
	}
	opt, by, err := o.flags.options()
	if err != nil {
		return err
	}
	unit, err := o.tableUnit()
	if err != nil {
		return err
	}
	a, scope, sc, err := env.analyse(o.project, o.table, opt, o.allowIdentifiers)
	if err != nil {
		return err
	}
	defer env.screenReport(sc, o.allowIdentifiers)
	if !o.json && !o.csv {
		// The warning that names are not screened comes first.
		if o.allowIdentifiers {
			fmt.Fprintf(env.Out, "%s\n\n", report.IdentifiersKept)
		}
		fmt.Fprintf(env.Out, "%s\n\n", codersLine(a, scope))
	}
	var t *analysis.Table
	switch o.table {
	case "frequencies":
		t = a.Frequencies()
	case "matrix":
		if t, err = a.Matrix(by); err != nil {
			return usageError{err}
		}
	case "cooccurrence":
		if t, err = a.Cooccurrence(analysis.Unit(unit)); err != nil {
			return err
		}
	case "needs":
		t = a.Needs()
	case "themes":
		return printThemes(env, a, o, sc.Func())
	}
	report.ScreenTable(t, sc.Func())
	switch {
	case o.json:
		return env.printJSON(report.RowsJSON(t))
	case o.csv:
		return report.WriteCSV(env.Out, t)
	}
	g := report.TableGrid(t)
	if o.table == "matrix" {
		g = report.MatrixGrid(t, unit)
	}
	if err := printGrid(env, g); err != nil {
		return err
	}
	if o.table == "needs" {
		printNeedQuotes(env, t)
	}
	printFooter(env, t, a)
	return nil
}

// tableUnit is the --unit of the matrix (participants by default) or of
// co-occurrence (sentence by default); other tables take none.
func (o *tableOptions) tableUnit() (string, error) {
	unit := o.unit
	switch o.table {
	case "matrix":
		if unit == "" {
			unit = report.UnitParticipants
		}
		if unit != report.UnitParticipants && unit != report.UnitSegments {
			return "", usagef("--unit %q: the matrix counts participants or segments", unit)
		}
	case "cooccurrence":
		if unit == "" {
			unit = string(analysis.UnitSentence)
		}
		if _, err := analysis.ParseUnit(unit); err != nil {
			return "", usagef("--unit: %v", err)
		}
	default:
		if unit != "" {
			return "", usagef("--unit applies to the matrix and cooccurrence tables only")
		}
	}
	return unit, nil
}

// printGrid prints a report grid as an aligned table.
func printGrid(env *Env, g report.Grid) error {
	tb := newTable(g.Header...)
	for i, r := range g.Right {
		if r {
			tb.alignRight(i)
		}
	}
	for _, r := range g.Rows {
		tb.add(r...)
	}
	return tb.print(env)
}

func printFooter(env *Env, t *analysis.Table, a *analysis.Analysis) {
	if l := t.Legend(); l != "" {
		fmt.Fprintf(env.Out, "\n%s\n", l)
	}
	fmt.Fprintf(env.Out, "\n%s\n", scopeFooter(a))
}

// scopeFooter is "27 participants in scope (...); coders: lea, sam."
func scopeFooter(a *analysis.Analysis) string {
	return fmt.Sprintf("%s in scope (%s); coders: %s.", plural.Count(a.ParticipantsTotal(), "participant", "participants"),
		a.Options().Filter.String(), strings.Join(a.Coders(), ", "))
}

func printNeedQuotes(env *Env, t *analysis.Table) {
	fmt.Fprintln(env.Out)
	rc, nc := t.Col("rank"), t.Col("need")
	for r := 0; r < t.Rows(); r++ {
		fmt.Fprintf(env.Out, "%d. %s\n", t.Cell(r, rc).Int, textfit.Safe(report.Label(t.Cell(r, nc).Str, 0)))
		qs, withheld := report.NeedQuotes(t, r)
		if withheld {
			fmt.Fprintf(env.Out, "   quotes withheld: too few participants\n")
		}
		for _, q := range qs {
			fmt.Fprintf(env.Out, "   “%s” — %s\n", textfit.Safe(q[0]), textfit.Safe(q[1]))
		}
	}
}

// themeJSON is one theme in `table themes --json`.
type themeJSON struct {
	Theme      string                `json:"theme"`
	Definition string                `json:"definition"`
	Summary    json.RawMessage       `json:"summary"`
	Codes      json.RawMessage       `json:"codes"`
	Cities     json.RawMessage       `json:"cities"`
	Difference string                `json:"difference"`
	Words      []analysis.WordWeight `json:"words"`
	Quotes     []analysis.Quote      `json:"quotes"`
	Withheld   bool                  `json:"withheld"`
}

func printThemes(env *Env, a *analysis.Analysis, o *tableOptions, screen func(string) string) error {
	ts, err := a.Themes()
	if err != nil {
		return err
	}
	report.ScreenThemes(ts, screen)
	for _, t := range ts {
		report.ScreenTable(t.Row, screen)
		report.ScreenTable(t.SubCodes, screen)
		report.ScreenTable(t.Cities, screen)
	}
	if o.csv {
		for i, t := range analysis.ThemeTables(ts, a.Options().SuppressBelow) {
			if i > 0 {
				fmt.Fprintln(env.Out)
			}
			fmt.Fprintf(env.Out, "# %s.csv\n", t.Name)
			if err := report.WriteCSV(env.Out, t); err != nil {
				return err
			}
		}
		return nil
	}
	if o.json {
		out := make([]themeJSON, 0, len(ts))
		for _, t := range ts {
			j := themeJSON{Theme: t.Theme, Definition: t.Definition, Summary: report.RowsJSON(t.Row), Codes: report.RowsJSON(t.SubCodes),
				Cities: report.RowsJSON(t.Cities), Difference: t.Difference, Words: t.Words, Quotes: t.Quotes, Withheld: t.Withheld}
			if j.Words == nil {
				j.Words = []analysis.WordWeight{}
			}
			if j.Quotes == nil {
				j.Quotes = []analysis.Quote{}
			}
			out = append(out, j)
		}
		return env.printJSON(out)
	}
	st := env.styles()
	for i, t := range ts {
		if i > 0 {
			fmt.Fprintln(env.Out)
		}
		if err := printTheme(env, st, t); err != nil {
			return err
		}
	}
	if l := themesLegend(ts); l != "" {
		fmt.Fprintf(env.Out, "\n%s\n", l)
	}
	fmt.Fprintf(env.Out, "\n%s\n", scopeFooter(a))
	return nil
}

// printTheme prints one theme summary as people read it.
func printTheme(env *Env, st styles, t analysis.ThemeSummary) error {
	fmt.Fprintln(env.Out, st.header.Render(textfit.Safe(t.Theme)))
	if t.Definition != "" {
		fmt.Fprintln(env.Out, textfit.Safe(t.Definition))
	}
	h := func(name string) string { return t.Row.Human(0, t.Row.Col(name)) }
	fmt.Fprintf(env.Out, "Mentioned by %s participants (%s); %s codings; in %s cities.\n\n",
		h("participants"), h("share"), h("codings"), h("cities"))
	if t.SubCodes.Rows() > 0 {
		if err := printGrid(env, report.TableGrid(t.SubCodes)); err != nil {
			return err
		}
		fmt.Fprintln(env.Out)
	}
	if err := printGrid(env, report.MatrixGrid(t.Cities, report.UnitParticipants)); err != nil {
		return err
	}
	if t.Difference != "" {
		fmt.Fprintf(env.Out, "\nLargest difference between cities: %s.\n", t.Difference)
	}
	if t.Withheld {
		fmt.Fprintf(env.Out, "\nDistinctive words and quotes withheld: too few participants.\n")
		return nil
	}
	if len(t.Words) > 0 {
		var ws []string
		for _, w := range t.Words {
			ws = append(ws, fmt.Sprintf("%s (%d)", w.Word, w.Count))
		}
		fmt.Fprintf(env.Out, "\nDistinctive words: %s\n", textfit.Safe(strings.Join(ws, ", ")))
	} else if t.WordsNote != "" {
		fmt.Fprintf(env.Out, "\nDistinctive words: %s\n", t.WordsNote)
	}
	for _, q := range t.Quotes {
		fmt.Fprintf(env.Out, "\n  “%s”\n    — %s\n", textfit.Safe(q.Text), textfit.Safe(q.By()))
	}
	return nil
}

// themesLegend is the suppression legend of any theme's tables (they share
// one threshold), or "".
func themesLegend(ts []analysis.ThemeSummary) string {
	for _, t := range ts {
		for _, x := range []*analysis.Table{t.Row, t.SubCodes, t.Cities} {
			if l := x.Legend(); l != "" {
				return l
			}
		}
	}
	return ""
}
