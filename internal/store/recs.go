package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
)

// The recommendation tracker's tables: recommendations (ids R1, R2 ...),
// their linked codes and stakeholders, and recommendation_log, which
// triggers keep append-only (schema 2). Every change of a recommendation
// runs in one transaction together with the log entry that records it, so
// the log can never miss a status change.

// Stamp is who writes a log entry, and when. A zero At is the time of the
// write, in the local zone; the entry keeps At's zone, so its date is the
// one the author saw.
type Stamp struct {
	At     time.Time
	Author string
}

func (st Stamp) at() string {
	t := st.At
	if t.IsZero() {
		t = time.Now()
	}
	return t.Format(time.RFC3339)
}

// ErrSameStatus: a status change to the status the recommendation has.
var ErrSameStatus = errors.New("already has that status")

func recID(ctx context.Context, tx *sql.Tx, ref string) (int64, string, error) {
	r, ok := tracker.ParseRef(ref)
	if !ok {
		return 0, "", fmt.Errorf("recommendation %q: %w (ids are R1, R2 ...; see `fieldwork recs`)", ref, ErrNotFound)
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM recommendations WHERE ref = ?`, r).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", fmt.Errorf("recommendation %s: %w (see `fieldwork recs`)", r, ErrNotFound)
	}
	return id, r, err
}

// resolveCodes finds every code of refs; errors name each missing code.
func resolveCodes(ctx context.Context, tx *sql.Tx, refs []string) ([]int64, error) {
	var ids []int64
	var errs []error
	for _, ref := range refs {
		c, err := resolveCode(ctx, tx, ref)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !slices.Contains(ids, c.ID) {
			ids = append(ids, c.ID)
		}
	}
	return ids, errors.Join(errs...)
}

func insertLog(ctx context.Context, tx *sql.Tx, rec int64, at, author, note string, from, to tracker.Status) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO recommendation_log (recommendation_id, at, author, note, status_from, status_to) VALUES (?,?,?,?,?,?)`,
		rec, at, author, note, string(from), string(to))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

func nextRef(ctx context.Context, tx *sql.Tx) (string, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT ifnull(max(CAST(substr(ref, 2) AS INTEGER)), 0) FROM recommendations WHERE ref GLOB 'R[1-9]*'`).Scan(&n)
	return "R" + strconv.Itoa(n+1), err
}

// addRec inserts one recommendation with its links and log.
func addRec(ctx context.Context, tx *sql.Tx, n tracker.Draft, by Stamp, note string) (string, error) {
	if err := n.Normalize(); err != nil {
		return "", err
	}
	codes, err := resolveCodes(ctx, tx, n.Codes)
	if err != nil {
		return "", err
	}
	ref := n.ID
	if ref == "" {
		if ref, err = nextRef(ctx, tx); err != nil {
			return "", err
		}
	} else {
		var x int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM recommendations WHERE ref = ?`, ref).Scan(&x); err != nil {
			return "", err
		}
		if x > 0 {
			return "", fmt.Errorf("recommendation %s: %w", ref, ErrExists)
		}
	}
	if strings.TrimSpace(by.Author) == "" && len(n.Log) == 0 {
		return "", errors.New("a log entry needs an author")
	}
	created := by.at()
	if len(n.Log) > 0 {
		created = n.Log[0].At.Format(time.RFC3339)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO recommendations (ref, title, text, owner, priority, status, due, created_at) VALUES (?,?,?,?,?,?,?,?)`,
		ref, n.Title, strings.TrimSpace(n.Text), strings.TrimSpace(n.Owner), string(n.Priority), string(n.Status), tracker.FormatDate(n.Due), created)
	if err != nil {
		return "", err
	}
	id, _ := res.LastInsertId()
	for _, c := range codes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO recommendation_codes (recommendation_id, code_id) VALUES (?, ?)`, id, c); err != nil {
			return "", err
		}
	}
	if err := setStakeholders(ctx, tx, id, n.Stakeholders); err != nil {
		return "", err
	}
	if len(n.Log) == 0 {
		_, err = insertLog(ctx, tx, id, by.at(), by.Author, strings.TrimSpace(note), "", n.Status)
		return ref, err
	}
	from := strings.TrimSpace(n.ImportedFrom)
	if from == "" {
		from = "(no file named)" // history that came in without a file is imported all the same
	}
	for _, f := range n.Log {
		if err := insertImportedLog(ctx, tx, id, f, from); err != nil {
			return "", err
		}
	}
	return ref, nil
}

