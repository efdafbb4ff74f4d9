package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/fieldwork-qda/fieldwork/internal/project"
)

// identifiers are what hostileProject's people are called or reached by:
// none may appear in any output.
var identifiers = []string{"Maria Gonzalez", "Gonzalez", "Rana", "rana.k@example.org", "613-555-0147", "555-0147"}

// codedHostileProject is hostileProject coded, with a need, a memo and a
// recommendation whose text names a participant.
func codedHostileProject(t *testing.T) string {
	t.Helper()
	p := hostileProject(t)
	run(t, nil, "codebook", "add", p, "Contact", "--need", "--definition", "Ways of reaching someone")
	run(t, nil, "apply", p, "--source", "hamilton", "--code", "Contact", "--match", "He said, Rana, please, write to rana.k@example.org or call 613-555-0147.", "--coder", "lea")
	run(t, nil, "apply", p, "--source", "hamilton", "--code", "Contact", "--match", "Rana never answered. Tell Maria Gonzalez I said so.", "--coder", "lea")
	run(t, nil, "recs", "add", p, "--title", "Follow up with Maria Gonzalez", "--text", "Rana asked us to write to rana.k@example.org.",
		"--owner", "Rana", "--code", "Contact", "--author", "lea")
	return p
}

// leaks lists the identifiers found in b (ignoring case).
func leaks(b []byte) []string {
	low := bytes.ToLower(b)
	var out []string
	for _, id := range identifiers {
		if bytes.Contains(low, []byte(strings.ToLower(id))) {
			out = append(out, id)
		}
	}
	return out
}

// unzipped is every file of a zip archive (xlsx, qdpx, csv.zip), joined.
func unzipped(t *testing.T, path string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer zr.Close()
	var all []byte
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		all = append(all, b...)
	}
	return all
}

func TestNoIdentifierInAnyOutput(t *testing.T) {
	t.Parallel()
	p := codedHostileProject(t)
	dir := t.TempDir()
	outputs := map[string][]byte{}
	stdout := func(name string, args ...string) {
		r := exec(t, nil, args...)
		if r.e != nil {
			t.Fatalf("%s: %v\n%s", name, r.e, r.err)
		}
		outputs[name] = []byte(r.out)
		if !strings.Contains(r.err, "identifier screen") {
			t.Errorf("%s does not say what it replaced on stderr:\n%s", name, r.err)
		}
	}
	// the fixture is hostile: the identifiers are in the project's text
	if got := leaks([]byte(run(t, nil, "codings", p, "--allow-identifiers", "--json"))); len(got) < 4 {
		t.Fatalf("the fixture's codings hold only %v: the test could not see a leak", got)
	}

	stdout("report md", "report", p, "--today", "2026-11-30")
	stdout("report html", "report", p, "--format", "html", "--today", "2026-11-30")
	for _, f := range []string{"xlsx", "csv"} {
		out := filepath.Join(dir, "report."+f)
		if f == "csv" {
			out = filepath.Join(dir, "report-csv.zip")
		}
		stdout("report "+f+" (stdout)", "report", p, "--format", f, "--out", out, "--today", "2026-11-30")
		outputs["report "+f] = unzipped(t, out)
	}
	csvDir := filepath.Join(dir, "csvdir")
	stdout("report csv dir (stdout)", "report", p, "--format", "csv", "--out", csvDir, "--today", "2026-11-30")
	files, _ := filepath.Glob(filepath.Join(csvDir, "*.csv"))
	if len(files) == 0 {
		t.Fatal("no csv written")
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		outputs["report csv dir"] = append(outputs["report csv dir"], b...)
	}
	for _, tb := range tableNames {
		stdout("table "+tb, "table", p, tb)
		stdout("table "+tb+" --json", "table", p, tb, "--json")
		stdout("table "+tb+" --csv", "table", p, tb, "--csv")
	}
	stdout("recs export csv", "recs", "export", p, "--csv")
	stdout("recs export json", "recs", "export", p, "--json")
	stdout("recs show", "recs", "show", p, "R1", "--today", "2026-11-30")
	stdout("recs show json", "recs", "show", p, "R1", "--json", "--today", "2026-11-30")
	stdout("codings --json", "codings", p, "--json")
	stdout("codings export", "codings", "export", p)
	stdout("memos export md", "memos", "export", p, "--format", "md")
	stdout("memos export csv", "memos", "export", p, "--format", "csv")
	qdpx := filepath.Join(dir, "study.qdpx")
	stdout("export qdpx (stdout)", "export", p, qdpx)
	outputs["export qdpx"] = unzipped(t, qdpx)
	fwp := filepath.Join(dir, "copy.fwp")
	stdout("export fwp (stdout)", "export", p, fwp, "--deidentify")
	for _, f := range []string{fwp, fwp + "-wal"} {
		b, _ := os.ReadFile(f)
		outputs["export fwp"] = append(outputs["export fwp"], b...)
	}

	for name, b := range outputs {
		if len(b) == 0 && !strings.Contains(name, "(stdout)") {
			t.Errorf("%s: empty output", name)
		}
		if got := leaks(b); len(got) > 0 {
			t.Errorf("%s leaks %v", name, got)
		}
	}
	// the quotes are still there, with placeholders
	if md := string(outputs["report md"]); !strings.Contains(md, `\[email\]`) || !strings.Contains(md, "HAM-02") {
		t.Errorf("the report's quotes lost their words, not only the identifiers:\n%s", md)
	}
	// the city and the code are allowed through
	if md := string(outputs["report md"]); !strings.Contains(md, "Hamilton") || !strings.Contains(md, "Contact") {
		t.Errorf("the screen replaced the study's city or code:\n%s", md)
	}
}

