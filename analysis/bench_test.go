package analysis

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// exportDir makes TestExportBenchData write the benchmark's data set and
// Go's results as CSV, for bench/run.sh to time pandas on the same data:
//
//	go test ./analysis -run TestExportBenchData -export DIR
var exportDir = flag.String("export", "", "write the benchmark data set and Go's results as CSV into this folder")

// Size of the benchmark project.
const (
	benchSources      = 200
	benchPerSource    = 10 // participants per source: 2,000 in all
	benchTurns        = 80 // turns per source, every 8th the facilitator's
	benchSentPerTurn  = 4
	benchCodings      = 1_000_000
	benchThemes       = 3
	benchCodesByTheme = 6
)

var benchCities = []string{"Calgary", "Montreal", "Ottawa", "Toronto", "Vancouver"}

var benchWords = strings.Fields(`we need help with documents lawyer hearing permit work housing family threat
police phone hacked account surveillance community diaspora mentor training network platform secure
encrypted peer support recognition expertise organisation board funding wait months years city safe
fear report officer called brother mother message threatened online posted deleted wrote`)

var (
	benchOnce sync.Once
	benchData *Dataset
)

// benchDataset builds, once, a project of 200 sources (five cities, one
// focus group each), 2,000 participants (plus a facilitator per source),
// 64,000 sentences, 21 codes in three themes, and 1,000,000 codings by two
// coders, each over one or two sentences of any speaker. It is seeded, so
// every run builds the same data.
func benchDataset() *Dataset {
	benchOnce.Do(func() {
		rng := rand.New(rand.NewPCG(4, 2026))
		d := &Dataset{Project: "bench"}
		id := int64(0)
		for t := 0; t < benchThemes; t++ {
			id++
			theme := Code{ID: id, Name: fmt.Sprintf("Theme %d", t+1), Path: fmt.Sprintf("Theme %d", t+1)}
			d.Codes = append(d.Codes, theme)
			for c := 0; c < benchCodesByTheme; c++ {
				id++
				name := fmt.Sprintf("Code %d.%d", t+1, c+1)
				d.Codes = append(d.Codes, Code{ID: id, ParentID: theme.ID, Name: name, Path: theme.Name + "/" + name})
			}
		}
		var leaves []int64
		for _, c := range d.Codes {
			if c.ParentID != 0 {
				leaves = append(leaves, c.ID)
			}
		}
		type span struct{ start, end int }
		sentSpans := make([][]span, benchSources)
		for s := 0; s < benchSources; s++ {
			sid := int64(s + 1)
			city := benchCities[s%len(benchCities)]
			group := fmt.Sprintf("G-%03d", s+1)
			fac := group + ":Facilitator"
			d.Participants = append(d.Participants, Participant{ID: fac, Group: group, City: city, Facilitator: true})
			for p := 0; p < benchPerSource; p++ {
				d.Participants = append(d.Participants, Participant{ID: fmt.Sprintf("P-%04d", s*benchPerSource+p+1), Group: group, City: city,
					Attributes: map[string]string{
						"gender":          []string{"woman", "man", "non-binary"}[rng.IntN(3)],
						"years_in_canada": strconv.Itoa(rng.IntN(20)),
						"pathway":         []string{"refugee claim", "resettled refugee", "skilled worker", "student permit", "family sponsorship"}[rng.IntN(5)],
					}})
			}
			var text strings.Builder
			pos := 0
			for t := 0; t < benchTurns; t++ {
				if t > 0 {
					text.WriteString("\n\n")
					pos += 2
				}
				who := fmt.Sprintf("P-%04d", s*benchPerSource+(t*7)%benchPerSource+1)
				if t%8 == 0 {
					who = fac
				}
				start := pos
				for k := 0; k < benchSentPerTurn; k++ {
					if k > 0 {
						text.WriteString(" ")
						pos++
					}
					a := pos
					n := 6 + rng.IntN(10)
					for w := 0; w < n; w++ {
						word := benchWords[rng.IntN(len(benchWords))]
						if w > 0 {
							word = " " + word
						}
						text.WriteString(word)
						pos += len(word)
					}
					text.WriteString(".")
					pos++
					d.Sentences = append(d.Sentences, Sentence{Source: sid, Index: t*benchSentPerTurn + k, Turn: t, Start: a, End: pos})
					sentSpans[s] = append(sentSpans[s], span{a, pos})
				}
				d.Turns = append(d.Turns, Turn{Source: sid, Index: t, Participant: who, Facilitator: t%8 == 0, Start: start, End: pos})
			}
			d.Sources = append(d.Sources, Source{ID: sid, Name: fmt.Sprintf("fg-%03d", s+1), City: city, Group: group, Language: "en", Text: text.String()})
		}
		d.Codings = make([]Coding, benchCodings)
		coders := []string{"lea", "sam"}
		for i := range d.Codings {
			s := rng.IntN(benchSources)
			spans := sentSpans[s]
			k := rng.IntN(len(spans))
			a, b := spans[k].start, spans[k].end
			if rng.IntN(4) == 0 && k+1 < len(spans) {
				b = spans[k+1].end // one in four runs over the next sentence
			}
			d.Codings[i] = Coding{Source: int64(s + 1), Code: leaves[rng.IntN(len(leaves))], Start: a, End: b, Coder: coders[rng.IntN(2)]}
		}
		// In the order store.Dataset loads them: by source, then position.
		slices.SortFunc(d.Codings, func(x, y Coding) int {
			if x.Source != y.Source {
				return int(x.Source - y.Source)
			}
			if x.Start != y.Start {
				return x.Start - y.Start
			}
			return x.End - y.End
		})
		for i := range d.Codings {
			d.Codings[i].ID = int64(i + 1)
		}
		benchData = d
	})
	return benchData
}

