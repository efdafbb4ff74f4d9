package agreement_test

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis/agreement"
)

// fromRows builds reliability data from one row per coder, one column per
// unit; "" or "." is a missing value.
func fromRows(t testing.TB, rows ...[]string) *agreement.Data {
	t.Helper()
	d := agreement.NewData()
	for c, row := range rows {
		for u, v := range row {
			if v == "." {
				v = ""
			}
			if err := d.Add(fmt.Sprintf("u%02d", u+1), fmt.Sprintf("coder%d", c+1), v); err != nil {
				t.Fatal(err)
			}
		}
	}
	return d
}

// fromTable builds two coders' data from a contingency table: table[i][j]
// units were given category i by the first coder and j by the second.
func fromTable(t testing.TB, table [][]int) *agreement.Data {
	t.Helper()
	d := agreement.NewData()
	u := 0
	for i, row := range table {
		for j, n := range row {
			for range n {
				u++
				unit := strconv.Itoa(u)
				if err := d.Add(unit, "A", strconv.Itoa(i+1)); err != nil {
					t.Fatal(err)
				}
				if err := d.Add(unit, "B", strconv.Itoa(j+1)); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return d
}

// fromUnits builds data from one row per unit, one column per coder.
func fromUnits(t testing.TB, units [][]int) *agreement.Data {
	t.Helper()
	d := agreement.NewData()
	for u, row := range units {
		for c, v := range row {
			if err := d.Add(strconv.Itoa(u+1), strconv.Itoa(c+1), strconv.Itoa(v)); err != nil {
				t.Fatal(err)
			}
		}
	}
	return d
}

func near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}

// krippendorff2011 is the worked example of Krippendorff, "Computing
// Krippendorff's Alpha-Reliability" (2011), section C: 4 coders, 12 units,
// missing values; unit 12 has one value and is not pairable.
func krippendorff2011(t testing.TB) *agreement.Data {
	return fromRows(t,
		[]string{"1", "2", "3", "3", "2", "1", "4", "1", "2", ".", ".", "."},
		[]string{"1", "2", "3", "3", "2", "2", "4", "1", "2", "5", ".", "3"},
		[]string{".", "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", "."},
		[]string{"1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", "."},
	)
}

func TestAlphaPublishedExamples(t *testing.T) {
	binary := func(t testing.TB) *agreement.Data {
		// Krippendorff 2011, section A: two coders, ten units, binary
		// data: alpha = 1 - (n-1) o_01 / (n_0 n_1) = 1 - 19*4/(14*6).
		return fromRows(t,
			[]string{"0", "1", "0", "0", "0", "0", "0", "0", "1", "0"},
			[]string{"1", "1", "1", "0", "0", "1", "0", "0", "0", "0"},
		)
	}
	for _, tc := range []struct {
		name          string
		data          func(testing.TB) *agreement.Data
		level         agreement.Level
		want          float64
		tol           float64
		units, n, prs int
	}{
		{"2011 binary", binary, agreement.Nominal, 1 - 19.0*4/(14*6), 1e-12, 10, 20, 10},
		{"2011 nominal", krippendorff2011, agreement.Nominal, 0.743, 0.0005, 11, 40, 0},
		{"2011 ordinal", krippendorff2011, agreement.Ordinal, 0.815, 0.0005, 11, 40, 0},
		{"2011 interval", krippendorff2011, agreement.Interval, 0.849, 0.0005, 11, 40, 0},
		{"2011 ratio", krippendorff2011, agreement.Ratio, 0.797, 0.0005, 11, 40, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := tc.data(t).Alpha(tc.level)
			if err != nil {
				t.Fatal(err)
			}
			if !near(a.Alpha, tc.want, tc.tol) {
				t.Errorf("alpha = %.6f, want %.6f (±%g)", a.Alpha, tc.want, tc.tol)
			}
			if a.Units != tc.units || a.N != tc.n {
				t.Errorf("units %d, n %d; want %d, %d", a.Units, a.N, tc.units, tc.n)
			}
			if tc.prs > 0 && a.Pairs != tc.prs {
				t.Errorf("pairs %d, want %d", a.Pairs, tc.prs)
			}
		})
	}
}

// The 2011 example's nominal disagreements by hand. Pairable values: n_1 =
// 9, n_2 = 13, n_3 = 10, n_4 = 5, n_5 = 3, n = 40. Disagreeing ordered pairs
// weighted by 1/(m_u-1): unit 2 (2,2,3,2) 6/3, unit 6 (1,2,3,4) 12/3, unit
// 8 (1,1,2,1) 6/3, so Do = 8/40; De = (40^2 - sum n_c^2) / (40*39).
func TestAlphaDisagreements2011(t *testing.T) {
	a, err := krippendorff2011(t).Alpha(agreement.Nominal)
	if err != nil {
		t.Fatal(err)
	}
	wantDo := 8.0 / 40
	wantDe := (40.0*40 - (9*9 + 13*13 + 10*10 + 5*5 + 3*3)) / (40 * 39)
	if !near(a.Do, wantDo, 1e-12) || !near(a.De, wantDe, 1e-12) {
		t.Errorf("Do %.6f, De %.6f; want %.6f, %.6f", a.Do, a.De, wantDo, wantDe)
	}
	if !near(a.Alpha, 1-wantDo/wantDe, 1e-12) {
		t.Errorf("alpha %.6f, want %.6f", a.Alpha, 1-wantDo/wantDe)
	}
}

func TestAlphaUndefinedAndPerfect(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rows  [][]string
		level agreement.Level
		want  float64
	}{
		{"one value throughout", [][]string{{"1", "1", "1"}, {"1", "1", "1"}}, agreement.Nominal, math.NaN()},
		{"one value throughout, interval", [][]string{{"0.1", "0.1", "0.1"}, {"0.1", "0.1", "0.1"}}, agreement.Interval, math.NaN()},
		{"no pairable unit", [][]string{{"1", ".", "2"}, {".", "2", "."}}, agreement.Nominal, math.NaN()},
		{"perfect", [][]string{{"1", "2", "3"}, {"1", "2", "3"}}, agreement.Nominal, 1},
		{"perfect ratio", [][]string{{"1", "2", "3"}, {"1", "2", "3"}}, agreement.Ratio, 1},
		// Systematic disagreement: alpha below zero. n=4, o_01=o_10=2:
		// Do = 4/4, De = (16-8)/12, alpha = 1 - 1/(2/3) = -0.5.
		{"systematic disagreement", [][]string{{"0", "1"}, {"1", "0"}}, agreement.Nominal, -0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := fromRows(t, tc.rows...).Alpha(tc.level)
			if err != nil {
				t.Fatal(err)
			}
			if !near(a.Alpha, tc.want, 1e-12) {
				t.Errorf("alpha = %v, want %v", a.Alpha, tc.want)
			}
		})
	}
}

