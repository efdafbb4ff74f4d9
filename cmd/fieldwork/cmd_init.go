package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

type initOptions struct {
	project  string
	codebook string
}

func newInitCmd(env *Env, runF func(*initOptions) error) *cobra.Command {
	o := &initOptions{}
	cmd := &cobra.Command{
		Use:   "init PROJECT",
		Short: "Create a new project file (encrypted when a passphrase is given)",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runInit(env, o)
		},
	}
	cmd.Flags().StringVar(&o.codebook, "codebook", "starter", "starter (the study's three themes) or empty")
	return cmd
}

func runInit(env *Env, o *initOptions) error {
	if o.codebook != "starter" && o.codebook != "empty" {
		return usagef("--codebook must be starter or empty, not %q", o.codebook)
	}
	pass, err := env.passphrase()
	if err != nil {
		return err
	}
	s, err := store.Create(o.project, store.Options{Passphrase: pass})
	if err != nil {
		return err
	}
	defer s.Close()
	n := 0
	if o.codebook == "starter" {
		if n, _, err = s.ImportCodebook(coding.StarterCodebook()); err != nil {
			return err
		}
	}
	enc := "not encrypted"
	if pass != "" {
		enc = "encrypted"
	}
	fmt.Fprintf(env.Out, "created %s (%s) with %d codes\n", o.project, enc, n)
	return nil
}
