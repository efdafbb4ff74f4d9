package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/ncruces/go-sqlite3"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/survey"
)

// Surveys live in the survey_* tables of schema 2: an instrument, its
// questions (options and missing values as JSON [{code,label}]; the scale
// column holds a Likert or rating question's scale name, or a numeric
// question's range as "min..max"; position is the question's index in the
// instrument, 0 to n-1), and respondents (linked to a participant or not),
// each row holding the respondent's canonical answers (see package survey)
// as a JSON array in question order (schema 8, answers.go).
// survey_question_codes maps questions to the codes whose survey priority
// they give.

// SurveyInfo is a survey with its counts.
type SurveyInfo struct {
	Name        string
	Questions   int
	Respondents int
	// Linked counts respondents linked to a participant.
	Linked  int
	Answers int
}

// Surveys lists the project's surveys by name.
func (s *Store) Surveys() ([]SurveyInfo, error) {
	var out []SurveyInfo
	err := s.readRows(`SELECT i.name,
		(SELECT count(*) FROM survey_questions q WHERE q.instrument_id = i.id),
		(SELECT count(*) FROM survey_respondents r WHERE r.instrument_id = i.id),
		(SELECT count(*) FROM survey_respondents r WHERE r.instrument_id = i.id AND r.participant_id IS NOT NULL),
		(SELECT ifnull(sum(r.answered), 0) FROM survey_respondents r WHERE r.instrument_id = i.id)
		FROM survey_instruments i ORDER BY i.name`, func(sc scanner) error {
		var x SurveyInfo
		if err := sc.Scan(&x.Name, &x.Questions, &x.Respondents, &x.Linked, &x.Answers); err != nil {
			return err
		}
		out = append(out, x)
		return nil
	})
	return out, err
}

// ErrNoSurvey is wrapped when a project has no survey, or the one named.
var ErrNoSurvey = errors.New("no survey")

