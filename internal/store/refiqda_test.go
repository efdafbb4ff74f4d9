package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/refiqda"
)

// refiSample finds a real REFI-QDA file of shared/refi-qda/samples, which
// lives beside the repository (third-party files are not copied into it).
func refiSample(t *testing.T, name string) string {
	t.Helper()
	dir, _ := filepath.Abs(".")
	for range 6 {
		p := filepath.Join(dir, "shared", "refi-qda", "samples", name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		dir = filepath.Dir(dir)
	}
	t.Skipf("sample %s not found in shared/refi-qda/samples above the repository", name)
	return ""
}

func TestImportREFISamples(t *testing.T) {
	tests := []struct {
		file                           string
		sources, codes, codings, memos int
		coders                         string
		sourceNames                    string
		firstTheme                     string
		skipped                        int
		codebookEntries                int
	}{
		{"atlas-blank-atlas-project.qdpx", 0, 0, 0, 0, "", "", "", 0, 0},
		{"atlas-target-atlas-project.qdpx", 0, 3, 0, 0, "", "", "Commits", 0, 3},
		{"nvivo_project.qdpx", 2, 262, 0, 0, "", "66653866-6334-3535-3435-366637306566|33663939-3636-3632-3038-613431643463", "rq1_definition", 0, 262},
		{"qc-1.3.2-demo.qdpx", 2, 262, 205, 0, "cp", "board_2017|admin-1", "rq1_definition", 0, 262},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p, err := refiqda.OpenProject(refiSample(t, tt.file), refiqda.DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			s, _ := create(t, Options{})
			rep, err := s.ImportREFI(t.Context(), p, REFIOptions{Coder: "importer", Segment: segmentItems})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Sources != tt.sources || rep.Codes != tt.codes || rep.Codings != tt.codings || rep.Memos != tt.memos ||
				strings.Join(rep.Coders, ",") != tt.coders || len(rep.Skipped) != tt.skipped {
				t.Errorf("report %+v", *rep)
			}
			srcs, err := s.Sources()
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, src := range srcs {
				names = append(names, src.Name)
			}
			if strings.Join(names, "|") != tt.sourceNames {
				t.Errorf("sources %q, want %q", names, tt.sourceNames)
			}
			cb, err := s.Codebook()
			if err != nil {
				t.Fatal(err)
			}
			if len(cb) != tt.codebookEntries || (len(cb) > 0 && cb[0].Path != tt.firstTheme) {
				t.Errorf("codebook of %d codes, first %v", len(cb), cb)
			}
		})
	}
}

