package report

import (
	"fmt"
	"io"
	"math"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/survey"
)

// SurveySection is one survey of the report: its unweighted summary and the
// number of respondents linked to focus-group participants.
type SurveySection struct {
	Summary *survey.Summary
	Linked  int
}

// surveySections summarises every survey of the dataset (unweighted, every
// respondent: the report's participant filters apply to the focus groups).
func surveySections(d *analysis.Dataset) ([]SurveySection, error) {
	var out []SurveySection
	for _, sd := range d.Surveys {
		sum, err := survey.Summarize(sd, survey.SummaryOptions{})
		if err != nil {
			return nil, err
		}
		sec := SurveySection{Summary: sum}
		for _, r := range sd.Respondents {
			if r.Participant != "" {
				sec.Linked++
			}
		}
		out = append(out, sec)
	}
	return out, nil
}

// scaleGroups groups a summary's Likert and rating questions by scale, in
// the order the scales first appear.
func scaleGroups(s *survey.Summary) [][]survey.QuestionSummary {
	idx := map[string]int{}
	var out [][]survey.QuestionSummary
	for _, q := range s.Questions {
		if !q.Type.Scaled() {
			continue
		}
		k := q.Scale + "\x00" + fmt.Sprint(len(q.Options))
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], q)
	}
	return out
}

// divergingBars draws one diverging stacked bar per question of one
// scale: the points below the middle extend left of the centre line, those
// above to the right, and the middle point of an odd scale straddles it,
// half on each side. Lengths are shares of the valid answers.
func divergingBars(qs []survey.QuestionSummary) *svgChart {
	pts := qs[0].Options
	k := len(pts)
	colors := divergingColors(k)
	const (
		labelW = 330
		plotW  = 600
		barH   = 18
		gap    = 8
	)
	center := labelW + plotW/2
	width := labelW + plotW + 20
	// Legend: each point numbered, as its segments are, wrapping as needed.
	var legend []svgEl
	x, y := 0, 6
	ids := pointIDs(pts)
	for i, p := range pts {
		label := ids[i]
		if p.Label != ids[i] {
			label += " " + truncate(p.Label, 40)
		}
		w := 22 + int(6.2*float64(len([]rune(label))))
		if x > 0 && x+w > width {
			x, y = 0, y+18
		}
		legend = append(legend, rect(float64(x), float64(y), 12, 12, colors[i]), text(float64(x+15), float64(y+10), 11, label))
		x += w
	}
	top := y + 40
	height := top + len(qs)*(barH+gap) + 26
	caption := fmt.Sprintf("%s: share of valid answers at each point (numbered as in the legend); left of the line the lower points, right the higher, the middle point split across it.", scaleName(qs[0]))
	ch := &svgChart{Caption: caption, Label: caption, Width: width, Height: height, Els: legend}
	add := func(e svgEl) { ch.Els = append(ch.Els, e) }
	// Grid: -100%, -50%, 0, 50%, 100%.
	for q := -2; q <= 2; q++ {
		gx := float64(center + q*plotW/4)
		stroke := "#d9dee7"
		if q == 0 {
			stroke = "#1d2330"
		}
		add(line(gx, float64(top-6), gx, float64(height-20), stroke))
		t := text(gx, float64(height-6), 11, fmt.Sprintf("%d%%", abs(q)*50))
		t.Fill, t.Anchor = "#5b6474", "middle"
		add(t)
	}
	scale := float64(plotW) / 2
	for i, q := range qs {
		y := float64(top + i*(barH+gap))
		label := q.ID
		if q.Text != "" {
			label = q.Text
		}
		t := text(labelW-8, y+barH/2+4, 12, truncate(label, 48))
		t.Anchor, t.Title = "end", label
		add(t)
		if q.N == 0 {
			t := text(float64(center+4), y+barH/2+4, 11, "no answers")
			t.Fill = "#5b6474"
			add(t)
			continue
		}
		// Left edge: the lower points and half the middle one.
		left := 0.0
		for j := 0; j < k/2; j++ {
			left += q.Options[j].Percent
		}
		if k%2 == 1 {
			left += q.Options[k/2].Percent / 2
		}
		pos := float64(center) - left*scale
		for j, o := range q.Options {
			bw := o.Percent * scale
			if bw > 0 {
				b := rect(round1(pos), y, round1(bw), barH, colors[j])
				b.Title = fmt.Sprintf("%s: %s (%d)", o.Label, Percent(o.Percent), o.Unweighted)
				add(b)
				// The point's number whenever it fits, its share too when
				// that fits: a segment is never known by its colour alone.
				label := ""
				switch {
				case bw >= 44:
					label = ids[j] + ": " + Percent(o.Percent)
				case bw >= 7*float64(len(ids[j]))+5:
					label = ids[j]
				}
				if label != "" {
					t := text(round1(pos+bw/2), y+barH/2+4, 10, label)
					t.Anchor, t.Fill = "middle", inkOn(colors[j])
					add(t)
				}
			}
			pos += bw
		}
	}
	return ch
}

// pointIDs name a scale's points on its chart: their labels when all are
// short (the points of 0-10 are 0 ... 10), else their numbers from 1.
func pointIDs(pts []survey.Frequency) []string {
	out := make([]string, len(pts))
	short := true
	for i, p := range pts {
		out[i] = p.Label
		short = short && len([]rune(p.Label)) <= 3
	}
	if !short {
		for i := range out {
			out[i] = fmt.Sprint(i + 1)
		}
	}
	return out
}

