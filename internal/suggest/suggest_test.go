package suggest

import "testing"

func TestClosest(t *testing.T) {
	codes := []string{"Adaptation and support systems", "Adaptation and support systems/Legal assistance", "Barriers", "Barriers/Opening hours"}
	tests := []struct {
		typed string
		known []string
		want  string
	}{
		{"need", []string{"frequencies", "matrix", "cooccurrence", "needs", "themes"}, "needs"},
		{"supress-below", []string{"suppress-below", "source", "coder"}, "suppress-below"},
		{"Legal assistence", codes, "Adaptation and support systems/Legal assistance"},
		{"Barriors", codes, "Barriers"},
		{"barriers", codes, "Barriers"},
		{"Legal", codes, ""}, // too far from every name, and no name starts with it
		{"Adapt", codes, "Adaptation and support systems"},
		{"zzz", codes, ""},
		{"", codes, ""},
		{"lae", []string{"lea", "sam"}, "lea"},
	}
	for _, tc := range tests {
		if got := Closest(tc.typed, tc.known); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.typed, got, tc.want)
		}
	}
	if got := Phrase("need", []string{"needs"}); got != `; did you mean "needs"?` {
		t.Errorf("Phrase = %q", got)
	}
	if got := Phrase("needs", []string{"needs"}); got != "" {
		t.Errorf("Phrase of an exact name = %q, want none", got)
	}
}
