package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const docsCode = "Adaptation and support systems/Immigration documents and delays"

func TestCodingsImportExportRoundTrip(t *testing.T) {
	p := applyProject(t)
	dir := t.TempDir()
	in := writeFile(t, dir, "in.csv", []byte("coder,source,start,end,code,memo\n"+
		"lea,fg,0,8,"+docsCode+",'=SUM(A1) is not a formula\n"+
		"sam,fg,9,17,Immigration documents and delays,\n"+
		"lea,fg,0,8,Imported/From a script,\"two\nlines\"\n"))
	out := run(t, nil, "codings", "import", p, in, "--add-codes")
	if !strings.Contains(out, "imported 3 codings") || !strings.Contains(out, "new code: Imported/From a script") {
		t.Errorf("import said %q", out)
	}
	list := codingsJSON(t, nil, p)
	if len(list) != 3 {
		t.Fatalf("%d codings after import, want 3: %v", len(list), list)
	}
	memos := map[string]bool{}
	for _, c := range list {
		memos[c["memo"].(string)] = true
	}
	if !memos["=SUM(A1) is not a formula"] || !memos["two\nlines"] {
		t.Errorf("memos not read back as written: %v", memos)
	}

	exported := filepath.Join(dir, "out.csv")
	run(t, nil, "codings", "export", p, "--out", exported)
	first, err := os.ReadFile(exported)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(first), "source,start,end,code,coder,memo\n") || !strings.Contains(string(first), ",'=SUM(A1) is not a formula") {
		t.Errorf("export:\n%s", first)
	}
	// The export imports into another copy of the project and exports the same.
	q := applyProject(t)
	run(t, nil, "codings", "import", q, exported, "--add-codes")
	if again := run(t, nil, "codings", "export", q); again != string(first) {
		t.Errorf("export after a round trip differs:\n%s\nwant\n%s", again, first)
	}
}

func TestCodingsImportRefusals(t *testing.T) {
	for _, tc := range []struct {
		name, csv string
		want      []string
	}{
		{"unknown source and code", "source,start,end,code,coder\nfg,0,8," + docsCode + ",lea\nnope,0,8," + docsCode + ",lea\nfg,0,8,No such code,lea\n",
			[]string{"2 rows refused", "line 3: source \"nope\"", "line 4: code \"No such code\"", "--add-codes"}},
		{"repeat in the file", "source,start,end,code,coder\nfg,0,8," + docsCode + ",lea\nfg,0,8," + docsCode + ",lea\n",
			[]string{"line 3: the same coding as line 2"}},
		{"span outside the text", "source,start,end,code,coder\nfg,0,100000," + docsCode + ",lea\nfg,5,5," + docsCode + ",lea\n",
			[]string{"line 2: span 0-100000 is outside", "line 3: span 5-5"}},
		{"no coder", "source,start,end,code,coder\nfg,0,8," + docsCode + ", \n", []string{"line 2: no coder"}},
		{"missing column", "source,start,end,code\nfg,0,8," + docsCode + "\n", []string{`no "coder" column`}},
		{"bad offset", "source,start,end,code,coder\nfg,x,8," + docsCode + ",lea\n", []string{`line 2: start "x"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := applyProject(t)
			f := writeFile(t, t.TempDir(), "c.csv", []byte(tc.csv))
			err := failRuntime(t, nil, "codings", "import", p, f)
			errHas(t, err, append(tc.want, "nothing was imported")...)
			if n := len(codingsJSON(t, nil, p)); n != 0 {
				t.Errorf("%d codings kept after a refused import", n)
			}
		})
	}
	p := applyProject(t)
	f := writeFile(t, t.TempDir(), "c.csv", []byte("source,start,end,code,coder\nfg,0,8,"+docsCode+",lea\n"))
	run(t, nil, "codings", "import", p, f)
	errHas(t, failRuntime(t, nil, "codings", "import", p, f), "line 2: already in the project (coding 1)")
	failUsage(t, nil, "codings", "import", p)
	failUsage(t, nil, "codings", "export", p, "--out", p)
}
