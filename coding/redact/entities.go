package redact

import (
	"crypto/sha256"
	"errors"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
)

// entityKinds maps prose's entity labels to kinds; prose's English model
// knows people (PERSON) and places (GPE); the others are there for models
// that know more.
var entityKinds = map[string]Kind{
	"PERSON": KindName, "GPE": KindPlace, "LOC": KindPlace, "FAC": KindPlace,
	"ORG": KindOrg, "NORP": KindOrg,
}

// notIdentifiers are capitalised words the entity scan reports that name
// nobody: pronouns, sentence openers, roles, months and days.
var notIdentifiers = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`i we you he she they it me us him her them my our your his their
		the a an and or but so yes no ok okay well oh um uh hmm thanks thank please sorry
		welcome hello hi hey good great right sure exactly absolutely tell said says ask asked
		this that these those there here then when what who why how where which if
		mr mrs ms dr sir madam
		speaker participant respondent interviewer interviewee moderator facilitator animatrice animateur host guest
		everyone everybody someone somebody nobody all group audience unknown inaudible crosstalk laughter
		january february march april may june july august september october november december
		monday tuesday wednesday thursday friday saturday sunday
		mondays tuesdays wednesdays thursdays fridays saturdays sundays
		oui non bonjour bonsoir merci plutôt voilà alors donc mais bien agreed agree indeed true
		god covid internet whatsapp signal telegram facebook twitter`) {
		notIdentifiers[w] = true
	}
}

// ScanVersion names the rules of Candidates (prose's model, the trimming
// and the checks): a scan stored under another version is stale and is
// made again.
const ScanVersion = 2

// Entities runs prose's named-entity scan over texts and returns the
// people, places and organisations it finds as terms (one per text,
// ignoring case), in order of first appearance: Candidates of each text,
// then Combine.
func Entities(texts ...string) []Term {
	cands := make([][]Term, len(texts))
	for i, t := range texts {
		cands[i] = Candidates(t)
	}
	return Combine(cands, texts)
}

// Candidates is the entity scan of one text (a source): what prose's model
// takes for people, places and organisations, trimmed of the words the
// scan glues to a name's ends and checked as plausible, one per term
// (ignoring case) in order of first appearance. It is what can be stored
// per text: Combine applies the filter that needs every text. A text is
// scanned on its own, so what it holds never depends on the texts beside
// it.
func Candidates(text string) []Term {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	sum := sha256.Sum256([]byte(text))
	if terms, ok := entityCache.get(sum); ok {
		return terms
	}
	out := candidates(text)
	entityCache.put(sum, out)
	return append([]Term(nil), out...)
}

// Combine merges the candidates of texts (cands[i] found in texts[i]) in
// order, one per term ignoring case, and drops those whose every word the
// texts also write in lower case: a word the scan took for a name ("Legal",
// "La") but that the speakers use as a plain word is not a name.
func Combine(cands [][]Term, texts []string) []Term {
	common := map[string]bool{}
	for _, t := range texts {
		addLowerCaseWords(common, t)
	}
	var out []Term
	seen := map[string]bool{}
	for _, cs := range cands {
		for _, c := range cs {
			key := lowerRunes(c.Text)
			if seen[key] || allCommon(c.Text, common) {
				continue
			}
			seen[key] = true
			out = append(out, c)
		}
	}
	return out
}

// entityCache keeps the last scans of this process, in memory only, by the
// SHA-256 of the text: a process that screens several outputs of one
// project (a test binary, the TUI) scans each text once. The store keeps
// them across processes.
var entityCache = &scanCache{m: map[[32]byte][]Term{}}

type scanCache struct {
	mu    sync.Mutex
	m     map[[32]byte][]Term
	order [][32]byte
}

const scanCacheSize = 512

func (c *scanCache) get(k [32]byte) ([]Term, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.m[k]
	return append([]Term(nil), t...), ok
}

func (c *scanCache) put(k [32]byte, t []Term) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[k]; ok {
		return
	}
	if len(c.order) == scanCacheSize {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	c.m[k] = append([]Term(nil), t...)
	c.order = append(c.order, k)
}

// proseModel is prose's English model, loaded once: prose loads it anew
// for every document otherwise (about a second). Scans only read it, so
// several may share it.
var proseModel = sync.OnceValue(func() *prose.Model { return prose.ModelFromData("en") })

