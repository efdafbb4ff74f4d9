package transcript

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// ReadFile reads a text file into a string and parses its lines without a
// list of them; Read parses bytes it is given. Both give the same document
// or the same error.
func TestReadFileMatchesRead(t *testing.T) {
	dir := t.TempDir()
	texts := []string{
		"Moderator: Hello.\nP1: Hi.\n",
		"Title\n\n**Amal:** yes\n__Bob__: no\n[00:01:02] Speaker 1: ok\n(1:02) P2 : oui\n00:00:03 Dr. Amal: x",
		"Note: the room\nSo my question is: why?\nhttps://x.org: link\n10:30 time",
		"para one\n\npara two\r\nline\rthree\n\n\n  \nthird\n",
		"E\u0301lise\u00a0: cafe\u0301\nP1:\u0301x",
		"\xEF\xBB\xBFP1: bom",
		"\xFF\xFEP\x001\x00:\x00 \x00h\x00i\x00",
		"P1: caf\xe9",
		"Speaker 1  0:00\nHello.\n\nMaria Gonzalez  1:02:03\nHi.\nP2 (woman, 40s): x\nP3 - y\n**P4** – z\nModerator (Jane) [0:01]: w\nI - I went",
		"amal: one\namal: two\nbob: three\n\nbob: four",
		"", "   \n\t\n", "P1: a\x00b",
		"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Speaker 1>Hello</v>\n",
		"1\n00:00:01,000 --> 00:00:02,000\nP1: hello\n\n2\n00:00:02,000 --> 00:00:03,000\nP1: again\n",
	}
	if data, err := os.ReadFile("../../internal/demo/corpus/montreal-fg.txt"); err == nil {
		texts = append(texts, string(data))
	}
	for i, text := range texts {
		for _, ext := range []string{".txt", ".md", ".vtt", ".srt"} {
			path := filepath.Join(dir, "t"+string(rune('a'+i))+ext)
			if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			fromFile, errFile := ReadFile(path)
			fromBytes, errBytes := Read(path, []byte(text))
			if (errFile == nil) != (errBytes == nil) || errFile != nil && errFile.Error() != errBytes.Error() {
				t.Fatalf("%q as %s: ReadFile error %v, Read error %v", text, ext, errFile, errBytes)
			}
			if !reflect.DeepEqual(fromFile, fromBytes) {
				t.Fatalf("%q as %s:\nReadFile %+v\nRead     %+v", text, ext, fromFile, fromBytes)
			}
		}
	}
}

// Speaker labels and descriptors are copies: a slice of the file would
// keep the whole file in memory beside the text.
func TestLabelsDoNotHoldTheFile(t *testing.T) {
	text := strings.Repeat("Moderator: Hello there.\nP1 (woman, 40s): Hi.\n", 100)
	doc, _ := parseText(text, nil)
	lo := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	hi := lo + uintptr(len(text))
	for i, tu := range doc.Turns {
		for _, s := range []string{tu.Speaker, tu.Descriptor} {
			if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); s != "" && p >= lo && p < hi {
				t.Fatalf("turn %d: %q is a slice of the file", i, s)
			}
		}
	}
	if len(doc.Turns) != 200 || doc.Turns[1].Descriptor != "woman, 40s" {
		t.Fatalf("%d turns, %+v", len(doc.Turns), doc.Turns[1])
	}
}
