package survey

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestCSVPiecesAsOne checks that a large CSV file without quotes, read in
// pieces in parallel, gives the rows (and row numbers) a single read gives:
// blank lines, CRLF line ends, ragged rows and a last line without a line
// break included.
func TestCSVPiecesAsOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	// Runs of blank lines put the cut between pieces inside them, so that
	// a piece ends with blank lines (which encoding/csv leaves no row for).
	// The last text ends with a run of blank lines a piece of its own may
	// hold.
	for i, eol := range []string{"\n", "\r\n", "\n\n", strings.Repeat("\n", 40), strings.Repeat("\n", 40)} {
		var b strings.Builder
		b.WriteString("id,q1,q2,q3" + eol)
		for r := 0; b.Len() < 3*csvChunk; r++ {
			switch rng.IntN(50) {
			case 0:
				b.WriteString(eol) // a blank line
				continue
			case 1:
				fmt.Fprintf(&b, "R%d,1%s", r, eol) // ragged
				continue
			}
			fmt.Fprintf(&b, "R%d,%d,%d,Some words %d%s", r, rng.IntN(5), rng.IntN(5), rng.IntN(1000), eol)
		}
		b.WriteString("Rlast,1,2,3")
		if i == 4 {
			b.WriteString(eol)
		}
		text := b.String()
		want, err := readCSVRecords(text, ',', MaxGridCells)
		if err != nil {
			t.Fatal(err)
		}
		got, err := readCSVChunks(text, ',')
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d rows in pieces, %d in one", eol, len(got), len(want))
		}
		if !reflect.DeepEqual(got, want) {
			for i := range got {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Fatalf("%q: row %d: %q in pieces, %q in one", eol, i+1, got[i], want[i])
				}
			}
		}
	}
}

// FuzzPlainCSV checks that splitPlainCSV reads text without quotes as
// encoding/csv does.
func FuzzPlainCSV(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "a,b\r\n\r\n1,2\r", "\n\n a , b \n", "x\r\ry\n", ",,\n,", "a;b\n", "\r", "\n", "a\n\n\n", "é,\u2028,\x00\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if strings.IndexByte(text, '"') >= 0 {
			return
		}
		r := csv.NewReader(strings.NewReader(text))
		r.FieldsPerRecord, r.LazyQuotes = -1, true
		var want [][]string
		for {
			rec, err := r.Read()
			if err != nil {
				break
			}
			at, _ := r.FieldPos(0)
			for len(want) < at-1 {
				want = append(want, nil)
			}
			want = append(want, rec)
		}
		got, err := splitPlainCSV(text, ',', MaxGridCells)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("%q:\nsplit %q\ncsv   %q", text, got, want)
		}
	})
}
