package refiqda

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func countCodes(codes []Code) int {
	n := 0
	WalkCodes(codes, func(*Code, []*Code) { n++ })
	return n
}

func TestReadProjectSamples(t *testing.T) {
	tests := []struct {
		file                         string
		users, codes, sources        int
		selections, codings          int
		firstCodeName, firstUserName string
	}{
		{"atlas-blank-atlas-project.qdpx", 2, 0, 0, 0, 0, "", "Enric Llagostera"},
		{"atlas-target-atlas-project.qdpx", 2, 3, 0, 0, 0, "Commits", "Enric Llagostera"},
		{"nvivo_project.qdpx", 2, 262, 2, 0, 0, "rq1_definition", "chrisp"},
		{"qc-1.3.2-demo.qdpx", 1, 262, 2, 158, 205, "rq1_definition", "cp"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p, err := OpenProject(samplePath(t, tt.file), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			var sels, cods int
			for _, s := range p.TextSources {
				sels += len(s.Selections)
				for _, sel := range s.Selections {
					cods += len(sel.Codings)
				}
			}
			if len(p.Users) != tt.users || countCodes(p.Codes) != tt.codes || len(p.TextSources) != tt.sources || sels != tt.selections || cods != tt.codings {
				t.Errorf("users %d codes %d sources %d selections %d codings %d, want %d %d %d %d %d",
					len(p.Users), countCodes(p.Codes), len(p.TextSources), sels, cods, tt.users, tt.codes, tt.sources, tt.selections, tt.codings)
			}
			if tt.codes > 0 && p.Codes[0].Name != tt.firstCodeName {
				t.Errorf("first code %q, want %q", p.Codes[0].Name, tt.firstCodeName)
			}
			if p.Users[0].Name != tt.firstUserName {
				t.Errorf("first user %q, want %q", p.Users[0].Name, tt.firstUserName)
			}
			if err := Check(p); err != nil {
				t.Errorf("Check: %v", err)
			}
			// Written back, it is schema-valid.
			data, err := MarshalProject(p)
			if err != nil {
				t.Fatal(err)
			}
			xmllint(t, "Project-mrt2019.xsd", data)
		})
	}
}

