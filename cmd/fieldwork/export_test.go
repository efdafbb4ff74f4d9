package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	osexec "os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding/refiqda"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// refiSchemas holds the official REFI-QDA XSDs.
const refiSchemas = "../../coding/refiqda/testdata"

// refiSample finds a real REFI-QDA file of shared/refi-qda/samples, which
// lives beside the repository (third-party files are not copied into it).
func refiSample(t *testing.T, name string) string {
	t.Helper()
	dir, _ := filepath.Abs(".")
	for range 6 {
		p := filepath.Join(dir, "shared", "refi-qda", "samples", name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		dir = filepath.Dir(dir)
	}
	t.Skipf("sample %s not found in shared/refi-qda/samples above the repository", name)
	return ""
}

// xmllintSchema validates data against an official XSD; the test is
// skipped when xmllint is absent (CI installs Debian's libxml2-utils).
func xmllintSchema(t *testing.T, schema string, data []byte) {
	t.Helper()
	bin, err := osexec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed (apt-get install libxml2-utils): schema validation skipped")
	}
	f := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(f, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := osexec.Command(bin, "--noout", "--schema", filepath.Join(refiSchemas, schema), f).CombinedOutput(); err != nil {
		t.Fatalf("xmllint --schema %s: %v\n%.2000s", schema, err, out)
	}
}

// qdeOf returns the project.qde of a .qdpx file.
func qdeOf(t *testing.T, file string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == "project.qde" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			data, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return data
		}
	}
	t.Fatalf("%s holds no project.qde", file)
	return nil
}

// projectState reads what a REFI round trip must keep: sources, codes,
// codings and memos.
func projectState(t *testing.T, path string) map[string][]string {
	t.Helper()
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st := map[string][]string{}
	srcs, err := s.Sources()
	if err != nil {
		t.Fatal(err)
	}
	for _, ss := range srcs {
		src, err := s.Source(ss.Name)
		if err != nil {
			t.Fatal(err)
		}
		st["sources"] = append(st["sources"], fmt.Sprintf("%s %s %s %s %s %q", src.Name, src.City, src.Group, src.Date, src.Language, src.Text))
	}
	cb, _ := s.Codebook()
	for _, c := range cb {
		st["codes"] = append(st["codes"], fmt.Sprintf("%s %s %q %q %q %q", c.Path, c.Color, c.Definition, c.Inclusion, c.Exclusion, c.Example))
	}
	cds, _ := s.Codings(store.CodingFilter{})
	for _, c := range cds {
		st["codings"] = append(st["codings"], fmt.Sprintf("%s %d-%d %s %s %q", c.Source, c.Start, c.End, c.Code, c.Coder, c.Memo))
	}
	ms, _ := s.Memos()
	for _, m := range ms {
		st["memos"] = append(st["memos"], fmt.Sprintf("%s %d-%d %s %s %q", m.Source, m.Start, m.End, m.Code, m.Author, m.Text))
	}
	for k := range st {
		sort.Strings(st[k])
	}
	return st
}

func TestExportDemoQdpxRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	demo := filepath.Join(dir, "demo.fwp")
	run(t, nil, "demo", "--out", demo)
	out1, out2 := filepath.Join(dir, "one.qdpx"), filepath.Join(dir, "two.qdpx")
	said := run(t, nil, "export", demo, out1, "--allow-identifiers")
	for _, w := range []string{"wrote " + out1, "sources", "codings", "participants (cases)"} {
		if !strings.Contains(said, w) {
			t.Errorf("export said %q, without %q", said, w)
		}
	}
	run(t, nil, "export", demo, out2, "--allow-identifiers")
	a, _ := os.ReadFile(out1)
	b, _ := os.ReadFile(out2)
	if !bytes.Equal(a, b) {
		t.Error("two exports of the unchanged demo differ")
	}
	if fi, err := os.Stat(out1); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export file mode: %v %v", fi.Mode(), err)
	}

	checkExportedDemo(t, demo, out1)
	want := checkQdpxRoundTrip(t, demo, out1, a)
	checkCodebookExports(t, demo, dir, want)
}

