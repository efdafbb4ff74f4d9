// Package report renders analysis tables: Markdown, one self-contained HTML
// file (html/template with inline CSS and SVG charts, no network, prints
// cleanly), tidy CSV (one file per table, in a folder or a zip), XLSX (one
// sheet per table), and JSON rows.
//
// What people wrote is inert in every output (package inert): CSV cells
// never start a formula, XLSX cells are strings, Markdown escapes HTML,
// links and images, and HTML escapes by context.
//
// Output is reproducible byte for byte: tables keep their row order, maps
// are never ranged over for output, and nothing says when it was made
// unless Options.Stamp is set.
package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
)

// Matrix units: what the matrix grid of human views counts.
const (
	UnitParticipants = "participants"
	UnitSegments     = "segments"
)

// Options shape a report.
type Options struct {
	// By is the matrix's column variable (city when empty).
	By analysis.By
	// Unit is what the matrix grid shows: UnitParticipants (default) or
	// UnitSegments (codings). Tidy outputs carry both.
	Unit string
	// Cooccurrence is the co-occurrence unit (sentence when empty).
	Cooccurrence analysis.Unit
	// Stamp, when not zero, adds a generated-at line.
	Stamp time.Time
	// MaxPairs caps the co-occurrence rows of Markdown and HTML (the
	// tidy outputs keep all); 0 means 30.
	MaxPairs int
	// Recommendations, when there are any, add the recommendation tracker
	// (Report.Tracker), whose due dates are judged as of Today: a calendar
	// day the caller must give, since a report never reads the clock.
	Recommendations []tracker.Recommendation
	Today           time.Time
	// Title is the report's title (from --title, or the project's title);
	// when empty, "Needs assessment: " and the project's file name.
	Title string
	// Coders, when set, are the coders in scope as the caller chose them
	// (--coder, or the project's default scope), named on every format of
	// the report; when empty, the coders whose codings are counted.
	Coders []string
	// CodersChosenBy says how Coders were chosen, shown beside them:
	// "--coder", "the project's default" ...; "" says nothing.
	CodersChosenBy string
	// MemoAppendix ends the report with the project's Memos (opt-in:
	// report --memos); an empty list says the project has none.
	MemoAppendix bool
	Memos        []Memo
	// Screen, when set, is the identifier screen: every text of the
	// report (quotes, recommendations, definitions, names of sources ...)
	// goes through it once, before any format is rendered.
	Screen func(string) string
	// IdentifiersAllowed says that the caller chose not to screen
	// (--allow-identifiers): every format's header then says so.
	IdentifiersAllowed bool
}

// Report is every table of one analysis, ready to render.
type Report struct {
	Title   string
	Project string
	Scope   string
	Coders  []string
	// CodersChosenBy says how the coders in scope were chosen, "" when
	// they are those whose codings are counted.
	CodersChosenBy    string
	ParticipantsTotal int
	SuppressBelow     int
	Unit              string
	MaxPairs          int
	// Generated is the stamp line, "" without Options.Stamp.
	Generated string
	// Identifiers is the header's warning that identifiers were not
	// screened (IdentifiersKept), "" when they were.
	Identifiers string

	Frequencies, Matrix, Cooccurrence, Needs *analysis.Table
	// ByCity is the matrix by participant city, for the prevalence
	// charts (the same as Matrix when By is city).
	ByCity      *analysis.Table
	Themes      []analysis.ThemeSummary
	ThemeTables []*analysis.Table
	// Tracker is the recommendation tracker, nil when the project has no
	// recommendations.
	Tracker *analysis.Tracker
	// Surveys are the project's surveys, summarised (none without one).
	Surveys []SurveySection
	// MemoAppendix: the report ends with Memos (Options.MemoAppendix).
	MemoAppendix bool
	Memos        []Memo
}

