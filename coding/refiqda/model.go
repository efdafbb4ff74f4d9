// Package refiqda reads and writes the REFI-QDA exchange formats (QDA-XML
// 1.0, REFI-QDA 1.5): .qdpx projects (a zip holding project.qde and the
// source texts under sources/) and .qdc codebooks (one bare XML file).
//
// The model below mirrors the XML elements fieldwork uses, in the order the
// official schemas require, so that one set of types both reads (order does
// not matter to the decoder) and writes (fields are written in declaration
// order). GUIDs are normalised on input: lower case, braces stripped.
//
// The reader is lenient where real exports differ from the standard (see
// ReadProject) and strict where an archive could hurt: entries that leave
// the archive, entries that inflate past Limits, DOCTYPEs declaring
// entities, and text sources the archive does not contain are refused.
// Nothing here knows about SQL, the command line or the TUI.
package refiqda

import (
	"encoding/xml"
	"strings"
)

// Namespaces of the two document kinds.
const (
	ProjectNS  = "urn:QDA-XML:project:1.0"
	CodebookNS = "urn:QDA-XML:codebook:1.0"
)

// GUID is a REFI-QDA identifier. Values read from XML are normalised to
// lower case without braces, so that references written in another case or
// with braces still resolve.
type GUID string

// UnmarshalXMLAttr normalises the GUID as it is read.
func (g *GUID) UnmarshalXMLAttr(a xml.Attr) error {
	*g = NormGUID(a.Value)
	return nil
}

// NormGUID lower-cases s and strips surrounding braces and blanks.
func NormGUID(s string) GUID {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
	return GUID(strings.ToLower(strings.TrimSpace(s)))
}

// Project is a project.qde document.
type Project struct {
	XMLName           xml.Name     `xml:"urn:QDA-XML:project:1.0 Project"`
	Name              string       `xml:"name,attr"`
	Origin            string       `xml:"origin,attr,omitempty"`
	CreatingUserGUID  GUID         `xml:"creatingUserGUID,attr,omitempty"`
	CreationDateTime  string       `xml:"creationDateTime,attr,omitempty"`
	ModifyingUserGUID GUID         `xml:"modifyingUserGUID,attr,omitempty"`
	ModifiedDateTime  string       `xml:"modifiedDateTime,attr,omitempty"`
	BasePath          string       `xml:"basePath,attr,omitempty"`
	Users             []User       `xml:"Users>User"`
	Codes             []Code       `xml:"CodeBook>Codes>Code"`
	Variables         []Variable   `xml:"Variables>Variable"`
	Cases             []Case       `xml:"Cases>Case"`
	TextSources       []TextSource `xml:"Sources>TextSource"`
	PictureSources    []Media      `xml:"Sources>PictureSource"`
	PDFSources        []Media      `xml:"Sources>PDFSource"`
	AudioSources      []Media      `xml:"Sources>AudioSource"`
	VideoSources      []Media      `xml:"Sources>VideoSource"`
	Notes             []TextSource `xml:"Notes>Note"`
	Links             []Link       `xml:"Links>Link"`
	Sets              []Set        `xml:"Sets>Set"`
	Graphs            []Named      `xml:"Graphs>Graph"`
	Description       string       `xml:"Description,omitempty"`
	NoteRefs          []Ref        `xml:"NoteRef"`

	// Warnings are what the reader tolerated: a namespace variant, a text
	// decoded from an unexpected encoding, line endings rewritten.
	Warnings []string `xml:"-"`
}

// User is a person (a coder) of the project.
type User struct {
	GUID GUID   `xml:"guid,attr"`
	Name string `xml:"name,attr,omitempty"`
	ID   string `xml:"id,attr,omitempty"`
}

// Code is a node of the codebook; the hierarchy is the nesting. In a .qdc
// codebook NoteRefs must stay empty (the codebook schema has none).
type Code struct {
	GUID        GUID   `xml:"guid,attr"`
	Name        string `xml:"name,attr"`
	IsCodable   bool   `xml:"isCodable,attr"`
	Color       string `xml:"color,attr,omitempty"`
	Description string `xml:"Description,omitempty"`
	NoteRefs    []Ref  `xml:"NoteRef"`
	Codes       []Code `xml:"Code"`
}

