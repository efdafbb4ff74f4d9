package main

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/redact"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

func newRedactCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "redact",
		Short: "Find identifiers in the transcripts and keep the project's identifier list",
		Long: `Every output passes an identifier screen: roster pseudonyms and names, speaker
labels that look like names, the project's identifier list, and e-mail
addresses, phone numbers, URLs and @handles are replaced by a replacement or a
neutral placeholder ([name], [place], [org], [email], [phone], [url], [handle]).

  redact suggest P        candidate identifiers found in the transcripts
  redact add P TERM       put a term on the list (--as REPLACEMENT, --kind KIND)
  redact list P           the list
  redact remove P TERM    take a term off the list`,
		Args: exactArgs(0, "a subcommand (suggest, add, list, remove)"),
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newRedactSuggestCmd(env, nil), newRedactAddCmd(env, nil), newRedactListCmd(env, nil), newRedactRemoveCmd(env, nil))
	return cmd
}

func newRedactSuggestCmd(env *Env, runF func(*listOptions) error) *cobra.Command {
	o := &listOptions{}
	cmd := &cobra.Command{
		Use:   "suggest PROJECT",
		Short: "List candidate identifiers found in the transcripts: term, kind, count, sources",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runRedactSuggest(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	return cmd
}

func runRedactSuggest(env *Env, o *listOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.SuggestIdentifiers()
	if err != nil {
		return err
	}
	if o.json {
		if list == nil {
			list = []redact.Suggestion{}
		}
		return env.printJSON(list)
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Out, "no candidate identifiers found")
		return nil
	}
	t := newTable("term", "kind", "count", "found by", "listed", "sources").alignRight(2)
	for _, sg := range list {
		listed := ""
		if sg.Listed {
			listed = "yes"
		}
		t.add(clean(sg.Term), string(sg.Kind), strconv.Itoa(sg.Count), sg.Found, listed, clean(strings.Join(sg.Sources, ", ")))
	}
	if err := t.print(env); err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "%s; add one with `fieldwork redact add %s TERM [--as REPLACEMENT]`\n", plural.Count(len(list), "candidate", "candidates"), o.project)
	return nil
}

type redactAddOptions struct {
	project, term, as, kind string
	keep                    bool
}

func newRedactAddCmd(env *Env, runF func(*redactAddOptions) error) *cobra.Command {
	o := &redactAddOptions{}
	cmd := &cobra.Command{
		Use:   "add PROJECT TERM [--as REPLACEMENT] [--kind KIND]",
		Short: "Put a term on the identifier list; outputs then show its replacement",
		Args:  exactArgs(2, "PROJECT and TERM"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.term = args[0], args[1]
			if runF != nil {
				return runF(o)
			}
			return runRedactAdd(env, o)
		},
	}
	cmd.Flags().StringVar(&o.as, "as", "", "the replacement (default: the kind's placeholder, e.g. [name])")
	cmd.Flags().StringVar(&o.kind, "kind", "name", "name, place, org, email, phone, url or handle")
	cmd.Flags().BoolVar(&o.keep, "keep", false, "never replace TERM: a public institution or the host country the scan takes for an identifier")
	return cmd
}

