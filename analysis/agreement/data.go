// Package agreement computes intercoder agreement on reliability data:
// percent agreement, Cohen's kappa, Fleiss' kappa and Krippendorff's alpha
// at the nominal, ordinal, interval and ratio levels, with Krippendorff's
// bootstrap for a confidence interval of alpha.
//
// Reliability data are values that coders assigned to units. A coder who
// did not judge a unit has no value for it (missing); missing values take
// no part in any statistic. The package knows nothing of projects, codes or
// files: callers turn their material into Data.
package agreement

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Data is reliability data: at most one value per unit and coder. Units,
// coders and values are named by strings and numbered in order of first
// sight, so memory grows with the number of values, never with units x
// units or units x coders.
type Data struct {
	units, coders, values []string
	unitIdx, coderIdx     map[string]int32
	valueIdx              map[string]int32
	obs                   []obs
	// seen holds unit<<32|coder for every value, to refuse a second value.
	seen map[uint64]struct{}

	// byUnit is obs grouped by unit (a counting sort), built on demand.
	byUnit     []obs
	unitStart  []int32
	groupedLen int
	// nums are the values read as numbers, NaN where a value is not one.
	nums []float64
}

type obs struct {
	unit, coder, value int32
}

// NewData returns empty reliability data.
func NewData() *Data {
	return &Data{unitIdx: map[string]int32{}, coderIdx: map[string]int32{},
		valueIdx: map[string]int32{}, seen: map[uint64]struct{}{}}
}

func intern(list *[]string, idx map[string]int32, s string) int32 {
	if i, ok := idx[s]; ok {
		return i
	}
	i := int32(len(*list))
	idx[s] = i
	*list = append(*list, s)
	return i
}

// Add records that coder gave value to unit. An empty value (after trimming
// spaces) is a missing value: the unit and the coder are known, the value
// takes no part in any statistic. A second value for the same unit and
// coder is an error.
func (d *Data) Add(unit, coder, value string) error {
	if unit == "" {
		return fmt.Errorf("a value without a unit (coder %q)", coder)
	}
	if coder == "" {
		return fmt.Errorf("unit %q: a value without a coder", unit)
	}
	u := intern(&d.units, d.unitIdx, unit)
	c := intern(&d.coders, d.coderIdx, coder)
	value = strings.TrimSpace(value)
	if value == "" {
		return nil
	}
	key := uint64(u)<<32 | uint64(c)
	if _, dup := d.seen[key]; dup {
		return fmt.Errorf("unit %q: coder %q has two values", unit, coder)
	}
	d.seen[key] = struct{}{}
	v := intern(&d.values, d.valueIdx, value)
	d.obs = append(d.obs, obs{u, c, v})
	return nil
}

// Units are the units in order of first sight, those with no value too.
func (d *Data) Units() []string { return d.units }

// Coders are the coders in order of first sight.
func (d *Data) Coders() []string { return d.coders }

// Len is the number of values (missing values not counted).
func (d *Data) Len() int { return len(d.obs) }

// Each calls fn for every value in the order they were added.
func (d *Data) Each(fn func(unit, coder, value string)) {
	for _, o := range d.obs {
		fn(d.units[o.unit], d.coders[o.coder], d.values[o.value])
	}
}

// EachCell calls fn for every unit and every coder, units and coders in
// order of first sight, with "" for a missing value: the whole table of
// reliability data.
func (d *Data) EachCell(fn func(unit, coder, value string)) {
	g, start := d.grouped()
	row := make([]int32, len(d.coders))
	for u := range d.units {
		for c := range row {
			row[c] = -1
		}
		for _, o := range g[start[u]:start[u+1]] {
			row[o.coder] = o.value
		}
		for c, v := range row {
			value := ""
			if v >= 0 {
				value = d.values[v]
			}
			fn(d.units[u], d.coders[c], value)
		}
	}
}

// CodersWithValues counts the coders who gave at least one value.
func (d *Data) CodersWithValues() int {
	has := make([]bool, len(d.coders))
	n := 0
	for _, o := range d.obs {
		if !has[o.coder] {
			has[o.coder] = true
			n++
		}
	}
	return n
}

// grouped returns the values grouped by unit: the values of unit u are
// g[start[u]:start[u+1]]. It is rebuilt only after Add.
func (d *Data) grouped() (g []obs, start []int32) {
	if d.byUnit != nil && d.groupedLen == len(d.obs) && len(d.unitStart) == len(d.units)+1 {
		return d.byUnit, d.unitStart
	}
	start = make([]int32, len(d.units)+1)
	for _, o := range d.obs {
		start[o.unit+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	g = make([]obs, len(d.obs))
	next := make([]int32, len(d.units))
	copy(next, start[:len(d.units)])
	for _, o := range d.obs {
		g[next[o.unit]] = o
		next[o.unit]++
	}
	d.byUnit, d.unitStart, d.groupedLen = g, start, len(d.obs)
	return g, start
}

// numbers reads every distinct value as a number; the first value that is
// not one is an error naming it.
func (d *Data) numbers() ([]float64, error) {
	if len(d.nums) != len(d.values) {
		d.nums = make([]float64, len(d.values))
		for i, s := range d.values {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsInf(f, 0) {
				f = math.NaN()
			}
			d.nums[i] = f
		}
	}
	for _, o := range d.obs {
		if math.IsNaN(d.nums[o.value]) {
			return nil, fmt.Errorf("unit %q, coder %q: value %q is not a number", d.units[o.unit], d.coders[o.coder], d.values[o.value])
		}
	}
	return d.nums, nil
}
