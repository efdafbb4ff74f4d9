package project

import (
	"context"
	"sort"
	"strings"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

// SearchFacets are the values a search can be filtered by, each sorted:
// the coders who coded something, the cities and groups of the sources
// and participants, and the participants' attributes as "key=value".
type SearchFacets struct {
	Coders, Cities, Groups, Attributes []string
}

// SearchFacets reads the values a search can be filtered by.
func (p *Project) SearchFacets(ctx context.Context) (*SearchFacets, error) {
	d, err := p.st.SearchData(ctx, "", "")
	if err != nil {
		return nil, err
	}
	f := FacetsOf(d)
	if f.Coders, err = p.st.Coders(); err != nil {
		return nil, err
	}
	return f, nil
}

// FacetsOf is the search facets of a dataset.
func FacetsOf(d *analysis.Dataset) *SearchFacets {
	coders, cities, groups, attrs := set{}, set{}, set{}, set{}
	for _, c := range d.Codings {
		coders.add(c.Coder)
	}
	for _, s := range d.Sources {
		cities.add(s.City)
		groups.add(s.Group)
	}
	for _, p := range d.Participants {
		cities.add(p.City)
		for k, v := range p.Attributes {
			if strings.TrimSpace(v) != "" {
				attrs.add(k + "=" + v)
			}
		}
	}
	return &SearchFacets{Coders: coders.sorted(), Cities: cities.sorted(), Groups: groups.sorted(), Attributes: attrs.sorted()}
}

type set map[string]bool

func (s set) add(v string) {
	if v != "" {
		s[v] = true
	}
}

func (s set) sorted() []string {
	out := make([]string, 0, len(s))
	for v := range s {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
