package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestCoderScope: the project's default coders choose what every table and
// report counts, --coder overrides them, and both say which coders are in
// scope and who chose them. In the demo, sam is the check-coder: counting
// lea alone gives Legal assistance 10 passages of 6 participants.
func TestCoderScope(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	out := run(t, nil, "table", p, "needs")
	if !strings.HasPrefix(out, "Coders in scope: lea, sam (every coder; set a default with fieldwork config --coders).\n") {
		t.Errorf("table without a default: first line %q", firstLine(out))
	}
	errHas(t, failUsage(t, nil, "config", p, "--coders", "lae"), `coder "lae" has no codings`, `did you mean "lea"?`)
	out = run(t, nil, "config", p, "--coders", "lea", "--title", "Defenders in exile: needs 2026")
	if !strings.Contains(out, "Defenders in exile: needs 2026") || !strings.Contains(out, "saved in") {
		t.Errorf("config output:\n%s", out)
	}
	if got := run(t, nil, "config", p, "--json"); !strings.Contains(got, `"coders": [`) || !strings.Contains(got, `"lea"`) {
		t.Errorf("config --json:\n%s", got)
	}

	out = run(t, nil, "table", p, "needs", "--csv")
	if strings.Contains(out, "Coders in scope") {
		t.Errorf("CSV output has the human header line:\n%s", firstLine(out))
	}
	out = run(t, nil, "table", p, "needs")
	if !strings.HasPrefix(out, "Coders in scope: lea (the project's default).\n") {
		t.Errorf("table with a default: first line %q", firstLine(out))
	}
	if !regexpLine(out, `Legal assistance .* 6 of 27 .* 10 +10 +1\.67 `) {
		t.Errorf("needs with lea's codings: Legal assistance is not 10 codings, 10 passages, 1.67:\n%s", out)
	}
	out = run(t, nil, "table", p, "needs", "--coder", "sam")
	if !strings.HasPrefix(out, "Coders in scope: sam (--coder).\n") {
		t.Errorf("table with --coder: first line %q", firstLine(out))
	}

	md := run(t, nil, "report", p)
	if !strings.HasPrefix(md, "# Defenders in exile: needs 2026\n") || !strings.Contains(md, "Coders in scope: lea (the project's default).") {
		t.Errorf("report with the project's title and default coders starts:\n%s", md[:min(len(md), 300)])
	}
	md = run(t, nil, "report", p, "--title", "Another title", "--coder", "lea", "--coder", "sam")
	if !strings.HasPrefix(md, "# Another title\n") || !strings.Contains(md, "Coders in scope: lea, sam (--coder).") {
		t.Errorf("report --title --coder starts:\n%s", md[:min(len(md), 300)])
	}

	// The tracker's evidence counts as the tables do: with lea alone, R2
	// loses one participant and its strength.
	recs := run(t, nil, "recs", p)
	if !strings.Contains(recs, "Evidence counts the coders in scope: lea (the project's default).") || !regexpLine(recs, `^R2 .* moderate \(13 of 27\)`) {
		t.Errorf("recs with a default:\n%s", recs)
	}
	if show := run(t, nil, "recs", "show", p, "R2"); !strings.Contains(show, "Evidence counts the coders in scope: lea") {
		t.Errorf("recs show with a default:\n%s", show)
	}

	run(t, nil, "config", p, "--all-coders", "--title", "")
	if recs := run(t, nil, "recs", p); strings.Contains(recs, "Evidence counts") || !regexpLine(recs, `^R2 .* strong \(14 of 27\)`) {
		t.Errorf("recs with every coder:\n%s", recs)
	}
	md = run(t, nil, "report", p)
	if !strings.HasPrefix(md, "# Needs assessment: fieldwork-demo\n") {
		t.Errorf("report after the title was removed starts %q", firstLine(md))
	}
	failUsage(t, nil, "config", p, "--all-coders", "--coders", "lea")
}

// regexpLine reports whether a line of s matches the pattern.
func regexpLine(s, pattern string) bool {
	re := regexp.MustCompile(pattern)
	for _, l := range strings.Split(s, "\n") {
		if re.MatchString(l) {
			return true
		}
	}
	return false
}
