package store

import (
	"cmp"
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ncruces/go-sqlite3"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
)

// Dataset loads what the analysis tables are computed from — sources with
// their text, turns, sentences, participants with attributes, the codebook
// in tree order with paths, and every coding — in one read transaction, so
// the tables see one consistent state of the project even while another
// process writes.
//
// Speaker labels are not loaded: tables name participants by ID only.
func (s *Store) Dataset(ctx context.Context) (*analysis.Dataset, error) {
	var d *analysis.Dataset
	err := s.readTx(ctx, func(tx *sql.Tx, raw *sqlite3.Conn) error {
		var err error
		d, err = s.loadDataset(ctx, tx, raw)
		return err
	})
	if err != nil {
		return nil, s.fail("read dataset", err)
	}
	return d, nil
}

// TrackerData reads the recommendations (as Recommendations does; with a
// ref, only that one, as Recommendation does) and the dataset (as Dataset
// does) in one read transaction, so that evidence is counted on the state
// the recommendations were read in.
func (s *Store) TrackerData(ctx context.Context, ref string) ([]tracker.Recommendation, *analysis.Dataset, error) {
	var recs []tracker.Recommendation
	var d *analysis.Dataset
	var failed error // a failure already described
	err := s.readTx(ctx, func(tx *sql.Tx, raw *sqlite3.Conn) error {
		var only int64
		var err error
		if ref != "" {
			if only, _, err = recID(ctx, tx, ref); err != nil {
				if isSQLite(err) {
					return s.fail("read recommendation", err)
				}
				failed = err
				return err
			}
		}
		if recs, err = loadRecs(ctx, tx, only); err != nil {
			failed = s.fail("read recommendations", err)
			return failed
		}
		d, err = s.loadDataset(ctx, tx, raw)
		return err
	})
	if failed != nil {
		return nil, nil, failed
	}
	if err != nil {
		return nil, nil, s.fail("read dataset", err)
	}
	return recs, d, nil
}

func (s *Store) loadDataset(ctx context.Context, tx *sql.Tx, raw *sqlite3.Conn) (*analysis.Dataset, error) {
	d := &analysis.Dataset{Project: strings.TrimSuffix(filepath.Base(s.path), filepath.Ext(s.path))}
	steps := []func(context.Context, *sql.Tx, *analysis.Dataset) error{
		loadDatasetSources, loadDatasetTurns, loadDatasetSentences,
		loadDatasetParticipants, loadDatasetCodes,
	}
	for _, step := range steps {
		if err := step(ctx, tx, d); err != nil {
			return nil, err
		}
	}
	if err := loadDatasetCodings(ctx, raw, d); err != nil {
		return nil, err
	}
	var err error
	if d.Surveys, err = allSurveyData(ctx, tx, raw); err != nil {
		return nil, err
	}
	return d, nil
}

func loadDatasetSources(ctx context.Context, tx *sql.Tx, d *analysis.Dataset) error {
	at := map[int64]int{}
	err := eachRow(ctx, tx, `SELECT id, name, city, grp, language, kind FROM sources ORDER BY id`, func(sc scanner) error {
		var x analysis.Source
		if err := sc.Scan(&x.ID, &x.Name, &x.City, &x.Group, &x.Language, &x.Kind); err != nil {
			return err
		}
		at[x.ID] = len(d.Sources)
		d.Sources = append(d.Sources, x)
		return nil
	})
	if err != nil {
		return err
	}
	return eachSourceText(ctx, tx, func(id int64, text string) error {
		if i, ok := at[id]; ok {
			d.Sources[i].Text = text
		}
		return nil
	})
}

func loadDatasetTurns(ctx context.Context, tx *sql.Tx, d *analysis.Dataset) error {
	return eachRow(ctx, tx, `SELECT t.source_id, t.idx, ifnull(p.ref, ''), ifnull(p.facilitator, 0), t.start, t.end
		FROM turns t LEFT JOIN participants p ON p.id = t.participant_id AND p.withdrawn_at = '' ORDER BY t.source_id, t.idx`, func(sc scanner) error {
		var x analysis.Turn
		if err := sc.Scan(&x.Source, &x.Index, &x.Participant, &x.Facilitator, &x.Start, &x.End); err != nil {
			return err
		}
		d.Turns = append(d.Turns, x)
		return nil
	})
}

func loadDatasetSentences(ctx context.Context, tx *sql.Tx, d *analysis.Dataset) error {
	return eachRow(ctx, tx, `SELECT source_id, idx, turn_idx, start, end FROM sentences ORDER BY source_id, idx`, func(sc scanner) error {
		var x analysis.Sentence
		if err := sc.Scan(&x.Source, &x.Index, &x.Turn, &x.Start, &x.End); err != nil {
			return err
		}
		d.Sentences = append(d.Sentences, x)
		return nil
	})
}