func runRedactAdd(env *Env, o *redactAddOptions) error {
	kind, err := redact.ParseKind(o.kind)
	if err != nil {
		return usagef("--kind: %v", err)
	}
	if o.keep {
		if o.as != "" {
			return usagef("--keep and --as: a kept term has no replacement")
		}
		kind = redact.KindKeep
	}
	if strings.TrimSpace(o.term) == "" {
		return usagef("redact add: the term is empty")
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	id, err := s.AddIdentifier(o.term, o.as, kind)
	if err != nil {
		return err
	}
	if id.Kind == redact.KindKeep {
		fmt.Fprintf(env.Out, "%q will be kept as written in every output\n", clean(id.Term))
		return nil
	}
	rep := id.Replacement
	if rep == "" {
		rep = redact.Placeholder(id.Kind)
	}
	fmt.Fprintf(env.Out, "%q (%s) will show as %q\n", clean(id.Term), id.Kind, clean(rep))
	return nil
}

func newRedactListCmd(env *Env, runF func(*listOptions) error) *cobra.Command {
	o := &listOptions{}
	cmd := &cobra.Command{
		Use:   "list PROJECT",
		Short: "Show the identifier list",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runRedactList(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	return cmd
}

type identifierJSON struct {
	Term        string `json:"term"`
	Replacement string `json:"replacement"`
	Kind        string `json:"kind"`
	AddedBy     string `json:"added_by"`
	AddedAt     string `json:"added_at"`
}

func runRedactList(env *Env, o *listOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.Identifiers()
	if err != nil {
		return err
	}
	if o.json {
		out := make([]identifierJSON, 0, len(list))
		for _, id := range list {
			out = append(out, identifierJSON{id.Term, id.Replacement, string(id.Kind), id.AddedBy, id.Added.Format(time.RFC3339)})
		}
		return env.printJSON(out)
	}
	if len(list) == 0 {
		fmt.Fprintf(env.Out, "the identifier list is empty; see `fieldwork redact suggest %s`\n", o.project)
		return nil
	}
	t := newTable("term", "kind", "shows as", "added by", "added")
	for _, id := range list {
		rep := id.Replacement
		if rep == "" {
			rep = redact.Placeholder(id.Kind)
		}
		t.add(clean(id.Term), string(id.Kind), clean(rep), clean(id.AddedBy), id.Added.Format("2006-01-02"))
	}
	return t.print(env)
}

// redactRemoveOptions are the arguments of `redact remove`.
type redactRemoveOptions struct{ project, term string }

func newRedactRemoveCmd(env *Env, runF func(*redactRemoveOptions) error) *cobra.Command {
	o := &redactRemoveOptions{}
	return &cobra.Command{
		Use:   "remove PROJECT TERM",
		Short: "Take a term off the identifier list",
		Args:  exactArgs(2, "PROJECT and TERM"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.term = args[0], args[1]
			if runF != nil {
				return runF(o)
			}
			return runRedactRemove(env, o)
		},
	}
}

func runRedactRemove(env *Env, o *redactRemoveOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.RemoveIdentifier(o.term); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("%s: %w", o.project, err)
		}
		return err
	}
	fmt.Fprintf(env.Out, "removed %q from the identifier list\n", clean(o.term))
	return nil
}

// warnAfterImport tells the researcher, on stderr, what an import brought
// in that identifies someone or should not be there: labels that look like
// names (warnNameLabels) and the words of participants who withdrew.
func warnAfterImport(env *Env, s *store.Store, project string, srcs []coding.Source) error {
	ids := make([]int64, len(srcs))
	for i, src := range srcs {
		ids[i] = src.ID
	}
	back, err := s.WithdrawnSpeakers(ids)
	if err != nil {
		return err
	}
	refs := make([]string, 0, len(back))
	for ref := range back {
		refs = append(refs, ref)
	}
	sort.Strings(refs)
	for _, ref := range refs {
		fmt.Fprintf(env.Err, "warning: %s to %s, who withdrew; erase them with `fieldwork participants withdraw %s %s --note ...`\n",
			plural.Count(back[ref], "turn just imported belongs", "turns just imported belong"), ref, project, ref)
	}
	return warnNameLabels(env, s, project)
}

// warnNameLabels tells the researcher, on stderr, which speaker labels
// without a roster entry look like personal names, and suggests the roster
// that binds them. Outputs show their opaque ids, never the labels.
func warnNameLabels(env *Env, s *store.Store, project string) error {
	list, err := s.NameLikeLabels()
	if err != nil || len(list) == 0 {
		return err
	}
	fmt.Fprintf(env.Err, "\n%s like personal names and no roster names them; outputs show their ids:\n", plural.Count(len(list), "speaker label looks", "speaker labels look"))
	for _, u := range list {
		fmt.Fprintf(env.Err, "  %-24s group %s, shown as %s\n", clean(u.Label), clean(u.Group), u.Participant)
	}
	fmt.Fprintf(env.Err, "Bind them with a roster (fill in the ids), then `fieldwork participants import %s roster.csv`:\n\n", project)
	fmt.Fprintln(env.Err, "id,group,label")
	for _, u := range list {
		fmt.Fprintf(env.Err, ",%s,%s\n", csvField(u.Group), csvField(u.Label))
	}
	return nil
}

// csvField quotes a CSV field when it needs it.
func csvField(s string) string {
	s = clean(s)
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
