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

// tmuxDriver runs the real binary in a private tmux server.
type tmuxDriver struct {
	t       *testing.T
	sock    string
	session string
}

func (d *tmuxDriver) run(args ...string) string {
	d.t.Helper()
	out, err := osexec.Command("tmux", append([]string{"-S", d.sock}, args...)...).CombinedOutput()
	if err != nil {
		d.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (d *tmuxDriver) screen() string { return d.run("capture-pane", "-p", "-t", d.session) }

// start opens a session running fieldwork code as coder on a source.
func (d *tmuxDriver) start(session, bin, project, coder, source string) {
	d.session = session
	d.run("new-session", "-d", "-s", session, "-x", "100", "-y", "30",
		"env FIELDWORK_CODER="+coder+" TERM=xterm-256color "+bin+" code "+project+" --source "+source+"; sleep 60")
}

func (d *tmuxDriver) keys(args ...string) {
	d.run(append([]string{"send-keys", "-t", d.session}, args...)...)
}

func (d *tmuxDriver) waitFor(what string) string {
	d.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s := d.screen()
		if strings.Contains(s, what) {
			return s
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("waited 15s for %q; the screen shows:\n%s", what, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// e2eBinary builds the binary and the demo project in dir.
func e2eBinary(t *testing.T, dir string) (bin, project string) {
	t.Helper()
	bin = filepath.Join(dir, "fieldwork")
	if out, err := osexec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	project = filepath.Join(dir, "demo.fwp")
	if out, err := osexec.Command(bin, "demo", "--out", project, "--no-tui").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	return bin, project
}

// codingsBy is the codings of a coder, read by the binary.
func codingsBy(t *testing.T, bin, project, coder string) []codingJSON {
	t.Helper()
	out, err := osexec.Command(bin, "codings", project, "--coder", coder, "--json").Output()
	if err != nil {
		t.Fatalf("codings: %v", err)
	}
	var list []codingJSON
	if err := json.Unmarshal(out, &list); err != nil {
		t.Fatalf("codings --json: %v\n%s", err, out)
	}
	return list
}

// TestTUIEndToEnd drives the real binary in tmux, as a researcher would:
// open the demo project on a source, code the sentence under the cursor
// with the code picker, quit, and find the coding with `fieldwork codings
// --json`. It needs tmux; CI installs it and sets FIELDWORK_E2E=1 so that a
// missing tmux fails instead of skipping.
func TestTUIEndToEnd(t *testing.T) {
	t.Parallel() // its own tmux server, binary and project
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
	bin, project := e2eBinary(t, dir)
	d := &tmuxDriver{t: t, sock: filepath.Join(dir, "tmux.sock")}
	d.start("e2e", bin, project, "e2e-coder", "toronto-fg")
	defer osexec.Command("tmux", "-S", d.sock, "kill-server").Run()
	d.waitFor("coder e2e-coder")
	d.keys("c")
	d.waitFor("Apply code")
	d.keys("-l", "peer support")
	time.Sleep(300 * time.Millisecond)
	d.keys("Enter")
	d.waitFor("coded Peer support")
	d.keys("q")
	// The program has quit when the shell is all that is left: the tab bar
	// disappears from the screen.
	deadline := time.Now().Add(10 * time.Second)
	for strings.Contains(d.screen(), "Codebook") {
		if time.Now().After(deadline) {
			t.Fatalf("fieldwork did not quit on q:\n%s", d.screen())
		}
		time.Sleep(100 * time.Millisecond)
	}

	// A second session killed with SIGKILL right after the screen says the
	// coding is saved: the coding must be in the file all the same.
	d.start("killed", bin, project, "e2e-killed", "ottawa-fg")
	d.waitFor("coder e2e-killed")
	d.keys("j")
	d.keys("1")
	d.waitFor("» coded ")
	if out, err := osexec.Command("pkill", "-KILL", "-f", bin+" code").CombinedOutput(); err != nil {
		t.Fatalf("pkill: %v %s", err, out)
	}
	if klist := codingsBy(t, bin, project, "e2e-killed"); len(klist) != 1 || klist[0].Source != "ottawa-fg" {
		t.Fatalf("codings by e2e-killed after kill -9: %+v", klist)
	}
	list := codingsBy(t, bin, project, "e2e-coder")
	if len(list) != 1 || list[0].Code != "Recognition and capacity building/Peer support" || list[0].Source != "toronto-fg" || list[0].Text == "" {
		t.Fatalf("codings by e2e-coder after the session: %+v", list)
	}
}
