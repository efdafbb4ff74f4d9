package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/fieldwork-qda/fieldwork/internal/textfit"

	"golang.org/x/term"
)

// isTerminal reports whether w (an input or output) is a terminal.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// styles are the CLI's few styles; colour only on a terminal without NO_COLOR.
type styles struct {
	header, dim, ok lipgloss.Style
}

func (e *Env) styles() styles {
	if !isTerminal(e.Out) || e.Getenv("NO_COLOR") != "" {
		return styles{}
	}
	r := lipgloss.NewRenderer(e.Out)
	return styles{
		header: r.NewStyle().Bold(true).Underline(true),
		dim:    r.NewStyle().Faint(true),
		ok:     r.NewStyle().Foreground(lipgloss.Color("2")),
	}
}

// table prints rows aligned in columns, measuring display width so that
// accented and wide characters line up. Columns listed in right are
// right-aligned (numbers).
type table struct {
	header []string
	rows   [][]string
	right  map[int]bool
}

func newTable(header ...string) *table { return &table{header: header, right: map[int]bool{}} }

func (t *table) alignRight(cols ...int) *table {
	for _, c := range cols {
		t.right[c] = true
	}
	return t
}

// add appends a row. Cells are stored text (names, answers, attributes):
// their control characters are shown escaped (textfit.Safe), so nothing a
// participant or researcher typed can drive the terminal.
func (t *table) add(cells ...string) {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = textfit.Safe(c)
	}
	t.rows = append(t.rows, row)
}

func (t *table) print(e *Env) error {
	st := e.styles()
	width := make([]int, len(t.header))
	for i, h := range t.header {
		width[i] = lipgloss.Width(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			if i < len(width) {
				width[i] = max(width[i], lipgloss.Width(c))
			}
		}
	}
	line := func(cells []string, style *lipgloss.Style) string {
		var b strings.Builder
		for i, c := range cells {
			if i >= len(width) {
				break
			}
			pad := strings.Repeat(" ", width[i]-lipgloss.Width(c))
			cell := c
			if style != nil {
				cell = style.Render(c)
			}
			if t.right[i] {
				cell = pad + cell
			} else if i < len(cells)-1 {
				cell += pad
			}
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(cell)
		}
		return strings.TrimRight(b.String(), " ") + "\n"
	}
	if _, err := io.WriteString(e.Out, line(t.header, &st.header)); err != nil {
		return err
	}
	for _, r := range t.rows {
		if _, err := io.WriteString(e.Out, line(r, nil)); err != nil {
			return err
		}
	}
	return nil
}

// printJSON writes v as indented JSON; nil slices print as [].
func (e *Env) printJSON(v any) error {
	data, err := jsonBytes(v)
	if err != nil {
		return err
	}
	_, err = e.writeOut("", data)
	return err
}

// jsonBytes is v as printJSON writes it.
func jsonBytes(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// progress prints "verb n/total name" on stderr when stderr is a terminal,
// overwriting itself; done() clears it.
type progress struct {
	e     *Env
	on    bool
	total int
	verb  string
}

func (e *Env) progress(verb string, total int) *progress {
	return &progress{e: e, on: isTerminal(e.Err), total: total, verb: verb}
}

func (p *progress) step(n int, name string) {
	if p.on {
		fmt.Fprintf(p.e.Err, "\r\x1b[K%s %d/%d %s", p.verb, n, p.total, name)
	}
}

func (p *progress) done() {
	if p.on {
		fmt.Fprint(p.e.Err, "\r\x1b[K")
	}
}

func itoa(n int) string { return fmt.Sprint(n) }
