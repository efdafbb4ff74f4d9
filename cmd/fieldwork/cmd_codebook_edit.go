package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// codebookOptions are the arguments of the codebook's sub-commands: the code
// and, for rename, move and merge, the other name (the new name, the new
// parent, the code merged into).
type codebookOptions struct {
	project, code, other string
	fields               store.CodeFields
	force, parents       bool
	out, format          string
}

// codeArgs fills o from PROJECT CODE [OTHER].
func (o *codebookOptions) codeArgs(args []string) {
	o.project, o.code = args[0], args[1]
	if len(args) > 2 {
		o.other = args[2]
	}
}

// fieldsCmd is `codebook add` and `codebook set`: a code and its fields.
func fieldsCmd(use, short, args string, runF func(*codebookOptions) error) *cobra.Command {
	o := &codebookOptions{}
	f := &codeFieldFlags{}
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  exactArgs(2, args),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.color != "" && !coding.ValidColor(f.color) {
				return usagef("--color %q is not #rrggbb", f.color)
			}
			o.codeArgs(args)
			o.fields = f.fields(cmd)
			return runF(o)
		},
	}
	f.register(cmd)
	return cmd
}

// codeChange runs one change of the codebook on the open project.
func (env *Env) codeChange(o *codebookOptions, change func(*store.Store) (string, error)) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	msg, err := change(s)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Out, msg)
	return nil
}

func newCodeAddCmd(env *Env, runF func(*codebookOptions) error) *cobra.Command {
	var o *codebookOptions
	if runF == nil {
		runF = func(o *codebookOptions) error {
			return env.codeChange(o, func(s *store.Store) (string, error) {
				c, err := project.New(s).AddCode(o.code, o.fields, o.parents)
				return "added " + c.Path, asUsage(err)
			})
		}
	}
	cmd := fieldsCmd(`add PROJECT "Theme/Sub-code"`, "Add a code by path, under a code that exists (--parents creates missing ones)", "PROJECT and a code PATH",
		func(x *codebookOptions) error {
			x.parents = o.parents
			return runF(x)
		})
	o = &codebookOptions{}
	cmd.Flags().BoolVar(&o.parents, "parents", false, "create the parent codes the path names that do not exist yet")
	return cmd
}

func newCodeSetCmd(env *Env, runF func(*codebookOptions) error) *cobra.Command {
	if runF == nil {
		runF = func(o *codebookOptions) error {
			return env.codeChange(o, func(s *store.Store) (string, error) {
				c, err := s.UpdateCode(o.code, o.fields)
				return "updated " + c.Path, err
			})
		}
	}
	return fieldsCmd("set PROJECT CODE", "Edit a code's definition, criteria, example or colour, or mark it as a need", "PROJECT and CODE", runF)
}

// codeCmd is a codebook sub-command on PROJECT CODE and n-2 more arguments.
func codeCmd(use, short string, n int, args string, runF func(*codebookOptions) error) (*cobra.Command, *codebookOptions) {
	o := &codebookOptions{}
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  exactArgs(n, args),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.codeArgs(args)
			return runF(o)
		},
	}, o
}

func newCodeRenameCmd(env *Env, runF func(*codebookOptions) error) *cobra.Command {
	if runF == nil {
		runF = func(o *codebookOptions) error {
			return env.codeChange(o, func(s *store.Store) (string, error) {
				c, err := s.RenameCode(o.code, o.other)
				return "renamed to " + c.Path, err
			})
		}
	}
	cmd, _ := codeCmd("rename PROJECT CODE NEW_NAME", "Rename a code (its place in the tree stays)", 3, "PROJECT, CODE and NEW_NAME", runF)
	return cmd
}

func newCodeMoveCmd(env *Env, runF func(*codebookOptions) error) *cobra.Command {
	if runF == nil {
		runF = func(o *codebookOptions) error {
			return env.codeChange(o, func(s *store.Store) (string, error) {
				c, err := s.MoveCode(o.code, o.other)
				return "moved to " + c.Path, err
			})
		}
	}
	cmd, _ := codeCmd("move PROJECT CODE NEW_PARENT", `Move a code with its sub-codes under another code ("/" makes it a theme)`, 3, "PROJECT, CODE and NEW_PARENT", runF)
	return cmd
}

