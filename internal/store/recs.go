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

	"github.com/fieldwork-qda/fieldwork/analysis"
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

// NewRecommendation is a recommendation to add.
type NewRecommendation struct {
	// ID, when not empty, must be R followed by a number not in use; else
	// the next free number is given.
	ID           string
	Title        string
	Text         string
	Owner        string
	Stakeholders []string
	// Priority "" is medium; Status "" is proposed.
	Priority analysis.Priority
	Status   analysis.Status
	// Due is a calendar day (see analysis.DateOf); zero for none.
	Due time.Time
	// Codes are code paths or names only one code has.
	Codes []string
	// Log, when not empty, is the recommendation's history, kept as it is
	// (an export brought back). Otherwise one entry records the creation
	// with its status.
	Log []analysis.FollowUp
	// Line is the file line the recommendation was read from, for error
	// messages; 0 when it was not read from a file.
	Line int
	// ImportedFrom names the file Log was read from: its entries are kept
	// marked as imported history, not as changes made in this project.
	ImportedFrom string
}

// RecFields are the fields `recs edit` changes; nil leaves a field as it
// is. Stakeholders and Codes replace the whole list; a zero Due clears it.
type RecFields struct {
	Title, Text, Owner *string
	Priority           *analysis.Priority
	Due                *time.Time
	Stakeholders       *[]string
	Codes              *[]string
}

// IsZero reports whether no field is set.
func (f RecFields) IsZero() bool {
	return f.Title == nil && f.Text == nil && f.Owner == nil && f.Priority == nil && f.Due == nil &&
		f.Stakeholders == nil && f.Codes == nil
}

// ErrSameStatus: a status change to the status the recommendation has.
var ErrSameStatus = errors.New("already has that status")