// Variable is an attribute of cases or sources.
type Variable struct {
	GUID        GUID   `xml:"guid,attr"`
	Name        string `xml:"name,attr"`
	Type        string `xml:"typeOfVariable,attr"`
	Description string `xml:"Description,omitempty"`
}

// The variable types of the schema.
const (
	TypeText     = "Text"
	TypeBoolean  = "Boolean"
	TypeInteger  = "Integer"
	TypeFloat    = "Float"
	TypeDate     = "Date"
	TypeDateTime = "DateTime"
)

// Case is a unit of analysis: fieldwork's participant.
type Case struct {
	GUID          GUID            `xml:"guid,attr"`
	Name          string          `xml:"name,attr,omitempty"`
	Description   string          `xml:"Description,omitempty"`
	CodeRefs      []Ref           `xml:"CodeRef"`
	Values        []VariableValue `xml:"VariableValue"`
	SourceRefs    []Ref           `xml:"SourceRef"`
	SelectionRefs []Ref           `xml:"SelectionRef"`
}

// VariableValue is one value of a variable; exactly one of the value
// fields is set (or none, which the schema allows).
type VariableValue struct {
	VariableRef   Ref     `xml:"VariableRef"`
	TextValue     *string `xml:"TextValue,omitempty"`
	BooleanValue  *string `xml:"BooleanValue,omitempty"`
	IntegerValue  *string `xml:"IntegerValue,omitempty"`
	FloatValue    *string `xml:"FloatValue,omitempty"`
	DateValue     *string `xml:"DateValue,omitempty"`
	DateTimeValue *string `xml:"DateTimeValue,omitempty"`
}

// Value returns the value as text, whatever its type.
func (v VariableValue) Value() string {
	for _, p := range []*string{v.TextValue, v.BooleanValue, v.IntegerValue, v.FloatValue, v.DateValue, v.DateTimeValue} {
		if p != nil {
			return strings.TrimSpace(*p)
		}
	}
	return ""
}

// TextSource is a text document (also the type of a Note). Its text is
// in PlainTextContent or in the file plainTextPath names; the reader loads
// either into Text.
type TextSource struct {
	GUID             GUID                 `xml:"guid,attr"`
	Name             string               `xml:"name,attr,omitempty"`
	RichTextPath     string               `xml:"richTextPath,attr,omitempty"`
	PlainTextPath    string               `xml:"plainTextPath,attr,omitempty"`
	CreatingUser     GUID                 `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string               `xml:"creationDateTime,attr,omitempty"`
	ModifyingUser    GUID                 `xml:"modifyingUser,attr,omitempty"`
	ModifiedDateTime string               `xml:"modifiedDateTime,attr,omitempty"`
	Description      string               `xml:"Description,omitempty"`
	PlainTextContent *string              `xml:"PlainTextContent,omitempty"`
	Selections       []PlainTextSelection `xml:"PlainTextSelection"`
	Codings          []Coding             `xml:"Coding"`
	NoteRefs         []Ref                `xml:"NoteRef"`
	Values           []VariableValue      `xml:"VariableValue"`

	// Text is the source's text as the reader found it (BOM removed),
	// and the text the writer puts in the file plainTextPath names.
	Text string `xml:"-"`
	// Encoding is the encoding the text was decoded from.
	Encoding string `xml:"-"`
}

// PlainTextSelection is a span of a text source, in code points with an
// exclusive end.
type PlainTextSelection struct {
	GUID             GUID     `xml:"guid,attr"`
	Name             string   `xml:"name,attr,omitempty"`
	Start            int      `xml:"startPosition,attr"`
	End              int      `xml:"endPosition,attr"`
	CreatingUser     GUID     `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string   `xml:"creationDateTime,attr,omitempty"`
	ModifyingUser    GUID     `xml:"modifyingUser,attr,omitempty"`
	ModifiedDateTime string   `xml:"modifiedDateTime,attr,omitempty"`
	Description      string   `xml:"Description,omitempty"`
	Codings          []Coding `xml:"Coding"`
	NoteRefs         []Ref    `xml:"NoteRef"`
}

