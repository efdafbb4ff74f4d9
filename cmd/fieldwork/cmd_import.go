package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/transcript"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/project"
)

type importOptions struct {
	project string
	files   []string
	meta    coding.SourceMeta
	force   bool
	dryRun  bool
}

func newImportCmd(env *Env, runF func(*importOptions) error) *cobra.Command {
	o := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import PROJECT FILE...",
		Short: "Import transcripts (.txt .md .vtt .srt .docx .pdf) or a REFI-QDA project (.qdpx); all or nothing",
		Long: `Import transcripts into the project in one transaction: if any file is refused,
nothing is imported. Speaker labels become participants of the focus group
(--group, else the source name); facilitator, moderator, interviewer and
animatrice labels are marked as facilitators.

--dry-run reads the files and shows the speakers and turns each would make,
and writes nothing. Lines that look like speaker labels but were read as
speech are warned about, with their file and line, on standard error.`,
		Args: minArgs(2, "PROJECT and at least one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.files = args[0], args[1:]
			if runF != nil {
				return runF(o)
			}
			return runImport(env, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.meta.City, "city", "", "city of the focus group")
	f.StringVar(&o.meta.Group, "group", "", "focus group; speaker labels are scoped to it (default: the source name)")
	f.StringVar(&o.meta.Date, "date", "", "date of the session, YYYY-MM-DD")
	f.StringVar(&o.meta.Language, "language", "", "language code, such as en or fr")
	f.StringVar(&o.meta.Name, "name", "", "source name (default: the file name without extension; one file only)")
	f.BoolVar(&o.force, "force", false, "import a text even if the same text is already in the project")
	f.BoolVar(&o.dryRun, "dry-run", false, "show the speakers and turns each file would make, and write nothing")
	return cmd
}

func runImport(env *Env, o *importOptions) error {
	for _, f := range o.files {
		if strings.EqualFold(filepath.Ext(f), ".qdpx") {
			if len(o.files) != 1 || o.meta != (coding.SourceMeta{}) || o.force || o.dryRun {
				return usagef("a .qdpx project is imported on its own, without --city, --group, --date, --language, --name, --force or --dry-run")
			}
			return runImportQDPX(env, o.project, f)
		}
	}
	if err := o.meta.Validate(); err != nil {
		return usageError{err}
	}
	if o.meta.Name != "" && len(o.files) > 1 {
		return usagef("--name names one source; give one FILE with it")
	}
	p, err := env.project(o.project)
	if err != nil {
		return err
	}
	defer p.Close()
	files := make([]project.Transcript, len(o.files))
	for i, path := range o.files {
		files[i] = project.Transcript{Path: path, Meta: o.meta}
	}
	defer limitImportMemory(o.files)()
	prog := env.progress("reading", len(o.files))
	imported, err := p.ImportTranscripts(env.ctx(), files, project.ImportOptions{Force: o.force, Progress: prog.step, DryRun: o.dryRun})
	prog.done()
	if err != nil {
		return fmt.Errorf("%w; nothing was imported", diskFull(err, o.project))
	}
	printReadWarnings(env, imported)
	if o.dryRun {
		return printDryRun(env, o.project, imported)
	}
	t := newTable("source", "format", "turns", "sentences", "speakers", "words").alignRight(2, 3, 4, 5)
	for _, im := range imported {
		src := im.Source
		t.add(src.Name, src.Format+" "+src.Encoding, itoa(im.Turns), itoa(im.Sentences), itoa(im.Speakers), itoa(im.Words))
	}
	fmt.Fprintf(env.Out, "imported %s into %s\n", plural.Count(len(imported), "source", "sources"), o.project)
	if err := t.print(env); err != nil {
		return err
	}
	// The check for the words of withdrawn participants reads each text
	// back: with nobody withdrawn there is nothing to find.
	gone, err := p.Store().Withdrawn()
	if err != nil {
		return err
	}
	var srcs []coding.Source
	if len(gone) > 0 {
		srcs = make([]coding.Source, len(imported))
		for i := range imported {
			srcs[i] = imported[i].Source
		}
	}
	return warnAfterImport(env, p.Store(), o.project, srcs)
}

// printReadWarnings tells, on standard error, what the readers doubted:
// lines that look like speaker labels but were read as speech, with their
// file and line, so that the researcher can fix the file and import again.
func printReadWarnings(env *Env, imported []project.Imported) {
	for _, im := range imported {
		for _, w := range im.Warnings {
			where := im.File
			if w.Line > 0 {
				where += fmt.Sprintf(" line %d", w.Line)
			}
			fmt.Fprintf(env.Err, "warning: %s: %s\n", where, clean(w.Msg))
		}
	}
}

// printDryRun shows, for each file, the speakers and turns it would make.
func printDryRun(env *Env, project string, imported []project.Imported) error {
	fmt.Fprintf(env.Out, "dry run: nothing was written to %s\n", project)
	for _, im := range imported {
		src := im.Source
		fmt.Fprintf(env.Out, "\n%s -> source %q (%s %s): %s, %s, %s, %s\n", im.File, src.Name, src.Format, src.Encoding,
			plural.Count(im.Turns, "turn", "turns"), plural.Count(im.Sentences, "sentence", "sentences"),
			plural.Count(im.Speakers, "speaker", "speakers"), plural.Count(im.Words, "word", "words"))
		t := newTable("speaker", "role", "turns").alignRight(2)
		for _, v := range im.Voices {
			label, role := clean(v.Label), "participant"
			switch {
			case v.Label == "":
				label, role = "(no label)", "counts for nobody"
			case v.Facilitator:
				role = "facilitator"
			}
			t.add(label, role, itoa(v.Turns))
		}
		if err := t.print(env); err != nil {
			return err
		}
	}
	return nil
}

// limitImportMemory bounds the Go heap while text files are imported, and
// returns what restores the limit before. Files are read one at a time and
// their turns segmented and written in batches (project.ImportTranscripts):
// a .txt or .md file is read line by line and never held, but a .vtt or
// .srt file is held with its decoded text while its cues are read. The
// bound is that, for the largest file; left to GOGC, the garbage of
// reading and segmenting would double the heap, and near the bound the
// collector runs more often instead. A DOCX is compressed and a PDF's text
// says nothing of its size: with one of them the heap is left unbounded.
// SQLite's memory is not Go's heap and is not bounded by it.
func limitImportMemory(files []string) (restore func()) {
	var largest int64
	for _, f := range files {
		if format, _ := transcript.FormatOf(f); format == transcript.FormatDOCX || format == transcript.FormatPDF {
			return func() {}
		}
		if info, err := os.Stat(f); err == nil {
			largest = max(largest, info.Size())
		}
	}
	limit := importMemoryBase + 2*largest
	prev := debug.SetMemoryLimit(-1)
	if limit >= prev {
		return func() {}
	}
	debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(prev) }
}

// importMemoryBase is the Go heap of the program before it reads a file.
const importMemoryBase = 16 << 20
