package main

import (
	"encoding/json"
	"fmt"
	"os"
	osexec "os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestTUIEndToEnd drives the real binary in tmux, as a researcher would:
// open the demo project on a source, code the sentence under the cursor
// with the code picker, quit, and find the coding with `fieldwork codings
// --json`; the same without colour; idle on the Quotes screen; scroll 40
// sources. It needs tmux; CI installs it and sets FIELDWORK_E2E=1 so that
// a missing tmux fails instead of skipping.
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
	bin := filepath.Join(dir, "fieldwork")
	build := osexec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	project := filepath.Join(dir, "demo.fwp")
	if out, err := osexec.Command(bin, "demo", "--out", project, "--no-tui").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	e := &e2e{t: t, bin: bin, sock: filepath.Join(dir, "tmux.sock")}
	defer osexec.Command("tmux", "-S", e.sock, "kill-server").Run()

	t.Run("code and quit", func(t *testing.T) { e.t = t; e2eCodeAndQuit(e, project) })
	t.Run("kill -9 keeps the coding", func(t *testing.T) { e.t = t; e2eKilled(e, project) })
	t.Run("NO_COLOR keeps reverse video", func(t *testing.T) { e.t = t; e2eNoColor(e, project) })
	t.Run("idle on Quotes costs no CPU", func(t *testing.T) { e.t = t; e2eQuotesIdle(e, project) })
	t.Run("40 sources scroll", func(t *testing.T) { e.t = t; e2eManySources(e, dir) })
	t.Run("compare, resolve and undo", func(t *testing.T) { e.t = t; e2eCompare(e, project) })
}

// e2e runs fieldwork sessions in one tmux server.
type e2e struct {
	t       *testing.T
	bin     string
	sock    string
	session string
}