func setStakeholders(ctx context.Context, tx *sql.Tx, id int64, list []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM recommendation_stakeholders WHERE recommendation_id = ?`, id); err != nil {
		return err
	}
	for _, s := range tracker.CleanList(list) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO recommendation_stakeholders (recommendation_id, stakeholder) VALUES (?, ?)`, id, s); err != nil {
			return err
		}
	}
	return nil
}

// AddRecommendation adds one recommendation and the log entry that records
// its creation (by, with note), in one transaction.
func (s *Store) AddRecommendation(n tracker.Draft, by Stamp, note string) (tracker.Recommendation, error) {
	var ref string
	err := s.tx("add recommendation", func(tx *sql.Tx) error {
		var err error
		ref, err = addRec(context.Background(), tx, n, by, note)
		return err
	})
	if err != nil {
		return tracker.Recommendation{}, err
	}
	return s.Recommendation(ref)
}

// ImportRecommendations adds every recommendation of list in one
// transaction: all of them, or none. Every bad one is reported, each with
// its Line, in one error.
func (s *Store) ImportRecommendations(list []tracker.Draft, by Stamp, note string) ([]string, error) {
	var refs []string
	err := s.tx("import recommendations", func(tx *sql.Tx) error {
		ctx := context.Background()
		var errs []error
		seen := map[string]string{}
		refs = make([]string, len(list))
		// Recommendations that bring their id go first, so that the
		// numbers given to the others never take one of theirs.
		for pass := 0; pass < 2; pass++ {
			for i, n := range list {
				if (n.ID != "") != (pass == 0) {
					continue
				}
				where := fmt.Sprintf("recommendation %d", i+1)
				if n.Line > 0 {
					where = fmt.Sprintf("line %d", n.Line)
				}
				if r, ok := tracker.ParseRef(n.ID); ok {
					if prev, dup := seen[r]; dup {
						errs = append(errs, fmt.Errorf("%s: id %s is also on %s", where, r, prev))
						continue
					}
					seen[r] = where
				}
				ref, err := addRec(ctx, tx, n, by, note)
				if err != nil {
					if isSQLite(err) {
						return err
					}
					errs = append(errs, fmt.Errorf("%s: %w", where, err))
					continue
				}
				refs[i] = ref
			}
		}
		if len(errs) > 0 {
			sort.SliceStable(errs, func(i, j int) bool { return lineOf(errs[i]) < lineOf(errs[j]) })
		}
		s.note(tx, AuditRecommendation, by.Author, importSummary(list))
		return errors.Join(errs...)
	})
	if err != nil {
		return nil, err
	}
	return refs, nil
}