func TestAllowIdentifiersSaysSo(t *testing.T) {
	t.Parallel()
	p := codedHostileProject(t)
	r := exec(t, nil, "report", p, "--allow-identifiers", "--today", "2026-11-30")
	if r.e != nil {
		t.Fatal(r.e)
	}
	if !strings.Contains(r.out, "IDENTIFIERS NOT SCREENED") || !strings.Contains(r.out, "Rana") {
		t.Errorf("report --allow-identifiers:\n%s", r.out)
	}
	if !strings.Contains(r.err, "NOT screened") {
		t.Errorf("stderr: %s", r.err)
	}
	out := run(t, nil, "table", p, "needs", "--allow-identifiers")
	if !strings.HasPrefix(out, "IDENTIFIERS NOT SCREENED") {
		t.Errorf("table header:\n%s", out)
	}
	failUsage(t, nil, "export", p, filepath.Join(t.TempDir(), "x.fwp"))
	failUsage(t, nil, "export", p, filepath.Join(t.TempDir(), "x.fwp"), "--deidentify", "--allow-identifiers")
	failUsage(t, nil, "export", p, filepath.Join(t.TempDir(), "x.qdpx"), "--key", "k.age")
	failUsage(t, nil, "export", p, filepath.Join(t.TempDir(), "x.fwp"), "--deidentify", "--key", filepath.Join(t.TempDir(), "k.age"))
}

func TestDeidentifiedCopyAndKey(t *testing.T) {
	t.Parallel()
	p := codedHostileProject(t)
	dir := t.TempDir()
	fwp, keyFile := filepath.Join(dir, "copy.fwp"), filepath.Join(dir, "key.age")
	before := jsonArray(t, run(t, nil, "codings", p, "--json", "--allow-identifiers"))
	env := vars{"FIELDWORK_KEY_PASSPHRASE": "correct horse battery staple"}
	out := run(t, env, "export", p, fwp, "--deidentify", "--key", keyFile)
	if !strings.Contains(out, "wrote "+fwp) || !strings.Contains(out, "wrote the key") {
		t.Errorf("export said:\n%s", out)
	}
	// the copy's codings sit on the same words, screened
	after := jsonArray(t, run(t, nil, "codings", fwp, "--json", "--allow-identifiers"))
	if len(after) != len(before) {
		t.Fatalf("codings: %d before, %d in the copy", len(before), len(after))
	}
	want := []string{"He said, HAM-02, please, write to [email] or call [phone].", "HAM-02 never answered. Tell HAM-1-P01 I said so."}
	for i, c := range after {
		if c["text"] != want[i] {
			t.Errorf("copy's coding %d covers %q, want %q", i, c["text"], want[i])
		}
	}
	// speaker labels are participant ids
	show := run(t, nil, "show", fwp, "hamilton")
	if strings.Contains(show, "Speaker 2") || strings.Contains(show, "Maria") {
		t.Errorf("the copy still shows a label:\n%s", show)
	}
	if l := run(t, nil, "redact", "list", fwp); !strings.Contains(l, "empty") {
		t.Errorf("the copy kept the identifier list (the key):\n%s", l)
	}
	if err := fail(t, nil, "export", p, fwp, "--deidentify"); !strings.Contains(err.Error(), "exists") {
		t.Errorf("overwrite: %v", err)
	}
	checkPassphraseKey(t, keyFile)
	checkRecipientKeyAndNoKey(t, p, dir)
}

