package coding

import (
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding/transcript"
)

func TestIsFacilitatorLabel(t *testing.T) {
	for label, want := range map[string]bool{
		"Facilitator": true, "facilitator 2": true, "Moderator": true, "Interviewer - Sam": true,
		"Animatrice": true, "Animateur": true, "Modératrice": true, "Co-facilitator": true,
		"P1": false, "Speaker 1": false, "Élise": false, "Jean-Baptiste": false, "Hostage": false, "": false,
	} {
		if got := IsFacilitatorLabel(label); got != want {
			t.Errorf("IsFacilitatorLabel(%q) = %v, want %v", label, got, want)
		}
	}
}

func TestSlice(t *testing.T) {
	for _, c := range []struct {
		s          string
		start, end int
		want       string
	}{
		{"héllo", 1, 3, "él"}, {"héllo", 0, 99, "héllo"}, {"héllo", 5, 6, ""}, {"héllo", 3, 2, ""}, {"", 0, 1, ""}, {"ab", -1, 1, "a"},
	} {
		if got := Slice(c.s, c.start, c.end); got != c.want {
			t.Errorf("Slice(%q,%d,%d) = %q, want %q", c.s, c.start, c.end, got, c.want)
		}
	}
}

func TestWordCount(t *testing.T) {
	for s, want := range map[string]int{
		"": 0, "one": 1, "l'immigration est lente": 3, "Jean-Baptiste said: yes, 12 times.": 5, "  \n ": 0,
	} {
		if got := WordCount(s); got != want {
			t.Errorf("WordCount(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestStarterCodebook(t *testing.T) {
	cb := StarterCodebook()
	themes := map[string]int{}
	for _, c := range cb.Codes {
		parts, _ := SplitPath(c.Path)
		if len(parts) == 2 {
			themes[parts[0]]++
		}
		if c.Definition == "" || !ValidColor(c.Color) {
			t.Errorf("%q lacks a definition or colour", c.Path)
		}
	}
	want := map[string]int{"Adaptation and support systems": 6, "Risks of activism and transnational repression": 4, "Recognition and capacity building": 7}
	for k, n := range want {
		if themes[k] != n {
			t.Errorf("theme %q has %d sub-codes, want %d", k, themes[k], n)
		}
	}
}

func TestParseCodebookErrors(t *testing.T) {
	for name, in := range map[string]string{
		"bad json":               `{`,
		"empty name":             `{"codes":[{"path":"A//B"}]}`,
		"duplicate":              `{"codes":[{"path":"A"},{"path":"a"}]}`,
		"bad colour":             `{"codes":[{"path":"A","color":"red"}]}`,
		"bad format":             `{"format":"other/2","codes":[]}`,
		"escape in a name":       `{"codes":[{"path":"A/B\u001b[31m"}]}`,
		"bidi override in name":  `{"codes":[{"path":"A\u202eB"}]}`,
		"escape in a definition": `{"codes":[{"path":"A","definition":"x\u001b]0;t\u0007"}]}`,
	} {
		if _, err := ParseCodebook([]byte(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestCheckText(t *testing.T) {
	if err := CheckText("definition", "two\nlines\tand a tab", true); err != nil {
		t.Errorf("multiline text refused: %v", err)
	}
	err := CheckText("name", "Safe\x1b[2J", false)
	if err == nil || !strings.Contains(err.Error(), "name: control character U+001B at character 5") {
		t.Errorf("CheckText = %v", err)
	}
	if CheckText("name", "a\tb", false) == nil {
		t.Error("a tab in a one-line field passed")
	}
	if _, err := ParseCodebook([]byte(`{"codes":[{"path":"Ok"},{"path":"Bad\u0007"}]}`)); err == nil || !strings.Contains(err.Error(), "codebook code 2") {
		t.Errorf("ParseCodebook does not name the code: %v", err)
	}
}

func TestParseRoster(t *testing.T) {
	in := "\ufeffID,Group,Speaker label,City,Years in Canada\nOTT-01,OTT-1,Speaker 1,Ottawa,4\nX-2,,,Toronto,\n"
	rows, err := ParseRoster(strings.NewReader(in), "r.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Label != "Speaker 1" || rows[0].Attributes["years_in_canada"] != "4" || rows[1].City != "Toronto" || len(rows[1].Attributes) != 0 {
		t.Fatalf("rows = %+v", rows)
	}
	for name, c := range map[string]struct{ in, want string }{
		"no id column": {"name,city\na,b\n", "line 1: no id column"},
		"empty id":     {"id,city\n,Ottawa\n", "line 2: empty id"},
		"label only":   {"id,group,label\nA,,P1\n", "line 2: give both group and label"},
		"bound twice":  {"id,group,label\nA,G,P1\nB,G,P1\n", "line 3: label \"P1\" of group \"G\" is already bound on line 2"},
		"too many":     {"id,city\nA,B,C\n", "line 2: 3 cells"},
		"empty":        {"", "empty file"},
		"header only":  {"id,city\n", "no participants"},
		"bare quote":   {"id,group\n0\"0", "line 2, column 2: bare \" in non-quoted-field (put a cell"},
	} {
		_, err := ParseRoster(strings.NewReader(c.in), "r.csv")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), `"r.csv"`) {
			t.Errorf("%s: error %v, want it to name r.csv and say %q", name, err, c.want)
		}
	}
}

func FuzzParseRoster(f *testing.F) {
	f.Add("id,group,label,city\nA,G,P1,Ottawa\n")
	f.Add("id\n\"a\"\"b\",\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, err := ParseRoster(strings.NewReader(in), "f.csv")
		if err == nil && len(rows) == 0 {
			t.Fatal("no error and no rows")
		}
	})
}

func TestFromTranscript(t *testing.T) {
	doc, err := transcript.Read("g.txt", []byte("Moderator: Welcome.\nP1: I waited. It was long.\n"))
	if err != nil {
		t.Fatal(err)
	}
	src, turns := FromTranscript("/x/y/ottawa-fg.txt", doc, SourceMeta{City: "Ottawa"})
	sents, err := Segment(src.Text, turns, src.Language)
	if err != nil {
		t.Fatal(err)
	}
	if src.Name != "ottawa-fg" || src.FileName != "ottawa-fg.txt" || src.City != "Ottawa" || src.Format != "txt" {
		t.Fatalf("source %+v", src)
	}
	if !turns[0].Facilitator || turns[1].Facilitator || len(sents) != 3 {
		t.Fatalf("turns %+v sentences %+v", turns, sents)
	}
}

func TestSourceMetaValidate(t *testing.T) {
	for _, m := range []SourceMeta{{Date: "2026-13-01"}, {Date: "14/03/2026"}, {Language: "French"}} {
		if m.Validate() == nil {
			t.Errorf("%+v validated", m)
		}
	}
	if err := (SourceMeta{Date: "2026-03-14", Language: "fr"}).Validate(); err != nil {
		t.Error(err)
	}
}
