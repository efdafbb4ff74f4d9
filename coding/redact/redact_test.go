package redact

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The people below are invented.
var roster = []Term{
	{Text: "Rana", Replacement: "OTT-01", Source: FromRoster},
	{Text: "Maria Gonzalez", Replacement: "HAM-1-P03", Source: FromLabel},
	{Text: "Maria", Replacement: "[name]", Source: FromList},
	{Text: "Zorvath Institute", Kind: KindOrg, Source: FromList},
	{Text: "Élodie", Replacement: "MTL-04", Source: FromRoster},
}

func TestRedact(t *testing.T) {
	r := New(roster)
	cases := []struct {
		name, in, want string
		counts         Counts
	}{
		{"pseudonym spoken aloud", "He said, Rana, please stop.", "He said, OTT-01, please stop.", Counts{KindName: 1}},
		{"case-insensitive", "RANA and rana", "OTT-01 and OTT-01", Counts{KindName: 2}},
		{"whole words only", "Ranad and Korana, Maria's", "Ranad and Korana, [name]'s", Counts{KindName: 1}},
		{"longest first", "Maria Gonzalez met Maria.", "HAM-1-P03 met [name].", Counts{KindName: 2}},
		{"organisation", "at the zorvath institute today", "at the [org] today", Counts{KindOrg: 1}},
		{"accented", "ÉLODIE est là", "MTL-04 est là", Counts{KindName: 1}},
		{"email in a quote", `"write to rana.k@example.org," she said`, `"write to [email]," she said`, Counts{KindEmail: 1}},
		{"phone in a quote", "call me on +1 (613) 555-0147 tonight", "call me on [phone] tonight", Counts{KindPhone: 1}},
		{"local phone", "it was 555-0147.", "it was [phone].", Counts{KindPhone: 1}},
		{"short numbers are not phones", "in 12 345 cases", "in 12 345 cases", Counts{}},
		{"north american phone", "613-555-0147", "[phone]", Counts{KindPhone: 1}},
		{"a run of years is not a phone", "in 2019 2020 2021 we moved", "in 2019 2020 2021 we moved", Counts{}},
		{"years are not phones", "from 2014-2019 and on 2021-03-04", "from 2014-2019 and on 2021-03-04", Counts{}},
		{"url", "see https://example.org/rana?x=1.", "see [url].", Counts{KindURL: 1}},
		{"www url", "on www.example.org today", "on [url] today", Counts{KindURL: 1}},
		{"handle", "follow @rana_k and me@x", "follow [handle] and me@x", Counts{KindHandle: 1}},
		{"email not a handle", "rana@example.org", "[email]", Counts{KindEmail: 1}},
		{"nothing", "We waited two years.", "We waited two years.", Counts{}},
		{"empty", "", "", Counts{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := r.Redact(c.in)
			if res.Text != c.want {
				t.Errorf("Redact(%q) = %q, want %q", c.in, res.Text, c.want)
			}
			for k, v := range c.counts {
				if res.Counts[k] != v {
					t.Errorf("count %s = %d, want %d (%v)", k, res.Counts[k], v, res.Counts)
				}
			}
			if res.Counts.Total() != c.counts.Total() {
				t.Errorf("total %d, want %d (%v)", res.Counts.Total(), c.counts.Total(), res.Counts)
			}
		})
	}
}

func TestOffsetMap(t *testing.T) {
	r := New(roster)
	in := "Yes, Maria Gonzalez told me: the border was closed."
	res := r.Redact(in)
	old := []rune(in)
	neu := []rune(res.Text)
	// a coding on "the border was closed" moves to the same words
	s := strings.Index(in, "the border")
	cs := utf8.RuneCountInString(in[:s])
	ce := cs + utf8.RuneCountInString("the border was closed")
	ns, ne := res.Map.Span(cs, ce)
	if got := string(neu[ns:ne]); got != string(old[cs:ce]) {
		t.Errorf("moved span = %q, want %q", got, string(old[cs:ce]))
	}
	// a coding on the name itself covers its replacement
	ns, ne = res.Map.Span(5, 19)
	if got := string(neu[ns:ne]); got != "HAM-1-P03" {
		t.Errorf("span on the name = %q", got)
	}
	// a span starting inside the name starts at the replacement
	ns, _ = res.Map.Span(8, 30)
	if ns != 5 {
		t.Errorf("start inside the name moved to %d, want 5", ns)
	}
	if res.Map.Start(0) != 0 || res.Map.End(len(old)) != len(neu) {
		t.Errorf("ends: %d %d", res.Map.Start(0), res.Map.End(len(old)))
	}
}

func TestAllow(t *testing.T) {
	r := New(append(roster, Term{Text: "Ottawa", Kind: KindPlace}), "ottawa", "Maria")
	res := r.Redact("Maria moved to Ottawa; ask Rana.")
	if res.Text != "Maria moved to Ottawa; ask OTT-01." {
		t.Errorf("got %q", res.Text)
	}
}

