package redact

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
)

// prose's entity extraction scores each token against each of its labels
// by building "feature-value-label" strings, 17 features x 13 labels, and
// looking each up in a map of 300,000 entries; for each token it also
// compiles two regular expressions and searches a list of 850 words. That
// is most of a scan. nerModel is the same model (prose's own data, read
// through prose.Asset) indexed by feature and value, so a token costs 17
// lookups; classify and chunk are prose's classify and chunk, step by step,
// with the scores summed in prose's order so that they are the same
// numbers. TestNERMatchesProse compares the two on the corpus and on
// generated text.

// nerFeatures is prose's featureOrder: the order the scores are summed in.
var nerFeatures = [...]string{
	"bias", "en-wordlist", "nextpos", "nextword", "pos", "pos+prevtag",
	"prefix3", "prevpos", "prevtag", "prevword", "shape", "shape+prevtag",
	"suffix3", "word", "word+nextpos", "word.lower", "wordlen"}

// nerModel is prose's maximum-entropy entity model.
type nerModel struct {
	labels []string
	// weights[f][value] holds, for feature f (an index of nerFeatures),
	// the labels the model has an entry for, with their weights.
	weights [len(nerFeatures)]map[string][]nerWeight
}

// nerWeight is the weight of a feature's value for one label.
type nerWeight struct {
	label int
	w     float64
}

// loadNER reads prose's entity model from its embedded data.
func loadNER() (*nerModel, error) {
	var labels []string
	var mapping map[string]int
	var weights []float64
	if err := proseAssets("Maxent", map[string]any{"labels": &labels, "mapping": &mapping, "weights": &weights}); err != nil {
		return nil, err
	}
	m := &nerModel{labels: labels}
	for f := range nerFeatures {
		m.weights[f] = map[string][]nerWeight{}
	}
	for key, id := range mapping {
		f, value, label, ok := m.split(key)
		if !ok || id < 0 || id >= len(weights) {
			return nil, fmt.Errorf("prose's entity model: entry %q cannot be read", key)
		}
		m.weights[f][value] = append(m.weights[f][value], nerWeight{label, weights[id]})
	}
	return m, nil
}

// proseAssets decodes parts of one of prose's models (a folder of its
// embedded data, one gob file for each part).
func proseAssets(folder string, parts map[string]any) error {
	for name, into := range parts {
		data, err := prose.Asset("model/" + folder + "/" + name + ".gob")
		if err != nil {
			return err
		}
		if err := gob.NewDecoder(bytes.NewReader(data)).Decode(into); err != nil {
			return fmt.Errorf("prose's model %s/%s: %w", folder, name, err)
		}
	}
	return nil
}

// split reads a mapping key, "feature-value-label" (values and labels may
// hold "-"): the feature is one of nerFeatures, the label one of labels.
func (m *nerModel) split(key string) (f int, value string, label int, ok bool) {
	f = -1
	for i, name := range nerFeatures {
		// "word" is a prefix of other names, but not followed by "-".
		if strings.HasPrefix(key, name+"-") {
			f = i
			break
		}
	}
	if f < 0 {
		return 0, "", 0, false
	}
	rest := key[len(nerFeatures[f])+1:]
	label = -1
	for i, l := range m.labels {
		if strings.HasSuffix(rest, "-"+l) {
			if label >= 0 {
				return 0, "", 0, false // two readings
			}
			label = i
		}
	}
	if label < 0 {
		return 0, "", 0, false
	}
	return f, rest[:len(rest)-len(m.labels[label])-1], label, true
}

// entities is prose's Document.Entities for tokens cut and tagged as
// prose cuts and tags them, sh their sharing (fastTokens).
func (m *nerModel) entities(tokens []prose.Token, sh shared) []prose.Entity {
	m.classify(tokens)
	sh.labels(tokens)
	return chunkEntities(tokens)
}

// proseSanitizer is the replacer prose's tokenizer applies first.
var proseSanitizer = strings.NewReplacer(
	"\u201c", `"`,
	"\u201d", `"`,
	"\u2018", "'",
	"\u2019", "'",
	"&rsquo;", "'")

