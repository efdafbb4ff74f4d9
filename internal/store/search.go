package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

// SearchData reads what a search across sources needs, in one read
// transaction: the dataset without its surveys, and with only the
// codings a code or coder filter asks for (none without a filter). The
// code is a path or a unique name and includes its sub-codes.
func (s *Store) SearchData(ctx context.Context, code, coder string) (*analysis.Dataset, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.fail("read for a search", err)
	}
	defer tx.Rollback()
	d := &analysis.Dataset{Project: strings.TrimSuffix(filepath.Base(s.path), filepath.Ext(s.path))}
	for _, step := range []func(context.Context, *sql.Tx, *analysis.Dataset) error{
		loadDatasetSources, loadDatasetTurns, loadDatasetSentences, loadDatasetParticipants, loadDatasetCodes,
	} {
		if err := step(ctx, tx, d); err != nil {
			return nil, s.fail("read for a search", err)
		}
	}
	if code == "" && coder == "" {
		return d, nil
	}
	var where []string
	var args []any
	if code != "" {
		c, err := resolveCode(ctx, tx, code)
		if err != nil {
			return nil, err
		}
		ids, err := subtree(ctx, tx, c.ID)
		if err != nil {
			return nil, s.fail("read for a search", err)
		}
		where = append(where, "code_id IN ("+strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+")")
		for _, id := range ids {
			args = append(args, id)
		}
	}
	if coder != "" {
		where, args = append(where, "coder = ?"), append(args, coder)
	}
	err = eachRow(ctx, tx, `SELECT id, source_id, code_id, start, end, coder FROM codings WHERE `+strings.Join(where, " AND ")+
		` ORDER BY source_id, start, end, id`, func(sc scanner) error {
		var x analysis.Coding
		if err := sc.Scan(&x.ID, &x.Source, &x.Code, &x.Start, &x.End, &x.Coder); err != nil {
			return err
		}
		d.Codings = append(d.Codings, x)
		return nil
	}, args...)
	if err != nil {
		return nil, s.fail("read for a search", err)
	}
	return d, nil
}
