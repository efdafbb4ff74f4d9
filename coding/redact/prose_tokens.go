// Code copied from github.com/jdkato/prose/v2 v2.0.0 (tokenize.go), MIT
// License, Copyright (c) 2017-2018 Joseph Kato: how prose's tokenizer cuts
// a word into tokens, which ner.go needs to know which tokens prose shares
// between occurrences of a word (see sharedLabels). prose does not export
// it; TestNERMatchesProse compares the result with prose's own.

package redact

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// proseSplit is prose's doSplit: the texts of the tokens of one word. ok
// is false for a word prose cannot cut: it looks for "'s" and "n't" in the
// word in lower case and cuts the word where it found them, which is past
// its end when lower case is longer ("ȺȺȺ's"); prose then panics.
func proseSplit(token string) (out []string, ok bool) {
	var tokens, suffs []string
	add := func(s string) {
		if strings.TrimSpace(s) != "" {
			tokens = append(tokens, s)
		}
	}
	last := 0
	for token != "" && utf8.RuneCountInString(token) != last {
		// Both of internalRE's forms end with ".": others need no regexp.
		if _, ok := proseEmoticons[token]; ok || (strings.HasSuffix(token, ".") && proseInternalRE.MatchString(token)) {
			add(token)
			break
		}
		last = utf8.RuneCountInString(token)
		lower := strings.ToLower(token)
		if anyPrefix(token, proseTokenPrefixes) {
			add(string(token[0]))
			token = token[1:]
		} else if idx := anyIndex(lower, []string{"'ll", "'s", "'re", "'m"}); idx > -1 {
			if idx > len(token) {
				return nil, false
			}
			add(token[:idx])
			token = token[idx:]
		} else if idx := anyIndex(lower, []string{"n't"}); idx > -1 {
			if idx > len(token) {
				return nil, false
			}
			add(token[:idx])
			token = token[idx:]
		} else if anySuffix(token, proseTokenSuffixes) {
			suffs = append([]string{string(token[len(token)-1])}, suffs...)
			token = token[:len(token)-1]
		} else {
			add(token)
		}
	}
	return append(tokens, suffs...), true
}

// proseReadable returns text with the words prose cannot cut (see
// proseSplit) made white space, byte for byte, so that prose reads the rest
// of the text rather than panicking.
func proseReadable(text string) string {
	var b []byte
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		end := strings.IndexFunc(text[i:], unicode.IsSpace)
		if end < 0 {
			end = len(text) - i
		}
		if _, ok := proseSplit(proseSanitizer.Replace(text[i : i+end])); !ok {
			if b == nil {
				b = []byte(text)
			}
			for k := i; k < i+end; k++ {
				b[k] = ' '
			}
		}
		i += end
	}
	if b == nil {
		return text
	}
	return string(b)
}

func anyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if len(s) > len(p) && strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func anySuffix(s string, suffixes []string) bool {
	for _, p := range suffixes {
		if len(s) > len(p) && strings.HasSuffix(s, p) {
			return true
		}
	}
	return false
}

func anyIndex(s string, subs []string) int {
	for _, p := range subs {
		if idx := strings.Index(s, p); idx >= 0 && len(s) > len(p) {
			return idx
		}
	}
	return -1
}

var proseInternalRE = regexp.MustCompile(`^(?:[A-Za-z]\.){2,}$|^[A-Z][a-z]{1,2}\.$`)

var proseTokenSuffixes = []string{",", ")", `"`, "]", "!", ";", ".", "?", ":", "'"}

var proseTokenPrefixes = []string{"$", "(", `"`, "["}

var proseEmoticons = map[string]int{
	"(-8":         1,
	"(-;":         1,
	"(-_-)":       1,
	"(._.)":       1,
	"(:":          1,
	"(=":          1,
	"(o:":         1,
	"(¬_¬)":       1,
	"(ಠ_ಠ)":       1,
	"(╯°□°）╯︵┻━┻": 1,
	"-__-":        1,
	"8-)":         1,
	"8-D":         1,
	"8D":          1,
	":(":          1,
	":((":         1,
	":(((":        1,
	":()":         1,
	":)))":        1,
	":-)":         1,
	":-))":        1,
	":-)))":       1,
	":-*":         1,
	":-/":         1,
	":-X":         1,
	":-]":         1,
	":-o":         1,
	":-p":         1,
	":-x":         1,
	":-|":         1,
	":-}":         1,
	":0":          1,
	":3":          1,
	":P":          1,
	":]":          1,
	":`(":         1,
	":`)":         1,
	":`-(":        1,
	":o":          1,
	":o)":         1,
	"=(":          1,
	"=)":          1,
	"=D":          1,
	"=|":          1,
	"@_@":         1,
	"O.o":         1,
	"O_o":         1,
	"V_V":         1,
	"XDD":         1,
	"[-:":         1,
	"^___^":       1,
	"o_0":         1,
	"o_O":         1,
	"o_o":         1,
	"v_v":         1,
	"xD":          1,
	"xDD":         1,
	"¯\\(ツ)/¯":    1,
}
