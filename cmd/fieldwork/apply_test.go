package main

import (
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const applyText = "Amira: The paperwork took two years. The paperwork was lost twice.\nJonas: Café owners hired me; the paperwork was easy.\n"

// applyProject has the starter codebook and one source "fg".
func applyProject(t *testing.T) string {
	t.Helper()
	return shared(t, "apply", "study.fwp", func(t *testing.T, dir string) string {
		p := filepath.Join(dir, "study.fwp")
		run(t, nil, "init", p, "--codebook", "hrd-study")
		run(t, nil, "import", p, writeFile(t, dir, "fg.txt", []byte(applyText)), "--group", "G")
		return p
	})
}

func codingsJSON(t *testing.T, env vars, p string, filter ...string) []map[string]any {
	t.Helper()
	list := jsonArray(t, run(t, env, append([]string{"codings", p, "--json"}, filter...)...))
	for _, c := range list {
		assertKeys(t, "codings --json", c, "id", "source", "start", "end", "code", "coder", "text", "memo")
	}
	return list
}

// sourceText rebuilds the normalised text of a source from its turns in
// show --json, up to the end of the last turn; the gaps between turns (the
// labels) are NUL, so offsets into it are the project's offsets.
func sourceText(t *testing.T, p, src string) []rune {
	t.Helper()
	js := jsonObject(t, run(t, nil, "show", p, src, "--json"))
	turns := js["turns"].([]any)
	last := turns[len(turns)-1].(map[string]any)
	text := make([]rune, num(t, last, "end"))
	for _, tu := range turns {
		turn := tu.(map[string]any)
		copy(text[num(t, turn, "start"):], []rune(turn["text"].(string)))
	}
	return text
}

func TestApply(t *testing.T) {
	t.Parallel()
	p := applyProject(t)
	text := sourceText(t, p, "fg")
	pos := func(s string, nth int) int { // code-point offset of the nth occurrence
		r, off := string(text), 0
		for i := 0; ; i++ {
			j := strings.Index(r, s)
			if j < 0 {
				t.Fatalf("%q not in the text", s)
			}
			if i == nth {
				return off + len([]rune(r[:j]))
			}
			off += len([]rune(r[:j+len(s)]))
			r = r[j+len(s):]
		}
	}
	cafe := pos("Café owners", 0)

	tests := []struct {
		name       string
		args       []string
		env        vars
		start, end int
		code       string
		coder      string
		text, memo string
	}{
		{"offsets", []string{"--source", "fg", "--code", "Legal assistance", "--start", "0", "--end", "4", "--coder", "lea", "--memo", "first"},
			nil, 0, 4, "Adaptation and support systems/Legal assistance", "lea", string(text[0:4]), "first"},
		{"offsets after a non-ASCII letter count code points", []string{"--source", "1", "--code", "Employment and credential recognition",
			"--start", strconv.Itoa(cafe), "--end", strconv.Itoa(cafe + 11), "--coder", "lea"},
			nil, cafe, cafe + 11, "Adaptation and support systems/Employment and credential recognition", "lea", "Café owners", ""},
		{"match unique", []string{"--source", "fg", "--code", "Immigration documents and delays", "--match", "lost twice"},
			vars{"FIELDWORK_CODER": "sam"}, pos("lost twice", 0), pos("lost twice", 0) + 10,
			"Adaptation and support systems/Immigration documents and delays", "sam", "lost twice", ""},
		{"--coder beats FIELDWORK_CODER", []string{"--source", "fg", "--code", "Mentorship", "--match", "hired me", "--coder", "lea"},
			vars{"FIELDWORK_CODER": "sam"}, pos("hired me", 0), pos("hired me", 0) + 8,
			"Recognition and capacity building/Mentorship", "lea", "hired me", ""},
		{"match with --occurrence", []string{"--source", "fg", "--code", "Immigration documents and delays", "--match", "paperwork", "--occurrence", "3"},
			vars{"FIELDWORK_CODER": "sam"}, pos("paperwork", 2), pos("paperwork", 2) + 9,
			"Adaptation and support systems/Immigration documents and delays", "sam", "paperwork", ""},
		{"match of decomposed text finds the NFC text", []string{"--source", "fg", "--code", "Networking", "--match", "Cafe\u0301", "--coder", "x"},
			nil, cafe, cafe + 4, "Recognition and capacity building/Networking", "x", "Café", ""},
		{"full code path", []string{"--source", "fg", "--code", "Recognition and capacity building/Peer support", "--start", "7", "--end", "10", "--coder", "x"},
			nil, 7, 10, "Recognition and capacity building/Peer support", "x", string(text[7:10]), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := len(codingsJSON(t, nil, p))
			got := jsonObject(t, run(t, tc.env, append([]string{"apply", p, "--json"}, tc.args...)...))
			assertKeys(t, "apply --json", got, "id", "source", "start", "end", "code", "coder", "text", "memo")
			if num(t, got, "start") != tc.start || num(t, got, "end") != tc.end || got["code"] != tc.code ||
				got["coder"] != tc.coder || got["text"] != tc.text || got["memo"] != tc.memo || got["source"] != "fg" {
				t.Errorf("coding = %v\nwant %d-%d %s by %s %q memo %q", got, tc.start, tc.end, tc.code, tc.coder, tc.text, tc.memo)
			}
			list := codingsJSON(t, nil, p)
			if len(list) != before+1 {
				t.Fatalf("%d codings after apply, want %d", len(list), before+1)
			}
			for _, c := range list {
				if c["id"] == got["id"] {
					for k, v := range got {
						if c[k] != v {
							t.Errorf("codings --json %s = %v, apply said %v", k, c[k], v)
						}
					}
				}
			}
		})
	}

}

