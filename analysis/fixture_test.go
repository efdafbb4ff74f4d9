package analysis_test

import (
	"strings"
	"unicode/utf8"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

// tiny is a two-city study small enough to count by hand.
//
//	Source 1 "fg-a" (city A, group A-1):
//	  turn 0  F-A (facilitator)  "What helps you?"
//	  turn 1  A-01 (woman)       "Lawyers help me a lot." "Waiting is hard."
//	  turn 2  A-02 (man)         "My family is threatened."
//	Source 2 "fg-b" (city B, group B-1):
//	  turn 0  F-B (facilitator)  "Tell us more."
//	  turn 1  B-01 (woman)       "Lawyers are expensive." "Police do nothing."
//
//	Codes: Theme one (Code a, Code b), Theme two (Code c).
//	Codings:
//	  1 Code a  A-01 "Lawyers help me a lot."                       lea
//	  2 Code a  A-01 "Lawyers help me a lot."                       sam
//	  3 Code b  A-01 "Waiting is hard."                             lea
//	  4 Code c  A-02 "My family is threatened."                     lea
//	  5 Code a  F-A  "What helps you?"  (facilitator: never counts)  lea
//	  6 Code a  B-01 "Lawyers are expensive."                       sam
//	  7 Code c  B-01 both sentences                                  lea
//	  8 Code b  B-01 "Police do"                                     lea
func tiny() *analysis.Dataset {
	d := &analysis.Dataset{Project: "tiny"}
	type turn struct {
		who   string
		fac   bool
		sents []string
	}
	find := map[string][2]int{} // sentence text -> span
	addSource := func(id int64, name, city, group string, turns []turn) {
		var text strings.Builder
		pos := 0
		write := func(s string) {
			text.WriteString(s)
			pos += utf8.RuneCountInString(s)
		}
		for ti, t := range turns {
			if ti > 0 {
				write("\n\n")
			}
			start := pos
			for si, s := range t.sents {
				if si > 0 {
					write(" ")
				}
				a := pos
				write(s)
				find[s] = [2]int{a, pos}
				d.Sentences = append(d.Sentences, analysis.Sentence{Source: id, Index: len(d.Sentences), Turn: ti, Start: a, End: pos})
			}
			d.Turns = append(d.Turns, analysis.Turn{Source: id, Index: ti, Participant: t.who, Facilitator: t.fac, Start: start, End: pos})
		}
		d.Sources = append(d.Sources, analysis.Source{ID: id, Name: name, City: city, Group: group, Language: "en", Text: text.String()})
	}
	addSource(1, "fg-a", "A", "A-1", []turn{
		{"F-A", true, []string{"What helps you?"}},
		{"A-01", false, []string{"Lawyers help me a lot.", "Waiting is hard."}},
		{"A-02", false, []string{"My family is threatened."}},
	})
	addSource(2, "fg-b", "B", "B-1", []turn{
		{"F-B", true, []string{"Tell us more."}},
		{"B-01", false, []string{"Lawyers are expensive.", "Police do nothing."}},
	})
	d.Participants = []analysis.Participant{
		{ID: "A-01", Group: "A-1", City: "A", Attributes: map[string]string{"gender": "woman", "pseudonym": "Alice", "years": "2"}},
		{ID: "A-02", Group: "A-1", City: "A", Attributes: map[string]string{"gender": "man", "pseudonym": "Bob", "years": "7"}},
		{ID: "B-01", Group: "B-1", City: "B", Attributes: map[string]string{"gender": "woman", "pseudonym": "Chloé", "years": "12"}},
		{ID: "F-A", Group: "A-1", City: "A", Facilitator: true},
		{ID: "F-B", Group: "B-1", City: "B", Facilitator: true},
	}
	d.Codes = []analysis.Code{
		{ID: 1, Name: "Theme one", Path: "Theme one", Definition: "The first theme.", Color: "#1f77b4"},
		{ID: 2, ParentID: 1, Name: "Code a", Path: "Theme one/Code a"},
		{ID: 3, ParentID: 1, Name: "Code b", Path: "Theme one/Code b"},
		{ID: 4, Name: "Theme two", Path: "Theme two", Color: "#d62728"},
		{ID: 5, ParentID: 4, Name: "Code c", Path: "Theme two/Code c"},
	}
	span := func(s string) [2]int { return find[s] }
	code := func(id, src, code int64, sp [2]int, coder string) analysis.Coding {
		return analysis.Coding{ID: id, Source: src, Code: code, Start: sp[0], End: sp[1], Coder: coder}
	}
	both := [2]int{span("Lawyers are expensive.")[0], span("Police do nothing.")[1]}
	police := span("Police do nothing.")
	d.Codings = []analysis.Coding{
		code(1, 1, 2, span("Lawyers help me a lot."), "lea"),
		code(2, 1, 2, span("Lawyers help me a lot."), "sam"),
		code(3, 1, 3, span("Waiting is hard."), "lea"),
		code(4, 1, 5, span("My family is threatened."), "lea"),
		code(5, 1, 2, span("What helps you?"), "lea"),
		code(6, 2, 2, span("Lawyers are expensive."), "sam"),
		code(7, 2, 5, both, "lea"),
		code(8, 2, 3, [2]int{police[0], police[0] + len("Police do")}, "lea"),
	}
	return d
}