func newCodeMergeCmd(env *Env, runF func(*codebookOptions) error) *cobra.Command {
	if runF == nil {
		runF = func(o *codebookOptions) error {
			return env.codeChange(o, func(s *store.Store) (string, error) {
				n, err := s.MergeCode(o.code, o.other)
				return fmt.Sprintf("merged %s into %s (%s moved)", o.code, o.other, plural.Count(n, "coding", "codings")), err
			})
		}
	}
	cmd, _ := codeCmd("merge PROJECT FROM INTO", "Merge code FROM into INTO: codings and sub-codes move, FROM is deleted", 3, "PROJECT, FROM and INTO", runF)
	return cmd
}

func newCodeDeleteCmd(env *Env, runF func(*codebookOptions) error) *cobra.Command {
	if runF == nil {
		runF = func(o *codebookOptions) error {
			return env.codeChange(o, func(s *store.Store) (string, error) {
				n, err := s.DeleteCode(o.code, o.force)
				return fmt.Sprintf("deleted %s (%s deleted)", o.code, plural.Count(n, "coding", "codings")), err
			})
		}
	}
	cmd, o := codeCmd("delete PROJECT CODE", "Delete a code; one in use or with sub-codes needs --force", 2, "PROJECT and CODE", runF)
	cmd.Flags().BoolVar(&o.force, "force", false, "delete even if in use, with its codings and sub-codes")
	return cmd
}

func newCodebookExportCmd(env *Env, runF func(*codebookOptions) error) *cobra.Command {
	o := &codebookOptions{}
	cmd := &cobra.Command{
		Use:   "export PROJECT",
		Short: "Write the codebook as JSON, or REFI-QDA .qdc/.qdpx (to stdout, or --out FILE)",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runCodebookExport(env, o)
		},
	}
	cmd.Flags().StringVar(&o.out, "out", "", "file to write")
	cmd.Flags().StringVar(&o.format, "format", "", "json, qdc or qdpx (default: from --out's extension, else json)")
	return cmd
}

func runCodebookExport(env *Env, o *codebookOptions) error {
	fm, err := codebookExportFormat(o.format, o.out)
	if err != nil {
		return err
	}
	if fm != "json" {
		return runCodebookExportREFI(env, o.project, fm, o.out)
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	cb, err := s.ExportCodebook()
	if err != nil {
		return err
	}
	data, err := jsonBytes(cb)
	if err != nil {
		return err
	}
	if wrote, err := env.writeOut(o.out, data); !wrote || err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "wrote %s to %s\n", plural.Count(len(cb.Codes), "code", "codes"), o.out)
	return nil
}

func newCodebookImportCmd(env *Env, runF func(*codebookOptions) error) *cobra.Command {
	if runF == nil {
		runF = func(o *codebookOptions) error { return runCodebookImport(env, o) }
	}
	cmd, _ := codeCmd("import PROJECT CODEBOOK.json|.qdc|.qdpx|hrd-study", "Add a codebook's codes (JSON, REFI-QDA .qdc/.qdpx, or hrd-study: the starter); existing codes get its definitions and colours",
		2, "PROJECT and a CODEBOOK (.json, .qdc, .qdpx or hrd-study)", runF)
	return cmd
}

// runCodebookImport imports the codebook file named in o.code, or the
// starter codebook for "hrd-study" when no file has that name.
func runCodebookImport(env *Env, o *codebookOptions) error {
	if ext := strings.ToLower(filepath.Ext(o.code)); ext == ".qdc" || ext == ".qdpx" {
		return runCodebookImportREFI(env, o.project, o.code)
	}
	var cb coding.CodebookFile
	if _, err := os.Stat(o.code); errors.Is(err, os.ErrNotExist) && strings.EqualFold(o.code, starterName) {
		cb = coding.StarterCodebook()
	} else {
		data, err := os.ReadFile(o.code)
		if err != nil {
			return err
		}
		if cb, err = coding.ParseCodebook(data); err != nil {
			return fmt.Errorf("%s: %w", o.code, err)
		}
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	created, updated, err := s.ImportCodebook(cb)
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was imported", o.code, err)
	}
	fmt.Fprintf(env.Out, "codebook %s: %s created, %d updated\n", o.code, plural.Count(created, "code", "codes"), updated)
	return nil
}
