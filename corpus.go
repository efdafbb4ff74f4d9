// Package fieldwork holds the bundled synthetic demo corpus, embedded so that
// `fieldwork demo` works from any folder. The code lives in the packages
// below this one; docs/ARCHITECTURE.md maps them.
package fieldwork

import "embed"

// Corpus is testdata/corpus: three invented focus groups (Montreal in .txt,
// partly in French; Ottawa in WebVTT; Toronto in .docx), the roster of their
// 27 invented participants, two coders' codings, and the study's six
// recommendations with an invented follow-up log; with testdata/survey's
// instrument and Qualtrics export of the invented demo survey. No real
// person's words.
//
//go:embed testdata/corpus testdata/survey/instrument.yaml testdata/survey/qualtrics.csv
var Corpus embed.FS
