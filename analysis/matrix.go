package analysis

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// By is the column variable of a matrix.
type By struct {
	// Field is a participant field ("city", "group"), a participant
	// attribute key ("gender", "years_in_canada" ...), or a source field
	// ("source", "language", "source.city", "source.group").
	Field string
	// Bands, when set, group a numeric attribute into ranges.
	Bands []Band
}

// Band is a closed range of a numeric attribute, Hi = +Inf for "11+".
type Band struct {
	Label  string
	Lo, Hi float64
}

// ParseBands reads "0-2,3-5,6-10,11+" into bands. Ranges are inclusive and
// must not overlap.
func ParseBands(spec string) ([]Band, error) {
	var out []Band
	for _, part := range strings.Split(spec, ",") {
		p := strings.TrimSpace(part)
		if p == "" {
			continue
		}
		var b Band
		var err1, err2 error
		if lo, ok := strings.CutSuffix(p, "+"); ok {
			b.Lo, err1 = strconv.ParseFloat(strings.TrimSpace(lo), 64)
			b.Hi = math.Inf(1)
		} else if lo, hi, ok := strings.Cut(p, "-"); ok && lo != "" {
			b.Lo, err1 = strconv.ParseFloat(strings.TrimSpace(lo), 64)
			b.Hi, err2 = strconv.ParseFloat(strings.TrimSpace(hi), 64)
		} else {
			b.Lo, err1 = strconv.ParseFloat(p, 64)
			b.Hi = b.Lo
		}
		if err1 != nil || err2 != nil || b.Hi < b.Lo {
			return nil, fmt.Errorf("band %q: want LO-HI, LO+ or a number (as in 0-2,3-5,6+)", p)
		}
		b.Label = p
		for _, o := range out {
			if b.Lo <= o.Hi && o.Lo <= b.Hi {
				return nil, fmt.Errorf("bands %q and %q overlap", o.Label, p)
			}
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		return nil, errors.New("no bands given (as in 0-2,3-5,6+)")
	}
	return out, nil
}

// Values a matrix column may take besides the data's own.
const (
	// NoValue is the column of participants without the attribute.
	NoValue = "(none)"
	// OtherValue is the column of values outside every band.
	OtherValue = "(other)"
)

// identifying are attributes that name people: a matrix column per value
// would print them.
var identifying = map[string]bool{"pseudonym": true, "name": true, "label": true, "speaker": true,
	"first_name": true, "last_name": true, "real_name": true, "email": true, "phone": true, "id": true}

var sourceFields = map[string]func(*Source) string{
	"source":       func(s *Source) string { return s.Name },
	"language":     func(s *Source) string { return s.Language },
	"source.city":  func(s *Source) string { return s.City },
	"source.group": func(s *Source) string { return s.Group },
}

// columnValues gives each slot its column value and returns the values in
// column order.
func (a *Analysis) columnValues(by By) ([]int, []string, error) {
	s := a.s
	field := strings.TrimSpace(by.Field)
	if field == "" {
		return nil, nil, errors.New("matrix: no column variable (give an attribute such as city or gender)")
	}
	if identifying[strings.ToLower(field)] {
		return nil, nil, fmt.Errorf("matrix by %q: refused, its values name people (quotes and tables show participant IDs only)", field)
	}
	raw := make([]string, len(s.slots))
	if f, ok := sourceFields[field]; ok {
		for i, sl := range s.slots {
			raw[i] = f(&s.ds.Sources[sl.src])
		}
	} else {
		known := map[string]bool{"city": true, "group": true}
		for _, p := range s.part {
			for k := range p.Attributes {
				known[k] = true
			}
		}
		if !known[field] {
			keys := sortedKeys(known)
			for k := range sourceFields {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			return nil, nil, fmt.Errorf("matrix by %q: no participant has this attribute (known: %s)", field, strings.Join(keys, ", "))
		}
		distinct, people := map[string]bool{}, map[int]bool{}
		for i, sl := range s.slots {
			raw[i] = s.part[sl.part].attrValue(field)
			if !people[sl.part] {
				people[sl.part] = true
				distinct[raw[i]] = true
			}
		}
		if len(people) >= 5 && len(distinct) == len(people) && len(by.Bands) == 0 {
			return nil, nil, fmt.Errorf("matrix by %q: refused, every participant has a different value, so each column would single out one person", field)
		}
	}
	for i, v := range raw {
		raw[i] = bandOf(v, by.Bands)
	}
	set := map[string]bool{}
	for _, v := range raw {
		set[v] = true
	}
	var order []string
	if len(by.Bands) > 0 {
		for _, b := range by.Bands {
			order = append(order, b.Label)
		}
		order = append(order, OtherValue, NoValue)
	} else {
		order = sortedKeys(set)
		sort.SliceStable(order, func(i, j int) bool { return order[j] == NoValue && order[i] != NoValue })
	}
	var values []string
	idx := map[string]int{}
	for _, v := range order {
		if set[v] {
			idx[v] = len(values)
			values = append(values, v)
		}
	}
	out := make([]int, len(raw))
	for i, v := range raw {
		out[i] = idx[v]
	}
	return out, values, nil
}

func bandOf(v string, bands []Band) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return NoValue
	}
	if len(bands) == 0 {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return OtherValue
	}
	for _, b := range bands {
		if f >= b.Lo && f <= b.Hi {
			return b.Label
		}
	}
	return OtherValue
}

