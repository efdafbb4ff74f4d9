package refiqda

import (
	"archive/zip"
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

const xmlHeader = `<?xml version="1.0" encoding="utf-8"?>` + "\n"

// MaxInternalFile is the largest file the standard allows inside a .qdpx
// (REFI-QDA 1.5, 8.5).
const MaxInternalFile = 1<<31 - 1

// MarshalProject returns p as a project.qde document: UTF-8 without a BOM,
// the elements in the schema's order.
func MarshalProject(p *Project) ([]byte, error) {
	return marshal(p)
}

// MarshalCodebook returns cb as a .qdc document.
func MarshalCodebook(cb *Codebook) ([]byte, error) {
	if len(cb.Codes) == 0 {
		return nil, errors.New("the codebook has no codes, and a .qdc file without codes is not valid")
	}
	if err := CheckCodebook(cb); err != nil {
		return nil, err
	}
	return marshal(cb)
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// WriteProject writes p as a .qdpx archive: project.qde at the root and,
// for every text source and note whose plainTextPath is internal://NAME,
// the entry sources/NAME holding its Text as UTF-8. The project is checked
// first (Check). Every entry is stamped with modified, so that the same
// project always gives the same bytes.
func WriteProject(w io.Writer, p *Project, modified time.Time) error {
	if err := Check(p); err != nil {
		return err
	}
	qde, err := MarshalProject(p)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	add := func(name string, data []byte) error {
		if len(data) > MaxInternalFile {
			return fmt.Errorf("%s is %d bytes, more than a .qdpx may hold in one file", name, len(data))
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified.UTC()})
		if err != nil {
			return err
		}
		_, err = fw.Write(data)
		return err
	}
	if err := add("project.qde", qde); err != nil {
		return err
	}
	texts := append(append([]TextSource(nil), p.TextSources...), p.Notes...)
	for _, s := range texts {
		file, ok := internalName(s.PlainTextPath)
		if !ok {
			continue
		}
		if err := add("sources/"+file, []byte(s.Text)); err != nil {
			return err
		}
	}
	return zw.Close()
}

// WriteCodebook writes cb as a .qdc file.
func WriteCodebook(w io.Writer, cb *Codebook) error {
	data, err := MarshalCodebook(cb)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

func internalName(p string) (string, bool) {
	const pre = "internal://"
	if !strings.HasPrefix(p, pre) || strings.ContainsAny(p[len(pre):], `/\`) || len(p) == len(pre) {
		return "", false
	}
	return p[len(pre):], true
}

// GUIDFor derives a stable GUID from a namespace GUID and a key: a version
// 5 UUID (SHA-1, RFC 9562), so that the same project exports the same
// GUIDs every time.
func GUIDFor(namespace GUID, key string) GUID {
	ns, err := hex.DecodeString(strings.ReplaceAll(string(NormGUID(string(namespace))), "-", ""))
	if err != nil || len(ns) != 16 {
		sum := sha1.Sum([]byte(namespace))
		ns = sum[:16]
	}
	h := sha1.New()
	h.Write(ns)
	h.Write([]byte(key))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	x := hex.EncodeToString(u)
	return GUID(x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32])
}

// The markers that JoinDescription puts between a code's fields.
const (
	markInclusion = "\n\nInclusion: "
	markExclusion = "\n\nExclusion: "
	markExample   = "\n\nExample: "
)

// JoinDescription makes one code Description of fieldwork's definition,
// inclusion and exclusion criteria and example, so that other tools show
// them all; SplitDescription takes them apart again.
func JoinDescription(definition, inclusion, exclusion, example string) string {
	var b strings.Builder
	b.WriteString(definition)
	for _, f := range []struct{ mark, v string }{{markInclusion, inclusion}, {markExclusion, exclusion}, {markExample, example}} {
		if f.v != "" {
			b.WriteString(f.mark)
			b.WriteString(f.v)
		}
	}
	return strings.TrimPrefix(b.String(), "\n\n")
}

// SplitDescription is the inverse of JoinDescription; a description
// without the markers is all definition.
func SplitDescription(s string) (definition, inclusion, exclusion, example string) {
	rest := "\n\n" + s
	take := func(mark string) string {
		i := strings.LastIndex(rest, mark)
		if i < 0 {
			return ""
		}
		v := rest[i+len(mark):]
		rest = rest[:i]
		return v
	}
	example = take(markExample)
	exclusion = take(markExclusion)
	inclusion = take(markInclusion)
	return strings.TrimPrefix(rest, "\n\n"), inclusion, exclusion, example
}
