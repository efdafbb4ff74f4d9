package redact

import (
	"strings"
	"testing"
)

// BenchmarkRedact100KB: one 100 KB transcript against a roster of 200 terms.
func BenchmarkRedact100KB(b *testing.B) {
	var terms []Term
	for i := 0; i < 200; i++ {
		terms = append(terms, Term{Text: "Name" + strings.Repeat("x", i%7) + string(rune('A'+i%26)) + "son"})
	}
	terms = append(terms, roster...)
	r := New(terms)
	text := strings.Repeat("He said, Rana, please call 613-555-0147 about the 2019 hearing @ngo. ", 1500)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		r.Redact(text)
	}
}
