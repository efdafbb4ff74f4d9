package project

import (
	"bytes"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// FuzzImportCodings feeds any bytes to the codings importer: it may refuse
// them, but must not panic, and a refused file leaves no coding behind.
func FuzzImportCodings(f *testing.F) {
	f.Add([]byte("source,start,end,code,coder,memo\nfg1,0,8,Theme/Need,lea,\n"))
	f.Add([]byte("coder,code,end,start,source\nsam,Theme/Need,20,9,FG1\n"))
	f.Add([]byte("source,start,end,code,coder\nfg1,0,99999,Theme/Need,lea\nfg1,\"0,1,x,y\n"))
	f.Add([]byte("\uFEFFsource,start,end,code,coder\nfg1,'=1,8,Theme/Need,lea\n"))
	p := create(f)
	importSampleTB(f, p)
	if _, err := p.Store().AddCode("Theme/Need", store.CodeFields{}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		before := countCodings(t, p)
		res, err := p.ImportCodings(t.Context(), "fuzz.csv", bytes.NewReader(data), false)
		after := countCodings(t, p)
		if err != nil && after != before {
			t.Fatalf("refused (%v), yet codings went from %d to %d", err, before, after)
		}
		if err == nil && after != before+res.Codings {
			t.Fatalf("imported %d, yet codings went from %d to %d", res.Codings, before, after)
		}
	})
}

func countCodings(t *testing.T, p *Project) int {
	t.Helper()
	n := 0
	if err := p.Store().EachCoding(t.Context(), func(store.CodingRow) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

func importSampleTB(tb testing.TB, p *Project) {
	tb.Helper()
	if _, err := p.ImportTranscripts(tb.Context(), []Transcript{{Path: "fg1.txt", Data: []byte(sample)}}, ImportOptions{}); err != nil {
		tb.Fatal(err)
	}
}

func TestImportCodingsHeader(t *testing.T) {
	p := create(t)
	for _, tc := range []struct{ csv, want string }{
		{"", "the file is empty"},
		{"source,start,end,code\n", `no "coder" column`},
		{"source,source,start,end,code,coder\n", `column "source" twice`},
	} {
		_, err := p.ImportCodings(t.Context(), "c.csv", strings.NewReader(tc.csv), false)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "c.csv") {
			t.Errorf("%q: error %v, want it to name c.csv and say %q", tc.csv, err, tc.want)
		}
	}
}
