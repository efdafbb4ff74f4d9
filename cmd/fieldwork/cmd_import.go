package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/project"
)

type importOptions struct {
	project string
	files   []string
	meta    coding.SourceMeta
	force   bool
}

func newImportCmd(env *Env, runF func(*importOptions) error) *cobra.Command {
	o := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import PROJECT FILE...",
		Short: "Import transcripts (.txt .md .vtt .srt .docx .pdf) or a REFI-QDA project (.qdpx); all or nothing",
		Long: `Import transcripts into the project in one transaction: if any file is refused,
nothing is imported. Speaker labels become participants of the focus group
(--group, else the source name); facilitator, moderator, interviewer and
animatrice labels are marked as facilitators.`,
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
	return cmd
}

func runImport(env *Env, o *importOptions) error {
	for _, f := range o.files {
		if strings.EqualFold(filepath.Ext(f), ".qdpx") {
			if len(o.files) != 1 || o.meta != (coding.SourceMeta{}) || o.force {
				return usagef("a .qdpx project is imported on its own, without --city, --group, --date, --language, --name or --force")
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
	prog := env.progress("reading", len(o.files))
	imported, err := p.ImportTranscripts(env.ctx(), files, project.ImportOptions{Force: o.force, Progress: prog.step})
	prog.done()
	if err != nil {
		return fmt.Errorf("%w; nothing was imported", diskFull(err, o.project))
	}
	t := newTable("source", "format", "turns", "sentences", "speakers", "words").alignRight(2, 3, 4, 5)
	for _, im := range imported {
		src := im.Source
		t.add(src.Name, src.Format+" "+src.Encoding, itoa(im.Turns), itoa(im.Sentences), itoa(im.Speakers), itoa(coding.WordCount(src.Text)))
	}
	fmt.Fprintf(env.Out, "imported %d source(s) into %s\n", len(imported), o.project)
	if err := t.print(env); err != nil {
		return err
	}
	srcs := make([]coding.Source, len(imported))
	for i := range imported {
		srcs[i] = imported[i].Source
	}
	return warnAfterImport(env, p.Store(), o.project, srcs)
}
