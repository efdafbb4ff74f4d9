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

func surveyNav(r *Report) string {
	if len(r.Surveys) == 0 {
		return ""
	}
	return `<a href="#survey">Survey</a>`
}

// divergingColors are the colours of a scale's points, lowest first:
// brown to teal through grey (colour-blind safe, after ColorBrewer BrBG).
func divergingColors(n int) []string {
	lo := [3]float64{0x8c, 0x51, 0x0a}
	mid := [3]float64{0xdd, 0xdd, 0xdd}
	hi := [3]float64{0x01, 0x66, 0x5e}
	out := make([]string, n)
	for i := range out {
		t := 0.5
		if n > 1 {
			t = float64(i) / float64(n-1)
		}
		a, b, u := lo, mid, t*2
		if t > 0.5 {
			a, b, u = mid, hi, (t-0.5)*2
		}
		var c [3]int
		for k := range c {
			c[k] = int(math.Round(a[k] + (b[k]-a[k])*u))
		}
		out[i] = fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
	}
	return out
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

// writeDivergingBars draws one diverging stacked bar per question of one
// scale: the points below the middle extend left of the centre line, those
// above to the right, and the middle point of an odd scale straddles it,
// half on each side. Lengths are shares of the valid answers.
func writeDivergingBars(w io.Writer, qs []survey.QuestionSummary) {
	pts := qs[0].Options
	k := len(pts)
	colors := divergingColors(k)
	const (
		labelW = 330
		plotW  = 600
		barH   = 18
		gap    = 8
		top    = 46
	)
	center := labelW + plotW/2
	height := top + len(qs)*(barH+gap) + 26
	width := labelW + plotW + 20
	caption := fmt.Sprintf("Scale %s: share of valid answers at each point; left of the line the lower points, right the higher, the middle point split across it.", qs[0].Scale)
	fmt.Fprintf(w, "<figure>\n<figcaption>%s</figcaption>\n", esc(caption))
	fmt.Fprintf(w, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">\n", width, height, width, height, esc(caption))
	// Legend.
	x := labelW - 200
	for i, p := range pts {
		fmt.Fprintf(w, "<rect x=\"%d\" y=\"6\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"16\" font-size=\"11\">%s</text>\n", x, colors[i], x+15, esc(p.Label))
		x += 22 + int(6.2*float64(len([]rune(p.Label))))
		if x > width-80 && i < k-1 {
			x = labelW - 200
			break
		}
	}
	// Grid: -100%, -50%, 0, 50%, 100%.
	for q := -2; q <= 2; q++ {
		gx := center + q*plotW/4
		stroke := "#d9dee7"
		if q == 0 {
			stroke = "#1d2330"
		}
		fmt.Fprintf(w, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>\n", gx, top-6, gx, height-20, stroke)
		fmt.Fprintf(w, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#5b6474\" text-anchor=\"middle\">%d%%</text>\n", gx, height-6, abs(q)*50)
	}
	scale := float64(plotW) / 2
	for i, q := range qs {
		y := top + i*(barH+gap)
		label := q.ID
		if q.Text != "" {
			label = q.Text
		}
		fmt.Fprintf(w, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\"><title>%s</title>%s</text>\n", labelW-8, y+barH/2+4, esc(label), esc(truncate(label, 48)))
		if q.N == 0 {
			fmt.Fprintf(w, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#5b6474\">no answers</text>\n", center+4, y+barH/2+4)
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
				fmt.Fprintf(w, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: %s (%d)</title></rect>\n",
					pos, y, bw, barH, colors[j], esc(o.Label), Percent(o.Percent), o.Unweighted)
				if bw >= 26 {
					ink := "#1d2330"
					if j <= k/5 || j >= k-1-k/5 {
						ink = "#ffffff"
					}
					fmt.Fprintf(w, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" fill=\"%s\">%s</text>\n", pos+bw/2, y+barH/2+4, ink, Percent(o.Percent))
				}
			}
			pos += bw
		}
	}
	fmt.Fprintf(w, "</svg>\n</figure>\n")
}

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
		g.Rows = append(g.Rows, []string{text, fmt.Sprintf("%s (%s)", q.Scale, rangeOf(q)), fmtCount(q.N), fmtCount(q.Missing),
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

// writeSurveyHTML writes the survey section: per survey, diverging stacked
// bars of its Likert and rating questions (one chart per scale), their
// summary table, and the frequencies of its choice questions.
func writeSurveyHTML(w io.Writer, r *Report) {
	if len(r.Surveys) == 0 {
		return
	}
	fmt.Fprintf(w, "<section id=\"survey\">\n<h2>Survey</h2>\n")
	for _, sec := range r.Surveys {
		if len(r.Surveys) > 1 {
			fmt.Fprintf(w, "<h3>%s</h3>\n", esc(sec.Summary.Survey))
		}
		fmt.Fprintf(w, "<p class=\"note\">%s</p>\n", esc(surveyIntro(sec)))
		for _, qs := range scaleGroups(sec.Summary) {
			writeDivergingBars(w, qs)
		}
		if g := likertGrid(sec.Summary); len(g.Rows) > 0 {
			htmlGrid(w, g, nil)
			fmt.Fprintf(w, "<p class=\"note\">%s</p>\n", esc("Mean and median are scale points (their codes when the codes are numbers, else 1 for the lowest); top two and bottom two are the shares of valid answers in the two highest and two lowest points."))
		}
		if g := choiceGrid(sec.Summary); len(g.Rows) > 0 {
			htmlGrid(w, g, nil)
		}
	}
	fmt.Fprintf(w, "</section>\n")
}

// writeSurveyMarkdown writes the survey section's tables.
func writeSurveyMarkdown(w io.Writer, r *Report) {
	if len(r.Surveys) == 0 {
		return
	}
	fmt.Fprintf(w, "\n## Survey\n\n")
	for _, sec := range r.Surveys {
		if len(r.Surveys) > 1 {
			fmt.Fprintf(w, "### %s\n\n", sec.Summary.Survey)
		}
		fmt.Fprintf(w, "%s\n\n", surveyIntro(sec))
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

// rangeOf is a summarised question's scale range, as "1-5" or "0-10".
func rangeOf(q survey.QuestionSummary) string {
	tmp := survey.Question{Type: q.Type, Options: make([]survey.Option, len(q.Options))}
	for i, o := range q.Options {
		tmp.Options[i] = survey.Option{Code: o.Code, Label: o.Label}
	}
	return tmp.Range()
}
