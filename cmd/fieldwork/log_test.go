package main

import (
	osexec "os/exec"
	"strings"
	"testing"

	"github.com/ncruces/go-sqlite3/driver"
)

// editBehindItsBack changes a closed project file with its own SQLite
// connection, as someone with the sqlite3 shell would: triggers dropped,
// then stmts. It uses the sqlite3 shell itself when one is installed.
func editBehindItsBack(t *testing.T, p string, stmts ...string) {
	t.Helper()
	all := append([]string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"}, stmts...)
	if sh, err := osexec.LookPath("sqlite3"); err == nil {
		if out, err := osexec.Command(sh, p, strings.Join(all, ";\n")+";").CombinedOutput(); err != nil {
			t.Fatalf("sqlite3: %v\n%s", err, out)
		}
		return
	}
	db, err := driver.Open("file:" + p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range all {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestLogListsAndVerifies(t *testing.T) {
	t.Parallel()
	p := twoGroups(t)
	run(t, nil, "codebook", "add", p, "Risks")
	run(t, vars{"FIELDWORK_CODER": "sam"}, "apply", p, "--source", "ottawa", "--code", "Risks", "--start", "0", "--end", "10")
	out := run(t, vars{"FIELDWORK_CODER": "lea"}, "log", p)
	for _, w := range []string{"seq", "actor", "project created", "import 1 source", "codebook", "apply 1 coding", "sam"} {
		if !strings.Contains(out, w) {
			t.Errorf("log lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "wait was long") {
		t.Errorf("the log quotes a participant:\n%s", out)
	}
	list := jsonArray(t, run(t, nil, "log", p, "--json", "--coder", "sam"))
	if len(list) != 1 || list[0]["kind"] != "coding" {
		t.Errorf("log --coder sam = %v", list)
	}
	assertKeys(t, "log --json", list[0], "seq", "at", "actor", "kind", "summary", "prev", "hash")
	if list := jsonArray(t, run(t, nil, "log", p, "--json", "--kind", "import")); len(list) != 2 {
		t.Errorf("log --kind import = %v", list)
	}
	if out := run(t, nil, "log", p, "--since", "2999-01-01"); !strings.Contains(out, "no entries") {
		t.Errorf("log --since in the future:\n%s", out)
	}
	failUsage(t, nil, "log", p, "--kind", "gossip")
	failUsage(t, nil, "log", p, "--since", "yesterday")

	out = run(t, nil, "log", "verify", p)
	if !strings.Contains(out, "audit log intact: 5 entries") || !strings.Contains(out, "head ") {
		t.Fatalf("verify:\n%s", out)
	}
	head := strings.TrimSpace(out[strings.Index(out, "head ")+5:])
	run(t, nil, "log", "verify", p, "--head", head)
}

func TestLogVerifyFailsAfterTampering(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, stmt, want string
	}{
		{"edited", "UPDATE audit_log SET summary = 'nothing' WHERE seq = 2", "entry 2"},
		{"deleted", "DELETE FROM audit_log WHERE seq = 2", "entry 3"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := twoGroups(t)
			run(t, nil, "log", "verify", p)
			editBehindItsBack(t, p, c.stmt)
			err := failRuntime(t, nil, "log", "verify", p)
			errHas(t, err, "does not hold", c.want)
		})
	}
	t.Run("cut short", func(t *testing.T) {
		p := twoGroups(t)
		out := run(t, nil, "log", "verify", p)
		head := strings.TrimSpace(out[strings.Index(out, "head ")+5:])
		editBehindItsBack(t, p, "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)")
		run(t, nil, "log", "verify", p) // a chain cut at its end still holds ...
		err := failRuntime(t, nil, "log", "verify", p, "--head", head)
		errHas(t, err, "cut short") // ... but not its noted head
	})
}
