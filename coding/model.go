// Package coding is fieldwork's domain: sources and their speaker turns,
// participants and their attributes, the codebook, codings and memos.
//
// Text positions are Unicode code-point offsets into a source's normalised
// text (the unit REFI-QDA uses); End is exclusive. Nothing here knows about
// SQL, the terminal UI or the command line.
package coding

import "time"

// SourceKind says what a source is.
type SourceKind string

// The kinds of source.
const (
	KindTranscript   SourceKind = "transcript"
	KindSurveyAnswer SourceKind = "survey-answer"
	KindDocument     SourceKind = "document"
)

// Source is one imported text: a focus-group transcript, a survey question's
// open answers, or a document.
type Source struct {
	ID       int64
	Name     string // unique in a project; the file name without extension by default
	Kind     SourceKind
	Format   string // the format it was read from (txt, vtt, docx ...)
	Encoding string // the encoding its bytes were decoded from
	Pages    int    // the page count of a PDF, 0 for other formats
	FileName string // base name of the imported file
	SHA256   string // of the normalised text, to refuse a second import
	City     string
	Group    string // the focus group; speaker labels are scoped to it
	Date     string // YYYY-MM-DD or empty
	Language string // en, fr, or empty
	Text     string
	Imported time.Time
}

// Turn is one speaker's stretch of talk in a source.
type Turn struct {
	Index       int    // 0-based position in the source
	Speaker     string // the label as written in the file
	Participant string // the participant's id, empty for an unlabelled turn
	Facilitator bool
	Start, End  int // code points into Source.Text
	Line        int // where it started in the file
	HasTime     bool
	At, Until   time.Duration
}

// Sentence is one sentence of a turn, as prose segments it.
type Sentence struct {
	Index      int
	Turn       int // index of its turn
	Start, End int
}

// Participant is a person in a study. Facilitators are kept as participants
// (their turns need an owner) but flagged, and never counted.
type Participant struct {
	ID          string // "MTL-03", or an opaque "GROUP-P01" until a roster names them
	Group       string
	City        string
	Facilitator bool
	Labels      []string // speaker labels bound to them in their group
	Attributes  map[string]string
}

// Code is one node of the codebook tree.
type Code struct {
	ID         int64
	ParentID   int64 // 0 for a theme at the top
	Name       string
	Path       string // names from the top joined by "/"
	Definition string
	Inclusion  string
	Exclusion  string
	Example    string
	Color      string // #rrggbb
}

// Coding marks a span of a source with a code, by one coder.
type Coding struct {
	ID         int64
	Source     string // source name
	SourceID   int64
	Start, End int
	CodeID     int64
	Code       string // code path
	Coder      string
	Memo       string
	Text       string // the coded text, filled by listings
	Created    time.Time
}