// Matrix is the code x attribute matrix in long (tidy) form: one row per
// code (rolled up, in codebook order) and column value, as NVivo's matrix
// coding query and MAXQDA's code matrix browser show it.
//
// A column is a set of (participant, source) pairs: for a participant field
// or attribute, every pair of the participants with that value; for a
// source field, every pair in the sources with that value (a participant
// who spoke in two such sources can then be in two columns).
//
//	participants   participants of the column who mention the code
//	n              participants of the column (who speak in scope)
//	column_share   participants / n
//	row_share      participants / participants mentioning the code at all
//	codings        counted codings of the code touching the column's speech
//	codings_n      counted codings of any code touching the column's speech
//	codings_share  codings / codings_n
//
// Shares with a zero denominator are NaN. Participants with no value are in
// the column "(none)"; with bands, values outside every band in "(other)".
// Attributes that name people (pseudonym, name ...) and attributes where
// every participant differs are refused: each column would single out one
// person.
func (a *Analysis) Matrix(by By) (*Table, error) {
	s, k := a.s, a.k
	slotVal, values, err := a.columnValues(by)
	if err != nil {
		return nil, err
	}
	nv, np, nc := len(values), len(s.part), len(s.codes)
	// n per value: distinct participants.
	n := make([]int, nv)
	stamp := make([]int, np*max(nv, 1))
	for sl, x := range s.slots {
		key := x.part*nv + slotVal[sl]
		if stamp[key] == 0 {
			stamp[key] = 1
			n[slotVal[sl]]++
		}
	}
	// participants per (code, value).
	cell := make([]int, nc*nv)
	for i := range stamp {
		stamp[i] = 0
	}
	for c := 0; c < nc; c++ {
		for sl, x := range s.slots {
			if !k.mention[c*k.nSlots+sl] {
				continue
			}
			key := x.part*nv + slotVal[sl]
			if stamp[key] != c+1 {
				stamp[key] = c + 1
				cell[c*nv+slotVal[sl]]++
			}
		}
	}
	// codings per (code, value), each coding once per value it touches.
	codings := make([]int, nc*nv)
	codingsN := make([]int, nv)
	seenV := make([]int, nv)
	var anc []int
	for h := range s.hits {
		ht := &s.hits[h]
		anc = s.ancestors(ht.code, anc)
		for _, se := range s.sents[ht.lo:ht.hi] {
			v := slotVal[se.slot]
			if seenV[v] == h+1 {
				continue
			}
			seenV[v] = h + 1
			codingsN[v]++
			for _, x := range anc {
				codings[x*nv+v]++
			}
		}
	}
	b := newBuilder("matrix", "Codes by "+by.Field,
		Column{Name: "code", Kind: Text},
		Column{Name: "theme", Kind: Text, Aside: true},
		Column{Name: "depth", Kind: Int, Aside: true},
		Column{Name: "by", Kind: Text, Aside: true},
		Column{Name: "value", Kind: Text},
		Column{Name: "participants", Kind: Count, Of: "n"},
		Column{Name: "n", Kind: Count, Aside: true},
		Column{Name: "column_share", Kind: Share, Deps: []string{"participants", "n"}},
		Column{Name: "row_share", Kind: Share, Deps: []string{"participants", "row_participants"}},
		Column{Name: "row_participants", Kind: Count, Aside: true},
		Column{Name: "codings", Kind: Int, Deps: []string{"participants"}},
		Column{Name: "codings_n", Kind: Int, Aside: true},
		Column{Name: "codings_share", Kind: Share, Deps: []string{"participants"}},
	)
	var groups []rowGroup
	pc, nCol := 5, 6
	for c := 0; c < nc; c++ {
		rowTotal := k.reach(c).participants
		g := rowGroup{col: pc}
		for v := 0; v < nv; v++ {
			g.rows = append(g.rows, c*nv+v)
			x := cell[c*nv+v]
			b.add(s.codes[c].Path, a.themeName(c), s.depth[c], by.Field, values[v], x, n[v],
				ratio(x, n[v]), ratio(x, rowTotal), rowTotal, codings[c*nv+v], codingsN[v], ratio(codings[c*nv+v], codingsN[v]))
		}
		groups = append(groups, g)
	}
	t := b.build()
	t.Notes = []string{
		fmt.Sprintf("Cells count participants who mention the code among the n participants with that %s; column share is of n, row share of everyone who mentions the code.", by.Field),
		"Codings count each coding once per column its speech falls in.",
	}
	if a.opt.SuppressBelow >= 2 && nv > 0 {
		t.primary(a.opt.SuppressBelow)
		// The column sizes add up to the participants in scope: suppress
		// them as one group, and give every code's row the same marks.
		first := make([]int, nv)
		for v := range first {
			first[v] = v
		}
		t.secondary([]rowGroup{{col: nCol, rows: first}})
		for r := nv; r < t.Rows(); r++ {
			t.marks[r][nCol] = t.marks[r%nv][nCol]
		}
		t.secondary(groups)
		t.dependents()
		t.blank()
	}
	return t, nil
}

