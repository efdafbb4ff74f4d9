package project

import (
	"context"

	"github.com/fieldwork-qda/fieldwork/coding/refiqda"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// ImportREFI brings a REFI-QDA project into this one in one transaction,
// its text sources segmented here like transcripts; coder names the
// codings and memos whose user the file does not name.
func (p *Project) ImportREFI(ctx context.Context, rp *refiqda.Project, coder string) (*store.REFIReport, error) {
	return p.st.ImportREFI(ctx, rp, store.REFIOptions{Coder: coder, Segment: segment})
}
