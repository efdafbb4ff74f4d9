package redact

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/jdkato/prose/v2"
	"github.com/mingrammer/commonregex"
)

// posTagger is prose's part-of-speech tagger (an averaged perceptron, its
// own data read through prose.Asset), as ner.go is its entity model: prose
// builds a map of 14 feature strings for each word and walks a map of
// weights per feature; here a word costs 14 lookups into slices. tag is
// prose's perceptronTagger.tag step by step. prose sums a word's weights
// in map order, so its scores may differ from these in the last bit: only
// a tie to the last bit between two tags could give another tag.
type posTagger struct {
	classes []string
	tagMap  map[string]string // words with one tag, as prose keeps them
	weights map[string][]posWeight
}

// posWeight is the weight of one feature for one tag (an index of classes).
type posWeight struct {
	class int
	w     float64
}

// loadTagger reads prose's tagging model from its embedded data.
func loadTagger() (*posTagger, error) {
	var classes []string
	var tags map[string]string
	var weights map[string]map[string]float64
	if err := proseAssets("AveragedPerceptron", map[string]any{"classes": &classes, "tags": &tags, "weights": &weights}); err != nil {
		return nil, err
	}
	index := make(map[string]int, len(classes))
	for i, c := range classes {
		index[c] = i
	}
	pt := &posTagger{tagMap: tags, weights: make(map[string][]posWeight, len(weights))}
	pt.classes = classes
	for feat, ws := range weights {
		list := make([]posWeight, 0, len(ws))
		for class, w := range ws {
			i, ok := index[class]
			if !ok { // a tag the model names only here
				i = len(pt.classes)
				pt.classes = append(pt.classes, class)
				index[class] = i
			}
			list = append(list, posWeight{i, w})
		}
		pt.weights[feat] = list
	}
	return pt, nil
}

// Words prose tags without its model.
var (
	posNone = regexp.MustCompile(`^(?:0|\*[\w?]\*|\*\-\d{1,3}|\*[A-Z]+\*\-\d{1,3}|\*)$`)
	posKeep = regexp.MustCompile(`^\-[A-Z]{3}\-$`)
)

// tag gives each token prose's tag (before prose shares tags between the
// tokens of one word: see sharedTokens).
func (pt *posTagger) tag(tokens []prose.Token) {
	p1, p2 := "-START-", "-START2-"
	context := make([]string, len(tokens)+4)
	context[0], context[1] = p1, p2
	for i, t := range tokens {
		context[i+2] = posNormalize(t.Text)
	}
	context[len(context)-2], context[len(context)-1] = "-END-", "-END2-"
	scores := make([]float64, len(pt.classes))
	seen := make([]bool, len(pt.classes))
	type fixedTag struct {
		tag string
		ok  bool
	}
	fixed := map[string]fixedTag{} // a word's tag without the model
	for i := range tokens {
		word := tokens[i].Text
		f, known := fixed[word]
		if !known {
			f.tag, f.ok = pt.fixedTag(word)
			fixed[word] = f
		}
		tag := f.tag
		if !f.ok {
			tag = pt.predict(scores, seen, i, context, word, p1, p2)
		}
		tokens[i].Tag = tag
		p2, p1 = p1, tag
	}
}

// fixedTag is the tag prose gives word without its model (by its form, or
// as the only tag the word has); ok is false if the model decides.
func (pt *posTagger) fixedTag(word string) (tag string, ok bool) {
	if word == "-" {
		return "-", true
	} else if _, ok := proseEmoticons[word]; ok {
		return "SYM", true
	} else if commonregex.LinkRegex.MatchString(word) || commonregex.EmailRegex.MatchString(word) || strings.HasPrefix(word, "@") {
		return "NN", true
	} else if posNone.MatchString(word) {
		return "-NONE-", true
	} else if posKeep.MatchString(word) {
		return word, true
	}
	tag, ok = pt.tagMap[word]
	return tag, ok
}

// predict is prose's featurize and predict: the tag best scored by the
// word's features.
func (pt *posTagger) predict(scores []float64, seen []bool, i int, ctx []string, w, p1, p2 string) string {
	suf := min(len(w), 3)
	i = min(len(ctx)-2, i+2)
	iminus := min(len(ctx[i-1]), 3)
	iplus := min(len(ctx[i+1]), 3)
	feats := [...]string{
		"bias",
		"i suffix " + w[len(w)-suf:],
		"i pref1 " + string(rune(w[0])), // prose's string(w[0]): a byte as a rune
		"i-1 tag " + p1,
		"i-2 tag " + p2,
		"i tag+i-2 tag " + p1 + " " + p2,
		"i word " + ctx[i],
		"i-1 tag+i word " + p1 + " " + ctx[i],
		"i-1 word " + ctx[i-1],
		"i-1 suffix " + ctx[i-1][len(ctx[i-1])-iminus:],
		"i-2 word " + ctx[i-2],
		"i+1 word " + ctx[i+1],
		"i+1 suffix " + ctx[i+1][len(ctx[i+1])-iplus:],
		"i+2 word " + ctx[i+2],
	}
	for c := range scores {
		scores[c], seen[c] = 0, false
	}
	for k, f := range feats {
		value := 1.0 // prose counts a feature twice if two of its strings are one
		dup := false
		for _, g := range feats[:k] {
			if g == f {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		for _, g := range feats[k+1:] {
			if g == f {
				value++
			}
		}
		for _, x := range pt.weights[f] {
			scores[x.class] += value * x.w
			seen[x.class] = true
		}
	}
	best, tag := math.Inf(-1), ""
	for c, s := range scores {
		if seen[c] && s > best {
			best, tag = s, pt.classes[c]
		}
	}
	return tag
}

// posNormalize is prose's normalize of a word for the tagger's context.
func posNormalize(word string) string {
	if word == "" {
		return word
	}
	first := string(word[0])
	if strings.Contains(word, "-") && first != "-" {
		return "!HYPHEN"
	} else if _, err := strconv.Atoi(word); err == nil && len(word) == 4 {
		return "!YEAR"
	} else if _, err := strconv.Atoi(first); err == nil {
		return "!DIGITS"
	}
	return strings.ToLower(word)
}
