package refiqda

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Limits bound what the reader takes from an archive, so that a small
// hostile file cannot exhaust memory. Sizes are checked while reading, not
// taken from the zip headers on trust.
type Limits struct {
	MaxEntry   int64 // bytes one entry may inflate to
	MaxTotal   int64 // bytes all the entries read may inflate to together
	MaxEntries int   // entries in the archive
}

// DefaultLimits: 256 MiB per entry, 1 GiB in all, 100,000 entries. A
// focus-group transcript is well under 1 MiB.
var DefaultLimits = Limits{MaxEntry: 256 << 20, MaxTotal: 1 << 30, MaxEntries: 100_000}

// Errors a caller may test for with errors.Is.
var (
	// ErrUnsafePath: an entry's name leaves the archive ("../", absolute).
	ErrUnsafePath = errors.New("has an entry whose path leaves the archive")
	// ErrTooLarge: an entry (or all of them) inflates past the limits.
	ErrTooLarge = errors.New("inflates past the size limit")
	// ErrEntities: the XML declares entities (a DOCTYPE with ENTITY).
	ErrEntities = errors.New("declares XML entities, which fieldwork refuses (entity expansion)")
	// ErrMissingSource: a text source names a file the archive lacks.
	ErrMissingSource = errors.New("is not in the archive")
	// ErrNotREFI: the file is not a REFI-QDA document.
	ErrNotREFI = errors.New("is not a REFI-QDA document")
)

// OpenProject reads a .qdpx file from disk (see ReadProject).
func OpenProject(file string, lim Limits) (*Project, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return ReadProject(filepath.Base(file), f, st.Size(), lim)
}

// ReadProject reads a .qdpx archive: it finds the .qde (project.qde, else
// the one .qde), parses it, and loads the text of every text source and
// note into Text. It is lenient: plainTextPath may be internal://NAME, a
// bare relative name or an absolute path (the file is looked for by name
// in sources/, in any case, then anywhere in the archive); texts may be
// UTF-8 with or without a BOM, UTF-16 with a BOM, or Windows-1252;
// namespace variants (1:0, 0:4) and unknown elements and attributes are
// accepted. ATLAS.ti counts CRLF as one position, so its texts get LF line
// endings. name is used in messages.
func ReadProject(name string, r io.ReaderAt, size int64, lim Limits) (*Project, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%s is not a zip archive (a .qdpx is one): %w", name, err)
	}
	a, err := newArchive(name, zr, lim)
	if err != nil {
		return nil, err
	}
	qde, err := a.findQDE()
	if err != nil {
		return nil, err
	}
	data, err := a.read(qde)
	if err != nil {
		return nil, err
	}
	p := &Project{}
	where := name + ": " + qde.Name
	warns, err := decodeXML(where, data, "Project", ProjectNS, p)
	if err != nil {
		return nil, err
	}
	p.Warnings = append(p.Warnings, warns...)
	atlas := strings.Contains(p.Origin, "ATLAS.ti")
	for i := range p.TextSources {
		s := &p.TextSources[i]
		if err := a.loadText(s, atlas, &p.Warnings); err != nil {
			return nil, fmt.Errorf("%s: text source %q: %w", name, s.Label(), err)
		}
	}
	for i := range p.Notes {
		n := &p.Notes[i]
		if err := a.loadText(n, atlas, &p.Warnings); err != nil {
			return nil, fmt.Errorf("%s: note %q: %w", name, n.Label(), err)
		}
	}
	return p, nil
}

// Label names a source or note in messages: its name, else its file, else
// its GUID.
func (s *TextSource) Label() string {
	switch {
	case s.Name != "":
		return s.Name
	case s.PlainTextPath != "":
		return s.PlainTextPath
	}
	return string(s.GUID)
}

// ReadCodebook reads a .qdc codebook. The same leniency as ReadProject
// applies, and an empty <Sets/> (Taguette writes one) is accepted.
func ReadCodebook(name string, data []byte, lim Limits) (*Codebook, error) {
	if int64(len(data)) > lim.MaxEntry {
		return nil, fmt.Errorf("%s %w (%d bytes)", name, ErrTooLarge, lim.MaxEntry)
	}
	cb := &Codebook{}
	warns, err := decodeXML(name, data, "CodeBook", CodebookNS, cb)
	if err != nil {
		return nil, err
	}
	if len(cb.Sets) == 0 && emptySets.Match(data) {
		warns = append(warns, name+": an empty <Sets/> is not schema-valid (Taguette writes one); read anyway")
	}
	cb.Warnings = warns
	return cb, nil
}

var emptySets = regexp.MustCompile(`<([A-Za-z_][\w.-]*:)?Sets(\s[^>]*)?(/>|>\s*</([A-Za-z_][\w.-]*:)?Sets\s*>)`)

// archive is a zip being read within limits.
type archive struct {
	name  string
	lim   Limits
	total int64
	files []*zip.File
}