// candidates is the scan of one text: of its sentences that may hold a
// name (nameBearing).
func candidates(text string) []Term {
	return scanText(nameBearing(text))
}

// scanText is prose's scan of text, whole.
func scanText(text string) []Term {
	if text == "" {
		return nil
	}
	var out []Term
	seen := map[string]bool{}
	for _, e := range proseEntities(text) {
		k, ok := entityKinds[e.Label]
		if !ok {
			continue
		}
		text := trimCommon(strings.TrimFunc(e.Text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
		if !plausibleEntity(text) {
			continue
		}
		key := lowerRunes(text)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, Term{Text: text, Kind: k, Source: FromEntity})
	}
	return out
}

// proseEntities is prose's named entities of text: prose's tokenizer,
// tagger and entity model, applied here (prose_tokens.go, tagger.go,
// ner.go, with prose's own model data) some 10 times faster than prose
// applies them. Words that would make prose panic are left out (see
// proseSplit). If the models cannot be read, prose reads the text.
func proseEntities(text string) []prose.Entity {
	if tokens, sh, ok := fastTokens(text); ok {
		m, _ := scanModels()
		return m.ner.entities(tokens, sh)
	}
	doc, err := prose.NewDocument(proseReadable(text), prose.WithSegmentation(false), prose.UsingModel(proseModel()))
	if err != nil {
		return nil
	}
	return doc.Entities()
}

// fastTokens is prose's tokens of text with prose's tags, cut and tagged
// here, and which of them prose shares; ok is false if the models cannot
// be read.
func fastTokens(text string) ([]prose.Token, shared, bool) {
	m, err := scanModels()
	if err != nil {
		return nil, shared{}, false
	}
	tokens, sh := proseTokenize(text)
	m.tagger.tag(tokens)
	sh.tags(tokens)
	return tokens, sh, true
}

// models are prose's tagging and entity models, as the scan applies them.
type models struct {
	tagger *posTagger
	ner    *nerModel
}

// scanModels loads both models on first use, side by side.
var scanModels = sync.OnceValues(func() (models, error) {
	var m models
	var nerErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.ner, nerErr = loadNER()
	}()
	var err error
	m.tagger, err = loadTagger()
	<-done
	return m, errors.Join(err, nerErr)
})

// nameBearing keeps the sentences of text that may hold a name, one
// paragraph each: prose's model finds people, places and organisations by
// their capitals, and its tagging costs about 5 µs a word, so a sentence
// whose only capitalised word opens it and is written in lower case
// elsewhere in the text ("The", "When", "Legal", which Combine would drop
// anyway) is not scanned. A sentence is kept when it has a capitalised
// word inside it that is not a pronoun, month or the like
// (notIdentifiers), when its first word is capitalised and never written
// in lower case ("Rana called me"), or when it has letters without case
// (scripts the model does not read, kept as before).
func nameBearing(text string) string {
	lower := map[string]bool{}
	addLowerCaseWords(lower, text)
	var b strings.Builder
	for _, para := range strings.Split(text, "\n") {
		for _, sent := range splitSentences(para) {
			if mayHoldName(sent, lower) {
				// The whole paragraph (a turn): prose reads a word by the
				// words around it.
				if b.Len() > 0 {
					b.WriteString("\n\n")
				}
				b.WriteString(para)
				break
			}
		}
	}
	return b.String()
}

// splitSentences cuts a paragraph after ., !, ? or … followed by a space:
// a rough cut is enough, since a sentence cut short is still kept whole
// when any part of it is (its parts are then scanned side by side).
func splitSentences(para string) []string {
	var out []string
	start := 0
	for i := 0; i < len(para); i++ {
		switch para[i] {
		case '.', '!', '?':
		default:
			if !strings.HasPrefix(para[i:], "…") {
				continue
			}
		}
		j := i + 1
		if para[i] == 0xE2 {
			j = i + len("…")
		}
		if j < len(para) && para[j] == ' ' {
			out = append(out, para[start:j])
			start = j + 1
			i = j
		}
	}
	if start < len(para) {
		out = append(out, para[start:])
	}
	return out
}