func TestScreen(t *testing.T) {
	s := NewScreen(roster)
	got := []string{s.Text("Rana said hello"), s.Text("mail rana@example.org"), s.Text("nothing here")}
	want := []string{"OTT-01 said hello", "mail [email]", "nothing here"}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("Text #%d = %q, want %q", i, got[i], want[i])
		}
	}
	c := s.Counts()
	if c[KindName] != 1 || c[KindEmail] != 1 || c.Total() != 2 {
		t.Errorf("counts = %v", c)
	}
	if c.String() != "1 name, 1 email" {
		t.Errorf("counts say %q", c.String())
	}
	var none *Screen
	if none.Text("Rana") != "Rana" || none.Counts().Total() != 0 {
		t.Error("a nil screen must let text through and count nothing")
	}
}

func TestScreenLearn(t *testing.T) {
	s := NewScreen(nil, "Toronto")
	s.Learn("Yesterday Viktor Abramenko flew to Toronto and then to London with Daniel.")
	got := s.Text("Viktor Abramenko and Daniel stayed in London, then Toronto.")
	if strings.Contains(got, "Viktor") || strings.Contains(got, "Daniel") {
		t.Errorf("the entity scan's names stayed: %q", got)
	}
	if !strings.Contains(got, "Toronto") {
		t.Errorf("an allowed place was replaced: %q", got)
	}
}

func TestSuggest(t *testing.T) {
	docs := []Doc{
		{Name: "ottawa", Text: "Rana told me: call +1 613 555 0147 or write to kim@example.org."},
		{Name: "toronto", Text: "Rana and Rana's sister came."},
	}
	got := Suggest(docs, []Term{{Text: "Rana", Replacement: "OTT-01", Source: FromRoster}})
	if len(got) == 0 || got[0].Term != "Rana" || got[0].Count != 3 || strings.Join(got[0].Sources, ",") != "ottawa,toronto" {
		t.Fatalf("first suggestion = %+v", got)
	}
	kinds := map[Kind]bool{}
	for _, g := range got {
		kinds[g.Kind] = true
	}
	if !kinds[KindPhone] || !kinds[KindEmail] {
		t.Errorf("suggestions lack a phone or an e-mail: %+v", got)
	}
}

func TestLooksLikePersonalName(t *testing.T) {
	for label, want := range map[string]bool{
		"Maria Gonzalez": true, "Élise": true, "Jean-Baptiste": true, "O'Brien": true, "Nadège": true,
		"P1": false, "Speaker 1": false, "Facilitator": false, "Moderator": false, "Woman 2": false,
		"Participant A": false, "ABC": false, "M.": false, "": false, "R2-D2": false, "interviewer": false,
		"Respondent": false, "maria": false,
	} {
		if got := LooksLikePersonalName(label); got != want {
			t.Errorf("LooksLikePersonalName(%q) = %v, want %v", label, got, want)
		}
	}
}

func FuzzRedact(f *testing.F) {
	for _, s := range []string{"He said, Rana, please", "rana@example.org +1 613 555 0147", "https://x.org/@a",
		"Maria Gonzalez\xff\xfe", "@@@", "ÉLODIE", "İstanbul Rana"} {
		f.Add(s)
	}
	r := New(roster)
	f.Fuzz(func(t *testing.T, in string) {
		res := r.Redact(in)
		if !utf8.ValidString(res.Text) {
			t.Fatalf("invalid UTF-8 out of %q", in)
		}
		n, m := utf8.RuneCountInString(in), utf8.RuneCountInString(res.Text)
		if res.Map.End(n) != m || res.Map.Start(0) != 0 {
			t.Fatalf("map of the ends: %d->%d, 0->%d, len %d", n, res.Map.End(n), res.Map.Start(0), m)
		}
		prev := 0
		for _, mt := range res.Matches {
			if mt.Start < prev || mt.End <= mt.Start || mt.End > n {
				t.Fatalf("bad match %+v in %q", mt, in)
			}
			prev = mt.End
		}
		for i := 0; i <= n; i++ {
			if s, e := res.Map.Start(i), res.Map.End(i); s < 0 || e > m || s > m || e < 0 {
				t.Fatalf("offset %d maps out of range: %d %d (len %d)", i, s, e, m)
			}
		}
	})
}

func TestScreenMaskKeepsLength(t *testing.T) {
	sc := NewScreen(roster, "Ottawa")
	in := "He said, Rana, please call 613-555-0147 in Ottawa. 東京 stays."
	got := sc.Mask(in)
	if utf8.RuneCountInString(got) != utf8.RuneCountInString(in) {
		t.Fatalf("Mask changed the length: %q", got)
	}
	if strings.Contains(got, "Rana") || strings.Contains(got, "555") || !strings.Contains(got, "Ottawa") || !strings.Contains(got, "••••") {
		t.Errorf("Mask = %q", got)
	}
	var nilScreen *Screen
	if nilScreen.Mask(in) != in {
		t.Error("a nil screen masked")
	}
	res := sc.Redact(in)
	if res.Text == in || res.Counts.Total() == 0 {
		t.Errorf("Redact = %+v", res)
	}
}