// checkPassphraseKey: the key opens with the passphrase only, and holds
// every term and label with what replaced it.
func checkPassphraseKey(t *testing.T, keyFile string) {
	t.Helper()
	enc, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if got := leaks(enc); len(got) > 0 {
		t.Errorf("the key file is not encrypted: %v", got)
	}
	id, _ := age.NewScryptIdentity("correct horse battery staple")
	key, err := project.ReadKey(bytes.NewReader(enc), id)
	if err != nil {
		t.Fatal(err)
	}
	terms := map[string]string{}
	for _, k := range key.Terms {
		terms[k.Term] = k.Replacement
	}
	if terms["Rana"] != "HAM-02" || terms["rana.k@example.org"] != "[email]" || terms["Maria Gonzalez"] != "HAM-1-P01" {
		t.Errorf("key terms = %v", terms)
	}
	labels := map[string]string{}
	for _, l := range key.Labels {
		labels[l.Label] = l.Participant
	}
	if labels["Maria Gonzalez"] != "HAM-1-P01" || labels["Speaker 2"] != "HAM-02" {
		t.Errorf("key labels = %v", key.Labels)
	}
	wrong, _ := age.NewScryptIdentity("wrong")
	if _, err := project.ReadKey(bytes.NewReader(enc), wrong); err == nil {
		t.Error("the key opened with a wrong passphrase")
	}

}

// checkRecipientKeyAndNoKey: a key to a recipient opens with its identity;
// without --key, no key is written anywhere.
func checkRecipientKeyAndNoKey(t *testing.T, p, dir string) {
	t.Helper()
	x, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	keyQ := filepath.Join(dir, "qdpx-key.age")
	run(t, nil, "export", p, filepath.Join(dir, "copy.qdpx"), "--deidentify", "--key", keyQ, "--key-recipient", x.Recipient().String())
	encQ, _ := os.ReadFile(keyQ)
	if k, err := project.ReadKey(bytes.NewReader(encQ), x); err != nil || len(k.Terms) == 0 {
		t.Errorf("qdpx key: %v %v", k, err)
	}
	// without --key, no key anywhere
	r := exec(t, nil, "export", p, filepath.Join(dir, "nokey.fwp"), "--deidentify")
	if r.e != nil || !strings.Contains(r.err, "not written anywhere") {
		t.Errorf("export without --key: %v\n%s", r.e, r.err)
	}
}

// TestRedactKeep: a term the researcher keeps is never replaced, nor
// suggested again.
func TestRedactKeep(t *testing.T) {
	t.Parallel()
	p := codedHostileProject(t)
	run(t, nil, "redact", "add", p, "Gonzalez", "--kind", "name")
	if out := run(t, nil, "codings", p, "--json"); strings.Contains(out, "Gonzalez") {
		t.Fatalf("listed name not screened:\n%s", out)
	}
	failUsage(t, nil, "redact", "add", p, "Hamilton Legal Aid", "--keep", "--as", "x")
	out := run(t, nil, "redact", "add", p, "613-555-0147", "--keep")
	if !strings.Contains(out, "kept as written") {
		t.Errorf("add --keep said:\n%s", out)
	}
	if out := run(t, nil, "codings", p, "--json"); !strings.Contains(out, "613-555-0147") {
		t.Errorf("a kept term was replaced:\n%s", out)
	}
	for _, sg := range jsonArray(t, run(t, nil, "redact", "suggest", p, "--json")) {
		if sg["term"] == "613-555-0147" {
			t.Errorf("a kept term is suggested: %v", sg)
		}
	}
}
