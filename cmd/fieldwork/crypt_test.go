package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The phrase must never appear in an encrypted project's files.
const secretPhrase = "my cousin in Tabriz was questioned about the march"

// Few cases on purpose: every open of an encrypted project derives a key
// with Argon2, which takes a noticeable fraction of a second.
func TestEncryptedProject(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "secret.fwp")
	env := vars{"FIELDWORK_PASSPHRASE": "correct horse battery staple"}

	out := run(t, env, "init", p)
	if !strings.Contains(out, "(encrypted)") {
		t.Errorf("init said %q", out)
	}
	f := writeFile(t, t.TempDir(), "fg.txt", []byte("Facilitator: Tell us.\nRana: "+secretPhrase+".\nDaniel: Mine too.\n"))
	run(t, env, "import", p, f, "--group", "OTT-1")

	// No file of the project (nor a WAL or journal beside it) holds the text.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, needle := range []string{secretPhrase, "Tabriz", "Rana", "SQLite format 3"} {
			if bytes.Contains(data, []byte(needle)) {
				t.Errorf("%s holds %q in clear", e.Name(), needle)
			}
		}
	}

	t.Run("no passphrase", func(t *testing.T) {
		t.Parallel()
		err := failRuntime(t, nil, "sources", p)
		errHas(t, err, "passphrase")
	})
	t.Run("wrong passphrase", func(t *testing.T) {
		t.Parallel()
		err := failRuntime(t, vars{"FIELDWORK_PASSPHRASE": "wrong"}, "sources", p)
		errHas(t, err, "wrong passphrase")
	})
	t.Run("passphrase file", func(t *testing.T) {
		t.Parallel()
		pf := writeFile(t, t.TempDir(), "pass", []byte("correct horse battery staple\n"))
		js := jsonObject(t, run(t, nil, "--passphrase-file", pf, "show", p, "fg", "--json"))
		turns := js["turns"].([]any)
		if got := turns[1].(map[string]any)["text"]; got != secretPhrase+"." {
			t.Errorf("decrypted turn = %q", got)
		}
	})
	t.Run("init with a passphrase file", func(t *testing.T) {
		t.Parallel()
		pf := writeFile(t, t.TempDir(), "pass", []byte("another passphrase\r\n"))
		q := filepath.Join(t.TempDir(), "q.fwp")
		if out := run(t, nil, "init", q, "--codebook", "empty", "--passphrase-file", pf); !strings.Contains(out, "(encrypted)") {
			t.Errorf("init said %q", out)
		}
		// The file's line ending is not part of the passphrase.
		run(t, vars{"FIELDWORK_PASSPHRASE": "another passphrase"}, "sources", q)
	})
	t.Run("empty passphrase file", func(t *testing.T) {
		t.Parallel()
		pf := writeFile(t, t.TempDir(), "pass", []byte("\n"))
		errHas(t, failRuntime(t, nil, "sources", p, "--passphrase-file", pf), "empty")
	})
	t.Run("missing passphrase file", func(t *testing.T) {
		t.Parallel()
		errHas(t, failRuntime(t, nil, "sources", p, "--passphrase-file", filepath.Join(dir, "nope")), "passphrase file")
	})
	t.Run("passphrase for a plain project", func(t *testing.T) {
		t.Parallel()
		plain := newProject(t, nil, "--codebook", "empty")
		errHas(t, failRuntime(t, env, "sources", plain), "not encrypted")
	})
}

// A passphrase file others can read is warned about, once, as ssh does
// for a private key; the project is not opened the less.
func TestPassphraseFileMode(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil, "--codebook", "empty")
	pf := writeFile(t, t.TempDir(), "pass", []byte("correct horse battery staple\n"))
	if err := os.Chmod(pf, 0o644); err != nil {
		t.Fatal(err)
	}
	r := exec(t, nil, "--passphrase-file", pf, "sources", p)
	if strings.Count(r.err, "warning: passphrase file") != 1 || !strings.Contains(r.err, "(mode 0644)") || !strings.Contains(r.err, "chmod 600") {
		t.Errorf("stderr %q: want one warning", r.err)
	}
	if r.e == nil || !strings.Contains(r.e.Error(), "not encrypted") {
		t.Errorf("error %v: the passphrase still goes to the project", r.e)
	}
	if err := os.Chmod(pf, 0o600); err != nil {
		t.Fatal(err)
	}
	if r := exec(t, nil, "--passphrase-file", pf, "sources", p); strings.Contains(r.err, "warning") {
		t.Errorf("a 0600 file warned: %q", r.err)
	}
}
