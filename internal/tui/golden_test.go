package tui

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// updateFlag is -update, which rewrites testdata/*.golden:
//
//	go test ./internal/tui -update
//
// teatest's golden package (linked into this test binary by teatest_test.go)
// already registers a flag of that name, and a second flag.Bool would
// panic, so the flag is looked up first and declared only when missing.
var updateFlag = lookupOrDeclareUpdate()

func lookupOrDeclareUpdate() *flag.Flag {
	if f := flag.Lookup("update"); f != nil {
		return f
	}
	flag.Bool("update", false, "rewrite the golden files in testdata")
	return flag.Lookup("update")
}

func updating() bool {
	g, ok := updateFlag.Value.(flag.Getter)
	if !ok {
		return false
	}
	b, _ := g.Get().(bool)
	return b
}

// checkGolden compares got with testdata/name.golden byte for byte, or
// rewrites the file under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/tui -update to create it)", err)
	}
	if string(want) == got {
		return
	}
	wl, gl := strings.Split(string(want), "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g || i >= len(wl) || i >= len(gl) {
			t.Fatalf("%s differs from the view at line %d (of %d, want %d):\nwant %q\ngot  %q\n\nthe whole view:\n%s\n(run go test ./internal/tui -update if the change is intended)",
				path, i+1, len(gl), len(wl), w, g, got)
		}
	}
	t.Fatalf("%s differs from the view (bytes)", path)
}

// goldenScreens are the views kept in testdata, each reached by keys.
var goldenScreens = []struct {
	name string
	size [2]int
	show func(h *harness)
}{
	{"sources", [2]int{100, 30}, func(h *harness) { h.keys("j") }},
	{"coding", [2]int{100, 30}, func(h *harness) {
		h.keys("j", "enter") // ottawa-fg
		h.keys("j", "j", "J", "v", "j", "1", "k")
	}},
	{"coding-80x24", [2]int{80, 24}, func(h *harness) {
		h.keys("j", "enter")
		h.keys("J", "J", "1", "/")
		h.typeText("refugee")
		h.keys("enter")
	}},
	{"coding-picker", [2]int{100, 30}, func(h *harness) {
		h.keys("j", "enter", "c")
		h.typeText("sur")
	}},
	{"codebook", [2]int{100, 30}, func(h *harness) { h.keys("tab", "tab", "j", "j") }},
	{"quotes", [2]int{100, 30}, func(h *harness) {
		h.run(h.m.switchTo(tabQuotes))
		h.typeText("Self-censorship")
		h.keys("enter", "j")
	}},
	{"memos", [2]int{100, 30}, func(h *harness) { h.keys("shift+tab", "shift+tab", "shift+tab", "j") }},
	{"compare", [2]int{100, 30}, func(h *harness) { h.keys("shift+tab", "shift+tab", "j") }},
	{"compare-160x45", [2]int{160, 45}, func(h *harness) { h.keys("shift+tab", "shift+tab", "G") }},
	{"identifiers", [2]int{100, 30}, func(h *harness) { h.run(h.m.switchTo(tabIdentifiers)); h.keys("j", "j") }},
	{"help", [2]int{100, 30}, func(h *harness) { h.keys("j", "enter", "?") }},
	{"help-80x24", [2]int{80, 24}, func(h *harness) { h.keys("?") }},
	{"help-120x40", [2]int{120, 40}, func(h *harness) { h.keys("?") }},
}

func TestGolden(t *testing.T) {
	for _, g := range goldenScreens {
		t.Run(g.name, func(t *testing.T) {
			h := newHarness(t)
			h.resize(g.size[0], g.size[1])
			g.show(h)
			h.noError()
			if h.m.loading {
				t.Fatal("still loading: the spinner would be in the view")
			}
			view := h.m.View()
			if strings.Contains(view, "\x1b") {
				t.Fatalf("the plain renderer left escape sequences: %q", view)
			}
			checkSize(t, view, g.size[0], g.size[1])
			checkGolden(t, g.name, view)
		})
	}
}

// TestGoldenIsStable renders a screen twice from scratch: nothing in a view
// may depend on the time, the order of a map or a previous test.
func TestGoldenIsStable(t *testing.T) {
	render := func() string {
		h := newHarness(t)
		h.keys("j", "enter", "1", "m")
		h.typeText("memo")
		h.keys("enter", "?", "esc")
		return h.m.View()
	}
	a, b := render(), render()
	if a != b {
		t.Fatalf("two runs differ:\n%s\n---\n%s", a, b)
	}
	if !strings.Contains(a, "saved "+fixedNow.Format("15:04:05")) {
		t.Errorf("the save time is not the fixed clock's:\n%s", a)
	}
}
