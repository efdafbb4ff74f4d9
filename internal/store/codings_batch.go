package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
)

// UnapplyAll deletes codings by id in one transaction, all or none, and
// returns what they were (the undo of a batch coded from a search). An id
// that is not in the project refuses the whole batch.
func (s *Store) UnapplyAll(ids []int64) ([]coding.Coding, error) {
	var out []coding.Coding
	err := s.tx("unapply", func(tx *sql.Tx) error {
		ctx := context.Background()
		const chunk = 500
		for from := 0; from < len(ids); from += chunk {
			part := ids[from:min(from+chunk, len(ids))]
			in := "(" + strings.TrimSuffix(strings.Repeat("?,", len(part)), ",") + ")"
			args := make([]any, len(part))
			for i, id := range part {
				args[i] = id
			}
			list, err := queryCodings(ctx, tx, `WHERE c.id IN `+in+` ORDER BY c.id`, args...)
			if err != nil {
				return err
			}
			if len(list) != len(part) {
				return fmt.Errorf("remove %s: %d of them are gone: %w (see `fieldwork codings`)", plural.Count(len(part), "coding", "codings"), len(part)-len(list), ErrNotFound)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM codings WHERE id IN `+in, args...); err != nil {
				return err
			}
			out = append(out, list...)
		}
		if len(out) > 0 {
			s.note(tx, AuditCoding, "", fmt.Sprintf("remove %s; first: coding %d (code %d on source %d)", plural.Count(len(out), "coding", "codings"), out[0].ID, out[0].CodeID, out[0].SourceID))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
