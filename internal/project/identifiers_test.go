package project

import (
	"reflect"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding/redact"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

func TestPending(t *testing.T) {
	sugg := []redact.Suggestion{{Term: "Rana", Kind: redact.KindName}, {Term: "Halifax", Kind: redact.KindPlace},
		{Term: "ana@example.org", Kind: redact.KindEmail}}
	terms := func(list []redact.Suggestion) []string {
		var out []string
		for _, s := range list {
			out = append(out, s.Term)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		list []store.Identifier
		want []string
	}{
		{"empty list", nil, []string{"Rana", "Halifax", "ana@example.org"}},
		{"accepted", []store.Identifier{{Term: "Rana", Kind: redact.KindName}}, []string{"Halifax", "ana@example.org"}},
		{"kept, other case", []store.Identifier{{Term: "HALIFAX", Kind: redact.KindKeep}}, []string{"Rana", "ana@example.org"}},
		{"all", []store.Identifier{{Term: "rana"}, {Term: "Halifax"}, {Term: "ana@example.org"}}, nil},
	} {
		if got := terms(Pending(sugg, tc.list)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