type queryer interface {
	rowsQueryer
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// surveyID finds an instrument by name (case-insensitive); "" means the
// project's only survey.
func surveyID(ctx context.Context, q queryer, name string) (int64, string, error) {
	type inst struct {
		id   int64
		name string
	}
	var all []inst
	err := eachRow(ctx, q, `SELECT id, name FROM survey_instruments ORDER BY name`, func(sc scanner) error {
		var x inst
		if err := sc.Scan(&x.id, &x.name); err != nil {
			return err
		}
		all = append(all, x)
		return nil
	})
	if err != nil {
		return 0, "", err
	}
	names := make([]string, len(all))
	for i, x := range all {
		names[i] = x.name
		if name != "" && strings.EqualFold(x.name, name) {
			return x.id, x.name, nil
		}
	}
	switch {
	case len(all) == 0:
		return 0, "", fmt.Errorf("%w in this project: define one with `fieldwork survey instrument` or import an export with `fieldwork survey import`", ErrNoSurvey)
	case name != "":
		return 0, "", fmt.Errorf("%w named %q (surveys: %s)", ErrNoSurvey, name, strings.Join(names, ", "))
	case len(all) > 1:
		return 0, "", fmt.Errorf("the project has %d surveys (%s): name one with --survey", len(all), strings.Join(names, ", "))
	}
	return all[0].id, all[0].name, nil
}

func encodeRange(q *survey.Question) string {
	if q.Type != survey.Numeric || (q.Min == nil && q.Max == nil) {
		return q.Scale
	}
	var lo, hi string
	if q.Min != nil {
		lo = strconv.FormatFloat(*q.Min, 'f', -1, 64)
	}
	if q.Max != nil {
		hi = strconv.FormatFloat(*q.Max, 'f', -1, 64)
	}
	return lo + ".." + hi
}

func decodeRange(q *survey.Question, s string) {
	if q.Type != survey.Numeric {
		q.Scale = s
		return
	}
	lo, hi, ok := strings.Cut(s, "..")
	if !ok {
		return
	}
	if f, err := strconv.ParseFloat(lo, 64); err == nil {
		q.Min = &f
	}
	if f, err := strconv.ParseFloat(hi, 64); err == nil {
		q.Max = &f
	}
}

// decodeOptions reads an options or missing column: [{code,label}], or
// the schema's original [code] form.
func decodeOptions(s string) ([]survey.Option, error) {
	var out []survey.Option
	if err := json.Unmarshal([]byte(s), &out); err == nil {
		return out, nil
	}
	var codes []string
	if err := json.Unmarshal([]byte(s), &codes); err != nil {
		return nil, err
	}
	for _, c := range codes {
		out = append(out, survey.Option{Code: c, Label: c})
	}
	return out, nil
}

func loadInstrument(ctx context.Context, q queryer, id int64, name string) (*survey.Instrument, []int64, error) {
	in := &survey.Instrument{Name: name}
	var ids []int64
	err := eachRow(ctx, q, `SELECT id, qid, text, type, scale, options, missing FROM survey_questions
		WHERE instrument_id = ? ORDER BY position, id`, func(sc scanner) error {
		var qid int64
		var qu survey.Question
		var typ, scale, opts, miss string
		if err := sc.Scan(&qid, &qu.ID, &qu.Text, &typ, &scale, &opts, &miss); err != nil {
			return err
		}
		qu.Type = survey.Type(typ)
		decodeRange(&qu, scale)
		var err error
		if qu.Options, err = decodeOptions(opts); err != nil {
			return fmt.Errorf("survey %s, question %s: options: %w", name, qu.ID, err)
		}
		if qu.Missing, err = decodeOptions(miss); err != nil {
			return fmt.Errorf("survey %s, question %s: missing values: %w", name, qu.ID, err)
		}
		if len(qu.Options) == 0 {
			qu.Options = nil
		}
		if len(qu.Missing) == 0 {
			qu.Missing = nil
		}
		in.Questions = append(in.Questions, qu)
		ids = append(ids, qid)
		return nil
	}, id)
	if err != nil {
		return nil, nil, err
	}
	return in, ids, nil
}

// Instrument loads a survey's instrument by name ("" for the only one).
func (s *Store) Instrument(name string) (*survey.Instrument, error) {
	ctx := context.Background()
	id, n, err := surveyID(ctx, s.db, name)
	if err != nil {
		return nil, s.failUnlessPlain("read survey", err)
	}
	in, _, err := loadInstrument(ctx, s.db, id, n)
	if err != nil {
		return nil, s.fail("read survey", err)
	}
	return in, nil
}

// failUnlessPlain passes the package's own errors through and wraps
// SQLite's.
func (s *Store) failUnlessPlain(action string, err error) error {
	if isSQLite(err) {
		return s.fail(action, err)
	}
	return err
}

// sameInstrument reports whether two instruments ask the same questions
// with the same options.
func sameInstrument(a, b *survey.Instrument) bool {
	ja, _ := json.Marshal(a.Questions)
	jb, _ := json.Marshal(b.Questions)
	return string(ja) == string(jb)
}

// DefineInstrument stores an instrument under its name. A new name adds a
// survey. An existing survey without respondents is redefined (its
// question-to-code maps are kept for the questions that remain); one with
// respondents is refused unless the definition is unchanged. It reports
// whether anything changed.
func (s *Store) DefineInstrument(in *survey.Instrument) (changed bool, err error) {
	if err := in.Validate(); err != nil {
		return false, err
	}
	err = s.tx("define survey", func(tx *sql.Tx) error {
		var err error
		_, changed, err = defineInstrument(context.Background(), tx, in)
		return err
	})
	return changed, err
}

func defineInstrument(ctx context.Context, tx *sql.Tx, in *survey.Instrument) (id int64, changed bool, err error) {
	var name string
	err = tx.QueryRowContext(ctx, `SELECT id, name FROM survey_instruments WHERE name = ? COLLATE NOCASE`, in.Name).Scan(&id, &name)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := tx.ExecContext(ctx, `INSERT INTO survey_instruments (name, created_at) VALUES (?, ?)`, in.Name, now())
		if err != nil {
			return 0, false, err
		}
		id, _ = res.LastInsertId()
		return id, true, insertQuestions(ctx, tx, id, in, nil)
	case err != nil:
		return 0, false, err
	}
	old, _, err := loadInstrument(ctx, tx, id, name)
	if err != nil {
		return 0, false, err
	}
	if sameInstrument(old, in) {
		return id, false, nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM survey_respondents WHERE instrument_id = ?`, id).Scan(&n); err != nil {
		return 0, false, err
	}
	if n > 0 {
		return 0, false, fmt.Errorf("survey %q already has %d respondents and a different instrument: give the new instrument another name (name: in the file)", name, n)
	}
	// Keep the code maps of questions that remain.
	maps := map[string][]int64{}
	err = eachRow(ctx, tx, `SELECT q.qid, m.code_id FROM survey_question_codes m JOIN survey_questions q ON q.id = m.question_id WHERE q.instrument_id = ?`, func(sc scanner) error {
		var qid string
		var code int64
		if err := sc.Scan(&qid, &code); err != nil {
			return err
		}
		maps[strings.ToLower(qid)] = append(maps[strings.ToLower(qid)], code)
		return nil
	}, id)
	if err != nil {
		return 0, false, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM survey_questions WHERE instrument_id = ?`, id); err != nil {
		return 0, false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE survey_instruments SET name = ? WHERE id = ?`, in.Name, id); err != nil {
		return 0, false, err
	}
	return id, true, insertQuestions(ctx, tx, id, in, maps)
}

func insertQuestions(ctx context.Context, tx *sql.Tx, id int64, in *survey.Instrument, maps map[string][]int64) error {
	for i, q := range in.Questions {
		opts, _ := json.Marshal(nonNil(q.Options))
		miss, _ := json.Marshal(nonNil(q.Missing))
		res, err := tx.ExecContext(ctx, `INSERT INTO survey_questions (instrument_id, qid, text, type, scale, options, missing, position)
			VALUES (?,?,?,?,?,?,?,?)`, id, q.ID, q.Text, string(q.Type), encodeRange(&q), string(opts), string(miss), i)
		if err != nil {
			return err
		}
		qid, _ := res.LastInsertId()
		for _, code := range maps[strings.ToLower(q.ID)] {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO survey_question_codes (question_id, code_id) VALUES (?,?)`, qid, code); err != nil {
				return err
			}
		}
	}
	return nil
}