// NormRef turns a recommendation id as people type it ("r3", "3", " R3")
// into its stored form "R3"; ok is false when it is not an id.
func NormRef(ref string) (string, bool) {
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

func recID(ctx context.Context, tx *sql.Tx, ref string) (int64, string, error) {
	r, ok := NormRef(ref)
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

func cleanList(list []string) []string {
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

// validateNew checks the fields that need no database.
func (n *NewRecommendation) validate() error {
	n.Title = strings.TrimSpace(n.Title)
	if n.Title == "" {
		return errors.New("a recommendation needs a title")
	}
	if n.Priority == "" {
		n.Priority = analysis.PriorityMedium
	} else {
		p, err := analysis.ParsePriority(string(n.Priority))
		if err != nil {
			return err
		}
		n.Priority = p
	}
	if n.Status == "" {
		n.Status = analysis.StatusProposed
	} else {
		st, err := analysis.ParseStatus(string(n.Status))
		if err != nil {
			return err
		}
		n.Status = st
	}
	if n.ID != "" {
		r, ok := NormRef(n.ID)
		if !ok {
			return fmt.Errorf("id %q: want R followed by a number, as in R7", n.ID)
		}
		n.ID = r
	}
	for i, f := range n.Log {
		if strings.TrimSpace(f.Author) == "" {
			return fmt.Errorf("log entry %d has no author", i+1)
		}
		if f.At.IsZero() {
			return fmt.Errorf("log entry %d has no date", i+1)
		}
		for _, st := range []analysis.Status{f.From, f.To} {
			if st != "" && st.Rank() == len(analysis.Statuses()) {
				return fmt.Errorf("log entry %d: unknown status %q", i+1, st)
			}
		}
	}
	if len(n.Log) > 0 {
		if last := lastStatus(n.Log); last != "" && last != n.Status {
			return fmt.Errorf("the log ends with status %s but the status is %s", last, n.Status)
		}
	}
	return nil
}

// lastStatus is the status the log's last status change set, "" if none.
func lastStatus(log []analysis.FollowUp) analysis.Status {
	for i := len(log) - 1; i >= 0; i-- {
		if log[i].To != "" {
			return log[i].To
		}
	}
	return ""
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

func insertLog(ctx context.Context, tx *sql.Tx, rec int64, at, author, note string, from, to analysis.Status) (int64, error) {
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
func addRec(ctx context.Context, tx *sql.Tx, n NewRecommendation, by Stamp, note string) (string, error) {
	if err := n.validate(); err != nil {
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
		ref, n.Title, strings.TrimSpace(n.Text), strings.TrimSpace(n.Owner), string(n.Priority), string(n.Status), analysis.FormatDate(n.Due), created)
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
	for _, s := range cleanList(list) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO recommendation_stakeholders (recommendation_id, stakeholder) VALUES (?, ?)`, id, s); err != nil {
			return err
		}
	}
	return nil
}

// AddRecommendation adds one recommendation and the log entry that records
// its creation (by, with note), in one transaction.
func (s *Store) AddRecommendation(n NewRecommendation, by Stamp, note string) (analysis.Recommendation, error) {
	var ref string
	err := s.tx("add recommendation", func(tx *sql.Tx) error {
		var err error
		ref, err = addRec(context.Background(), tx, n, by, note)
		return err
	})
	if err != nil {
		return analysis.Recommendation{}, err
	}
	return s.Recommendation(ref)
}

// ImportRecommendations adds every recommendation of list in one
// transaction: all of them, or none. Every bad one is reported, each with
// its Line, in one error.
func (s *Store) ImportRecommendations(list []NewRecommendation, by Stamp, note string) ([]string, error) {
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
				if r, ok := NormRef(n.ID); ok {
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
func (s *Store) EditRecommendation(ref string, f RecFields, by Stamp) (analysis.Recommendation, error) {
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
		var changes []string
		set := func(col, val string) error {
			_, err := tx.ExecContext(ctx, `UPDATE recommendations SET `+col+` = ? WHERE id = ?`, val, id)
			return err
		}
		if f.Title != nil {
			t := strings.TrimSpace(*f.Title)
			if t == "" {
				return errors.New("a recommendation needs a title")
			}
			if t != old.Title {
				changes = append(changes, "title")
				if err := set("title", t); err != nil {
					return err
				}
			}
		}
		if f.Text != nil && strings.TrimSpace(*f.Text) != old.Text {
			changes = append(changes, "text")
			if err := set("text", strings.TrimSpace(*f.Text)); err != nil {
				return err
			}
		}
		if f.Owner != nil && strings.TrimSpace(*f.Owner) != old.Owner {
			v := strings.TrimSpace(*f.Owner)
			changes = append(changes, fmt.Sprintf("owner %s → %s", orNone(old.Owner), orNone(v)))
			if err := set("owner", v); err != nil {
				return err
			}
		}
		if f.Priority != nil {
			p, err := analysis.ParsePriority(string(*f.Priority))
			if err != nil {
				return err
			}
			if p != old.Priority {
				changes = append(changes, fmt.Sprintf("priority %s → %s", old.Priority, p))
				if err := set("priority", string(p)); err != nil {
					return err
				}
			}
		}
		if f.Due != nil {
			v := analysis.FormatDate(analysis.DateOf(*f.Due))
			if v != analysis.FormatDate(old.Due) {
				changes = append(changes, fmt.Sprintf("due %s → %s", orNone(analysis.FormatDate(old.Due)), orNone(v)))
				if err := set("due", v); err != nil {
					return err
				}
			}
		}
		if f.Stakeholders != nil {
			v := cleanList(*f.Stakeholders)
			if !sameFold(v, old.Stakeholders) {
				changes = append(changes, fmt.Sprintf("stakeholders %s → %s", orNone(strings.Join(old.Stakeholders, ", ")), orNone(strings.Join(sortedFold(v), ", "))))
				if err := setStakeholders(ctx, tx, id, v); err != nil {
					return err
				}
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
			changes = append(changes, codeChanges(added, removed)...)
		}
		if len(changes) == 0 {
			return nil
		}
		_, err = insertLog(ctx, tx, id, by.at(), by.Author, "edited "+strings.Join(changes, "; "), "", "")
		return err
	})
	if err != nil {
		return analysis.Recommendation{}, err
	}
	return s.Recommendation(r)
}

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

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func sortedFold(list []string) []string {
	out := slices.Clone(list)
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i]) < strings.ToLower(out[j]) })
	return out
}

func sameFold(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = sortedFold(a), sortedFold(b)
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}

// replaceCodes makes the recommendation's links exactly ids and returns
// the paths added and removed.
func replaceCodes(ctx context.Context, tx *sql.Tx, rec int64, old []analysis.LinkedCode, ids []int64) (added, removed []string, err error) {
	for _, c := range old {
		if !slices.Contains(ids, c.ID) {
			if _, err := tx.ExecContext(ctx, `DELETE FROM recommendation_codes WHERE recommendation_id = ? AND code_id = ?`, rec, c.ID); err != nil {
				return nil, nil, err
			}
			removed = append(removed, c.Path)
		}
	}
	for _, id := range ids {
		if slices.ContainsFunc(old, func(c analysis.LinkedCode) bool { return c.ID == id }) {
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

func codeChanges(added, removed []string) []string {
	var out []string
	if len(added) > 0 {
		out = append(out, "linked "+strings.Join(added, ", "))
	}
	if len(removed) > 0 {
		out = append(out, "unlinked "+strings.Join(removed, ", "))
	}
	return out
}

// LinkCodes links codes to a recommendation as its evidence (or, with
// remove, unlinks them) and records the change in the log, in one
// transaction. Codes already linked (or, with remove, not linked) are
// left alone; it is an error when nothing changes.
func (s *Store) LinkCodes(ref string, codes []string, remove bool, by Stamp) (analysis.Recommendation, error) {
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
		changes := codeChanges(added, removed)
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
		return analysis.Recommendation{}, err
	}
	return s.Recommendation(r)
}

// SetStatus changes a recommendation's status and writes the log entry
// of the change (with note) in the same transaction. Setting the status it
// already has is an error wrapping ErrSameStatus.
func (s *Store) SetStatus(ref string, status analysis.Status, note string, by Stamp) (analysis.FollowUp, error) {
	var out analysis.FollowUp
	if status.Rank() == len(analysis.Statuses()) {
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
		if analysis.Status(old) == status {
			return fmt.Errorf("recommendation %s %w (%s)", r, ErrSameStatus, status)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE recommendations SET status = ? WHERE id = ?`, string(status), id); err != nil {
			return err
		}
		at := by.at()
		lid, err := insertLog(ctx, tx, id, at, by.Author, strings.TrimSpace(note), analysis.Status(old), status)
		out = analysis.FollowUp{ID: lid, At: parseTime(at), Author: by.Author, Note: strings.TrimSpace(note), From: analysis.Status(old), To: status}
		return err
	})
	return out, err
}

// AddFollowUp appends a note to a recommendation's log.
func (s *Store) AddFollowUp(ref, note string, by Stamp) (analysis.FollowUp, error) {
	var out analysis.FollowUp
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
		out = analysis.FollowUp{ID: lid, At: parseTime(at), Author: by.Author, Note: note}
		return err
	})
	return out, err
}

