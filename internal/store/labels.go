package store

// UnmatchedLabels lists the speaker labels no roster row has named, with
// the opaque id their speaker was given and the turns they hold, by group
// and label (facilitators left out): the labels a researcher still has to
// bind to a roster id.
func (s *Store) UnmatchedLabels() ([]UnmatchedLabel, error) { return s.unmatchedLabels() }