func TestImportREFIQCSampleCodings(t *testing.T) {
	p, err := refiqda.OpenProject(refiSample(t, "qc-1.3.2-demo.qdpx"), refiqda.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := create(t, Options{})
	if _, err := s.ImportREFI(t.Context(), p, REFIOptions{Segment: segmentItems}); err != nil {
		t.Fatal(err)
	}
	list, err := s.Codings(CodingFilter{Source: "board_2017"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 205 {
		t.Errorf("%d codings on board_2017, want 205", len(list))
	}
	var found bool
	for _, c := range list {
		if c.Start == 320 && c.End == 400 {
			found = true
			if !strings.HasPrefix(c.Text, "This district goal is engage every student") || c.Coder != "cp" {
				t.Errorf("coding 320-400: %q by %s", c.Text, c.Coder)
			}
		}
	}
	if !found {
		t.Error("no coding at 320-400")
	}
	other, _ := s.Codings(CodingFilter{Source: "admin-1"})
	if len(other) != 0 {
		t.Errorf("%d codings on admin-1, want 0", len(other))
	}
	// Imported GUIDs go back out unchanged.
	out, _, err := s.ExportREFI(REFIExportOptions{Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	guids := func(p *refiqda.Project) []string {
		var g []string
		refiqda.WalkCodes(p.Codes, func(c *refiqda.Code, _ []*refiqda.Code) { g = append(g, "code "+c.Name+" "+string(c.GUID)) })
		for _, src := range p.TextSources {
			g = append(g, "source "+string(src.GUID))
			for _, sel := range src.Selections {
				g = append(g, "selection "+string(sel.GUID))
				for _, cd := range sel.Codings {
					g = append(g, "coding "+string(cd.GUID)+" "+string(cd.CodeRef.Target)+" "+string(cd.CreatingUser))
				}
			}
		}
		for _, u := range p.Users {
			g = append(g, "user "+u.Name+" "+string(u.GUID))
		}
		sort.Strings(g)
		return g
	}
	if a, b := guids(p), guids(out); !reflect.DeepEqual(a, b) {
		t.Errorf("GUIDs changed on the way through: %d in, %d out; first in %q, out %q", len(a), len(b), a[:3], b[:3])
	}
}

func TestImportREFICodebookSamples(t *testing.T) {
	data, err := os.ReadFile(refiSample(t, "atlas-ti-win23-codebook.qdc"))
	if err != nil {
		t.Fatal(err)
	}
	cb, err := refiqda.ReadCodebook("atlas.qdc", data, refiqda.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := create(t, Options{})
	rep, err := s.ImportREFICodebook(cb, REFIOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Codes != 1 || len(rep.Skipped) != 1 || rep.Skipped[0].Name != "code group 1" {
		t.Errorf("report %+v", *rep)
	}
	entries, _ := s.Codebook()
	if len(entries) != 1 || entries[0].Path != "code1" || entries[0].Color != "#46aa00" || entries[0].Definition != "description" {
		t.Errorf("codebook %+v", entries)
	}
	// Again: the code is already there.
	if rep, err = s.ImportREFICodebook(cb, REFIOptions{}); err != nil || rep.Codes != 0 || rep.CodesReused != 1 {
		t.Errorf("second import: %+v, %v", rep, err)
	}

	data, err = os.ReadFile(refiSample(t, "taguette-codebook-from-tests.qdc"))
	if err != nil {
		t.Fatal(err)
	}
	if cb, err = refiqda.ReadCodebook("taguette.qdc", data, refiqda.DefaultLimits); err != nil {
		t.Fatal(err)
	}
	s2, _ := create(t, Options{})
	if rep, err = s2.ImportREFICodebook(cb, REFIOptions{}); err != nil {
		t.Fatal(err)
	}
	entries, _ = s2.Codebook()
	var paths []string
	for _, e := range entries {
		paths = append(paths, e.Path)
	}
	if rep.Codes != 3 || strings.Join(paths, "|") != `interesting|people|interesting\places` {
		t.Errorf("codes %q, report %+v", paths, *rep)
	}
	if !strings.Contains(strings.Join(rep.Notes, "\n"), "empty <Sets/>") {
		t.Errorf("notes %q do not report the empty Sets", rep.Notes)
	}
}

// refiFixture builds a project with everything an export carries: a
// transcript with speakers bound to participants with attributes, a code
// tree with every field, codings by two coders with memos, and memos on the
// project, a source, a code and a span.
func refiFixture(t *testing.T) (*Store, string) {
	t.Helper()
	s, p := create(t, Options{})
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "fg1", "G1", sample+"P2: Ça va? 😀 Oui, «merci» & <bien>.\n")}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAttributes("G1-P01", map[string]string{"age": "34", "pathway": "refugee claimant"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAttributes("G1-P02", map[string]string{"age": "41"}); err != nil {
		t.Fatal(err)
	}
	def, incl, ex, col := "Delays in status.", "Any wait.", "“Seven months.”", "#aa3300"
	if _, err := s.AddCode("Adaptation/Immigration & status", CodeFields{Definition: &def, Inclusion: &incl, Example: &ex, Color: &col}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCode("Risks/Transnational repression", CodeFields{}); err != nil {
		t.Fatal(err)
	}
	src, err := s.Source("fg1")
	if err != nil {
		t.Fatal(err)
	}
	at := func(sub string) (int, int) {
		i := strings.Index(src.Text, sub)
		if i < 0 {
			t.Fatalf("%q not in the text", sub)
		}
		start := len([]rune(src.Text[:i]))
		return start, start + len([]rune(sub))
	}
	a0, a1 := at("I waited seven months for a work permit.")
	b0, b1 := at("Someone called my mother back home")
	e0, e1 := at("😀 Oui")
	if _, err := s.ApplyAll([]NewCoding{
		{Source: "fg1", Code: "Immigration & status", Start: a0, End: a1, Coder: "lea", Memo: "Typical delay."},
		{Source: "fg1", Code: "Immigration & status", Start: a0, End: a1, Coder: "sam"},
		{Source: "fg1", Code: "Transnational repression", Start: b0, End: b1, Coder: "sam", Memo: "Family <targeted> & watched."},
		{Source: "fg1", Code: "Adaptation", Start: e0, End: e1, Coder: "lea"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveSpanMemo(src.ID, b0, b1+5, "lea", "A span memo."); err != nil {
		t.Fatal(err)
	}
	code, _ := s.Code("Risks")
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO memos (author, text, created_at, updated_at) VALUES ('lea', 'Project memo.', ?, ?)`, []any{now(), now()}},
		{`INSERT INTO memos (source_id, author, text, created_at, updated_at) VALUES (?, 'sam', 'Source memo.', ?, ?)`, []any{src.ID, now(), now()}},
		{`INSERT INTO memos (code_id, author, text, created_at, updated_at) VALUES (?, 'sam', 'Code memo.', ?, ?)`, []any{code.ID, now(), now()}},
	} {
		if _, err := s.db.Exec(q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	return s, p
}

func exportBytes(t *testing.T, s *Store) ([]byte, *refiqda.Project) {
	t.Helper()
	p, modified, err := s.ExportREFI(REFIExportOptions{Origin: "fieldwork test"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := refiqda.WriteProject(&b, p, modified); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), p
}

// refiState is what a round trip must keep, in a comparable form.
func refiState(t *testing.T, s *Store) map[string][]string {
	t.Helper()
	st := map[string][]string{}
	srcs, _ := s.Sources()
	for _, ss := range srcs {
		src, _ := s.Source(ss.Name)
		st["sources"] = append(st["sources"], fmt.Sprintf("%s city=%s group=%s text=%q", src.Name, src.City, src.Group, src.Text))
	}
	cb, _ := s.Codebook()
	for _, c := range cb {
		st["codes"] = append(st["codes"], fmt.Sprintf("%s %s def=%q incl=%q excl=%q ex=%q", c.Path, c.Color, c.Definition, c.Inclusion, c.Exclusion, c.Example))
	}
	cds, _ := s.Codings(CodingFilter{})
	for _, c := range cds {
		st["codings"] = append(st["codings"], fmt.Sprintf("%s %d-%d %s %s memo=%q", c.Source, c.Start, c.End, c.Code, c.Coder, c.Memo))
	}
	rows, err := s.db.Query(`SELECT ifnull(s.name, ''), ifnull(c.name, ''), ifnull(m.start, -1), ifnull(m.end, -1), m.author, m.text
		FROM memos m LEFT JOIN sources s ON s.id = m.source_id LEFT JOIN codes c ON c.id = m.code_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var src, code, author, text string
		var start, end int
		rows.Scan(&src, &code, &start, &end, &author, &text)
		st["memos"] = append(st["memos"], fmt.Sprintf("source=%s code=%s %d-%d %s %q", src, code, start, end, author, text))
	}
	rows.Close()
	ps, _ := s.Participants()
	for _, p := range ps {
		if p.Facilitator {
			continue
		}
		keys := make([]string, 0, len(p.Attributes))
		for k, v := range p.Attributes {
			keys = append(keys, k+"="+v)
		}
		sort.Strings(keys)
		st["participants"] = append(st["participants"], fmt.Sprintf("%s city=%s turns=%d %v", p.Group, p.City, p.Turns, keys))
	}
	for k := range st {
		sort.Strings(st[k])
	}
	return st
}

func TestREFIRoundTrip(t *testing.T) {
	s, _ := refiFixture(t)
	first, p := exportBytes(t, s)
	if again, _ := exportBytes(t, s); !bytes.Equal(first, again) {
		t.Error("two exports of an unchanged project differ")
	}
	for _, c := range p.Cases {
		if strings.Contains(c.Name, "P1") || strings.Contains(c.Name, "P2") {
			t.Errorf("case %q is named after a speaker label", c.Name)
		}
	}
	read, err := refiqda.ReadProject("p.qdpx", bytes.NewReader(first), int64(len(first)), refiqda.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := create(t, Options{})
	rep, err := s2.ImportREFI(t.Context(), read, REFIOptions{Coder: "nobody", Segment: segmentItems})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Skipped) != 0 || strings.Join(rep.Coders, ",") != "lea,sam" || rep.Participants != 2 {
		t.Errorf("report %+v", *rep)
	}
	want, got := refiState(t, s), refiState(t, s2)
	for _, k := range []string{"sources", "codes", "codings", "memos", "participants"} {
		if !reflect.DeepEqual(want[k], got[k]) {
			t.Errorf("%s differ after the round trip:\n got %q\nwant %q", k, got[k], want[k])
		}
	}
	// The participants lost their speaker labels, not their turns.
	if len(got["participants"]) != 2 || strings.Contains(strings.Join(got["participants"], " "), "turns=0") {
		t.Errorf("participants %q", got["participants"])
	}
	second, _ := exportBytes(t, s2)
	if !bytes.Equal(first, second) {
		a, _ := refiqda.MarshalProject(p)
		p2, _, _ := s2.ExportREFI(REFIExportOptions{Origin: "fieldwork test"})
		b, _ := refiqda.MarshalProject(p2)
		t.Errorf("export of the import differs from the export:\n%s", firstDiff(string(a), string(b)))
	}
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < min(len(la), len(lb)); i++ {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(la), len(lb))
}

func TestImportREFIAllOrNothing(t *testing.T) {
	p, err := refiqda.OpenProject(refiSample(t, "qc-1.3.2-demo.qdpx"), refiqda.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := create(t, Options{})
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "board_2017", "G", sample)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportREFI(t.Context(), p, REFIOptions{Segment: segmentItems}); err == nil || !strings.Contains(err.Error(), "board_2017") {
		t.Fatalf("import over an existing source name: %v", err)
	}
	cb, _ := s.Codebook()
	srcs, _ := s.Sources()
	cds, _ := s.Codings(CodingFilter{})
	if len(cb) != 0 || len(srcs) != 1 || len(cds) != 0 {
		t.Errorf("a refused import left %d codes, %d sources, %d codings", len(cb), len(srcs), len(cds))
	}
}

func TestImportREFIReportsWhatItLeaves(t *testing.T) {
	ns := refiqda.GUID("11111111-2222-3333-4444-555555555555")
	g := func(k string) refiqda.GUID { return refiqda.GUIDFor(ns, k) }
	text := "Short text."
	p := &refiqda.Project{Name: "x",
		Codes: []refiqda.Code{{GUID: g("c"), Name: "a/b", IsCodable: true, Color: "#ABC"}},
		TextSources: []refiqda.TextSource{{GUID: g("s"), Name: "doc", PlainTextContent: &text, Text: text,
			Selections: []refiqda.PlainTextSelection{
				{GUID: g("s1"), Name: "too far", Start: 5, End: 50, Codings: []refiqda.Coding{{GUID: g("k1"), CodeRef: refiqda.Ref{Target: g("c")}}}},
				{GUID: g("s2"), Name: "fine", Start: 0, End: 5, Codings: []refiqda.Coding{{GUID: g("k2"), CodeRef: refiqda.Ref{Target: g("c")}}}},
				{GUID: g("s3"), Name: "annotated", Start: 6, End: 10, Description: "MAXQDA memo"},
			}}},
		PDFSources:   []refiqda.Media{{GUID: g("pdf"), Name: "report.pdf"}},
		AudioSources: []refiqda.Media{{GUID: g("au"), Path: "internal://x/interview.m4a"}},
		Sets:         []refiqda.Set{{GUID: g("set"), Name: "code group", MemberCodes: []refiqda.Ref{{Target: g("c")}}}},
		Graphs:       []refiqda.Named{{GUID: g("gr"), Name: "network"}},
	}
	s, _ := create(t, Options{})
	rep, err := s.ImportREFI(t.Context(), p, REFIOptions{Coder: "me", Segment: segmentItems})
	if err != nil {
		t.Fatal(err)
	}
	var skipped []string
	for _, sk := range rep.Skipped {
		skipped = append(skipped, sk.Kind+":"+sk.Name)
	}
	sort.Strings(skipped)
	if strings.Join(skipped, ",") != "PDF source:report.pdf,audio source:interview.m4a,graph:network,selection:too far,set:code group" {
		t.Errorf("skipped %q", skipped)
	}
	if rep.Codings != 1 || rep.Memos != 1 || strings.Join(rep.Coders, ",") != "me" {
		t.Errorf("report %+v", *rep)
	}
	cb, _ := s.Codebook()
	if len(cb) != 1 || cb[0].Path != "a∕b" || cb[0].Color != "#aabbcc" {
		t.Errorf("codebook %+v", cb)
	}
	ms, _ := s.Memos()
	if len(ms) != 1 || ms[0].Text != "MAXQDA memo" || ms[0].Start != 6 || ms[0].End != 10 {
		t.Errorf("memos %+v", ms)
	}
}

func TestParagraphTurns(t *testing.T) {
	text := "  First para\nline two.\n\n\nSecond para.  \n \n Third"
	var got []string
	for _, tu := range paragraphTurns(text) {
		got = append(got, fmt.Sprintf("%d:%q", tu.Line, string([]rune(text)[tu.Start:tu.End])))
	}
	want := []string{`1:"First para\nline two."`, `5:"Second para."`, `7:"Third"`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("turns %q, want %q", got, want)
	}
	if paragraphTurns(" \n ") != nil {
		t.Error("blank text has turns")
	}
}

func TestExportREFIGUIDsDifferBetweenProjects(t *testing.T) {
	a, _ := create(t, Options{})
	b, _ := create(t, Options{})
	for _, s := range []*Store{a, b} {
		if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "fg1", "G1", sample)}); err != nil {
			t.Fatal(err)
		}
	}
	pa, _, err := a.ExportREFI(REFIExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pb, _, _ := b.ExportREFI(REFIExportOptions{})
	if pa.TextSources[0].GUID == pb.TextSources[0].GUID {
		t.Error("two projects give their first source the same GUID")
	}
	if again, _, _ := a.ExportREFI(REFIExportOptions{}); again.TextSources[0].GUID != pa.TextSources[0].GUID {
		t.Error("a project's source GUID changed between two exports")
	}
}

// segmentItems segments sources as internal/project does before the store
// persists them.
func segmentItems(items []NewSource) error {
	for i := range items {
		sents, err := coding.Segment(items[i].Source.Text, items[i].Turns, items[i].Source.Language)
		if err != nil {
			return err
		}
		items[i].Sentences = sents
	}
	return nil
}
