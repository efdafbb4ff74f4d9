package demo

import (
	"io/fs"
	"path"

	"github.com/fieldwork-qda/fieldwork"
	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// RecommendationsFile is the demo's recommendation list in the corpus: the
// study's six recommendations with their codes, owners, stakeholders, due
// dates and a short follow-up log (invented), in the format of `fieldwork
// recs export --json`.
const RecommendationsFile = "recommendations.json"

// importRecommendations loads the demo's recommendations, logs included,
// and returns how many there are.
func importRecommendations(s *store.Store) (int, error) {
	data, err := fs.ReadFile(fieldwork.Corpus, path.Join(dir, RecommendationsFile))
	if err != nil {
		return 0, err
	}
	rows, err := analysis.ReadRecs(RecommendationsFile, data)
	if err != nil {
		return 0, err
	}
	list := make([]store.NewRecommendation, len(rows))
	for i, r := range rows {
		list[i] = store.NewRecommendation{ID: r.ID, Title: r.Title, Text: r.Text, Owner: r.Owner, Stakeholders: r.Stakeholders,
			Priority: r.Priority, Status: r.Status, Due: r.Due, Codes: r.Codes, Log: r.Log, Line: r.Line}
	}
	refs, err := s.ImportRecommendations(list, store.Stamp{Author: "demo"}, "")
	return len(refs), err
}
