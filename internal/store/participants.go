package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"

	"github.com/fieldwork-qda/fieldwork/coding"
)

// ParticipantSummary is a participant with how much they speak.
type ParticipantSummary struct {
	coding.Participant
	Turns   int
	Sources int
}

// Participants lists every participant, facilitators included (flagged),
// ordered by group then id.
func (s *Store) Participants() ([]ParticipantSummary, error) {
	var out []ParticipantSummary
	byID := map[int64]int{}
	err := eachRow(context.Background(), s.db, `SELECT p.id, p.ref, p.grp, p.city, p.facilitator,
		(SELECT count(*) FROM turns t WHERE t.participant_id = p.id),
		(SELECT count(DISTINCT t.source_id) FROM turns t WHERE t.participant_id = p.id)
		FROM participants p ORDER BY p.grp, p.facilitator DESC, p.ref`, func(sc scanner) error {
		var ps ParticipantSummary
		var id int64
		if err := sc.Scan(&id, &ps.ID, &ps.Group, &ps.City, &ps.Facilitator, &ps.Turns, &ps.Sources); err != nil {
			return err
		}
		ps.Attributes = map[string]string{}
		byID[id] = len(out)
		out = append(out, ps)
		return nil
	})
	if err != nil {
		return nil, s.fail("list participants", err)
	}
	if err := s.readRows(`SELECT participant_id, label FROM speaker_labels ORDER BY label`, func(sc scanner) error {
		var id int64
		var label string
		if err := sc.Scan(&id, &label); err != nil {
			return err
		}
		if i, ok := byID[id]; ok {
			out[i].Labels = append(out[i].Labels, label)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	err = s.readRows(`SELECT participant_id, key, value FROM participant_attributes`, func(sc scanner) error {
		var id int64
		var k, v string
		if err := sc.Scan(&id, &k, &v); err != nil {
			return err
		}
		if i, ok := byID[id]; ok {
			out[i].Attributes[k] = v
		}
		return nil
	})
	return out, err
}

type scanner interface{ Scan(...any) error }

// readRows is eachRow on the database, its errors wrapped as reads.
func (s *Store) readRows(q string, fn func(scanner) error, args ...any) error {
	return s.fail("read", eachRow(context.Background(), s.db, q, fn, args...))
}

func participantID(ctx context.Context, tx *sql.Tx, ref string) (int64, bool, error) {
	var id int64
	var fac bool
	err := tx.QueryRowContext(ctx, `SELECT id, facilitator FROM participants WHERE ref = ?`, ref).Scan(&id, &fac)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, fmt.Errorf("participant %q: %w (see `fieldwork participants`)", ref, ErrNotFound)
	}
	return id, fac, err
}

// SetAttributes sets a participant's attributes; an empty value removes the
// attribute. The keys "city" and "facilitator" (true/false) set those
// fields instead; "id", "group" and "label" cannot be set this way.
func (s *Store) SetAttributes(ref string, attrs map[string]string) error {
	return s.tx("set participant attributes", func(tx *sql.Tx) error {
		ctx := context.Background()
		id, _, err := participantID(ctx, tx, ref)
		if err != nil {
			return err
		}
		keys := make([]string, 0, len(attrs))
		for k := range attrs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := attrs[k]
			switch k {
			case "id", "group", "label":
				return fmt.Errorf("participant %q: %q cannot be set here (labels and groups come from imports and rosters; use `participants merge` to join two ids)", ref, k)
			case "city":
				_, err = tx.ExecContext(ctx, `UPDATE participants SET city = ? WHERE id = ?`, v, id)
			case "facilitator":
				b, perr := strconv.ParseBool(v)
				if perr != nil {
					return fmt.Errorf("participant %q: facilitator=%q is not true or false", ref, v)
				}
				_, err = tx.ExecContext(ctx, `UPDATE participants SET facilitator = ? WHERE id = ?`, b, id)
			default:
				if v == "" {
					_, err = tx.ExecContext(ctx, `DELETE FROM participant_attributes WHERE participant_id = ? AND key = ?`, id, k)
				} else {
					_, err = tx.ExecContext(ctx, `INSERT INTO participant_attributes (participant_id, key, value) VALUES (?,?,?)
						ON CONFLICT (participant_id, key) DO UPDATE SET value = excluded.value`, id, k, v)
				}
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// RosterReport says what a roster import did.
type RosterReport struct {
	Created   int // participants new to the project
	Updated   int // existing participants whose fields or attributes were set
	Bound     int // speaker labels bound to a roster id
	Unmatched []UnmatchedLabel
}

// UnmatchedLabel is a speaker label in the project that no roster row names.
type UnmatchedLabel struct {
	Group, Label string
	Participant  string
	Turns        int
}

// ImportRoster applies a roster in one transaction. A row's group and label
// bind that speaker label to the row's id: a participant created by an
// import under that label takes the roster id (or is merged into the
// participant already holding it). Labels not yet seen in a transcript are
// bound in advance. Afterwards every non-facilitator label that no roster
// row has named is reported, never silently dropped.
func (s *Store) ImportRoster(rows []coding.RosterRow) (*RosterReport, error) {
	rep := &RosterReport{}
	err := s.tx("import roster", func(tx *sql.Tx) error {
		ctx := context.Background()
		for _, r := range rows {
			id, err := rosterParticipant(ctx, tx, r, rep)
			if err != nil {
				return fmt.Errorf("roster line %d: %w", r.Line, err)
			}
			if r.Label != "" {
				var cur int64
				err := tx.QueryRowContext(ctx, `SELECT participant_id FROM speaker_labels WHERE grp = ? AND label = ?`, r.Group, r.Label).Scan(&cur)
				switch {
				case errors.Is(err, sql.ErrNoRows):
					if _, err := tx.ExecContext(ctx, `INSERT INTO speaker_labels (grp, label, participant_id) VALUES (?,?,?)`, r.Group, r.Label, id); err != nil {
						return err
					}
				case err != nil:
					return err
				case cur != id:
					var rostered bool
					if err := tx.QueryRowContext(ctx, `SELECT rostered FROM participants WHERE id = ?`, cur).Scan(&rostered); err != nil {
						return err
					}
					if rostered {
						var other string
						tx.QueryRowContext(ctx, `SELECT ref FROM participants WHERE id = ?`, cur).Scan(&other)
						return fmt.Errorf("roster line %d: label %q of group %q already belongs to %q; merge them with `participants merge` if they are one person", r.Line, r.Label, r.Group, other)
					}
					if err := mergeInto(ctx, tx, id, cur); err != nil {
						return err
					}
				}
				rep.Bound++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rep.Unmatched, err = s.unmatchedLabels()
	return rep, err
}

func rosterParticipant(ctx context.Context, tx *sql.Tx, r coding.RosterRow, rep *RosterReport) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM participants WHERE ref = ?`, r.ID).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := tx.ExecContext(ctx, `INSERT INTO participants (ref, grp, city, rostered, facilitator) VALUES (?,?,?,1,?)`,
			r.ID, r.Group, r.City, coding.IsFacilitatorLabel(r.Label))
		if err != nil {
			return 0, err
		}
		id, _ = res.LastInsertId()
		rep.Created++
	case err != nil:
		return 0, err
	default:
		if _, err := tx.ExecContext(ctx, `UPDATE participants SET rostered = 1,
			grp = CASE WHEN ? <> '' THEN ? ELSE grp END, city = CASE WHEN ? <> '' THEN ? ELSE city END WHERE id = ?`,
			r.Group, r.Group, r.City, r.City, id); err != nil {
			return 0, err
		}
		rep.Updated++
	}
	for k, v := range r.Attributes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO participant_attributes (participant_id, key, value) VALUES (?,?,?)
			ON CONFLICT (participant_id, key) DO UPDATE SET value = excluded.value`, id, k, v); err != nil {
			return 0, err
		}
	}
	return id, nil
}

func (s *Store) unmatchedLabels() ([]UnmatchedLabel, error) {
	var out []UnmatchedLabel
	err := s.readRows(`SELECT l.grp, l.label, p.ref, (SELECT count(*) FROM turns t WHERE t.participant_id = p.id)
		FROM speaker_labels l JOIN participants p ON p.id = l.participant_id
		WHERE p.rostered = 0 AND p.facilitator = 0 ORDER BY l.grp, l.label`, func(sc scanner) error {
		var u UnmatchedLabel
		if err := sc.Scan(&u.Group, &u.Label, &u.Participant, &u.Turns); err != nil {
			return err
		}
		out = append(out, u)
		return nil
	})
	return out, err
}

// MergeParticipants folds participant drop into keep: drop's speaker labels,
// turns and survey answers move to keep, attributes keep lacks are copied,
// and drop is deleted.
func (s *Store) MergeParticipants(keep, drop string) error {
	if keep == drop {
		return fmt.Errorf("merge participants: %q and %q are the same participant", keep, drop)
	}
	return s.tx("merge participants", func(tx *sql.Tx) error {
		ctx := context.Background()
		k, kf, err := participantID(ctx, tx, keep)
		if err != nil {
			return err
		}
		d, df, err := participantID(ctx, tx, drop)
		if err != nil {
			return err
		}
		if kf != df {
			return fmt.Errorf("merge participants: one of %q and %q is a facilitator and the other is not; fix that first with `participants set ID facilitator=...`", keep, drop)
		}
		return mergeInto(ctx, tx, k, d)
	})
}

func mergeInto(ctx context.Context, tx *sql.Tx, keep, drop int64) error {
	for _, q := range []string{
		`UPDATE speaker_labels SET participant_id = ?1 WHERE participant_id = ?2`,
		`UPDATE turns SET participant_id = ?1 WHERE participant_id = ?2`,
		`UPDATE survey_respondents SET participant_id = ?1 WHERE participant_id = ?2`,
		`UPDATE memos SET participant_id = ?1 WHERE participant_id = ?2`,
		`INSERT OR IGNORE INTO participant_attributes (participant_id, key, value)
			SELECT ?1, key, value FROM participant_attributes WHERE participant_id = ?2`,
		`UPDATE participants SET city = (SELECT city FROM participants WHERE id = ?2) WHERE id = ?1 AND city = ''`,
		`DELETE FROM participants WHERE id = ?2`,
	} {
		if _, err := tx.ExecContext(ctx, q, keep, drop); err != nil {
			return err
		}
	}
	return nil
}