func TestApplyTextAndCoder(t *testing.T) {
	t.Parallel()
	p := applyProject(t)
	t.Run("text output", func(t *testing.T) {
		out := run(t, nil, "apply", p, "--source", "fg", "--code", "Networking", "--match", "owners", "--coder", "lea")
		if !strings.HasPrefix(out, "coding ") || !strings.Contains(out, `Recognition and capacity building/Networking on fg`) ||
			!strings.Contains(out, `by lea: "owners"`) {
			t.Errorf("apply said %q", out)
		}
	})
	t.Run("coder defaults to the OS user", func(t *testing.T) {
		u, err := user.Current()
		if err != nil || u.Username == "" {
			t.Skip("no OS user")
		}
		got := jsonObject(t, run(t, nil, "apply", p, "--json", "--source", "fg", "--code", "Networking", "--start", "0", "--end", "1"))
		if got["coder"] != u.Username {
			t.Errorf("coder = %v, want the OS user %q", got["coder"], u.Username)
		}
	})
}

func TestApplyRefused(t *testing.T) {
	t.Parallel()
	p := applyProject(t)
	run(t, nil, "codebook", "add", p, "X/Dup", "--parents")
	run(t, nil, "codebook", "add", p, "Y/Dup", "--parents")
	tests := []struct {
		name  string
		args  []string
		usage bool
		want  []string
	}{
		{"ambiguous match lists the offsets", []string{"--match", "paperwork"}, false, []string{"occurs 3 times", "--occurrence"}},
		{"not found", []string{"--match", "visa"}, false, []string{"visa", "does not occur"}},
		{"case matters", []string{"--match", "PAPERWORK"}, false, []string{"does not occur"}},
		{"occurrence beyond", []string{"--match", "paperwork", "--occurrence", "4"}, false, []string{"occurs 3 times", "no occurrence 4"}},
		{"negative occurrence", []string{"--match", "paperwork", "--occurrence", "-1"}, false, []string{"occurrence"}},
		{"empty span", []string{"--start", "5", "--end", "5"}, false, []string{"5-5"}},
		{"reversed span", []string{"--start", "5", "--end", "2"}, false, []string{"5-2"}},
		{"span past the end", []string{"--start", "0", "--end", "100000"}, false, []string{"outside"}},
		{"negative start", []string{"--start", "-1", "--end", "3"}, false, nil},
		{"unknown code", []string{"--code", "Nope", "--start", "0", "--end", "3"}, false, []string{"Nope", "not found"}},
		{"ambiguous code name", []string{"--code", "Dup", "--start", "0", "--end", "3"}, false, []string{"ambiguous", "X/Dup", "Y/Dup"}},
		{"unknown source", []string{"--source", "nope", "--start", "0", "--end", "3"}, false, []string{"nope", "not found"}},
		{"unknown source with match", []string{"--source", "nope", "--match", "x"}, false, []string{"nope"}},
		{"only --start", []string{"--start", "0"}, true, []string{"--start and --end"}},
		{"only --end", []string{"--end", "3"}, true, []string{"--start and --end"}},
		{"span and match", []string{"--start", "0", "--end", "3", "--match", "x"}, true, []string{"--match"}},
		{"neither span nor match", nil, true, []string{"--match"}},
		{"no --source", []string{"--source", "", "--match", "x"}, true, []string{"--source"}},
		{"no --code", []string{"--code", "", "--match", "x"}, true, []string{"--code"}},
		{"bad --start", []string{"--start", "x", "--end", "3"}, true, []string{"x"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"apply", p, "--source", "fg", "--code", "Networking", "--coder", "lea"}, tc.args...)
			var err error
			if tc.usage {
				err = failUsage(t, nil, args...)
			} else {
				err = failRuntime(t, nil, args...)
			}
			errHas(t, err, tc.want...)
			if n := len(codingsJSON(t, nil, p)); n != 0 {
				t.Errorf("a refused apply left %d coding(s)", n)
			}
		})
	}
	// The ambiguous-match error gives each occurrence's offset.
	text := string(sourceText(t, p, "fg"))
	var offs []string
	for i, off := 0, 0; ; {
		j := strings.Index(text[i:], "paperwork")
		if j < 0 {
			break
		}
		off += len([]rune(text[i : i+j]))
		offs = append(offs, strconv.Itoa(off))
		off += len("paperwork")
		i += j + len("paperwork")
	}
	err := failRuntime(t, nil, "apply", p, "--source", "fg", "--code", "Networking", "--match", "paperwork")
	errHas(t, err, "at "+strings.Join(offs, ", "))
}

