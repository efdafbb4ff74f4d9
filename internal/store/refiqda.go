package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ncruces/go-sqlite3"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/refiqda"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
)

// REFIReport says what an import of a REFI-QDA project or codebook brought,
// per kind, and names everything it could not bring.
type REFIReport struct {
	Sources      int
	Codes        int // codes created
	CodesReused  int // codes the project already had (same path)
	Codings      int
	Memos        int // memos and coding memos
	Participants int // cases, as participants
	Attributes   int // variable values, as participant attributes
	Coders       []string
	// Skipped lists what was not imported, by name, with the reason.
	Skipped []REFISkip
	// Notes are what the reader or the import tolerated or changed.
	Notes []string
}

// REFISkip is one thing an import did not bring.
type REFISkip struct {
	Kind, Name, Why string
}

func (r *REFIReport) skip(kind, name, why string) {
	r.Skipped = append(r.Skipped, REFISkip{kind, name, why})
}

// REFIOptions tune an import.
type REFIOptions struct {
	// Coder is the name given to codings and memos whose user the file does
	// not name.
	Coder string
	// Segment fills the sentences of the sources before they are stored:
	// the store does not segment (internal/project does).
	Segment func([]NewSource) error
}

// sourceVariables are the variables that map onto a source's fields.
var sourceVariables = map[string]bool{"city": true, "group": true, "date": true, "language": true}

