package agreement

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"
)

// randomData gives units x coders values drawn from k numbers, a share of
// them missing, with coders agreeing more often than chance.
func randomData(seed uint64, units, coders, k int, missing float64) *Data {
	r := rand.New(rand.NewPCG(seed, 1))
	d := NewData()
	for u := range units {
		truth := r.IntN(k)
		for c := range coders {
			v := truth
			if r.Float64() < 0.3 {
				v = r.IntN(k)
			}
			s := strconv.Itoa(v + 1)
			if r.Float64() < missing {
				s = ""
			}
			if err := d.Add(fmt.Sprint("u", u), fmt.Sprint("c", c), s); err != nil {
				panic(err)
			}
		}
	}
	return d
}

// naiveAlpha is alpha straight from its definition, over every pair of
// values: no coincidence matrix, no closed forms.
func naiveAlpha(d *Data, level Level) float64 {
	byUnit := map[int32][]float64{}
	for _, o := range d.obs {
		x, _ := strconv.ParseFloat(d.values[o.value], 64)
		byUnit[o.unit] = append(byUnit[o.unit], x)
	}
	var all []float64
	for _, vs := range byUnit {
		if len(vs) >= 2 {
			all = append(all, vs...)
		}
	}
	count := map[float64]float64{}
	for _, x := range all {
		count[x]++
	}
	var distinct []float64
	for x := range count {
		distinct = append(distinct, x)
	}
	sort.Float64s(distinct)
	delta := func(c, k float64) float64 {
		switch level {
		case Nominal:
			if c == k {
				return 0
			}
			return 1
		case Ordinal:
			if c > k {
				c, k = k, c
			}
			s := 0.0
			for _, g := range distinct {
				if g >= c && g <= k {
					s += count[g]
				}
			}
			s -= (count[c] + count[k]) / 2
			return s * s
		case Interval:
			return (c - k) * (c - k)
		}
		if c+k == 0 {
			return 0
		}
		return (c - k) * (c - k) / ((c + k) * (c + k))
	}
	n := float64(len(all))
	var do, de float64
	for _, vs := range byUnit {
		if len(vs) < 2 {
			continue
		}
		for i := range vs {
			for j := range vs {
				if i != j {
					do += delta(vs[i], vs[j]) / float64(len(vs)-1)
				}
			}
		}
	}
	for i := range all {
		for j := range all {
			if i != j {
				de += delta(all[i], all[j])
			}
		}
	}
	return 1 - (do/n)/(de/(n*(n-1)))
}

func TestAlphaAgainstDefinition(t *testing.T) {
	for _, tc := range []struct {
		name       string
		units, k   int
		wantSparse bool
	}{
		{"few values, dense matrix", 60, 5, false},
		{"many values, sparse matrix", 120, 90, true},
	} {
		d := randomData(3, tc.units, 3, tc.k, 0.2)
		co := newCoincidences(len(d.values), len(d.obs))
		if (co.sparse != nil) != tc.wantSparse {
			t.Fatalf("%s: sparse %v, want %v", tc.name, co.sparse != nil, tc.wantSparse)
		}
		for _, l := range []Level{Nominal, Ordinal, Interval, Ratio} {
			a, err := d.Alpha(l)
			if err != nil {
				t.Fatal(err)
			}
			if want := naiveAlpha(d, l); math.Abs(a.Alpha-want) > 1e-9 {
				t.Errorf("%s, %v: alpha %.12f, definition %.12f", tc.name, l, a.Alpha, want)
			}
		}
	}
}

// Both ways of drawing a resample have the coincidence matrix's
// distribution: the mean drawn difference is Do.
func TestBootstrapDrawsMatchDo(t *testing.T) {
	d := randomData(5, 400, 3, 4, 0.1)
	a, err := d.Alpha(Interval)
	if err != nil {
		t.Fatal(err)
	}
	var total float64
	for _, c := range a.cells {
		total += c.w
	}
	src := rand.NewPCG(1, 2)
	for name, draw := range map[string]func(int) float64{
		"multinomial": a.multinomialDraw(src, total),
		"alias":       a.aliasDraw(rand.New(src), total),
	} {
		const reps = 400
		var mean float64
		for range reps {
			mean += draw(a.Pairs) / float64(a.Pairs)
		}
		mean /= reps
		if math.Abs(mean-a.Do)/a.Do > 0.01 {
			t.Errorf("%s: mean drawn difference %.4f, Do %.4f", name, mean, a.Do)
		}
	}
}

// BenchmarkAlpha100kx3 is the size: 100,000 units, 3 coders,
// binary values (a code applied or not), 5% missing.
func BenchmarkAlpha100kx3(b *testing.B) {
	d := randomData(11, 100_000, 3, 2, 0.05)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := d.Alpha(Nominal); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAllStatistics100kx3 is what `fieldwork agree` computes for one
// code: alpha, percent agreement and Fleiss' kappa.
func BenchmarkAllStatistics100kx3(b *testing.B) {
	d := randomData(11, 100_000, 3, 2, 0.05)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := d.Alpha(Nominal); err != nil {
			b.Fatal(err)
		}
		d.PercentAgreement()
		if _, err := d.FleissKappa(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBootstrap1000(b *testing.B) {
	d := randomData(11, 100_000, 3, 2, 0.05)
	a, err := d.Alpha(Nominal)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		a.Bootstrap(BootstrapOptions{Resamples: 1000})
	}
}
