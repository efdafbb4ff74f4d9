package analysis_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

// dump writes every cell of t, human and machine, with its marks.
func dump(b *strings.Builder, t *analysis.Table) {
	fmt.Fprintf(b, "%s %q %v\n", t.Name, t.Title, t.Notes)
	for r := 0; r < t.Rows(); r++ {
		for c := range t.Columns {
			fmt.Fprintf(b, "%s|%s|%d\t", t.Human(r, c), t.Machine(r, c), t.Mark(r, c))
		}
		b.WriteString("\n")
	}
}

// dumpThemes writes theme summaries, their tables cell by cell.
func dumpThemes(b *strings.Builder, ts []analysis.ThemeSummary) {
	for _, x := range ts {
		for _, tb := range []*analysis.Table{x.Row, x.SubCodes, x.Cities} {
			dump(b, tb)
		}
		x.Row, x.SubCodes, x.Cities = nil, nil, nil
		fmt.Fprintf(b, "%+v\n", x)
	}
	for _, tb := range analysis.ThemeTables(ts, 0) {
		dump(b, tb)
	}
}

// TestSectionsAsInTurn: the tables computed on two goroutines are those of
// each method called in turn (run with -race to see the goroutines keep
// apart).
func TestSectionsAsInTurn(t *testing.T) {
	for _, by := range []analysis.By{{Field: "city"}, {Field: "group"}} {
		seq := newAnalysis(t, tiny(), analysis.Options{})
		var want strings.Builder
		dump(&want, seq.Frequencies())
		m, err := seq.Matrix(by)
		if err != nil {
			t.Fatal(err)
		}
		dump(&want, m)
		cm, _ := seq.Matrix(analysis.By{Field: "city"})
		dump(&want, cm)
		co, _ := seq.Cooccurrence("")
		dump(&want, co)
		dump(&want, seq.Needs())
		themes, err := seq.Themes()
		if err != nil {
			t.Fatal(err)
		}
		dumpThemes(&want, themes)

		par := newAnalysis(t, tiny(), analysis.Options{})
		sec, err := par.Sections(by, "")
		if err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		for _, tb := range []*analysis.Table{sec.Frequencies, sec.Matrix, sec.ByCity, sec.Cooccurrence, sec.Needs} {
			dump(&got, tb)
		}
		dumpThemes(&got, sec.Themes)
		if got.String() != want.String() {
			t.Errorf("by %s: Sections differ from the tables in turn:\n%s\nwant\n%s", by.Field, got.String(), want.String())
		}
	}
}
