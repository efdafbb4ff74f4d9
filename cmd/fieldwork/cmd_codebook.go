package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

func newCodebookCmd(env *Env) *cobra.Command {
	o := &listOptions{}
	cmd := &cobra.Command{
		Use:   "codebook PROJECT",
		Short: "Show the codebook tree with coding counts; add, rename, move, merge, delete, export, import",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			return runCodebook(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	cmd.AddCommand(newCodeAddCmd(env), newCodeSetCmd(env), newCodeRenameCmd(env), newCodeMoveCmd(env),
		newCodeMergeCmd(env), newCodeDeleteCmd(env), newCodebookExportCmd(env), newCodebookImportCmd(env))
	return cmd
}

type codeJSON struct {
	Path       string `json:"path"`
	Name       string `json:"name"`
	Parent     string `json:"parent"`
	Definition string `json:"definition"`
	Inclusion  string `json:"inclusion"`
	Exclusion  string `json:"exclusion"`
	Color      string `json:"color"`
	Codings    int    `json:"codings"`
	Total      int    `json:"codings_with_subcodes"`
	Need       bool   `json:"need"`
}

func runCodebook(env *Env, o *listOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	cb, err := s.Codebook()
	if err != nil {
		return err
	}
	if o.json {
		out := make([]codeJSON, 0, len(cb))
		for _, c := range cb {
			parent := ""
			if i := strings.LastIndex(c.Path, "/"); i >= 0 {
				parent = c.Path[:i]
			}
			out = append(out, codeJSON{Path: c.Path, Name: c.Name, Parent: parent, Definition: c.Definition,
				Inclusion: c.Inclusion, Exclusion: c.Exclusion, Color: c.Color, Codings: c.Codings, Total: c.Total, Need: c.Need})
		}
		return env.printJSON(out)
	}
	if len(cb) == 0 {
		fmt.Fprintf(env.Out, "the codebook is empty: add a code with `fieldwork codebook add %s \"Theme/Sub-code\"`\n", o.project)
		return nil
	}
	// Tree drawing: each code's prefix shows whether its ancestors have
	// siblings still to come.
	last := make([]bool, len(cb))
	for i := range cb {
		last[i] = true
		for j := i + 1; j < len(cb); j++ {
			if cb[j].Depth < cb[i].Depth {
				break
			}
			if cb[j].Depth == cb[i].Depth {
				last[i] = false
				break
			}
		}
	}
	t := newTable("code", "codings", "colour").alignRight(1)
	var open []bool
	for i, c := range cb {
		open = append(open[:c.Depth], !last[i])
		var b strings.Builder
		for d := 0; d < c.Depth; d++ {
			if d == c.Depth-1 {
				if last[i] {
					b.WriteString("└─ ")
				} else {
					b.WriteString("├─ ")
				}
			} else if open[d+1] {
				b.WriteString("│  ")
			} else {
				b.WriteString("   ")
			}
		}
		count := itoa(c.Codings)
		if c.Total != c.Codings {
			count = fmt.Sprintf("%d (%d)", c.Codings, c.Total)
		}
		t.add(b.String()+c.Name, count, c.Color)
	}
	if err := t.print(env); err != nil {
		return err
	}
	fmt.Fprintln(env.Out, env.styles().dim.Render("codings: on the code itself (with its sub-codes)"))
	return nil
}

type codeFieldFlags struct {
	definition, inclusion, exclusion, example, color string
	need                                             bool
}

func (f *codeFieldFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.definition, "definition", "", "one-line definition")
	fl.StringVar(&f.inclusion, "inclusion", "", "inclusion criteria")
	fl.StringVar(&f.exclusion, "exclusion", "", "exclusion criteria")
	fl.StringVar(&f.example, "example", "", "an example")
	fl.StringVar(&f.color, "color", "", "colour as #rrggbb")
	fl.BoolVar(&f.need, "need", false, "mark the code as a need for the needs-assessment table (--need=false unmarks)")
}

// fields returns only the flags the user gave.
func (f *codeFieldFlags) fields(cmd *cobra.Command) store.CodeFields {
	var out store.CodeFields
	set := func(name string, v string, dst **string) {
		if cmd.Flags().Changed(name) {
			*dst = &v
		}
	}
	set("definition", f.definition, &out.Definition)
	set("inclusion", f.inclusion, &out.Inclusion)
	set("exclusion", f.exclusion, &out.Exclusion)
	set("example", f.example, &out.Example)
	set("color", f.color, &out.Color)
	if cmd.Flags().Changed("need") {
		need := f.need
		out.Need = &need
	}
	return out
}

func newCodeAddCmd(env *Env) *cobra.Command {
	f := &codeFieldFlags{}
	cmd := &cobra.Command{
		Use:   `add PROJECT "Theme/Sub-code"`,
		Short: "Add a code by path; missing parents are created",
		Args:  exactArgs(2, "PROJECT and a code PATH"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.color != "" && !coding.ValidColor(f.color) {
				return usagef("--color %q is not #rrggbb", f.color)
			}
			s, err := env.open(args[0])
			if err != nil {
				return err
			}
			defer s.Close()
			c, err := s.AddCode(args[1], f.fields(cmd))
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Out, "added %s\n", c.Path)
			return nil
		},
	}
	f.register(cmd)
	return cmd
}

