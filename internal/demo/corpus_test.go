package demo

import (
	"bufio"
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding/transcript"
)

var update = flag.Bool("update", false, "regenerate corpus/toronto-fg.docx from testdata/toronto-fg.txt")

const (
	torontoSrc  = "testdata/toronto-fg.txt"
	torontoDOCX = "corpus/toronto-fg.docx"
)

// torontoParagraphs turns the Toronto source text into Word paragraphs: one
// per line, with the speaker label ("P3:", "Moderator:") in bold, as a
// transcriber would type it.
func torontoParagraphs(t *testing.T) []transcript.Paragraph {
	t.Helper()
	f, err := os.Open(torontoSrc)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var paras []transcript.Paragraph
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		label, rest, ok := strings.Cut(line, ": ")
		if ok && (label == "Moderator" || (len(label) == 2 && label[0] == 'P')) {
			paras = append(paras, transcript.Paragraph{Runs: []transcript.Run{{Text: label + ":", Bold: true}, {Text: " " + rest}}})
		} else {
			paras = append(paras, transcript.Paragraph{Runs: []transcript.Run{{Text: line}}})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return paras
}

// TestTorontoDOCX checks that the bundled .docx says what its source text
// says, turn for turn; with -update it rewrites the .docx.
func TestTorontoDOCX(t *testing.T) {
	if *update {
		var buf bytes.Buffer
		if err := transcript.WriteDOCX(&buf, torontoParagraphs(t)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(torontoDOCX, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, err := os.ReadFile(torontoSrc)
	if err != nil {
		t.Fatal(err)
	}
	want, err := transcript.Read(filepath.Base(torontoSrc), src)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(torontoDOCX)
	if err != nil {
		t.Fatal(err)
	}
	got, err := transcript.Read("toronto-fg.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != want.Text {
		t.Fatalf("toronto-fg.docx text differs from %s: run go test ./internal/demo -run TestTorontoDOCX -update", torontoSrc)
	}
	if len(got.Turns) != len(want.Turns) {
		t.Fatalf("docx has %d turns, source %d", len(got.Turns), len(want.Turns))
	}
	for i := range got.Turns {
		g, w := got.Turns[i], want.Turns[i]
		g.Line, w.Line = 0, 0
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("turn %d: docx %+v, source %+v", i, g, w)
		}
	}
}
