package project

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/transcript"
	"github.com/fieldwork-qda/fieldwork/coding/transcript/pdftext"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// Transcript is one transcript file to import.
type Transcript struct {
	// Path names the source (its base name without extension, unless
	// Meta.Name) and the file in error messages.
	Path string
	// Data is the file's content; nil reads Path.
	Data []byte
	Meta coding.SourceMeta
}

// ImportOptions tune ImportTranscripts.
type ImportOptions struct {
	// Force imports a text even when the same text is in the project.
	Force bool
	// Progress, if not nil, is told of each file read (1-based).
	Progress func(n int, name string)
	// DryRun reads and segments the files and says what they would make,
	// but writes nothing: a researcher checks the speakers first.
	DryRun bool
}

// Imported is one imported source with what it was made of (or, in a dry
// run, would be made of).
type Imported struct {
	// Source is the source, without its text (the import streams it into
	// the project without keeping it); in a dry run it has no ID.
	Source    coding.Source
	Turns     int
	Sentences int
	// Speakers counts the distinct speaker labels.
	Speakers int
	// Words counts the words of the text (coding.WordCount).
	Words int
	// File is the path the source was read from.
	File string
	// Voices are the speaker labels with their turns, in order of first
	// appearance; "" is the unlabelled speech.
	Voices []Voice
	// Warnings are the reader's doubts (transcript.Document.Warnings):
	// lines that look like speaker labels but were read as speech, a file
	// with no label at all.
	Warnings []transcript.Warning
}

// Voice is one speaker label of a source and its turns.
type Voice struct {
	Label       string
	Facilitator bool
	Turns       int
}

