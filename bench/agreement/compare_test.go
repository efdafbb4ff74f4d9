// Package agreementbench checks analysis/agreement against a second
// implementation (compare.py: scikit-learn, statsmodels and numpy) and
// times the two on the size. See run.sh.
package agreementbench

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis/agreement"
)

var export = flag.String("export", "", "TestExportBenchData writes the benchmark's reliability data (100,000 units x 3 coders) to DIR/agreement-100k.csv")

// python returns Debian's Python when it has numpy, scikit-learn and
// statsmodels, else skips the test.
func python(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		path, err := exec.LookPath(py)
		if err != nil {
			continue
		}
		if exec.Command(path, "-c", "import numpy, sklearn, statsmodels").Run() == nil {
			return path
		}
	}
	t.Skip("no python3 with numpy, sklearn and statsmodels (apt-get install python3-sklearn python3-statsmodels)")
	return ""
}

// cell is one row of reliability data.
type cell struct{ unit, coder, value string }

// generate gives units x coders values: each unit has a true category of
// k (drawn with the given weights), each coder gives it or, with
// probability noise, a random one; a share of values is missing ("").
func generate(seed uint64, units, coders, k int, noise, missing float64, label func(int) string) []cell {
	r := rand.New(rand.NewPCG(seed, 2026))
	out := make([]cell, 0, units*coders)
	for u := range units {
		truth := r.IntN(k)
		if k == 2 && r.Float64() < 0.6 { // codes are absent more often than present
			truth = 0
		}
		for c := range coders {
			v := truth
			if r.Float64() < noise {
				v = r.IntN(k)
			}
			s := label(v)
			if r.Float64() < missing {
				s = ""
			}
			out = append(out, cell{"u" + strconv.Itoa(u), "coder" + strconv.Itoa(c), s})
		}
	}
	return out
}

func number(v int) string { return strconv.Itoa(v + 1) }

