package main

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/tui"
)

type codeOptions struct {
	project, coder, source, palette string
	// mask hides identifiers on screen (for screen sharing).
	mask bool
}

func newCodeCmd(env *Env, runF func(*codeOptions) error) *cobra.Command {
	o := &codeOptions{}
	cmd := &cobra.Command{
		Use:   "code PROJECT",
		Short: "Open the coding workbench (terminal UI) on a project",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runCode(env, o)
		},
	}
	cmd.Flags().StringVar(&o.coder, "coder", "", "coder name (default $FIELDWORK_CODER, then the OS user)")
	cmd.Flags().StringVar(&o.source, "source", "", "open this source (name or id) at once")
	cmd.Flags().StringVar(&o.palette, "palette", tui.DefaultPalette, "code colours: "+strings.Join(tui.Palettes(), ", "))
	cmd.Flags().BoolVar(&o.mask, "mask", false, "show every identifier masked (names, contact details), for sharing the screen")
	return cmd
}

func runCode(env *Env, o *codeOptions) error {
	if !tui.ValidPalette(o.palette) {
		return usageError{fmt.Errorf("code: no palette %q; choose one of %s", o.palette, strings.Join(tui.Palettes(), ", "))}
	}
	if !isTerminal(env.Out) {
		return fmt.Errorf("code: the coding workbench needs a terminal; use `fieldwork apply` and `fieldwork codings` in scripts")
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	var mask func(string) string
	if o.mask {
		sc, err := identifierScreen(project.New(s), false)
		if err != nil {
			return err
		}
		mask = sc.Mask
	}
	// The workbench turns its own spinner while a scan runs: a counter on
	// stderr would write over its screen.
	s.OnEntityScan(nil)
	// Under NO_COLOR the renderer keeps bold, underline and reverse video.
	r, noColor := tui.NewRenderer(env.Out)
	m := tui.New(tui.Options{Store: s, Coder: env.coder(o.coder), Source: o.source, Renderer: r, NoColor: noColor, Palette: o.palette, Mask: mask})
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithInput(env.In), tea.WithOutput(env.Out))
	_, err = p.Run()
	return err
}