// round1 rounds to one decimal, as SVG coordinates are written.
func round1(f float64) float64 { return math.Round(f*10) / 10 }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func fmtMean(f float64) string {
	if math.IsNaN(f) {
		return "–"
	}
	return fmt.Sprintf("%.2f", f)
}

func fmtCount(f float64) string { return fmt.Sprintf("%.0f", f) }

// likertGrid is the table of Likert and rating summaries.
func likertGrid(s *survey.Summary) Grid {
	g := Grid{Header: []string{"question", "scale", "n", "missing", "mean", "median", "top two", "bottom two"},
		Right: []bool{false, false, true, true, true, true, true, true}}
	for _, q := range s.Questions {
		if !q.Type.Scaled() {
			continue
		}
		text := q.ID
		if q.Text != "" {
			text = q.Text
		}
		g.Rows = append(g.Rows, []string{text, scaleEnds(q), fmtCount(q.N), fmtCount(q.Missing),
			fmtMean(q.Mean), fmtMean(q.Median), Percent(q.TopTwo), Percent(q.BottomTwo)})
		g.Source = append(g.Source, len(g.Rows)-1)
	}
	return g
}

// choiceGrid is the frequency table of single and multiple choice
// questions: one row per option.
func choiceGrid(s *survey.Summary) Grid {
	g := Grid{Header: []string{"question", "answer", "count", "% of n", "n"}, Right: []bool{false, false, true, true, true}}
	for _, q := range s.Questions {
		if q.Type != survey.Single && q.Type != survey.Multiple {
			continue
		}
		for i, o := range q.Options {
			text := ""
			if i == 0 {
				text = q.ID
				if q.Text != "" {
					text = q.Text
				}
				if q.Type == survey.Multiple {
					text += " (several answers)"
				}
			}
			n := ""
			if i == 0 {
				n = fmtCount(q.N)
			}
			g.Rows = append(g.Rows, []string{text, o.Label, fmtCount(o.Count), Percent(o.Percent), n})
			g.Source = append(g.Source, len(g.Rows)-1)
		}
	}
	return g
}

func surveyIntro(sec SurveySection) string {
	s := sec.Summary
	return fmt.Sprintf("Survey %s: %d respondents, %d of them focus-group participants (linked by id). Figures are unweighted shares of valid answers (n); \"Don't know\" and other declared missing values count as missing. Details, weights and crosstabs: fieldwork survey summary.",
		s.Survey, s.Respondents, sec.Linked)
}

// surveyView is one survey of the HTML report: diverging stacked bars of
// its Likert and rating questions (one chart per scale), their summary
// table, and the frequencies of its choice questions.
type surveyView struct {
	Name, Intro string
	Charts      []*svgChart
	Likert      *htmlTable
	Choice      *htmlTable
}

func surveyViews(secs []SurveySection) []surveyView {
	var out []surveyView
	for _, sec := range secs {
		v := surveyView{Name: sec.Summary.Survey, Intro: surveyIntro(sec)}
		for _, qs := range scaleGroups(sec.Summary) {
			v.Charts = append(v.Charts, divergingBars(qs))
		}
		if g := likertGrid(sec.Summary); len(g.Rows) > 0 {
			t := htmlGrid(g, nil)
			v.Likert = &t
		}
		if g := choiceGrid(sec.Summary); len(g.Rows) > 0 {
			t := htmlGrid(g, nil)
			v.Choice = &t
		}
		out = append(out, v)
	}
	return out
}

// writeSurveyMarkdown writes the survey section's tables.
func writeSurveyMarkdown(w io.Writer, r *Report) {
	if len(r.Surveys) == 0 {
		return
	}
	fmt.Fprintf(w, "\n## Survey\n\n")
	for _, sec := range r.Surveys {
		if len(r.Surveys) > 1 {
			fmt.Fprintf(w, "### %s\n\n", md(sec.Summary.Survey))
		}
		fmt.Fprintf(w, "%s\n\n", mdLine(surveyIntro(sec)))
		if g := likertGrid(sec.Summary); len(g.Rows) > 0 {
			writeMarkdownGrid(w, g)
			fmt.Fprintln(w)
		}
		if g := choiceGrid(sec.Summary); len(g.Rows) > 0 {
			writeMarkdownGrid(w, g)
			fmt.Fprintln(w)
		}
	}
}

// scaleName names a question's scale by what its ends say, not by the
// instrument's id for it: "Scale from “Strongly disagree” to “Strongly
// agree” (1-5)", or "Scale 0-10" when its points are numbers.
func scaleName(q survey.QuestionSummary) string {
	return "Scale " + scaleEnds(q)
}

// scaleEnds is "from “Strongly disagree” to “Strongly agree” (1-5)", or
// "0-10" when the points are their own labels.
func scaleEnds(q survey.QuestionSummary) string {
	r := rangeOf(q)
	if len(q.Options) < 2 {
		return r
	}
	lo, hi := q.Options[0], q.Options[len(q.Options)-1]
	if lo.Label == lo.Code && hi.Label == hi.Code {
		return r
	}
	return fmt.Sprintf("from “%s” to “%s” (%s)", lo.Label, hi.Label, r)
}

// rangeOf is a summarised question's scale range, as "1-5" or "0-10".
func rangeOf(q survey.QuestionSummary) string {
	tmp := survey.Question{Type: q.Type, Options: make([]survey.Option, len(q.Options))}
	for i, o := range q.Options {
		tmp.Options[i] = survey.Option{Code: o.Code, Label: o.Label}
	}
	return tmp.Range()
}