func newCodeSetCmd(env *Env) *cobra.Command {
	f := &codeFieldFlags{}
	cmd := &cobra.Command{
		Use:   "set PROJECT CODE",
		Short: "Edit a code's definition, criteria, example or colour, or mark it as a need",
		Args:  exactArgs(2, "PROJECT and CODE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.color != "" && !coding.ValidColor(f.color) {
				return usagef("--color %q is not #rrggbb", f.color)
			}
			s, err := env.open(args[0])
			if err != nil {
				return err
			}
			defer s.Close()
			c, err := s.UpdateCode(args[1], f.fields(cmd))
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Out, "updated %s\n", c.Path)
			return nil
		},
	}
	f.register(cmd)
	return cmd
}

func newCodeRenameCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "rename PROJECT CODE NEW_NAME",
		Short: "Rename a code (its place in the tree stays)",
		Args:  exactArgs(3, "PROJECT, CODE and NEW_NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := env.open(args[0])
			if err != nil {
				return err
			}
			defer s.Close()
			c, err := s.RenameCode(args[1], args[2])
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Out, "renamed to %s\n", c.Path)
			return nil
		},
	}
}

func newCodeMoveCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "move PROJECT CODE NEW_PARENT",
		Short: `Move a code with its sub-codes under another code ("/" makes it a theme)`,
		Args:  exactArgs(3, "PROJECT, CODE and NEW_PARENT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := env.open(args[0])
			if err != nil {
				return err
			}
			defer s.Close()
			c, err := s.MoveCode(args[1], args[2])
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Out, "moved to %s\n", c.Path)
			return nil
		},
	}
}

func newCodeMergeCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "merge PROJECT FROM INTO",
		Short: "Merge code FROM into INTO: codings and sub-codes move, FROM is deleted",
		Args:  exactArgs(3, "PROJECT, FROM and INTO"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := env.open(args[0])
			if err != nil {
				return err
			}
			defer s.Close()
			n, err := s.MergeCode(args[1], args[2])
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Out, "merged %s into %s (%d coding(s) moved)\n", args[1], args[2], n)
			return nil
		},
	}
}

func newCodeDeleteCmd(env *Env) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "delete PROJECT CODE",
		Short: "Delete a code; one in use or with sub-codes needs --force",
		Args:  exactArgs(2, "PROJECT and CODE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := env.open(args[0])
			if err != nil {
				return err
			}
			defer s.Close()
			n, err := s.DeleteCode(args[1], force)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Out, "deleted %s (%d coding(s) deleted)\n", args[1], n)
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "delete even if in use, with its codings and sub-codes")
	return cmd
}

func newCodebookExportCmd(env *Env) *cobra.Command {
	var out, format string
	cmd := &cobra.Command{
		Use:   "export PROJECT",
		Short: "Write the codebook as JSON, or REFI-QDA .qdc/.qdpx (to stdout, or --out FILE)",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			fm, err := codebookExportFormat(format, out)
			if err != nil {
				return err
			}
			if fm != "json" {
				return runCodebookExportREFI(env, args[0], fm, out)
			}
			s, err := env.open(args[0])
			if err != nil {
				return err
			}
			defer s.Close()
			cb, err := s.ExportCodebook()
			if err != nil {
				return err
			}
			if out == "" {
				return env.printJSON(cb)
			}
			f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
			if err != nil {
				return err
			}
			e := *env
			e.Out = f
			if err := e.printJSON(cb); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			fmt.Fprintf(env.Out, "wrote %d codes to %s\n", len(cb.Codes), out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "file to write")
	cmd.Flags().StringVar(&format, "format", "", "json, qdc or qdpx (default: from --out's extension, else json)")
	return cmd
}

func newCodebookImportCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "import PROJECT CODEBOOK.json|.qdc|.qdpx",
		Short: "Add a codebook's codes (JSON, or REFI-QDA .qdc/.qdpx); existing codes get its definitions and colours",
		Args:  exactArgs(2, "PROJECT and a CODEBOOK (.json, .qdc or .qdpx)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if ext := strings.ToLower(filepath.Ext(args[1])); ext == ".qdc" || ext == ".qdpx" {
				return runCodebookImportREFI(env, args[0], args[1])
			}
			data, err := os.ReadFile(args[1])
			if err != nil {
				return err
			}
			cb, err := coding.ParseCodebook(data)
			if err != nil {
				return fmt.Errorf("%s: %w", args[1], err)
			}
			s, err := env.open(args[0])
			if err != nil {
				return err
			}
			defer s.Close()
			created, updated, err := s.ImportCodebook(cb)
			if err != nil {
				return fmt.Errorf("%s: %w; nothing was imported", args[1], err)
			}
			fmt.Fprintf(env.Out, "codebook %s: %d code(s) created, %d updated\n", args[1], created, updated)
			return nil
		},
	}
}
