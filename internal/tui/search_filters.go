package tui

import (
	"fmt"
	"sort"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/project"
)

// searchPick is what the Search screen's picker chooses.
type searchPick int

const (
	pickFilterCode searchPick = iota
	pickFilterCoder
	pickFilterCity
	pickFilterGroup
	pickFilterAttribute
	pickApplyCode // the code to apply to the results
)

// The filters chooser's options after the pickers: the facilitators
// toggle and "clear".
const (
	filterFacilitators = int(pickFilterAttribute) + 1
	filterClear        = filterFacilitators + 1
)

// anyValue is the pickers' first item: the filter is lifted.
const anyValue = "\x00any"

// openFilters asks which filter to set, each option with its value now.
func (v *searchView) openFilters() {
	q := v.query
	var attrs []string
	for k, val := range q.Attributes {
		attrs = append(attrs, k+"="+val)
	}
	sort.Strings(attrs)
	fac := "left out"
	if q.Facilitators {
		fac = "included"
	}
	v.filters = &chooser{title: "Filter the search by", options: []string{
		"code: " + nz(q.Code, "any"), "coder: " + nz(q.Coder, "any"), "city: " + nz(q.City, "any"),
		"group: " + nz(q.Group, "any"), "attribute: " + nz(strings.Join(attrs, ", "), "any"),
		"facilitators' and unattributed speech: " + fac, "clear every filter",
	}}
}

func (v *searchView) updateFilters(msg tea.KeyMsg) tea.Cmd {
	i, done := v.filters.update(msg, v.c.keys)
	if !done {
		return nil
	}
	v.filters = nil
	switch {
	case i < 0:
		return nil
	case i == filterFacilitators:
		v.query.Facilitators = !v.query.Facilitators
		return v.search()
	case i == filterClear:
		v.query = project.SearchQuery{Pattern: v.query.Pattern}
		return v.search()
	}
	v.openFilterPicker(searchPick(i))
	return nil
}

// openFilterPicker lists the values a filter can take, "(any)" first.
func (v *searchView) openFilterPicker(which searchPick) {
	items := []pickItem{{label: "(any)", value: anyValue}}
	f := v.facets
	if f == nil {
		f = &project.SearchFacets{}
	}
	plain := func(list []string) {
		for _, s := range list {
			items = append(items, pickItem{label: s, value: s})
		}
	}
	title := ""
	switch which {
	case pickFilterCode:
		title = "Only sentences coded with"
		for _, e := range v.entries {
			items = append(items, codeItem(e, v.looks))
		}
	case pickFilterCoder:
		title = "Only sentences coded by"
		plain(f.Coders)
	case pickFilterCity:
		title = "Only speakers of the city"
		plain(f.Cities)
	case pickFilterGroup:
		title = "Only the sources of the group"
		plain(f.Groups)
	case pickFilterAttribute:
		title = "Only speakers with the attribute"
		plain(f.Attributes)
	}
	p := newPicker(title, items)
	v.picker, v.pickFor = &p, which
}

func (v *searchView) updatePicker(msg tea.KeyMsg) tea.Cmd {
	val, done, cmd := v.picker.update(msg, v.c.keys)
	if !done {
		return cmd
	}
	v.picker = nil
	if val == "" {
		return nil
	}
	if v.pickFor == pickApplyCode {
		return v.codeResults(val)
	}
	if val == anyValue {
		val = ""
	}
	q := &v.query
	switch v.pickFor {
	case pickFilterCode:
		q.Code = val
	case pickFilterCoder:
		q.Coder = val
	case pickFilterCity:
		q.City = val
	case pickFilterGroup:
		q.Group = val
	case pickFilterAttribute:
		if val == "" {
			q.Attributes = nil
			break
		}
		k, x, _ := strings.Cut(val, "=")
		attrs := map[string]string{k: x}
		for ok, ov := range q.Attributes {
			if ok != k {
				attrs[ok] = ov
			}
		}
		q.Attributes = attrs
	}
	return v.search()
}

// targets are the results "code" applies to: the marked ones, or all.
func (v *searchView) targets() []project.SearchHit {
	if v.res == nil {
		return nil
	}
	if len(v.marked) == 0 {
		return v.res.Hits
	}
	var out []project.SearchHit
	for _, h := range v.res.Hits {
		if v.marked[[2]int64{h.SourceID, int64(h.Start)}] {
			out = append(out, h)
		}
	}
	return out
}

// openCodePicker asks which code to apply to the results.
func (v *searchView) openCodePicker() tea.Cmd {
	hits := v.targets()
	if len(hits) == 0 {
		v.note = "no result to code: search first (/)"
		return nil
	}
	items := make([]pickItem, 0, len(v.entries))
	for _, e := range v.entries {
		items = append(items, codeItem(e, v.looks))
	}
	which := fmt.Sprintf("all %d results", len(hits))
	if len(v.marked) > 0 {
		which = fmt.Sprintf("%d marked results", len(hits))
	}
	p := newPicker(fmt.Sprintf("Code %s (by %s) with", which, v.spread), items)
	v.picker, v.pickFor = &p, pickApplyCode
	return nil
}

// codeResults codes the results with a code in one batch action.
func (v *searchView) codeResults(path string) tea.Cmd {
	var codeID int64
	for _, e := range v.entries {
		if e.Path == path {
			codeID = e.ID
		}
	}
	if codeID == 0 {
		return nil
	}
	if v.c.hist.busy {
		v.note = "still saving the last action"
		return nil
	}
	act := action{kind: actBatchApply, coding: coding.Coding{Code: path, CodeID: codeID, Coder: v.c.coder}}
	seen := map[[3]int64]bool{}
	for _, h := range v.targets() {
		a, b := h.Start, h.End
		switch v.spread {
		case spreadTurn:
			a, b = h.TurnStart, h.TurnEnd
		case spreadMatch:
			a, b = h.MatchSpan()
		}
		k := [3]int64{h.SourceID, int64(a), int64(b)}
		if seen[k] || b <= a {
			continue
		}
		seen[k] = true
		text := h.Text
		if v.spread != spreadSentence {
			text = "" // the store has the words; the view shows the count
		}
		act.codings = append(act.codings, coding.Coding{Source: h.Source, SourceID: h.SourceID, Start: a, End: b,
			Code: path, CodeID: codeID, Coder: v.c.coder, Text: text})
	}
	v.c.hist.busy = true
	return batchCmd(v.c.store, act)
}
