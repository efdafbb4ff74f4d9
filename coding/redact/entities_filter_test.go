package redact

import (
	"os"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/transcript"
)

// TestNameBearingFindsWhatTheWholeScanFinds checks the sentence filter on
// the demo's three invented focus groups: after Combine, the scan of the
// sentences that may hold a name has every term the scan of the whole text
// has (it may have more: prose reads a word differently beside other
// sentences), while reading a fraction of the text. What the filter skips
// is a capitalised word opening a sentence and written in lower case
// elsewhere, which Combine drops anyway.
func TestNameBearingFindsWhatTheWholeScanFinds(t *testing.T) {
	for _, f := range []string{"montreal-fg.txt", "ottawa-fg.vtt", "toronto-fg.docx"} {
		data, err := os.ReadFile("../../internal/demo/corpus/" + f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := transcript.Read(f, data)
		if err != nil {
			t.Fatal(err)
		}
		src, _ := coding.FromTranscript(f, doc, coding.SourceMeta{})
		kept := nameBearing(src.Text)
		whole := Combine([][]Term{scanText(src.Text)}, []string{src.Text})
		filtered := Combine([][]Term{scanText(kept)}, []string{src.Text})
		have := map[string]bool{}
		for _, x := range filtered {
			have[strings.ToLower(x.Text)] = true
		}
		for _, x := range whole {
			if !have[strings.ToLower(x.Text)] {
				t.Errorf("%s: %q (%s) found in the whole text, not in the sentences kept", f, x.Text, x.Kind)
			}
		}
		t.Logf("%s: %d of %d bytes scanned; %d terms, %d on the whole text", f, len(kept), len(src.Text), len(filtered), len(whole))
	}
}

// TestMayHoldName pins the sentence filter's rule.
func TestMayHoldName(t *testing.T) {
	lower := map[string]bool{"the": true, "legal": true, "when": true}
	for _, tc := range []struct {
		sent string
		want bool
	}{
		{"The permit office lost my file again.", false},
		{"Legal aid took months.", false},
		{"Rana called me from Tehran.", true},
		{"Rana called me.", true}, // a name opening the sentence, never in lower case
		{"When I arrived, nobody explained.", false},
		{"I'm sure I told them in March.", false},
		{"We went to the Relais every week.", true},
		{"my cousin at IRCC said no", true},
		{"ما از تهران آمدیم", true}, // no case: kept
		{"", false},
	} {
		if got := mayHoldName(tc.sent, lower); got != tc.want {
			t.Errorf("mayHoldName(%q) = %v, want %v", tc.sent, got, tc.want)
		}
	}
}

// BenchmarkEntityScanDemo scans the demo's Montreal focus group (32 KB,
// English and French, names and places) as a first screened output does:
// whole, and its turns that may hold a name.
//
//	go test ./coding/redact -run '^$' -bench EntityScanDemo
func BenchmarkEntityScanDemo(b *testing.B) {
	data, err := os.ReadFile("../../internal/demo/corpus/montreal-fg.txt")
	if err != nil {
		b.Fatal(err)
	}
	doc, err := transcript.Read("montreal-fg.txt", data)
	if err != nil {
		b.Fatal(err)
	}
	src, _ := coding.FromTranscript("montreal-fg.txt", doc, coding.SourceMeta{})
	scanText("warm the model up.")
	b.Run("whole", func(b *testing.B) {
		b.SetBytes(int64(len(src.Text)))
		for b.Loop() {
			scanText(src.Text)
		}
	})
	b.Run("turns-with-names", func(b *testing.B) {
		b.SetBytes(int64(len(src.Text)))
		for b.Loop() {
			candidates(src.Text)
		}
	})
}
