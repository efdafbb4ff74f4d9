package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// mergePair makes two copies of a project with the same transcript and
// codebook: "here" coded by lea, "there" by kai (offline), with one coding
// both made.
func mergePair(t *testing.T, opt Options) (here, there *Store) {
	t.Helper()
	mk := func(name string) *Store {
		s, err := Create(filepath.Join(t.TempDir(), name), opt)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "fg1", "G1", sample)}); err != nil {
			t.Fatal(err)
		}
		def := "Waiting for papers."
		if _, err := s.AddCode("Adaptation/Documents", CodeFields{Definition: &def}); err != nil {
			t.Fatal(err)
		}
		return s
	}
	here, there = mk("here.fwp"), mk("there.fwp")
	apply := func(s *Store, code, coder, memo string, start, end int) {
		t.Helper()
		if _, err := s.Apply(NewCoding{Source: "fg1", Code: code, Start: start, End: end, Coder: coder, Memo: memo}); err != nil {
			t.Fatal(err)
		}
	}
	apply(here, "Adaptation/Documents", "lea", "", 0, 10)
	apply(here, "Adaptation/Documents", "kai", "here's memo", 20, 30)
	// there: one duplicate, one conflict (same coding, other memo), two new
	// codings, one of them with a code "here" lacks.
	apply(there, "Adaptation/Documents", "lea", "", 0, 10)
	apply(there, "Adaptation/Documents", "kai", "there's memo", 20, 30)
	apply(there, "Adaptation/Documents", "kai", "", 40, 50)
	other := "Another definition."
	if _, err := there.UpdateCode("Adaptation/Documents", CodeFields{Definition: &other}); err != nil {
		t.Fatal(err)
	}
	if _, err := there.AddCode("Risks/Threats", CodeFields{}); err != nil {
		t.Fatal(err)
	}
	apply(there, "Risks/Threats", "kai", "", 60, 70)
	if _, err := there.SaveSpanMemo(1, 5, 15, "kai", "A memo on a passage."); err != nil {
		t.Fatal(err)
	}
	return here, there
}

func TestMerge(t *testing.T) {
	here, there := mergePair(t, Options{})
	dry, err := here.Merge(there, true)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := here.Codings(CodingFilter{}); len(n) != 2 {
		t.Fatalf("a dry run changed the project: %d codings", len(n))
	}
	res, err := here.Merge(there, false)
	if err != nil {
		t.Fatal(err)
	}
	dry.DryRun = false
	if strings.Join(dry.CodesAdded, ",") != strings.Join(res.CodesAdded, ",") || dry.MemosAdded != res.MemosAdded {
		t.Errorf("the dry run said %+v, the merge did %+v", dry, res)
	}
	if res.SourcesMatched != 1 || strings.Join(res.CodesAdded, ",") != "Risks,Risks/Threats" {
		t.Errorf("sources %d, codes added %v", res.SourcesMatched, res.CodesAdded)
	}
	if len(res.CodesDiffer) != 1 || res.CodesDiffer[0].Path != "Adaptation/Documents" || res.CodesDiffer[0].Fields[0] != "definition" {
		t.Errorf("codes that differ: %+v", res.CodesDiffer)
	}
	want := []CoderMerge{{Coder: "kai", Added: 2, Skipped: 0, Conflicts: 1}, {Coder: "lea", Skipped: 1}}
	if len(res.Coders) != 2 || res.Coders[0] != want[0] || res.Coders[1] != want[1] {
		t.Errorf("coders %+v, want %+v", res.Coders, want)
	}
	if len(res.Conflicts) != 1 || res.Conflicts[0].Memo != "here's memo" || res.Conflicts[0].OtherMemo != "there's memo" {
		t.Errorf("conflicts %+v", res.Conflicts)
	}
	list, err := here.Codings(CodingFilter{})
	if err != nil || len(list) != 4 {
		t.Fatalf("%d codings after the merge, want 4: %v", len(list), err)
	}
	if list[1].Memo != "here's memo" || list[3].Code != "Risks/Threats" || list[3].Coder != "kai" {
		t.Errorf("codings after the merge: %+v", list)
	}
	memos, _ := here.Memos()
	if res.MemosAdded != 1 || len(memos) != 2 { // the passage memo and the coding memo
		t.Errorf("memos added %d, memos here %d", res.MemosAdded, len(memos))
	}
	// Merging again adds nothing.
	again, err := here.Merge(there, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.CodesAdded) != 0 || again.MemosAdded != 0 || again.MemosSkipped != 1 || again.Coders[0].Added != 0 || again.Coders[0].Skipped != 2 {
		t.Errorf("second merge: %+v", again)
	}
}

func TestMergeRefusesOtherTexts(t *testing.T) {
	here, there := mergePair(t, Options{})
	changed := strings.Replace(sample, "seven months", "eight months", 1)
	if _, err := there.ImportSources(t.Context(), []NewSource{newSource(t, "fg2", "G2", changed)}); err != nil {
		t.Fatal(err)
	}
	if _, err := there.Apply(NewCoding{Source: "fg2", Code: "Risks/Threats", Start: 0, End: 5, Coder: "kai"}); err != nil {
		t.Fatal(err)
	}
	// Here, fg2 exists with the original text.
	if _, err := here.ImportSources(t.Context(), []NewSource{newSource(t, "fg2", "G2", sample+"P2: More.\n")}); err != nil {
		t.Fatal(err)
	}
	_, err := here.Merge(there, false)
	if !errors.Is(err, ErrMergeRefused) || !strings.Contains(err.Error(), `source "fg2" has a different text here`) {
		t.Fatalf("error %v", err)
	}
	if list, _ := here.Codings(CodingFilter{}); len(list) != 2 {
		t.Errorf("a refused merge changed the project: %d codings", len(list))
	}
	if cb, _ := here.Codebook(); len(cb) != 2 {
		t.Errorf("a refused merge added codes: %d", len(cb))
	}
}

func TestMergeEncrypted(t *testing.T) {
	here, there := mergePair(t, Options{Passphrase: "a long passphrase for both"})
	res, err := here.Merge(there, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.SourcesMatched != 1 || len(res.Coders) != 2 {
		t.Errorf("%+v", res)
	}
}
