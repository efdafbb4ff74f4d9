package transcript

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// allocated returns the bytes f allocates on the heap.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A file over MaxSize is refused from its size, before it is read: a
// sparse file of MaxSize+1 bytes costs neither disk nor memory.
func TestReadFileTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.txt")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var rerr error
	n := allocated(func() { _, rerr = ReadFile(path) })
	if !errors.Is(rerr, ErrTooLarge) || !strings.Contains(rerr.Error(), path) || !strings.Contains(rerr.Error(), "64 MiB") {
		t.Fatalf("error %v, want ErrTooLarge naming %s and the limit", rerr, path)
	}
	if n > 1<<20 {
		t.Errorf("refusing allocated %d bytes: the file was read", n)
	}
}

func TestReadTooLarge(t *testing.T) {
	// The pages of a fresh large allocation are not touched until written.
	_, err := Read("huge.txt", make([]byte, MaxSize+1))
	if !errors.Is(err, ErrTooLarge) || !strings.HasPrefix(err.Error(), `transcript "huge.txt": 64.0 MiB is larger than`) {
		t.Fatalf("error %v", err)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fg.txt")
	if err := os.WriteFile(path, []byte("P1: Hello.\r\nP2: Hi.\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	doc, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checkTurns(t, doc, []want{{"P1", "Hello.", 0}, {"P2", "Hi.", 0}})
	if _, err := ReadFile(filepath.Join(dir, "missing.txt")); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "fg.pdfx")); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("unknown format: %v", err)
	}
}

func TestLFOnly(t *testing.T) {
	for in, want := range map[string]string{
		"a\r\nb\rc\n\rd": "a\nb\nc\n\nd", "\r\r\n": "\n\n", "x\r": "x\n",
	} {
		if got := lfOnly(in); got != want {
			t.Errorf("lfOnly(%q) = %q, want %q", in, got, want)
		}
	}
}

// A small DOCX can nest elements millions deep; the reader refuses it at
// maxDOCXDepth, having decoded little.
func TestDOCXDeepNesting(t *testing.T) {
	const depth = 200_000
	body := "<w:p><w:r>" + strings.Repeat("<w:x>", depth) + "<w:t>deep</w:t>" + strings.Repeat("</w:x>", depth) + "</w:r></w:p>"
	data := rawDOCX(t, body)
	var err error
	n := allocated(func() { _, err = Read("deep.docx", data) })
	if !errors.Is(err, ErrCorruptDOCX) || !strings.Contains(err.Error(), "more than 256 levels deep") || !strings.Contains(err.Error(), "deep.docx") {
		t.Fatalf("error %v", err)
	}
	if n > 4<<20 {
		t.Errorf("refusing allocated %d bytes", n)
	}
	// Nesting under the limit is read.
	ok := "<w:p><w:r>" + strings.Repeat("<w:x>", 200) + "<w:t>P1: fine</w:t>" + strings.Repeat("</w:x>", 200) + "</w:r></w:p>"
	doc, err := Read("ok.docx", rawDOCX(t, ok))
	if err != nil {
		t.Fatal(err)
	}
	checkTurns(t, doc, []want{{"P1", "fine", 0}})
}