// mayHoldName reports whether a sentence may hold a name (see nameBearing);
// lower is the set of words the text writes in lower case.
func mayHoldName(sent string, lower map[string]bool) bool {
	first := true
	hold := false
	words := strings.FieldsFunc(sent, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '-' })
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		isFirst := first
		first = false
		switch {
		case unicode.IsLetter(r) && !unicode.IsUpper(r) && !unicode.IsLower(r):
			return true // a script without case
		case !unicode.IsUpper(r):
			continue
		}
		k := strings.ToLower(w)
		if notIdentifiers[k] || w == "I" || strings.HasPrefix(w, "I'") {
			continue
		}
		if !isFirst || !lower[k] {
			hold = true
		}
	}
	return hold
}

// addLowerCaseWords adds to set the words written in lower case in text.
func addLowerCaseWords(set map[string]bool, text string) {
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '-' }) {
		if w == strings.ToLower(w) {
			set[w] = true
		}
	}
}

// allCommon reports whether every word of an entity is also written in
// lower case in the texts.
func allCommon(entity string, common map[string]bool) bool {
	for _, w := range strings.Fields(entity) {
		if !common[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

// trimCommon drops the common and lower-case words the scan glues to a
// name's ends ("Tell Maria Gonzalez", "Ottawa four").
func trimCommon(s string) string {
	words := strings.Fields(s)
	drop := func(w string) bool {
		r, _ := utf8.DecodeRuneInString(w)
		return notIdentifiers[strings.ToLower(w)] || !unicode.IsUpper(r)
	}
	for len(words) > 0 && drop(words[0]) {
		words = words[1:]
	}
	for len(words) > 0 && drop(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// plausibleEntity refuses what the scan often mistakes for a name: one
// letter, a word in lower case, a pronoun or role, a number.
func plausibleEntity(s string) bool {
	if utf8.RuneCountInString(s) < 2 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) {
		return false
	}
	words := strings.Fields(s)
	allCommon := true
	for _, w := range words {
		if !notIdentifiers[strings.ToLower(strings.Trim(w, "'’.,"))] {
			allCommon = false
		}
	}
	return !allCommon
}

// Doc is one text to look for identifiers in, with the name it is listed
// under (a source's name).
type Doc struct {
	Name string
	Text string
}

// Suggestion is a candidate identifier found in a project's texts.
type Suggestion struct {
	Term    string   `json:"term"`
	Kind    Kind     `json:"kind"`
	Count   int      `json:"count"`
	Sources []string `json:"sources"`
	Found   string   `json:"found_by"` // FromEntity, FromScan, FromRoster or FromLabel
	Listed  bool     `json:"listed"`   // already on the identifier list
}

// Suggest finds candidate identifiers in docs: the terms given (the roster's
// pseudonyms, speaker labels, the list), the entity scan's people, places
// and organisations, and the patterns' addresses, numbers and handles.
// Each is counted where it occurs as a whole word; terms that occur nowhere
// are left out. The most frequent come first.
func Suggest(docs []Doc, known []Term, allow ...string) []Suggestion {
	texts := make([]string, len(docs))
	for i, d := range docs {
		texts[i] = d.Text
	}
	return SuggestFrom(docs, append(append([]Term(nil), known...), Entities(texts...)...), allow...)
}

// SuggestFrom is Suggest with the entity scan's terms already in terms (a
// store keeps them per source): it counts terms and the patterns in docs
// without scanning.
func SuggestFrom(docs []Doc, terms []Term, allow ...string) []Suggestion {
	r := New(terms, allow...)
	byKey := map[string]*Suggestion{}
	var order []string
	for _, d := range docs {
		for _, m := range r.Find(d.Text) {
			key := string(m.Kind) + "\x00" + lowerRunes(m.Text)
			if m.Source != FromScan {
				key = "t\x00" + lowerRunes(m.Text)
			}
			sg := byKey[key]
			if sg == nil {
				sg = &Suggestion{Term: m.Text, Kind: m.Kind, Found: m.Source, Listed: m.Source == FromList}
				byKey[key] = sg
				order = append(order, key)
			}
			sg.Count++
			if n := len(sg.Sources); n == 0 || sg.Sources[n-1] != d.Name {
				sg.Sources = append(sg.Sources, d.Name)
			}
		}
	}
	out := make([]Suggestion, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out
}
