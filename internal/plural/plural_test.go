package plural

import "testing"

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 codings"}, {1, "1 coding"}, {2, "2 codings"}, {-1, "-1 codings"}, {1000000, "1000000 codings"}} {
		if got := Count(tc.n, "coding", "codings"); got != tc.want {
			t.Errorf("Count(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
