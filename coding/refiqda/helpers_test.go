package refiqda

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// schemas is the folder of the official XSDs (MIT licence, in their header).
const schemas = "testdata"

// samplePath finds a real REFI-QDA file of shared/refi-qda/samples (see its
// SOURCES.md), which lives beside the repository, not in it (third-party
// files): it looks in the folders above this one.
func samplePath(t testing.TB, name string) string {
	t.Helper()
	p, ok := findSample(name)
	if !ok {
		t.Skipf("sample %s not found in shared/refi-qda/samples above the repository", name)
	}
	return p
}

// entry is one file of a zip built by a test.
type entry struct {
	name string
	data string
}

func zipOf(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		w, err := zw.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func readZip(t testing.TB, data []byte, lim Limits) (*Project, error) {
	t.Helper()
	return ReadProject("test.qdpx", bytes.NewReader(data), int64(len(data)), lim)
}

// qde wraps project children in a Project element of the namespace ns.
func qde(ns, attrs, body string) string {
	return `<?xml version="1.0" encoding="utf-8"?>` + "\n" +
		`<Project xmlns="` + ns + `" name="t"` + attrs + `>` + body + `</Project>`
}

// xmllint validates data against the schema file, skipping the test when
// xmllint is not installed (CI installs Debian's libxml2-utils).
func xmllint(t testing.TB, schema string, data []byte) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed (apt-get install libxml2-utils): schema validation skipped")
	}
	f := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(f, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--schema", filepath.Join(schemas, schema), f).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint --schema %s: %v\n%s", schema, err, firstLines(string(out), 20))
	}
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], "\n")
}
