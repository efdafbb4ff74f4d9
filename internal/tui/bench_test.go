package tui

import (
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

var benchVocab = strings.Fields(`we waited months for documents and the lawyer said legal aid would not cover
the appeal my family back home received calls from people who knew my address here the police
listened but did not understand transnational repression je ne parle plus de politique au téléphone
mentorship networking training and a secure platform would help us keep our organisation alive`)

// bigProject makes a project with one transcript of about 50,000 words and
// 5,000 codings over it, the size issue 3 sets for responsiveness.
func bigProject(b *testing.B) (*store.Store, string) {
	b.Helper()
	r := rand.New(rand.NewPCG(7, 8))
	var sb strings.Builder
	words := 0
	for words < 50_000 {
		if r.IntN(6) == 0 {
			sb.WriteString("Moderator: ")
		} else {
			fmt.Fprintf(&sb, "P%d: ", 1+r.IntN(9))
		}
		for s := 0; s < 1+r.IntN(6); s++ {
			n := 5 + r.IntN(15)
			for w := 0; w < n; w++ {
				if w > 0 {
					sb.WriteByte(' ')
				}
				sb.WriteString(benchVocab[r.IntN(len(benchVocab))])
			}
			words += n
			sb.WriteString(". ")
		}
		sb.WriteString("\n")
	}
	p := filepath.Join(b.TempDir(), "big.fwp")
	s, err := store.Create(p, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, _, err := s.ImportCodebook(coding.StarterCodebook()); err != nil {
		b.Fatal(err)
	}
	im, err := project.New(s).ImportTranscripts(b.Context(), []project.Transcript{{Path: "big.txt", Data: []byte(sb.String()),
		Meta: coding.SourceMeta{Group: "G"}}}, project.ImportOptions{})
	if err != nil {
		b.Fatal(err)
	}
	src := im[0].Source
	cb, _ := s.Codebook()
	var leaves []string
	for _, e := range cb {
		if e.Depth == 1 {
			leaves = append(leaves, e.Path)
		}
	}
	n := len([]rune(src.Text))
	ncs := make([]store.NewCoding, 5000)
	for i := range ncs {
		start := r.IntN(n - 400)
		ncs[i] = store.NewCoding{Source: "big", Code: leaves[r.IntN(len(leaves))], Start: start, End: start + 20 + r.IntN(300), Coder: []string{"lea", "sam"}[i%2]}
	}
	if _, err := s.ApplyAll(ncs); err != nil {
		b.Fatal(err)
	}
	return s, "big"
}

func benchApp(s *store.Store) *Model {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor) // draw colours, as on a real terminal
	m := New(Options{Store: s, Coder: "lea", Renderer: r, Now: func() time.Time { return time.Unix(0, 0) }})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return m
}

// BenchmarkOpenSource: load a 50,000-word transcript with 5,000 codings
// from the project file and draw the first screen (target: under 300 ms).
func BenchmarkOpenSource(b *testing.B) {
	s, name := bigProject(b)
	defer s.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := benchApp(s)
		m.Update(loadSourceCmd(s, name, -1)())
		if !m.coding.loaded() {
			b.Fatal("not loaded")
		}
		_ = m.View()
	}
}

// BenchmarkKeystroke: one cursor move (Update) and the redraw (View) on that
// transcript, alternating j and k (target: under 16 ms).
func BenchmarkKeystroke(b *testing.B) {
	s, name := bigProject(b)
	defer s.Close()
	m := benchApp(s)
	m.Update(loadSourceCmd(s, name, -1)())
	m.active = tabCoding
	// Start in the middle of the transcript.
	m.coding.moveCursor(len(m.coding.sents) / 2)
	keys := []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune{'j'}}, {Type: tea.KeyRunes, Runes: []rune{'k'}}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(keys[i%2])
		_ = m.View()
	}
}

// BenchmarkPageDown: a page down and redraw, the largest scroll.
func BenchmarkPageDown(b *testing.B) {
	s, name := bigProject(b)
	defer s.Close()
	m := benchApp(s)
	m.Update(loadSourceCmd(s, name, -1)())
	m.active = tabCoding
	keys := []tea.KeyMsg{{Type: tea.KeyPgDown}, {Type: tea.KeyPgUp}}
	m.coding.moveCursor(len(m.coding.sents) / 2)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(keys[i%2])
		_ = m.View()
	}
}

// BenchmarkApplyDone: taking a saved coding into the view (rebuilding the
// span index) and redrawing.
func BenchmarkApplyDone(b *testing.B) {
	s, name := bigProject(b)
	defer s.Close()
	m := benchApp(s)
	m.Update(loadSourceCmd(s, name, -1)())
	m.active = tabCoding
	c := m.coding.codings.list[0]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.c.hist = history{}
		m.Update(actionDoneMsg{act: action{kind: actApply, coding: c}})
		_ = m.View()
	}
}
