package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/text/unicode/norm"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
	"github.com/fieldwork-qda/fieldwork/internal/textfit"
)

type applyOptions struct {
	project, source, code string
	start, end            int
	match                 string
	occurrence            int
	coder, memo           string
	json                  bool
}

func newApplyCmd(env *Env, runF func(*applyOptions) error) *cobra.Command {
	o := &applyOptions{}
	cmd := &cobra.Command{
		Use:   "apply PROJECT --source S --code PATH (--start N --end M | --match TEXT)",
		Short: "Code a span of a source (by code-point offsets or by quoting its text)",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			hasSpan := cmd.Flags().Changed("start") || cmd.Flags().Changed("end")
			if o.source == "" || o.code == "" {
				return usagef("apply needs --source and --code")
			}
			if hasSpan == (o.match != "") {
				return usagef("apply needs either --start and --end, or --match")
			}
			if hasSpan && !(cmd.Flags().Changed("start") && cmd.Flags().Changed("end")) {
				return usagef("give both --start and --end")
			}
			if runF != nil {
				return runF(o)
			}
			return runApply(env, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.source, "source", "", "source name or id")
	f.StringVar(&o.code, "code", "", `code path ("Theme/Sub-code") or a name only one code has`)
	f.IntVar(&o.start, "start", 0, "start offset in code points")
	f.IntVar(&o.end, "end", 0, "end offset in code points (exclusive)")
	f.StringVar(&o.match, "match", "", "code the place where this text occurs")
	f.IntVar(&o.occurrence, "occurrence", 0, "with --match: which occurrence (1, 2 ...) when the text occurs more than once")
	f.StringVar(&o.coder, "coder", "", "coder name (default $FIELDWORK_CODER, then the OS user)")
	f.StringVar(&o.memo, "memo", "", "a memo on the coding")
	f.BoolVar(&o.json, "json", false, "print the coding as JSON")
	return cmd
}

// findMatches returns the code-point offsets of every occurrence of needle.
func findMatches(text, needle string) []int {
	var out []int
	byteOff, runeOff := 0, 0
	for {
		i := strings.Index(text[byteOff:], needle)
		if i < 0 {
			return out
		}
		runeOff += len([]rune(text[byteOff : byteOff+i]))
		out = append(out, runeOff)
		byteOff += i + len(needle)
		runeOff += len([]rune(needle))
	}
}

func runApply(env *Env, o *applyOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	if o.match != "" {
		src, err := s.Source(o.source)
		if err != nil {
			return err
		}
		needle := norm.NFC.String(o.match)
		at := findMatches(src.Text, needle)
		switch {
		case len(at) == 0:
			return fmt.Errorf("apply: %q does not occur in source %q (the match is exact, case and punctuation included)", o.match, src.Name)
		case o.occurrence > len(at) || o.occurrence < 0:
			return fmt.Errorf("apply: %q occurs %s in %q; there is no occurrence %d", o.match, plural.Count(len(at), "time", "times"), src.Name, o.occurrence)
		case len(at) > 1 && o.occurrence == 0:
			pos := make([]string, len(at))
			for i, a := range at {
				pos[i] = strconv.Itoa(a)
			}
			return fmt.Errorf("apply: %q occurs %d times in %q (at %s); add --occurrence N or quote more text", o.match, len(at), src.Name, strings.Join(pos, ", "))
		}
		k := max(o.occurrence, 1) - 1
		o.start, o.end = at[k], at[k]+len([]rune(needle))
	}
	c, err := s.Apply(store.NewCoding{Source: o.source, Code: o.code, Start: o.start, End: o.end, Coder: env.coder(o.coder), Memo: o.memo})
	if err != nil {
		return err
	}
	list, err := s.Codings(store.CodingFilter{Source: fmt.Sprint(c.SourceID)})
	if err == nil {
		for _, x := range list {
			if x.ID == c.ID {
				c.Text = x.Text
			}
		}
	}
	if o.json {
		return env.printJSON(toCodingJSON(c))
	}
	fmt.Fprintf(env.Out, "coding %d: %s on %s %d-%d by %s: %q\n", c.ID, c.Code, c.Source, c.Start, c.End, c.Coder, textfit.Cell(c.Text, 80))
	return nil
}

// unapplyOptions are the arguments of `unapply`.
type unapplyOptions struct {
	project string
	id      int64
}

func newUnapplyCmd(env *Env, runF func(*unapplyOptions) error) *cobra.Command {
	o := &unapplyOptions{}
	return &cobra.Command{
		Use:   "unapply PROJECT CODING_ID",
		Short: "Remove one coding",
		Args:  exactArgs(2, "PROJECT and CODING_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[1], 10, 64)
			if err != nil {
				return usagef("coding id %q is not a number (see `fieldwork codings`)", args[1])
			}
			o.project, o.id = args[0], id
			if runF != nil {
				return runF(o)
			}
			return runUnapply(env, o)
		},
	}
}

func runUnapply(env *Env, o *unapplyOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := s.Unapply(o.id)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "removed coding %d: %s on %s %d-%d by %s\n", c.ID, c.Code, c.Source, c.Start, c.End, c.Coder)
	return nil
}

