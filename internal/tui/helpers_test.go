package tui

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/demo"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// demoProject is the demo project built once per test binary; every test
// works on its own copy (see openDemo).
var demoProject string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "fieldwork-tui-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	demoProject = filepath.Join(dir, "demo.fwp")
	if _, err := demo.Build(demoProject, store.Options{}, nil); err != nil {
		fmt.Fprintln(os.Stderr, "building the demo project:", err)
		return 1
	}
	return m.Run()
}

// fixedNow is the clock of every test app, so nothing time-dependent
// reaches a view or a golden file.
var fixedNow = time.Date(2026, 4, 2, 10, 30, 0, 0, time.UTC)

func fixedClock() time.Time { return fixedNow }

// openDemo opens a private copy of the demo project.
func openDemo(t testing.TB) *store.Store {
	t.Helper()
	b, err := os.ReadFile(demoProject)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "demo.fwp")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(p, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// plainRenderer renders no colour and no attributes at all.
func plainRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return r
}

// testCoder is the coder of every test app.
const testCoder = "tester"

// harness drives a Model synchronously: each message goes through Update
// and the commands it returns are run to completion, their messages fed
// back, depth first.
type harness struct {
	t    testing.TB
	s    *store.Store
	m    *Model
	quit bool // a command returned tea.QuitMsg
	msgs []tea.Msg
}

// newHarness builds the app on a fresh copy of the demo project at
// 100x30 and runs Init.
func newHarness(t testing.TB) *harness {
	t.Helper()
	s := openDemo(t)
	h := &harness{t: t, s: s, m: New(Options{Store: s, Coder: testCoder, Renderer: plainRenderer(), Now: fixedClock})}
	h.resize(100, 30)
	h.run(h.m.Init())
	return h
}

func (h *harness) resize(w, ht int) { h.send(tea.WindowSizeMsg{Width: w, Height: ht}) }

// send gives a message to Update and runs what it returns.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// run runs a command and everything that follows from it. Spinner ticks
// are dropped (they would tick for ever); batches and sequences are
// expanded in order.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	h.runDepth(cmd, 0)
}

func (h *harness) runDepth(cmd tea.Cmd, depth int) {
	h.t.Helper()
	if cmd == nil {
		return
	}
	if depth > 50 {
		h.t.Fatal("commands keep producing commands (loop?)")
	}
	if isTimer(cmd) {
		return
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
		return
	case spinner.TickMsg:
		return
	case tea.QuitMsg:
		h.quit = true
		return
	case tea.BatchMsg:
		for _, c := range msg {
			h.runDepth(c, depth+1)
		}
		return
	}
	// tea.Sequence's message is unexported: any slice of tea.Cmd.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		for i := 0; i < v.Len(); i++ {
			h.runDepth(v.Index(i).Interface().(tea.Cmd), depth+1)
		}
		return
	}
	h.msgs = append(h.msgs, msg)
	_, next := h.m.Update(msg)
	h.runDepth(next, depth+1)
}

// isTimer reports whether a command only waits to blink a text input's
// cursor (bubbles' cursor.BlinkCmd sleeps half a second, then asks for the
// next blink, for ever): the harness does not run it.
func isTimer(cmd tea.Cmd) bool {
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	return strings.HasPrefix(name, "github.com/charmbracelet/bubbles/cursor.")
}

// keyNames maps the names used in tests to key types.
var keyNames = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
	"up": tea.KeyUp, "down": tea.KeyDown, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
	"home": tea.KeyHome, "end": tea.KeyEnd, "backspace": tea.KeyBackspace, "delete": tea.KeyDelete, "space": tea.KeySpace,
	"ctrl+c": tea.KeyCtrlC, "ctrl+r": tea.KeyCtrlR, "ctrl+g": tea.KeyCtrlG, "ctrl+u": tea.KeyCtrlU,
	"ctrl+d": tea.KeyCtrlD,
}

// keyMsg turns a key name ("j", "enter", "ctrl+r") into a KeyMsg.
func keyMsg(name string) tea.KeyMsg {
	if t, ok := keyNames[name]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(name)}
}

// keys presses keys one by one.
func (h *harness) keys(names ...string) {
	h.t.Helper()
	for _, n := range names {
		h.send(keyMsg(n))
	}
}

// typeText types text rune by rune, as a terminal would.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// open opens a source in the coding view the way the app does.
func (h *harness) open(source string) {
	h.t.Helper()
	h.send(openSourceMsg{source: source, offset: -1})
	if h.m.active != tabCoding || !h.m.coding.loaded() || h.m.coding.src.Name != source {
		h.t.Fatalf("source %s did not open (err %v)", source, h.m.err)
	}
}

// noError fails when the app shows an error.
func (h *harness) noError() {
	h.t.Helper()
	if h.m.err != nil {
		h.t.Fatalf("the app shows an error: %v", h.m.err)
	}
}

// view is the plain View (no escape sequences are expected; any left are
// stripped).
func (h *harness) view() string { return ansi.Strip(h.m.View()) }

// cv is the coding view.
func (h *harness) cv() *codingView { return h.m.coding }

// sentence returns the text of sentence i of the open source.
func (h *harness) sentence(i int) string {
	v := h.cv()
	s := v.sents[i]
	return string(v.runes[s.Start:s.End])
}

// goToSentence puts the coding view's cursor on sentence i (through the
// keys g and j, so it is what a user would do).
func (h *harness) goToSentence(i int) {
	h.t.Helper()
	h.keys("g")
	for h.cv().cursor < i {
		before := h.cv().cursor
		h.keys("j")
		if h.cv().cursor == before {
			h.t.Fatalf("cannot reach sentence %d", i)
		}
	}
}

// firstSentenceWhere returns the first sentence index of the open source
// satisfying ok, or fails.
func (h *harness) firstSentenceWhere(ok func(i int) bool) int {
	h.t.Helper()
	for i := range h.cv().sents {
		if ok(i) {
			return i
		}
	}
	h.t.Fatal("no such sentence")
	return -1
}

// storeCodings lists the store's codings of a source by a coder.
func (h *harness) storeCodings(source, coder string) []coding.Coding {
	h.t.Helper()
	list, err := h.s.Codings(store.CodingFilter{Source: source, Coder: coder})
	if err != nil {
		h.t.Fatal(err)
	}
	return list
}

// findCoding returns the store's coding with exactly this span, code and
// coder.
func (h *harness) findCoding(source string, start, end int, code, coder string) (coding.Coding, bool) {
	h.t.Helper()
	for _, c := range h.storeCodings(source, coder) {
		if c.Start == start && c.End == end && c.Code == code {
			return c, true
		}
	}
	return coding.Coding{}, false
}

// storeMemos lists every memo of the store.
func (h *harness) storeMemos() []store.Memo {
	h.t.Helper()
	list, err := h.s.Memos()
	if err != nil {
		h.t.Fatal(err)
	}
	return list
}

// codebookEntry returns the store's codebook entry with this path.
func (h *harness) codebookEntry(path string) (store.CodebookEntry, bool) {
	h.t.Helper()
	cb, err := h.s.Codebook()
	if err != nil {
		h.t.Fatal(err)
	}
	for _, e := range cb {
		if e.Path == path {
			return e, true
		}
	}
	return store.CodebookEntry{}, false
}

// mustContain fails unless the view contains every string.
func mustContain(t testing.TB, view string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(view, w) {
			t.Errorf("view does not show %q:\n%s", w, view)
		}
	}
}
