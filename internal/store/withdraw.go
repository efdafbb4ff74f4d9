package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/redact"
)

// Consent withdrawal. A participant who withdraws has their words removed
// from the project's file:
//
//   - every character of their turns is replaced by WithdrawnMarker and
//     spaces, the same number of code points as before, so that the turns,
//     sentences and codings of everyone else keep their offsets and stay on
//     the same words;
//   - codings that lie within their turns are deleted, and so are memos on
//     a span that touches their turns; codings that reach into their turns
//     from someone else's keep their span but lose their memo;
//   - survey respondents linked to them are deleted with every answer;
//     their attributes are deleted, and speaker labels that look like a
//     personal name are unbound (role labels such as "P3" stay bound, so a
//     later import of the same group still finds them withdrawn);
//   - the participant stays, flagged withdrawn, and the dataset the tables
//     are computed from leaves them out of every numerator and denominator.
//
// Withdrawing again erases turns bound to them since (a later transcript of
// the same group, where a role label such as "P3" still binds to them).
//
// The transaction runs with PRAGMA secure_delete on, so SQLite overwrites
// the freed space with zeros, and then the WAL is checkpointed and
// truncated: the words cannot be read from the file's bytes afterwards.
// The source's SHA-256 is that of the text as imported, so the same file is
// still refused as a second import (which would bring the words back).
// The audit log records that a withdrawal happened and what it removed, by
// count, never the words nor the note.

// WithdrawnMarker begins the text that replaces a withdrawn participant's
// turn.
const WithdrawnMarker = "[withdrawn]"

// Withdrawal is what Withdraw removed.
type Withdrawal struct {
	Participant string
	Turns       int // turns masked
	Sources     int // sources they spoke in
	Codings     int // codings deleted
	Memos       int // memos deleted or cleared
	Respondents int // survey respondents deleted
	// Truncated is false when another connection kept the WAL from being
	// truncated: the old pages may stay in the WAL until it closes.
	Truncated bool
}

