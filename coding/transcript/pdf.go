package transcript

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/fieldwork-qda/fieldwork/internal/plural"

	"github.com/fieldwork-qda/fieldwork/coding/transcript/pdftext"
)

// FormatPDF is a PDF's text layer, read with PDFium (see readPDF).
const FormatPDF Format = "pdf"

// Errors a PDF may give, wrapped in a *ParseError; test with errors.Is.
var (
	// ErrPDFNoText is wrapped when a PDF has no text layer (a scan).
	ErrPDFNoText = errors.New("no text layer")
	// ErrPDFEncrypted is wrapped when a PDF needs a password.
	ErrPDFEncrypted = errors.New("encrypted PDF")
	// ErrCorruptPDF is wrapped when a file is damaged or not a PDF.
	ErrCorruptPDF = errors.New("corrupt PDF")
	// ErrPDFTooLarge is wrapped when a PDF is over pdftext.MaxSize bytes
	// or pdftext.MaxPages pages.
	ErrPDFTooLarge = errors.New("PDF too large")
)

// readPDF reads the text layer of a PDF with PDFium (package pdftext),
// leaves out the page furniture (see pdfLines), and applies the speaker
// label rules of .txt to the result. Turn.Line is the 1-based page where
// the turn starts; Document.Pages the page count.
//
// The PDF engine starts on the first PDF a process reads (seconds the very
// first time, while wazero compiles PDFium into the user's cache folder;
// under a second after that).
func readPDF(name string, data []byte) (*Document, error) {
	fail := func(err error, msg string) error {
		return &ParseError{File: name, Msg: msg, Err: err}
	}
	if isBlank(string(data)) {
		return nil, &ParseError{File: name, Err: ErrEmpty}
	}
	if len(data) > pdftext.MaxSize {
		return nil, fail(ErrPDFTooLarge, fmt.Sprintf("the PDF is %.1f MiB; the limit is %d MiB", float64(len(data))/(1<<20), pdftext.MaxSize>>20))
	}
	// PDFium looks for the header in the first 1024 bytes; checking it here
	// answers a file that is not a PDF without starting the engine.
	if !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
		return nil, fail(ErrCorruptPDF, "not a PDF (no %PDF- header)")
	}
	pd, err := pdftext.Extract(data)
	switch {
	case errors.Is(err, pdftext.ErrEncrypted):
		return nil, fail(ErrPDFEncrypted, "the PDF is encrypted (password-protected); remove the password (save an unprotected copy) and import that")
	case errors.Is(err, pdftext.ErrTooLarge):
		return nil, fail(ErrPDFTooLarge, err.Error())
	case errors.Is(err, pdftext.ErrDamaged):
		return nil, fail(ErrCorruptPDF, err.Error())
	case err != nil:
		// The engine did not start, or failed on this file (out of memory
		// or time).
		return nil, fail(err, "")
	}
	if len(pd.Pages) == 0 {
		return nil, fail(ErrPDFNoText, "the PDF has no pages")
	}
	var scanned []string
	for i, p := range pd.Pages {
		if len(p.Lines) == 0 && p.Images > 0 {
			scanned = append(scanned, strconv.Itoa(i+1))
		}
	}
	lines, hasText := pdfLines(pd)
	if hasText && len(scanned) > 0 {
		// Importing the rest would lose these pages' words unseen.
		pages := "page " + scanned[0]
		if len(scanned) > 1 {
			pages = "pages " + strings.Join(clipList(scanned), ", ")
		}
		return nil, fail(ErrPDFNoText, fmt.Sprintf("%s: only an image, no text layer: scanned pages need OCR first (ocrmypdf, for one, adds a text layer); import the result", pages))
	}
	if !hasText {
		return nil, fail(ErrPDFNoText, fmt.Sprintf("the PDF has no text layer on any of its %s: it looks like a scan, which needs OCR first (ocrmypdf, for one, adds a text layer); import the result", plural.Count(len(pd.Pages), "page", "pages")))
	}
	doc, _ := parseLines(sliceLines(lines), false, false, nil)
	if len(lines) == 0 || len(doc.Turns) == 0 {
		return nil, fail(ErrPDFNoText, "the PDF holds only page headers, footers and numbers, no speech")
	}
	doc.Format = FormatPDF
	doc.Pages = len(pd.Pages)
	return doc, nil
}

// clipList shortens a long list for an error message.
func clipList(items []string) []string {
	const most = 10
	if len(items) <= most {
		return items
	}
	return append(items[:most:most], fmt.Sprintf("... (%d pages)", len(items)))
}
