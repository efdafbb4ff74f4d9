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
		"env FIELDWORK_CODER=e2e-coder TERM=xterm-256color "+bin+" code "+project+" --source toronto-fg; sleep 60")
	defer osexec.Command("tmux", "-S", sock, "kill-server").Run()

	session := "e2e"
	screen := func() string { return tmux("capture-pane", "-p", "-t", session) }
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
	// The program has quit when the shell is all that is left: the tab bar
	// disappears from the screen.
	deadline := time.Now().Add(10 * time.Second)
	for strings.Contains(screen(), "Codebook") {
		if time.Now().After(deadline) {
			t.Fatalf("fieldwork did not quit on q:\n%s", screen())
		}
		time.Sleep(100 * time.Millisecond)
	}

	// A second session killed with SIGKILL right after the screen says the
	// coding is saved: the coding must be in the file all the same.
	session = "killed"
	tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30",
		"env FIELDWORK_CODER=e2e-killed TERM=xterm-256color "+bin+" code "+project+" --source ottawa-fg; sleep 60")
	waitFor("coder e2e-killed")
	tmux("send-keys", "-t", session, "j")
	tmux("send-keys", "-t", session, "1")
	waitFor("» coded ")
	if out, err := osexec.Command("pkill", "-KILL", "-f", bin+" code").CombinedOutput(); err != nil {
		t.Fatalf("pkill: %v %s", err, out)
	}
	killed, err := osexec.Command(bin, "codings", project, "--coder", "e2e-killed", "--json").Output()
	if err != nil {
		t.Fatalf("codings after kill -9: %v", err)
	}
	var klist []codingJSON
	if err := json.Unmarshal(killed, &klist); err != nil || len(klist) != 1 || klist[0].Source != "ottawa-fg" {
		t.Fatalf("codings by e2e-killed after kill -9: %v %s", err, killed)
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
