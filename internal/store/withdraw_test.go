package store

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fieldwork-qda/fieldwork/coding"
)

// fileHolds reports whether the project file or its WAL holds b.
func fileHolds(t *testing.T, p string, b []byte) bool {
	t.Helper()
	for _, f := range []string{p, p + "-wal"} {
		data, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(data, b) {
			return true
		}
	}
	return false
}

func TestWithdrawErasesWords(t *testing.T) {
	s, p := create(t, Options{})
	withdrawn := "Someone called my mother back home and asked where I live."
	kept := "They did not understand what transnational repression is."
	// long enough that the text spills into overflow pages, which an update
	// frees rather than rewrites
	long := sample + strings.Repeat("P1: The permit office lost my file again, so I waited another month.\n", 200)
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "ottawa", "OTT-1", long)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportRoster([]coding.RosterRow{
		{Line: 2, ID: "OTT-01", Group: "OTT-1", Label: "P1", Attributes: map[string]string{"pseudonym": "Rana"}},
		{Line: 3, ID: "OTT-02", Group: "OTT-1", Label: "P2", Attributes: map[string]string{"pseudonym": "Leyla", "gender": "woman"}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCode("Risks", CodeFields{}); err != nil {
		t.Fatal(err)
	}
	src, _ := s.Source("ottawa")
	runes := []rune(src.Text)
	at := func(sentence string) (int, int) {
		i := strings.Index(src.Text, sentence)
		if i < 0 {
			t.Fatalf("%q not in the text", sentence)
		}
		st := utf8.RuneCountInString(src.Text[:i])
		return st, st + utf8.RuneCountInString(sentence)
	}
	ws, we := at(withdrawn)
	ks, ke := at(kept)
	apply := func(a, b int, memo string) {
		if _, err := s.Apply(NewCoding{Source: "ottawa", Code: "Risks", Start: a, End: b, Coder: "sam", Memo: memo}); err != nil {
			t.Fatal(err)
		}
	}
	apply(ws, we, "mother called")   // on the withdrawn words
	apply(ks, ke, "")                // on someone else's
	apply(ws+10, ks+5, "spans both") // from theirs into someone else's
	if _, err := s.SaveSpanMemo(src.ID, ws, we, "lea", "ask about the mother again"); err != nil {
		t.Fatal(err)
	}
	if !fileHolds(t, p, []byte(withdrawn)) {
		t.Fatal("the sentence is not in the file before the withdrawal: the test cannot see it")
	}

	w, err := s.Withdraw("OTT-02", "withdrew consent by e-mail")
	if err != nil {
		t.Fatal(err)
	}
	if w.Turns != 1 || w.Sources != 1 || w.Codings != 1 || w.Memos != 2 || !w.Truncated {
		t.Errorf("withdrawal = %+v", w)
	}
	// the words, the memos on them, their pseudonym (the note is kept with
	// the participant, by design)
	for _, part := range []string{withdrawn, "asked where I live", "mother back home", "ask about the mother", "mother called", "Leyla"} {
		if fileHolds(t, p, []byte(part)) {
			t.Errorf("the file or its WAL still holds %q after the withdrawal", part)
		}
	}
	after, _ := s.Source("ottawa")
	ar := []rune(after.Text)
	if len(ar) != len(runes) {
		t.Fatalf("text length %d, was %d: offsets moved", len(ar), len(runes))
	}
	if string(ar[ks:ke]) != kept {
		t.Errorf("the other participant's words moved: %q", string(ar[ks:ke]))
	}
	if !strings.Contains(after.Text, WithdrawnMarker) {
		t.Errorf("no marker in %q", after.Text)
	}
	list, _ := s.Codings(CodingFilter{})
	if len(list) != 2 || list[0].Text == "" {
		t.Fatalf("codings after = %+v", list)
	}
	for _, c := range list {
		if c.Start == ks && string([]rune(after.Text)[c.Start:c.End]) != kept {
			t.Errorf("kept coding now covers %q", c.Text)
		}
		if c.Memo != "" {
			t.Errorf("coding %d kept its memo %q", c.ID, c.Memo)
		}
	}
	if memos, _ := s.Memos(); len(memos) != 0 {
		t.Errorf("memos after = %+v", memos)
	}
	d, err := s.Dataset(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range d.Participants {
		if pt.ID == "OTT-02" {
			t.Error("the dataset still has the withdrawn participant")
		}
	}
	for _, tn := range d.Turns {
		if tn.Participant == "OTT-02" {
			t.Error("a turn in the dataset is still theirs")
		}
	}
	log, _ := s.Audit(AuditFilter{Kind: AuditWithdrawal})
	if len(log) != 1 || !strings.Contains(log[0].Summary, "OTT-02 withdrew") || strings.Contains(log[0].Summary, "e-mail") {
		t.Errorf("audit = %+v", log)
	}
	if _, err := s.Withdraw("OTT-02", ""); err == nil || !strings.Contains(err.Error(), "already") {
		t.Errorf("second withdrawal: %v", err)
	}
	if c, _ := s.VerifyAudit(); c.Break != nil {
		t.Errorf("audit chain broken by the withdrawal: %v", c.Break)
	}
	s.Close()
	if fileHolds(t, p, []byte(withdrawn)) {
		t.Error("the file holds the sentence after closing")
	}
}

func TestMaskKeepsLength(t *testing.T) {
	for n := 0; n < 20; n++ {
		if got := utf8.RuneCountInString(maskOf(n)); got != n {
			t.Errorf("maskOf(%d) has %d code points", n, got)
		}
	}
}

func TestWithdrawEncrypted(t *testing.T) {
	s, p := create(t, Options{Passphrase: "correct horse battery staple"})
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "ottawa", "OTT-1", sample)}); err != nil {
		t.Fatal(err)
	}
	w, err := s.Withdraw("OTT-1-P02", "by letter")
	if err != nil || w.Turns != 1 || !w.Truncated {
		t.Fatalf("withdraw = %+v, %v", w, err)
	}
	s.Close()
	s, err = Open(p, Options{Passphrase: "correct horse battery staple"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	src, _ := s.Source("ottawa")
	if strings.Contains(src.Text, "mother") || !strings.Contains(src.Text, WithdrawnMarker) {
		t.Errorf("text after = %q", src.Text)
	}
}

// TestWithdrawnSpeakersAfterReimport checks the warning's count on text
// with characters of several bytes before and inside the turns: a
// withdrawn participant's masked turns do not count, the same words
// imported again do.
func TestWithdrawnSpeakersAfterReimport(t *testing.T) {
	s, _ := create(t, Options{})
	text := "Facilitator: Bienvenue à tous 😀, merci d'être là.\nP1: Mon audience a été déplacée deux fois — très long.\nP2: Quelqu'un a appelé ma mère à Téhéran ☎.\nP2: Ça m'a fait peur.\n"
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "montreal", "MTL-1", text)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportRoster([]coding.RosterRow{{Line: 2, ID: "MTL-02", Group: "MTL-1", Label: "P2"}}); err != nil {
		t.Fatal(err)
	}
	first, _ := s.Source("montreal")
	if got, err := s.WithdrawnSpeakers([]int64{first.ID}); err != nil || len(got) != 0 {
		t.Fatalf("before the withdrawal: %v, %v", got, err)
	}
	if _, err := s.Withdraw("MTL-02", ""); err != nil {
		t.Fatal(err)
	}
	if got, err := s.WithdrawnSpeakers([]int64{first.ID}); err != nil || len(got) != 0 {
		t.Errorf("masked turns counted: %v, %v", got, err)
	}
	// The same session imported again under the same group: P2's two turns
	// are back.
	again := newSource(t, "montreal-again", "MTL-1", text)
	again.Force = true
	if _, err := s.ImportSources(t.Context(), []NewSource{again}); err != nil {
		t.Fatal(err)
	}
	second, _ := s.Source("montreal-again")
	got, err := s.WithdrawnSpeakers([]int64{first.ID, second.ID})
	if err != nil || len(got) != 1 || got["MTL-02"] != 2 {
		t.Errorf("after the import again: %v, %v; want MTL-02: 2", got, err)
	}
}