func TestReadProjectGUIDsNormalised(t *testing.T) {
	p, err := OpenProject(samplePath(t, "atlas-target-atlas-project.qdpx"), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	// ATLAS.ti writes upper case; references must match regardless.
	if p.Codes[0].GUID != "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6" || p.CreatingUserGUID != "088b08ac-d5cd-4adb-8b71-b4f3459c177f" {
		t.Errorf("GUIDs not normalised: %q %q", p.Codes[0].GUID, p.CreatingUserGUID)
	}
	if len(p.Codes[0].Codes) != 2 || p.Codes[0].Codes[0].Name != "2022-05-10T02:05:59Z 19e4dce" {
		t.Errorf("children of Commits: %+v", p.Codes[0].Codes)
	}
}

func TestReadQCSampleOffsets(t *testing.T) {
	p, err := OpenProject(samplePath(t, "qc-1.3.2-demo.qdpx"), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	var board *TextSource
	for i := range p.TextSources {
		if p.TextSources[i].PlainTextPath == "board_2017.txt" {
			board = &p.TextSources[i]
		}
	}
	if board == nil {
		t.Fatal("no board_2017.txt source (bare plainTextPath)")
	}
	r := []rune(board.Text)
	for _, sel := range board.Selections {
		if sel.Start < 0 || sel.End > len(r) || sel.Start > sel.End {
			t.Errorf("selection %s %d-%d outside 0-%d", sel.Name, sel.Start, sel.End, len(r))
		}
	}
	first := board.Selections[0]
	if first.Start != 320 || first.End != 400 || !strings.HasPrefix(string(r[320:400]), "This district goal is engage every student") {
		t.Errorf("first selection %d-%d %q", first.Start, first.End, string(r[first.Start:first.End]))
	}
}

func TestReadCodebookSamples(t *testing.T) {
	data, err := os.ReadFile(samplePath(t, "atlas-ti-win23-codebook.qdc"))
	if err != nil {
		t.Fatal(err)
	}
	cb, err := ReadCodebook("atlas.qdc", data, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(cb.Codes) != 1 || cb.Codes[0].Name != "code1" || cb.Codes[0].Color != "#46AA00" || cb.Codes[0].Description != "description" {
		t.Errorf("codes %+v", cb.Codes)
	}
	if len(cb.Sets) != 1 || cb.Sets[0].Name != "code group 1" || len(cb.Sets[0].MemberCodes) != 1 || cb.Sets[0].MemberCodes[0].GUID != cb.Codes[0].GUID {
		t.Errorf("sets %+v", cb.Sets)
	}
	if err := CheckCodebook(cb); err != nil {
		t.Error(err)
	}

	data, err = os.ReadFile(samplePath(t, "taguette-codebook-from-tests.qdc"))
	if err != nil {
		t.Fatal(err)
	}
	cb, err = ReadCodebook("taguette.qdc", data, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cb.Codes {
		names = append(names, c.Name)
	}
	if strings.Join(names, "|") != `interesting|people|interesting\places` || len(cb.Sets) != 0 {
		t.Errorf("codes %q, sets %d", names, len(cb.Sets))
	}
	if len(cb.Warnings) != 1 || !strings.Contains(cb.Warnings[0], "empty <Sets/>") {
		t.Errorf("warnings %q, want the empty Sets reported", cb.Warnings)
	}
	// Written back without the empty Sets, it is valid.
	out, err := MarshalCodebook(cb)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("Sets")) {
		t.Errorf("empty Sets written:\n%s", out)
	}
	xmllint(t, "Codebook-mrt2019.xsd", out)
}

func TestReadProjectLenient(t *testing.T) {
	text := "Première ligne 😀 and 中文.\nSecond line."
	sel := `<PlainTextSelection guid="{AAAAAAAA-0000-0000-0000-000000000002}" startPosition="15" endPosition="16"><Coding guid="aaaaaaaa-0000-0000-0000-000000000003"><CodeRef targetGUID="AAAAAAAA-0000-0000-0000-000000000001"/></Coding></PlainTextSelection>`
	codes := `<CodeBook><Codes><Code guid="aaaaaaaa-0000-0000-0000-000000000001" name="c" isCodable="1" color="#abc"/></Codes></CodeBook>`
	utf16le := func(s string) string {
		var b []byte
		for _, r := range s {
			if r > 0xFFFF {
				r -= 0x10000
				hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
				b = append(b, byte(hi), byte(hi>>8), byte(lo), byte(lo>>8))
				continue
			}
			b = append(b, byte(r), byte(r>>8))
		}
		return string(b)
	}
	src := func(path string) string {
		return `<Sources><TextSource guid="aaaaaaaa-0000-0000-0000-00000000000a" plainTextPath="` + path + `" newAttr="x">` + sel + `<Unknown><Deep/></Unknown></TextSource></Sources>`
	}
	tests := []struct {
		name    string
		entries []entry
		warn    string
	}{
		{"internal path", []entry{{"project.qde", qde(ProjectNS, "", codes+src("internal://T.txt"))}, {"sources/T.txt", text}}, ""},
		{"bare relative name", []entry{{"project.qde", qde(ProjectNS, "", codes+src("T.txt"))}, {"sources/T.txt", text}}, ""},
		{"absolute path", []entry{{"project.qde", qde(ProjectNS, "", codes+src(`absolute:///C:/Users/x/T.txt`))}, {"sources/T.txt", text}}, ""},
		{"Windows path", []entry{{"project.qde", qde(ProjectNS, "", codes+src(`C:\data\t.TXT`))}, {"Sources/T.txt", text}}, ""},
		{"capitalised Sources", []entry{{"project.qde", qde(ProjectNS, "", codes+src("internal://T.txt"))}, {"Sources/T.txt", text}}, ""},
		{"qde named after the project", []entry{{"My study.qde", qde(ProjectNS, "", codes+src("internal://T.txt"))}, {"sources/T.txt", text}}, ""},
		{"UTF-8 BOM", []entry{{"project.qde", qde(ProjectNS, "", codes+src("internal://T.txt"))}, {"sources/T.txt", "\uFEFF" + text}}, ""},
		{"UTF-16 with BOM", []entry{{"project.qde", qde(ProjectNS, "", codes+src("internal://T.txt"))}, {"sources/T.txt", "\xFF\xFE" + utf16le(text)}}, ""},
		{"UTF-16 without BOM", []entry{{"project.qde", qde(ProjectNS, "", codes+src("internal://T.txt"))}, {"sources/T.txt", utf16le(text)}}, ""},
		{"namespace 1:0", []entry{{"project.qde", qde("urn:QDA-XML:project:1:0", "", codes+src("internal://T.txt"))}, {"sources/T.txt", text}}, "namespace"},
		{"PlainTextContent", []entry{{"project.qde", qde(ProjectNS, "", codes+`<Sources><TextSource guid="aaaaaaaa-0000-0000-0000-00000000000a"><PlainTextContent>`+text+`</PlainTextContent>`+sel+`</TextSource></Sources>`)}}, ""},
		{"ATLAS.ti CRLF", []entry{{"project.qde", qde(ProjectNS, ` origin="ATLAS.ti 23"`, codes+src("internal://T.txt"))}, {"sources/T.txt", strings.ReplaceAll(text, "\n", "\r\n")}}, "CRLF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := readZip(t, zipOf(t, tt.entries...), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.TextSources) != 1 {
				t.Fatalf("%d sources", len(p.TextSources))
			}
			s := p.TextSources[0]
			if s.Text != text {
				t.Errorf("text %q (%s), want %q", s.Text, s.Encoding, text)
			}
			sel := s.Selections[0]
			if got := string([]rune(s.Text)[sel.Start:sel.End]); got != "😀" {
				t.Errorf("selection 15-16 is %q, want the emoji (one code point)", got)
			}
			if sel.Codings[0].CodeRef.Target != p.Codes[0].GUID {
				t.Errorf("braced upper-case reference %q does not match %q", sel.Codings[0].CodeRef.Target, p.Codes[0].GUID)
			}
			if !p.Codes[0].IsCodable {
				t.Error(`isCodable="1" read as false`)
			}
			if err := Check(p); err != nil {
				t.Error(err)
			}
			joined := strings.Join(p.Warnings, "\n")
			if (tt.warn == "") != (joined == "") || !strings.Contains(joined, tt.warn) {
				t.Errorf("warnings %q, want one about %q", joined, tt.warn)
			}
		})
	}
}

func TestReadProjectMissingOptional(t *testing.T) {
	// No Users, no names, no dates, a note without text, an empty Sets.
	body := `<Sources><TextSource guid="aaaaaaaa-0000-0000-0000-00000000000a"><PlainTextContent>x</PlainTextContent></TextSource></Sources>` +
		`<Notes><Note guid="aaaaaaaa-0000-0000-0000-00000000000b"/></Notes><Sets/>`
	p, err := readZip(t, zipOf(t, entry{"project.qde", qde(ProjectNS, "", body)}), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.TextSources) != 1 || p.TextSources[0].Text != "x" || len(p.Notes) != 1 {
		t.Errorf("read %+v", p)
	}
}

func TestReadProjectHostile(t *testing.T) {
	small := Limits{MaxEntry: 4096, MaxTotal: 8192, MaxEntries: 10}
	okQDE := qde(ProjectNS, "", `<Sources><TextSource guid="aaaaaaaa-0000-0000-0000-00000000000a" plainTextPath="internal://T.txt"/></Sources>`)
	bomb := zipOf(t, entry{"project.qde", okQDE}, entry{"sources/T.txt", strings.Repeat("a", 1<<20)})
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want error
		msg  string
	}{
		{"zip-slip ../", zipOf(t, entry{"project.qde", okQDE}, entry{"sources/../../evil.txt", "x"}), DefaultLimits, ErrUnsafePath, "evil.txt"},
		{"zip-slip backslash", zipOf(t, entry{"project.qde", okQDE}, entry{`..\evil.txt`, "x"}), DefaultLimits, ErrUnsafePath, "evil"},
		{"absolute entry", zipOf(t, entry{"project.qde", okQDE}, entry{"/etc/evil", "x"}), DefaultLimits, ErrUnsafePath, "/etc/evil"},
		{"drive letter", zipOf(t, entry{"project.qde", okQDE}, entry{"C:/evil", "x"}), DefaultLimits, ErrUnsafePath, "C:/evil"},
		{"entry past the limit", bomb, small, ErrTooLarge, "sources/T.txt"},
		{"entries together past the limit", zipOf(t, entry{"project.qde", okQDE}, entry{"sources/T.txt", strings.Repeat("a", 4000)}), Limits{MaxEntry: 4096, MaxTotal: 4100, MaxEntries: 10}, ErrTooLarge, "together"},
		// archive/zip itself refuses to read past the declared size.
		{"lying size header", lyingZip(t, okQDE, 1<<20), small, nil, "sources/T.txt"},
		{"too many entries", zipOf(t, entry{"project.qde", okQDE}, entry{"a", ""}, entry{"b", ""}), Limits{MaxEntry: 1 << 20, MaxTotal: 1 << 20, MaxEntries: 2}, nil, "more than the limit"},
		{"entity expansion", zipOf(t, entry{"project.qde", `<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>`}), DefaultLimits, ErrEntities, ""},
		{"external entity", zipOf(t, entry{"project.qde", `<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]><Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>`}), DefaultLimits, ErrEntities, ""},
		{"missing source", zipOf(t, entry{"project.qde", okQDE}), DefaultLimits, ErrMissingSource, "internal://T.txt"},
		{"no project.qde", zipOf(t, entry{"sources/T.txt", "x"}), DefaultLimits, ErrNotREFI, "project.qde"},
		{"not a zip", []byte("<Project/>"), DefaultLimits, nil, "not a zip"},
		{"other XML", zipOf(t, entry{"project.qde", `<html/>`}), DefaultLimits, ErrNotREFI, "<html>"},
		{"other namespace", zipOf(t, entry{"project.qde", `<Project xmlns="urn:other" name="x"/>`}), DefaultLimits, ErrNotREFI, "urn:other"},
		{"bad XML", zipOf(t, entry{"project.qde", `<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Users>`}), DefaultLimits, nil, "test.qdpx: project.qde"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readZip(t, tt.data, tt.lim)
			if err == nil {
				t.Fatal("read, want a refusal")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %q is not %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), "test.qdpx") {
				t.Errorf("error %q does not name the file and %q", err, tt.msg)
			}
		})
	}
}

