package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis/report/inert"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// execIn runs the command line with stdin as its standard input.
func execIn(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{In: strings.NewReader(stdin), Out: &out, Err: &errb, Getenv: func(k string) string {
		if k == "FIELDWORK_CODER" {
			return "lea"
		}
		return ""
	}}
	root := newRootCmd(e)
	root.SetArgs(args)
	err := root.Execute()
	return result{out: out.String(), err: errb.String(), e: err}
}

func TestMemosAddFlags(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want store.MemoTarget
	}{
		{[]string{"p.fwp", "--project"}, store.MemoTarget{Kind: store.MemoProject}},
		{[]string{"p.fwp", "--code", "Legal assistance"}, store.MemoTarget{Kind: store.MemoCode, Ref: "Legal assistance"}},
		{[]string{"p.fwp", "--participant", "MTL-03"}, store.MemoTarget{Kind: store.MemoParticipant, Ref: "MTL-03"}},
		{[]string{"p.fwp", "--source", "ottawa-fg"}, store.MemoTarget{Kind: store.MemoSource, Ref: "ottawa-fg"}},
		{[]string{"p.fwp", "--passage", "a:b:12-30"}, store.MemoTarget{Kind: store.MemoPassage, Ref: "a:b", Start: 12, End: 30}},
	} {
		o, err := parseFlags(t, newMemosAddCmd, append(tt.args, "--text", "x")...)
		if err != nil || o.target != tt.want || o.text != "x" || !o.hasText {
			t.Errorf("%v: %+v, %v", tt.args, o, err)
		}
	}
	for _, args := range [][]string{
		{"p.fwp", "--text", "x"},
		{"p.fwp", "--project", "--code", "Legal", "--text", "x"},
		{"p.fwp", "--passage", "ottawa", "--text", "x"},
		{"p.fwp", "--passage", "ottawa:12", "--text", "x"},
		{"p.fwp", "--passage", "ottawa:a-b", "--text", "x"},
		{"--project"},
	} {
		if _, err := parseFlags(t, newMemosAddCmd, args...); !isUsage(err) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
	if _, err := parseFlags(t, newMemosShowCmd, "p.fwp", "memo"); !isUsage(err) {
		t.Errorf("show with a bad id: %v", err)
	}
	if _, err := parseFlags(t, newMemosExportCmd, "p.fwp", "--format", "xlsx"); !isUsage(err) {
		t.Errorf("export --format xlsx: %v", err)
	}
	if o, err := parseFlags(t, newMemosCmd, "p.fwp", "--kind", "code,participant", "--on", "MTL-03"); err != nil || len(o.kinds) != 2 {
		t.Errorf("list flags: %+v, %v", o, err)
	}
}

func TestMemosAddListShowExport(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	dir := filepath.Dir(p)
	before := run(t, nil, "memos", p, "--json")
	codingMemos := len(jsonArray(t, before))
	if codingMemos == 0 {
		t.Fatal("the demo has no coding memos")
	}
	// several lines from standard input
	r := execIn(t, "Two coders read this differently.\n=SUM(A1)\n<b>check</b>\n", "memos", "add", p, "--code", "Legal assistance")
	if r.e != nil || !strings.Contains(r.out, "added memo M1 on code Adaptation and support systems/Legal assistance") {
		t.Fatalf("add from stdin: %q, %v", r.out, r.e)
	}
	run(t, vars{"FIELDWORK_CODER": "sam"}, "memos", "add", p, "--project", "--text", "Why this study")
	run(t, nil, "memos", "add", p, "--participant", "MTL-03", "--text", "Asked to be called back", "--coder", "kai")
	run(t, nil, "memos", "add", p, "--source", "montreal-fg", "--text", "Recorded in two parts")
	run(t, nil, "memos", "add", p, "--passage", "montreal-fg:0-20", "--text", "Opening")

	list := jsonArray(t, run(t, nil, "memos", "list", p, "--json"))
	if len(list) != codingMemos+5 {
		t.Fatalf("%d memos listed, want %d", len(list), codingMemos+5)
	}
	var order []string
	for _, m := range list[:3] {
		assertKeys(t, "memo", m, "id", "kind", "on", "author", "updated", "text")
		order = append(order, m["kind"].(string))
	}
	if got := strings.Join(order, ","); got != "project,code,participant" {
		t.Errorf("first kinds %s", got)
	}
	if list[0]["author"] != "sam" || list[2]["author"] != "kai" || list[2]["on"] != "participant MTL-03" {
		t.Errorf("memos %v", list[:3])
	}

	out := run(t, nil, "memos", p, "--kind", "code,participant")
	if !strings.Contains(out, "M1") || !strings.Contains(out, "(+2 lines)") || !strings.Contains(out, "MTL-03") || strings.Contains(out, "Why this study") {
		t.Errorf("filtered list:\n%s", out)
	}
	if out := run(t, nil, "memos", p, "--on", "montreal-fg", "--kind", "source,passage"); !strings.Contains(out, "Recorded in two parts") || !strings.Contains(out, "Opening") || !strings.Contains(out, "2 memos") {
		t.Errorf("--on montreal-fg:\n%s", out)
	}

	show := run(t, nil, "memos", "show", p, "M1")
	if !strings.Contains(show, "M1 on code Adaptation and support systems/Legal assistance") ||
		!strings.Contains(show, "Two coders read this differently.\n=SUM(A1)\n<b>check</b>\n") {
		t.Errorf("show:\n%s", show)
	}

	md := filepath.Join(dir, "memos.md")
	run(t, nil, "memos", "export", p, "--out", md)
	data, _ := os.ReadFile(md)
	if !strings.Contains(string(data), `\<b>check\</b>`) || strings.Contains(strings.ReplaceAll(string(data), `\<`, ""), "<b>") {
		t.Errorf("Markdown export not inert:\n%s", data)
	}
	csvPath := filepath.Join(dir, "memos.csv")
	run(t, nil, "memos", "export", p, "--format", "csv", "--out", csvPath, "--kind", "code")
	for _, f := range []string{md, csvPath} {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, %v", f, fi.Mode().Perm(), err)
		}
	}
	data, _ = os.ReadFile(csvPath)
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("CSV rows %q, %v", rows, err)
	}
	if strings.Contains(rows[1][5], "\n=SUM") == false || inert.CSVValue(rows[1][5]) != "Two coders read this differently.\n=SUM(A1)\n<b>check</b>" {
		t.Errorf("CSV text %q", rows[1][5])
	}
	// Names never appear: the demo's speaker labels are pseudonyms (Élise ...)
	if strings.Contains(string(data), "Élise") {
		t.Error("a speaker label in the export")
	}
}

