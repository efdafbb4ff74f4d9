package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestParticipantsWithdraw(t *testing.T) {
	t.Parallel()
	p := hostileProject(t)
	sentence := "Rana never answered. Tell Maria Gonzalez I said so."
	read := func() []byte {
		var all []byte
		for _, f := range []string{p, p + "-wal"} {
			b, _ := os.ReadFile(f)
			all = append(all, b...)
		}
		return all
	}
	if !bytes.Contains(read(), []byte(sentence)) {
		t.Fatal("the sentence is not in the file before: the test cannot see it")
	}
	errHas(t, failUsage(t, nil, "participants", "withdraw", p, "HAM-02"), "--note")
	errHas(t, failRuntime(t, nil, "participants", "withdraw", p, "HAM-99", "--note", "x"), "not found", "nothing was changed")

	out := run(t, nil, "participants", "withdraw", p, "HAM-02", "--note", "asked by phone on 2026-11-02")
	for _, w := range []string{"HAM-02 withdrew", "1 turn in 1 source", "[withdrawn]", "write-ahead log truncated"} {
		if !strings.Contains(out, w) {
			t.Errorf("withdraw says:\n%s\nwant %q", out, w)
		}
	}
	if bytes.Contains(read(), []byte(sentence)) || bytes.Contains(read(), []byte("never answered")) {
		t.Error("the project file or its WAL still holds the withdrawn sentence")
	}
	show := run(t, nil, "show", p, "hamilton")
	if strings.Contains(show, "never answered") || !strings.Contains(show, "[withdrawn]") {
		t.Errorf("show after withdraw:\n%s", show)
	}
	log := run(t, nil, "log", p, "--kind", "withdrawal")
	if !strings.Contains(log, "HAM-02 withdrew") || strings.Contains(log, "phone") || strings.Contains(log, "answered") {
		t.Errorf("log:\n%s", log)
	}
	errHas(t, failRuntime(t, nil, "participants", "withdraw", p, "HAM-02", "--note", "again"), "already")

	// A later session of the same group: "Speaker 2" still binds to HAM-02,
	// the import says so, and withdrawing again erases the new words.
	later := writeFile(t, t.TempDir(), "hamilton-2.txt", []byte("Facilitator: Welcome back.\nSpeaker 2: My cousin was followed last week.\n"))
	r := exec(t, nil, "import", p, later, "--group", "HAM-1")
	if r.e != nil || !strings.Contains(r.err, "1 turn just imported belongs to HAM-02, who withdrew") {
		t.Fatalf("import after the withdrawal: %v\n%s", r.e, r.err)
	}
	out = run(t, nil, "participants", "withdraw", p, "HAM-02", "--note", "the second session")
	if !strings.Contains(out, "1 turn in 1 source") || bytes.Contains(read(), []byte("cousin was followed")) {
		t.Errorf("second withdrawal:\n%s", out)
	}
	run(t, nil, "log", "verify", p)
}