// Pivot arranges a long table as a grid: the distinct values of rowCol (in
// order of appearance) down, those of colCol across, and idx[i][j] the row
// of the long table for that cell, -1 when there is none.
func (t *Table) Pivot(rowCol, colCol string) (rows, cols []string, idx [][]int) {
	rc, cc := t.Col(rowCol), t.Col(colCol)
	if rc < 0 || cc < 0 {
		return nil, nil, nil
	}
	ri, ci := map[string]int{}, map[string]int{}
	type at struct{ r, c, row int }
	var cells []at
	for r := 0; r < t.Rows(); r++ {
		rv, cv := t.Cell(r, rc).Str, t.Cell(r, cc).Str
		if _, ok := ri[rv]; !ok {
			ri[rv] = len(rows)
			rows = append(rows, rv)
		}
		if _, ok := ci[cv]; !ok {
			ci[cv] = len(cols)
			cols = append(cols, cv)
		}
		cells = append(cells, at{ri[rv], ci[cv], r})
	}
	idx = make([][]int, len(rows))
	for i := range idx {
		idx[i] = make([]int, len(cols))
		for j := range idx[i] {
			idx[i][j] = -1
		}
	}
	for _, x := range cells {
		idx[x.r][x.c] = x.row
	}
	return rows, cols, idx
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