// ImportREFI brings a REFI-QDA project into the store in one transaction:
// text sources, codes (with their hierarchy, colours and descriptions),
// codings with their coders, notes as memos, cases as participants with
// their variables as attributes, and sets of sources as groups. Codes the
// project already has (same path) are reused. A source whose name the
// project already has refuses the whole import. The report names what was
// left out (PDF, picture, audio and video sources, selections outside their
// text, code sets, graphs).
func (s *Store) ImportREFI(ctx context.Context, p *refiqda.Project, opt REFIOptions) (*REFIReport, error) {
	im := newREFIImport(p, opt)
	items := im.planSources()
	if opt.Segment != nil {
		if err := opt.Segment(items); err != nil {
			return nil, err
		}
	}
	err := s.rawTx(ctx, "import REFI-QDA project", func(tx *sql.Tx, raw *sqlite3.Conn) error {
		for _, it := range items {
			var other string
			err := tx.QueryRowContext(ctx, `SELECT name FROM sources WHERE name = ?`, it.Source.Name).Scan(&other)
			if err == nil {
				return fmt.Errorf("a source named %q is already in the project (was this project imported before?)", other)
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if err := im.codes(ctx, tx, p.Codes); err != nil {
			return err
		}
		srcs, err := importSourcesTx(ctx, tx, raw, items)
		if err != nil {
			return err
		}
		if err := im.afterSources(ctx, tx, srcs); err != nil {
			return err
		}
		if err := im.cases(ctx, tx); err != nil {
			return err
		}
		if err := im.codings(ctx, tx); err != nil {
			return err
		}
		if err := im.memos(ctx, tx); err != nil {
			return err
		}
		return im.saveUsers(ctx, tx)
	})
	if err != nil {
		return nil, err
	}
	im.finish()
	return im.rep, nil
}

// ImportREFICodebook brings a .qdc codebook's codes into the store in one
// transaction; codes the project already has (same path) are reused. Code
// sets have no place in fieldwork and are named in the report.
func (s *Store) ImportREFICodebook(cb *refiqda.Codebook, opt REFIOptions) (*REFIReport, error) {
	im := newREFIImport(&refiqda.Project{Codes: cb.Codes}, opt)
	im.rep.Notes = append(im.rep.Notes, cb.Warnings...)
	for _, set := range cb.Sets {
		im.rep.skip("code set", set.Name, fmt.Sprintf("a group of %s; fieldwork has no code groups", plural.Count(len(set.MemberCodes), "code", "codes")))
	}
	err := s.tx("import REFI-QDA codebook", func(tx *sql.Tx) error {
		return im.codes(context.Background(), tx, cb.Codes)
	})
	if err != nil {
		return nil, err
	}
	return im.rep, nil
}

// refiImport carries an import's state from one step to the next.
type refiImport struct {
	p        *refiqda.Project
	opt      REFIOptions
	rep      *REFIReport
	users    map[refiqda.GUID]string
	coders   map[string]refiqda.GUID
	codeIDs  map[refiqda.GUID]int64
	notes    map[refiqda.GUID]*refiqda.TextSource
	used     map[refiqda.GUID]bool // notes that became a memo somewhere
	srcIdx   []int                 // for each planned source, its index in p.TextSources
	srcIDs   map[refiqda.GUID]int64
	srcText  map[refiqda.GUID][]rune
	srcName  map[refiqda.GUID]string
	selSrc   map[refiqda.GUID]refiqda.GUID // selection -> its source
	selSpan  map[refiqda.GUID][2]int
	linkedTo map[refiqda.GUID][]refiqda.GUID // element -> notes linked to it
}

func newREFIImport(p *refiqda.Project, opt REFIOptions) *refiImport {
	im := &refiImport{p: p, opt: opt, rep: &REFIReport{Notes: append([]string(nil), p.Warnings...)},
		users: map[refiqda.GUID]string{}, coders: map[string]refiqda.GUID{}, codeIDs: map[refiqda.GUID]int64{},
		notes: map[refiqda.GUID]*refiqda.TextSource{}, used: map[refiqda.GUID]bool{},
		srcIDs: map[refiqda.GUID]int64{}, srcText: map[refiqda.GUID][]rune{}, srcName: map[refiqda.GUID]string{},
		selSrc: map[refiqda.GUID]refiqda.GUID{}, selSpan: map[refiqda.GUID][2]int{}, linkedTo: map[refiqda.GUID][]refiqda.GUID{}}
	for _, u := range p.Users {
		name := strings.TrimSpace(u.Name)
		if name == "" {
			name = strings.TrimSpace(u.ID)
		}
		if name == "" {
			name = "user " + string(u.GUID)
		}
		im.users[u.GUID] = name
	}
	for i := range p.Notes {
		im.notes[p.Notes[i].GUID] = &p.Notes[i]
	}
	return im
}

// coder names the user of a GUID, else the project's creator, else the
// import's coder.
func (im *refiImport) coder(g refiqda.GUID) string {
	name, ok := im.users[g]
	if !ok {
		name, ok = im.users[im.p.CreatingUserGUID]
	}
	if !ok {
		name = strings.TrimSpace(im.opt.Coder)
	}
	if name == "" {
		name = "unknown"
	}
	if _, seen := im.coders[name]; !seen {
		guid := g
		if _, known := im.users[g]; !known {
			guid = ""
		}
		im.coders[name] = guid
	}
	return name
}

// codeName makes a REFI code name fit fieldwork's paths: '/' separates
// path names, so it becomes '∕'; blanks collapse; 200 characters at most.
func (im *refiImport) codeName(name, guid string) string {
	n := strings.Join(strings.Fields(name), " ")
	if strings.Contains(n, "/") {
		im.rep.Notes = append(im.rep.Notes, fmt.Sprintf("code %q: '/' separates code paths in fieldwork, so it became '∕'", n))
		n = strings.ReplaceAll(n, "/", "∕")
	}
	if n == "" {
		n = "code " + guid
	}
	if r := []rune(n); len(r) > 200 {
		n = string(r[:200])
		im.rep.Notes = append(im.rep.Notes, fmt.Sprintf("code %q: name cut to 200 characters", n))
	}
	return n
}

func (im *refiImport) codes(ctx context.Context, tx *sql.Tx, codes []refiqda.Code) error {
	var walk func(cs []refiqda.Code, parent int64, prefix string) error
	walk = func(cs []refiqda.Code, parent int64, prefix string) error {
		for _, c := range cs {
			if err := coding.CheckText("name", strings.Join(strings.Fields(c.Name), " "), false); err != nil {
				return fmt.Errorf("code %q (GUID %s): %w", c.Name, c.GUID, err)
			}
			if err := coding.CheckText("description", c.Description, true); err != nil {
				return fmt.Errorf("code %q (GUID %s): %w", c.Name, c.GUID, err)
			}
			name := im.codeName(c.Name, string(c.GUID))
			id, err := im.code(ctx, tx, c, parent, name, prefix+name)
			if err != nil {
				return err
			}
			if _, dup := im.codeIDs[c.GUID]; !dup {
				im.codeIDs[c.GUID] = id
			}
			if err := walk(c.Codes, id, prefix+name+"/"); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(codes, 0, "")
}

var shortRGB = regexp.MustCompile(`^#[0-9a-fA-F]{3}$`)

// code finds or creates one code under parent.
func (im *refiImport) code(ctx context.Context, tx *sql.Tx, c refiqda.Code, parent int64, name, path string) (int64, error) {
	var id int64
	var guid string
	err := tx.QueryRowContext(ctx, `SELECT id, refi_guid FROM codes WHERE ifnull(parent_id, 0) = ? AND name = ? COLLATE NOCASE`, parent, name).Scan(&id, &guid)
	switch {
	case err == nil:
		im.rep.CodesReused++
		if guid == "" {
			_, err = tx.ExecContext(ctx, `UPDATE codes SET refi_guid = ? WHERE id = ?`, string(c.GUID), id)
		}
		return id, err
	case !errors.Is(err, sql.ErrNoRows):
		return 0, err
	}
	color := strings.ToLower(c.Color)
	if shortRGB.MatchString(color) {
		color = "#" + string([]byte{color[1], color[1], color[2], color[2], color[3], color[3]})
	}
	var pos, siblings int
	if err := tx.QueryRowContext(ctx, `SELECT ifnull(max(position), -1) + 1, count(*) FROM codes WHERE ifnull(parent_id, 0) = ?`, parent).Scan(&pos, &siblings); err != nil {
		return 0, err
	}
	if !coding.ValidColor(color) {
		if color != "" {
			im.rep.Notes = append(im.rep.Notes, fmt.Sprintf("code %q: colour %q is not #rrggbb; given one from the palette", path, c.Color))
		}
		color = coding.Palette[siblings%len(coding.Palette)]
	}
	def, incl, excl, ex := refiqda.SplitDescription(strings.TrimSpace(c.Description))
	res, err := tx.ExecContext(ctx, `INSERT INTO codes (parent_id, name, definition, inclusion, exclusion, example, color, position, refi_guid)
		VALUES (nullif(?, 0), ?, ?, ?, ?, ?, ?, ?, ?)`, parent, name, def, incl, excl, ex, color, pos, string(c.GUID))
	if err != nil {
		return 0, err
	}
	im.rep.Codes++
	return res.LastInsertId()
}

// planSources turns the text sources into sources to import: names made
// unique, fields from variables and sets, one unlabelled turn per
// paragraph. Other kinds of source are named in the report.
func (im *refiImport) planSources() []NewSource {
	p := im.p
	for _, group := range []struct {
		kind string
		list []refiqda.Media
	}{{"PDF source", p.PDFSources}, {"picture source", p.PictureSources}, {"audio source", p.AudioSources}, {"video source", p.VideoSources}} {
		for _, m := range group.list {
			name := m.Name
			if name == "" {
				name = path.Base(strings.ReplaceAll(m.Path, `\`, "/"))
			}
			im.rep.skip(group.kind, name, "fieldwork imports text sources only")
		}
	}
	for _, g := range p.Graphs {
		im.rep.skip("graph", g.Name, "fieldwork has no graphs")
	}
	// Variables: by GUID, for source fields.
	varName := map[refiqda.GUID]string{}
	for _, v := range p.Variables {
		varName[v.GUID] = v.Name
	}
	fields := map[refiqda.GUID]map[string]string{}
	setField := func(src refiqda.GUID, values []refiqda.VariableValue, from string) {
		for _, v := range values {
			name := strings.ToLower(strings.TrimSpace(varName[v.VariableRef.Target]))
			if !sourceVariables[name] {
				im.rep.skip("source variable", varName[v.VariableRef.Target], "on "+from+": fieldwork keeps only city, group, date and language on a source")
				continue
			}
			if fields[src] == nil {
				fields[src] = map[string]string{}
			}
			fields[src][name] = v.Value()
		}
	}
	for _, s := range p.TextSources {
		setField(s.GUID, s.Values, "source "+s.Label())
	}
	// A nameless case of one source holds that source's variables (MAXQDA,
	// Quirkos).
	for _, c := range p.Cases {
		if strings.TrimSpace(c.Name) == "" && len(c.SourceRefs) == 1 && len(c.SelectionRefs) == 0 {
			setField(c.SourceRefs[0].Target, c.Values, "a case of one source")
		}
	}
	// Sets of sources only: the set is the sources' group.
	for _, set := range p.Sets {
		switch {
		case len(set.MemberSources) > 0 && len(set.MemberCodes)+len(set.MemberNotes) == 0:
			for _, m := range set.MemberSources {
				if fields[m.Target] == nil {
					fields[m.Target] = map[string]string{}
				}
				if fields[m.Target]["group"] == "" {
					fields[m.Target]["group"] = set.Name
				}
			}
		default:
			im.rep.skip("set", set.Name, fmt.Sprintf("%s, %s, %s; only sets of sources map (to groups)", plural.Count(len(set.MemberCodes), "code", "codes"), plural.Count(len(set.MemberSources), "source", "sources"), plural.Count(len(set.MemberNotes), "note", "notes")))
		}
	}
	names := map[string]bool{}
	var items []NewSource
	for i, s := range p.TextSources {
		if s.PlainTextContent == nil && s.PlainTextPath == "" {
			im.rep.skip("text source", s.Name, "it has no plain text (neither PlainTextContent nor plainTextPath)")
			continue
		}
		name := strings.TrimSpace(s.Name)
		file := path.Base(strings.ReplaceAll(s.PlainTextPath, `\`, "/"))
		if s.PlainTextPath == "" {
			file = ""
		}
		if name == "" && file != "" {
			name = coding.SourceName(file)
		}
		if name == "" {
			name = "source " + string(s.GUID)
		}
		base := name
		for n := 2; names[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s (%d)", base, n)
		}
		if name != base {
			im.rep.Notes = append(im.rep.Notes, fmt.Sprintf("two sources are named %q; the second is %q", base, name))
		}
		names[strings.ToLower(name)] = true
		f := fields[s.GUID]
		src := coding.Source{Name: name, Kind: coding.KindDocument, Format: "qdpx", Encoding: s.Encoding, FileName: file,
			City: f["city"], Group: f["group"], Date: f["date"], Language: f["language"], Text: s.Text}
		if err := (coding.SourceMeta{Date: src.Date, Language: src.Language}).Validate(); err != nil {
			im.rep.Notes = append(im.rep.Notes, fmt.Sprintf("source %q: %v; left empty", name, err))
			src.Date, src.Language = "", ""
		}
		items = append(items, NewSource{Source: src, Turns: paragraphTurns(s.Text), Force: true})
		im.srcIdx = append(im.srcIdx, i)
	}
	return items
}

// paragraphTurns cuts a text without speaker labels into one unlabelled
// turn per paragraph (blank-line separated), so that it has sentences.
func paragraphTurns(text string) []coding.Turn {
	var turns []coding.Turn
	r := []rune(text)
	start, line, startLine := -1, 1, 1
	newlines := 0 // since the last non-space rune
	for i, c := range r {
		switch c {
		case '\n':
			newlines++
			line++
			continue
		case ' ', '\t', '\r':
			continue
		}
		if start >= 0 && newlines >= 2 {
			turns = append(turns, coding.Turn{Index: len(turns), Start: start, End: lastNonSpace(r, i) + 1, Line: startLine})
			start = -1
		}
		if start < 0 {
			start, startLine = i, line
		}
		newlines = 0
	}
	if start >= 0 {
		turns = append(turns, coding.Turn{Index: len(turns), Start: start, End: lastNonSpace(r, len(r)) + 1, Line: startLine})
	}
	return turns
}

// lastNonSpace is the index of the last non-space rune before end.
func lastNonSpace(r []rune, end int) int {
	for i := end - 1; i >= 0; i-- {
		switch r[i] {
		case ' ', '\t', '\r', '\n':
		default:
			return i
		}
	}
	return -1
}

// afterSources records the imported sources' GUIDs and indexes their
// selections.
func (im *refiImport) afterSources(ctx context.Context, tx *sql.Tx, srcs []coding.Source) error {
	im.rep.Sources = len(srcs)
	for k, src := range srcs {
		s := im.p.TextSources[im.srcIdx[k]]
		textGUID := ""
		if f, ok := strings.CutPrefix(s.PlainTextPath, "internal://"); ok {
			stem := strings.TrimSuffix(f, path.Ext(f))
			if g := refiqda.NormGUID(stem); refiqda.ValidGUID(g) {
				textGUID = string(g)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sources SET refi_guid = ?, refi_text_guid = ? WHERE id = ?`, string(s.GUID), textGUID, src.ID); err != nil {
			return err
		}
		// The source's own date of creation, when the file gives one.
		if s.CreationDateTime != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE sources SET imported_at = ? WHERE id = ?`, refiTime(s.CreationDateTime), src.ID); err != nil {
				return err
			}
		}
		im.srcIDs[s.GUID] = src.ID
		im.srcText[s.GUID] = []rune(src.Text)
		im.srcName[s.GUID] = src.Name
		for _, sel := range s.Selections {
			im.selSrc[sel.GUID] = s.GUID
			im.selSpan[sel.GUID] = [2]int{sel.Start, sel.End}
		}
	}
	for _, l := range im.p.Links {
		switch {
		case im.notes[l.Origin] != nil && im.notes[l.Target] == nil:
			im.linkedTo[l.Target] = append(im.linkedTo[l.Target], l.Origin)
		case im.notes[l.Target] != nil && im.notes[l.Origin] == nil:
			im.linkedTo[l.Origin] = append(im.linkedTo[l.Origin], l.Target)
		default:
			im.rep.skip("link", l.Name, "only links between a note and another element map (to memos)")
		}
	}
	return nil
}

// cases makes participants of named cases (and of nameless ones that are
// not a single source's variables), their variables attributes.
func (im *refiImport) cases(ctx context.Context, tx *sql.Tx) error {
	varName := map[refiqda.GUID]string{}
	for _, v := range im.p.Variables {
		varName[v.GUID] = strings.TrimSpace(v.Name)
	}
	for _, c := range im.p.Cases {
		name := strings.Join(strings.Fields(c.Name), " ")
		if name == "" && len(c.SourceRefs) == 1 && len(c.SelectionRefs) == 0 {
			continue // a source's variables (planSources)
		}
		if name == "" {
			name = "case " + string(c.GUID)
		}
		attrs := map[string]string{}
		for _, v := range c.Values {
			k := varName[v.VariableRef.Target]
			if k == "" {
				k = "variable " + string(v.VariableRef.Target)
			}
			if val := v.Value(); val != "" {
				attrs[k] = val
			}
		}
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM participants WHERE ref = ?`, name).Scan(&id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			fac, _ := strconv.ParseBool(attrs["facilitator"])
			res, err := tx.ExecContext(ctx, `INSERT INTO participants (ref, grp, city, facilitator, rostered, refi_guid) VALUES (?,?,?,?,1,?)`,
				name, attrs["group"], attrs["city"], fac, string(c.GUID))
			if err != nil {
				return err
			}
			id, _ = res.LastInsertId()
		case err != nil:
			return err
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE participants SET refi_guid = ? WHERE id = ? AND refi_guid = ''`, string(c.GUID), id); err != nil {
				return err
			}
		}
		im.rep.Participants++
		keys := make([]string, 0, len(attrs))
		for k := range attrs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch strings.ToLower(k) {
			case "city", "group", "facilitator":
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO participant_attributes (participant_id, key, value) VALUES (?,?,?)
				ON CONFLICT (participant_id, key) DO UPDATE SET value = excluded.value`, id, k, attrs[k]); err != nil {
				return err
			}
			im.rep.Attributes++
		}
		if err := im.caseTurns(ctx, tx, c, id); err != nil {
			return err
		}
	}
	for _, v := range im.p.Variables {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO refi_guids (kind, key, guid) VALUES ('variable', ?, ?)`, strings.TrimSpace(v.Name), string(v.GUID)); err != nil {
			return err
		}
	}
	return nil
}

// caseTurns binds to the participant the turns a case's selections cover
// exactly (fieldwork's own exports write one selection per turn).
func (im *refiImport) caseTurns(ctx context.Context, tx *sql.Tx, c refiqda.Case, pid int64) error {
	for _, r := range c.SelectionRefs {
		src, ok := im.selSrc[r.Target]
		if !ok {
			continue
		}
		span := im.selSpan[r.Target]
		if _, err := tx.ExecContext(ctx, `UPDATE turns SET participant_id = ?1,
			refi_guid = CASE WHEN start = ?3 AND end = ?4 THEN ?5 ELSE refi_guid END
			WHERE source_id = ?2 AND start >= ?3 AND end <= ?4`,
			pid, im.srcIDs[src], span[0], span[1], string(r.Target)); err != nil {
			return err
		}
	}
	return nil
}

// codings imports every selection's codings (and whole-source codings as
// codings of the whole text), with their memos; a selection outside its
// text is named in the report.
func (im *refiImport) codings(ctx context.Context, tx *sql.Tx) error {
	seen := map[codingKey]bool{}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO codings (source_id, code_id, start, end, coder, memo, created_at, refi_guid, refi_selection_guid, refi_note_guid)
		VALUES (?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	referenced := map[refiqda.GUID]bool{}
	for _, c := range im.p.Cases {
		for _, r := range c.SelectionRefs {
			referenced[r.Target] = true
		}
	}
	add := func(srcGUID refiqda.GUID, start, end int, cd refiqda.Coding, selGUID refiqda.GUID, extraMemo string) error {
		code, ok := im.codeIDs[cd.CodeRef.Target]
		if !ok {
			im.rep.skip("coding", string(cd.GUID), fmt.Sprintf("on %q: its code %s is not in the codebook", im.srcName[srcGUID], cd.CodeRef.Target))
			return nil
		}
		coder := im.coder(cd.CreatingUser)
		k := codingKey{im.srcIDs[srcGUID], code, start, end, coder}
		if seen[k] {
			im.rep.Notes = append(im.rep.Notes, fmt.Sprintf("coding %s repeats another (same span, code and coder) on %q; kept once", cd.GUID, im.srcName[srcGUID]))
			return nil
		}
		seen[k] = true
		var memos []string
		noteGUID := ""
		for _, r := range cd.NoteRefs {
			if t := im.noteText(r.Target); t != "" {
				memos = append(memos, t)
				im.used[r.Target] = true
				if noteGUID == "" {
					noteGUID = string(r.Target)
				}
			}
		}
		if extraMemo != "" {
			memos = append(memos, extraMemo)
		}
		memo := strings.Join(memos, "\n\n")
		if memo != "" {
			im.rep.Memos++
		}
		created := refiTime(cd.CreationDateTime)
		if _, err := stmt.ExecContext(ctx, k.source, code, start, end, coder, memo, created, string(cd.GUID), string(selGUID), noteGUID); err != nil {
			return err
		}
		im.rep.Codings++
		return nil
	}
	for _, k := range im.srcIdx {
		s := im.p.TextSources[k]
		n := len(im.srcText[s.GUID])
		for _, sel := range s.Selections {
			label := sel.Name
			if label == "" {
				label = string(sel.GUID)
			}
			if sel.Start < 0 || sel.End > n || sel.Start >= sel.End {
				im.rep.skip("selection", label, fmt.Sprintf("on %q: %d-%d is outside its text (0-%d) or empty", im.srcName[s.GUID], sel.Start, sel.End, n))
				continue
			}
			desc := strings.TrimSpace(sel.Description)
			for i, cd := range sel.Codings {
				extra := ""
				if i == 0 {
					extra = desc // QualCoder writes a coding's memo as the selection's description
				}
				if err := add(s.GUID, sel.Start, sel.End, cd, sel.GUID, extra); err != nil {
					return err
				}
			}
			if len(sel.Codings) == 0 && desc != "" {
				if err := im.memo(ctx, tx, memoTarget{src: s.GUID, span: &[2]int{sel.Start, sel.End}, sel: sel.GUID}, desc, sel.CreatingUser, sel.CreationDateTime, ""); err != nil {
					return err
				}
			}
			if len(sel.Codings) == 0 && desc == "" && len(sel.NoteRefs) == 0 && len(im.linkedTo[sel.GUID]) == 0 && !referenced[sel.GUID] {
				im.rep.skip("selection", label, fmt.Sprintf("on %q: no code, note or description", im.srcName[s.GUID]))
			}
		}
		for _, cd := range s.Codings {
			if n == 0 {
				im.rep.skip("coding", string(cd.GUID), fmt.Sprintf("of the whole of %q, which is empty", im.srcName[s.GUID]))
				continue
			}
			if err := add(s.GUID, 0, n, cd, "", ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// noteText is a note's text, else its description, else its name.
func (im *refiImport) noteText(g refiqda.GUID) string {
	n := im.notes[g]
	if n == nil {
		return ""
	}
	for _, t := range []string{n.Text, n.Description, n.Name} {
		if t = strings.TrimSpace(t); t != "" {
			return t
		}
	}
	return ""
}

// memoTarget is what a memo is on: the project (all empty), a source, a
// span of a source, or a code.
type memoTarget struct {
	src  refiqda.GUID
	span *[2]int
	sel  refiqda.GUID // the selection a span memo came from
	code int64
}

func (im *refiImport) memo(ctx context.Context, tx *sql.Tx, t memoTarget, text string, user refiqda.GUID, created, guid string) error {
	var src, code, start, end any
	if t.src != "" {
		src = im.srcIDs[t.src]
	}
	if t.span != nil {
		start, end = t.span[0], t.span[1]
	}
	if t.code != 0 {
		code = t.code
	}
	at := refiTime(created)
	if _, err := tx.ExecContext(ctx, `INSERT INTO memos (source_id, code_id, start, end, author, text, created_at, updated_at, refi_guid, refi_selection_guid)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, src, code, start, end, im.coder(user), text, at, at, guid, string(t.sel)); err != nil {
		return err
	}
	im.rep.Memos++
	return nil
}

// memos turns notes into memos on what refers to them (or links to them);
// a note nothing refers to is a memo on the project.
func (im *refiImport) memos(ctx context.Context, tx *sql.Tx) error {
	put := func(refs []refiqda.Ref, owner refiqda.GUID, t memoTarget) error {
		targets := make([]refiqda.GUID, 0, len(refs))
		for _, r := range refs {
			targets = append(targets, r.Target)
		}
		if owner != "" {
			targets = append(targets, im.linkedTo[owner]...)
		}
		for _, g := range targets {
			n := im.notes[g]
			text := im.noteText(g)
			if n == nil || text == "" {
				continue
			}
			im.used[g] = true
			if err := im.memo(ctx, tx, t, text, n.CreatingUser, n.CreationDateTime, string(g)); err != nil {
				return err
			}
		}
		return nil
	}
	if d := strings.TrimSpace(im.p.Description); d != "" {
		if err := im.memo(ctx, tx, memoTarget{}, d, im.p.CreatingUserGUID, im.p.CreationDateTime, ""); err != nil {
			return err
		}
	}
	if err := put(im.p.NoteRefs, "", memoTarget{}); err != nil {
		return err
	}
	var err error
	refiqda.WalkCodes(im.p.Codes, func(c *refiqda.Code, _ []*refiqda.Code) {
		if err == nil {
			err = put(c.NoteRefs, c.GUID, memoTarget{code: im.codeIDs[c.GUID]})
		}
	})
	if err != nil {
		return err
	}
	for _, k := range im.srcIdx {
		s := im.p.TextSources[k]
		if err := put(s.NoteRefs, s.GUID, memoTarget{src: s.GUID}); err != nil {
			return err
		}
		n := len(im.srcText[s.GUID])
		for _, sel := range s.Selections {
			if sel.Start < 0 || sel.End > n || sel.Start >= sel.End {
				continue
			}
			if err := put(sel.NoteRefs, sel.GUID, memoTarget{src: s.GUID, span: &[2]int{sel.Start, sel.End}, sel: sel.GUID}); err != nil {
				return err
			}
		}
	}
	for _, n := range im.p.Notes {
		if im.used[n.GUID] {
			continue
		}
		text := im.noteText(n.GUID)
		if text == "" {
			continue
		}
		if err := im.memo(ctx, tx, memoTarget{}, text, n.CreatingUser, n.CreationDateTime, string(n.GUID)); err != nil {
			return err
		}
	}
	return nil
}

// saveUsers records the GUIDs of the coders the import named.
func (im *refiImport) saveUsers(ctx context.Context, tx *sql.Tx) error {
	for name, g := range im.coders {
		if g == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO refi_guids (kind, key, guid) VALUES ('user', ?, ?)`, name, string(g)); err != nil {
			return err
		}
	}
	return nil
}

func (im *refiImport) finish() {
	for name := range im.coders {
		im.rep.Coders = append(im.rep.Coders, name)
	}
	sort.Strings(im.rep.Coders)
}

// refiTime reads a REFI dateTime (RFC 3339; a space instead of T tolerated)
// as fieldwork stores times, or now when there is none.
func refiTime(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format(time.RFC3339)
		}
	}
	return now()
}

// REFIExportOptions tune an export.
type REFIExportOptions struct {
	// Origin names the exporting program ("fieldwork 1.2").
	Origin string
}

// ExportREFI reads the whole project as a REFI-QDA project, ready for
// refiqda.WriteProject, with the time to stamp its files (the latest
// change in the project, so that an unchanged project exports the same
// bytes). GUIDs that came with an import go back out; every other GUID is
// derived from the project's own random GUID and a row id, so it is the
// same at every export. Participants are cases named by their participant
// id (never a speaker label), with their attributes as variables and one
// selection per turn they speak; facilitators are left out. Memos are notes.
func (s *Store) ExportREFI(opt REFIExportOptions) (*refiqda.Project, time.Time, error) {
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, time.Time{}, s.fail("export", err)
	}
	defer tx.Rollback()
	ex := &refiExport{tx: tx, ctx: ctx, used: map[refiqda.GUID]bool{}, p: &refiqda.Project{
		Name: strings.TrimSuffix(filepath.Base(s.path), filepath.Ext(s.path)), Origin: opt.Origin}}
	if err := ex.run(); err != nil {
		return nil, time.Time{}, s.fail("export", err)
	}
	return ex.p, ex.latest, nil
}

type refiExport struct {
	tx     *sql.Tx
	ctx    context.Context
	p      *refiqda.Project
	ns     refiqda.GUID
	used   map[refiqda.GUID]bool
	users  map[string]refiqda.GUID
	vars   map[string]refiqda.GUID
	latest time.Time
	// memos by what they are on
	projectNotes []refiqda.Ref
	codeNotes    map[int64][]refiqda.Ref
	sourceNotes  map[int64][]refiqda.Ref
	spanNotes    map[[3]int64][]refiqda.Ref
	spanSel      map[[3]int64]string // a span's selection GUID, from an import
	codingNotes  map[int64][]refiqda.Ref
	codeGUID     map[int64]refiqda.GUID
}

// guid returns the stored GUID when it is well formed and not yet used in
// this document, else one derived from key.
func (ex *refiExport) guid(stored, key string) refiqda.GUID {
	g := refiqda.NormGUID(stored)
	if stored == "" || !refiqda.ValidGUID(g) || ex.used[g] {
		g = refiqda.GUIDFor(ex.ns, key)
		for n := 2; ex.used[g]; n++ {
			g = refiqda.GUIDFor(ex.ns, fmt.Sprintf("%s#%d", key, n))
		}
	}
	ex.used[g] = true
	return g
}

func (ex *refiExport) seen(t string) {
	if at := parseTime(t); at.After(ex.latest) {
		ex.latest = at
	}
}

func (ex *refiExport) query(q string, fn func(scanner) error, args ...any) error {
	rows, err := ex.tx.QueryContext(ex.ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (ex *refiExport) run() error {
	var ns string
	err := ex.tx.QueryRowContext(ex.ctx, `SELECT guid FROM refi_guids WHERE kind = 'project' AND key = ''`).Scan(&ns)
	if err != nil {
		return fmt.Errorf("the project's REFI-QDA GUID: %w", err)
	}
	ex.ns = refiqda.NormGUID(ns)
	ex.used[ex.ns] = true
	stored := map[[2]string]string{}
	if err := ex.query(`SELECT kind, key, guid FROM refi_guids WHERE kind IN ('user', 'variable')`, func(sc scanner) error {
		var k, key, g string
		if err := sc.Scan(&k, &key, &g); err != nil {
			return err
		}
		stored[[2]string{k, key}] = g
		return nil
	}); err != nil {
		return err
	}
	// Users: every coder and memo author, by name.
	var names []string
	if err := ex.query(`SELECT coder FROM codings UNION SELECT author FROM memos ORDER BY 1`, func(sc scanner) error {
		var n string
		if err := sc.Scan(&n); err != nil {
			return err
		}
		names = append(names, n)
		return nil
	}); err != nil {
		return err
	}
	ex.users = map[string]refiqda.GUID{}
	for _, n := range names {
		g := ex.guid(stored[[2]string{"user", n}], "user:"+n)
		ex.users[n] = g
		ex.p.Users = append(ex.p.Users, refiqda.User{GUID: g, Name: n})
	}
	if err := ex.memos(); err != nil {
		return err
	}
	if err := ex.codes(); err != nil {
		return err
	}
	ex.vars = map[string]refiqda.GUID{}
	for k, v := range stored {
		if k[0] == "variable" {
			ex.vars[strings.ToLower(k[1])] = refiqda.GUID(v) // claimed in variable()
		}
	}
	srcs, err := ex.sources()
	if err != nil {
		return err
	}
	if err := ex.cases(srcs); err != nil {
		return err
	}
	ex.p.NoteRefs = ex.projectNotes
	return nil
}

// memos reads every memo and coding memo into notes, remembering what
// each is on.
func (ex *refiExport) memos() error {
	ex.codeNotes, ex.sourceNotes = map[int64][]refiqda.Ref{}, map[int64][]refiqda.Ref{}
	ex.spanNotes, ex.codingNotes = map[[3]int64][]refiqda.Ref{}, map[int64][]refiqda.Ref{}
	ex.spanSel = map[[3]int64]string{}
	add := func(g refiqda.GUID, author, text, created string) refiqda.Ref {
		ex.seen(created)
		at := parseTime(created).UTC().Format("2006-01-02T15:04:05Z")
		t := text
		ex.p.Notes = append(ex.p.Notes, refiqda.TextSource{GUID: g, Name: noteName(text), CreatingUser: ex.users[author],
			CreationDateTime: at, PlainTextContent: &t})
		return refiqda.Ref{Target: g}
	}
	err := ex.query(`SELECT id, ifnull(source_id, 0), ifnull(code_id, 0), ifnull(coding_id, 0), start, end, author, text, updated_at, refi_guid, refi_selection_guid
		FROM memos WHERE text <> '' ORDER BY ifnull(source_id, 0), ifnull(start, -1), ifnull(end, -1), ifnull(code_id, 0), id`, func(sc scanner) error {
		var id, src, code, cd int64
		var start, end sql.NullInt64
		var author, text, updated, stored, sel string
		if err := sc.Scan(&id, &src, &code, &cd, &start, &end, &author, &text, &updated, &stored, &sel); err != nil {
			return err
		}
		ref := add(ex.guid(stored, fmt.Sprintf("memo:%d", id)), author, text, updated)
		switch {
		case cd != 0:
			ex.codingNotes[cd] = append(ex.codingNotes[cd], ref)
		case src != 0 && start.Valid && end.Valid && end.Int64 > start.Int64:
			k := [3]int64{src, start.Int64, end.Int64}
			ex.spanNotes[k] = append(ex.spanNotes[k], ref)
			if ex.spanSel[k] == "" {
				ex.spanSel[k] = sel
			}
		case src != 0:
			ex.sourceNotes[src] = append(ex.sourceNotes[src], ref)
		case code != 0:
			ex.codeNotes[code] = append(ex.codeNotes[code], ref)
		default:
			ex.projectNotes = append(ex.projectNotes, ref)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return ex.query(`SELECT id, coder, memo, created_at, refi_note_guid FROM codings WHERE memo <> '' ORDER BY source_id, start, end, id`, func(sc scanner) error {
		var id int64
		var coder, memo, created, stored string
		if err := sc.Scan(&id, &coder, &memo, &created, &stored); err != nil {
			return err
		}
		ex.codingNotes[id] = append(ex.codingNotes[id], add(ex.guid(stored, fmt.Sprintf("coding-memo:%d", id)), coder, memo, created))
		return nil
	})
}

// noteName is a note's first words, for tools that list notes by name.
func noteName(text string) string {
	f := strings.Fields(text)
	name := strings.Join(f[:min(len(f), 8)], " ")
	if r := []rune(name); len(r) > 60 {
		name = string(r[:60])
	}
	if len(f) > 8 || utf8.RuneCountInString(name) == 60 {
		name += "…"
	}
	return name
}

func (ex *refiExport) codes() error {
	rows, err := loadCodes(ex.ctx, ex.tx)
	if err != nil {
		return err
	}
	stored := map[int64]string{}
	if err := ex.query(`SELECT id, refi_guid FROM codes`, func(sc scanner) error {
		var id int64
		var g string
		if err := sc.Scan(&id, &g); err != nil {
			return err
		}
		stored[id] = g
		return nil
	}); err != nil {
		return err
	}
	ordered, _ := treeOrder(rows)
	kids := map[int64][]codeRow{}
	for _, c := range ordered {
		kids[c.ParentID] = append(kids[c.ParentID], c)
	}
	ex.codeGUID = map[int64]refiqda.GUID{}
	ex.p.Codes = ex.codeTree(kids, 0, stored)
	return nil
}

func (ex *refiExport) codeTree(kids map[int64][]codeRow, parent int64, stored map[int64]string) []refiqda.Code {
	var out []refiqda.Code
	for _, c := range kids[parent] {
		rc := refiqda.Code{GUID: ex.guid(stored[c.ID], fmt.Sprintf("code:%d", c.ID)), Name: c.Name, IsCodable: true,
			Description: refiqda.JoinDescription(c.Definition, c.Inclusion, c.Exclusion, c.Example), NoteRefs: ex.codeNotes[c.ID]}
		if refiqda.ValidColor(c.Color) {
			rc.Color = c.Color
		}
		ex.codeGUID[c.ID] = rc.GUID
		rc.Codes = ex.codeTree(kids, c.ID, stored)
		out = append(out, rc)
	}
	return out
}

// variable returns the GUID of the variable name, declaring it on first use.
func (ex *refiExport) variable(name, typ string) refiqda.GUID {
	for _, v := range ex.p.Variables {
		if strings.EqualFold(v.Name, name) {
			return v.GUID
		}
	}
	g := ex.guid(string(ex.vars[strings.ToLower(name)]), "variable:"+strings.ToLower(name))
	ex.p.Variables = append(ex.p.Variables, refiqda.Variable{GUID: g, Name: name, Type: typ})
	return g
}

func textValue(v refiqda.GUID, s string) refiqda.VariableValue {
	return refiqda.VariableValue{VariableRef: refiqda.Ref{Target: v}, TextValue: &s}
}

type exportedSource struct {
	id    int64
	guid  refiqda.GUID
	turns map[int]refiqda.GUID // turn index -> its selection
	// participant of each turn
	turnPID map[int]int64
}

// sources exports every source with its codings (grouped in one selection
// per span), span memos, and one selection per participant turn.
func (ex *refiExport) sources() ([]exportedSource, error) {
	type srcRow struct {
		coding.Source
		guid, textGUID string
	}
	var list []srcRow
	at := map[int64]int{}
	if err := ex.query(`SELECT id, name, city, grp, date, language, imported_at, refi_guid, refi_text_guid FROM sources ORDER BY id`, func(sc scanner) error {
		var r srcRow
		var imported string
		if err := sc.Scan(&r.ID, &r.Name, &r.City, &r.Group, &r.Date, &r.Language, &imported, &r.guid, &r.textGUID); err != nil {
			return err
		}
		ex.seen(imported)
		r.Imported = parseTime(imported)
		at[r.ID] = len(list)
		list = append(list, r)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := eachSourceText(ex.ctx, ex.tx, func(id int64, text string) error {
		if i, ok := at[id]; ok {
			list[i].Text = text
		}
		return nil
	}); err != nil {
		return nil, err
	}
	type codingRow struct {
		id, src, code  int64
		start, end     int
		coder, created string
		guid, sel      string
	}
	bySrc := map[int64][]codingRow{}
	if err := ex.query(`SELECT id, source_id, code_id, start, end, coder, created_at, refi_guid, refi_selection_guid FROM codings ORDER BY source_id, start, end, id`, func(sc scanner) error {
		var c codingRow
		if err := sc.Scan(&c.id, &c.src, &c.code, &c.start, &c.end, &c.coder, &c.created, &c.guid, &c.sel); err != nil {
			return err
		}
		ex.seen(c.created)
		bySrc[c.src] = append(bySrc[c.src], c)
		return nil
	}); err != nil {
		return nil, err
	}
	type turnRow struct {
		idx, start, end int
		pid             int64
		guid            string
	}
	turns := map[int64][]turnRow{}
	if err := ex.query(`SELECT t.source_id, t.idx, t.start, t.end, t.participant_id, t.refi_guid FROM turns t JOIN participants p ON p.id = t.participant_id
		WHERE p.facilitator = 0 AND t.end > t.start ORDER BY t.source_id, t.idx`, func(sc scanner) error {
		var src int64
		var t turnRow
		if err := sc.Scan(&src, &t.idx, &t.start, &t.end, &t.pid, &t.guid); err != nil {
			return err
		}
		turns[src] = append(turns[src], t)
		return nil
	}); err != nil {
		return nil, err
	}
	codeGUID := ex.codeGUID
	var out []exportedSource
	for _, r := range list {
		sg := ex.guid(r.guid, fmt.Sprintf("source:%d", r.ID))
		tg := ex.guid(r.textGUID, fmt.Sprintf("source-text:%d", r.ID))
		ts := refiqda.TextSource{GUID: sg, Name: r.Name, PlainTextPath: "internal://" + string(tg) + ".txt", Text: r.Text,
			CreationDateTime: r.Imported.UTC().Format("2006-01-02T15:04:05Z"), NoteRefs: ex.sourceNotes[r.ID]}
		if r.Imported.IsZero() {
			ts.CreationDateTime = ""
		}
		for _, f := range []struct{ name, v string }{{"city", r.City}, {"group", r.Group}, {"date", r.Date}, {"language", r.Language}} {
			if f.v == "" || (f.name == "group" && f.v == r.Name) {
				continue
			}
			ts.Values = append(ts.Values, textValue(ex.variable(f.name, refiqda.TypeText), f.v))
		}
		runes := []rune(r.Text)
		// One selection per span: its codings and the memos on that span.
		type span struct{ start, end int }
		sels := map[span]*refiqda.PlainTextSelection{}
		var order []span
		sel := func(sp span, stored string) *refiqda.PlainTextSelection {
			if s, ok := sels[sp]; ok {
				return s
			}
			s := &refiqda.PlainTextSelection{GUID: ex.guid(stored, fmt.Sprintf("selection:%d:%d:%d", r.ID, sp.start, sp.end)),
				Name: selectionName(runes, sp.start, sp.end), Start: sp.start, End: sp.end}
			sels[sp] = s
			order = append(order, sp)
			return s
		}
		for _, c := range bySrc[r.ID] {
			s := sel(span{c.start, c.end}, c.sel)
			cd := refiqda.Coding{GUID: ex.guid(c.guid, fmt.Sprintf("coding:%d", c.id)), CreatingUser: ex.users[c.coder],
				CreationDateTime: parseTime(c.created).UTC().Format("2006-01-02T15:04:05Z"),
				CodeRef:          refiqda.Ref{Target: codeGUID[c.code]}, NoteRefs: ex.codingNotes[c.id]}
			s.Codings = append(s.Codings, cd)
			if s.CreatingUser == "" {
				s.CreatingUser = cd.CreatingUser
			}
		}
		var spans [][3]int64
		for k := range ex.spanNotes {
			if k[0] == r.ID {
				spans = append(spans, k)
			}
		}
		sort.Slice(spans, func(i, j int) bool {
			if spans[i][1] != spans[j][1] {
				return spans[i][1] < spans[j][1]
			}
			return spans[i][2] < spans[j][2]
		})
		for _, k := range spans {
			if k[1] < 0 || int(k[2]) > len(runes) {
				continue
			}
			s := sel(span{int(k[1]), int(k[2])}, ex.spanSel[k])
			s.NoteRefs = append(s.NoteRefs, ex.spanNotes[k]...)
		}
		es := exportedSource{id: r.ID, guid: sg, turns: map[int]refiqda.GUID{}, turnPID: map[int]int64{}}
		for _, t := range turns[r.ID] {
			if t.end > len(runes) {
				continue
			}
			s := sel(span{t.start, t.end}, t.guid)
			es.turns[t.idx], es.turnPID[t.idx] = s.GUID, t.pid
		}
		sort.SliceStable(order, func(i, j int) bool {
			if order[i].start != order[j].start {
				return order[i].start < order[j].start
			}
			return order[i].end < order[j].end
		})
		for _, sp := range order {
			ts.Selections = append(ts.Selections, *sels[sp])
		}
		ex.p.TextSources = append(ex.p.TextSources, ts)
		out = append(out, es)
	}
	return out, nil
}

// selectionName is the selected text's first words, as QualCoder and
// ATLAS.ti name quotations.
func selectionName(r []rune, start, end int) string {
	if start < 0 || end > len(r) || start >= end {
		return ""
	}
	return noteName(string(r[start:end]))
}

// cases exports the participants (not facilitators) as cases named by
// their participant id, with their city, group and attributes as variables
// and their turns as selection references.
func (ex *refiExport) cases(srcs []exportedSource) error {
	type part struct {
		id              int64
		ref, grp, city  string
		rostered        bool
		guid            string
		attrs           map[string]string
		sources, selRef []refiqda.Ref
	}
	var parts []*part
	byID := map[int64]*part{}
	if err := ex.query(`SELECT id, ref, grp, city, rostered, refi_guid FROM participants WHERE facilitator = 0 ORDER BY ref`, func(sc scanner) error {
		p := &part{attrs: map[string]string{}}
		if err := sc.Scan(&p.id, &p.ref, &p.grp, &p.city, &p.rostered, &p.guid); err != nil {
			return err
		}
		parts = append(parts, p)
		byID[p.id] = p
		return nil
	}); err != nil {
		return err
	}
	keys := map[string]bool{}
	if err := ex.query(`SELECT participant_id, key, value FROM participant_attributes ORDER BY participant_id, key`, func(sc scanner) error {
		var id int64
		var k, v string
		if err := sc.Scan(&id, &k, &v); err != nil {
			return err
		}
		if p := byID[id]; p != nil && v != "" {
			p.attrs[k] = v
			keys[k] = true
		}
		return nil
	}); err != nil {
		return err
	}
	for _, s := range srcs {
		idx := make([]int, 0, len(s.turns))
		for i := range s.turns {
			idx = append(idx, i)
		}
		sort.Ints(idx)
		for _, i := range idx {
			p := byID[s.turnPID[i]]
			if p == nil {
				continue
			}
			if n := len(p.sources); n == 0 || p.sources[n-1].Target != s.guid {
				p.sources = append(p.sources, refiqda.Ref{Target: s.guid})
			}
			p.selRef = append(p.selRef, refiqda.Ref{Target: s.turns[i]})
		}
	}
	// Variable types: Integer when every value is a whole number.
	intRe := regexp.MustCompile(`^-?[0-9]{1,18}$`)
	types := map[string]string{}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
		types[k] = refiqda.TypeInteger
		for _, p := range parts {
			if v, ok := p.attrs[k]; ok && !intRe.MatchString(v) {
				types[k] = refiqda.TypeText
			}
		}
	}
	sort.Strings(sorted)
	// Unrostered participants are named after a speaker label ("GROUP:P1"):
	// they get a neutral name instead.
	n := map[string]int{}
	for _, p := range parts {
		name := p.ref
		if !p.rostered {
			n[p.grp]++
			name = fmt.Sprintf("%s participant %d", p.grp, n[p.grp])
		}
		c := refiqda.Case{GUID: ex.guid(p.guid, fmt.Sprintf("participant:%d", p.id)), Name: name, SourceRefs: p.sources, SelectionRefs: p.selRef}
		if p.city != "" {
			c.Values = append(c.Values, textValue(ex.variable("city", refiqda.TypeText), p.city))
		}
		if p.grp != "" {
			c.Values = append(c.Values, textValue(ex.variable("group", refiqda.TypeText), p.grp))
		}
		for _, k := range sorted {
			v, ok := p.attrs[k]
			if !ok {
				continue
			}
			vv := refiqda.VariableValue{VariableRef: refiqda.Ref{Target: ex.variable(k, types[k])}}
			if types[k] == refiqda.TypeInteger {
				vv.IntegerValue = &v
			} else {
				vv.TextValue = &v
			}
			c.Values = append(c.Values, vv)
		}
		ex.p.Cases = append(ex.p.Cases, c)
	}
	return nil
}