// EditRecommendation changes the fields set in f and records what changed
// in one log entry (no entry when nothing changed), in one transaction.
// The status is changed by SetStatus only.
func (s *Store) EditRecommendation(ref string, f tracker.Edit, by Stamp) (tracker.Recommendation, error) {
	var r string
	err := s.tx("edit recommendation", func(tx *sql.Tx) error {
		ctx := context.Background()
		id, ref2, err := recID(ctx, tx, ref)
		if err != nil {
			return err
		}
		r = ref2
		old, err := loadRec(ctx, tx, id)
		if err != nil {
			return err
		}
		d, changes, err := f.Diff(&old)
		if err != nil {
			return err
		}
		cols := map[string]*string{"title": d.Title, "text": d.Text, "owner": d.Owner}
		if d.Priority != nil {
			cols["priority"] = ptr(string(*d.Priority))
		}
		if d.Due != nil {
			cols["due"] = ptr(tracker.FormatDate(*d.Due))
		}
		for col, val := range cols {
			if val == nil {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE recommendations SET `+col+` = ? WHERE id = ?`, *val, id); err != nil {
				return err
			}
		}
		if d.Stakeholders != nil {
			if err := setStakeholders(ctx, tx, id, *d.Stakeholders); err != nil {
				return err
			}
		}
		if f.Codes != nil {
			ids, err := resolveCodes(ctx, tx, *f.Codes)
			if err != nil {
				return err
			}
			added, removed, err := replaceCodes(ctx, tx, id, old.Codes, ids)
			if err != nil {
				return err
			}
			changes = append(changes, tracker.CodeChanges(added, removed)...)
		}
		if len(changes) == 0 {
			return nil
		}
		_, err = insertLog(ctx, tx, id, by.at(), by.Author, tracker.EditNote(changes), "", "")
		return err
	})
	if err != nil {
		return tracker.Recommendation{}, err
	}
	return s.Recommendation(r)
}

func ptr[T any](v T) *T { return &v }

// lineOf is the line number an import error starts with, for sorting.
func lineOf(err error) int {
	var n int
	if _, e := fmt.Sscanf(err.Error(), "line %d:", &n); e == nil {
		return n
	}
	if _, e := fmt.Sscanf(err.Error(), "recommendation %d:", &n); e == nil {
		return n
	}
	return 0
}

// replaceCodes makes the recommendation's links exactly ids and returns
// the paths added and removed.
func replaceCodes(ctx context.Context, tx *sql.Tx, rec int64, old []tracker.LinkedCode, ids []int64) (added, removed []string, err error) {
	for _, c := range old {
		if !slices.Contains(ids, c.ID) {
			if _, err := tx.ExecContext(ctx, `DELETE FROM recommendation_codes WHERE recommendation_id = ? AND code_id = ?`, rec, c.ID); err != nil {
				return nil, nil, err
			}
			removed = append(removed, c.Path)
		}
	}
	for _, id := range ids {
		if slices.ContainsFunc(old, func(c tracker.LinkedCode) bool { return c.ID == id }) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO recommendation_codes (recommendation_id, code_id) VALUES (?, ?)`, rec, id); err != nil {
			return nil, nil, err
		}
		c, err := codeByID(ctx, tx, id)
		if err != nil {
			return nil, nil, err
		}
		added = append(added, c.Path)
	}
	return added, removed, nil
}

// LinkCodes links codes to a recommendation as its evidence (or, with
// remove, unlinks them) and records the change in the log, in one
// transaction. Codes already linked (or, with remove, not linked) are
// left alone; it is an error when nothing changes.
func (s *Store) LinkCodes(ref string, codes []string, remove bool, by Stamp) (tracker.Recommendation, error) {
	var r string
	err := s.tx("link codes", func(tx *sql.Tx) error {
		ctx := context.Background()
		id, ref2, err := recID(ctx, tx, ref)
		if err != nil {
			return err
		}
		r = ref2
		old, err := loadRec(ctx, tx, id)
		if err != nil {
			return err
		}
		ids, err := resolveCodes(ctx, tx, codes)
		if err != nil {
			return err
		}
		want := old.CodeIDs()
		for _, c := range ids {
			has := slices.Contains(want, c)
			switch {
			case remove && has:
				want = slices.DeleteFunc(want, func(x int64) bool { return x == c })
			case !remove && !has:
				want = append(want, c)
			}
		}
		added, removed, err := replaceCodes(ctx, tx, id, old.Codes, want)
		if err != nil {
			return err
		}
		changes := tracker.CodeChanges(added, removed)
		if len(changes) == 0 {
			if remove {
				return fmt.Errorf("recommendation %s: none of these codes is linked to it", r)
			}
			return fmt.Errorf("recommendation %s: these codes are already linked to it", r)
		}
		_, err = insertLog(ctx, tx, id, by.at(), by.Author, strings.Join(changes, "; "), "", "")
		return err
	})
	if err != nil {
		return tracker.Recommendation{}, err
	}
	return s.Recommendation(r)
}

// SetStatus changes a recommendation's status and writes the log entry
// of the change (with note) in the same transaction. Setting the status it
// already has is an error wrapping ErrSameStatus.
func (s *Store) SetStatus(ref string, status tracker.Status, note string, by Stamp) (tracker.FollowUp, error) {
	var out tracker.FollowUp
	if !status.Known() {
		return out, fmt.Errorf("status %q: want one of proposed, accepted, in-progress, blocked, done, dropped", status)
	}
	if strings.TrimSpace(by.Author) == "" {
		return out, errors.New("a log entry needs an author")
	}
	err := s.tx("change status", func(tx *sql.Tx) error {
		ctx := context.Background()
		id, r, err := recID(ctx, tx, ref)
		if err != nil {
			return err
		}
		var old string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM recommendations WHERE id = ?`, id).Scan(&old); err != nil {
			return err
		}
		if tracker.Status(old) == status {
			return fmt.Errorf("recommendation %s %w (%s)", r, ErrSameStatus, status)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE recommendations SET status = ? WHERE id = ?`, string(status), id); err != nil {
			return err
		}
		at := by.at()
		lid, err := insertLog(ctx, tx, id, at, by.Author, strings.TrimSpace(note), tracker.Status(old), status)
		out = tracker.FollowUp{ID: lid, At: parseTime(at), Author: by.Author, Note: strings.TrimSpace(note), From: tracker.Status(old), To: status}
		return err
	})
	return out, err
}

// AddFollowUp appends a note to a recommendation's log.
func (s *Store) AddFollowUp(ref, note string, by Stamp) (tracker.FollowUp, error) {
	var out tracker.FollowUp
	note = strings.TrimSpace(note)
	if note == "" {
		return out, errors.New("a follow-up needs a note")
	}
	if strings.TrimSpace(by.Author) == "" {
		return out, errors.New("a log entry needs an author")
	}
	err := s.tx("add follow-up", func(tx *sql.Tx) error {
		ctx := context.Background()
		id, _, err := recID(ctx, tx, ref)
		if err != nil {
			return err
		}
		at := by.at()
		lid, err := insertLog(ctx, tx, id, at, by.Author, note, "", "")
		out = tracker.FollowUp{ID: lid, At: parseTime(at), Author: by.Author, Note: note}
		return err
	})
	return out, err
}

// Recommendations lists every recommendation by id number, with its
// linked codes (in codebook order), stakeholders and log, read in one
// transaction.
func (s *Store) Recommendations() ([]tracker.Recommendation, error) {
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.fail("list recommendations", err)
	}
	defer tx.Rollback()
	out, err := loadRecs(ctx, tx, 0)
	if err != nil {
		return nil, s.fail("list recommendations", err)
	}
	return out, nil
}