func TestUnapply(t *testing.T) {
	t.Parallel()
	p := codedProject(t)
	list := codingsJSON(t, nil, p)
	id := strconv.Itoa(num(t, list[0], "id"))
	out := run(t, nil, "unapply", p, id)
	if !strings.Contains(out, "removed coding "+id) {
		t.Errorf("unapply said %q", out)
	}
	if n := len(codingsJSON(t, nil, p)); n != len(list)-1 {
		t.Errorf("%d codings after unapply, want %d", n, len(list)-1)
	}
	errHas(t, failRuntime(t, nil, "unapply", p, id), id, "not found")
	errHas(t, failUsage(t, nil, "unapply", p, "first"), "first")
	failUsage(t, nil, "unapply", p)
}

func TestCodingsFilters(t *testing.T) {
	t.Parallel()
	p := codedProject(t)
	run(t, nil, "import", p, writeFile(t, t.TempDir(), "other.txt", []byte("Karim: Surveillance of my phone.\nNadia: Yes, mine too.\n")))
	run(t, nil, "apply", p, "--source", "other", "--code", "Other", "--match", "Surveillance", "--coder", "sam", "--memo", "phone")
	run(t, nil, "apply", p, "--source", "other", "--code", "Theme", "--match", "mine too", "--coder", "lea")

	texts := func(list []map[string]any) string {
		var s []string
		for _, c := range list {
			s = append(s, c["text"].(string))
		}
		return strings.Join(s, "|")
	}
	tests := []struct {
		name   string
		filter []string
		want   string // texts in order
	}{
		{"all", nil, "paperwork|two years|A mentor|Surveillance|mine too"},
		{"source by name", []string{"--source", "fg"}, "paperwork|two years|A mentor"},
		{"source by id", []string{"--source", "2"}, "Surveillance|mine too"},
		{"code and its sub-codes", []string{"--code", "Theme"}, "paperwork|two years|A mentor|mine too"},
		{"leaf code", []string{"--code", "Theme/A"}, "paperwork|two years"},
		{"code by unique name", []string{"--code", "B"}, "A mentor"},
		{"coder", []string{"--coder", "lea"}, "paperwork|A mentor|mine too"},
		{"combined", []string{"--coder", "lea", "--code", "Theme", "--source", "fg"}, "paperwork|A mentor"},
		{"nothing matches", []string{"--coder", "nobody"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := texts(codingsJSON(t, nil, p, tc.filter...)); got != tc.want {
				t.Errorf("codings %v = %q, want %q", tc.filter, got, tc.want)
			}
		})
	}
	all := codingsJSON(t, nil, p, "--source", "other")
	if all[0]["memo"] != "phone" || all[0]["coder"] != "sam" || all[0]["code"] != "Other" || all[0]["source"] != "other" {
		t.Errorf("coding = %v", all[0])
	}

	out := run(t, nil, "codings", p, "--coder", "sam")
	for _, w := range []string{"id", "source", "span", "code", "coder", "text", "two years", "Surveillance", "2 codings"} {
		if !strings.Contains(out, w) {
			t.Errorf("codings table lacks %q:\n%s", w, out)
		}
	}
	if out := run(t, nil, "codings", p, "--coder", "nobody"); !strings.Contains(out, "no codings match") {
		t.Errorf("empty codings table: %q", out)
	}
	if out := run(t, nil, "codings", p, "--coder", "nobody", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("empty codings --json: %q", out)
	}
	failRuntime(t, nil, "codings", p, "--code", "Nope")
	failRuntime(t, nil, "codings", p, "--source", "nope")
}
