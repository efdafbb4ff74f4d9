package project

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/redact"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// hostileSample names a person and gives an e-mail address before the
// coded words, so that every offset after them moves. Invented people.
const hostileSample = "Facilitator: Welcome.\n" +
	"P1: Tell Zorvath Quillon to write to zq@example.org. My hearing date moved twice.\n"

func hostileCoded(t *testing.T) (*Project, string) {
	t.Helper()
	p := create(t)
	_, err := p.ImportTranscripts(t.Context(), []Transcript{{Path: "fg1.txt", Data: []byte(hostileSample), Meta: coding.SourceMeta{City: "Ottawa", Group: "G1"}}}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Store().AddIdentifier("Zorvath Quillon", "", redact.KindName); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Store().AddCode("Delays", store.CodeFields{}); err != nil {
		t.Fatal(err)
	}
	src, err := p.Store().Source("fg1")
	if err != nil {
		t.Fatal(err)
	}
	words := "My hearing date moved twice."
	start := len([]rune(src.Text[:strings.Index(src.Text, words)]))
	if _, err := p.Store().Apply(store.NewCoding{Source: "fg1", Code: "Delays", Start: start, End: start + len([]rune(words)), Coder: "lea"}); err != nil {
		t.Fatal(err)
	}
	return p, words
}

func TestDeidentifiedCopyMovesCodings(t *testing.T) {
	p, words := hostileCoded(t)
	sc, err := p.Screen(false)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "copy.fwp")
	cp, err := p.DeidentifiedCopy(t.Context(), out, store.Options{}, sc)
	if err != nil {
		t.Fatal(err)
	}
	if cp.Sources != 1 || cp.Codings != 1 || len(cp.Labels) == 0 {
		t.Errorf("copy = %+v", cp.Deidentified)
	}
	c, err := store.Open(out, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	list, err := c.Codings(store.CodingFilter{})
	if err != nil || len(list) != 1 || list[0].Text != words {
		t.Fatalf("the copy's coding covers %+v (%v), want %q", list, err, words)
	}
	src, _ := c.Source("fg1")
	if strings.Contains(src.Text, "Quillon") || strings.Contains(src.Text, "zq@") || !strings.Contains(src.Text, "[name]") {
		t.Errorf("copy's text: %q", src.Text)
	}
	turns, _ := c.Turns(src.ID)
	for _, tu := range turns {
		if tu.Speaker == "P1" || tu.Speaker == "Facilitator" {
			t.Errorf("a label stayed: %+v", tu)
		}
	}
	if ids, _ := c.Identifiers(); len(ids) != 0 {
		t.Errorf("the copy holds the identifier list: %v", ids)
	}
	if _, err := p.DeidentifiedCopy(t.Context(), out, store.Options{}, sc); !IsInvalid(err) {
		t.Errorf("overwrite: %v", err)
	}
}

func TestExportREFIScreened(t *testing.T) {
	p, words := hostileCoded(t)
	sc, err := p.Screen(false)
	if err != nil {
		t.Fatal(err)
	}
	rp, _, key, err := p.ExportREFI("fieldwork", sc)
	if err != nil {
		t.Fatal(err)
	}
	ts := rp.TextSources[0]
	if strings.Contains(ts.Text, "Quillon") || strings.Contains(ts.Text, "zq@example.org") {
		t.Errorf("exported text: %q", ts.Text)
	}
	runes := []rune(ts.Text)
	found := false
	for _, sel := range ts.Selections {
		if len(sel.Codings) > 0 {
			found = true
			if got := string(runes[sel.Start:sel.End]); got != words {
				t.Errorf("selection covers %q, want %q", got, words)
			}
		}
	}
	if !found {
		t.Fatal("no coded selection exported")
	}
	terms := map[string]string{}
	for _, k := range key.Terms {
		terms[k.Term] = k.Replacement
	}
	if terms["Zorvath Quillon"] != "[name]" || terms["zq@example.org"] != "[email]" {
		t.Errorf("key = %v", key.Terms)
	}
	// nil screen: as stored
	rp, _, key, err = p.ExportREFI("fieldwork", nil)
	if err != nil || key != nil || !strings.Contains(rp.TextSources[0].Text, "Quillon") {
		t.Errorf("unscreened export: %v %v", key, err)
	}
}
