package agreement

import (
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Krippendorff's bars for alpha (Content Analysis, 2004, p. 241): rely on
// variables with alpha >= 0.800; consider variables with 0.667 <= alpha <
// 0.800 only for tentative conclusions.
const (
	MinTentative = 0.667
	MinReliable  = 0.800
)

// DefaultSeed seeds the bootstrap when the caller gives no seed, so that the
// same data give the same interval on every run.
const DefaultSeed = 20111

// BootstrapOptions chooses the resampling.
type BootstrapOptions struct {
	// Resamples is the number of bootstrap samples (1,000 or more for a
	// 95% interval).
	Resamples int
	// Seed makes the resampling reproducible; 0 means DefaultSeed.
	Seed uint64
	// Confidence is the interval's coverage; 0 means 0.95.
	Confidence float64
	// Min is the alpha whose shortfall is reported; 0 means MinTentative.
	Min float64
}

// Bootstrap is the bootstrapped distribution of alpha, summarised.
type Bootstrap struct {
	Resamples int
	// Low and High bound the interval of the chosen confidence (percentile
	// method); NaN when alpha is not defined.
	Low, High, Confidence float64
	// Min is the bar and PBelow the share of resampled alphas below it: the
	// probability of failing to reach Min.
	Min, PBelow float64
}

// Bootstrap resamples alpha by Krippendorff's algorithm ("Algorithm for
// bootstrapping a distribution of alpha", 2006, revised 2011; Hayes and
// Krippendorff 2007): each resample draws M = a.Pairs pairs of pairable
// values with replacement from the coincidence matrix, cell ck with
// probability o_ck/n, and gives
//
//	alpha* = 1 - (mean over the M drawn pairs of delta2(c,k)) / De
//
// with De fixed at the data's expected disagreement. Only the number of
// draws of each cell matters, so a resample is drawn as one multinomial
// sample of the cells (conditional binomials) when there are fewer cells
// than pairs, and as M draws from an alias table otherwise; both have the
// same distribution. The random numbers come from a PCG seeded with
// opt.Seed, so a seed always gives the same result.
func (a Alpha) Bootstrap(opt BootstrapOptions) Bootstrap {
	if opt.Seed == 0 {
		opt.Seed = DefaultSeed
	}
	if opt.Confidence == 0 {
		opt.Confidence = 0.95
	}
	if opt.Min == 0 {
		opt.Min = MinTentative
	}
	b := Bootstrap{Resamples: opt.Resamples, Confidence: opt.Confidence, Min: opt.Min,
		Low: math.NaN(), High: math.NaN(), PBelow: math.NaN()}
	if opt.Resamples <= 0 || math.IsNaN(a.Alpha) || a.Pairs == 0 || len(a.cells) == 0 {
		return b
	}
	src := rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)
	rng := rand.New(src)
	var total float64
	for _, c := range a.cells {
		total += c.w
	}
	m := a.Pairs
	draw := a.multinomialDraw(src, total)
	if len(a.cells) > m {
		draw = a.aliasDraw(rng, total)
	}
	alphas := make([]float64, opt.Resamples)
	below := 0
	for x := range alphas {
		alphas[x] = 1 - draw(m)/float64(m)/a.De
		if alphas[x] < opt.Min {
			below++
		}
	}
	sort.Float64s(alphas)
	tail := (1 - opt.Confidence) / 2
	b.Low = stat.Quantile(tail, stat.Empirical, alphas, nil)
	b.High = stat.Quantile(1-tail, stat.Empirical, alphas, nil)
	b.PBelow = float64(below) / float64(len(alphas))
	return b
}

// multinomialDraw returns a function that draws m cells and sums their
// differences, the cells' counts drawn as conditional binomials.
func (a Alpha) multinomialDraw(src rand.Source, total float64) func(m int) float64 {
	return func(m int) float64 {
		left, mass := m, total
		var sum float64
		for i, c := range a.cells {
			if left == 0 {
				break
			}
			k := left
			if i < len(a.cells)-1 {
				p := min(1, c.w/mass)
				k = int(distuv.Binomial{N: float64(left), P: p, Src: src}.Rand())
			}
			sum += float64(k) * c.delta
			left -= k
			mass -= c.w
		}
		return sum
	}
}

// aliasDraw returns a function that draws m cells one by one from Vose's
// alias table and sums their differences.
func (a Alpha) aliasDraw(rng *rand.Rand, total float64) func(m int) float64 {
	k := len(a.cells)
	prob := make([]float64, k)
	alias := make([]int, k)
	var small, large []int
	for i, c := range a.cells {
		prob[i] = c.w / total * float64(k)
		if prob[i] < 1 {
			small = append(small, i)
		} else {
			large = append(large, i)
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		alias[s] = l
		prob[l] += prob[s] - 1
		if prob[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range append(small, large...) {
		prob[i] = 1
	}
	return func(m int) float64 {
		var sum float64
		for range m {
			i := rng.IntN(k)
			if rng.Float64() >= prob[i] {
				i = alias[i]
			}
			sum += a.cells[i].delta
		}
		return sum
	}
}
