package store

import "time"

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

func msDuration(ms int64) time.Duration { return time.Duration(ms) * time.Millisecond }
