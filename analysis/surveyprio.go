package analysis

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// surveyPriority is the survey priority of code c (an index into the
// codes): the mean rating of the survey questions mapped to the code with
// `fieldwork survey map`, each question's mean being the unweighted mean
// scale point (survey.Question.PointValues) of its valid answers, over every
// respondent of its survey (the table's filters apply to focus-group
// participants, not to respondents). When several questions are mapped to
// the code, it is the mean of their means. Questions are mapped to the
// need's own code: a question mapped to a code under it does not count.
// NaN when no question is mapped or nobody answered.
func (a *Analysis) surveyPriority(c int) float64 {
	id := a.s.codes[c].ID
	sum, n := 0.0, 0
	for _, d := range a.s.ds.Surveys {
		for _, q := range d.Instrument.Questions {
			for _, code := range d.Codes[q.ID] {
				if code != id {
					continue
				}
				if m, k := d.MeanRating(q.ID); k > 0 {
					sum += m
					n++
				}
			}
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return roundTo(sum/float64(n), 4)
}

// surveyPriorityNote explains the survey priority column of the needs
// table: which questions give it, on what scale, from how many answers.
func (a *Analysis) surveyPriorityNote() string {
	var parts []string
	for _, d := range a.s.ds.Surveys {
		ids := make([]string, 0, len(d.Codes))
		for q := range d.Codes {
			ids = append(ids, q)
		}
		sort.Slice(ids, func(i, j int) bool { return d.Instrument.QuestionIndex(ids[i]) < d.Instrument.QuestionIndex(ids[j]) })
		for _, id := range ids {
			q := d.Instrument.Question(id)
			if q == nil || len(d.Codes[id]) == 0 {
				continue
			}
			_, n := d.MeanRating(id)
			label := q.ID // a reader knows a question by its words, not its column
			if q.Text != "" {
				label = "“" + q.Text + "”"
			}
			parts = append(parts, fmt.Sprintf("%s %s (%s, n=%d)", d.Instrument.Name, label, q.Range(), n))
		}
	}
	if len(parts) == 0 {
		if len(a.s.ds.Surveys) == 0 {
			return "Survey priority is empty: the project has no survey."
		}
		return "Survey priority is empty: no survey question is mapped to a need (fieldwork survey map PROJECT QUESTION CODE)."
	}
	return "Survey priority is the mean rating (on the scale's points) of the survey question mapped to the need, over all its respondents; not part of the score. Questions: " +
		strings.Join(parts, "; ") + "."
}