func nonNil(o []survey.Option) []survey.Option {
	if o == nil {
		return []survey.Option{}
	}
	return o
}

// SurveyImport is one export's validated responses, ready to enter the
// project.
type SurveyImport struct {
	// Instrument is defined first (see DefineInstrument) if the project
	// does not have it yet.
	Instrument *survey.Instrument
	Responses  []survey.Response
	// Attributes are question ids whose answers become attributes of the
	// linked participants (key: the question id; value: the answer's
	// label, a multiple choice's labels joined by "; ").
	Attributes []string
	// Stream, when not nil, brings the responses instead of Responses, in
	// batches, while the export is still being read; the import ends when
	// it is closed. Cancel the import's context before closing it to keep
	// nothing (the export had rows refused).
	Stream <-chan []survey.Response
	// SourcesOf, when set, makes Sources from all the responses once they
	// are in (a Stream's are known only then).
	SourcesOf func([]survey.Response) ([]NewSource, error)
	// Sources are the open answers made sources (segmented), imported in
	// the same transaction; none keeps open answers as answers only.
	// Their turns' Participant names the linked respondent's participant,
	// whose speaker label is bound to them before the sources bind labels.
	Sources []NewSource
}

// batches yields the responses: Stream's batches, or Responses in one.
func (imp *SurveyImport) batches() iter.Seq[[]survey.Response] {
	return func(yield func([]survey.Response) bool) {
		if imp.Stream == nil {
			if len(imp.Responses) > 0 {
				yield(imp.Responses)
			}
			return
		}
		for b := range imp.Stream {
			if !yield(b) {
				return
			}
		}
	}
}

// SurveyReport says what ImportSurvey did.
type SurveyReport struct {
	Survey      string
	Defined     bool // the instrument was added or redefined
	Respondents int
	Linked      int
	Answers     int
	Attributes  int // attribute values set
	// Sources are the sources made of open answers, one per open question.
	Sources []coding.Source
}

