package demo

import "embed"

// Corpus is the demo's synthetic corpus (the folder corpus): three
// invented focus groups (Montreal in .txt, partly in French; Ottawa in
// WebVTT; Toronto in .docx), the roster of their 27 invented participants,
// two coders' codings, and the study's six recommendations with an
// invented follow-up log; with the instrument and Qualtrics export of the
// invented demo survey (corpus/survey, where the same respondents are
// exported in every shape fieldwork reads). No real person's words. It is
// embedded so that `fieldwork demo` works from any folder.
//
//go:embed corpus/*.csv corpus/*.txt corpus/*.vtt corpus/*.docx corpus/*.json corpus/survey/instrument.yaml corpus/survey/qualtrics.csv
var Corpus embed.FS
