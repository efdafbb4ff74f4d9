package agreement

import (
	"errors"
	"fmt"
	"math"
)

// ErrDesign is wrapped by errors about a statistic the data's design does
// not allow, such as Cohen's kappa with three coders.
var ErrDesign = errors.New("not defined for these data")

// Agreement is a statistic with the number of units it was computed on.
type Agreement struct {
	// Value is NaN when the statistic is not defined on the data.
	Value float64
	Units int
}

// PercentAgreement is the share of agreeing pairs of values, averaged over
// the pairable units (units with two or more values):
//
//	P = (1/U) sum_u (pairs of equal values in u) / (m_u(m_u-1)/2)
//
// Values agree when they are the same string. With two coders it is the
// share of units both coded on which they gave the same value; with more it
// is Fleiss' P-bar generalised to units with missing values. NaN when no
// unit is pairable.
func (d *Data) PercentAgreement() Agreement {
	g, start := d.grouped()
	res := Agreement{Value: math.NaN()}
	var sum float64
	for u := 0; u+1 < len(start); u++ {
		vals := g[start[u]:start[u+1]]
		m := len(vals)
		if m < 2 {
			continue
		}
		same := 0
		for i := 0; i < m; i++ {
			for j := i + 1; j < m; j++ {
				if vals[i].value == vals[j].value {
					same++
				}
			}
		}
		sum += float64(same) / float64(m*(m-1)/2)
		res.Units++
	}
	if res.Units > 0 {
		res.Value = sum / float64(res.Units)
	}
	return res
}

// CohenKappa is Cohen's (1960) kappa for the two coders who gave values,
// on the units both coded:
//
//	p_o   = share of those units given the same value by both
//	p_e   = sum over values c of (share of units A gave c) * (share B gave c)
//	kappa = (p_o - p_e) / (1 - p_e)
//
// Values are nominal (compared as strings). Kappa is NaN when no unit was
// coded by both or when p_e is 1 (both coders gave one and the same value
// throughout). Data with other than two coders giving values is an
// ErrDesign error.
func (d *Data) CohenKappa() (Agreement, error) {
	res := Agreement{Value: math.NaN()}
	if n := d.CodersWithValues(); n != 2 {
		return res, fmt.Errorf("%w: Cohen's kappa needs two coders, the data have %d", ErrDesign, n)
	}
	g, start := d.grouped()
	first := int32(-1)
	for _, o := range d.obs {
		first = o.coder
		break
	}
	rows := make([]float64, len(d.values))
	cols := make([]float64, len(d.values))
	agree := 0
	for u := 0; u+1 < len(start); u++ {
		vals := g[start[u]:start[u+1]]
		if len(vals) != 2 {
			continue
		}
		a, b := vals[0], vals[1]
		if a.coder != first {
			a, b = b, a
		}
		rows[a.value]++
		cols[b.value]++
		if a.value == b.value {
			agree++
		}
		res.Units++
	}
	if res.Units == 0 {
		return res, nil
	}
	n := float64(res.Units)
	po := float64(agree) / n
	var pe float64
	for c := range rows {
		pe += rows[c] / n * cols[c] / n
	}
	if pe < 1 {
		res.Value = (po - pe) / (1 - pe)
	}
	return res, nil
}

// FleissKappa is Fleiss' (1971) kappa for m coders, on the units that every
// coder who gave values coded (Fleiss' design has m ratings per unit):
//
//	P_i   = (sum_j n_ij^2 - m) / (m(m-1))     n_ij: ratings of unit i as j
//	p_j   = sum_i n_ij / (N m)
//	kappa = (mean P_i - sum_j p_j^2) / (1 - sum_j p_j^2)
//
// Values are nominal. Kappa is NaN when no unit has every coder's value or
// when every rating is the same value. Fewer than two coders is an
// ErrDesign error.
func (d *Data) FleissKappa() (Agreement, error) {
	res := Agreement{Value: math.NaN()}
	m := d.CodersWithValues()
	if m < 2 {
		return res, fmt.Errorf("%w: Fleiss' kappa needs two or more coders, the data have %d", ErrDesign, m)
	}
	g, start := d.grouped()
	pj := make([]float64, len(d.values))
	counts := make([]int, len(d.values))
	var sumP float64
	for u := 0; u+1 < len(start); u++ {
		vals := g[start[u]:start[u+1]]
		if len(vals) != m {
			continue
		}
		sq := 0
		for _, o := range vals {
			counts[o.value]++
		}
		for _, o := range vals {
			if c := counts[o.value]; c > 0 {
				sq += c * c
				pj[o.value] += float64(c)
				counts[o.value] = 0
			}
		}
		sumP += float64(sq-m) / float64(m*(m-1))
		res.Units++
	}
	if res.Units == 0 {
		return res, nil
	}
	total := float64(res.Units * m)
	var pe float64
	for _, c := range pj {
		p := c / total
		pe += p * p
	}
	if pe < 1 {
		res.Value = (sumP/float64(res.Units) - pe) / (1 - pe)
	}
	return res, nil
}
