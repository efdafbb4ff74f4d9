package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
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

// TestMergeKeepsWithdrawalOut: a copy made before a participant withdrew
// must not bring back what the withdrawal removed (codings inside their
// turns, memos on their words or on them, memos of codings reaching into
// their turns), while the rest merges, memos on other participants too.
func TestMergeKeepsWithdrawalOut(t *testing.T) {
	here, there := mergePair(t, Options{})
	src, _ := there.Source("fg1")
	at := func(sentence string) (int, int) {
		i := strings.Index(src.Text, sentence)
		if i < 0 {
			t.Fatalf("%q not in the text", sentence)
		}
		a := utf8.RuneCountInString(src.Text[:i])
		return a, a + utf8.RuneCountInString(sentence)
	}
	ws, we := at("Someone called my mother back home") // P2's turn
	ks, ke := at("I waited seven months")              // P1's turn
	apply := func(start, end int, memo string) {
		t.Helper()
		if _, err := there.Apply(NewCoding{Source: "fg1", Code: "Adaptation/Documents", Start: start, End: end, Coder: "sam", Memo: memo}); err != nil {
			t.Fatal(err)
		}
	}
	apply(ws, we, "she named her cousin")       // inside the withdrawn turn
	apply(ks, we, "reaches into the next turn") // across P1's and P2's turns
	apply(ks, ke, "P1's words")                 // elsewhere
	if _, err := there.SaveSpanMemo(src.ID, ws, we, "sam", "a memo on her words"); err != nil {
		t.Fatal(err)
	}
	for ref, text := range map[string]string{"G1-P02": "asked to be called back", "G1-P01": "prefers evening sessions"} {
		if _, err := there.AddMemo(MemoTarget{Kind: MemoParticipant, Ref: ref}, "sam", text); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := here.Withdraw("G1-P02", ""); err != nil {
		t.Fatal(err)
	}
	res, err := here.Merge(there, false)
	if err != nil {
		t.Fatal(err)
	}
	// Left out: the coding inside, its memo... the memo of the coding
	// across, the span memo, the memo on G1-P02.
	if res.Withdrawn != 4 {
		t.Errorf("%d left out, want 4 (coding inside, memo of the coding across, span memo, memo on G1-P02)", res.Withdrawn)
	}
	list, err := here.Codings(CodingFilter{Coder: "sam"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[[2]int]string{}
	for _, c := range list {
		got[[2]int{c.Start, c.End}] = c.Memo
	}
	if _, ok := got[[2]int{ws, we}]; ok {
		t.Error("the coding inside the withdrawn turn came back")
	}
	if memo, ok := got[[2]int{ks, we}]; !ok || memo != "" {
		t.Errorf("the coding across the turns: present %v, memo %q (want present, no memo)", ok, memo)
	}
	if got[[2]int{ks, ke}] != "P1's words" {
		t.Errorf("the coding on P1's words: memo %q", got[[2]int{ks, ke}])
	}
	memos, err := here.Memos()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, m := range memos {
		texts = append(texts, m.Text)
	}
	all := strings.Join(texts, "|")
	if strings.Contains(all, "her words") || strings.Contains(all, "called back") || !strings.Contains(all, "prefers evening sessions") {
		t.Errorf("memos after the merge: %q", texts)
	}
}
