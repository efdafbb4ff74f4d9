package demo

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// TestBuild builds the demo project and checks the corpus promises: three
// cities in three formats, 27 participants all bound by the roster, at
// least 4,000 words a session, and codings by two coders over every
// sub-code of the starter codebook.
func TestBuild(t *testing.T) {
	p := filepath.Join(t.TempDir(), DefaultFile)
	steps := 0
	sum, err := Build(p, store.Options{}, func(string) { steps++ })
	if err != nil {
		t.Fatal(err)
	}
	if steps != Steps {
		t.Errorf("Build took %d steps, Steps says %d", steps, Steps)
	}
	if len(sum.Sources) != 3 {
		t.Fatalf("%d sources", len(sum.Sources))
	}
	formats := map[string]bool{}
	for _, s := range sum.Sources {
		formats[s.Format] = true
		if s.Words < 4000 {
			t.Errorf("%s has %d words, want at least 4000", s.Name, s.Words)
		}
		if s.Participants != 9 {
			t.Errorf("%s has %d participants, want 9", s.Name, s.Participants)
		}
	}
	if !formats["txt"] || !formats["vtt"] || !formats["docx"] {
		t.Errorf("formats %v, want txt, vtt and docx", formats)
	}
	if sum.Participants != 27 || sum.Facilitators != 3 || len(sum.Unmatched) != 0 {
		t.Errorf("participants %d, facilitators %d, unmatched %v", sum.Participants, sum.Facilitators, sum.Unmatched)
	}
	if sum.Codings["lea"] < 100 || sum.Codings["sam"] < 50 || len(sum.Codings) != 2 {
		t.Errorf("codings by coder %v", sum.Codings)
	}

	s, err := store.Open(p, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cb, err := s.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cb {
		if c.Depth == 1 {
			lea, err := s.Codings(store.CodingFilter{Code: c.Path, Coder: "lea"})
			if err != nil || len(lea) == 0 {
				t.Errorf("no coding of %q by lea (%v)", c.Path, err)
			}
		}
	}
	// Every coding lies in a participant's turn, never the facilitator's.
	for _, src := range sum.Sources {
		turns, err := s.Turns(src.ID)
		if err != nil {
			t.Fatal(err)
		}
		list, _ := s.Codings(store.CodingFilter{Source: src.Name})
		for _, c := range list {
			ok := false
			for _, tu := range turns {
				if c.Start >= tu.Start && c.End <= tu.End && !tu.Facilitator {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s coding %d (%q) is not inside one participant turn", src.Name, c.ID, c.Text)
			}
		}
	}
	mtl, err := s.Source("montreal-fg")
	if err != nil {
		t.Fatal(err)
	}
	for _, fr := range []string{"é", "ç", " à "} {
		if !strings.Contains(mtl.Text, fr) {
			t.Errorf("Montreal transcript has no %q: it should be partly in French", fr)
		}
	}
}

// TestBuildKeepsOldOnFailure: a failed rebuild leaves the previous file.
func TestBuildKeepsOldOnFailure(t *testing.T) {
	p := filepath.Join(t.TempDir(), DefaultFile)
	if _, err := Build(p, store.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	// A rebuild into an unwritable temporary path fails before renaming.
	bad := filepath.Join(p, "x.fwp") // p is a file, so this cannot be created
	if _, err := Build(bad, store.Options{}, nil); err == nil {
		t.Fatal("build into an impossible path succeeded")
	}
	if _, err := store.Open(p, store.Options{}); err != nil {
		t.Fatalf("the earlier demo project is gone: %v", err)
	}
}
