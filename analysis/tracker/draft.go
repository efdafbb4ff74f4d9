package tracker

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Draft is a recommendation to add: typed on the command line, or read
// from a file (ReadRecs) with the line it starts on. Its codes are code
// paths or names, resolved when it is stored.
type Draft struct {
	// Line is the file line the recommendation was read from, for error
	// messages; 0 when it was not read from a file.
	Line int
	// ID, when not empty, must be R followed by a number not in use; else
	// the next free number is given.
	ID           string
	Title        string
	Text         string
	Owner        string
	Stakeholders []string
	// Priority "" is medium; Status "" is proposed.
	Priority Priority
	Status   Status
	// Due is a calendar day (see DateOf); zero for none.
	Due time.Time
	// Codes are code paths or names only one code has.
	Codes []string
	// Log, when not empty, is the recommendation's history, kept as it is
	// (an export brought back). Otherwise one entry records the creation
	// with its status.
	Log []FollowUp
	// ImportedFrom names the file Log was read from (ReadRecs sets it):
	// the store keeps those entries marked as imported history, not as
	// changes made in this project.
	ImportedFrom string
}

// Normalize checks the draft and fills its defaults: the title is
// required, the priority defaults to medium and the status to proposed,
// the id is written R7, and a log brought back must have an author and a
// time on every entry and end with the draft's status.
func (d *Draft) Normalize() error {
	d.Title = strings.TrimSpace(d.Title)
	if d.Title == "" {
		return errors.New("a recommendation needs a title")
	}
	d.Text, d.Owner = strings.TrimSpace(d.Text), strings.TrimSpace(d.Owner)
	if d.Priority == "" {
		d.Priority = PriorityMedium
	} else {
		p, err := ParsePriority(string(d.Priority))
		if err != nil {
			return err
		}
		d.Priority = p
	}
	if d.Status == "" {
		d.Status = StatusProposed
	} else {
		st, err := ParseStatus(string(d.Status))
		if err != nil {
			return err
		}
		d.Status = st
	}
	if d.ID != "" {
		r, ok := ParseRef(d.ID)
		if !ok {
			return fmt.Errorf("id %q: want R followed by a number, as in R7", d.ID)
		}
		d.ID = r
	}
	for i, f := range d.Log {
		if strings.TrimSpace(f.Author) == "" {
			return fmt.Errorf("log entry %d has no author", i+1)
		}
		if f.At.IsZero() {
			return fmt.Errorf("log entry %d has no date", i+1)
		}
		for _, st := range []Status{f.From, f.To} {
			if st != "" && !st.Known() {
				return fmt.Errorf("log entry %d: unknown status %q", i+1, st)
			}
		}
	}
	if last := LastStatus(d.Log); last != "" && last != d.Status {
		return fmt.Errorf("the log ends with status %s but the status is %s", last, d.Status)
	}
	return nil
}

// LastStatus is the status the log's last status change set, "" if none.
func LastStatus(log []FollowUp) Status {
	for i := len(log) - 1; i >= 0; i-- {
		if log[i].To != "" {
			return log[i].To
		}
	}
	return ""
}

// CleanList trims and collapses the spaces of each item, drops empty ones
// and later duplicates (ignoring case): a list of stakeholders.
func CleanList(list []string) []string {
	var out []string
	for _, x := range list {
		x = strings.Join(strings.Fields(x), " ")
		if x == "" {
			continue
		}
		dup := false
		for _, y := range out {
			if strings.EqualFold(x, y) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, x)
		}
	}
	return out
}
