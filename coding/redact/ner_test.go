package redact

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jdkato/prose/v2"
)

// proseAndOurs runs prose's pipeline on text, and ours: on prose's tags,
// and on the tags of tagger.go (the pipeline the scan runs).
func proseAndOurs(t testing.TB, text string) (want, got []prose.Entity) {
	t.Helper()
	whole, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.UsingModel(proseModel()))
	if err != nil {
		t.Fatal(err)
	}
	tokens, _, ok := fastTokens(text)
	if !ok {
		t.Fatal("the scan's models cannot be read")
	}
	if len(tokens) != len(whole.Tokens()) {
		t.Errorf("%d tokens of %.40q, prose makes %d", len(tokens), text, len(whole.Tokens()))
	}
	var tags, proseTags []string
	for i, tok := range whole.Tokens() {
		if i < len(tokens) && tokens[i].Text != tok.Text {
			t.Errorf("token %d of %.40q is %q, prose's %q", i, text, tokens[i].Text, tok.Text)
		}
		proseTags = append(proseTags, tok.Tag)
		if i < len(tokens) {
			tags = append(tags, tokens[i].Tag)
		}
	}
	if !reflect.DeepEqual(tags, proseTags) {
		t.Errorf("tags of %.40q differ from prose's:\n%v\n%v", text, tags, proseTags)
	}
	if got := proseEntities(text); !reflect.DeepEqual(got, whole.Entities()) && (len(got) > 0 || len(whole.Entities()) > 0) {
		t.Errorf("the scan's entities of %.40q differ from prose's", text)
	}
	m, err := scanModels()
	if err != nil {
		t.Fatal(err)
	}
	tagged, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.WithExtraction(false), prose.UsingModel(proseModel()))
	if err != nil {
		t.Fatal(err)
	}
	// The entity model alone, on prose's own tags.
	_, sh := proseTokenize(text)
	return whole.Entities(), m.ner.entities(tagged.Tokens(), sh)
}

// The entity model read here finds what prose's own finds: the same
// entities, in order, with the same labels.
func TestNERMatchesProse(t *testing.T) {
	var texts []string
	paths, _ := filepath.Glob("../../internal/demo/corpus/*.txt")
	vtt, _ := filepath.Glob("../../internal/demo/corpus/*.vtt")
	for _, p := range append(paths, vtt...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	if len(texts) < 2 {
		t.Fatalf("corpus: %d texts", len(texts))
	}
	// Generated text: capitals, numbers, punctuation, accents, names
	// invented for the test.
	r := rand.New(rand.NewPCG(3, 4))
	words := []string{"Amara", "Okonkwo", "went", "to", "Toronto", "with", "the", "Lanterne", "Collective", "in", "2019", ".", ",",
		"Dr.", "Ilse", "Varga", "said", "UNHCR", "Montréal", "café", "O'Neil", "e-mail", "3.5", "Mr", "Ng", "WhatsApp", "Bureau", "of",
		"Migration", "Saint-Henri", "!", "'s", "and", "Ottawa", "Hamid", "—", "police", "Lebanon", "I", "She"}
	for range 40 {
		var b strings.Builder
		for range 200 {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(' ')
		}
		texts = append(texts, b.String())
	}
	found := 0
	for i, text := range texts {
		want, got := proseAndOurs(t, text)
		if !reflect.DeepEqual(want, got) {
			t.Errorf("text %d: prose found %v\nhere %v", i, want, got)
		}
		found += len(want)
	}
	if found < 100 {
		t.Errorf("only %d entities in all: the comparison says little", found)
	}
}

// The copy of prose's word list is the module's.
func TestNERWordListIsProses(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/jdkato/prose/v2").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(strings.TrimSpace(string(out)), "words.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	theirs := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			theirs[s] = true
		}
		return true
	})
	if !reflect.DeepEqual(theirs, proseWordList) {
		t.Errorf("word list: prose has %d words, the copy %d", len(theirs), len(proseWordList))
	}
}

// proseShape is prose's shape, as prose writes it.
func proseShape(word string) string {
	if _, err := strconv.ParseFloat(word, 64); err == nil {
		return "number"
	} else if match, _ := regexp.MatchString(`\W+$`, word); match {
		return "punct"
	} else if match, _ := regexp.MatchString(`\w+$`, word); match {
		if strings.ToLower(word) == word {
			return "downcase"
		} else if strings.Title(word) == word { //nolint:staticcheck // prose's own test
			return "upcase"
		}
		return "mixedcase"
	}
	return "other"
}