// ImportSurvey adds an export's respondents and answers, and the sources
// made of its open answers, in one transaction: all or nothing. A
// respondent id already in the survey is refused (the export, or part of
// it, was imported before). Linked respondents must name existing
// participants. A source whose name is taken gets -2, -3 ... (a second
// batch of the same survey) and is its own group.
func (s *Store) ImportSurvey(ctx context.Context, imp SurveyImport) (*SurveyReport, error) {
	in := imp.Instrument
	if err := in.Validate(); err != nil {
		return nil, err
	}
	for _, a := range imp.Attributes {
		if in.Question(a) == nil {
			return nil, fmt.Errorf("attribute %s: no such question in survey %s", a, in.Name)
		}
	}
	items := imp.Sources
	rep := &SurveyReport{Survey: in.Name}
	err := s.rawTx(ctx, "import survey", func(tx *sql.Tx, raw *sqlite3.Conn) error {
		id, defined, err := defineInstrument(ctx, tx, in)
		if err != nil {
			return err
		}
		rep.Defined = defined
		stored, qids, err := loadInstrument(ctx, tx, id, in.Name)
		if err != nil {
			return err
		}
		if len(qids) != len(in.Questions) || !sameInstrument(stored, in) {
			return fmt.Errorf("survey %q: the stored instrument differs from the one the export was read with", in.Name)
		}
		all, parts, err := writeRespondents(ctx, tx, raw, &imp, id, len(qids), rep)
		if err != nil {
			return err
		}
		imp.Responses = all
		rep.Respondents = len(all)
		if imp.SourcesOf != nil {
			if items, err = imp.SourcesOf(all); err != nil {
				return err
			}
		}
		// Attributes of linked participants.
		for _, a := range imp.Attributes {
			qi := in.QuestionIndex(a)
			q := &in.Questions[qi]
			for _, r := range imp.Responses {
				v := r.Values[qi]
				if r.Participant == "" || v == "" || q.IsMissing(v) {
					continue
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO participant_attributes (participant_id, key, value) VALUES (?,?,?)
					ON CONFLICT (participant_id, key) DO UPDATE SET value = excluded.value`,
					parts[strings.ToLower(r.Participant)], q.ID, q.Display(v)); err != nil {
					return err
				}
				rep.Attributes++
			}
		}
		// Open answers: bind each linked respondent's label to their
		// participant before the sources bind labels.
		for i := range items {
			it := &items[i]
			if err := uniqueSourceName(ctx, tx, &it.Source); err != nil {
				return err
			}
			it.Source.Group = it.Source.Name
			for _, t := range it.Turns {
				p, ok := parts[strings.ToLower(t.Participant)]
				if t.Participant == "" || !ok {
					continue
				}
				if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO speaker_labels (grp, label, participant_id) VALUES (?,?,?)`,
					it.Source.Group, t.Speaker, p); err != nil {
					return err
				}
			}
		}
		srcs, err := importSourcesTx(ctx, tx, raw, items)
		if err != nil {
			return err
		}
		rep.Sources = srcs
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// writeRespondents writes imp's respondents (its Responses, or its
// Stream's batches as they come) into survey id, one row each with its
// answers, and returns them all with the project's participants by
// lower-case ref. A respondent already in the survey, or linked to no
// participant of the project, is refused with its row.
func writeRespondents(ctx context.Context, tx *sql.Tx, raw *sqlite3.Conn, imp *SurveyImport, id int64, questions int, rep *SurveyReport) ([]survey.Response, map[string]int64, error) {
	// Participants by ref.
	parts := map[string]int64{}
	if err := eachRow(ctx, tx, `SELECT id, ref FROM participants`, func(sc scanner) error {
		var pid int64
		var ref string
		if err := sc.Scan(&pid, &ref); err != nil {
			return err
		}
		parts[strings.ToLower(ref)] = pid
		return nil
	}); err != nil {
		return nil, nil, err
	}
	// Respondents already there.
	have := map[string]bool{}
	if err := eachRow(ctx, tx, `SELECT ref FROM survey_respondents WHERE instrument_id = ?`, func(sc scanner) error {
		var ref string
		if err := sc.Scan(&ref); err != nil {
			return err
		}
		have[strings.ToLower(ref)] = true
		return nil
	}, id); err != nil {
		return nil, nil, err
	}
	var next int64
	if err := tx.QueryRowContext(ctx, `SELECT ifnull(max(id), 0) + 1 FROM survey_respondents`).Scan(&next); err != nil {
		return nil, nil, err
	}
	// One row per respondent, answers included, written through the
	// driver's own statement respondentsPerInsert rows a step: 100,000
	// respondents without database/sql's conversions per value. With a
	// Stream, respondents are written as the export's rows are read.
	ins, err := newRespondentWriter(raw)
	if err != nil {
		return nil, nil, err
	}
	defer ins.close()
	var all []survey.Response
	var pending respondentBatch
	for batch := range imp.batches() {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		for _, r := range batch {
			if have[strings.ToLower(r.Ref)] {
				return nil, nil, fmt.Errorf("row %d: respondent %q is already in survey %q: this export (or part of it) was imported before", r.Row, r.Ref, imp.Instrument.Name)
			}
			have[strings.ToLower(r.Ref)] = true
			var pid int64
			if r.Participant != "" {
				p, ok := parts[strings.ToLower(r.Participant)]
				if !ok {
					return nil, nil, fmt.Errorf("row %d: %q is not a participant of the project", r.Row, r.Participant)
				}
				pid = p
				rep.Linked++
			}
			rep.Answers += pending.add(r, next, id, pid, questions)
			next++
			if len(pending.rows) == respondentsPerInsert {
				if err := ins.write(pending.cut()); err != nil {
					return nil, nil, err
				}
			}
		}
		all = append(all, batch...)
	}
	if len(pending.rows) > 0 {
		if err := ins.write(pending.cut()); err != nil {
			return nil, nil, err
		}
	}
	// A stream's reader may have been stopped (invalid rows refused):
	// then nothing is kept.
	if ctx.Err() != nil {
		return nil, nil, ctx.Err()
	}
	return all, parts, nil
}

// uniqueSourceName appends -2, -3 ... to a source name already taken (a
// second batch of the same survey).
func uniqueSourceName(ctx context.Context, tx *sql.Tx, src *coding.Source) error {
	base := src.Name
	for n := 2; ; n++ {
		var x int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM sources WHERE name = ?`, src.Name).Scan(&x)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		src.Name = base + "-" + strconv.Itoa(n)
	}
}

// respondentsPerInsert is how many respondents one INSERT statement writes.
const respondentsPerInsert = 32

type respondentRow struct {
	id, instrument int64
	ref            string
	participant    int64 // 0: not linked
	answers        []byte
	answered       int
}

// respondentBatch gathers respondents' rows for one INSERT, their answers
// encoded back to back in buf.
type respondentBatch struct {
	rows []respondentRow
	buf  []byte
	ends []int // where each row's answers end in buf
}

// add encodes r as row id and reports its answers that are not blank.
func (b *respondentBatch) add(r survey.Response, id, instrument, participant int64, questions int) int {
	values := r.Values
	if len(values) > questions {
		values = values[:questions]
	}
	var answered int
	b.buf, answered = appendAnswers(b.buf, values)
	b.ends = append(b.ends, len(b.buf))
	b.rows = append(b.rows, respondentRow{id: id, instrument: instrument, ref: r.Ref, participant: participant, answered: answered})
	return answered
}

// cut returns the gathered rows, their answers cut from buf now that it
// has stopped growing, and empties the batch for the next rows (the
// returned rows are valid until then).
func (b *respondentBatch) cut() []respondentRow {
	at := 0
	for i, end := range b.ends {
		b.rows[i].answers = b.buf[at:end:end]
		at = end
	}
	rows := b.rows
	b.rows, b.buf, b.ends = b.rows[:0], b.buf[:0], b.ends[:0]
	return rows
}

// respondentWriter writes batches of respondents, a multi-row INSERT each.
type respondentWriter struct {
	raw  *sqlite3.Conn
	full *sqlite3.Stmt // for respondentsPerInsert rows
}

const respondentInsert = `INSERT INTO survey_respondents (id, instrument_id, ref, participant_id, weight, answers, answered) VALUES `

func newRespondentWriter(raw *sqlite3.Conn) (*respondentWriter, error) {
	st, _, err := raw.Prepare(respondentInsert + placeholders(respondentsPerInsert, 7))
	if err != nil {
		return nil, err
	}
	return &respondentWriter{raw: raw, full: st}, nil
}

// write inserts rows, respondentsPerInsert or fewer.
func (w *respondentWriter) write(rows []respondentRow) error {
	st := w.full
	if len(rows) != respondentsPerInsert {
		var err error
		if st, _, err = w.raw.Prepare(respondentInsert + placeholders(len(rows), 7)); err != nil {
			return err
		}
		defer st.Close()
	}
	for i, r := range rows {
		st.BindInt64(7*i+1, r.id)
		st.BindInt64(7*i+2, r.instrument)
		st.BindText(7*i+3, r.ref)
		if r.participant != 0 {
			st.BindInt64(7*i+4, r.participant)
		} else {
			st.BindNull(7*i + 4)
		}
		st.BindFloat(7*i+5, 1)
		st.BindRawText(7*i+6, r.answers)
		st.BindInt64(7*i+7, int64(r.answered))
	}
	return st.Exec()
}

func (w *respondentWriter) close() { w.full.Close() }

func placeholders(rows, n int) string {
	ph := "(" + strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(ph+",", rows), ",")
}

// SurveyData loads a survey ("" for the only one) with its respondents,
// answers and question-to-code maps.
func (s *Store) SurveyData(ctx context.Context, name string) (*survey.Data, error) {
	var d *survey.Data
	var failed error // a failure already described
	err := s.readTx(ctx, func(tx *sql.Tx, raw *sqlite3.Conn) error {
		id, n, err := surveyID(ctx, tx, name)
		if err != nil {
			failed = s.failUnlessPlain("read survey", err)
			return failed
		}
		d, err = loadSurveyData(ctx, tx, raw, id, n)
		return err
	})
	if failed != nil {
		return nil, failed
	}
	if err != nil {
		return nil, s.fail("read survey", err)
	}
	return d, nil
}

func loadSurveyData(ctx context.Context, tx *sql.Tx, raw *sqlite3.Conn, id int64, name string) (*survey.Data, error) {
	in, qids, err := loadInstrument(ctx, tx, id, name)
	if err != nil {
		return nil, err
	}
	d := &survey.Data{Instrument: in, Values: make([][]string, len(in.Questions)), Codes: map[string][]int64{}}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM survey_respondents WHERE instrument_id = ?`, id).Scan(&n); err != nil {
		return nil, err
	}
	for q := range d.Values {
		d.Values[q] = make([]string, 0, n)
	}
	d.Respondents = make([]survey.Respondent, 0, n)
	// Closed answers repeat a few codes, so each distinct value is
	// allocated once per question.
	intern := make([]map[string]string, len(qids))
	for i := range intern {
		intern[i] = map[string]string{}
	}
	var row []string // this respondent's answers, before they are spread by question
	// The driver's own statement: 100,000 respondents, stepped directly.
	st, _, err := raw.Prepare(`SELECT r.ref, ifnull(p.ref, ''), r.answers FROM survey_respondents r
		LEFT JOIN participants p ON p.id = r.participant_id WHERE r.instrument_id = ? ORDER BY r.id`)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	st.BindInt64(1, id)
	for n := 0; st.Step(); n++ {
		if n%65536 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		x := survey.Respondent{Ref: st.ColumnText(0), Participant: st.ColumnText(1)}
		row = row[:0]
		row = append(row, make([]string, len(qids))...)
		err := eachAnswer(st.ColumnRawText(2), func(qi int, b []byte) {
			if qi >= len(qids) {
				return
			}
			v, ok := intern[qi][string(b)]
			if !ok {
				v = string(b)
				if in.Questions[qi].Type != survey.Text && len(intern[qi]) < 1000 {
					intern[qi][v] = v
				}
			}
			row[qi] = v
		})
		if err != nil {
			return nil, fmt.Errorf("survey %s, respondent %s: %w", name, x.Ref, err)
		}
		for qi, v := range row {
			d.Values[qi] = append(d.Values[qi], v)
		}
		d.Respondents = append(d.Respondents, x)
	}
	if err := st.Err(); err != nil {
		return nil, err
	}
	if err := eachRow(ctx, tx, `SELECT q.qid, m.code_id FROM survey_question_codes m JOIN survey_questions q ON q.id = m.question_id
		WHERE q.instrument_id = ? ORDER BY q.position, m.code_id`, func(sc scanner) error {
		var qid string
		var code int64
		if err := sc.Scan(&qid, &code); err != nil {
			return err
		}
		d.Codes[qid] = append(d.Codes[qid], code)
		return nil
	}, id); err != nil {
		return nil, err
	}
	return d, nil
}

// allSurveyData loads every survey of the project, by name.
func allSurveyData(ctx context.Context, tx *sql.Tx, raw *sqlite3.Conn) ([]*survey.Data, error) {
	type inst struct {
		id   int64
		name string
	}
	var list []inst
	if err := eachRow(ctx, tx, `SELECT id, name FROM survey_instruments ORDER BY name`, func(sc scanner) error {
		var x inst
		if err := sc.Scan(&x.id, &x.name); err != nil {
			return err
		}
		list = append(list, x)
		return nil
	}); err != nil {
		return nil, err
	}
	var out []*survey.Data
	for _, x := range list {
		d, err := loadSurveyData(ctx, tx, raw, x.id, x.name)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// QuestionCode is a survey question mapped to a code.
type QuestionCode struct {
	Survey, Question, Text string
	Code                   string // the code's path
}

// MapQuestion maps a survey question to a code (by path or unique name):
// the question's mean rating becomes the survey priority of that need. A
// question may map to several codes, and a code to several questions.
// The question must be on a scale (Likert or rating).
func (s *Store) MapQuestion(surveyName, question, code string) (QuestionCode, error) {
	var out QuestionCode
	err := s.tx("map survey question", func(tx *sql.Tx) error {
		ctx := context.Background()
		id, name, err := surveyID(ctx, tx, surveyName)
		if err != nil {
			return err
		}
		var qid int64
		var qtext, typ string
		err = tx.QueryRowContext(ctx, `SELECT id, qid, text, type FROM survey_questions WHERE instrument_id = ? AND qid = ? COLLATE NOCASE`, id, question).
			Scan(&qid, &question, &qtext, &typ)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("question %q: %w in survey %q (see `fieldwork survey instrument`)", question, ErrNotFound, name)
		}
		if err != nil {
			return err
		}
		if !survey.Type(typ).Scaled() {
			return fmt.Errorf("question %s is %s: only a Likert or rating question has a mean rating to give a need its priority", question, typ)
		}
		c, err := resolveCode(ctx, tx, code)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO survey_question_codes (question_id, code_id) VALUES (?,?)`, qid, c.ID); err != nil {
			return err
		}
		out = QuestionCode{Survey: name, Question: question, Text: qtext, Code: c.Path}
		return nil
	})
	return out, err
}

// UnmapQuestion removes a question's map to a code.
func (s *Store) UnmapQuestion(surveyName, question, code string) error {
	return s.tx("unmap survey question", func(tx *sql.Tx) error {
		ctx := context.Background()
		id, _, err := surveyID(ctx, tx, surveyName)
		if err != nil {
			return err
		}
		c, err := resolveCode(ctx, tx, code)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM survey_question_codes WHERE code_id = ? AND question_id IN
			(SELECT id FROM survey_questions WHERE instrument_id = ? AND qid = ? COLLATE NOCASE)`, c.ID, id, question)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("question %q is not mapped to %q: %w", question, c.Path, ErrNotFound)
		}
		return nil
	})
}

// SurveyMaps lists every question-to-code map, by survey and question order.
func (s *Store) SurveyMaps() ([]QuestionCode, error) {
	ctx := context.Background()
	rows, err := loadCodes(ctx, s.db)
	if err != nil {
		return nil, s.fail("read survey maps", err)
	}
	ordered, _ := treeOrder(rows)
	path := map[int64]string{}
	for _, c := range ordered {
		path[c.ID] = c.Path
	}
	var out []QuestionCode
	err = s.readRows(`SELECT i.name, q.qid, q.text, m.code_id FROM survey_question_codes m
		JOIN survey_questions q ON q.id = m.question_id JOIN survey_instruments i ON i.id = q.instrument_id
		ORDER BY i.name, q.position, m.code_id`, func(sc scanner) error {
		var x QuestionCode
		var code int64
		if err := sc.Scan(&x.Survey, &x.Question, &x.Text, &code); err != nil {
			return err
		}
		x.Code = path[code]
		out = append(out, x)
		return nil
	})
	return out, err
}
