package project

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"filippo.io/age"

	"github.com/fieldwork-qda/fieldwork/coding/redact"
	"github.com/fieldwork-qda/fieldwork/coding/refiqda"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// Key is what a de-identified copy replaced: each identifier with its
// replacement, and each speaker label with the participant id that
// replaced it. It re-identifies the copy, so it is written only when the
// researcher asks, encrypted (WriteKey), and never into the copy.
type Key struct {
	Format string           `json:"format"`
	Terms  []KeyTerm        `json:"terms"`
	Labels []store.LabelKey `json:"labels"`
}

// KeyFormat names the key file's format.
const KeyFormat = "fieldwork-deidentify-key/1"

// KeyTerm is one identifier replaced, as written, with its replacement.
type KeyTerm struct {
	Term        string      `json:"term"`
	Replacement string      `json:"replacement"`
	Kind        redact.Kind `json:"kind"`
	Count       int         `json:"count"`
}

// keyRecorder wraps a screen, recording every match for the key.
type keyRecorder struct {
	sc    *redact.Screen
	mu    sync.Mutex
	terms map[[2]string]*KeyTerm
}

func newKeyRecorder(sc *redact.Screen) *keyRecorder {
	return &keyRecorder{sc: sc, terms: map[[2]string]*KeyTerm{}}
}

func (k *keyRecorder) redact(s string) redact.Result {
	res := k.sc.Redact(s)
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, m := range res.Matches {
		id := [2]string{m.Text, m.Replacement}
		t := k.terms[id]
		if t == nil {
			t = &KeyTerm{Term: m.Text, Replacement: m.Replacement, Kind: m.Kind}
			k.terms[id] = t
		}
		t.Count++
	}
	return res
}

func (k *keyRecorder) text(s string) string { return k.redact(s).Text }

func (k *keyRecorder) key(labels []store.LabelKey) *Key {
	out := &Key{Format: KeyFormat, Terms: []KeyTerm{}, Labels: labels}
	if out.Labels == nil {
		out.Labels = []store.LabelKey{}
	}
	for _, t := range k.terms {
		out.Terms = append(out.Terms, *t)
	}
	sort.Slice(out.Terms, func(i, j int) bool {
		a, b := out.Terms[i], out.Terms[j]
		if a.Term != b.Term {
			return a.Term < b.Term
		}
		return a.Replacement < b.Replacement
	})
	return out
}

// Copy is a de-identified copy written by DeidentifiedCopy.
type Copy struct {
	store.Deidentified
	Key *Key
}

// DeidentifiedCopy writes to out a copy of the project whose words went
// through sc (see store.Deidentify): identifiers replaced, codings moved
// to the same words, speaker labels replaced by participant ids, the
// identifier list left out. The copy is encrypted as the project is
// (opt is how to open it: the project's passphrase). It is built in a
// temporary file beside out and renamed into place only when complete;
// out must not exist.
func (p *Project) DeidentifiedCopy(ctx context.Context, out string, opt store.Options, sc *redact.Screen) (*Copy, error) {
	if sc == nil {
		return nil, InvalidError{fmt.Errorf("a de-identified copy needs the identifier screen")}
	}
	if _, err := os.Lstat(out); err == nil {
		return nil, InvalidError{fmt.Errorf("%s exists: a de-identified copy never overwrites a file", out)}
	}
	tmp := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+fmt.Sprintf(".%d.tmp", time.Now().UnixNano()))
	removeTmp := func() {
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(tmp + suffix)
		}
	}
	if err := p.st.CopyTo(tmp); err != nil {
		removeTmp()
		return nil, err
	}
	cp, err := store.Open(tmp, opt)
	if err != nil {
		removeTmp()
		return nil, fmt.Errorf("de-identified copy: %w", err)
	}
	rec := newKeyRecorder(sc)
	res, err := cp.Deidentify(ctx, store.Deidentification{Text: rec.redact, Other: rec.text})
	if cerr := cp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		removeTmp()
		return nil, fmt.Errorf("de-identified copy: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		removeTmp()
		return nil, fmt.Errorf("de-identified copy: %w", err)
	}
	removeTmp()
	return &Copy{Deidentified: res, Key: rec.key(res.Labels)}, nil
}