// checkExportedDemo: cases are participant ids, never speaker labels, and
// selections are in code points, exactly over the coded text.
func checkExportedDemo(t *testing.T, demo, out1 string) {
	t.Helper()
	p, err := refiqda.OpenProject(out1, refiqda.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	ids, labels := map[string]bool{}, map[string]bool{}
	for _, pj := range jsonArray(t, run(t, nil, "participants", demo, "--json")) {
		ids[pj["id"].(string)] = true
		for _, l := range pj["labels"].([]any) {
			labels[l.(string)] = true
		}
	}
	if len(p.Cases) != 27 || len(p.TextSources) != 3 || len(p.Users) != 2 {
		t.Errorf("%d cases, %d sources, %d users; want 27, 3, 2", len(p.Cases), len(p.TextSources), len(p.Users))
	}
	for _, c := range p.Cases {
		if !ids[c.Name] || (labels[c.Name] && !ids[c.Name]) {
			t.Errorf("case %q is not a participant id", c.Name)
		}
		if len(c.SelectionRefs) == 0 {
			t.Errorf("case %q has no turns", c.Name)
		}
	}
	// Selections are in code points, exactly over the coded text.
	codings := jsonArray(t, run(t, nil, "codings", demo, "--json", "--allow-identifiers"))
	texts := map[string]bool{}
	for _, c := range codings {
		texts[c["text"].(string)] = true
	}
	var n int
	for _, src := range p.TextSources {
		r := []rune(src.Text)
		for _, sel := range src.Selections {
			if len(sel.Codings) > 0 {
				n += len(sel.Codings)
				if !texts[string(r[sel.Start:sel.End])] {
					t.Errorf("selection %d-%d of %s is not over a coded text", sel.Start, sel.End, src.Name)
				}
			}
		}
	}
	if n != len(codings) {
		t.Errorf("%d codings exported, the demo has %d", n, len(codings))
	}
	xmllintSchema(t, "Project-mrt2019.xsd", qdeOf(t, out1))
}

// checkQdpxRoundTrip imports the export into an empty project: the same
// sources, codes, codings, memos; exported again, it is the same file a.
// It returns the demo's state.
func checkQdpxRoundTrip(t *testing.T, demo, out1 string, a []byte) map[string][]string {
	t.Helper()
	dir2 := t.TempDir()
	back := filepath.Join(dir2, "demo.fwp")
	run(t, nil, "init", back, "--codebook", "empty")
	said := run(t, nil, "import", back, out1)
	for _, w := range []string{"imported one.qdpx", "222", "lea, sam"} {
		if !strings.Contains(said, w) {
			t.Errorf("import said %q, without %q", said, w)
		}
	}
	if strings.Contains(said, "not imported") {
		t.Errorf("the demo's own export lost something:\n%s", said)
	}
	want, got := projectState(t, demo), projectState(t, back)
	for _, k := range []string{"sources", "codes", "codings", "memos"} {
		if len(want[k]) == 0 || !reflect.DeepEqual(want[k], got[k]) {
			t.Errorf("%s differ after the round trip (%d vs %d)", k, len(got[k]), len(want[k]))
		}
	}
	// Exported again, it is the same file: GUIDs came back out unchanged.
	again := filepath.Join(dir2, "again.qdpx")
	run(t, nil, "export", back, again, "--allow-identifiers")
	if c, _ := os.ReadFile(again); !bytes.Equal(a, c) {
		t.Error("the export of the imported export differs from the export")
	}
	return want
}

// checkCodebookExports: the codebook as .qdc and as a codebook-only .qdpx,
// both valid; each brings the same tree into an empty project.
func checkCodebookExports(t *testing.T, demo, dir string, want map[string][]string) {
	t.Helper()
	qdc := filepath.Join(dir, "codebook.qdc")
	if said := run(t, nil, "codebook", "export", demo, "--out", qdc); !strings.Contains(said, "wrote 20 codes") {
		t.Errorf("codebook export said %q", said)
	}
	data, _ := os.ReadFile(qdc)
	if stdout := run(t, nil, "codebook", "export", demo, "--format", "qdc"); stdout != string(data) {
		t.Error("codebook export --format qdc to stdout differs from --out")
	}
	xmllintSchema(t, "Codebook-mrt2019.xsd", data)
	cbq := filepath.Join(dir, "codebook.qdpx")
	run(t, nil, "codebook", "export", demo, "--out", cbq)
	xmllintSchema(t, "Project-mrt2019.xsd", qdeOf(t, cbq))
	for _, file := range []string{qdc, cbq} {
		empty := filepath.Join(t.TempDir(), "cb.fwp")
		run(t, nil, "init", empty, "--codebook", "empty")
		if said := run(t, nil, "codebook", "import", empty, file); !strings.Contains(said, "20 created") {
			t.Errorf("codebook import %s said %q", filepath.Base(file), said)
		}
		if got := projectState(t, empty)["codes"]; !reflect.DeepEqual(got, want["codes"]) {
			t.Errorf("codebook through %s: %q\nwant %q", filepath.Base(file), got, want["codes"])
		}
	}
}

func TestImportQdpxSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file  string
		lines []string
	}{
		{"qc-1.3.2-demo.qdpx", []string{"sources  2", "codes  262 (0 already in the project)", "codings  205", "coders  cp"}},
		{"nvivo_project.qdpx", []string{"sources  2", "codes  262 (0 already in the project)", "codings  0"}},
		{"atlas-target-atlas-project.qdpx", []string{"sources  0", "codes  3 (0 already in the project)"}},
		{"atlas-blank-atlas-project.qdpx", []string{"sources  0", "codes  0 (0 already in the project)"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := newProject(t, nil, "--codebook", "empty")
			out := run(t, nil, "import", p, refiSample(t, tt.file))
			flat := strings.Join(strings.Fields(out), " ")
			for _, l := range tt.lines {
				if !strings.Contains(flat, strings.Join(strings.Fields(l), " ")) {
					t.Errorf("import said:\n%s\nwithout %q", out, l)
				}
			}
			// What came in exports as a valid project.
			qdpx := filepath.Join(t.TempDir(), "out.qdpx")
			run(t, nil, "export", p, qdpx, "--allow-identifiers")
			xmllintSchema(t, "Project-mrt2019.xsd", qdeOf(t, qdpx))
		})
	}
	p := newProject(t, nil, "--codebook", "empty")
	run(t, nil, "import", p, refiSample(t, "qc-1.3.2-demo.qdpx"))
	var at320 bool
	list := jsonArray(t, run(t, nil, "codings", p, "--source", "board_2017", "--json", "--allow-identifiers"))
	for _, c := range list {
		if num(t, c, "start") == 320 && num(t, c, "end") == 400 && strings.HasPrefix(c["text"].(string), "This district goal is engage every student") {
			at320 = true
		}
	}
	if len(list) != 205 || !at320 {
		t.Errorf("%d codings on board_2017 (want 205), coding 320-400 found: %v", len(list), at320)
	}
}