func TestAlphaErrors(t *testing.T) {
	d := fromRows(t, []string{"1", "two"}, []string{"1", "2"})
	if _, err := d.Alpha(agreement.Interval); err == nil {
		t.Error("interval alpha of a non-number: no error")
	}
	if a, err := d.Alpha(agreement.Nominal); err != nil || a.Units != 2 {
		t.Errorf("nominal alpha of names: %v, %+v", err, a)
	}
	neg := fromRows(t, []string{"-1", "2"}, []string{"1", "2"})
	if _, err := neg.Alpha(agreement.Ratio); err == nil {
		t.Error("ratio alpha of a negative value: no error")
	}
	dup := agreement.NewData()
	if err := dup.Add("u1", "a", "1"); err != nil {
		t.Fatal(err)
	}
	if err := dup.Add("u1", "a", "2"); err == nil {
		t.Error("a second value for one unit and coder: no error")
	}
	if _, err := agreement.ParseLevel("metric"); err == nil {
		t.Error("ParseLevel(metric): no error")
	}
	for _, l := range []agreement.Level{agreement.Nominal, agreement.Ordinal, agreement.Interval, agreement.Ratio} {
		if p, err := agreement.ParseLevel(l.String()); err != nil || p != l {
			t.Errorf("ParseLevel(%q) = %v, %v", l.String(), p, err)
		}
	}
}

