package refiqda

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	guidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	rgbRe  = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
)

// ValidGUID reports whether g has the schema's GUID form (braces allowed).
func ValidGUID(g GUID) bool {
	return guidRe.MatchString(strings.TrimSuffix(strings.TrimPrefix(string(g), "{"), "}"))
}

// ValidColor reports whether s is the schema's RGB form (#RGB or #RRGGBB).
func ValidColor(s string) bool { return rgbRe.MatchString(s) }

// checker collects problems the schema does not catch.
type checker struct {
	kinds    map[GUID]string
	problems []string
}

func (c *checker) add(format string, a ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, a...))
}

// define records an identified element and checks its GUID.
func (c *checker) define(g GUID, kind, name string) {
	if !ValidGUID(g) {
		c.add("%s %q: GUID %q is not of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", kind, name, g)
		return
	}
	n := NormGUID(string(g))
	if prev, dup := c.kinds[n]; dup {
		c.add("%s %q: GUID %s is already used by a %s", kind, name, g, prev)
		return
	}
	c.kinds[n] = kind
}

// ref checks that g names an element of one of the kinds.
func (c *checker) ref(g GUID, from string, kinds ...string) {
	k, ok := c.kinds[NormGUID(string(g))]
	if !ok {
		c.add("%s refers to %s, which is not in the document", from, g)
		return
	}
	for _, want := range kinds {
		if k == want {
			return
		}
	}
	c.add("%s refers to %s, a %s, not a %s", from, g, k, strings.Join(kinds, " or "))
}

func (c *checker) err() error {
	if len(c.problems) == 0 {
		return nil
	}
	const show = 10
	msg := strings.Join(c.problems[:min(show, len(c.problems))], "; ")
	if len(c.problems) > show {
		msg += fmt.Sprintf("; and %d more", len(c.problems)-show)
	}
	return errors.New("not a valid REFI-QDA document: " + msg)
}

// Check verifies what the schema cannot: GUIDs well formed and unique
// (ignoring case and braces), every reference resolving to an element of
// the right kind, colours and variable types in their forms, and every
// selection within its text (0 <= start <= end <= code points).
func Check(p *Project) error {
	c := &checker{kinds: map[GUID]string{}}
	for _, u := range p.Users {
		c.define(u.GUID, "user", u.Name)
	}
	WalkCodes(p.Codes, func(code *Code, _ []*Code) {
		c.define(code.GUID, "code", code.Name)
		if code.Color != "" && !ValidColor(code.Color) {
			c.add("code %q: colour %q is not #RRGGBB", code.Name, code.Color)
		}
	})
	for _, v := range p.Variables {
		c.define(v.GUID, "variable", v.Name)
		switch v.Type {
		case TypeText, TypeBoolean, TypeInteger, TypeFloat, TypeDate, TypeDateTime:
		default:
			c.add("variable %q: type %q is not one of the schema's", v.Name, v.Type)
		}
	}
	for _, cs := range p.Cases {
		c.define(cs.GUID, "case", cs.Name)
	}
	for _, s := range p.TextSources {
		c.define(s.GUID, "source", s.Name)
		for _, sel := range s.Selections {
			c.define(sel.GUID, "selection", sel.Name)
			for _, cd := range sel.Codings {
				c.define(cd.GUID, "coding", sel.Name)
			}
		}
		for _, cd := range s.Codings {
			c.define(cd.GUID, "coding", s.Name)
		}
	}
	for _, group := range [][]Media{p.PictureSources, p.PDFSources, p.AudioSources, p.VideoSources} {
		for _, m := range group {
			c.define(m.GUID, "source", m.Name)
		}
	}
	for _, n := range p.Notes {
		c.define(n.GUID, "note", n.Name)
	}
	for _, s := range p.Sets {
		c.define(s.GUID, "set", s.Name)
	}
	if p.CreatingUserGUID != "" {
		c.ref(p.CreatingUserGUID, "the project's creatingUserGUID", "user")
	}
	notes := func(refs []Ref, from string) {
		for _, r := range refs {
			c.ref(r.Target, from, "note")
		}
	}
	user := func(g GUID, from string) {
		if g != "" {
			c.ref(g, from, "user")
		}
	}
	codings := func(list []Coding, from string) {
		for _, cd := range list {
			c.ref(cd.CodeRef.Target, "a coding of "+from, "code")
			user(cd.CreatingUser, "a coding of "+from)
			notes(cd.NoteRefs, "a coding of "+from)
		}
	}
	values := func(vs []VariableValue, from string) {
		for _, v := range vs {
			c.ref(v.VariableRef.Target, "a value of "+from, "variable")
		}
	}
	WalkCodes(p.Codes, func(code *Code, _ []*Code) { notes(code.NoteRefs, "code "+code.Name) })
	for _, cs := range p.Cases {
		from := "case " + cs.Name
		values(cs.Values, from)
		for _, r := range cs.SourceRefs {
			c.ref(r.Target, from, "source")
		}
		for _, r := range cs.SelectionRefs {
			c.ref(r.Target, from, "selection")
		}
		for _, r := range cs.CodeRefs {
			c.ref(r.Target, from, "code")
		}
	}
	for _, s := range p.TextSources {
		from := "source " + s.Name
		user(s.CreatingUser, from)
		notes(s.NoteRefs, from)
		values(s.Values, from)
		codings(s.Codings, from)
		if s.PlainTextPath != "" && s.PlainTextContent != nil {
			c.add("%s has both plainTextPath and PlainTextContent", from)
		}
		n := utf8.RuneCountInString(s.Text)
		for _, sel := range s.Selections {
			if sel.Start < 0 || sel.Start > sel.End || sel.End > n {
				c.add("selection %q of %s: %d-%d is outside the text (0-%d)", sel.Name, from, sel.Start, sel.End, n)
			}
			user(sel.CreatingUser, "selection "+sel.Name)
			notes(sel.NoteRefs, "selection "+sel.Name)
			codings(sel.Codings, "selection "+sel.Name+" of "+from)
		}
	}
	for _, n := range p.Notes {
		user(n.CreatingUser, "note "+n.Name)
	}
	for _, s := range p.Sets {
		for _, r := range s.MemberCodes {
			c.ref(r.Target, "set "+s.Name, "code")
		}
		for _, r := range s.MemberSources {
			c.ref(r.Target, "set "+s.Name, "source")
		}
		for _, r := range s.MemberNotes {
			c.ref(r.Target, "set "+s.Name, "note")
		}
	}
	notes(p.NoteRefs, "the project")
	return c.err()
}

// CheckCodebook verifies a .qdc codebook as Check does a project: at least
// one code, GUIDs well formed and unique, set members resolving to codes.
func CheckCodebook(cb *Codebook) error {
	c := &checker{kinds: map[GUID]string{}}
	if len(cb.Codes) == 0 {
		c.add("it has no codes")
	}
	WalkCodes(cb.Codes, func(code *Code, _ []*Code) {
		c.define(code.GUID, "code", code.Name)
		if code.Color != "" && !ValidColor(code.Color) {
			c.add("code %q: colour %q is not #RRGGBB", code.Name, code.Color)
		}
		if len(code.NoteRefs) > 0 {
			c.add("code %q has note references, which a codebook cannot hold", code.Name)
		}
	})
	for _, s := range cb.Sets {
		c.define(s.GUID, "set", s.Name)
		for _, m := range s.MemberCodes {
			c.ref(m.GUID, "set "+s.Name, "code")
		}
	}
	return c.err()
}
