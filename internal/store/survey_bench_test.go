package store

import "testing"

// BenchmarkSurveyImport imports 100,000 responses to 60 questions into a
// new project: the store's part of `fieldwork survey import` (one
// transaction, a row per respondent).
//
//	go test ./internal/store -run '^$' -bench 'SurveyImport$' -benchtime 3x
func BenchmarkSurveyImport(b *testing.B) {
	in, resp := benchSurvey(100_000, 60)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, _ := create(b, Options{})
		b.StartTimer()
		if _, err := s.ImportSurvey(b.Context(), SurveyImport{Instrument: in, Responses: resp}); err != nil {
			b.Fatal(err)
		}
	}
}
