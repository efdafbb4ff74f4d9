package coding

import "testing"

func TestLooksLikePersonalName(t *testing.T) {
	for _, c := range []struct {
		label string
		want  bool
	}{
		{"Maria Gonzalez", true},
		{"Dr. Amal", true},
		{"Maria da Silva", true},
		{"Amal al-Hakim", true},
		{"MARIA GONZALEZ", true},
		{"Jean-Baptiste Okafor", true},
		{"مريم حداد", true},
		{"Moderator Jane Doe", true},
		{"Maria", false},
		{"jane doe", false},
		{"Moderator (Jane)", false},
		{"Speaker 1", false},
		{"Speaker A", false},
		{"P1", false},
		{"P 12", false},
		{"Participant 4B", false},
		{"Female Voice", false},
		{"Unknown Speaker", false},
		{"Note Taker", false},
		{"Interviewer", false},
		{"Group 2", false},
		{"So my question", false},
		{"Room 101 Team", false},
		{"", false},
	} {
		if got := LooksLikePersonalName(c.label); got != c.want {
			t.Errorf("LooksLikePersonalName(%q) = %v, want %v", c.label, got, c.want)
		}
	}
}

func TestModeratorWithNameIsFacilitator(t *testing.T) {
	for _, label := range []string{"Moderator (Jane)", "Moderator"} {
		if !IsFacilitatorLabel(label) {
			t.Errorf("%q is not a facilitator", label)
		}
	}
}
