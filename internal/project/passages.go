package project

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/fieldwork-qda/fieldwork/analysis/report/inert"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
)

// Passage is a coded passage as it leaves the project: the words and who
// said them by participant id and city only (never a speaker label, a
// group, a source name or an attribute).
type Passage struct {
	Participant, City, Text string
}

// PassageFormats are the formats a code's passages export to.
var PassageFormats = []string{"md", "csv"}

// WritePassages writes a code's passages as Markdown (a list, each passage
// with its speaker) or CSV (code, participant, city, text). Every field
// people wrote goes through inert, so a spreadsheet or a Markdown viewer
// shows it as text.
func WritePassages(w io.Writer, format, code string, ps []Passage) error {
	switch format {
	case "md":
		return writePassagesMarkdown(w, code, ps)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"code", "participant", "city", "text"})
		for _, p := range ps {
			cw.Write(inert.CSVRecord([]string{code, p.Participant, p.City, p.Text}))
		}
		cw.Flush()
		return cw.Error()
	}
	return InvalidError{fmt.Errorf("export passages: format %q is not one of %s", format, strings.Join(PassageFormats, ", "))}
}

func writePassagesMarkdown(w io.Writer, code string, ps []Passage) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s coded with this code or a code under it.\n\n", inert.MarkdownLine(code), plural.Count(len(ps), "passage", "passages"))
	for _, p := range ps {
		by := p.Participant
		if by == "" {
			by = "unattributed"
		}
		if p.City != "" {
			by += ", " + p.City
		}
		fmt.Fprintf(&b, "- “%s” — %s\n", inert.Markdown(p.Text), inert.Markdown(by))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// PassageFileName is the file a code's passages export to: the code's
// name (the last of its path) in lower case, each run of other characters
// than letters and digits made one "-" ("Barriers/Legal aid" is
// legal-aid.md).
func PassageFileName(code, format string) string {
	if i := strings.LastIndex(code, "/"); i >= 0 {
		code = code[i+1:]
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(code) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	name := b.String()
	if name == "" {
		name = "passages"
	}
	return name + "." + format
}

// ExportPassages writes a code's passages to a new file in dir, named
// after the code (PassageFileName; "-2", "-3"... when the name is taken,
// so that no file is overwritten), readable by its owner only, and
// returns its path. A file that fails half-way is removed.
func ExportPassages(dir, code, format string, ps []Passage) (string, error) {
	if err := WritePassages(io.Discard, format, code, nil); err != nil {
		return "", err
	}
	base := PassageFileName(code, format)
	stem := strings.TrimSuffix(base, "."+format)
	for n := 1; n < 1000; n++ {
		name := base
		if n > 1 {
			name = fmt.Sprintf("%s-%d.%s", stem, n, format)
		}
		path := filepath.Join(dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("export passages: %w", err)
		}
		err = WritePassages(f, format, code, ps)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return "", fmt.Errorf("export passages: writing %s: %w", path, err)
		}
		return path, nil
	}
	return "", fmt.Errorf("export passages: %s and 998 numbered names are taken in %s", base, dir)
}
