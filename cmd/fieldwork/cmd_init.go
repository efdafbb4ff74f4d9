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
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// starterName names the codebook that ships with fieldwork: the exiled
// human rights defenders study's three themes.
const starterName = "hrd-study"

type initOptions struct {
	project  string
	codebook string
}

func newInitCmd(env *Env, runF func(*initOptions) error) *cobra.Command {
	o := &initOptions{}
	cmd := &cobra.Command{
		Use:   "init PROJECT",
		Short: "Create a new project file with an empty codebook (encrypted when a passphrase is given)",
		Long: `Create a new project file. Its codebook is empty unless --codebook brings one:

  --codebook hrd-study      the starter codebook of the exiled human rights defenders
                            study: three themes and 17 codes, with definitions
  --codebook FILE           a codebook file: fieldwork's JSON (codebook export), or
                            REFI-QDA .qdc or .qdpx (from NVivo, ATLAS.ti, MAXQDA ...)`,
		Args: exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runInit(env, o)
		},
	}
	cmd.Flags().StringVar(&o.codebook, "codebook", "", starterName+" (the starter codebook) or a codebook file (.json, .qdc, .qdpx); empty by default")
	return cmd
}

func runInit(env *Env, o *initOptions) error {
	var cb *coding.CodebookFile
	refi := ""
	switch name := strings.TrimSpace(o.codebook); strings.ToLower(name) {
	case "", "empty":
	case starterName, "starter":
		s := coding.StarterCodebook()
		cb = &s
	default:
		if _, err := os.Stat(name); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return usagef("--codebook %q: neither %s nor a codebook file", name, starterName)
			}
			return err
		}
		switch strings.ToLower(filepath.Ext(name)) {
		case ".qdc", ".qdpx":
			refi = name
		default:
			data, err := os.ReadFile(name)
			if err != nil {
				return err
			}
			parsed, err := coding.ParseCodebook(data)
			if err != nil {
				return fmt.Errorf("%s: %w; no project was created", name, err)
			}
			cb = &parsed
		}
	}
	pass, err := env.passphrase()
	if err != nil {
		return err
	}
	s, err := store.Create(o.project, store.Options{Passphrase: pass})
	if err != nil {
		return err
	}
	n := 0
	if cb != nil {
		n, _, err = s.ImportCodebook(*cb)
	}
	s.Close()
	if err != nil {
		removeProject(o.project)
		return fmt.Errorf("%s: %w; no project was created", o.codebook, err)
	}
	enc := "not encrypted"
	if pass != "" {
		enc = "encrypted"
	}
	if refi != "" {
		if err := runCodebookImportREFI(env, o.project, refi); err != nil {
			removeProject(o.project)
			return fmt.Errorf("%w; no project was created", err)
		}
		fmt.Fprintf(env.Out, "created %s (%s) with the codebook of %s\n", o.project, enc, refi)
		return nil
	}
	what := "an empty codebook (add codes with `fieldwork codebook add`, or start from --codebook " + starterName + ")"
	if cb != nil {
		what = plural.Count(n, "code", "codes")
	}
	fmt.Fprintf(env.Out, "created %s (%s) with %s\n", o.project, enc, what)
	return nil
}

// removeProject removes a project file this command has just created, with
// its journal files, after a failed step: init makes all of it or nothing.
func removeProject(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}
