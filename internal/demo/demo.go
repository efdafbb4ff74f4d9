// Package demo builds the demo project from the embedded synthetic corpus:
// three focus groups, their roster, the starter codebook, two coders'
// codings and the study's recommendations with their follow-up log
// (recommendations.json). It is what `fieldwork demo` runs, and a fixture for tests.
package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/redact"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// DefaultFile is the project `fieldwork demo` writes in the current folder.
const DefaultFile = "fieldwork-demo.fwp"

const dir = "corpus"

// Session is one focus group of the demo corpus.
type Session struct {
	File string
	Meta coding.SourceMeta
}

// Sessions are the corpus's three focus groups, one format each.
var Sessions = []Session{
	{"montreal-fg.txt", coding.SourceMeta{City: "Montreal", Group: "MTL-1", Date: "2026-03-14", Language: "fr"}},
	{"ottawa-fg.vtt", coding.SourceMeta{City: "Ottawa", Group: "OTT-1", Date: "2026-03-21", Language: "en"}},
	{"toronto-fg.docx", coding.SourceMeta{City: "Toronto", Group: "TOR-1", Date: "2026-03-28", Language: "en"}},
}

// Steps is how many times Build calls its step function, for a progress
// counter: the codebook, each session read, the import, the roster, the
// codings, the recommendations and the survey.
var Steps = 7 + len(Sessions)

// Summary says what Build made.
type Summary struct {
	Sources      []store.SourceSummary
	Participants int
	Facilitators int
	Codes        int
	Codings      map[string]int // by coder
	Unmatched    []store.UnmatchedLabel
	// Recommendations is how many recommendations the tracker holds.
	Recommendations int
	// Survey is what the demo survey's import did.
	Survey *store.SurveyReport
}

// Build creates the demo project at path. It writes to a temporary file
// beside path and renames it into place only when complete, so a failed
// build leaves any earlier demo project untouched. step, if not nil, is
// told of each stage.
func Build(dst string, opt store.Options, step func(string)) (*Summary, error) {
	if step == nil {
		step = func(string) {}
	}
	tmp := dst + ".building"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(tmp + suffix)
	}
	sum, err := build(tmp, opt, step)
	if err != nil {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + suffix)
		}
		return nil, err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(dst + suffix)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return nil, err
	}
	return sum, nil
}

func build(file string, opt store.Options, step func(string)) (*Summary, error) {
	ctx := context.Background()
	p, err := project.Create(file, opt)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	s := p.Store()
	step("codebook")
	if _, _, err := s.ImportCodebook(coding.StarterCodebook()); err != nil {
		return nil, err
	}
	files := make([]project.Transcript, len(Sessions))
	for i, sess := range Sessions {
		step("reading " + sess.File)
		data, err := fs.ReadFile(Corpus, path.Join(dir, sess.File))
		if err != nil {
			return nil, err
		}
		files[i] = project.Transcript{Path: sess.File, Data: data, Meta: sess.Meta}
	}
	step("importing transcripts")
	imported, err := p.ImportTranscripts(ctx, files, project.ImportOptions{})
	if err != nil {
		return nil, err
	}
	step("roster")
	roster, err := Corpus.Open(path.Join(dir, "roster.csv"))
	if err != nil {
		return nil, err
	}
	rows, err := coding.ParseRoster(roster, "roster.csv")
	roster.Close()
	if err != nil {
		return nil, err
	}
	rep, err := s.ImportRoster(rows)
	if err != nil {
		return nil, err
	}
	step("codings")
	texts := map[string]string{}
	for _, im := range imported {
		// The import streams a text into the project without keeping it.
		src, err := s.Source(im.Source.Name)
		if err != nil {
			return nil, err
		}
		texts[src.Name] = src.Text
	}
	var ncs []store.NewCoding
	for _, sess := range Sessions {
		name := "codings-" + strings.SplitN(sess.File, "-", 2)[0] + ".csv"
		data, err := fs.ReadFile(Corpus, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		list, err := ParseCodings(bytes.NewReader(data), name, texts)
		if err != nil {
			return nil, err
		}
		ncs = append(ncs, list...)
	}
	applied, err := s.ApplyAll(ncs)
	if err != nil {
		return nil, err
	}
	sum := &Summary{Codings: map[string]int{}, Unmatched: rep.Unmatched}
	for _, c := range applied {
		sum.Codings[c.Coder]++
	}
	step("recommendations")
	if sum.Recommendations, err = importRecommendations(s); err != nil {
		return nil, err
	}
	step("survey")
	if sum.Survey, err = importSurvey(ctx, p); err != nil {
		return nil, err
	}
	step("identifier review")
	if err := keepTerms(s); err != nil {
		return nil, err
	}
	if sum.Sources, err = s.Sources(); err != nil {
		return nil, err
	}
	ps, err := s.Participants()
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if p.Facilitator {
			sum.Facilitators++
		} else {
			sum.Participants++
		}
	}
	cb, err := s.Codebook()
	if err != nil {
		return nil, err
	}
	sum.Codes = len(cb)
	return sum, s.Close()
}

// KeptTerms are what the demo's researcher decided, reviewing
// `fieldwork redact suggest`, that the identifier screen must leave alone:
// the country, its languages and the public institutions participants
// talk about identify nobody. Names of people and of places inside the
// cities stay screened.
var KeptTerms = []string{"Canada", "Canadian", "Canadians", "English", "French", "Quebec",
	"IRCC", "RCMP", "CBSA", "Legal Aid Ontario"}

// keepTerms records KeptTerms in the project's identifier list.
func keepTerms(s *store.Store) error {
	for _, t := range KeptTerms {
		if _, err := s.AddIdentifier(t, "", redact.KindKeep); err != nil {
			return fmt.Errorf("demo: keep %q: %w", t, err)
		}
	}
	return nil
}

// ParseCodings reads a codings CSV (source,code,match,coder,memo) and
// places each match in its source's text, which must hold it exactly once.
func ParseCodings(r io.Reader, name string, texts map[string]string) ([]store.NewCoding, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("codings %q: %w", name, err)
	}
	want := []string{"source", "code", "match", "coder", "memo"}
	if strings.Join(header, ",") != strings.Join(want, ",") {
		return nil, fmt.Errorf("codings %q line 1: header must be %s", name, strings.Join(want, ","))
	}
	var out []store.NewCoding
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("codings %q: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		text, ok := texts[rec[0]]
		if !ok {
			return nil, fmt.Errorf("codings %q line %d: no source %q", name, line, rec[0])
		}
		i := strings.Index(text, rec[2])
		if i < 0 || strings.Contains(text[i+len(rec[2]):], rec[2]) {
			return nil, fmt.Errorf("codings %q line %d: the match must occur exactly once in %q: %q", name, line, rec[0], rec[2])
		}
		start := len([]rune(text[:i]))
		out = append(out, store.NewCoding{Source: rec[0], Code: rec[1], Start: start, End: start + len([]rune(rec[2])), Coder: rec[3], Memo: rec[4]})
	}
}