type codingJSON struct {
	ID     int64  `json:"id"`
	Source string `json:"source"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Code   string `json:"code"`
	Coder  string `json:"coder"`
	Text   string `json:"text"`
	Memo   string `json:"memo"`
}

func toCodingJSON(c coding.Coding) codingJSON {
	return codingJSON{ID: c.ID, Source: c.Source, Start: c.Start, End: c.End, Code: c.Code, Coder: c.Coder, Text: c.Text, Memo: c.Memo}
}

type codingsOptions struct {
	project          string
	filter           store.CodingFilter
	json             bool
	allowIdentifiers bool
}

func newCodingsCmd(env *Env, runF func(*codingsOptions) error) *cobra.Command {
	o := &codingsOptions{}
	cmd := &cobra.Command{
		Use:   "codings PROJECT [--source S] [--code PATH] [--coder NAME]",
		Short: "List codings with the text they code (screened for identifiers)",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runCodings(env, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.filter.Source, "source", "", "only this source")
	f.StringVar(&o.filter.Code, "code", "", "only this code and its sub-codes")
	f.StringVar(&o.filter.Coder, "coder", "", "only this coder")
	f.BoolVar(&o.json, "json", false, "print a JSON array")
	allowIdentifiersFlag(f, &o.allowIdentifiers)
	cmd.AddCommand(newCodingsImportCmd(env, nil), newCodingsExportCmd(env, nil))
	return cmd
}

func runCodings(env *Env, o *codingsOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.Codings(o.filter)
	if err != nil {
		return err
	}
	// The listing shows participants' words as the JSON does: screened,
	// since it is as easily pasted or piped into a file.
	sc, err := identifierScreen(project.New(s), o.allowIdentifiers)
	if err != nil {
		return err
	}
	for i := range list {
		list[i] = screenCoding(list[i], sc)
	}
	if o.json {
		out := make([]codingJSON, 0, len(list))
		for _, c := range list {
			out = append(out, toCodingJSON(c))
		}
		defer env.screenReport(sc, o.allowIdentifiers)
		return env.printJSON(out)
	}
	if len(list) > 0 {
		defer env.screenReport(sc, o.allowIdentifiers)
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Out, "no codings match")
		return nil
	}
	t := newTable("id", "source", "span", "code", "coder", "text").alignRight(0)
	for _, c := range list {
		t.add(fmt.Sprint(c.ID), c.Source, fmt.Sprintf("%d-%d", c.Start, c.End), c.Code, c.Coder, textfit.Cell(c.Text, 60))
	}
	if err := t.print(env); err != nil {
		return err
	}
	fmt.Fprintln(env.Out, plural.Count(len(list), "coding", "codings"))
	return nil
}
