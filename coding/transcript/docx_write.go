package transcript

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"strings"
	"time"
)

// Paragraph is one paragraph of a Word document written by WriteDOCX.
type Paragraph struct {
	// Runs are the paragraph's pieces of text, in order.
	Runs []Run
}

// Run is a stretch of text with one formatting in a Paragraph.
type Run struct {
	// Text is the run's text; "\t" becomes a tab and "\n" a line break.
	Text string
	// Bold makes the run bold.
	Bold bool
}

// docxParts are the fixed parts of a minimal WordprocessingML package.
const (
	docxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
		`</Types>`
	docxRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
		`</Relationships>`
	docxHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`
	// docxTail holds the section properties: US Letter, one-inch margins.
	docxTail = `<w:sectPr><w:pgSz w:w="12240" w:h="15840"/>` +
		`<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/>` +
		`</w:sectPr></w:body></w:document>`
)

// WriteDOCX writes a minimal Word document (.docx) holding paras to w: the
// package parts [Content_Types].xml, _rels/.rels and word/document.xml,
// enough for Word and LibreOffice to open it. Text that XML cannot hold
// (control characters) becomes U+FFFD. The output is the same for the same
// input (fixed file times), so generated corpora are reproducible.
func WriteDOCX(w io.Writer, paras []Paragraph) error {
	zw := zip.NewWriter(w)
	var body strings.Builder
	body.WriteString(docxHead)
	for _, p := range paras {
		writeParagraph(&body, p)
	}
	body.WriteString(docxTail)
	parts := []struct{ name, data string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRels},
		{"word/document.xml", body.String()},
	}
	for _, part := range parts {
		fw, err := zw.CreateHeader(&zip.FileHeader{
			Name:     part.name,
			Method:   zip.Deflate,
			Modified: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC),
		})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, part.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeParagraph writes one <w:p>.
func writeParagraph(b *strings.Builder, p Paragraph) {
	b.WriteString("<w:p>")
	for _, r := range p.Runs {
		if r.Text == "" {
			continue
		}
		b.WriteString("<w:r>")
		if r.Bold {
			b.WriteString("<w:rPr><w:b/></w:rPr>")
		}
		text := strings.ReplaceAll(strings.ReplaceAll(r.Text, "\r\n", "\n"), "\r", "\n")
		start := 0
		for i := 0; i <= len(text); i++ {
			if i < len(text) && text[i] != '\t' && text[i] != '\n' {
				continue
			}
			if i > start {
				b.WriteString(`<w:t xml:space="preserve">`)
				xml.EscapeText(b, []byte(text[start:i]))
				b.WriteString("</w:t>")
			}
			if i < len(text) {
				if text[i] == '\t' {
					b.WriteString("<w:tab/>")
				} else {
					b.WriteString("<w:br/>")
				}
			}
			start = i + 1
		}
		b.WriteString("</w:r>")
	}
	b.WriteString("</w:p>")
}
