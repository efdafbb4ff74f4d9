package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding"
)

// TextHash hashes in pieces; the sum is the hash of the whole text.
func TestTextHash(t *testing.T) {
	for _, n := range []int{0, 1, 64<<10 - 1, 64 << 10, 64<<10 + 1, 200_003} {
		text := strings.Repeat("é, ", n/4+1)[:n]
		sum := sha256.Sum256([]byte(text))
		if got, want := TextHash(text), hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%d bytes: %s, want %s", n, got, want)
		}
	}
}

// Turns and sentences go in by statements of segmentRows rows and one-row
// statements for the rest: every row comes back as it went in, for sources
// whose counts are below, at and past a multiple of segmentRows.
func TestImportSourcesRowsInBatches(t *testing.T) {
	s, _ := create(t, Options{})
	defer s.Close()
	var items []NewSource
	for k, n := range []int{1, segmentRows - 1, segmentRows, 2*segmentRows + 5} {
		var b strings.Builder
		for i := range n {
			switch i % 3 {
			case 0:
				fmt.Fprintf(&b, "[00:%02d:%02d] P%d: Turn %d of source %d. It has two sentences.\n", i/60%60, i%60, i%4, i, k)
			case 1:
				fmt.Fprintf(&b, "Facilitator: Turn %d, one sentence.\n", i)
			default:
				fmt.Fprintf(&b, "P1: Turn %d.\n", i)
			}
		}
		it := newSource(t, fmt.Sprint("s", k), fmt.Sprint("G", k), b.String())
		// Two sentences a turn where the text allows, to vary the counts.
		var sents []coding.Sentence
		for i, tu := range it.Turns {
			if mid := tu.Start + (tu.End-tu.Start)/2; i%3 == 0 && mid > tu.Start {
				sents = append(sents, coding.Sentence{Index: len(sents), Turn: i, Start: tu.Start, End: mid},
					coding.Sentence{Index: len(sents) + 1, Turn: i, Start: mid, End: tu.End})
				continue
			}
			sents = append(sents, coding.Sentence{Index: len(sents), Turn: i, Start: tu.Start, End: tu.End})
		}
		it.Sentences = sents
		items = append(items, it)
	}
	srcs, err := s.ImportSources(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	for k, src := range srcs {
		turns, err := s.Turns(src.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(turns) != len(items[k].Turns) {
			t.Fatalf("source %d: %d turns back, %d in", k, len(turns), len(items[k].Turns))
		}
		for i, got := range turns {
			want := items[k].Turns[i]
			got.Participant, got.Facilitator = "", want.Facilitator // bound by the store
			if got != want {
				t.Fatalf("source %d turn %d: %+v back, %+v in", k, i, got, want)
			}
			if (turns[i].Participant == "") != (want.Speaker == "") {
				t.Errorf("source %d turn %d: speaker %q, participant %q", k, i, want.Speaker, turns[i].Participant)
			}
		}
		sents, err := s.Sentences(src.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(sents) != len(items[k].Sentences) {
			t.Fatalf("source %d: %d sentences back, %d in", k, len(sents), len(items[k].Sentences))
		}
		for i := range sents {
			if sents[i] != items[k].Sentences[i] {
				t.Fatalf("source %d sentence %d: %+v back, %+v in", k, i, sents[i], items[k].Sentences[i])
			}
		}
	}
}
