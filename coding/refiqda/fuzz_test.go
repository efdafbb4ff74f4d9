package refiqda

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzReadProject feeds arbitrary archives to the reader: it must refuse or
// read them, never panic, and whatever it reads must survive Check and
// MarshalProject without panicking.
func FuzzReadProject(f *testing.F) {
	var seed bytes.Buffer
	if err := WriteProject(&seed, fixture(), time.Time{}); err != nil {
		f.Fatal(err)
	}
	f.Add(seed.Bytes())
	f.Add(zipOf(f, entry{"project.qde", qde(ProjectNS, "", `<Sources><TextSource guid="x" plainTextPath="T.txt"><PlainTextSelection guid="y" startPosition="-1" endPosition="99"/></TextSource></Sources>`)}, entry{"Sources/T.txt", "\xFF\xFEa\x00"}))
	for _, name := range []string{"qc-1.3.2-demo.qdpx", "nvivo_project.qdpx", "atlas-target-atlas-project.qdpx"} {
		if p, ok := findSample(name); ok {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	lim := Limits{MaxEntry: 1 << 20, MaxTotal: 4 << 20, MaxEntries: 1000}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadProject("fuzz.qdpx", bytes.NewReader(data), int64(len(data)), lim)
		if err != nil {
			return
		}
		_ = Check(p)
		if _, err := MarshalProject(p); err != nil {
			t.Fatalf("read but cannot be written: %v", err)
		}
	})
}

// FuzzReadCodebook does the same for .qdc files.
func FuzzReadCodebook(f *testing.F) {
	qdc, err := MarshalCodebook(fixture().Codebook("x"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(qdc)
	f.Add([]byte(`<CodeBook xmlns="urn:QDA-XML:codebook:0:4"><Codes><Code guid="a" name="b" isCodable="yes"/></Codes><Sets/></CodeBook>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cb, err := ReadCodebook("fuzz.qdc", data, DefaultLimits)
		if err != nil {
			return
		}
		_ = CheckCodebook(cb)
		if len(cb.Codes) > 0 {
			_, _ = MarshalCodebook(cb)
		}
	})
}

func findSample(name string) (string, bool) {
	dir, _ := filepath.Abs(".")
	for range 6 {
		p := filepath.Join(dir, "shared", "refi-qda", "samples", name)
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
		dir = filepath.Dir(dir)
	}
	return "", false
}
