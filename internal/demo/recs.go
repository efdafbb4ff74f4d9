package demo

import (
	"io/fs"
	"path"

	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
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
	data, err := fs.ReadFile(Corpus, path.Join(dir, RecommendationsFile))
	if err != nil {
		return 0, err
	}
	rows, err := tracker.ReadRecs(RecommendationsFile, data)
	if err != nil {
		return 0, err
	}
	refs, err := s.ImportRecommendations(rows, store.Stamp{Author: "demo"}, "")
	return len(refs), err
}
