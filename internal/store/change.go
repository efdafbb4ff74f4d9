package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
)

// ChangeCodings removes the codings with the ids given and adds new ones
// in one transaction: all or nothing (a coding already gone refuses the
// whole change). The audit log records it under the store's actor (the
// coder who made the change, whoever the codings belong to) with kind
// coding and the summary, which must name ids and counts only. It returns
// the codings removed, as they were, and those added.
func (s *Store) ChangeCodings(summary string, remove []int64, add []NewCoding) (removed, added []coding.Coding, err error) {
	err = s.tx("change codings", func(tx *sql.Tx) error {
		ctx := context.Background()
		for _, id := range remove {
			list, err := queryCodings(ctx, tx, `WHERE c.id = ?`, id)
			if err != nil {
				return err
			}
			if len(list) == 0 {
				return fmt.Errorf("coding %d: %w (changed by someone else?)", id, ErrNotFound)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM codings WHERE id = ?`, id); err != nil {
				return err
			}
			removed = append(removed, list[0])
		}
		var err error
		if added, err = insertCodings(ctx, tx, add); err != nil {
			return err
		}
		s.note(tx, AuditCoding, "", fmt.Sprintf("%s: %s removed, %d added", summary, plural.Count(len(removed), "coding", "codings"), len(added)))
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return removed, added, nil
}
