package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis/report/inert"
)

// Memo is a researcher's memo as the report's appendix and the memo
// exports show it. Target names what it is on by names and ids only:
// participants by their id, never a speaker label, which may be a name.
type Memo struct {
	Ref     string // M12, or C34 for a coding's memo
	Kind    string // project, code, participant, source, passage, coding
	Target  string // "code Barriers/Language", "participant MTL-03" ...
	Author  string
	Updated time.Time
	Text    string // may hold several lines
}

// date is the memo's day, "" when unknown.
func (m Memo) date() string {
	if m.Updated.IsZero() {
		return ""
	}
	return m.Updated.UTC().Format("2006-01-02")
}

// memoLines are the memo's lines, trailing blank ones dropped.
func (m Memo) memoLines() []string {
	text := strings.TrimRight(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n \t")
	return strings.Split(text, "\n")
}

// memoIntro opens the appendix and the Markdown export.
func memoIntro(n int) string {
	if n == 0 {
		return "The project has no memos."
	}
	s := "s"
	if n == 1 {
		s = ""
	}
	return fmt.Sprintf("%d memo%s: on the project, codes, participants (by their id), sources, passages and codings, in that order.", n, s)
}

// writeMemoList writes memos as Markdown: a line saying what each is on,
// then its text as a block quote, line by line, through the same inert
// path as the report's quotes.
func writeMemoList(w io.Writer, memos []Memo, heading string) {
	fmt.Fprintf(w, "%s\n\n", memoIntro(len(memos)))
	for _, m := range memos {
		head := fmt.Sprintf("%s **%s** · on %s · %s", heading, md(m.Ref), md(m.Target), md(m.Author))
		if d := m.date(); d != "" {
			head += " · " + d
		}
		fmt.Fprintf(w, "%s\n\n", head)
		lines := m.memoLines()
		for i, l := range lines {
			l = mdLine(l)
			switch {
			case l == "":
				fmt.Fprintln(w, ">")
			case i < len(lines)-1 && strings.TrimSpace(lines[i+1]) != "":
				fmt.Fprintf(w, "> %s\\\n", l) // a hard line break: the memo's lines stay lines
			default:
				fmt.Fprintf(w, "> %s\n", l)
			}
		}
		fmt.Fprintln(w)
	}
}

// writeMemosMarkdown is the report's appendix, when asked for.
func writeMemosMarkdown(w io.Writer, r *Report) {
	if !r.MemoAppendix {
		return
	}
	fmt.Fprintf(w, "## Appendix: memos\n\n")
	writeMemoList(w, r.Memos, "###")
}

// WriteMemosMarkdown writes memos as a Markdown document (fieldwork memos
// export): every field made inert as in the report.
func WriteMemosMarkdown(out io.Writer, title string, memos []Memo) error {
	w := bufio.NewWriter(out)
	fmt.Fprintf(w, "# %s\n\n", md(title))
	writeMemoList(w, memos, "##")
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write memos: %w", err)
	}
	return nil
}

// MemoCSVHeader is the header row of WriteMemosCSV.
var MemoCSVHeader = []string{"id", "kind", "on", "author", "updated", "text"}

// WriteMemosCSV writes memos as CSV, one row each, every cell through
// inert.CSVCell so that no cell starts a formula; a memo's lines stay in
// one quoted cell.
func WriteMemosCSV(out io.Writer, memos []Memo) error {
	w := csv.NewWriter(out)
	w.Write(MemoCSVHeader)
	for _, m := range memos {
		w.Write(inert.CSVRecord([]string{m.Ref, m.Kind, m.Target, m.Author, m.date(), m.Text}))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("write memos: %w", err)
	}
	return nil
}

// memosView is the HTML appendix.
type memosView struct {
	Intro string
	List  []memoView
}

type memoView struct {
	Ref, Target, Facts string
	Lines              []string
}

func (r *Report) memosHTML() *memosView {
	if !r.MemoAppendix {
		return nil
	}
	v := &memosView{Intro: memoIntro(len(r.Memos))}
	for _, m := range r.Memos {
		facts := m.Author
		if d := m.date(); d != "" {
			facts += " · " + d
		}
		v.List = append(v.List, memoView{Ref: m.Ref, Target: m.Target, Facts: facts, Lines: m.memoLines()})
	}
	return v
}
