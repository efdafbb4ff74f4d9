package tui

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/project"
)

// quotesExport is the Quotes screen's export of a code's passages: the
// format chooser while it is open, and the note on the last export (the
// file's path) in the footer.
type quotesExport struct {
	chooser *chooser
	note    string
}

// quotesKeys are the Quotes screen's bindings with the export.
type quotesKeys struct {
	listKeys
	Export key.Binding
}

// ShortHelp is the Quotes screen's footer.
func (k quotesKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Expand, k.Code, k.Export, k.Down, k.NextTab, k.Help, k.Quit}
}

// screenHelp is the Quotes screen's `?` overlay.
func (k quotesKeys) screenHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Down, k.Up, k.Top, k.Bottom, k.PageDown, k.PageUp},
		{k.Open, k.Expand, k.Code, k.Export},
		{k.NextTab, k.all.PrevTab, k.Help, k.Quit},
	}
}

// exportedMsg: a code's passages were written to a file (an absolute
// path).
type exportedMsg struct {
	path string
	n    int
}

// exportNote says where the passages went: the file's name first, so that
// a narrow footer cuts the folder rather than the name.
func exportNote(msg exportedMsg) string {
	return fmt.Sprintf("exported %s to %s in %s", plural.Count(msg.n, "passage", "passages"), filepath.Base(msg.path), filepath.Dir(msg.path))
}

// startExport asks for the format of the export of the passages shown.
func (v *quotesView) startExport() tea.Cmd {
	if v.code == "" || len(v.quotes) == 0 {
		v.exp.note = "no passage to export: choose a code with passages (c)"
		return nil
	}
	v.exp.chooser = &chooser{title: truncate(fmt.Sprintf("Export %s, with participant id and city only, as", plural.Count(len(v.quotes), "passage", "passages")), v.width-1),
		options: []string{"Markdown (" + project.PassageFileName(v.code, "md") + ")", "CSV (" + project.PassageFileName(v.code, "csv") + ")"}}
	return nil
}

func (v *quotesView) updateExport(msg tea.KeyMsg) tea.Cmd {
	i, done := v.exp.chooser.update(msg, v.c.keys)
	if !done {
		return nil
	}
	v.exp.chooser = nil
	if i < 0 || i >= len(project.PassageFormats) {
		return nil
	}
	return exportPassagesCmd(v.code, project.PassageFormats[i], v.quotes)
}

// exportPassagesCmd writes the passages to a new file in the current
// folder, named after the code, readable by its owner only.
func exportPassagesCmd(code, format string, quotes []quote) tea.Cmd {
	ps := make([]project.Passage, len(quotes))
	for i, q := range quotes {
		ps[i] = project.Passage{Participant: q.participant, City: q.city, Text: q.coding.Text}
	}
	return func() tea.Msg {
		dir, err := os.Getwd()
		if err != nil {
			return errMsg{fmt.Errorf("export passages: %w", err)}
		}
		path, err := project.ExportPassages(dir, code, format, ps)
		if err != nil {
			return errMsg{err}
		}
		return exportedMsg{path: path, n: len(ps)}
	}
}
