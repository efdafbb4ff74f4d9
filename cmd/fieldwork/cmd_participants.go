package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
)

func newParticipantsCmd(env *Env, runF func(*listOptions) error) *cobra.Command {
	o := &listOptions{}
	cmd := &cobra.Command{
		Use:   "participants PROJECT",
		Short: "List participants; set attributes, import a roster, merge two ids",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runParticipants(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	cmd.AddCommand(newParticipantsSetCmd(env, nil), newParticipantsImportCmd(env, nil), newParticipantsMergeCmd(env, nil),
		newParticipantsWithdrawCmd(env, nil))
	return cmd
}

type participantJSON struct {
	ID          string            `json:"id"`
	Label       string            `json:"label"`
	Labels      []string          `json:"labels"`
	Group       string            `json:"group"`
	City        string            `json:"city"`
	Facilitator bool              `json:"facilitator"`
	Turns       int               `json:"turns"`
	Attributes  map[string]string `json:"attributes"`
}

func runParticipants(env *Env, o *listOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.Participants()
	if err != nil {
		return err
	}
	if o.json {
		out := make([]participantJSON, 0, len(list))
		for _, p := range list {
			labels := p.Labels
			if labels == nil {
				labels = []string{}
			}
			out = append(out, participantJSON{ID: p.ID, Label: strings.Join(labels, ", "), Labels: labels, Group: p.Group,
				City: p.City, Facilitator: p.Facilitator, Turns: p.Turns, Attributes: p.Attributes})
		}
		return env.printJSON(out)
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Out, "no participants yet: import a transcript or a roster")
		return nil
	}
	keys := map[string]bool{}
	for _, p := range list {
		for k := range p.Attributes {
			keys[k] = true
		}
	}
	attrs := make([]string, 0, len(keys))
	for k := range keys {
		attrs = append(attrs, k)
	}
	sort.Strings(attrs)
	header := append([]string{"id", "label", "group", "city", "role", "turns"}, attrs...)
	t := newTable(header...).alignRight(5)
	people := 0
	for _, p := range list {
		role := "participant"
		if p.Facilitator {
			role = "facilitator"
		} else {
			people++
		}
		row := []string{p.ID, strings.Join(p.Labels, ", "), p.Group, p.City, role, itoa(p.Turns)}
		for _, k := range attrs {
			row = append(row, p.Attributes[k])
		}
		t.add(row...)
	}
	if err := t.print(env); err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "%s and %s\n", plural.Count(people, "participant", "participants"), plural.Count(len(list)-people, "facilitator", "facilitators"))
	return nil
}

// participantOptions are the arguments of the participants' sub-commands.
type participantOptions struct {
	project, id, other string // other: ROSTER.csv for import, DROP_ID for merge
	attrs              map[string]string
}

func newParticipantsSetCmd(env *Env, runF func(*participantOptions) error) *cobra.Command {
	o := &participantOptions{}
	return &cobra.Command{
		Use:   "set PROJECT ID KEY=VALUE...",
		Short: "Set participant attributes (an empty value removes one; city= and facilitator= set those fields)",
		Args:  minArgs(3, "PROJECT, a participant ID and at least one KEY=VALUE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.id, o.attrs = args[0], args[1], map[string]string{}
			for _, kv := range args[2:] {
				k, v, ok := strings.Cut(kv, "=")
				k = strings.ToLower(strings.Join(strings.Fields(k), "_"))
				if !ok || k == "" {
					return usagef("%q is not KEY=VALUE", kv)
				}
				o.attrs[k] = strings.TrimSpace(v)
			}
			if runF != nil {
				return runF(o)
			}
			return runParticipantsSet(env, o)
		},
	}
}

func runParticipantsSet(env *Env, o *participantOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetAttributes(o.id, o.attrs); err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "set %s of %s\n", plural.Count(len(o.attrs), "attribute", "attributes"), o.id)
	return nil
}

func newParticipantsImportCmd(env *Env, runF func(*participantOptions) error) *cobra.Command {
	o := &participantOptions{}
	return &cobra.Command{
		Use:   "import PROJECT ROSTER.csv",
		Short: "Import a roster: ids, optional group+label binding, and attributes",
		Long: `Import a roster CSV with a header row. Columns: id (required); group and label,
which bind a transcript's speaker label in that group (such as "Speaker 1" in
OTT-1) to the participant; city; and any other column, kept as an attribute.
Speaker labels that no roster row names are listed afterwards.`,
		Args: exactArgs(2, "PROJECT and ROSTER.csv"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.other = args[0], args[1]
			if runF != nil {
				return runF(o)
			}
			return runRosterImport(env, o)
		},
	}
}

func runRosterImport(env *Env, o *participantOptions) error {
	f, err := os.Open(o.other)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := coding.ParseRoster(f, o.other)
	if err != nil {
		return err
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	rep, err := s.ImportRoster(rows)
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was imported", o.other, err)
	}
	fmt.Fprintf(env.Out, "roster %s: %s created, %d updated, %s bound\n",
		o.other, plural.Count(rep.Created, "participant", "participants"), rep.Updated, plural.Count(rep.Bound, "speaker label", "speaker labels"))
	if len(rep.Unmatched) > 0 {
		fmt.Fprintf(env.Out, "\n%s no roster row:\n", plural.Count(len(rep.Unmatched), "speaker label matches", "speaker labels match"))
		t := newTable("group", "label", "participant", "turns").alignRight(3)
		for _, u := range rep.Unmatched {
			t.add(u.Group, u.Label, u.Participant, itoa(u.Turns))
		}
		return t.print(env)
	}
	return nil
}

func newParticipantsMergeCmd(env *Env, runF func(*participantOptions) error) *cobra.Command {
	o := &participantOptions{}
	return &cobra.Command{
		Use:   "merge PROJECT KEEP_ID DROP_ID",
		Short: "Merge two participant ids that are the same person (DROP_ID's labels and turns go to KEEP_ID)",
		Args:  exactArgs(3, "PROJECT, KEEP_ID and DROP_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.id, o.other = args[0], args[1], args[2]
			if runF != nil {
				return runF(o)
			}
			return runParticipantsMerge(env, o)
		},
	}
}

func runParticipantsMerge(env *Env, o *participantOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.MergeParticipants(o.id, o.other); err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "merged %s into %s\n", o.other, o.id)
	return nil
}