// Withdraw removes a participant's words from the project (see above) in
// one transaction. note says why (the consent form, the date of the
// request); it is kept with the participant, not in the audit log.
func (s *Store) Withdraw(ref, note string) (Withdrawal, error) {
	w := Withdrawal{Participant: ref}
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, `PRAGMA secure_delete=ON`); err != nil {
		return w, s.fail("withdraw "+ref, err)
	}
	defer s.db.ExecContext(ctx, `PRAGMA secure_delete=OFF`)
	err := s.tx("withdraw participant", func(tx *sql.Tx) error {
		// the pool has one connection, but say it again inside the transaction
		if _, err := tx.ExecContext(ctx, `PRAGMA secure_delete=ON`); err != nil {
			return err
		}
		id, _, err := participantID(ctx, tx, ref)
		if err != nil {
			return err
		}
		var already string
		if err := tx.QueryRowContext(ctx, `SELECT withdrawn_at FROM participants WHERE id = ?`, id).Scan(&already); err != nil {
			return err
		}
		if err := withdrawTurns(ctx, tx, id, &w); err != nil {
			return err
		}
		// what the entity scan found in their words goes with them
		if err := forgetEntityScans(ctx, tx, `SELECT source_id FROM turns WHERE participant_id = ?`, id); err != nil {
			return err
		}
		if already != "" && w.Turns == 0 {
			return fmt.Errorf("participant %q withdrew on %s already, and no words of theirs were imported since", ref, already[:min(10, len(already))])
		}
		if err := withdrawSurvey(ctx, tx, id, &w); err != nil {
			return err
		}
		if err := unbindNames(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM participant_attributes WHERE participant_id = ?`, id); err != nil {
			return err
		}
		n, err := execCount(ctx, tx, `DELETE FROM memos WHERE participant_id = ?`, id) // memos on them
		if err != nil {
			return err
		}
		w.Memos += n
		if already == "" {
			if _, err := tx.ExecContext(ctx, `UPDATE participants SET withdrawn_at = ?, withdrawn_note = ? WHERE id = ?`,
				time.Now().UTC().Format(time.RFC3339), strings.TrimSpace(note), id); err != nil {
				return err
			}
		}
		what := "withdrew"
		if already != "" {
			what = "withdrew earlier; words imported since erased"
		}
		s.note(tx, AuditWithdrawal, "", fmt.Sprintf("participant %s %s: %d turn(s) in %d source(s) masked; %d coding(s), %d memo(s), %d survey respondent(s) removed",
			ref, what, w.Turns, w.Sources, w.Codings, w.Memos, w.Respondents))
		return nil
	})
	if err != nil {
		return w, err
	}
	var busy, frames, done int
	if err := s.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &done); err != nil {
		return w, s.fail("withdraw "+ref+": checkpoint", err)
	}
	w.Truncated = busy == 0
	return w, nil
}

type turnSpan struct{ start, end int }

// withdrawTurns masks the participant's turns and removes the codings and
// memos on them.
func withdrawTurns(ctx context.Context, tx *sql.Tx, pid int64, w *Withdrawal) error {
	bySource := map[int64][]turnSpan{}
	var order []int64
	err := eachRow(ctx, tx, `SELECT source_id, start, end FROM turns WHERE participant_id = ? ORDER BY source_id, start`, func(sc scanner) error {
		var src int64
		var sp turnSpan
		if err := sc.Scan(&src, &sp.start, &sp.end); err != nil {
			return err
		}
		if _, ok := bySource[src]; !ok {
			order = append(order, src)
		}
		bySource[src] = append(bySource[src], sp)
		return nil
	}, pid)
	if err != nil {
		return err
	}
	for _, src := range order {
		spans := bySource[src]
		text, err := sourceText(ctx, tx, src)
		if err != nil {
			return err
		}
		runes := []rune(text)
		masked := 0
		for _, sp := range spans {
			a, b := max(0, sp.start), min(len(runes), sp.end)
			if a >= b || string(runes[a:b]) == maskOf(b-a) {
				continue // masked by an earlier withdrawal
			}
			copy(runes[a:b], []rune(maskOf(b-a)))
			masked++
			n, err := execCount(ctx, tx, `DELETE FROM codings WHERE source_id = ? AND start >= ? AND end <= ?`, src, sp.start, sp.end)
			if err != nil {
				return err
			}
			w.Codings += n
			if n, err = execCount(ctx, tx, `DELETE FROM memos WHERE source_id = ? AND start < ? AND end > ?`, src, sp.end, sp.start); err != nil {
				return err
			}
			w.Memos += n
			if n, err = execCount(ctx, tx, `UPDATE codings SET memo = '' WHERE source_id = ? AND start < ? AND end > ? AND memo <> ''`, src, sp.end, sp.start); err != nil {
				return err
			}
			w.Memos += n
		}
		if masked == 0 {
			continue
		}
		out := string(runes)
		if _, err := tx.ExecContext(ctx, `UPDATE sources SET words = ? WHERE id = ?`, coding.WordCount(out), src); err != nil {
			return err
		}
		if err := setSourceText(ctx, tx, src, out); err != nil {
			return err
		}
		w.Turns += masked
		w.Sources++
	}
	return nil
}

// maskOf is the text that replaces n code points of a withdrawn turn.
func maskOf(n int) string {
	m := []rune(WithdrawnMarker)
	switch {
	case n >= len(m):
		return WithdrawnMarker + strings.Repeat(" ", n-len(m))
	case n >= 2:
		return "[" + strings.Repeat("-", n-2) + "]"
	default:
		return strings.Repeat("-", n)
	}
}

// withdrawSurvey deletes the participant's survey respondents (their
// answers go with them): the ones linked to them, and the unlinked one
// whose open answers were bound to them through a "Respondent REF" label.
func withdrawSurvey(ctx context.Context, tx *sql.Tx, pid int64, w *Withdrawal) error {
	n, err := execCount(ctx, tx, `DELETE FROM survey_respondents WHERE participant_id = ?`, pid)
	if err != nil {
		return err
	}
	w.Respondents += n
	n, err = execCount(ctx, tx, `DELETE FROM survey_respondents WHERE id IN (
		SELECT r.id FROM survey_respondents r JOIN survey_instruments i ON i.id = r.instrument_id
		JOIN speaker_labels l ON l.participant_id = ? AND l.label = 'Respondent ' || r.ref AND l.grp LIKE i.name || '-%')`, pid)
	w.Respondents += n
	return err
}

// unbindNames deletes the participant's speaker labels that look like a
// personal name, and the label written on each of their turns.
func unbindNames(ctx context.Context, tx *sql.Tx, pid int64) error {
	var names []string
	err := eachRow(ctx, tx, `SELECT label FROM speaker_labels WHERE participant_id = ?`, func(sc scanner) error {
		var l string
		if err := sc.Scan(&l); err != nil {
			return err
		}
		if redact.LooksLikePersonalName(l) {
			names = append(names, l)
		}
		return nil
	}, pid)
	if err != nil {
		return err
	}
	for _, l := range names {
		if _, err := tx.ExecContext(ctx, `DELETE FROM speaker_labels WHERE participant_id = ? AND label = ?`, pid, l); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE turns SET speaker = '' WHERE participant_id = ? AND speaker = ?`, pid, l); err != nil {
			return err
		}
	}
	return nil
}

