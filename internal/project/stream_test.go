package project

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/transcript"
)

// synthTranscript writes a transcript of about size bytes with invented
// speakers, CR LF line endings, turns of several lines and sentences, and
// multi-byte text, so that the import cuts it into several batches.
func synthTranscript(size int) string {
	r := rand.New(rand.NewPCG(7, 7))
	speakers := []string{"Facilitator", "P1", "P2", "Élodie Marchand", "P4"}
	words := []string{"the", "permit", "hearing", "café", "Québec", "waited", "letter", "naïve", "we", "office", "é", "they", "called", "home"}
	var b strings.Builder
	for b.Len() < size {
		fmt.Fprintf(&b, "%s: ", speakers[r.IntN(len(speakers))])
		for line := range 1 + r.IntN(3) {
			if line > 0 {
				b.WriteString("\r\n")
			}
			for range 1 + r.IntN(4) {
				n := 3 + r.IntN(15)
				for i := range n {
					w := words[r.IntN(len(words))]
					if i == 0 {
						r, n := utf8.DecodeRuneInString(w)
						w = string(unicode.ToUpper(r)) + w[n:]
					}
					b.WriteString(w)
					if i < n-1 {
						b.WriteByte(' ')
					}
				}
				b.WriteString(". ")
			}
		}
		b.WriteString("\r\n")
		if r.IntN(4) == 0 {
			b.WriteString("\r\n")
		}
	}
	return b.String()
}

// A transcript imported in batches is stored as the whole text read at once
// would be: the same text, turns, sentences and word count.
func TestImportInBatchesMatchesWhole(t *testing.T) {
	data := synthTranscript(3*feedBatch + feedBatch/2)
	path := filepath.Join(t.TempDir(), "long.txt")
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	p := create(t)
	got, err := p.ImportTranscripts(t.Context(), []Transcript{{Path: path}}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := transcript.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src, turns := coding.FromTranscript(path, doc, coding.SourceMeta{})
	sents, err := coding.Segment(src.Text, turns, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(src.Text) < 3*feedBatch {
		t.Fatalf("the text is %d bytes, not several batches", len(src.Text))
	}
	im := got[0]
	if im.Turns != len(turns) || im.Sentences != len(sents) || im.Words != coding.WordCount(src.Text) {
		t.Errorf("import says %d turns, %d sentences, %d words; whole: %d, %d, %d",
			im.Turns, im.Sentences, im.Words, len(turns), len(sents), coding.WordCount(src.Text))
	}
	stored, err := p.Store().Source(im.Source.Name)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Text != src.Text {
		t.Errorf("stored text differs from the whole text (%d and %d bytes)", len(stored.Text), len(src.Text))
	}
	if stored.SHA256 != im.Source.SHA256 || stored.Encoding != "utf-8" {
		t.Errorf("stored hash %q encoding %q, import said %q", stored.SHA256, stored.Encoding, im.Source.SHA256)
	}
	gotTurns, err := p.Store().Turns(im.Source.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range gotTurns {
		gotTurns[i].Participant = ""
	}
	if !reflect.DeepEqual(gotTurns, turns) {
		t.Errorf("stored turns differ from the whole reading")
	}
	gotSents, err := p.Store().Sentences(im.Source.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotSents, sents) {
		t.Errorf("stored sentences differ from the whole segmentation (%d and %d)", len(gotSents), len(sents))
	}
}
