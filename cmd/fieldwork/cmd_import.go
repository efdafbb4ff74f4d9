package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/transcript"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

type importOptions struct {
	project string
	files   []string
	meta    coding.SourceMeta
	force   bool
}

func newImportCmd(env *Env) *cobra.Command {
	o := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import PROJECT FILE...",
		Short: "Import transcripts (.txt .md .vtt .srt .docx); all files or none",
		Long: `Import transcripts into the project in one transaction: if any file is refused,
nothing is imported. Speaker labels become participants of the focus group
(--group, else the source name); facilitator, moderator, interviewer and
animatrice labels are marked as facilitators.`,
		Args: minArgs(2, "PROJECT and at least one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.files = args[0], args[1:]
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
	if err := o.meta.Validate(); err != nil {
		return usageError{err}
	}
	if o.meta.Name != "" && len(o.files) > 1 {
		return usagef("--name names one source; give one FILE with it")
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	items := make([]store.NewSource, 0, len(o.files))
	names := map[string]string{}
	prog := env.progress("reading", len(o.files))
	for i, path := range o.files {
		prog.step(i+1, filepath.Base(path))
		data, err := os.ReadFile(path)
		if err != nil {
			prog.done()
			return fmt.Errorf("import %q: %w; nothing was imported", path, err)
		}
		doc, err := transcript.Read(filepath.Base(path), data)
		if err != nil {
			prog.done()
			return fmt.Errorf("%w; nothing was imported", err)
		}
		src, turns := coding.FromTranscript(path, doc, o.meta)
		if prev, dup := names[src.Name]; dup {
			prog.done()
			return fmt.Errorf("import %q: %q would also be named %q; import them separately with --name; nothing was imported", path, prev, src.Name)
		}
		names[src.Name] = path
		items = append(items, store.NewSource{Source: src, Turns: turns, Force: o.force})
	}
	prog.done()
	srcs, err := s.ImportSources(items)
	if err != nil {
		return fmt.Errorf("%w; nothing was imported", err)
	}
	t := newTable("source", "format", "turns", "sentences", "speakers", "words").alignRight(2, 3, 4, 5)
	for i, src := range srcs {
		speakers := map[string]bool{}
		for _, tu := range items[i].Turns {
			if tu.Speaker != "" {
				speakers[tu.Speaker] = true
			}
		}
		t.add(src.Name, src.Format+" "+src.Encoding, itoa(len(items[i].Turns)), itoa(len(items[i].Sentences)),
			itoa(len(speakers)), itoa(coding.WordCount(src.Text)))
	}
	fmt.Fprintf(env.Out, "imported %d source(s) into %s\n", len(srcs), o.project)
	if err := t.print(env); err != nil {
		return err
	}
	return warnAfterImport(env, s, o.project, srcs)
}
