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
	for _, w := range []string{"HAM-02 withdrew", "1 turn(s) in 1 source(s)", "[withdrawn]", "write-ahead log truncated"} {
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
	run(t, nil, "log", "verify", p)
}
