package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

type configOptions struct {
	project   string
	title     string
	setTitle  bool
	coders    []string
	setCoders bool
	allCoders bool
	json      bool
}

func newConfigCmd(env *Env, runF func(*configOptions) error) *cobra.Command {
	o := &configOptions{}
	cmd := &cobra.Command{
		Use:   "config PROJECT [--title TITLE] [--coders NAME,...|--all-coders]",
		Short: "Show or change the project's settings: its title and the coders tables count by default",
		Long: `Show or change the project's settings, kept in the project file.

  --title TITLE       the title reports use (report --title overrides it; "" removes it)
  --coders lea,sam    the coders every table and report counts by default, so that a
                      coder who only tried the workbench does not change a report
                      (--coder overrides them); each must have codings
  --all-coders        count every coder again

Without a flag it prints the settings.`,
		Args: exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			o.setTitle = cmd.Flags().Changed("title")
			o.setCoders = cmd.Flags().Changed("coders")
			if runF != nil {
				return runF(o)
			}
			return runConfig(env, o)
		},
	}
	cmd.Flags().StringVar(&o.title, "title", "", "the project's title, used by reports")
	cmd.Flags().StringSliceVar(&o.coders, "coders", nil, "the coders tables and reports count by default (comma-separated)")
	cmd.Flags().BoolVar(&o.allCoders, "all-coders", false, "count every coder by default (forget --coders)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the settings as JSON")
	return cmd
}

// settingsJSON is `config --json`.
type settingsJSON struct {
	Title  string   `json:"title"`
	Coders []string `json:"coders"`
}

func runConfig(env *Env, o *configOptions) error {
	if o.setCoders && o.allCoders {
		return usagef("--coders and --all-coders: give one")
	}
	if o.setCoders && len(o.coders) == 0 {
		return usagef("--coders: name at least one coder (--all-coders counts every coder)")
	}
	p, err := env.project(o.project)
	if err != nil {
		return err
	}
	defer p.Close()
	var ch project.SettingsChange
	if o.setTitle {
		ch.Title = &o.title
	}
	if o.setCoders {
		ch.Coders = &o.coders
	}
	if o.allCoders {
		ch.Coders = &[]string{}
	}
	var set store.Settings
	if ch.Title != nil || ch.Coders != nil {
		set, err = p.ChangeSettings(env.ctx(), ch, env.coder(""))
	} else {
		set, err = p.Store().Settings()
	}
	if err != nil {
		return asUsage(err)
	}
	if o.json {
		j := settingsJSON{Title: set.Title, Coders: set.Coders}
		if j.Coders == nil {
			j.Coders = []string{}
		}
		return env.printJSON(j)
	}
	title := set.Title
	if title == "" {
		title = "(none: reports say \"Needs assessment: \" and the file name)"
	}
	coders := strings.Join(set.Coders, ", ")
	if coders == "" {
		coders = "(every coder)"
	}
	t := newTable("setting", "value")
	t.add("title", title)
	t.add("coders", coders)
	if err := t.print(env); err != nil {
		return err
	}
	if ch.Title != nil || ch.Coders != nil {
		fmt.Fprintf(env.Out, "saved in %s\n", o.project)
	}
	return nil
}
