package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/fieldwork-qda/fieldwork/coding/redact"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
)

// Identifier is one entry of the project's identifier list: a term to
// replace in every output, by its replacement or its kind's placeholder.
type Identifier struct {
	Term        string
	Replacement string
	Kind        redact.Kind
	AddedBy     string
	Added       time.Time
}

// nameAttributes are the roster columns that hold what a participant is
// called: their words are identifiers, replaced by the participant's id.
var nameAttributes = []string{"pseudonym", "name", "full_name", "first_name", "given_name", "last_name", "surname",
	"family_name", "alias", "nickname", "real_name"}

// AddIdentifier puts term on the identifier list (or changes its
// replacement and kind when it is there), in one transaction. The audit
// log records that the list changed, not the term.
func (s *Store) AddIdentifier(term, replacement string, kind redact.Kind) (Identifier, error) {
	term, replacement = strings.TrimSpace(term), strings.TrimSpace(replacement)
	if term == "" {
		return Identifier{}, errors.New("add identifier: the term is empty")
	}
	if kind == "" {
		kind = redact.KindName
	}
	id := Identifier{Term: term, Replacement: replacement, Kind: kind, AddedBy: s.actorName(), Added: time.Now().UTC().Truncate(time.Second)}
	err := s.tx("add identifier", func(tx *sql.Tx) error {
		ctx := context.Background()
		_, err := tx.ExecContext(ctx, `INSERT INTO identifiers (term, replacement, kind, added_by, added_at) VALUES (?,?,?,?,?)
			ON CONFLICT (term) DO UPDATE SET replacement = excluded.replacement, kind = excluded.kind`,
			term, replacement, string(kind), id.AddedBy, id.Added.Format(time.RFC3339))
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM identifiers`).Scan(&n); err != nil {
			return err
		}
		s.note(tx, AuditIdentifiers, "", fmt.Sprintf("add or change a %s on the identifier list (%s now)", kind, plural.Count(n, "term", "terms")))
		return nil
	})
	return id, err
}

// RemoveIdentifier takes term off the identifier list (ignoring case).
func (s *Store) RemoveIdentifier(term string) error {
	return s.tx("remove identifier", func(tx *sql.Tx) error {
		res, err := tx.Exec(`DELETE FROM identifiers WHERE term = ?`, strings.TrimSpace(term))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("identifier %q: %w (see `fieldwork redact list`)", term, ErrNotFound)
		}
		s.note(tx, AuditIdentifiers, "", "remove a term from the identifier list")
		return nil
	})
}

// Identifiers lists the identifier list in alphabetical order.
func (s *Store) Identifiers() ([]Identifier, error) {
	var out []Identifier
	err := eachRow(context.Background(), s.db, `SELECT term, replacement, kind, added_by, added_at FROM identifiers ORDER BY term COLLATE NOCASE`,
		func(sc scanner) error {
			var id Identifier
			var kind, at string
			if err := sc.Scan(&id.Term, &id.Replacement, &kind, &id.AddedBy, &at); err != nil {
				return err
			}
			id.Kind, id.Added = redact.Kind(kind), parseTime(at)
			out = append(out, id)
			return nil
		})
	return out, err
}

func (s *Store) actorName() string {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return s.log.actor
}

// IdentifierTerms is everything the identifier screen replaces that the
// project knows of: the identifier list first (its replacements win), then
// every participant's pseudonym and name attributes and every speaker label
// that looks like a personal name, each replaced by the participant's id.
// Withdrawn participants' names are kept: their names must not reach an
// output either.
func (s *Store) IdentifierTerms() ([]redact.Term, error) {
	list, err := s.Identifiers()
	if err != nil {
		return nil, err
	}
	var out []redact.Term
	for _, id := range list {
		if id.Kind == redact.KindKeep {
			continue
		}
		out = append(out, redact.Term{Text: id.Term, Replacement: id.Replacement, Kind: id.Kind, Source: redact.FromList})
	}
	q := `SELECT p.ref, a.value FROM participant_attributes a JOIN participants p ON p.id = a.participant_id
		WHERE a.key IN (` + strings.TrimSuffix(strings.Repeat("?,", len(nameAttributes)), ",") + `) ORDER BY p.ref, a.key`
	args := make([]any, len(nameAttributes))
	for i, k := range nameAttributes {
		args[i] = k
	}
	err = eachRow(context.Background(), s.db, q, func(sc scanner) error {
		var ref, v string
		if err := sc.Scan(&ref, &v); err != nil {
			return err
		}
		out = append(out, redact.Term{Text: v, Replacement: ref, Kind: redact.KindName, Source: redact.FromRoster})
		return nil
	}, args...)
	if err != nil {
		return nil, err
	}
	err = eachRow(context.Background(), s.db, `SELECT l.label, p.ref FROM speaker_labels l JOIN participants p ON p.id = l.participant_id ORDER BY p.ref, l.label`,
		func(sc scanner) error {
			var label, ref string
			if err := sc.Scan(&label, &ref); err != nil {
				return err
			}
			if redact.LooksLikePersonalName(label) {
				out = append(out, redact.Term{Text: label, Replacement: ref, Kind: redact.KindName, Source: redact.FromLabel})
			}
			return nil
		})
	// A replacement that holds its own term (a participant id made from a
	// label before ids were opaque, "HAM-1:Maria Gonzalez") would put the
	// name back: such terms get the placeholder.
	for i, t := range out {
		if strings.Contains(strings.ToLower(t.Replacement), strings.ToLower(t.Text)) {
			out[i].Replacement = ""
		}
	}
	return out, err
}

// IdentifierScreen makes the screen every output passes through, from
// IdentifierTerms; with scan, what the named-entity scan finds in every
// source is added (SourceEntities: stored per source, scanned again only
// where a text changed), so that names nobody listed are replaced too. Texts in
// allow are never replaced (the study's cities, the codebook's names).
func (s *Store) IdentifierScreen(scan bool, allow ...string) (*redact.Screen, error) {
	terms, err := s.IdentifierTerms()
	if err != nil {
		return nil, err
	}
	sc := redact.NewScreen(terms, allow...)
	if scan {
		found, err := s.SourceEntities(context.Background())
		if err != nil {
			return nil, err
		}
		sc.Add(found...)
	}
	return sc, nil
}

// ShownNames are what the identifier screen leaves alone so that tables
// can show them: the cities and groups of the sources and of the
// participants, the participants' ids, and every code's name and path
// (each part of a path too). It reads them alone, without the counts that
// Sources, Participants and Codebook add (a second on a large project).
func (s *Store) ShownNames() ([]string, error) {
	ctx := context.Background()
	var out []string
	err := eachRow(ctx, s.db, `SELECT city, grp FROM sources UNION ALL SELECT city, grp FROM participants
		UNION ALL SELECT ref, '' FROM participants`, func(sc scanner) error {
		var a, b string
		if err := sc.Scan(&a, &b); err != nil {
			return err
		}
		out = append(out, a, b)
		return nil
	})
	if err != nil {
		return nil, s.fail("read shown names", err)
	}
	rows, err := loadCodes(ctx, s.db)
	if err != nil {
		return nil, s.fail("read codebook", err)
	}
	codes, _ := treeOrder(rows)
	for _, c := range codes {
		out = append(out, c.Name, c.Path)
		out = append(out, strings.Split(c.Path, "/")...)
	}
	return out, nil
}

// KeptTerms are the terms the identifier list marks as never replaced
// (redact.KindKeep).
func (s *Store) KeptTerms() ([]string, error) {
	list, err := s.Identifiers()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, id := range list {
		if id.Kind == redact.KindKeep {
			out = append(out, id.Term)
		}
	}
	return out, nil
}

// SourceTexts returns every source's name and text, in import order.
func (s *Store) SourceTexts() ([]redact.Doc, error) {
	var out []redact.Doc
	ctx := context.Background()
	err := s.readSnapshot(ctx, func(tx *sql.Tx) error {
		at := map[int64]int{}
		err := eachRow(ctx, tx, `SELECT id, name FROM sources ORDER BY id`, func(sc scanner) error {
			var id int64
			var d redact.Doc
			if err := sc.Scan(&id, &d.Name); err != nil {
				return err
			}
			at[id] = len(out)
			out = append(out, d)
			return nil
		})
		if err != nil {
			return err
		}
		return eachSourceText(ctx, tx, func(id int64, text string) error {
			if i, ok := at[id]; ok {
				out[i].Text = text
			}
			return nil
		})
	})
	return out, err
}

// SuggestIdentifiers lists candidate identifiers found in the project's
// sources: what the project already knows (IdentifierTerms), what the
// entity scan finds and what the patterns match, each with its count and
// the sources it occurs in, the most frequent first.
func (s *Store) SuggestIdentifiers() ([]redact.Suggestion, error) {
	terms, err := s.IdentifierTerms()
	if err != nil {
		return nil, err
	}
	docs, err := s.SourceTexts()
	if err != nil {
		return nil, err
	}
	kept, err := s.KeptTerms()
	if err != nil {
		return nil, err
	}
	found, err := s.SourceEntities(context.Background())
	if err != nil {
		return nil, err
	}
	out := redact.SuggestFrom(docs, append(terms, found...), kept...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out, nil
}

// opaqueRef is the id of a new participant known only by a speaker label:
// the group, then P (or F for a facilitator) and the next free number in
// the group, "HAM-1-P03". The label never becomes the id, since a label may
// be a name and ids reach every output; it stays in speaker_labels, inside
// the project, for the researcher.
func opaqueRef(ctx context.Context, tx *sql.Tx, group string, facilitator bool) (string, error) {
	letter := "P"
	if facilitator {
		letter = "F"
	}
	prefix := group + "-" + letter
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM participants WHERE grp = ? AND facilitator = ? AND rostered = 0`,
		group, facilitator).Scan(&n)
	if err != nil {
		return "", err
	}
	for n++; ; n++ {
		ref := fmt.Sprintf("%s%02d", prefix, n)
		var x int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM participants WHERE ref = ?`, ref).Scan(&x)
		if errors.Is(err, sql.ErrNoRows) {
			return ref, nil
		}
		if err != nil {
			return "", err
		}
	}
}

// NameLikeLabels lists the speaker labels no roster row has named that
// look like a personal name ("Maria Gonzalez"), with the opaque id their
// speaker was given: the researcher should bind them with a roster.
func (s *Store) NameLikeLabels() ([]UnmatchedLabel, error) {
	all, err := s.unmatchedLabels()
	if err != nil {
		return nil, err
	}
	var out []UnmatchedLabel
	for _, u := range all {
		if redact.LooksLikePersonalName(u.Label) {
			out = append(out, u)
		}
	}
	return out, nil
}