// shared says which tokens prose shares. prose's tokenizer keeps the
// tokens of each word (a run of text between white space) and hands the
// same *Token to every later occurrence of that word, except the text's
// last: the tagger and then classify label each occurrence in turn, and
// what reads a token afterwards (classify reads tags, chunk labels) reads,
// at every occurrence, what the last one was given. last[i] is the
// position of that last occurrence of token i.
type shared struct{ last []int }

// proseTokenize is prose's tokenizer: the words of text (runs between
// white space, after prose's sanitizer) cut as prose cuts them
// (proseSplit), with the tokens prose shares between a word's occurrences.
// A word prose cannot cut gives no token, as if it were white space
// (proseReadable): prose would panic on it.
func proseTokenize(text string) (tokens []prose.Token, sh shared) {
	clean := proseSanitizer.Replace(text)
	type occurrence struct{ first, n int }
	lastOf := map[string]occurrence{} // word -> its last occurrence
	splits := map[string][]string{}   // a word's tokens, cut once
	var words []string
	var at []occurrence
	for rest := clean; ; {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			break
		}
		end := strings.IndexFunc(rest, unicode.IsSpace)
		if end < 0 {
			end = len(rest)
		}
		word := rest[:end]
		rest = rest[end:]
		split, seen := splits[word]
		if !seen {
			split, _ = proseSplit(word) // none for a word prose cannot cut
			splits[word] = split
		}
		o := occurrence{first: len(tokens), n: len(split)}
		for _, t := range split {
			tokens = append(tokens, prose.Token{Text: t})
		}
		if rest != "" { // the text's last word is not kept
			words = append(words, word)
			at = append(at, o)
			lastOf[word] = o
		}
	}
	sh.last = make([]int, len(tokens))
	for i := range sh.last {
		sh.last[i] = i
	}
	for i, word := range words {
		o, l := at[i], lastOf[word]
		for j := range o.n {
			sh.last[o.first+j] = l.first + j
		}
	}
	return tokens, sh
}

// tags leaves on each token the tag of the last occurrence it shares.
func (sh shared) tags(tokens []prose.Token) {
	for i, l := range sh.last {
		tokens[i].Tag = tokens[l].Tag
	}
}

// labels leaves on each token the label of the last occurrence it shares.
func (sh shared) labels(tokens []prose.Token) {
	for i, l := range sh.last {
		tokens[i].Label = tokens[l].Label
	}
}

// classify is prose's entityExtracter.classify: each token's label is the
// best scored given the labels of the tokens before it.
func (m *nerModel) classify(tokens []prose.Token) {
	history := make([]string, 0, len(tokens))
	var vals [len(nerFeatures)]string
	scores := make([]float64, len(m.labels))
	fx := newNERForms(tokens)
	for i := range tokens {
		fx.features(&vals, i, history)
		for l := range scores {
			scores[l] = 0
		}
		for f := range nerFeatures {
			for _, x := range m.weights[f][vals[f]] {
				scores[x.label] += x.w
			}
		}
		// prose keeps the first label above the best so far, starting
		// from minus infinity: none when every score is minus infinity.
		best, label := math.Inf(-1), ""
		for l, s := range scores {
			if s > best {
				best, label = s, m.labels[l]
			}
		}
		tokens[i].Label = label
		history = append(history, simplePOS(label))
	}
}

// nerForm is what prose's features take from a word, found once per
// distinct word of a text rather than up to three times per token.
type nerForm struct {
	lower, shape, prefix3, suffix3, basic, length string
}

// nerForms are the tokens of one text with their words' forms, and the
// joined feature values already made.
type nerForms struct {
	tokens []prose.Token
	forms  []*nerForm
	joined map[[2]string]string
}

func newNERForms(tokens []prose.Token) *nerForms {
	byWord := map[string]*nerForm{}
	fx := &nerForms{tokens: tokens, forms: make([]*nerForm, len(tokens)), joined: map[[2]string]string{}}
	for i, t := range tokens {
		w := t.Text
		f := byWord[w]
		if f == nil {
			f = &nerForm{lower: strings.ToLower(w), shape: wordShape(w),
				prefix3: strings.ToLower(w[:min(len(w), 3)]), suffix3: strings.ToLower(w[len(w)-min(len(w), 3):]),
				basic: "False", length: strconv.Itoa(len(w))}
			if proseWordList[w] {
				f.basic = "True"
			}
			byWord[w] = f
		}
		fx.forms[i] = f
	}
	return fx
}