// Recommendation finds one recommendation by id ("R3", "r3" or "3").
func (s *Store) Recommendation(ref string) (tracker.Recommendation, error) {
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return tracker.Recommendation{}, s.fail("read recommendation", err)
	}
	defer tx.Rollback()
	id, _, err := recID(ctx, tx, ref)
	if err != nil {
		if isSQLite(err) {
			return tracker.Recommendation{}, s.fail("read recommendation", err)
		}
		return tracker.Recommendation{}, err
	}
	r, err := loadRec(ctx, tx, id)
	if err != nil {
		return r, s.fail("read recommendation", err)
	}
	return r, nil
}

func loadRec(ctx context.Context, tx *sql.Tx, id int64) (tracker.Recommendation, error) {
	list, err := loadRecs(ctx, tx, id)
	if err != nil {
		return tracker.Recommendation{}, err
	}
	if len(list) != 1 {
		return tracker.Recommendation{}, fmt.Errorf("recommendation %d: %w", id, ErrNotFound)
	}
	return list[0], nil
}

// loadRecs reads every recommendation, or only the one with row id only.
func loadRecs(ctx context.Context, tx *sql.Tx, only int64) ([]tracker.Recommendation, error) {
	where := ""
	var args []any
	if only > 0 {
		where, args = " WHERE id = ?", []any{only}
	}
	var out []tracker.Recommendation
	idx := map[int64]int{}
	err := eachRow(ctx, tx, `SELECT id, ref, title, text, owner, priority, status, due, created_at FROM recommendations`+where, func(sc scanner) error {
		var id int64
		var r tracker.Recommendation
		var prio, status, due, created string
		if err := sc.Scan(&id, &r.ID, &r.Title, &r.Text, &r.Owner, &prio, &status, &due, &created); err != nil {
			return err
		}
		r.Priority, r.Status, r.Created = tracker.Priority(prio), tracker.Status(status), parseTime(created)
		r.Due, _ = tracker.ParseDate(due)
		r.Stakeholders, r.Codes, r.Log = []string{}, []tracker.LinkedCode{}, []tracker.FollowUp{}
		idx[id] = len(out)
		out = append(out, r)
		return nil
	}, args...)
	if err != nil {
		return nil, err
	}
	each := func(q string, fn func(scanner) error) error {
		return eachRow(ctx, tx, q+where2(only), fn, args...)
	}
	err = each(`SELECT recommendation_id, stakeholder FROM recommendation_stakeholders`, func(sc scanner) error {
		var id int64
		var v string
		if err := sc.Scan(&id, &v); err != nil {
			return err
		}
		if i, ok := idx[id]; ok {
			out[i].Stakeholders = append(out[i].Stakeholders, v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	codes, err := loadCodes(ctx, tx)
	if err != nil {
		return nil, err
	}
	ordered, _ := treeOrder(codes)
	pos := map[int64]int{}
	paths := map[int64]string{}
	for i, c := range ordered {
		pos[c.ID], paths[c.ID] = i, c.Path
	}
	err = each(`SELECT recommendation_id, code_id FROM recommendation_codes`, func(sc scanner) error {
		var id, code int64
		if err := sc.Scan(&id, &code); err != nil {
			return err
		}
		if i, ok := idx[id]; ok {
			out[i].Codes = append(out[i].Codes, tracker.LinkedCode{ID: code, Path: paths[code]})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(`SELECT recommendation_id, id, at, author, note, status_from, status_to FROM recommendation_log`, func(sc scanner) error {
		var id int64
		var f tracker.FollowUp
		var at, from, to string
		if err := sc.Scan(&id, &f.ID, &at, &f.Author, &f.Note, &from, &to); err != nil {
			return err
		}
		f.At, f.From, f.To = parseTime(at), tracker.Status(from), tracker.Status(to)
		if i, ok := idx[id]; ok {
			out[i].Log = append(out[i].Log, f)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		r := &out[i]
		sort.Slice(r.Stakeholders, func(a, b int) bool {
			return strings.ToLower(r.Stakeholders[a]) < strings.ToLower(r.Stakeholders[b])
		})
		sort.Slice(r.Codes, func(a, b int) bool { return pos[r.Codes[a].ID] < pos[r.Codes[b].ID] })
		sort.Slice(r.Log, func(a, b int) bool { return r.Log[a].ID < r.Log[b].ID })
	}
	sort.Slice(out, func(i, j int) bool { return tracker.RefLess(out[i].ID, out[j].ID) })
	return out, nil
}

func where2(only int64) string {
	if only > 0 {
		return " WHERE recommendation_id = ?"
	}
	return ""
}
