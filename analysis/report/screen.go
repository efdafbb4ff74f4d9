package report

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-gota/gota/series"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
)

// screen applies an identifier screen (Options.Screen) to every text of a
// report model, once, before any format is rendered: so no renderer can
// write a text the screen has not seen. Tables shared between parts of the
// report are screened once.
type screen struct {
	f    func(string) string
	seen map[*analysis.Table]bool
}

// apply screens every text of r.
func (s *screen) apply(r *Report) {
	r.Title = s.f(r.Title)
	r.Project = s.f(r.Project)
	for _, t := range []*analysis.Table{r.Frequencies, r.Matrix, r.ByCity, r.Cooccurrence, r.Needs} {
		s.table(t)
	}
	for _, t := range r.ThemeTables {
		s.table(t)
	}
	ScreenThemes(r.Themes, s.f)
	for _, t := range r.Themes {
		s.table(t.Row)
		s.table(t.SubCodes)
		s.table(t.Cities)
	}
	if r.Tracker != nil {
		s.table(r.Tracker.Status)
		s.table(r.Tracker.Items)
	}
	// A memo's target is built from ids, offsets, source and code names.
	for i := range r.Memos {
		r.Memos[i].Text = s.f(r.Memos[i].Text)
	}
	for _, sec := range r.Surveys {
		if sec.Summary == nil {
			continue
		}
		for i := range sec.Summary.Questions {
			sec.Summary.Questions[i].Text = s.f(sec.Summary.Questions[i].Text)
		}
	}
}

func (s *screen) table(t *analysis.Table) {
	if t == nil || s.seen[t] {
		return
	}
	s.seen[t] = true
	ScreenTable(t, s.f)
}

// ScreenTable replaces the identifiers of every text cell of t through f
// (an identifier screen), in place; numbers and suppression marks are
// untouched.
func ScreenTable(t *analysis.Table, f func(string) string) {
	if t == nil || f == nil || t.Rows() == 0 {
		return
	}
	for _, c := range t.Columns {
		if c.Kind != analysis.Text {
			continue
		}
		vals := t.Frame.Col(c.Name).Records()
		changed := false
		for i, v := range vals {
			if w := f(v); w != v {
				vals[i], changed = w, true
			}
		}
		if changed {
			t.Frame = t.Frame.Mutate(series.New(vals, series.String, c.Name))
		}
	}
}

// ScreenThemes replaces the identifiers of the theme summaries' texts
// through f, in place: definitions, differences, distinctive words and
// quotes (with their source names). A distinctive word is lower case, so
// it is also tried capitalised, as a name would be written.
func ScreenThemes(ts []analysis.ThemeSummary, f func(string) string) {
	if f == nil {
		return
	}
	for i := range ts {
		t := &ts[i]
		t.Definition = f(t.Definition)
		t.Difference = f(t.Difference)
		t.WordsNote = f(t.WordsNote)
		for j := range t.Words {
			t.Words[j].Word = screenWord(t.Words[j].Word, f)
		}
		ScreenQuotes(t.Quotes, f)
	}
}

// ScreenQuotes replaces the identifiers of quotes' texts and source names.
func ScreenQuotes(qs []analysis.Quote, f func(string) string) {
	for j := range qs {
		qs[j].Text = f(qs[j].Text)
		qs[j].Source = f(qs[j].Source)
	}
}

func screenWord(w string, f func(string) string) string {
	if out := f(w); out != w {
		return out
	}
	r, n := utf8.DecodeRuneInString(w)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return w
	}
	capital := string(unicode.ToUpper(r)) + w[n:]
	if out := f(capital); out != capital {
		return out
	}
	return w
}

// ScreenRecommendation returns rec with the identifiers of everything
// people wrote in it replaced through f: title, text, owner,
// stakeholders, and its log's notes and authors.
func ScreenRecommendation(rec tracker.Recommendation, f func(string) string) tracker.Recommendation {
	if f == nil {
		return rec
	}
	rec.Title, rec.Text, rec.Owner = f(rec.Title), f(rec.Text), f(rec.Owner)
	rec.Stakeholders = screenAll(rec.Stakeholders, f)
	if rec.Log != nil {
		log := make([]tracker.FollowUp, len(rec.Log))
		copy(log, rec.Log)
		for i := range log {
			log[i].Note, log[i].Author = f(log[i].Note), f(log[i].Author)
		}
		rec.Log = log
	}
	return rec
}

func screenAll(list []string, f func(string) string) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = f(s)
	}
	return out
}

// identifiersLine is what the report's header says about the screen.
func identifiersLine(allowed bool) string {
	if !allowed {
		return ""
	}
	return strings.TrimSpace(IdentifiersKept)
}

// IdentifiersKept is the header line of an output made with
// --allow-identifiers: names and contact details were not screened.
const IdentifiersKept = "IDENTIFIERS NOT SCREENED (--allow-identifiers): names, places and contact details appear as written. For the research team only; do not share."