func TestMemosErrorsNameTheTarget(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"--code", "Legal asistance"}, []string{`code "Legal asistance": not found`, `did you mean "Adaptation and support systems/Legal assistance"?`}},
		{[]string{"--participant", "MTL-3"}, []string{`participant "MTL-3": not found`, `did you mean "MTL-03"`}},
		{[]string{"--source", "montreal"}, []string{`source "montreal": not found`, `did you mean "montreal-fg"?`}},
		{[]string{"--passage", "montreal-fg:10-9999999"}, []string{`passage 10-9999999 of source "montreal-fg"`}},
		{[]string{"--source", "nowhere-at-all"}, []string{`source "nowhere-at-all": not found`}},
	} {
		err := failRuntime(t, nil, append([]string{"memos", "add", p, "--text", "x"}, tt.args...)...)
		errHas(t, err, tt.want...)
	}
	err := failRuntime(t, nil, "memos", "show", p, "M999")
	errHas(t, err, "memo M999", "not found")
	failUsage(t, nil, "memos", "add", p, "--project") // empty standard input
	failUsage(t, nil, "memos", "add", p, "--project", "--text", " \n ")
	failUsage(t, nil, "memos", p, "--kind", "sentence")
	failUsage(t, nil, "memos", "export", p, "--out", p)
	if out := run(t, nil, "memos", p, "--kind", "project"); !strings.Contains(out, "no memos match") {
		t.Errorf("empty list: %q", out)
	}
	if list := jsonArray(t, run(t, nil, "memos", p, "--json", "--kind", "project,code,participant")); len(list) != 0 {
		t.Errorf("refused adds left %d memos", len(list))
	}
}

func TestReportMemosAppendix(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	run(t, nil, "memos", "add", p, "--project", "--text", "Appendix line one\nline two")
	without := run(t, nil, "report", p, "--today", "2026-11-30")
	with := run(t, nil, "report", p, "--today", "2026-11-30", "--memos")
	if strings.Contains(without, "Appendix: memos") || !strings.Contains(with, "## Appendix: memos") ||
		!strings.Contains(with, "> Appendix line one\\\n> line two") {
		t.Errorf("report --memos: appendix missing or always there")
	}
	if !strings.HasPrefix(with, without[:len(without)-1]) {
		t.Error("the appendix changed the report before it")
	}
	html := run(t, nil, "report", p, "--today", "2026-11-30", "--memos", "--format", "html")
	if !strings.Contains(html, `<section id="memos">`) {
		t.Error("no appendix in the HTML report")
	}
	err := failUsage(t, nil, "report", p, "--memos", "--format", "csv", "--out", filepath.Join(t.TempDir(), "r"))
	errHas(t, err, "memos export")
}
