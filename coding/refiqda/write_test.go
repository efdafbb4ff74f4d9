package refiqda

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

func TestGUIDFor(t *testing.T) {
	// RFC 9562 / Python: uuid5(NAMESPACE_DNS, "python.org").
	if got := GUIDFor("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org"); got != "886313e1-3b8a-5372-9b90-0c9aee199e5d" {
		t.Errorf("GUIDFor = %s", got)
	}
	if GUIDFor("{6BA7B810-9DAD-11D1-80B4-00C04FD430C8}", "a") != GUIDFor("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "a") {
		t.Error("the namespace is not normalised")
	}
	if !ValidGUID(GUIDFor("not a guid", "x")) {
		t.Error("a malformed namespace gives a malformed GUID")
	}
}

func TestDescriptionRoundTrip(t *testing.T) {
	tests := [][4]string{
		{"Definition.", "When X.", "Not Y.", "“Quote.”"},
		{"Only a definition.\n\nWith two paragraphs.", "", "", ""},
		{"", "Inclusion only.", "", ""},
		{"", "", "", ""},
		{"Def", "", "Excl", ""},
	}
	for _, tt := range tests {
		d, i, e, x := SplitDescription(JoinDescription(tt[0], tt[1], tt[2], tt[3]))
		if [4]string{d, i, e, x} != tt {
			t.Errorf("round trip of %q gave %q", tt, [4]string{d, i, e, x})
		}
	}
	if d, _, _, _ := SplitDescription("A code from NVivo."); d != "A code from NVivo." {
		t.Errorf("plain description split into %q", d)
	}
}

// fixture is a small project using every element fieldwork writes.
func fixture() *Project {
	ns := GUID("11111111-2222-3333-4444-555555555555")
	g := func(k string) GUID { return GUIDFor(ns, k) }
	text := "Ça va? 😀 Oui <bien> & \"merci\".\nNext line."
	memo := "A memo with <markup> & ampersands."
	val, n := "Montreal", "34"
	return &Project{
		Name: `Study "A" & <B>`, Origin: "fieldwork test", CreatingUserGUID: g("u1"),
		Users: []User{{GUID: g("u1"), Name: "lea"}, {GUID: g("u2"), Name: "sam"}},
		Codes: []Code{{GUID: g("c1"), Name: "Theme & more", IsCodable: true, Color: "#1f77b4", Description: "Def.",
			NoteRefs: []Ref{{g("n2")}},
			Codes:    []Code{{GUID: g("c2"), Name: `Sub "quoted"`, IsCodable: true, Color: "#abc"}}}},
		Variables: []Variable{{GUID: g("v1"), Name: "city", Type: TypeText}, {GUID: g("v2"), Name: "age", Type: TypeInteger}},
		Cases: []Case{{GUID: g("case1"), Name: "MTL-01", Values: []VariableValue{
			{VariableRef: Ref{g("v1")}, TextValue: &val}, {VariableRef: Ref{g("v2")}, IntegerValue: &n}},
			SourceRefs: []Ref{{g("s1")}}, SelectionRefs: []Ref{{g("sel1")}}}},
		TextSources: []TextSource{{GUID: g("s1"), Name: "fg one", PlainTextPath: "internal://" + string(g("f1")) + ".txt", Text: text,
			Values: []VariableValue{{VariableRef: Ref{g("v1")}, TextValue: &val}},
			Selections: []PlainTextSelection{{GUID: g("sel1"), Name: "😀", Start: 7, End: 8, CreatingUser: g("u1"),
				Codings: []Coding{{GUID: g("cd1"), CreatingUser: g("u1"), CreationDateTime: "2026-03-14T10:00:00Z", CodeRef: Ref{g("c2")}, NoteRefs: []Ref{{g("n1")}}}}}},
			NoteRefs: []Ref{{g("n3")}}}},
		Notes: []TextSource{
			{GUID: g("n1"), Name: "memo", CreatingUser: g("u2"), PlainTextContent: &memo},
			{GUID: g("n2"), PlainTextContent: &memo},
			{GUID: g("n3"), PlainTextContent: &memo},
			{GUID: g("n4"), PlainTextContent: &memo},
		},
		Sets:     []Set{{GUID: g("set1"), Name: "codes", MemberCodes: []Ref{{g("c1")}, {g("c2")}}}},
		NoteRefs: []Ref{{g("n4")}},
	}
}

func TestWriteProjectValidDeterministicAndReadable(t *testing.T) {
	p := fixture()
	at := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	var a, b bytes.Buffer
	if err := WriteProject(&a, p, at); err != nil {
		t.Fatal(err)
	}
	if err := WriteProject(&b, fixture(), at); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of the same project differ")
	}
	zr, err := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Name == "project.qde" {
			rc, _ := f.Open()
			data, _ := io.ReadAll(rc)
			if !bytes.HasPrefix(data, []byte(`<?xml version="1.0" encoding="utf-8"?>`)) {
				t.Errorf("project.qde starts %q", data[:40])
			}
			xmllint(t, "Project-mrt2019.xsd", data)
		}
	}
	if len(names) != 2 || names[0] != "project.qde" || !strings.HasPrefix(names[1], "sources/") || !strings.HasSuffix(names[1], ".txt") {
		t.Errorf("entries %q", names)
	}
	back, err := readZip(t, a.Bytes(), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if back.Name != p.Name || back.TextSources[0].Text != p.TextSources[0].Text || *back.Notes[0].PlainTextContent != *p.Notes[0].PlainTextContent ||
		back.Codes[0].Codes[0].Name != `Sub "quoted"` || back.Cases[0].Values[1].Value() != "34" {
		t.Errorf("read back differs: %+v", back)
	}
	if err := Check(back); err != nil {
		t.Error(err)
	}
	// The codebook of the project, as a .qdc.
	qdc, err := MarshalCodebook(p.Codebook("fieldwork test"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(qdc, []byte("NoteRef")) || !bytes.Contains(qdc, []byte(`<MemberCode guid="`)) {
		t.Errorf("codebook:\n%s", qdc)
	}
	xmllint(t, "Codebook-mrt2019.xsd", qdc)
}

func TestCheckRefusesBrokenProjects(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(p *Project)
		want   string
	}{
		{"duplicate GUID in another case", func(p *Project) { p.Codes[0].Codes[0].GUID = GUID(strings.ToUpper(string(p.Users[0].GUID))) }, "already used by a user"},
		{"malformed GUID", func(p *Project) { p.Users[0].GUID = "not-a-guid" }, "not of the form"},
		{"dangling code reference", func(p *Project) { p.TextSources[0].Selections[0].Codings[0].CodeRef.Target = GUIDFor("x", "y") }, "not in the document"},
		{"reference of the wrong kind", func(p *Project) { p.TextSources[0].Selections[0].Codings[0].CodeRef.Target = p.Users[0].GUID }, "a user, not a code"},
		{"selection past the text", func(p *Project) { p.TextSources[0].Selections[0].End = 1000 }, "outside the text"},
		{"bad colour", func(p *Project) { p.Codes[0].Color = "red" }, "colour"},
		{"bad variable type", func(p *Project) { p.Variables[0].Type = "text" }, "type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := fixture()
			tt.mutate(p)
			err := WriteProject(io.Discard, p, time.Time{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one about %q", err, tt.want)
			}
		})
	}
}

func TestMarshalCodebookRefusesNoCodes(t *testing.T) {
	if _, err := MarshalCodebook(&Codebook{Origin: "x"}); err == nil || !strings.Contains(err.Error(), "no codes") {
		t.Errorf("error %v", err)
	}
}
