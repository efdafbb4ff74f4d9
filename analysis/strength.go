package analysis

// Strength is how well the coded speech supports a recommendation.
type Strength string

// The strengths, strongest first.
const (
	StrengthStrong   Strength = "strong"
	StrengthModerate Strength = "moderate"
	StrengthWeak     Strength = "weak"
	StrengthNone     Strength = "none"
)

// Rank is 0 for strong ... 3 for none.
func (s Strength) Rank() int {
	switch s {
	case StrengthStrong:
		return 0
	case StrengthModerate:
		return 1
	case StrengthWeak:
		return 2
	}
	return 3
}

// StrengthOf is the evidence strength rule. From the evidence of a
// recommendation — P participants of the N in scope mention one of its
// linked codes (the mention rule of the tables), in C of the Ct cities
// where participants in scope speak:
//
//	strong    P >= N/2 (at least half the participants) and C = Ct (every city)
//	moderate  P >= N/4 (at least a quarter) and C >= min(2, Ct)
//	weak      P >= 1
//	none      P = 0 (or no linked code)
//
// Codings are reported beside it but do not enter the rule: one talkative
// participant coded twenty times is still one voice, and counts of
// segments mislead in focus groups.
func StrengthOf(p, n, c, ct int) Strength {
	switch {
	case p <= 0 || n <= 0:
		return StrengthNone
	case 2*p >= n && c >= ct:
		return StrengthStrong
	case 4*p >= n && c >= min(2, ct):
		return StrengthModerate
	}
	return StrengthWeak
}