func TestImportQdpxRefusesHostileArchives(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	qde := `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x">` +
		`<CodeBook><Codes><Code guid="aaaaaaaa-0000-0000-0000-000000000001" name="Sneaky" isCodable="true"/></Codes></CodeBook>` +
		`<Sources><TextSource guid="aaaaaaaa-0000-0000-0000-00000000000a" name="s" plainTextPath="internal://T.txt"/></Sources></Project>`
	mk := func(name string, entries ...[2]string) string {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for _, e := range entries {
			w, _ := zw.Create(e[0])
			w.Write([]byte(e[1]))
		}
		zw.Close()
		return writeFile(t, dir, name, b.Bytes())
	}
	tests := []struct {
		file string
		want string
	}{
		{mk("slip.qdpx", [2]string{"project.qde", qde}, [2]string{"sources/T.txt", "x"}, [2]string{"../../evil.txt", "x"}), "leaves the archive"},
		{mk("missing.qdpx", [2]string{"project.qde", qde}), "is not in the archive"},
		{mk("entities.qdpx", [2]string{"project.qde", `<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaa">]><Project xmlns="urn:QDA-XML:project:1.0" name="&a;"/>`}), "entities"},
		{writeFile(t, dir, "text.qdpx", []byte("not a zip")), "not a zip"},
	}
	p := newProject(t, nil, "--codebook", "empty")
	before := run(t, nil, "codebook", p, "--json")
	for _, tt := range tests {
		err := failRuntime(t, nil, "import", p, tt.file)
		errHas(t, err, filepath.Base(tt.file), tt.want, "nothing was imported")
	}
	if after := run(t, nil, "codebook", p, "--json"); after != before {
		t.Errorf("a refused import changed the codebook:\n%s", after)
	}
	if srcs := jsonArray(t, run(t, nil, "sources", p, "--json")); len(srcs) != 0 {
		t.Errorf("a refused import left %d sources", len(srcs))
	}
}