// ExportREFI is the project as a REFI-QDA project, its words through sc
// (nil: as stored, for the researcher's own use): source texts with their
// selections moved to the same words, selection and note names remade
// from the screened text, notes, descriptions and variable values
// screened. Participants are cases named by id, never by speaker label.
// The key records what was replaced. modified is the newest change.
func (p *Project) ExportREFI(origin string, sc *redact.Screen) (rp *refiqda.Project, modified time.Time, key *Key, err error) {
	rp, modified, err = p.st.ExportREFI(store.REFIExportOptions{Origin: origin})
	if err != nil || sc == nil {
		return rp, modified, nil, err
	}
	rec := newKeyRecorder(sc)
	f := rec.text
	for i := range rp.TextSources {
		ts := &rp.TextSources[i]
		ts.Name, ts.Description = f(ts.Name), f(ts.Description)
		screenValues(ts.Values, f)
		// the text is the archive's sources/ file (Text), or inline
		var res redact.Result
		switch {
		case ts.PlainTextContent != nil:
			res = rec.redact(*ts.PlainTextContent)
			text := res.Text
			ts.PlainTextContent = &text
		case ts.Text != "":
			res = rec.redact(ts.Text)
			ts.Text = res.Text
		default:
			continue
		}
		runes := []rune(res.Text)
		for j := range ts.Selections {
			sel := &ts.Selections[j]
			sel.Start, sel.End = res.Map.Span(sel.Start, sel.End)
			if sel.Name != "" {
				sel.Name = snippet(runes, sel.Start, sel.End)
			}
			sel.Description = f(sel.Description)
		}
	}
	for i := range rp.Notes {
		n := &rp.Notes[i]
		if n.PlainTextContent != nil {
			t := f(*n.PlainTextContent)
			n.PlainTextContent = &t
			n.Name = snippet([]rune(t), 0, utf8.RuneCountInString(t))
		} else {
			n.Name = f(n.Name)
		}
		n.Description = f(n.Description)
	}
	for i := range rp.Cases {
		rp.Cases[i].Name, rp.Cases[i].Description = f(rp.Cases[i].Name), f(rp.Cases[i].Description)
		screenValues(rp.Cases[i].Values, f)
	}
	screenCodes(rp.Codes, f)
	rp.Description = f(rp.Description)
	return rp, modified, rec.key(nil), nil
}

func screenValues(vs []refiqda.VariableValue, f func(string) string) {
	for i := range vs {
		if v := vs[i].TextValue; v != nil {
			s := f(*v)
			vs[i].TextValue = &s
		}
	}
}

func screenCodes(cs []refiqda.Code, f func(string) string) {
	for i := range cs {
		cs[i].Description = f(cs[i].Description)
		screenCodes(cs[i].Codes, f)
	}
}

// snippet names a selection or note by its first words, as the export
// does: at most 8 words and 60 characters.
func snippet(r []rune, start, end int) string {
	if start < 0 || end > len(r) || start >= end {
		return ""
	}
	f := strings.Fields(string(r[start:end]))
	name := strings.Join(f[:min(len(f), 8)], " ")
	if rs := []rune(name); len(rs) > 60 {
		name = string(rs[:60])
	}
	if len(f) > 8 || utf8.RuneCountInString(name) == 60 {
		name += "…"
	}
	return name
}

// WriteKey writes key as JSON encrypted with age to the recipients (a
// passphrase's scrypt recipient, or X25519 public keys): only they can
// read it back (ReadKey).
func WriteKey(w io.Writer, key *Key, recipients ...age.Recipient) error {
	if len(recipients) == 0 {
		return fmt.Errorf("write key: no recipient: the key is never written in the clear")
	}
	data, err := json.MarshalIndent(key, "", "  ")
	if err != nil {
		return err
	}
	enc, err := age.Encrypt(w, recipients...)
	if err != nil {
		return fmt.Errorf("write key: %w", err)
	}
	if _, err := enc.Write(data); err != nil {
		return fmt.Errorf("write key: %w", err)
	}
	return enc.Close()
}

// ReadKey decrypts a key written by WriteKey.
func ReadKey(r io.Reader, identities ...age.Identity) (*Key, error) {
	dec, err := age.Decrypt(r, identities...)
	if err != nil {
		return nil, fmt.Errorf("read key: %w", err)
	}
	var b bytes.Buffer
	if _, err := io.Copy(&b, dec); err != nil {
		return nil, fmt.Errorf("read key: %w", err)
	}
	var k Key
	if err := json.Unmarshal(b.Bytes(), &k); err != nil {
		return nil, fmt.Errorf("read key: %w", err)
	}
	if k.Format != KeyFormat {
		return nil, fmt.Errorf("read key: format %q, want %s", k.Format, KeyFormat)
	}
	return &k, nil
}