// Coding applies one code, by one user.
type Coding struct {
	GUID             GUID   `xml:"guid,attr"`
	CreatingUser     GUID   `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string `xml:"creationDateTime,attr,omitempty"`
	CodeRef          Ref    `xml:"CodeRef"`
	NoteRefs         []Ref  `xml:"NoteRef"`
}

// Ref points at another element by GUID.
type Ref struct {
	Target GUID `xml:"targetGUID,attr"`
}

// Media is a PDF, picture, audio or video source: fieldwork does not import
// them, but names them in its report.
type Media struct {
	GUID GUID   `xml:"guid,attr"`
	Name string `xml:"name,attr,omitempty"`
	Path string `xml:"path,attr,omitempty"`
}

// Named is any element read only to be named in a report (a graph).
type Named struct {
	GUID GUID   `xml:"guid,attr"`
	Name string `xml:"name,attr,omitempty"`
}

// Link joins two elements; NVivo ties annotations (notes) to selections
// with them.
type Link struct {
	GUID      GUID   `xml:"guid,attr"`
	Name      string `xml:"name,attr,omitempty"`
	Direction string `xml:"direction,attr,omitempty"`
	Color     string `xml:"color,attr,omitempty"`
	Origin    GUID   `xml:"originGUID,attr,omitempty"`
	Target    GUID   `xml:"targetGUID,attr,omitempty"`
	NoteRefs  []Ref  `xml:"NoteRef"`
}

// Set groups codes, sources and notes.
type Set struct {
	GUID          GUID   `xml:"guid,attr"`
	Name          string `xml:"name,attr"`
	Description   string `xml:"Description,omitempty"`
	MemberCodes   []Ref  `xml:"MemberCode"`
	MemberSources []Ref  `xml:"MemberSource"`
	MemberNotes   []Ref  `xml:"MemberNote"`
}

// Codebook is a .qdc codebook document.
type Codebook struct {
	XMLName xml.Name      `xml:"urn:QDA-XML:codebook:1.0 CodeBook"`
	Origin  string        `xml:"origin,attr,omitempty"`
	Codes   []Code        `xml:"Codes>Code"`
	Sets    []CodebookSet `xml:"Sets>Set"`

	// Warnings are what the reader tolerated (see Project.Warnings).
	Warnings []string `xml:"-"`
}

// CodebookSet is a group of codes in a .qdc file, whose members carry the
// code's GUID in an attribute named guid (not targetGUID).
type CodebookSet struct {
	GUID        GUID         `xml:"guid,attr"`
	Name        string       `xml:"name,attr"`
	Description string       `xml:"Description,omitempty"`
	MemberCodes []MemberCode `xml:"MemberCode"`
}

// MemberCode is a code of a CodebookSet.
type MemberCode struct {
	GUID GUID `xml:"guid,attr"`
}

// Codebook returns the project's codebook as a .qdc document: the codes
// without their note references, and the project sets that hold only codes.
func (p *Project) Codebook(origin string) *Codebook {
	cb := &Codebook{Origin: origin, Codes: stripNoteRefs(p.Codes)}
	for _, s := range p.Sets {
		if len(s.MemberCodes) == 0 || len(s.MemberSources)+len(s.MemberNotes) > 0 {
			continue
		}
		cs := CodebookSet{GUID: s.GUID, Name: s.Name, Description: s.Description}
		for _, m := range s.MemberCodes {
			cs.MemberCodes = append(cs.MemberCodes, MemberCode{GUID: m.Target})
		}
		cb.Sets = append(cb.Sets, cs)
	}
	return cb
}

func stripNoteRefs(codes []Code) []Code {
	out := make([]Code, len(codes))
	for i, c := range codes {
		c.NoteRefs = nil
		c.Codes = stripNoteRefs(c.Codes)
		out[i] = c
	}
	return out
}

// WalkCodes calls fn for every code depth-first, parents before children,
// with the path of names from the top.
func WalkCodes(codes []Code, fn func(c *Code, parents []*Code)) {
	var walk func(cs []Code, parents []*Code)
	walk = func(cs []Code, parents []*Code) {
		for i := range cs {
			fn(&cs[i], parents)
			walk(cs[i].Codes, append(parents[:len(parents):len(parents)], &cs[i]))
		}
	}
	walk(codes, nil)
}

// The wrappers below write list elements only when they have members: the
// schema requires at least one child in each, and encoding/xml writes the
// parent of an empty "a>b" field.
type (
	usersEl struct {
		Users []User `xml:"User"`
	}
	codesEl struct {
		Codes []Code `xml:"Code"`
	}
	codebookEl struct {
		Codes codesEl `xml:"Codes"`
	}
	variablesEl struct {
		Variables []Variable `xml:"Variable"`
	}
	casesEl struct {
		Cases []Case `xml:"Case"`
	}
	sourcesEl struct {
		Text    []TextSource `xml:"TextSource"`
		Picture []Media      `xml:"PictureSource"`
		PDF     []Media      `xml:"PDFSource"`
		Audio   []Media      `xml:"AudioSource"`
		Video   []Media      `xml:"VideoSource"`
	}
	notesEl struct {
		Notes []TextSource `xml:"Note"`
	}
	linksEl struct {
		Links []Link `xml:"Link"`
	}
	setsEl struct {
		Sets []Set `xml:"Set"`
	}
	graphsEl struct {
		Graphs []Named `xml:"Graph"`
	}
	cbSetsEl struct {
		Sets []CodebookSet `xml:"Set"`
	}
)

func elem(name string) xml.StartElement { return xml.StartElement{Name: xml.Name{Local: name}} }

// attrs returns the non-empty attributes among name/value pairs; required
// ones (marked with a leading '!') are always kept.
func attrs(pairs ...string) []xml.Attr {
	var out []xml.Attr
	for i := 0; i+1 < len(pairs); i += 2 {
		name, v := pairs[i], pairs[i+1]
		required := strings.HasPrefix(name, "!")
		name = strings.TrimPrefix(name, "!")
		if v != "" || required {
			out = append(out, xml.Attr{Name: xml.Name{Local: name}, Value: v})
		}
	}
	return out
}

// MarshalXML writes the project in the schema's element order, leaving out
// empty lists.
func (p Project) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	start := elem("Project")
	start.Attr = attrs("xmlns", ProjectNS, "!name", p.Name, "origin", p.Origin,
		"creatingUserGUID", string(p.CreatingUserGUID), "creationDateTime", p.CreationDateTime,
		"modifyingUserGUID", string(p.ModifyingUserGUID), "modifiedDateTime", p.ModifiedDateTime, "basePath", p.BasePath)
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	src := sourcesEl{p.TextSources, p.PictureSources, p.PDFSources, p.AudioSources, p.VideoSources}
	parts := []struct {
		name string
		n    int
		v    any
	}{
		{"Users", len(p.Users), usersEl{p.Users}},
		{"CodeBook", len(p.Codes), codebookEl{codesEl{p.Codes}}},
		{"Variables", len(p.Variables), variablesEl{p.Variables}},
		{"Cases", len(p.Cases), casesEl{p.Cases}},
		{"Sources", len(src.Text) + len(src.Picture) + len(src.PDF) + len(src.Audio) + len(src.Video), src},
		{"Notes", len(p.Notes), notesEl{p.Notes}},
		{"Links", len(p.Links), linksEl{p.Links}},
		{"Sets", len(p.Sets), setsEl{p.Sets}},
		{"Graphs", len(p.Graphs), graphsEl{p.Graphs}},
	}
	for _, part := range parts {
		if part.n == 0 {
			continue
		}
		if err := e.EncodeElement(part.v, elem(part.name)); err != nil {
			return err
		}
	}
	if p.Description != "" {
		if err := e.EncodeElement(p.Description, elem("Description")); err != nil {
			return err
		}
	}
	for _, r := range p.NoteRefs {
		if err := e.EncodeElement(r, elem("NoteRef")); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

// MarshalXML writes the codebook, leaving out an empty Sets.
func (cb Codebook) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	start := elem("CodeBook")
	start.Attr = attrs("xmlns", CodebookNS, "origin", cb.Origin)
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	if err := e.EncodeElement(codesEl{cb.Codes}, elem("Codes")); err != nil {
		return err
	}
	if len(cb.Sets) > 0 {
		if err := e.EncodeElement(cbSetsEl{cb.Sets}, elem("Sets")); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}