func (e *e2e) tmux(args ...string) string {
	e.t.Helper()
	out, err := osexec.Command("tmux", append([]string{"-S", e.sock}, args...)...).CombinedOutput()
	if err != nil {
		e.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// start runs `fieldwork ARGS` in a new 100x30 session with the
// environment env; with keep, the pane stays after it quits.
func (e *e2e) start(session, env string, keep bool, args ...string) {
	e.t.Helper()
	e.session = session
	cmd := "env TERM=xterm-256color " + env + " " + e.bin + " " + strings.Join(args, " ")
	if keep {
		cmd += "; sleep 60"
	} else {
		cmd = "exec " + cmd
	}
	e.tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", cmd)
}

func (e *e2e) screen() string { return e.tmux("capture-pane", "-p", "-t", e.session) }

func (e *e2e) keys(keys ...string) {
	e.tmux(append([]string{"send-keys", "-t", e.session}, keys...)...)
}

func (e *e2e) waitFor(what string) string {
	e.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s := e.screen()
		if strings.Contains(s, what) {
			return s
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("waited 15s for %q; the screen shows:\n%s", what, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// pid is the process in the session's pane (started with exec).
func (e *e2e) pid() int {
	e.t.Helper()
	pid, err := strconv.Atoi(strings.TrimSpace(e.tmux("display-message", "-p", "-t", e.session, "#{pane_pid}")))
	if err != nil {
		e.t.Fatal(err)
	}
	return pid
}

// cpuTicks is the CPU time the process has used (user and system, in
// clock ticks) from /proc/PID/stat.
func cpuTicks(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	// The fields after the command name, which is in parentheses.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	utime, _ := strconv.Atoi(f[11])
	stime, _ := strconv.Atoi(f[12])
	return utime + stime
}

func e2eCodeAndQuit(e *e2e, project string) {
	t := e.t
	e.start("e2e", "FIELDWORK_CODER=e2e-coder", true, "code", project, "--source", "toronto-fg")
	e.waitFor("coder e2e-coder")
	e.keys("c")
	e.waitFor("Apply code")
	e.keys("-l", "peer support")
	time.Sleep(300 * time.Millisecond)
	e.keys("Enter")
	e.waitFor("coded Peer support")
	e.keys("q")
	// The program has quit when the shell is all that is left: the tab bar
	// disappears from the screen.
	deadline := time.Now().Add(10 * time.Second)
	for strings.Contains(e.screen(), "Codebook") {
		if time.Now().After(deadline) {
			t.Fatalf("fieldwork did not quit on q:\n%s", e.screen())
		}
		time.Sleep(100 * time.Millisecond)
	}
	out, err := osexec.Command(e.bin, "codings", project, "--coder", "e2e-coder", "--json").Output()
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

// e2eKilled: a session killed with SIGKILL right after the screen says the
// coding is saved: the coding must be in the file all the same.
func e2eKilled(e *e2e, project string) {
	t := e.t
	e.start("killed", "FIELDWORK_CODER=e2e-killed", false, "code", project, "--source", "ottawa-fg")
	e.waitFor("coder e2e-killed")
	pid := e.pid()
	e.keys("j")
	e.keys("1")
	e.waitFor("» coded ")
	p, err := os.FindProcess(pid)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Kill(); err != nil {
		t.Fatalf("kill -9: %v", err)
	}
	killed, err := osexec.Command(e.bin, "codings", project, "--coder", "e2e-killed", "--json").Output()
	if err != nil {
		t.Fatalf("codings after kill -9: %v", err)
	}
	var klist []codingJSON
	if err := json.Unmarshal(killed, &klist); err != nil || len(klist) != 1 || klist[0].Source != "ottawa-fg" {
		t.Fatalf("codings by e2e-killed after kill -9: %v %s", err, killed)
	}
}

// reverseVideo matches an SGR sequence that turns reverse video on.
var reverseVideo = regexp.MustCompile(`\x1b\[(?:[0-9;]*;)?7(?:;[0-9;]*)?m`)

// colourSGR matches an SGR sequence that sets a colour (39 and 49, which
// tmux writes to reset them, do not).
var colourSGR = regexp.MustCompile(`\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m`)

// e2eNoColor: under NO_COLOR the cursor sentence is still in reverse video
// (issue 17), and nothing is coloured.
func e2eNoColor(e *e2e, project string) {
	t := e.t
	e.start("nocolor", "NO_COLOR=1 FIELDWORK_CODER=e2e-mono", false, "code", project, "--source", "toronto-fg")
	e.waitFor("coder e2e-mono")
	e.keys("j")
	time.Sleep(300 * time.Millisecond)
	lines := strings.Split(e.tmux("capture-pane", "-e", "-p", "-t", e.session), "\n")
	found := false
	// The transcript rows: below the tab bar, above the status line and
	// the footer (which is in reverse video too, without colour).
	for _, l := range lines[1:min(len(lines), 28)] {
		if reverseVideo.MatchString(l) {
			found = true
		}
		if colourSGR.MatchString(l) {
			t.Errorf("a colour under NO_COLOR: %q", l)
		}
	}
	if !found {
		t.Errorf("no reverse video on the cursor line under NO_COLOR:\n%q", strings.Join(lines, "\n"))
	}
	e.keys("q")
}

// e2eQuotesIdle: issue 10, item 1. Code, then tab to the Quotes screen:
// it asks for a code and waits, using no CPU, there and after leaving.
func e2eQuotesIdle(e *e2e, project string) {
	t := e.t
	e.start("idle", "FIELDWORK_CODER=e2e-idle", false, "code", project, "--source", "montreal-fg")
	e.waitFor("coder e2e-idle")
	pid := e.pid()
	e.keys("1")
	e.waitFor("» coded ")
	e.keys("Tab")
	e.keys("Tab")
	e.waitFor("Quotes of code")
	idle := func(where string) {
		time.Sleep(500 * time.Millisecond) // let the screen settle
		before := cpuTicks(t, pid)
		time.Sleep(3 * time.Second)
		// A busy loop costs about 300 ticks in 3 s; a blinking cursor a few.
		if used := cpuTicks(t, pid) - before; used > 30 {
			t.Errorf("idle %s: %d ticks of CPU in 3 s", where, used)
		}
	}
	idle("in the Quotes picker")
	e.keys("Escape")
	e.waitFor("Press c to choose a code")
	idle("on the Quotes screen")
	e.keys("Tab")
	idle("after leaving the Quotes screen")
	e.keys("q")
}

// e2eManySources: issue 10, item 4. With 40 sources the Sources screen
// scrolls with its cursor.
func e2eManySources(e *e2e, dir string) {
	t := e.t
	project := filepath.Join(dir, "many.fwp")
	if out, err := osexec.Command(e.bin, "init", project).CombinedOutput(); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	args := []string{"import", project}
	for i := 1; i <= 40; i++ {
		p := filepath.Join(dir, fmt.Sprintf("group-%02d.txt", i))
		text := fmt.Sprintf("Moderator: Welcome.\nP1: We met in group %d. It went well.\n", i)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	if out, err := osexec.Command(e.bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	e.start("many", "FIELDWORK_CODER=e2e-many", false, "code", project)
	e.waitFor("group-01")
	for range 39 {
		e.keys("j")
	}
	e.waitFor("group-40")
	e.keys("Enter")
	e.waitFor("Coding: group-40")
	e.keys("q")
}

// TestCodePaletteFlag: --palette names a palette; another name is a usage
// error that lists them (the check needs no terminal).
func TestCodePaletteFlag(t *testing.T) {
	err := failUsage(t, vars{}, "code", "nowhere.fwp", "--palette", "rainbow")
	if !strings.Contains(err.Error(), `no palette "rainbow"`) || !strings.Contains(err.Error(), "okabe-ito") {
		t.Errorf("error %q", err)
	}
	// A known palette gets as far as the terminal check.
	err = fail(t, vars{}, "code", "nowhere.fwp", "--palette", "okabe-ito")
	if isUsage(err) || !strings.Contains(err.Error(), "needs a terminal") {
		t.Errorf("error %q", err)
	}
}