// BenchmarkCityMatrixAndNeeds measures what bench/run.sh compares with
// pandas: from the loaded data, the overlap join, the code x city matrix
// and the needs table's counts and ranks. The quotes sub-benchmark adds the
// two representative quotes per need, which pandas does not do.
func BenchmarkCityMatrixAndNeeds(b *testing.B) {
	d := benchDataset()
	b.Run("prepare", func(b *testing.B) {
		for b.Loop() {
			if _, err := New(d, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	a, err := New(d, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("matrix", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.Matrix(By{Field: "city"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("passages", func(b *testing.B) {
		for b.Loop() {
			countPassages(a.s)
		}
	})
	b.Run("needs-counts", func(b *testing.B) {
		for b.Loop() {
			a.needs(false)
		}
	})
	b.Run("all-counts", func(b *testing.B) {
		for b.Loop() {
			a, err := New(d, Options{})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := a.Matrix(By{Field: "city"}); err != nil {
				b.Fatal(err)
			}
			a.needs(false)
		}
	})
	b.Run("all-with-quotes", func(b *testing.B) {
		for b.Loop() {
			a, err := New(d, Options{})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := a.Matrix(By{Field: "city"}); err != nil {
				b.Fatal(err)
			}
			a.Needs()
		}
	})
}

// BenchmarkReportTables computes, from the loaded data, every table of
// `fieldwork report` as report.Build does (Analysis.Sections: frequencies,
// the matrix by city, co-occurrence, needs with quotes, the theme summaries
// with their words and quotes). Against the whole process this leaves out
// loading, the screen and rendering.
func BenchmarkReportTables(b *testing.B) {
	d := benchDataset()
	for b.Loop() {
		a, err := New(d, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := a.Sections(By{Field: "city"}, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// TestExportBenchData writes the benchmark data set as CSV (sources,
// participants, turns, sentences, codes, codings) with Go's city matrix and
// needs counts beside it, so that bench/run.sh can time pandas on the same
// data and check that both agree. It runs only with -export DIR.
func TestExportBenchData(t *testing.T) {
	if *exportDir == "" {
		t.Skip("run with -export DIR to write the benchmark data")
	}
	d := benchDataset()
	dir := *exportDir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, header string, n int, line func(i int) string) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(f)
		fmt.Fprintln(w, header)
		for i := 0; i < n; i++ {
			fmt.Fprintln(w, line(i))
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	b2i := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	write("sources.csv", "id,name,city,group", len(d.Sources), func(i int) string {
		s := d.Sources[i]
		return fmt.Sprintf("%d,%s,%s,%s", s.ID, s.Name, s.City, s.Group)
	})
	write("participants.csv", "id,group,city,facilitator,gender,years_in_canada,pathway", len(d.Participants), func(i int) string {
		p := d.Participants[i]
		return fmt.Sprintf("%s,%s,%s,%d,%s,%s,%s", p.ID, p.Group, p.City, b2i(p.Facilitator), p.Attributes["gender"], p.Attributes["years_in_canada"], p.Attributes["pathway"])
	})
	write("turns.csv", "source,idx,participant,facilitator,start,end", len(d.Turns), func(i int) string {
		x := d.Turns[i]
		return fmt.Sprintf("%d,%d,%s,%d,%d,%d", x.Source, x.Index, x.Participant, b2i(x.Facilitator), x.Start, x.End)
	})
	write("sentences.csv", "source,idx,turn,start,end", len(d.Sentences), func(i int) string {
		x := d.Sentences[i]
		return fmt.Sprintf("%d,%d,%d,%d,%d", x.Source, x.Index, x.Turn, x.Start, x.End)
	})
	write("codes.csv", "id,parent,path", len(d.Codes), func(i int) string {
		c := d.Codes[i]
		return fmt.Sprintf("%d,%d,%s", c.ID, c.ParentID, c.Path)
	})
	write("codings.csv", "id,source,code,start,end,coder", len(d.Codings), func(i int) string {
		c := d.Codings[i]
		return fmt.Sprintf("%d,%d,%d,%d,%d,%s", c.ID, c.Source, c.Code, c.Start, c.End, c.Coder)
	})
	a, err := New(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := a.Matrix(By{Field: "city"})
	if err != nil {
		t.Fatal(err)
	}
	n := a.needs(false)
	for _, tb := range []*Table{m, n} {
		write("go_"+tb.Name+".csv", strings.Join(colNames(tb), ","), tb.Rows(), func(r int) string {
			var cells []string
			for c := range tb.Columns {
				v := tb.Machine(r, c)
				if strings.ContainsAny(v, ",\"\n") {
					v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
				}
				cells = append(cells, v)
			}
			return strings.Join(cells, ",")
		})
	}
	t.Logf("wrote the benchmark data to %s", dir)
}

func colNames(t *Table) []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}
