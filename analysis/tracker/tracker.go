// Package tracker is the recommendation tracker's domain: recommendations,
// their statuses and priorities, ids, the follow-up log and the notes an
// edit writes to it, the due/overdue rule, the tally of statuses, and the
// one file and wire format of `recs export`, `recs import` and `--json`.
// The evidence of a recommendation (who said what, through the linked
// codes) is computed in package analysis with the counting rules of the
// tables. No SQL, no terminal here.
package tracker

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Status is where a recommendation stands.
type Status string

// The statuses, in workflow order. They are written as the constants say
// (in-progress with a hyphen); ParseStatus also takes "in progress".
const (
	StatusProposed   Status = "proposed"
	StatusAccepted   Status = "accepted"
	StatusInProgress Status = "in-progress"
	StatusBlocked    Status = "blocked"
	StatusDone       Status = "done"
	StatusDropped    Status = "dropped"
)

// Statuses lists every status in workflow order.
func Statuses() []Status {
	return []Status{StatusProposed, StatusAccepted, StatusInProgress, StatusBlocked, StatusDone, StatusDropped}
}

// ParseStatus reads a status, ignoring case, and taking spaces or
// underscores for the hyphen ("In progress" is in-progress).
func ParseStatus(s string) (Status, error) {
	k := strings.ToLower(strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '_' || r == '-' }), "-"))
	for _, st := range Statuses() {
		if string(st) == k {
			return st, nil
		}
	}
	return "", fmt.Errorf("status %q: want one of %s", s, joinStatuses(Statuses()))
}