// ImportTranscripts reads, segments and imports transcripts in one
// transaction: if any file is refused, nothing is imported. Two files that
// would get the same source name are refused before anything is read.
//
// A file is read, segmented and written a batch of turns at a time (see
// turnFeed): its bytes are held while it is read, but neither its text nor
// its turns and sentences are ever held whole, in Go or in SQLite.
func (p *Project) ImportTranscripts(ctx context.Context, files []Transcript, opt ImportOptions) ([]Imported, error) {
	names := map[string]string{}
	for _, f := range files {
		name := f.Meta.Name
		if name == "" {
			name = coding.SourceName(f.Path)
		}
		if prev, dup := names[name]; dup {
			return nil, fmt.Errorf("import %q: %q would also be named %q; import them separately with --name", f.Path, prev, name)
		}
		names[name] = f.Path
	}
	out := make([]Imported, 0, len(files))
	read := func(w *store.SourceWriter) error {
		for i, f := range files {
			if opt.Progress != nil {
				name := filepath.Base(f.Path)
				if format, _ := transcript.FormatOf(f.Path); format == transcript.FormatPDF && !pdftext.Started() {
					// The first PDF of a machine compiles PDFium: seconds, not a hang.
					name += ": starting the PDF reader (the first time takes a few seconds)"
				}
				opt.Progress(i+1, name)
			}
			im, err := importTranscript(w, f, opt.Force)
			if err != nil {
				return err
			}
			out = append(out, im)
		}
		return nil
	}
	var err error
	if opt.DryRun {
		err = read(nil)
	} else {
		_, err = p.st.ImportStream(ctx, read)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// importTranscript reads one file through w (nil in a dry run).
func importTranscript(w *store.SourceWriter, f Transcript, force bool) (Imported, error) {
	format, err := transcript.FormatOf(f.Path)
	if err != nil {
		return Imported{}, err
	}
	// The source as far as it is known before the file is read; End adds
	// the encoding (and a PDF's pages).
	src, _ := coding.FromTranscript(f.Path, &transcript.Document{Format: format}, f.Meta)
	if w != nil {
		if err := w.Begin(src, force); err != nil {
			return Imported{}, err
		}
	}
	feed := &turnFeed{w: w, file: filepath.Base(f.Path), lang: src.Language, at: map[string]int{}}
	var doc *transcript.Document
	if f.Data != nil {
		doc, err = transcript.ReadTurns(filepath.Base(f.Path), f.Data, feed.turn)
	} else {
		// ReadFileTurns refuses a file over the size limit before reading it.
		doc, err = transcript.ReadFileTurns(f.Path, feed.turn)
	}
	if err == nil {
		err = feed.flush()
	}
	if err != nil {
		return Imported{}, err
	}
	src, _ = coding.FromTranscript(f.Path, doc, f.Meta)
	if w != nil {
		if src, err = w.End(src, feed.words); err != nil {
			return Imported{}, err
		}
	}
	return Imported{Source: src, Turns: feed.turns, Sentences: feed.sents, Speakers: feed.speakers, Words: feed.words,
		File: f.Path, Voices: feed.voices, Warnings: doc.Warnings}, nil
}

// feedBatch is the text, in bytes, a turnFeed gathers before it segments
// and writes a batch: enough for Segment to keep every core busy.
const feedBatch = 1 << 20

// turnFeed takes a transcript's turns as they are read, gathers them into
// batches of about feedBatch bytes of text, segments each batch and hands
// it to the store with its text, and counts what the import reports.
type turnFeed struct {
	w    *store.SourceWriter // nil in a dry run
	file string              // for messages
	lang string
	// The batch: its text from the blank line before its first turn, the
	// code point of the whole text where that starts, and its turns with
	// offsets into the whole text.
	text  strings.Builder
	from  int
	batch []coding.Turn
	rel   []coding.Turn // scratch: the batch's turns with offsets into text
	// What the source has so far.
	turns, sents, words, speakers int
	voices                        []Voice
	at                            map[string]int // label -> voices index
}

// turn takes the next turn of the file with its text.
func (f *turnFeed) turn(t transcript.Turn, text string) error {
	ct := coding.TurnOf(f.turns+len(f.batch), t)
	if len(f.batch) == 0 {
		f.from = ct.Start
		f.text.Grow(feedBatch + feedBatch/4)
		if ct.Index > 0 {
			f.from -= 2
		}
	}
	if ct.Index > 0 {
		f.text.WriteString("\n\n")
	}
	f.text.WriteString(text)
	f.batch = append(f.batch, ct)
	j, ok := f.at[ct.Speaker]
	if !ok {
		j = len(f.voices)
		f.at[ct.Speaker] = j
		f.voices = append(f.voices, Voice{Label: ct.Speaker, Facilitator: ct.Facilitator})
		if ct.Speaker != "" {
			f.speakers++
		}
	}
	f.voices[j].Turns++
	if f.text.Len() >= feedBatch {
		return f.flush()
	}
	return nil
}

// flush segments the batch and writes it.
func (f *turnFeed) flush() error {
	if len(f.batch) == 0 {
		return nil
	}
	text := f.text.String()
	f.rel = f.rel[:0]
	for _, t := range f.batch {
		t.Start -= f.from
		t.End -= f.from
		f.rel = append(f.rel, t)
	}
	sents, err := coding.Segment(text, f.rel, f.lang)
	if err != nil {
		return fmt.Errorf("import %q: %w", f.file, err)
	}
	for i := range sents {
		s := &sents[i]
		s.Index += f.sents
		s.Turn += f.turns
		s.Start += f.from
		s.End += f.from
	}
	// A batch starts at a blank line or at the start: no word spans two.
	f.words += coding.WordCount(text)
	if f.w != nil {
		if err := f.w.Add(text, f.batch, sents); err != nil {
			return err
		}
	}
	f.turns += len(f.batch)
	f.sents += len(sents)
	f.batch = f.batch[:0]
	f.text.Reset()
	return nil
}

// segment fills the sentences of items that have none, one source at a
// time (coding.Segment segments a source's turns in parallel), and counts
// their words: the one place sources are segmented before they are stored.
func segment(items []store.NewSource) error {
	for i := range items {
		it := &items[i]
		it.Words = coding.WordCount(it.Source.Text)
		if it.Sentences != nil {
			continue
		}
		sents, err := coding.Segment(it.Source.Text, it.Turns, it.Source.Language)
		if err != nil {
			label := it.Source.FileName
			if label == "" {
				label = it.Source.Name
			}
			return fmt.Errorf("import %q: %w", label, err)
		}
		if sents == nil {
			sents = []coding.Sentence{}
		}
		it.Sentences = sents
	}
	return nil
}