func execCount(ctx context.Context, tx *sql.Tx, q string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// WithdrawnSpeakers lists, for the given sources, the withdrawn
// participants who speak in them with words not yet erased (an import after
// the withdrawal), with the number of such turns.
func (s *Store) WithdrawnSpeakers(sourceIDs []int64) (map[string]int, error) {
	out := map[string]int{}
	type turn struct {
		ref  string
		a, b int // code points
	}
	for _, id := range sourceIDs {
		// The withdrawn speakers' turns first: most sources have none, and
		// then the text (megabytes, for a long transcript) is never read.
		var turns []turn
		err := eachRow(context.Background(), s.db, `SELECT p.ref, t.start, t.end FROM turns t JOIN participants p ON p.id = t.participant_id
			WHERE t.source_id = ? AND p.withdrawn_at <> '' ORDER BY t.start`, func(sc scanner) error {
			var t turn
			if err := sc.Scan(&t.ref, &t.a, &t.b); err != nil {
				return err
			}
			turns = append(turns, t)
			return nil
		}, id)
		if err != nil {
			return nil, err
		}
		if len(turns) == 0 {
			continue
		}
		text, err := sourceText(context.Background(), s.db, id)
		if err != nil {
			return nil, s.fail("read source", err)
		}
		// Code-point offsets to byte offsets in one walk of the text.
		bytesAt := map[int]int{}
		var cps []int
		for _, t := range turns {
			cps = append(cps, max(0, t.a), max(0, t.b))
		}
		sort.Ints(cps)
		cp, i := 0, 0
		for _, want := range cps {
			for cp < want && i < len(text) {
				_, n := utf8.DecodeRuneInString(text[i:])
				i += n
				cp++
			}
			bytesAt[want] = i
		}
		for _, t := range turns {
			a, b := bytesAt[max(0, t.a)], bytesAt[max(0, t.b)]
			n := utf8.RuneCountInString(text[a:b])
			if a < b && text[a:b] != maskOf(n) {
				out[t.ref]++
			}
		}
	}
	return out, nil
}

// Withdrawn lists the participants who withdrew, by id, with the day.
func (s *Store) Withdrawn() (map[string]time.Time, error) {
	out := map[string]time.Time{}
	err := eachRow(context.Background(), s.db, `SELECT ref, withdrawn_at FROM participants WHERE withdrawn_at <> ''`, func(sc scanner) error {
		var ref, at string
		if err := sc.Scan(&ref, &at); err != nil {
			return err
		}
		out[ref] = parseTime(at)
		return nil
	})
	return out, err
}
