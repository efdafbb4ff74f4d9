package agreement

import (
	"fmt"
	"math"
	"sort"
)

// Level is a level of measurement: it chooses alpha's difference function.
type Level int

// The levels of measurement (Krippendorff 2011, section E).
const (
	// Nominal: values are names; two values differ or they do not.
	Nominal Level = iota
	// Ordinal: values are ranks; the difference counts the values
	// observed between them.
	Ordinal
	// Interval: values are numbers; the difference is (c-k)^2.
	Interval
	// Ratio: values are numbers with a natural zero; the difference is
	// ((c-k)/(c+k))^2.
	Ratio
)

var levelNames = []string{"nominal", "ordinal", "interval", "ratio"}

// String returns the level's name.
func (l Level) String() string {
	if l < 0 || int(l) >= len(levelNames) {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return levelNames[l]
}

// ParseLevel reads nominal, ordinal, interval or ratio.
func ParseLevel(s string) (Level, error) {
	for i, n := range levelNames {
		if s == n {
			return Level(i), nil
		}
	}
	return 0, fmt.Errorf("level %q: want nominal, ordinal, interval or ratio", s)
}

// Alpha is Krippendorff's alpha with what it was computed from.
type Alpha struct {
	Level Level
	// Alpha = 1 - Do/De; NaN when De is 0 (every pairable value is the
	// same, or fewer than two pairable values), where alpha is not defined.
	Alpha float64
	// Units counts the pairable units: those with two or more values.
	Units int
	// N is n.., the number of pairable values (values in pairable units).
	N int
	// Pairs is the number of pairs of values within units,
	// sum over units of m_u(m_u-1)/2.
	Pairs int
	// Do and De are the observed and expected disagreement.
	Do, De float64

	// cells are the coincidence matrix's non-zero cells with c <= k: o_ck
	// + o_kc off the diagonal, o_cc on it, and the difference of c and k.
	cells []cell
}

type cell struct {
	w, delta float64
}

// coincidences accumulates o_ck: dense when there are few distinct values,
// a map otherwise, so that memory stays proportional to the values.
type coincidences struct {
	v      int
	dense  []float64
	sparse map[uint64]float64
}

func newCoincidences(v, n int) *coincidences {
	if v*v <= max(4096, n) {
		return &coincidences{v: v, dense: make([]float64, v*v)}
	}
	return &coincidences{v: v, sparse: map[uint64]float64{}}
}

// add adds w to o_ck (c <= k).
func (m *coincidences) add(c, k int32, w float64) {
	if m.dense != nil {
		m.dense[int(c)*m.v+int(k)] += w
		return
	}
	m.sparse[uint64(c)<<32|uint64(k)] += w
}

// each calls fn for every non-zero cell with c <= k, in a stable order.
func (m *coincidences) each(fn func(c, k int, w float64)) {
	if m.dense != nil {
		for c := 0; c < m.v; c++ {
			for k := c; k < m.v; k++ {
				if w := m.dense[c*m.v+k]; w != 0 {
					fn(c, k, w)
				}
			}
		}
		return
	}
	keys := make([]uint64, 0, len(m.sparse))
	for key := range m.sparse {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	for _, key := range keys {
		fn(int(key>>32), int(uint32(key)), m.sparse[key])
	}
}

// Alpha computes Krippendorff's alpha at the given level (Krippendorff,
// "Computing Krippendorff's Alpha-Reliability", 2011):
//
//	o_ck  = sum over units u of (number of c-k pairs in u) / (m_u - 1)
//	n_c   = sum over k of o_ck;  n = sum of n_c
//	Do    = (1/n) sum_ck o_ck delta2(c,k)
//	De    = 1/(n(n-1)) sum_ck n_c n_k delta2(c,k)
//	alpha = 1 - Do/De
//
// where m_u is the number of values in unit u; units with fewer than two
// values are not pairable and take no part. delta2 is 0/1 (nominal),
// (c-k)^2 (interval), ((c-k)/(c+k))^2 (ratio), and for ordinal data
// (sum_{g=c..k} n_g - (n_c+n_k)/2)^2, which equals (r_k - r_c)^2 with r_g =
// the mid-rank of g, sum_{h<g} n_h + n_g/2.
//
// The coincidence matrix is built in one pass over the values, grouped by
// unit; the expected disagreement uses n_c alone: for nominal, ordinal and
// interval data in closed form, O(V); for ratio data it sums over pairs of
// distinct values, O(V^2). Ordinal, interval and ratio levels need numeric
// values; ratio values must not be negative.
func (d *Data) Alpha(level Level) (Alpha, error) {
	res := Alpha{Level: level, Alpha: math.NaN()}
	var nums []float64
	if level != Nominal {
		var err error
		if nums, err = d.numbers(); err != nil {
			return res, err
		}
		if level == Ratio {
			for _, o := range d.obs {
				if nums[o.value] < 0 {
					return res, fmt.Errorf("unit %q, coder %q: ratio value %q is negative", d.units[o.unit], d.coders[o.coder], d.values[o.value])
				}
			}
		}
	} else if level < 0 || level > Ratio {
		return res, fmt.Errorf("unknown level %d", int(level))
	}
	g, start := d.grouped()
	co := newCoincidences(len(d.values), len(d.obs))
	nc := make([]float64, len(d.values))
	for u := 0; u+1 < len(start); u++ {
		vals := g[start[u]:start[u+1]]
		m := len(vals)
		if m < 2 {
			continue
		}
		res.Units++
		res.N += m
		res.Pairs += m * (m - 1) / 2
		w := 2 / float64(m-1)
		// Each unordered pair once: o_ck + o_kc gets 2/(m-1), o_cc gets
		// 2/(m-1) for each pair of equal values.
		for i, a := range vals {
			nc[a.value]++
			for _, b := range vals[i+1:] {
				c, k := a.value, b.value
				if c > k {
					c, k = k, c
				}
				if co.dense != nil {
					co.dense[int(c)*co.v+int(k)] += w
				} else {
					co.add(c, k, w)
				}
			}
		}
	}
	if res.N < 2 {
		return res, nil
	}
	delta := d.delta(level, nums, nc)
	n := float64(res.N)
	var do float64
	co.each(func(c, k int, w float64) {
		dl := delta(c, k)
		do += w * dl
		res.cells = append(res.cells, cell{w: w, delta: dl})
	})
	res.Do = do / n
	res.De = d.expected(level, nums, nc, delta) / (n * (n - 1))
	if res.De > 0 {
		res.Alpha = 1 - res.Do/res.De
	}
	return res, nil
}

// delta returns the squared difference of values c and k at level.
func (d *Data) delta(level Level, nums, nc []float64) func(c, k int) float64 {
	switch level {
	case Nominal:
		return func(c, k int) float64 {
			if c == k {
				return 0
			}
			return 1
		}
	case Ordinal:
		r := midRanks(nums, nc)
		return func(c, k int) float64 { x := r[c] - r[k]; return x * x }
	case Interval:
		return func(c, k int) float64 { x := nums[c] - nums[k]; return x * x }
	default:
		return func(c, k int) float64 {
			s := nums[c] + nums[k]
			if s == 0 {
				return 0
			}
			x := (nums[c] - nums[k]) / s
			return x * x
		}
	}
}

// midRanks returns, for every value g with n_g > 0, sum_{h<g} n_h + n_g/2,
// the values ordered by number.
func midRanks(nums, nc []float64) []float64 {
	idx := make([]int, 0, len(nums))
	for i := range nums {
		if nc[i] > 0 {
			idx = append(idx, i)
		}
	}
	sort.Slice(idx, func(a, b int) bool { return nums[idx[a]] < nums[idx[b]] })
	r := make([]float64, len(nums))
	below := 0.0
	for i := 0; i < len(idx); {
		// Values that are equal as numbers ("2" and "2.0") are one rank.
		j, cnt := i, 0.0
		for ; j < len(idx) && nums[idx[j]] == nums[idx[i]]; j++ {
			cnt += nc[idx[j]]
		}
		for _, v := range idx[i:j] {
			r[v] = below + cnt/2
		}
		below += cnt
		i = j
	}
	return r
}

// expected returns sum_ck n_c n_k delta2(c,k).
func (d *Data) expected(level Level, nums, nc []float64, delta func(c, k int) float64) float64 {
	// sum_ck n_c n_k (x_c - x_k)^2 = 2 (n sum n_c x_c^2 - (sum n_c x_c)^2).
	// Centred on the mean, and exactly 0 when all values are equal, so that
	// rounding cannot turn an undefined alpha into a number.
	moments := func(x func(int) float64) float64 {
		var n, s1 float64
		lo, hi := math.Inf(1), math.Inf(-1)
		for c, w := range nc {
			if w == 0 {
				continue
			}
			v := x(c)
			n += w
			s1 += w * v
			lo, hi = min(lo, v), max(hi, v)
		}
		if !(lo < hi) {
			return 0
		}
		mean := s1 / n
		var ss float64
		for c, w := range nc {
			if w != 0 {
				dv := x(c) - mean
				ss += w * dv * dv
			}
		}
		return 2 * n * ss
	}
	switch level {
	case Nominal:
		var n, sq float64
		for _, w := range nc {
			n += w
			sq += w * w
		}
		return n*n - sq
	case Ordinal:
		r := midRanks(nums, nc)
		return moments(func(c int) float64 { return r[c] })
	case Interval:
		return moments(func(c int) float64 { return nums[c] })
	}
	var present []int
	for c, w := range nc {
		if w > 0 {
			present = append(present, c)
		}
	}
	var sum float64
	for i, c := range present {
		for _, k := range present[i+1:] {
			sum += 2 * nc[c] * nc[k] * delta(c, k)
		}
	}
	return sum
}
