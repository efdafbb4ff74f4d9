package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
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