func joinStatuses(list []Status) string {
	s := make([]string, len(list))
	for i, x := range list {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// String is the status as it is stored and written: "in-progress".
func (s Status) String() string { return string(s) }

// MarshalText writes the status as String does.
func (s Status) MarshalText() ([]byte, error) { return []byte(s), nil }

// UnmarshalText reads a status as ParseStatus does; "" stays "".
func (s *Status) UnmarshalText(b []byte) error {
	if strings.TrimSpace(string(b)) == "" {
		*s = ""
		return nil
	}
	st, err := ParseStatus(string(b))
	if err != nil {
		return err
	}
	*s = st
	return nil
}

// Known reports whether s is one of Statuses.
func (s Status) Known() bool { return s.Rank() < len(Statuses()) }

// Closed reports whether the status ends the recommendation's follow-up:
// done and dropped recommendations are never due nor overdue.
func (s Status) Closed() bool { return s == StatusDone || s == StatusDropped }

// Rank is the status's place in workflow order (proposed 0 ... dropped 5),
// 6 for an unknown status.
func (s Status) Rank() int {
	for i, st := range Statuses() {
		if st == s {
			return i
		}
	}
	return len(Statuses())
}

// Label is the status as people read it: "in progress".
func (s Status) Label() string { return strings.ReplaceAll(string(s), "-", " ") }

// Priority is how urgent a recommendation is.
type Priority string

// The priorities, most urgent first.
const (
	PriorityHigh   Priority = "high"
	PriorityMedium Priority = "medium"
	PriorityLow    Priority = "low"
)

// Priorities lists the priorities, most urgent first.
func Priorities() []Priority { return []Priority{PriorityHigh, PriorityMedium, PriorityLow} }

// ParsePriority reads a priority, ignoring case and surrounding space.
func ParsePriority(s string) (Priority, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for _, p := range Priorities() {
		if string(p) == k {
			return p, nil
		}
	}
	return "", fmt.Errorf("priority %q: want high, medium or low", s)
}

// String is the priority as it is stored and written: "high".
func (p Priority) String() string { return string(p) }

// MarshalText writes the priority as String does.
func (p Priority) MarshalText() ([]byte, error) { return []byte(p), nil }

// UnmarshalText reads a priority as ParsePriority does; "" stays "".
func (p *Priority) UnmarshalText(b []byte) error {
	if strings.TrimSpace(string(b)) == "" {
		*p = ""
		return nil
	}
	v, err := ParsePriority(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Rank is 0 for high, 1 for medium, 2 for low, 3 for an unknown priority.
func (p Priority) Rank() int {
	for i, x := range Priorities() {
		if x == p {
			return i
		}
	}
	return len(Priorities())
}

// Recommendation is one recommendation of a study with its follow-up.
type Recommendation struct {
	// ID is "R1", "R2" ... in the order they were added.
	ID           string
	Title        string
	Text         string
	Owner        string
	Stakeholders []string
	Priority     Priority
	Status       Status
	// Due is a calendar day (UTC midnight, see DateOf); zero when none.
	Due time.Time
	// Codes are the codes whose coded speech is the recommendation's
	// evidence, in codebook order.
	Codes   []LinkedCode
	Created time.Time
	// Log is the follow-up log, oldest first. It is append-only.
	Log []FollowUp
}

// LinkedCode is a code linked to a recommendation as its evidence.
type LinkedCode struct {
	ID   int64
	Path string
}

// FollowUp is one entry of a recommendation's log: a note, a status
// change, or both.
type FollowUp struct {
	ID int64
	// At is when it was written, in the writer's time zone (its date is
	// the date the writer saw).
	At     time.Time
	Author string
	Note   string
	// From and To are the status change; To is "" when the status did not
	// change. The first entry of a recommendation has From "".
	From, To Status
}

// StatusChange reports whether the entry changed the status.
func (f FollowUp) StatusChange() bool { return f.To != "" }

// Summary is the entry in one line: "accepted → in-progress: the note".
func (f FollowUp) Summary() string {
	change := ""
	switch {
	case f.To != "" && f.From == "":
		change = "created as " + f.To.Label()
	case f.To != "":
		change = f.From.Label() + " → " + f.To.Label()
	}
	switch {
	case change == "":
		return f.Note
	case f.Note == "":
		return change
	}
	return change + ": " + f.Note
}

// LastFollowUp is the newest log entry, false when the log is empty.
func (r *Recommendation) LastFollowUp() (FollowUp, bool) {
	if len(r.Log) == 0 {
		return FollowUp{}, false
	}
	return r.Log[len(r.Log)-1], true
}

// CodeIDs are the ids of the linked codes.
func (r *Recommendation) CodeIDs() []int64 {
	out := make([]int64, len(r.Codes))
	for i, c := range r.Codes {
		out[i] = c.ID
	}
	return out
}

// CodePaths are the paths of the linked codes.
func (r *Recommendation) CodePaths() []string {
	out := make([]string, len(r.Codes))
	for i, c := range r.Codes {
		out[i] = c.Path
	}
	return out
}

// RefNumber is the number of a recommendation id ("R12" is 12), 0 when
// the id is not R followed by digits.
func RefNumber(id string) int {
	if len(id) < 2 || (id[0] != 'R' && id[0] != 'r') {
		return 0
	}
	n, err := strconv.Atoi(id[1:])
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// ParseRef turns a recommendation id as people type it ("r3", "3", " R3")
// into its stored form "R3"; ok is false when it is not an id.
func ParseRef(ref string) (string, bool) {
	r := strings.TrimSpace(ref)
	if r != "" && (r[0] == 'R' || r[0] == 'r') {
		r = r[1:]
	}
	n, err := strconv.Atoi(r)
	if err != nil || n <= 0 || strings.HasPrefix(r, "+") || strings.HasPrefix(r, "0") {
		return "", false
	}
	return "R" + strconv.Itoa(n), true
}

// RefLess orders recommendation ids by number: R2 before R10.
func RefLess(a, b string) bool {
	na, nb := RefNumber(a), RefNumber(b)
	if na != nb {
		return na < nb
	}
	return a < b
}

// Dates.
//
// A due date is a calendar day without a time or a zone. It is held as a
// time.Time at midnight UTC, so that two days subtract to a whole number of
// days. "Today" is the calendar day of a clock reading in the clock's own
// zone: the day the user sees on their wall.

// DateLayout is how dates are written: 2026-11-23.
const DateLayout = "2006-01-02"

// ParseDate reads a YYYY-MM-DD day; "" is no date (the zero time).
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return t, nil
}

// DateOf is the calendar day of t in t's own zone, as midnight UTC.
func DateOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// FormatDate writes a day as YYYY-MM-DD, "" for the zero time.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}

// Clock reads the current time. The tracker never reads the system clock
// itself: commands pass time.Now, tests and reports a fixed reading.
type Clock func() time.Time

// Today is the calendar day of the clock's reading (see DateOf).
func (c Clock) Today() time.Time {
	if c == nil {
		return DateOf(time.Now())
	}
	return DateOf(c())
}

// The due rule.
//
// A recommendation is due on its due date. It is overdue on every day
// after it, as long as it is open (not done nor dropped): on the due date
// itself it is due, not overdue. A recommendation without a due date, or
// done, or dropped, is never due nor overdue.
//
// DaysLeft is the due date minus today, in days: 0 on the due date,
// negative when overdue (-3 is three days overdue).

// DaysLeft is r's due date minus today in days; false when r has no due
// date. It does not look at the status (see Overdue).
func (r *Recommendation) DaysLeft(today time.Time) (int, bool) {
	if r.Due.IsZero() {
		return 0, false
	}
	return daysBetween(DateOf(today), DateOf(r.Due)), true
}

// daysBetween is b - a in whole days; both are days at midnight UTC.
func daysBetween(a, b time.Time) int {
	return int(b.Sub(a).Round(time.Hour).Hours() / 24)
}

// Overdue reports whether r is open, has a due date, and the date is
// before today.
func (r *Recommendation) Overdue(today time.Time) bool {
	left, ok := r.DaysLeft(today)
	return ok && !r.Status.Closed() && left < 0
}

// DueItem is a recommendation on the due list.
type DueItem struct {
	Rec *Recommendation
	// DaysLeft: due date minus today; negative when overdue.
	DaysLeft int
	Overdue  bool
}

// DueList lists the open recommendations with a due date that are overdue
// or due within the next `within` days (0: due today at the latest; a
// negative window: every open recommendation with a due date). Done and
// dropped recommendations never appear.
//
// Order: overdue first, the most overdue first; then the upcoming ones,
// the soonest first; ties by priority (high first), then id.
func DueList(recs []Recommendation, today time.Time, within int) []DueItem {
	var out []DueItem
	for i := range recs {
		r := &recs[i]
		left, ok := r.DaysLeft(today)
		if !ok || r.Status.Closed() {
			continue
		}
		if left >= 0 && within >= 0 && left > within {
			continue
		}
		out = append(out, DueItem{Rec: r, DaysLeft: left, Overdue: left < 0})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.DaysLeft != b.DaysLeft {
			return a.DaysLeft < b.DaysLeft
		}
		if pa, pb := a.Rec.Priority.Rank(), b.Rec.Priority.Rank(); pa != pb {
			return pa < pb
		}
		return RefLess(a.Rec.ID, b.Rec.ID)
	})
	return out
}

// DueLabel says where a recommendation stands against its due date on
// today: "overdue by 3 days", "due today", "due in 12 days", "" when it
// has no due date or is closed.
func (r *Recommendation) DueLabel(today time.Time) string {
	left, ok := r.DaysLeft(today)
	if !ok || r.Status.Closed() {
		return ""
	}
	switch {
	case left < 0:
		return "overdue by " + plural(-left, "day")
	case left == 0:
		return "due today"
	}
	return "due in " + plural(left, "day")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// Order sorts recommendations the way the tracker lists them:
// overdue first (the most overdue first); then the other open ones by due
// date (the soonest first, those without a date after), then priority;
// then done and dropped ones; ties by id.
func Order(recs []Recommendation, today time.Time) {
	group := func(r *Recommendation) int {
		switch {
		case r.Overdue(today):
			return 0
		case r.Status.Closed():
			return 2
		}
		return 1
	}
	sort.SliceStable(recs, func(i, j int) bool {
		a, b := &recs[i], &recs[j]
		if ga, gb := group(a), group(b); ga != gb {
			return ga < gb
		}
		if ga := group(a); ga < 2 {
			la, oka := a.DaysLeft(today)
			lb, okb := b.DaysLeft(today)
			if oka != okb {
				return oka
			}
			if la != lb {
				return la < lb
			}
			if pa, pb := a.Priority.Rank(), b.Priority.Rank(); pa != pb {
				return pa < pb
			}
		}
		return RefLess(a.ID, b.ID)
	})
}