func TestRefiCodebookImport(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil, "--codebook", "empty")
	out := run(t, nil, "codebook", "import", p, refiSample(t, "atlas-ti-win23-codebook.qdc"))
	for _, w := range []string{"1 code read, 1 created", "not imported (1)", "code group 1"} {
		if !strings.Contains(out, w) {
			t.Errorf("import said %q, without %q", out, w)
		}
	}
	out = run(t, nil, "codebook", "import", p, refiSample(t, "taguette-codebook-from-tests.qdc"))
	if !strings.Contains(out, "3 created") || !strings.Contains(out, "empty <Sets/>") {
		t.Errorf("taguette import said %q", out)
	}
	codes := byKey(t, jsonArray(t, run(t, nil, "codebook", p, "--json")), "path")
	if c, ok := codes["code1"]; !ok || c["color"] != "#46aa00" || c["definition"] != "description" {
		t.Errorf("code1: %v", c)
	}
	if _, ok := codes[`interesting\places`]; !ok {
		t.Errorf("codes %v", codes)
	}
	// A .qdpx's codebook only.
	q := newProject(t, nil, "--codebook", "empty")
	out = run(t, nil, "codebook", "import", q, refiSample(t, "nvivo_project.qdpx"))
	if !strings.Contains(out, "262 codes read, 262 created") {
		t.Errorf("codebook import of a .qdpx said %q", out)
	}
	if srcs := jsonArray(t, run(t, nil, "sources", q, "--json")); len(srcs) != 0 {
		t.Errorf("codebook import brought %d sources", len(srcs))
	}
}

func TestExportQdpxUsage(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil)
	dir := t.TempDir()
	errHas(t, failUsage(t, nil, "export", p, filepath.Join(dir, "out.txt")), "--format")
	errHas(t, failUsage(t, nil, "export", p, filepath.Join(dir, "out"), "--format", "pdf"), "pdf")
	errHas(t, failUsage(t, nil, "codebook", "export", p, "--format", "xml"), "xml")
	errHas(t, failUsage(t, nil, "codebook", "export", p, "--format", "qdpx"), "--out")
	q := writeFile(t, dir, "x.qdpx", []byte("x"))
	errHas(t, failUsage(t, nil, "import", p, q, q), "on its own")
	errHas(t, failUsage(t, nil, "import", p, q, "--city", "Ottawa"), "on its own")
	// --format qdc to a file named .qdpx writes a codebook all the same.
	out := filepath.Join(dir, "cb.qdpx")
	run(t, nil, "export", p, out, "--format", "qdc")
	if data, _ := os.ReadFile(out); !bytes.Contains(data, []byte("<CodeBook")) {
		t.Errorf("--format qdc wrote %.100q", data)
	}
}

func TestImportQdpxListsWhatItLeaves(t *testing.T) {
	t.Parallel()
	qde := `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="MAXQDA 2022">` +
		`<CodeBook><Codes><Code guid="aaaaaaaa-0000-0000-0000-000000000001" name="Housing" isCodable="true"/></Codes></CodeBook>` +
		`<Sources><TextSource guid="aaaaaaaa-0000-0000-0000-00000000000a" name="Interview 1" plainTextPath="internal://T.txt">` +
		`<PlainTextSelection guid="aaaaaaaa-0000-0000-0000-00000000000b" name="too far" startPosition="3" endPosition="999">` +
		`<Coding guid="aaaaaaaa-0000-0000-0000-00000000000c"><CodeRef targetGUID="aaaaaaaa-0000-0000-0000-000000000001"/></Coding></PlainTextSelection>` +
		`<PlainTextSelection guid="aaaaaaaa-0000-0000-0000-00000000000d" startPosition="0" endPosition="4">` +
		`<Coding guid="aaaaaaaa-0000-0000-0000-00000000000e"><CodeRef targetGUID="aaaaaaaa-0000-0000-0000-000000000001"/></Coding></PlainTextSelection>` +
		`</TextSource><PDFSource guid="aaaaaaaa-0000-0000-0000-00000000000f" name="report.pdf" path="internal://R.pdf"/></Sources></Project>`
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range [][2]string{{"project.qde", qde}, {"sources/T.txt", "Rent went up twice this year."}, {"sources/R.pdf", "%PDF"}} {
		w, _ := zw.Create(e[0])
		w.Write([]byte(e[1]))
	}
	zw.Close()
	file := writeFile(t, t.TempDir(), "maxqda.qdpx", b.Bytes())
	p := newProject(t, nil, "--codebook", "empty")
	out := run(t, nil, "import", p, file)
	for _, w := range []string{"not imported (2)", "PDF source", "report.pdf", "text sources only", "selection", "too far", "outside its text"} {
		if !strings.Contains(out, w) {
			t.Errorf("import said:\n%s\nwithout %q", out, w)
		}
	}
	list := jsonArray(t, run(t, nil, "codings", p, "--json", "--allow-identifiers"))
	if len(list) != 1 || list[0]["text"] != "Rent" || list[0]["source"] != "Interview 1" {
		t.Errorf("codings %v", list)
	}
}
