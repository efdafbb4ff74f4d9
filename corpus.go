// Package fieldwork holds the bundled synthetic demo corpus, embedded so that
// `fieldwork demo` works from any folder. The code lives in the packages
// below this one; docs/ARCHITECTURE.md maps them.
package fieldwork

import "embed"

// Corpus is testdata/corpus: three invented focus groups (Montreal in .txt,
// partly in French; Ottawa in WebVTT; Toronto in .docx), the roster of their
// 27 invented participants, and two coders' codings. No real person's words.
//
//go:embed testdata/corpus
var Corpus embed.FS