// wordShape answers as prose's regular expressions do.
func TestWordShape(t *testing.T) {
	words := []string{"", "3.5", "1e3", "Inf", "NaN", "0x1p-2", "Toronto", "toronto", "UNHCR", "iPhone", "café", "Montréal",
		"e-mail", "Saint-Henri", "!", "'s", "O'Neil", "x_", "\xff", "a\xff", "É", "ÉCOLE", "mcDonald", "McDonald", "x1", "X1"}
	r := rand.New(rand.NewPCG(5, 6))
	alphabet := []rune("aZé_9.-'!É ßİ\u00a0")
	for range 2000 {
		n := 1 + r.IntN(5)
		w := make([]rune, n)
		for i := range w {
			w[i] = alphabet[r.IntN(len(alphabet))]
		}
		words = append(words, string(w))
	}
	for _, w := range words {
		if got, want := wordShape(w), proseShape(w); got != want {
			t.Errorf("wordShape(%q) = %q, prose says %q", w, got, want)
		}
	}
}

// proseSplit cuts words as prose's tokenizer does.
func TestProseSplit(t *testing.T) {
	for _, tc := range []struct {
		word string
		want []string
	}{
		{"it's...", []string{"it"}}, // prose drops the rest
		{"(Toronto),", []string{"(", "Toronto", ")", ","}},
		{"don't", []string{"do", "n't"}},
		{"U.N.", []string{"U.N."}},
		{":-)", []string{":-)"}},
		{"$100", []string{"$", "100"}},
		{"Dr.", []string{"Dr."}},
	} {
		if got, _ := proseSplit(tc.word); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("proseSplit(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

// BenchmarkNER compares prose's extraction with the model read here, on
// the same tagged tokens.
func BenchmarkNER(b *testing.B) {
	data, err := os.ReadFile("../../internal/demo/corpus/montreal-fg.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	m, err := scanModels()
	if err != nil {
		b.Fatal(err)
	}
	tagged, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.WithExtraction(false), prose.UsingModel(proseModel()))
	if err != nil {
		b.Fatal(err)
	}
	_, sh := proseTokenize(text)
	b.Run("here", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			m.ner.entities(tagged.Tokens(), sh)
		}
	})
	b.Run("prose", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			if _, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.UsingModel(proseModel())); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// FuzzNERMatchesProse compares the entity model read here with prose's on
// any text prose reads.
func FuzzNERMatchesProse(f *testing.F) {
	for _, s := range []string{
		"Amara Okonkwo went to Toronto with the Lanterne Collective in 2019.",
		"it's... Dr. Ilse Varga said UNHCR's office (Montréal) isn't open :-) $100",
		"“Rana” met ‘Karim’ at the café &rsquo; Saint-Henri, Ottawa. Ottawa Ottawa.",
		"U.N. O.K. Mr. Ng — 3.5 e-mail WhatsApp\n\nP1: Hamid!",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		// The tokenizer passes over a word prose cannot cut as if it were
		// white space, as proseReadable makes it for prose.
		readable := proseReadable(text)
		if a, b := proseEntities(text), proseEntities(readable); !reflect.DeepEqual(a, b) {
			t.Fatalf("entities of the text %v, of its readable form %v", a, b)
		}
		text = readable
		want, got := proseAndOurs(t, text)
		if !reflect.DeepEqual(want, got) && (len(want) > 0 || len(got) > 0) {
			t.Fatalf("prose found %v\nhere %v", want, got)
		}
	})
}

// A word that would make prose panic ("ȺȺȺ's": lower case is longer, and
// prose cuts past the word's end) is left out; the rest is still read.
func TestProseUnreadableWord(t *testing.T) {
	text := "P1: We met ȺȺȺ's friend in Toronto. Karim came too, \xa4\xc1's."
	if _, ok := proseSplit("ȺȺȺ's"); ok {
		t.Fatal("proseSplit cuts a word prose cannot cut")
	}
	readable := proseReadable(text)
	if len(readable) != len(text) || strings.Contains(readable, "Ⱥ") || !strings.Contains(readable, "Karim came") {
		t.Fatalf("proseReadable(%q) = %q", text, readable)
	}
	var kinds []string
	for _, term := range scanText(text) {
		kinds = append(kinds, term.Text)
	}
	if got := strings.Join(kinds, ","); !strings.Contains(got, "Toronto") || !strings.Contains(got, "Karim") {
		t.Errorf("found %q, want Toronto and Karim", got)
	}
}