// Alpha does not depend on the order values arrive in, nor on the names.
func TestAlphaOrderInvariant(t *testing.T) {
	a := krippendorff2011(t)
	b := agreement.NewData()
	var rows []struct{ u, c, v string }
	a.Each(func(u, c, v string) { rows = append(rows, struct{ u, c, v string }{u, c, v}) })
	for i := len(rows) - 1; i >= 0; i-- {
		if err := b.Add("x"+rows[i].u, "y"+rows[i].c, rows[i].v); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range []agreement.Level{agreement.Nominal, agreement.Ordinal, agreement.Interval, agreement.Ratio} {
		x, _ := a.Alpha(l)
		y, _ := b.Alpha(l)
		if !near(x.Alpha, y.Alpha, 1e-12) {
			t.Errorf("%v: %v then %v", l, x.Alpha, y.Alpha)
		}
	}
}

func TestCohenKappa(t *testing.T) {
	for _, tc := range []struct {
		name  string
		table [][]int
		want  float64
		tol   float64
	}{
		// Cohen (1960), Table 1: 200 units, p_o = .70, p_c = .41.
		{"Cohen 1960", [][]int{{88, 14, 18}, {10, 40, 10}, {2, 6, 12}}, (0.70 - 0.41) / (1 - 0.41), 1e-12},
		// SAS PROC FREQ's example, as checked in statsmodels' tests.
		{"SAS simple kappa", [][]int{{0, 4, 1}, {0, 8, 0}, {0, 1, 5}}, 0.4842, 0.00005},
		{"perfect", [][]int{{5, 0}, {0, 5}}, 1, 0},
		{"one category only", [][]int{{5}}, math.NaN(), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := fromTable(t, tc.table).CohenKappa()
			if err != nil {
				t.Fatal(err)
			}
			if !near(k.Value, tc.want, tc.tol) {
				t.Errorf("kappa = %.6f, want %.6f", k.Value, tc.want)
			}
		})
	}
	// Units one coder left out do not count.
	d := fromRows(t, []string{"a", "b", "a", "."}, []string{"a", "b", "b", "a"})
	k, err := d.CohenKappa()
	if err != nil || k.Units != 3 {
		t.Errorf("with a missing value: %+v, %v", k, err)
	}
	// p_o = 2/3, p_e = (2/3)(1/3) + (1/3)(2/3) = 4/9: kappa = (2/9)/(5/9).
	if !near(k.Value, 0.4, 1e-12) {
		t.Errorf("kappa = %v, want 0.4", k.Value)
	}
	if _, err := krippendorff2011(t).CohenKappa(); !errors.Is(err, agreement.ErrDesign) {
		t.Errorf("Cohen's kappa of four coders: %v", err)
	}
}

// fleiss1971 is Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each,
// 5 diagnoses; kappa = 0.430 (0.4302445 in R's irr and statsmodels).
var fleiss1971 = [][]int{
	{4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5},
	{2, 2, 2, 4, 4, 4}, {1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4},
	{1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5}, {1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4},
	{2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5}, {3, 3, 3, 3, 3, 5},
	{1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
	{5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4},
	{1, 4, 4, 4, 4, 5}, {2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4},
	{1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5},
}

// wikipediaFleiss is the table of counts of the Wikipedia article's example
// (10 units, 14 raters, 5 categories): kappa 0.210.
var wikipediaFleiss = [][]int{
	{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
	{7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
}

func TestFleissKappa(t *testing.T) {
	// Counts to ratings: unit i has counts[i][j] ratings of category j.
	fromCounts := func(counts [][]int) [][]int {
		var units [][]int
		for _, row := range counts {
			var r []int
			for j, n := range row {
				for range n {
					r = append(r, j+1)
				}
			}
			units = append(units, r)
		}
		return units
	}
	for _, tc := range []struct {
		name  string
		units [][]int
		want  float64
		tol   float64
	}{
		{"Fleiss 1971", fleiss1971, 0.4302445, 5e-8},
		{"Wikipedia", fromCounts(wikipediaFleiss), 0.20993070442195522, 1e-12},
		{"perfect", [][]int{{1, 1, 1}, {2, 2, 2}}, 1, 1e-12},
		{"one category only", [][]int{{1, 1, 1}, {1, 1, 1}}, math.NaN(), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := fromUnits(t, tc.units).FleissKappa()
			if err != nil {
				t.Fatal(err)
			}
			if !near(k.Value, tc.want, tc.tol) || k.Units != len(tc.units) {
				t.Errorf("kappa = %.7f on %d units, want %.7f on %d", k.Value, k.Units, tc.want, len(tc.units))
			}
		})
	}
	// Only units every coder rated count: unit 12 of the 2011 example has
	// one value, units 1, 10, 11 three or two.
	k, err := krippendorff2011(t).FleissKappa()
	if err != nil || k.Units != 8 {
		t.Errorf("2011 example: %+v, %v; want 8 complete units", k, err)
	}
}

func TestPercentAgreement(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rows  [][]string
		want  float64
		units int
	}{
		{"two coders", [][]string{{"a", "b", "a", "a"}, {"a", "b", "b", "."}}, 2.0 / 3, 3},
		// Unit 1: 3 of 3 pairs; unit 2: 1 of 3; unit 3: 1 pair of 1.
		{"three coders", [][]string{{"a", "a", "x"}, {"a", "a", "x"}, {"a", "b", "."}}, (1 + 1.0/3 + 1) / 3, 3},
		{"nothing pairable", [][]string{{"a", "."}, {".", "b"}}, math.NaN(), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := fromRows(t, tc.rows...).PercentAgreement()
			if !near(p.Value, tc.want, 1e-12) || p.Units != tc.units {
				t.Errorf("got %v on %d units, want %v on %d", p.Value, p.Units, tc.want, tc.units)
			}
		})
	}
}

