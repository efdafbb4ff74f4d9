package project

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"

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
	// Source is the source; in a dry run it has no ID.
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
// would get the same source name are refused before anything is written.
func (p *Project) ImportTranscripts(ctx context.Context, files []Transcript, opt ImportOptions) ([]Imported, error) {
	items := make([]store.NewSource, 0, len(files))
	warns := make([][]transcript.Warning, 0, len(files))
	names := map[string]string{}
	for i, f := range files {
		if opt.Progress != nil {
			name := filepath.Base(f.Path)
			if format, _ := transcript.FormatOf(f.Path); format == transcript.FormatPDF && !pdftext.Started() {
				// The first PDF of a machine compiles PDFium: seconds, not a hang.
				name += ": starting the PDF reader (the first time takes a few seconds)"
			}
			opt.Progress(i+1, name)
		}
		var doc *transcript.Document
		var err error
		if f.Data != nil {
			doc, err = transcript.Read(filepath.Base(f.Path), f.Data)
		} else {
			// ReadFile refuses a file over the size limit before reading it.
			doc, err = transcript.ReadFile(f.Path)
		}
		if err != nil {
			return nil, err
		}
		src, turns := coding.FromTranscript(f.Path, doc, f.Meta)
		if prev, dup := names[src.Name]; dup {
			return nil, fmt.Errorf("import %q: %q would also be named %q; import them separately with --name", f.Path, prev, src.Name)
		}
		names[src.Name] = f.Path
		items = append(items, store.NewSource{Source: src, Turns: turns, Force: opt.Force})
		warns = append(warns, doc.Warnings)
	}
	if err := segment(items); err != nil {
		return nil, err
	}
	srcs := make([]coding.Source, len(items))
	for i := range items {
		srcs[i] = items[i].Source
	}
	if !opt.DryRun {
		releaseGarbage(items)
		var err error
		if srcs, err = p.st.ImportSources(ctx, items); err != nil {
			return nil, err
		}
	}
	out := make([]Imported, len(srcs))
	for i, src := range srcs {
		var voices []Voice
		at := map[string]int{}
		speakers := 0
		for _, t := range items[i].Turns {
			j, ok := at[t.Speaker]
			if !ok {
				j = len(voices)
				at[t.Speaker] = j
				voices = append(voices, Voice{Label: t.Speaker, Facilitator: t.Facilitator})
				if t.Speaker != "" {
					speakers++
				}
			}
			voices[j].Turns++
		}
		out[i] = Imported{Source: src, Turns: len(items[i].Turns), Sentences: len(items[i].Sentences), Speakers: speakers, Words: items[i].Words,
			File: files[i].Path, Voices: voices, Warnings: warns[i]}
	}
	return out, nil
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

// releaseGarbage returns the memory of what reading and segmenting large
// texts left behind (the files' bytes, pieces of turns) to the operating
// system before SQLite takes two copies of each text into its own memory:
// the peak of an import is then the texts and their rows, not also the
// garbage. Small imports skip the collection it costs.
func releaseGarbage(items []store.NewSource) {
	size := 0
	for _, it := range items {
		size += len(it.Source.Text)
	}
	if size >= releaseAfter {
		debug.FreeOSMemory()
	}
}

// releaseAfter is the size of texts from which releaseGarbage collects.
const releaseAfter = 4 << 20
