package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// surveyAnswersBefore8 turns a project back into schema 7's survey
// storage: one survey_answers row per answer, no answers on respondents.
// The data in the answers column is copied into the table first, so the
// file holds what a schema 7 fieldwork wrote.
var surveyAnswersBefore8 = []string{
	`CREATE TABLE survey_answers_7 (
		respondent_id INTEGER NOT NULL REFERENCES survey_respondents(id) ON DELETE CASCADE,
		question_id   INTEGER NOT NULL REFERENCES survey_questions(id) ON DELETE CASCADE,
		value         TEXT NOT NULL,
		PRIMARY KEY (respondent_id, question_id)) WITHOUT ROWID`,
	`INSERT INTO survey_answers_7 SELECT respondent_id, question_id, value FROM survey_answers`,
	`DROP VIEW survey_answers`,
	`ALTER TABLE survey_answers_7 RENAME TO survey_answers`,
	`ALTER TABLE survey_respondents DROP COLUMN answers`,
	`ALTER TABLE survey_respondents DROP COLUMN answered`,
}

func TestAnswersRoundTrip(t *testing.T) {
	cases := [][]string{
		{},
		{""},
		{"3", "", "legal;jobs", ""},
		{"0", "10", "007", "-1", "3.5", "999999999999999", "1000000000000000", "1e3", " 4"},
		{`say "no"`, `back\slash`, "line\nbreak\ttab\r", "\x01\x1f", "Åsa ☃ 😀", "null", "[", "]", ",", ""},
	}
	for _, values := range cases {
		b, n := appendAnswers(nil, values)
		var std []any
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&std); err != nil {
			t.Fatalf("%q: not JSON: %s: %v", values, b, err)
		}
		got := make([]string, len(values))
		count := 0
		if err := eachAnswer(b, func(i int, v []byte) { got[i] = string(v); count++ }); err != nil {
			t.Fatalf("%q: %v", values, err)
		}
		if fmt.Sprint(got) != fmt.Sprint(values) || n != count {
			t.Errorf("round trip %q -> %s -> %q (%d, %d answered)", values, b, got, n, count)
		}
		for i, p := range std {
			v := ""
			switch x := p.(type) {
			case string:
				v = x
			case json.Number:
				v = x.String()
			}
			if (p == nil) != (values[i] == "") || v != values[i] {
				t.Errorf("%q: encoding/json reads %d as %v", values, i, p)
			}
		}
	}
	// Plain integers are numbers, the rest strings.
	if b, _ := appendAnswers(nil, []string{"4", "04", "x"}); string(b) != `[4,"04","x"]` {
		t.Errorf("stored as %s", b)
	}
	for _, bad := range []string{``, `{}`, `[`, `["a"`, `["a" "b"]`, `["a",]`, `[nul]`, `["\"]`, `[01]`, `[1.5]`, `[-1]`, `[1234567890123456]`} {
		if err := eachAnswer([]byte(bad), func(int, []byte) {}); err == nil {
			t.Errorf("%s: read without error", bad)
		}
	}
}

// TestSurveyAnswersUpgrade writes a survey the way schema 7 stored it and
// checks that schema 8 keeps every answer, in its question, and that the
// survey_answers view gives SQL readers the rows they read before.
func TestSurveyAnswersUpgrade(t *testing.T) {
	s, in := surveyFixture(t)
	if _, err := s.ImportSurvey(t.Context(), SurveyImport{Instrument: in, Responses: responses()}); err != nil {
		t.Fatal(err)
	}
	view := func(s *Store) string {
		var out []string
		rows, err := s.db.Query(`SELECT a.respondent_id, q.qid, a.value FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id ORDER BY 1, q.position`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var r int
			var q, v string
			if err := rows.Scan(&r, &q, &v); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%d %s=%s", r, q, v))
		}
		return strings.Join(out, "\n")
	}
	before := view(s)
	if strings.Count(before, "\n")+1 != 12 || !strings.Contains(before, "1 help=legal;jobs") || !strings.Contains(before, "3 prio_legal=98") {
		t.Fatalf("view before:\n%s", before)
	}
	for _, q := range append(append(textsBefore10, surveyAnswersBefore8...), `DROP TABLE entity_scans`, `PRAGMA user_version=7`) {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	p := s.path
	s.Close()
	s, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if after := view(s); after != before {
		t.Errorf("view after the upgrade:\n%s\nwant\n%s", after, before)
	}
	d, err := s.SurveyData(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	want := responses()
	for r := range want {
		for q, v := range want[r].Values {
			if d.Values[q][r] != v {
				t.Errorf("respondent %d question %d = %q, want %q", r, q, d.Values[q][r], v)
			}
		}
	}
	list, _ := s.Surveys()
	if len(list) != 1 || list[0].Answers != 12 {
		t.Errorf("surveys after the upgrade %+v", list)
	}
}

// FuzzEachAnswer reads whatever a project file's answers column may hold
// (a file from someone else, edited by hand): no panic, and what reads
// without error is JSON whose strings and numbers are the values read.
func FuzzEachAnswer(f *testing.F) {
	for _, s := range []string{`[]`, `[null,"a",3]`, `["\u00e9\n"]`, `[ "a" , null ]`, `["\"`, `[0,01]`, `[1`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var got []string
		err := eachAnswer(b, func(i int, v []byte) {
			for len(got) <= i {
				got = append(got, "")
			}
			got[i] = string(v)
		})
		if err != nil {
			return
		}
		var std []any
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&std); err != nil {
			t.Fatalf("%q read without error, but is not JSON: %v", b, err)
		}
		for i, p := range std {
			want := ""
			switch x := p.(type) {
			case string:
				want = x
			case json.Number:
				want = x.String()
			}
			if i < len(got) && got[i] != want && utf8.ValidString(want) {
				t.Errorf("%q: answer %d read as %q, JSON says %q", b, i, got[i], want)
			}
		}
	})
}

// TestUpgradingIsTold: opening a file from an older fieldwork tells
// Options.Upgrading the schemas, once; a file already current says nothing.
func TestUpgradingIsTold(t *testing.T) {
	s, p := create(t, Options{})
	for _, q := range append(append(textsBefore10, surveyAnswersBefore8...), `DROP TABLE entity_scans`, `PRAGMA user_version=7`) {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	var told []string
	opt := Options{Upgrading: func(from, to int) { told = append(told, fmt.Sprint(from, "->", to)) }}
	for range 2 {
		s, err := Open(p, opt)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	if want := fmt.Sprint(7, "->", SchemaVersion()); len(told) != 1 || told[0] != want {
		t.Errorf("told %v, want [%s] once", told, want)
	}
}
