package main

import (
	"encoding/json"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTUIEndToEnd drives the real binary in tmux, as a researcher would:
// open the demo project on a source, code the sentence under the cursor
// with the code picker, quit, and find the coding with `fieldwork codings
// --json`. It needs tmux; CI installs it and sets FIELDWORK_E2E=1 so that a
// missing tmux fails instead of skipping.
func TestTUIEndToEnd(t *testing.T) {
	if _, err := osexec.LookPath("tmux"); err != nil {
		if os.Getenv("FIELDWORK_E2E") != "" {
			t.Fatal("FIELDWORK_E2E is set but tmux is not installed")
		}
		t.Skip("tmux not installed (set FIELDWORK_E2E=1 to require it)")
	}
	if testing.Short() {
		t.Skip("short mode")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "fieldwork")
	build := osexec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	project := filepath.Join(dir, "demo.fwp")
	if out, err := osexec.Command(bin, "demo", "--out", project, "--no-tui").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	sock := filepath.Join(dir, "tmux.sock")
	tmux := func(args ...string) string {
		out, err := osexec.Command("tmux", append([]string{"-S", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	tmux("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30",
		"env FIELDWORK_CODER=e2e-coder TERM=xterm-256color "+bin+" code "+project+" --source toronto-fg; sleep 30")
	defer osexec.Command("tmux", "-S", sock, "kill-server").Run()

	screen := func() string { return tmux("capture-pane", "-p", "-t", "e2e") }
	waitFor := func(what string) string {
		deadline := time.Now().Add(15 * time.Second)
		for {
			s := screen()
			if strings.Contains(s, what) {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("waited 15s for %q; the screen shows:\n%s", what, s)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	waitFor("coder e2e-coder")
	tmux("send-keys", "-t", "e2e", "c")
	waitFor("Apply code")
	tmux("send-keys", "-t", "e2e", "-l", "peer support")
	time.Sleep(300 * time.Millisecond)
	tmux("send-keys", "-t", "e2e", "Enter")
	waitFor("coded Peer support")
	tmux("send-keys", "-t", "e2e", "q")
	// The program has quit when the shell's sleep is all that is left: the
	// tab bar disappears from the screen.
	deadline := time.Now().Add(10 * time.Second)
	for strings.Contains(screen(), "Codebook") {
		if time.Now().After(deadline) {
			t.Fatalf("fieldwork did not quit on q:\n%s", screen())
		}
		time.Sleep(100 * time.Millisecond)
	}

	out, err := osexec.Command(bin, "codings", project, "--coder", "e2e-coder", "--json").Output()
	if err != nil {
		t.Fatalf("codings: %v", err)
	}
	var list []codingJSON
	if err := json.Unmarshal(out, &list); err != nil {
		t.Fatalf("codings --json: %v\n%s", err, out)
	}
	if len(list) != 1 || list[0].Code != "Recognition and capacity building/Peer support" || list[0].Source != "toronto-fg" || list[0].Text == "" {
		t.Fatalf("codings by e2e-coder after the session: %+v", list)
	}
}
