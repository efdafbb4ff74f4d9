package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/internal/store"
)

func newCodebookCmd(env *Env, runF func(*listOptions) error) *cobra.Command {
	o := &listOptions{}
	cmd := &cobra.Command{
		Use:   "codebook PROJECT",
		Short: "Show the codebook tree with coding counts; add, rename, move, merge, delete, export, import",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runCodebook(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	cmd.AddCommand(newCodeAddCmd(env, nil), newCodeSetCmd(env, nil), newCodeRenameCmd(env, nil), newCodeMoveCmd(env, nil),
		newCodeMergeCmd(env, nil), newCodeDeleteCmd(env, nil), newCodebookExportCmd(env, nil), newCodebookImportCmd(env, nil))
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
		fmt.Fprintf(env.Out, "the codebook is empty: add a theme and a code with `fieldwork codebook add %[1]s \"Theme/Sub-code\" --parents`, or bring the study's starter with `fieldwork codebook import %[1]s %[2]s`\n", o.project, starterName)
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