// lyingZip holds a text entry whose header claims 10 bytes while it
// inflates to size bytes.
func lyingZip(t *testing.T, qdeText string, size int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("project.qde")
	w.Write([]byte(qdeText))
	var raw bytes.Buffer
	fw, _ := flate.NewWriter(&raw, flate.BestCompression)
	fw.Write(bytes.Repeat([]byte("a"), size))
	fw.Close()
	rw, err := zw.CreateRaw(&zip.FileHeader{Name: "sources/T.txt", Method: zip.Deflate,
		CompressedSize64: uint64(raw.Len()), UncompressedSize64: 10, CRC32: 0})
	if err != nil {
		t.Fatal(err)
	}
	rw.Write(raw.Bytes())
	zw.Close()
	return b.Bytes()
}

func TestDecodeText(t *testing.T) {
	tests := []struct {
		in, want, enc string
		fallback      bool
	}{
		{"é\r\nx", "é\r\nx", "utf-8", false},
		{"\xEF\xBB\xBFé", "é", "utf-8-bom", false},
		{"\xFF\xFEa\x00\xE9\x00", "aé", "utf-16le", false},
		{"\xFE\xFF\x00a\x00\xE9", "aé", "utf-16be", false},
		{"caf\xE9", "café", "windows-1252", true},
	}
	for _, tt := range tests {
		got, enc, fb := DecodeText([]byte(tt.in))
		if got != tt.want || enc != tt.enc || fb != tt.fallback {
			t.Errorf("DecodeText(%q) = %q %s %v, want %q %s %v", tt.in, got, enc, fb, tt.want, tt.enc, tt.fallback)
		}
		if !utf8.ValidString(got) {
			t.Errorf("DecodeText(%q) is not UTF-8", tt.in)
		}
	}
}
