package coding

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/fieldwork-qda/fieldwork/coding/transcript"
)

// SourceMeta is what a researcher says about a transcript when importing it.
type SourceMeta struct {
	Name     string // defaults to the file name without extension
	City     string
	Group    string
	Date     string // YYYY-MM-DD
	Language string // en, fr, ...
}

var languageRe = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z]{2,4})?$`)

// Validate checks the date and language fields.
func (m SourceMeta) Validate() error {
	if m.Date != "" {
		if _, err := time.Parse("2006-01-02", m.Date); err != nil {
			return fmt.Errorf("date %q is not YYYY-MM-DD", m.Date)
		}
	}
	if m.Language != "" && !languageRe.MatchString(m.Language) {
		return fmt.Errorf("language %q is not a language code such as en or fr", m.Language)
	}
	if strings.TrimSpace(m.Name) == "" && m.Name != "" {
		return fmt.Errorf("source name is blank")
	}
	return nil
}

// SourceName is the default name of a source read from path: its base
// name without extension.
func SourceName(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// FromTranscript turns a read transcript into a source with its turns.
// Turns whose label names a facilitator are flagged. Sentences come from
// Segment.
func FromTranscript(path string, doc *transcript.Document, meta SourceMeta) (Source, []Turn) {
	name := meta.Name
	if name == "" {
		name = SourceName(path)
	}
	src := Source{
		Name: name, Kind: KindTranscript, Format: string(doc.Format), Encoding: doc.Encoding,
		FileName: filepath.Base(path), City: meta.City, Group: meta.Group, Date: meta.Date,
		Language: meta.Language, Text: doc.Text, Pages: doc.Pages,
	}
	turns := make([]Turn, len(doc.Turns))
	for i, t := range doc.Turns {
		turns[i] = TurnOf(i, t)
	}
	return src, turns
}

// TurnOf is the i-th turn of a read transcript as a source's turn (see
// FromTranscript).
func TurnOf(i int, t transcript.Turn) Turn {
	return Turn{Index: i, Speaker: t.Speaker, Facilitator: IsFacilitatorLabel(t.Speaker),
		Start: t.Start, End: t.End, Line: t.Line, HasTime: t.HasTime, At: t.At, Until: t.Until}
}