func loadDatasetParticipants(ctx context.Context, tx *sql.Tx, d *analysis.Dataset) error {
	byID := map[int64]int{}
	err := eachRow(ctx, tx, `SELECT id, ref, grp, city, facilitator FROM participants WHERE withdrawn_at = '' ORDER BY ref`, func(sc scanner) error {
		var id int64
		x := analysis.Participant{Attributes: map[string]string{}}
		if err := sc.Scan(&id, &x.ID, &x.Group, &x.City, &x.Facilitator); err != nil {
			return err
		}
		byID[id] = len(d.Participants)
		d.Participants = append(d.Participants, x)
		return nil
	})
	if err != nil {
		return err
	}
	return eachRow(ctx, tx, `SELECT participant_id, key, value FROM participant_attributes`, func(sc scanner) error {
		var id int64
		var k, v string
		if err := sc.Scan(&id, &k, &v); err != nil {
			return err
		}
		if i, ok := byID[id]; ok {
			d.Participants[i].Attributes[k] = v
		}
		return nil
	})
}

func loadDatasetCodes(ctx context.Context, tx *sql.Tx, d *analysis.Dataset) error {
	rows, err := loadCodes(ctx, tx)
	if err != nil {
		return err
	}
	need := map[int64]bool{}
	err = eachRow(ctx, tx, `SELECT id FROM codes WHERE is_need != 0`, func(sc scanner) error {
		var id int64
		if err := sc.Scan(&id); err != nil {
			return err
		}
		need[id] = true
		return nil
	})
	if err != nil {
		return err
	}
	ordered, _ := treeOrder(rows)
	for _, c := range ordered {
		d.Codes = append(d.Codes, analysis.Code{ID: c.ID, ParentID: c.ParentID, Name: c.Name, Path: c.Path,
			Definition: c.Definition, Color: c.Color, Need: need[c.ID]})
	}
	return nil
}

// loadDatasetCodings reads the codings in the table's own order (one pass
// over its pages, where walking an index in source order looked each row
// up by rowid, page by page out of the file) and sorts them in Go by
// source, then position.
func loadDatasetCodings(ctx context.Context, raw *sqlite3.Conn, d *analysis.Dataset) error {
	st, _, err := raw.Prepare(`SELECT id, source_id, code_id, start, end, coder FROM codings`)
	if err != nil {
		return err
	}
	defer st.Close()
	coders := map[string]string{} // one string per coder, not per row
	if hint, _, err := raw.Prepare(`SELECT ifnull(max(id), 0) FROM codings`); err == nil {
		if hint.Step() {
			d.Codings = make([]analysis.Coding, 0, min(hint.ColumnInt(0), 1<<24))
		}
		hint.Close()
	}
	n := 0
	for st.Step() {
		if n++; n%65536 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		x := analysis.Coding{ID: st.ColumnInt64(0), Source: st.ColumnInt64(1), Code: st.ColumnInt64(2),
			Start: st.ColumnInt(3), End: st.ColumnInt(4)}
		b := st.ColumnRawText(5)
		c, ok := coders[string(b)]
		if !ok {
			c = string(b)
			coders[c] = c
		}
		x.Coder = c
		d.Codings = append(d.Codings, x)
	}
	if err := st.Err(); err != nil {
		return err
	}
	sortCodings(d.Codings)
	return nil
}

// sortCodings orders codings by source, start, end and id. Moving 48-byte
// structs is most of a sort's cost: when source, start and end pack into 64
// bits (sources below 2^20, offsets below 2^22), small keys are sorted
// and each coding is then moved once.
func sortCodings(cs []analysis.Coding) {
	byAll := func(a, b analysis.Coding) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(a.ID, b.ID))
	}
	if slices.IsSortedFunc(cs, byAll) {
		return
	}
	type key struct {
		k   uint64
		id  int64
		pos int
	}
	keys := make([]key, len(cs))
	for i, c := range cs {
		if c.Source < 0 || c.Source >= 1<<20 || c.Start < 0 || c.Start >= 1<<22 || c.End < 0 || c.End >= 1<<22 {
			slices.SortFunc(cs, byAll)
			return
		}
		keys[i] = key{uint64(c.Source)<<44 | uint64(c.Start)<<22 | uint64(c.End), c.ID, i}
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(a.k, b.k), cmp.Compare(a.id, b.id)) })
	// Place each coding where its key went, following the permutation's
	// cycles in place (a placed key's pos is its own index).
	for i := range keys {
		if keys[i].pos == i {
			continue
		}
		held, j := cs[i], i
		for {
			k := keys[j].pos
			keys[j].pos = j
			if k == i {
				cs[j] = held
				break
			}
			cs[j] = cs[k]
			j = k
		}
	}
}