// Build computes every table of a report.
func Build(a *analysis.Analysis, opt Options) (*Report, error) {
	if opt.By.Field == "" {
		opt.By.Field = "city"
	}
	switch opt.Unit {
	case "":
		opt.Unit = UnitParticipants
	case UnitParticipants, UnitSegments:
	default:
		return nil, fmt.Errorf("matrix unit %q: want participants or segments", opt.Unit)
	}
	if opt.MaxPairs <= 0 {
		opt.MaxPairs = 30
	}
	d := a.Dataset()
	o := a.Options()
	r := &Report{
		Title:             "Needs assessment: " + d.Project,
		Project:           d.Project,
		Scope:             o.Filter.String(),
		Coders:            a.Coders(),
		ParticipantsTotal: a.ParticipantsTotal(),
		SuppressBelow:     o.SuppressBelow,
		Unit:              opt.Unit,
		MaxPairs:          opt.MaxPairs,
		Identifiers:       identifiersLine(opt.IdentifiersAllowed),
	}
	if opt.Screen != nil {
		recs := make([]tracker.Recommendation, len(opt.Recommendations))
		for i, rec := range opt.Recommendations {
			recs[i] = ScreenRecommendation(rec, opt.Screen)
		}
		opt.Recommendations = recs
	}
	if opt.Title != "" {
		r.Title = opt.Title
	}
	if len(opt.Coders) > 0 {
		r.Coders, r.CodersChosenBy = append([]string(nil), opt.Coders...), opt.CodersChosenBy
	}
	if r.SuppressBelow < 2 {
		r.SuppressBelow = 0
	}
	if !opt.Stamp.IsZero() {
		r.Generated = opt.Stamp.UTC().Format(time.RFC3339)
	}
	sec, err := a.Sections(opt.By, opt.Cooccurrence)
	if err != nil {
		return nil, err
	}
	r.Frequencies, r.Matrix, r.ByCity, r.Cooccurrence = sec.Frequencies, sec.Matrix, sec.ByCity, sec.Cooccurrence
	r.Needs, r.Themes = sec.Needs, sec.Themes
	r.ThemeTables = analysis.ThemeTables(r.Themes, r.SuppressBelow)
	if r.Surveys, err = surveySections(d); err != nil {
		return nil, err
	}
	if opt.MemoAppendix {
		r.MemoAppendix, r.Memos = true, append([]Memo(nil), opt.Memos...)
	}
	if len(opt.Recommendations) > 0 {
		if opt.Today.IsZero() {
			return nil, fmt.Errorf("report: the recommendation tracker needs the day to judge due dates by (Options.Today)")
		}
		r.Tracker = a.Tracker(opt.Recommendations, opt.Today)
	}
	if opt.Screen != nil {
		(&screen{f: opt.Screen, seen: map[*analysis.Table]bool{}}).apply(r)
	}
	return r, nil
}

// Summary is the report's opening paragraph: scope, coders, denominators,
// the counting rule and the suppression in force.
func (r *Report) Summary() []string {
	out := []string{
		fmt.Sprintf("Scope: %s. Coders in scope: %s. Participants in scope: %d (facilitators never count).", r.Scope, r.codersInScope(), r.ParticipantsTotal),
		"Unit: participants. A participant mentions a code when at least one coding of it, or of a code under it, overlaps a sentence they spoke. Counts are shown with their denominators, since counts of segments mislead in focus groups.",
	}
	if r.Identifiers != "" {
		out = append([]string{r.Identifiers}, out...)
	}
	if r.SuppressBelow >= 2 {
		out = append(out, fmt.Sprintf("Small-cell suppression: counts of 1 to %d participants are shown as <%d, and figures that would reveal them as x.",
			r.SuppressBelow-1, r.SuppressBelow))
	}
	if r.Generated != "" {
		out = append(out, "Generated "+r.Generated+".")
	}
	return out
}

// codersInScope is "lea, sam", "lea (--coder)" or "none".
func (r *Report) codersInScope() string {
	if len(r.Coders) == 0 {
		return "none"
	}
	s := strings.Join(r.Coders, ", ")
	if r.CodersChosenBy != "" {
		s += " (" + r.CodersChosenBy + ")"
	}
	return s
}

// About is the scope as a key/value table: the first CSV file and sheet.
func (r *Report) About() *analysis.Table {
	by := "" // the matrix says its variable on every row, and has none without codes
	if r.Matrix.Rows() > 0 {
		by = r.Matrix.Cell(0, r.Matrix.Col("by")).Str
	}
	kv := [][2]string{
		{"title", r.Title},
		{"project", r.Project},
		{"scope", r.Scope},
		{"coders", strings.Join(r.Coders, ", ")},
		{"coders_chosen_by", r.CodersChosenBy},
		{"participants_total", strconv.Itoa(r.ParticipantsTotal)},
		{"unit", "participants: a participant mentions a code when a coding of it (or of a code under it) overlaps a sentence they spoke; facilitators never count"},
		{"suppress_below", strconv.Itoa(r.SuppressBelow)},
		{"matrix_by", by},
	}
	if r.Tracker != nil {
		kv = append(kv, [2]string{"tracker_as_of", tracker.FormatDate(r.Tracker.Today)})
	}
	if r.Identifiers != "" {
		kv = append(kv, [2]string{"identifiers", r.Identifiers})
	}
	if r.Generated != "" {
		kv = append(kv, [2]string{"generated", r.Generated})
	}
	return analysis.KeyValues("about", "About this report", kv)
}

// Tables lists every tidy table in output order: about, frequencies,
// matrix, cooccurrence, needs, the theme tables, then, when the project
// has recommendations, tracker_status and tracker.
func (r *Report) Tables() []*analysis.Table {
	out := []*analysis.Table{r.About(), r.Frequencies, r.Matrix, r.Cooccurrence, r.Needs}
	out = append(out, r.ThemeTables...)
	if r.Tracker != nil {
		out = append(out, r.Tracker.Status, r.Tracker.Items)
	}
	return out
}