// join is a + "+" + b, made once for each pair (tags and shapes repeat).
func (fx *nerForms) join(a, b string) string {
	k := [2]string{a, b}
	s, ok := fx.joined[k]
	if !ok {
		s = a + "+" + b
		fx.joined[k] = s
	}
	return s
}

// features is prose's extract of token i, into vals in nerFeatures order.
func (fx *nerForms) features(vals *[len(nerFeatures)]string, i int, history []string) {
	ctx, f := fx.tokens, fx.forms[i]
	prevShape, prevTag, prevWord, prevPos := "None", "None", "None", "None"
	if i > 0 {
		prevWord = fx.forms[i-1].lower
		prevPos = ctx[i-1].Tag
		prevTag = history[i-1]
		if i > 1 {
			prevShape = fx.forms[i-1].shape
		}
	}
	nextWord, nextPos := "None", "None"
	if i < len(ctx)-1 {
		nextWord = fx.forms[i+1].lower
		nextPos = strings.ToLower(ctx[i+1].Tag)
	}
	*vals = [len(nerFeatures)]string{
		"True", f.basic, nextPos, nextWord, ctx[i].Tag, fx.join(ctx[i].Tag, prevTag),
		f.prefix3, prevPos, prevTag, prevWord, f.shape, fx.join(prevShape, prevTag),
		f.suffix3, ctx[i].Text, f.lower + "+" + nextPos, f.lower, f.length,
	}
}

// wordShape is prose's shape: `\W+$` and `\w+$` (ASCII classes, unanchored
// at the start) test the word's last character.
func wordShape(word string) string {
	if _, err := strconv.ParseFloat(word, 64); err == nil {
		return "number"
	}
	if word == "" {
		return "other"
	}
	r, _ := utf8.DecodeLastRuneInString(word)
	if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
		return "punct"
	}
	switch {
	case strings.ToLower(word) == word:
		return "downcase"
	case strings.Title(word) == word: //nolint:staticcheck // prose's test, kept as it is
		return "upcase"
	}
	return "mixedcase"
}

// simplePOS is prose's simplePOS of a label.
func simplePOS(pos string) string {
	if strings.HasPrefix(pos, "V") {
		return "v"
	}
	return strings.Split(pos, "-")[0]
}

// chunkEntities is prose's entityExtracter.chunk: runs of labelled tokens
// made entities.
func chunkEntities(tokens []prose.Token) []prose.Entity {
	entities := []prose.Entity{}
	end := ""
	var parts []prose.Token
	for _, tok := range tokens {
		label := tok.Label
		idx := len(parts)
		if (label != "O" && label != end) ||
			(idx > 0 && tok.Tag == parts[idx-1].Tag) ||
			(idx > 0 && tok.Tag == "CD" && parts[idx-1].Label != "O") {
			end = strings.Replace(label, "B", "I", 1)
			parts = append(parts, tok)
		} else if (label == "O" && end != "") || label == end {
			if label != "O" {
				parts = append(parts, tok)
			}
			entities = append(entities, coalesceEntity(parts))
			end = ""
			parts = nil
		}
	}
	return entities
}

// coalesceEntity is prose's coalesce.
func coalesceEntity(parts []prose.Token) prose.Entity {
	labels := make([]string, len(parts))
	words := make([]string, len(parts))
	for i, tok := range parts {
		words[i], labels[i] = tok.Text, tok.Label
	}
	label := ""
	if len(labels) == 2 && (labels[0] == "B-PERSON" || labels[1] == "B-PERSON") {
		label = "PERSON" // prose: hard to find, so it wins
	} else if _, after, ok := strings.Cut(labels[0], "-"); ok {
		label, _, _ = strings.Cut(after, "-")
	}
	return prose.Entity{Label: label, Text: strings.Join(words, " ")}
}