// Recommendations lists every recommendation by id number, with its
// linked codes (in codebook order), stakeholders and log, read in one
// transaction.
func (s *Store) Recommendations() ([]analysis.Recommendation, error) {
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
func (s *Store) Recommendation(ref string) (analysis.Recommendation, error) {
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return analysis.Recommendation{}, s.fail("read recommendation", err)
	}
	defer tx.Rollback()
	id, _, err := recID(ctx, tx, ref)
	if err != nil {
		if isSQLite(err) {
			return analysis.Recommendation{}, s.fail("read recommendation", err)
		}
		return analysis.Recommendation{}, err
	}
	r, err := loadRec(ctx, tx, id)
	if err != nil {
		return r, s.fail("read recommendation", err)
	}
	return r, nil
}

func loadRec(ctx context.Context, tx *sql.Tx, id int64) (analysis.Recommendation, error) {
	list, err := loadRecs(ctx, tx, id)
	if err != nil {
		return analysis.Recommendation{}, err
	}
	if len(list) != 1 {
		return analysis.Recommendation{}, fmt.Errorf("recommendation %d: %w", id, ErrNotFound)
	}
	return list[0], nil
}

// loadRecs reads every recommendation, or only the one with row id only.
func loadRecs(ctx context.Context, tx *sql.Tx, only int64) ([]analysis.Recommendation, error) {
	where := ""
	var args []any
	if only > 0 {
		where, args = " WHERE id = ?", []any{only}
	}
	var out []analysis.Recommendation
	idx := map[int64]int{}
	rows, err := tx.QueryContext(ctx, `SELECT id, ref, title, text, owner, priority, status, due, created_at FROM recommendations`+where, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var r analysis.Recommendation
		var prio, status, due, created string
		if err := rows.Scan(&id, &r.ID, &r.Title, &r.Text, &r.Owner, &prio, &status, &due, &created); err != nil {
			rows.Close()
			return nil, err
		}
		r.Priority, r.Status, r.Created = analysis.Priority(prio), analysis.Status(status), parseTime(created)
		r.Due, _ = analysis.ParseDate(due)
		r.Stakeholders, r.Codes, r.Log = []string{}, []analysis.LinkedCode{}, []analysis.FollowUp{}
		idx[id] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	each := func(q string, fn func(scanner) error) error {
		rows, err := tx.QueryContext(ctx, q+where2(only), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := fn(rows); err != nil {
				return err
			}
		}
		return rows.Err()
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
			out[i].Codes = append(out[i].Codes, analysis.LinkedCode{ID: code, Path: paths[code]})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(`SELECT recommendation_id, id, at, author, note, status_from, status_to FROM recommendation_log`, func(sc scanner) error {
		var id int64
		var f analysis.FollowUp
		var at, from, to string
		if err := sc.Scan(&id, &f.ID, &at, &f.Author, &f.Note, &from, &to); err != nil {
			return err
		}
		f.At, f.From, f.To = parseTime(at), analysis.Status(from), analysis.Status(to)
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
	sort.Slice(out, func(i, j int) bool { return analysis.RefLess(out[i].ID, out[j].ID) })
	return out, nil
}

func where2(only int64) string {
	if only > 0 {
		return " WHERE recommendation_id = ?"
	}
	return ""
}