func TestBootstrap(t *testing.T) {
	d := fromUnits(t, fleiss1971)
	a, err := d.Alpha(agreement.Nominal)
	if err != nil {
		t.Fatal(err)
	}
	opt := agreement.BootstrapOptions{Resamples: 2000, Seed: 7}
	b1, b2 := a.Bootstrap(opt), a.Bootstrap(opt)
	if b1 != b2 {
		t.Errorf("the same seed gave %+v and %+v", b1, b2)
	}
	if !(b1.Low < a.Alpha && a.Alpha < b1.High) {
		t.Errorf("alpha %.3f outside its interval %.3f..%.3f", a.Alpha, b1.Low, b1.High)
	}
	if b1.PBelow < 0 || b1.PBelow > 1 || b1.Min != agreement.MinTentative {
		t.Errorf("P(alpha < %v) = %v", b1.Min, b1.PBelow)
	}
	// Alpha is 0.43, far below 0.667: nearly every resample falls short.
	if b1.PBelow < 0.99 {
		t.Errorf("P(alpha < 0.667) = %v for alpha %.3f", b1.PBelow, a.Alpha)
	}
	other := a.Bootstrap(agreement.BootstrapOptions{Resamples: 2000, Seed: 8})
	if other == b1 {
		t.Error("another seed gave the same interval")
	}
	perfect, _ := fromRows(t, []string{"1", "2", "3"}, []string{"1", "2", "3"}).Alpha(agreement.Nominal)
	pb := perfect.Bootstrap(agreement.BootstrapOptions{Resamples: 100})
	if pb.Low != 1 || pb.High != 1 || pb.PBelow != 0 {
		t.Errorf("perfect agreement: %+v", pb)
	}
	undefined, _ := fromRows(t, []string{"1", "1"}, []string{"1", "1"}).Alpha(agreement.Nominal)
	if ub := undefined.Bootstrap(agreement.BootstrapOptions{Resamples: 100}); !math.IsNaN(ub.Low) || !math.IsNaN(ub.PBelow) {
		t.Errorf("undefined alpha: %+v", ub)
	}
}

// ExampleData_Alpha computes the four levels of Krippendorff's 2011 worked
// example.
func ExampleData_Alpha() {
	rows := [][]string{
		{"1", "2", "3", "3", "2", "1", "4", "1", "2", "", "", ""},
		{"1", "2", "3", "3", "2", "2", "4", "1", "2", "5", "", "3"},
		{"", "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", ""},
		{"1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", ""},
	}
	d := agreement.NewData()
	for c, row := range rows {
		for u, v := range row {
			_ = d.Add(fmt.Sprint("unit ", u+1), string(rune('A'+c)), v)
		}
	}
	for _, l := range []agreement.Level{agreement.Nominal, agreement.Ordinal, agreement.Interval, agreement.Ratio} {
		a, _ := d.Alpha(l)
		fmt.Printf("%-8s alpha %.3f (%d units, n %d)\n", l, a.Alpha, a.Units, a.N)
	}
	// Output:
	// nominal  alpha 0.743 (11 units, n 40)
	// ordinal  alpha 0.815 (11 units, n 40)
	// interval alpha 0.849 (11 units, n 40)
	// ratio    alpha 0.797 (11 units, n 40)
}

func TestEachCell(t *testing.T) {
	d := fromRows(t, []string{"a", "."}, []string{".", "b"})
	var got []string
	d.EachCell(func(u, c, v string) { got = append(got, u+" "+c+" "+v) })
	want := "u01 coder1 a|u01 coder2 |u02 coder1 |u02 coder2 b"
	if strings.Join(got, "|") != want {
		t.Errorf("got %q, want %q", strings.Join(got, "|"), want)
	}
}

func TestSummarize(t *testing.T) {
	for _, tc := range []struct {
		name          string
		data          *agreement.Data
		cohen, fleiss bool // defined
		flag          string
	}{
		{"two coders", fromTable(t, [][]int{{88, 14, 18}, {10, 40, 10}, {2, 6, 12}}), true, false, "below 0.667"},
		{"four coders", krippendorff2011(t), false, true, "below 0.800"},
		{"perfect", fromRows(t, []string{"1", "2"}, []string{"1", "2"}, []string{"1", "2"}), false, true, ""},
		// One value throughout: alpha and kappa are not defined.
		{"undefined", fromRows(t, []string{"1", "1"}, []string{"1", "1"}), false, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := agreement.Summarize(tc.data, agreement.Nominal, agreement.BootstrapOptions{Resamples: 200})
			if err != nil {
				t.Fatal(err)
			}
			if math.IsNaN(s.CohenKappa) == tc.cohen || math.IsNaN(s.FleissKappa) == tc.fleiss {
				t.Errorf("cohen %v, fleiss %v", s.CohenKappa, s.FleissKappa)
			}
			if s.Flag() != tc.flag || s.Bootstrap == nil || s.Bootstrap.Resamples != 200 {
				t.Errorf("flag %q, want %q; bootstrap %+v", s.Flag(), tc.flag, s.Bootstrap)
			}
		})
	}
}
