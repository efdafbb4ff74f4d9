package main

import (
	"encoding/json"
	osexec "os/exec"
	"strings"
	"time"
)

// e2eCompare: issue 13. On the Compare screen, compare lea and sam,
// keep sam's coding of the first unit, undo it; the audit log names the
// coder of the session (--coder, not $FIELDWORK_CODER) for both, and the
// screen waits using no CPU.
func e2eCompare(e *e2e, project string) {
	t := e.t
	e.start("compare", "FIELDWORK_CODER=someone-else", false, "code", project, "--coder", "lea")
	e.waitFor("coded by lea")
	pid := e.pid()
	e.keys("BTab")
	e.keys("BTab")
	e.waitFor("sentences differ")
	e.keys("p")
	e.waitFor("Compare coders")
	e.keys("-l", "lea and sam")
	e.waitFor("  lea and sam")
	e.keys("Enter")
	e.waitFor("\n lea · sam on every code")
	e.keys("2")
	e.waitFor("» kept sam's coding")
	time.Sleep(500 * time.Millisecond)
	before := cpuTicks(t, pid)
	time.Sleep(3 * time.Second)
	if used := cpuTicks(t, pid) - before; used > 30 {
		t.Errorf("idle on Compare: %d ticks of CPU in 3 s", used)
	}
	e.keys("u")
	e.waitFor("undone: kept sam's coding")
	e.keys("q")
	out, err := osexec.Command(e.bin, "log", project, "--kind", "coding", "--json").Output()
	if err != nil {
		t.Fatalf("log: %v", err)
	}
	var log []auditJSON
	if err := json.Unmarshal(out, &log); err != nil || len(log) < 2 {
		t.Fatalf("log: %v\n%s", err, out)
	}
	for _, entry := range log[len(log)-2:] {
		if entry.Actor != "lea" || !strings.Contains(entry.Summary, "resolve disagreement of lea,sam") {
			t.Errorf("audit entry %+v", entry)
		}
	}
	if !strings.HasPrefix(log[len(log)-1].Summary, "undo ") {
		t.Errorf("the last entry is not the undo: %+v", log[len(log)-1])
	}
}
