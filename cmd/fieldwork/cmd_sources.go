package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/textfit"
)

type listOptions struct {
	project string
	json    bool
}

func newSourcesCmd(env *Env, runF func(*listOptions) error) *cobra.Command {
	o := &listOptions{}
	cmd := &cobra.Command{
		Use:   "sources PROJECT",
		Short: "List the project's sources",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runSources(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	return cmd
}

type sourceJSON struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Kind         string `json:"kind"`
	Format       string `json:"format"`
	City         string `json:"city"`
	Group        string `json:"group"`
	Date         string `json:"date"`
	Language     string `json:"language"`
	Turns        int    `json:"turns"`
	Words        int    `json:"words"`
	Participants int    `json:"participants"`
	Codings      int    `json:"codings"`
}

func runSources(env *Env, o *listOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.Sources()
	if err != nil {
		return err
	}
	if o.json {
		out := make([]sourceJSON, 0, len(list))
		for _, x := range list {
			out = append(out, sourceJSON{ID: x.ID, Name: x.Name, Kind: string(x.Kind), Format: x.Format, City: x.City,
				Group: x.Group, Date: x.Date, Language: x.Language, Turns: x.Turns, Words: x.Words,
				Participants: x.Participants, Codings: x.Codings})
		}
		return env.printJSON(out)
	}
	if len(list) == 0 {
		fmt.Fprintf(env.Out, "no sources in %s yet: add some with `fieldwork import %s FILE...`\n", o.project, o.project)
		return nil
	}
	t := newTable("id", "name", "format", "city", "group", "date", "lang", "turns", "words", "participants", "codings").alignRight(0, 7, 8, 9, 10)
	for _, x := range list {
		t.add(fmt.Sprint(x.ID), x.Name, x.Format, x.City, x.Group, x.Date, x.Language, itoa(x.Turns), itoa(x.Words), itoa(x.Participants), itoa(x.Codings))
	}
	return t.print(env)
}

type showOptions struct {
	project, source string
	json            bool
}

func newShowCmd(env *Env, runF func(*showOptions) error) *cobra.Command {
	o := &showOptions{}
	cmd := &cobra.Command{
		Use:   "show PROJECT SOURCE",
		Short: "Show a source: its speakers and turns with times",
		Args:  exactArgs(2, "PROJECT and SOURCE (name or id)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.source = args[0], args[1]
			if runF != nil {
				return runF(o)
			}
			return runShow(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print JSON")
	return cmd
}

type turnJSON struct {
	Index       int    `json:"index"`
	Speaker     string `json:"speaker"`
	Participant string `json:"participant"`
	Facilitator bool   `json:"facilitator"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	At          string `json:"at,omitempty"`
	Until       string `json:"until,omitempty"`
	Text        string `json:"text"`
}

type showJSON struct {
	sourceJSON
	Encoding  string     `json:"encoding"`
	Pages     int        `json:"pages,omitempty"`
	FileName  string     `json:"file_name"`
	Sentences int        `json:"sentences"`
	Turns     []turnJSON `json:"turns"`
}

// shown is a source with its turns and sentences, as `show` prints it.
type shown struct {
	src   *coding.Source
	turns []coding.Turn
	sents []coding.Sentence
	runes []rune
}

// text is the source's text from a to b (code points), "" when out of range.
func (x *shown) text(a, b int) string {
	if a < 0 || b > len(x.runes) || a > b {
		return ""
	}
	return string(x.runes[a:b])
}

func runShow(env *Env, o *showOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	x := &shown{}
	if x.src, err = s.Source(o.source); err != nil {
		return err
	}
	if x.turns, err = s.Turns(x.src.ID); err != nil {
		return err
	}
	if x.sents, err = s.Sentences(x.src.ID); err != nil {
		return err
	}
	x.runes = []rune(x.src.Text)
	if o.json {
		return env.printJSON(x.json())
	}
	st := env.styles()
	src := x.src
	how := src.Encoding
	if src.Pages > 0 {
		how = fmt.Sprintf("%d pages", src.Pages)
	}
	fmt.Fprintf(env.Out, "%s  %s\n", st.header.Render(textfit.Safe(src.Name)), st.dim.Render(textfit.Safe(strings.TrimSpace(fmt.Sprintf("%s %s %s %s %s, %s",
		src.City, src.Group, src.Date, src.Language, src.Format, how)))))
	fmt.Fprintf(env.Out, "%d turns, %d sentences, %d words\n\n", len(x.turns), len(x.sents), coding.WordCount(src.Text))
	if err := x.printSpeakers(env); err != nil {
		return err
	}
	fmt.Fprintln(env.Out)
	x.printTurns(env, st)
	return nil
}

func (x *shown) json() showJSON {
	src := x.src
	out := showJSON{Encoding: src.Encoding, Pages: src.Pages, FileName: src.FileName, Sentences: len(x.sents), Turns: []turnJSON{}}
	out.sourceJSON = sourceJSON{ID: src.ID, Name: src.Name, Kind: string(src.Kind), Format: src.Format, City: src.City,
		Group: src.Group, Date: src.Date, Language: src.Language}
	people := map[string]bool{}
	for _, t := range x.turns {
		tj := turnJSON{Index: t.Index, Speaker: t.Speaker, Participant: t.Participant, Facilitator: t.Facilitator,
			Start: t.Start, End: t.End, Text: x.text(t.Start, t.End)}
		if t.HasTime {
			tj.At = textfit.Clock(t.At)
			if t.Until > 0 {
				tj.Until = textfit.Clock(t.Until)
			}
		}
		if t.Participant != "" && !t.Facilitator {
			people[t.Participant] = true
		}
		out.Turns = append(out.Turns, tj)
	}
	out.sourceJSON.Turns, out.Participants = len(x.turns), len(people)
	out.Words = coding.WordCount(src.Text)
	return out
}

// printSpeakers prints one row per speaker label: its participant, role,
// turns and words.
func (x *shown) printSpeakers(env *Env) error {
	type spk struct {
		label, participant string
		fac                bool
		turns, words       int
	}
	byLabel := map[string]*spk{}
	for _, t := range x.turns {
		k := t.Speaker
		if byLabel[k] == nil {
			byLabel[k] = &spk{label: t.Speaker, participant: t.Participant, fac: t.Facilitator}
		}
		byLabel[k].turns++
		byLabel[k].words += coding.WordCount(x.text(t.Start, t.End))
	}
	var sp []*spk
	for _, v := range byLabel {
		sp = append(sp, v)
	}
	sort.Slice(sp, func(i, j int) bool { return sp[i].label < sp[j].label })
	t := newTable("speaker", "participant", "role", "turns", "words").alignRight(3, 4)
	for _, v := range sp {
		role := "participant"
		if v.fac {
			role = "facilitator"
		} else if v.label == "" {
			role = "(no label)"
		}
		t.add(v.label, v.participant, role, itoa(v.turns), itoa(v.words))
	}
	return t.print(env)
}

// printTurns prints every turn under its speaker (and cue time).
func (x *shown) printTurns(env *Env, st styles) {
	for _, tu := range x.turns {
		head := textfit.Safe(tu.Speaker)
		if head == "" {
			head = "(no label)"
		}
		if tu.Participant != "" && !strings.HasSuffix(tu.Participant, ":"+tu.Speaker) {
			head += " (" + tu.Participant + ")"
		}
		if tu.HasTime {
			head = textfit.Clock(tu.At) + "  " + head
		}
		if tu.Facilitator {
			head = st.dim.Render(head)
		} else {
			head = st.header.Render(head)
		}
		fmt.Fprintf(env.Out, "%s\n%s\n\n", head, indent(textfit.Safe(x.text(tu.Start, tu.End)), "  "))
	}
}

func indent(s, pre string) string {
	return pre + strings.ReplaceAll(s, "\n", "\n"+pre)
}