func newArchive(name string, zr *zip.Reader, lim Limits) (*archive, error) {
	if len(zr.File) > lim.MaxEntries {
		return nil, fmt.Errorf("%s has %d entries, more than the limit of %d", name, len(zr.File), lim.MaxEntries)
	}
	a := &archive{name: name, lim: lim}
	for _, f := range zr.File {
		if unsafePath(f.Name) {
			return nil, fmt.Errorf("%s %w: %q", name, ErrUnsafePath, f.Name)
		}
		if strings.HasSuffix(f.Name, "/") || f.FileInfo().IsDir() {
			continue
		}
		a.files = append(a.files, f)
	}
	sort.SliceStable(a.files, func(i, j int) bool { return a.files[i].Name < a.files[j].Name })
	return a, nil
}

// unsafePath reports whether a zip entry name would leave the folder it
// is extracted to: an absolute path, a drive letter, or a ".." element
// (with either slash).
func unsafePath(n string) bool {
	n = strings.ReplaceAll(n, `\`, "/")
	if strings.HasPrefix(n, "/") || (len(n) >= 2 && n[1] == ':') {
		return true
	}
	for _, el := range strings.Split(n, "/") {
		if el == ".." {
			return true
		}
	}
	return false
}

func (a *archive) findQDE() (*zip.File, error) {
	var root, any []*zip.File
	for _, f := range a.files {
		lower := strings.ToLower(f.Name)
		if lower == "project.qde" {
			return f, nil
		}
		if strings.HasSuffix(lower, ".qde") {
			any = append(any, f)
			if !strings.Contains(f.Name, "/") {
				root = append(root, f)
			}
		}
	}
	switch {
	case len(root) == 1:
		return root[0], nil
	case len(root) == 0 && len(any) == 1:
		return any[0], nil
	case len(any) == 0:
		return nil, fmt.Errorf("%s %w: it holds no project.qde", a.name, ErrNotREFI)
	}
	return nil, fmt.Errorf("%s holds %d .qde files and no project.qde: which one is the project is unclear", a.name, len(any))
}

// read inflates an entry, refusing one that grows past the limits.
func (a *archive) read(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > uint64(a.lim.MaxEntry) {
		return nil, fmt.Errorf("%s: entry %q %w of %d bytes", a.name, f.Name, ErrTooLarge, a.lim.MaxEntry)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: entry %q: %w", a.name, f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, a.lim.MaxEntry+1))
	if int64(len(data)) > a.lim.MaxEntry {
		return nil, fmt.Errorf("%s: entry %q %w of %d bytes", a.name, f.Name, ErrTooLarge, a.lim.MaxEntry)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: entry %q: %w", a.name, f.Name, err)
	}
	a.total += int64(len(data))
	if a.total > a.lim.MaxTotal {
		return nil, fmt.Errorf("%s: the entries together %w of %d bytes", a.name, ErrTooLarge, a.lim.MaxTotal)
	}
	return data, nil
}

// find looks an internal file up by the name a path attribute gives:
// internal://NAME, relative://..., absolute://..., or a bare path. Only the
// base name counts; sources/ (in any case) is searched first, then the
// root, then the whole archive. Names match case-insensitively.
func (a *archive) find(ref string) *zip.File {
	p := ref
	for _, pre := range []string{"internal://", "relative://", "absolute://", "file://"} {
		if len(p) >= len(pre) && strings.EqualFold(p[:len(pre)], pre) {
			p = p[len(pre):]
			break
		}
	}
	p = strings.TrimRight(strings.ReplaceAll(p, `\`, "/"), "/")
	base := strings.ToLower(path.Base(p))
	if base == "" || base == "." || base == "/" {
		return nil
	}
	var inSources, atRoot, elsewhere *zip.File
	for _, f := range a.files {
		if strings.ToLower(path.Base(f.Name)) != base {
			continue
		}
		dir := strings.ToLower(path.Dir(f.Name))
		switch {
		case dir == "sources" && inSources == nil:
			inSources = f
		case dir == "." && atRoot == nil:
			atRoot = f
		case elsewhere == nil:
			elsewhere = f
		}
	}
	for _, f := range []*zip.File{inSources, atRoot, elsewhere} {
		if f != nil {
			return f
		}
	}
	return nil
}

// loadText fills s.Text from PlainTextContent or the file plainTextPath
// names.
func (a *archive) loadText(s *TextSource, atlas bool, warns *[]string) error {
	switch {
	case s.PlainTextContent != nil:
		s.Text, s.Encoding = strings.TrimPrefix(*s.PlainTextContent, "\uFEFF"), "utf-8"
	case s.PlainTextPath != "":
		f := a.find(s.PlainTextPath)
		if f == nil {
			return fmt.Errorf("its text %q %w", s.PlainTextPath, ErrMissingSource)
		}
		data, err := a.read(f)
		if err != nil {
			return err
		}
		var fallback bool
		s.Text, s.Encoding, fallback = DecodeText(data)
		if fallback {
			*warns = append(*warns, fmt.Sprintf("%s is not UTF-8 or UTF-16; read as Windows-1252", f.Name))
		}
	default:
		return nil
	}
	if atlas && strings.Contains(s.Text, "\r\n") {
		s.Text = strings.ReplaceAll(s.Text, "\r\n", "\n")
		*warns = append(*warns, fmt.Sprintf("%s: ATLAS.ti counts a CRLF line end as one position; read with LF line ends", s.Label()))
	}
	return nil
}

// DecodeText turns the bytes of a plain-text source into text without
// changing what a position counts: a BOM is dropped, UTF-16 (with a BOM, or
// recognised by its zero bytes) is decoded, valid UTF-8 is kept as is, and
// anything else is read as Windows-1252 (fallback true). Line endings and
// Unicode normalisation are left alone: offsets count code points of the
// file as it is.
func DecodeText(data []byte) (text, enc string, fallback bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return strings.ToValidUTF8(string(data[3:]), "\uFFFD"), "utf-8-bom", false
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return utf16(data, unicode.LittleEndian), "utf-16le", false
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return utf16(data, unicode.BigEndian), "utf-16be", false
	case utf8.Valid(data):
		if e, ok := bomlessUTF16(data); ok {
			return utf16(data, e), "utf-16", false
		}
		return string(data), "utf-8", false
	}
	if e, ok := bomlessUTF16(data); ok {
		return utf16(data, e), "utf-16", false
	}
	out, _ := charmap.Windows1252.NewDecoder().Bytes(data)
	return string(out), "windows-1252", true
}

func utf16(data []byte, e unicode.Endianness) string {
	out, err := unicode.UTF16(e, unicode.IgnoreBOM).NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD")
	}
	return strings.TrimPrefix(strings.ToValidUTF8(string(out), "\uFFFD"), "\uFEFF")
}

// bomlessUTF16 recognises UTF-16 text without a BOM by its zero bytes:
// text in a Latin script has a zero in most high bytes and almost never
// in a low byte.
func bomlessUTF16(data []byte) (unicode.Endianness, bool) {
	if len(data) < 4 || len(data)%2 != 0 {
		return unicode.LittleEndian, false
	}
	var even, odd int
	n := min(len(data), 4096)
	for i := 0; i+1 < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	half := n / 2
	switch {
	case odd*10 >= half*6 && even*10 <= half:
		return unicode.LittleEndian, true
	case even*10 >= half*6 && odd*10 <= half:
		return unicode.BigEndian, true
	}
	return unicode.LittleEndian, false
}

// decodeXML parses a document whose root element must be root. A DOCTYPE
// that declares entities is refused; a namespace other than ns (the known
// variants 1:0 and 0:4, or none) is accepted with a warning.
func decodeXML(name string, data []byte, root, ns string, v any) ([]string, error) {
	var warns []string
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		text, _, _ := DecodeText(data)
		data = []byte(text)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(strings.ReplaceAll(label, "-", "")) {
		case "utf8", "utf16", "usascii", "ascii":
			return in, nil
		case "iso88591", "latin1", "windows1252", "cp1252":
			return charmap.Windows1252.NewDecoder().Reader(in), nil
		}
		return nil, fmt.Errorf("encoding %q is not supported (save it as UTF-8)", label)
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil, fmt.Errorf("%s %w: it has no <%s> element", name, ErrNotREFI, root)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			dir := strings.ToUpper(string(t))
			if strings.Contains(dir, "<!ENTITY") || strings.Contains(dir, "ENTITY ") {
				return nil, fmt.Errorf("%s %w", name, ErrEntities)
			}
		case xml.StartElement:
			if t.Name.Local != root {
				return nil, fmt.Errorf("%s %w: its root element is <%s>, not <%s>", name, ErrNotREFI, t.Name.Local, root)
			}
			if t.Name.Space != ns {
				if !strings.HasPrefix(t.Name.Space, strings.TrimSuffix(ns, "1.0")) && t.Name.Space != "" {
					return nil, fmt.Errorf("%s %w: namespace %q is not %q", name, ErrNotREFI, t.Name.Space, ns)
				}
				warns = append(warns, fmt.Sprintf("%s: namespace %q is not the standard %q (read anyway; the file is not schema-valid)", name, t.Name.Space, ns))
				t.Name.Space = ns
			}
			if err := d.DecodeElement(v, &t); err != nil {
				var syntax *xml.SyntaxError
				if errors.As(err, &syntax) {
					return nil, fmt.Errorf("%s: %w", name, err) // it names the line
				}
				line, _ := d.InputPos()
				return nil, fmt.Errorf("%s line %d: %w", name, line, err)
			}
			return warns, nil
		}
	}
}