func writeCSV(t testing.TB, path string, cells []cell) {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"unit", "coder", "value"})
	for _, c := range cells {
		_ = w.Write([]string{c.unit, c.coder, c.value})
	}
	w.Flush()
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func load(t testing.TB, cells []cell) *agreement.Data {
	t.Helper()
	d := agreement.NewData()
	for _, c := range cells {
		if err := d.Add(c.unit, c.coder, c.value); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// table gives two coders' cells from a contingency table.
func table(rows [][]int) []cell {
	var out []cell
	u := 0
	for i, row := range rows {
		for j, n := range row {
			for range n {
				u++
				out = append(out, cell{strconv.Itoa(u), "A", strconv.Itoa(i + 1)}, cell{strconv.Itoa(u), "B", strconv.Itoa(j + 1)})
			}
		}
	}
	return out
}

// matrix gives cells from rows of units, one column per coder, 0 missing.
func matrix(units [][]int) []cell {
	var out []cell
	for u, row := range units {
		for c, v := range row {
			s := ""
			if v != 0 {
				s = strconv.Itoa(v)
			}
			out = append(out, cell{strconv.Itoa(u + 1), strconv.Itoa(c + 1), s})
		}
	}
	return out
}

type pyResult struct {
	File             string              `json:"file"`
	Coders           int                 `json:"coders"`
	PercentAgreement *float64            `json:"percent_agreement"`
	Alpha            map[string]*float64 `json:"alpha"`
	CohenKappa       *float64            `json:"cohen_kappa"`
	FleissKappa      *float64            `json:"fleiss_kappa"`
}

func TestAgainstPython(t *testing.T) {
	py := python(t)
	names := func(v int) string { return []string{"absent", "present", "unclear"}[v] }
	sets := []struct {
		name    string
		cells   []cell
		numeric bool
	}{
		// Krippendorff (2011), 4 coders x 12 units with missing values.
		{"krippendorff2011", matrix([][]int{
			{1, 1, 0, 1}, {2, 2, 3, 2}, {3, 3, 3, 3}, {3, 3, 3, 3}, {2, 2, 2, 2}, {1, 2, 3, 4},
			{4, 4, 4, 4}, {1, 1, 2, 1}, {2, 2, 2, 2}, {0, 5, 5, 5}, {0, 0, 1, 1}, {0, 3, 0, 0},
		}), true},
		// Cohen (1960), Table 1.
		{"cohen1960", table([][]int{{88, 14, 18}, {10, 40, 10}, {2, 6, 12}}), true},
		// Fleiss (1971): 30 units, 6 raters, 5 categories.
		{"fleiss1971", matrix([][]int{
			{4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5},
			{2, 2, 2, 4, 4, 4}, {1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4},
			{1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5}, {1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4},
			{2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5}, {3, 3, 3, 3, 3, 5},
			{1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
			{5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4},
			{1, 4, 4, 4, 4, 5}, {2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4},
			{1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5},
		}), true},
		{"two-coders-binary-missing", generate(1, 2000, 2, 2, 0.2, 0.1, number), true},
		{"three-coders-names-missing", generate(2, 2000, 3, 3, 0.3, 0.15, names), false},
		{"five-coders-scale-missing", generate(3, 1500, 5, 7, 0.4, 0.25, number), true},
		{"three-coders-binary-complete", generate(4, 5000, 3, 2, 0.15, 0, number), true},
	}
	dir := t.TempDir()
	var files []string
	for _, s := range sets {
		f := filepath.Join(dir, s.name+".csv")
		writeCSV(t, f, s.cells)
		files = append(files, f)
	}
	cmd := exec.Command(py, append([]string{"compare.py"}, files...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("compare.py: %v\n%s", err, stderr.String())
	}
	var res []pyResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("compare.py output: %v\n%s", err, out)
	}
	if len(res) != len(sets) {
		t.Fatalf("%d results for %d files", len(res), len(sets))
	}
	same := func(what string, goVal float64, pyVal *float64) {
		t.Helper()
		if pyVal == nil {
			if !math.IsNaN(goVal) {
				t.Errorf("%s: Go %v, Python none", what, goVal)
			}
			return
		}
		if math.Abs(goVal-*pyVal) > 1e-9 {
			t.Errorf("%s: Go %.12f, Python %.12f", what, goVal, *pyVal)
		} else {
			t.Logf("%s: %.6f", what, goVal)
		}
	}
	for i, s := range sets {
		d := load(t, s.cells)
		sum, err := agreement.Summarize(d, agreement.Nominal, agreement.BootstrapOptions{})
		if err != nil {
			t.Fatal(err)
		}
		r := res[i]
		if r.Coders != sum.Coders {
			t.Errorf("%s: coders Go %d, Python %d", s.name, sum.Coders, r.Coders)
		}
		same(s.name+" percent agreement", sum.PercentAgreement, r.PercentAgreement)
		same(s.name+" Cohen's kappa (sklearn)", sum.CohenKappa, r.CohenKappa)
		same(s.name+" Fleiss' kappa (statsmodels)", sum.FleissKappa, r.FleissKappa)
		for _, l := range []agreement.Level{agreement.Nominal, agreement.Ordinal, agreement.Interval, agreement.Ratio} {
			if l != agreement.Nominal && !s.numeric {
				continue
			}
			a, err := d.Alpha(l)
			if err != nil {
				t.Fatal(err)
			}
			same(fmt.Sprintf("%s %s alpha (numpy)", s.name, l), a.Alpha, r.Alpha[l.String()])
		}
	}
}

// bigData is the benchmark size: 100,000 units x 3 coders, a code
// applied or not, 5% of values missing.
func bigData() []cell { return generate(11, 100_000, 3, 2, 0.15, 0.05, number) }

// TestExportBenchData writes bigData as CSV for compare.py --time:
//
//	go test ./bench/agreement -run TestExportBenchData -export DIR
func TestExportBenchData(t *testing.T) {
	if *export == "" {
		t.Skip("give -export DIR")
	}
	writeCSV(t, filepath.Join(*export, "agreement-100k.csv"), bigData())
}

// BenchmarkAlpha100kx3 times the nominal alpha of bigData, in memory; the
// alpha is reported too, to show that compare.py --time saw the same data.
func BenchmarkAlpha100kx3(b *testing.B) {
	d := load(b, bigData())
	var a agreement.Alpha
	for b.Loop() {
		var err error
		if a, err = d.Alpha(agreement.Nominal); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(a.Alpha, "alpha")
}
