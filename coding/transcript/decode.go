package transcript

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// Encoding names recorded in Document.Encoding.
const (
	encUTF8        = "utf-8"
	encUTF8BOM     = "utf-8-bom"
	encUTF16LE     = "utf-16le"
	encUTF16BE     = "utf-16be"
	encWindows1252 = "windows-1252"
)

// decode turns the bytes of a text transcript into NFC text with LF line
// endings, and names the encoding it found:
//
//   - a UTF-8 BOM: UTF-8 (invalid sequences become U+FFFD);
//   - a UTF-16 BOM (LE or BE): UTF-16;
//   - no BOM: UTF-8 when the bytes are valid UTF-8, else Windows-1252
//     (bytes that are not valid UTF-8 are read as Windows-1252, while
//     well-formed multi-byte UTF-8 sequences are kept: a UTF-8 file with a
//     few pasted Windows-1252 bytes keeps its "é" rather than becoming
//     "Ã©" throughout).
//
// It rejects data with a NUL or with more than 5% control characters (other
// than tab, LF, CR, and a trailing DOS end-of-file Ctrl-Z) as binary, and
// empty or all-white-space data as empty.
func decode(name string, data string) (text, enc string, err error) {
	switch {
	case strings.HasPrefix(data, "\xEF\xBB\xBF"):
		enc = encUTF8BOM
		text = data[3:]
		if !utf8.ValidString(text) {
			text = strings.ToValidUTF8(text, "\uFFFD")
		}
	case strings.HasPrefix(data, "\xFF\xFE"):
		enc = encUTF16LE
		text, err = decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), data)
	case strings.HasPrefix(data, "\xFE\xFF"):
		enc = encUTF16BE
		text, err = decodeWith(unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), data)
	case utf8.ValidString(data):
		enc = encUTF8
		text = data
	default:
		enc = encWindows1252
		text = decodeMixed(data)
	}
	if err != nil {
		return "", "", &ParseError{File: name, Msg: "cannot decode " + enc + ": " + err.Error(), Err: err}
	}
	// A second BOM (a UTF-8 BOM inside UTF-16, or a doubled one) is noise.
	text = strings.TrimPrefix(text, "\uFEFF")
	text = strings.TrimSuffix(text, "\x1a") // DOS end-of-file marker
	if isBinary(text) {
		return "", "", &ParseError{File: name, Err: ErrBinary}
	}
	if strings.IndexByte(text, '\r') >= 0 {
		text = lfOnly(text)
	}
	if !norm.NFC.IsNormalString(text) {
		text = norm.NFC.String(text)
	}
	if isBlank(text) {
		return "", "", &ParseError{File: name, Err: ErrEmpty}
	}
	return text, enc, nil
}

// decodeWith decodes data with enc, returning valid UTF-8.
func decodeWith(enc encoding.Encoding, data string) (string, error) {
	s, err := enc.NewDecoder().String(data)
	if err != nil {
		return "", err
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s, nil
}

// decodeMixed decodes data that is not valid UTF-8: each well-formed UTF-8
// multi-byte sequence as UTF-8, every other byte as Windows-1252.
func decodeMixed(data string) string {
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	dec := charmap.Windows1252
	for len(data) > 0 {
		c := data[0]
		if c < utf8.RuneSelf {
			b.WriteByte(c)
			data = data[1:]
			continue
		}
		if r, size := utf8.DecodeRuneInString(data); r != utf8.RuneError || size > 1 {
			b.WriteString(data[:size])
			data = data[size:]
			continue
		}
		b.WriteRune(dec.DecodeByte(c))
		data = data[1:]
	}
	return b.String()
}

// isBinary reports whether decoded text looks like binary data: it holds a
// NUL, or more than 5% of its code points are control characters other
// than tab, LF and CR.
func isBinary(s string) bool {
	if strings.IndexByte(s, 0) >= 0 {
		return true
	}
	runes, controls := 0, 0
	for _, r := range s {
		runes++
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20 || (r >= 0x7F && r < 0xA0):
			controls++
		}
	}
	return controls*20 > runes
}

// lfOnly turns CRLF and lone CR line endings into LF in one copy.
func lfOnly(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '\r')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteByte('\n')
		s = s[i+1:]
		if strings.HasPrefix(s, "\n") {
			s = s[1:]
		}
	}
}
