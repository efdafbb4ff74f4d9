package main

import (
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

const recsToday = "2026-11-23"

// recsProject is a hand-made study small enough to count by hand: two
// focus groups in two cities, three participants, and codings whose
// evidence is worked out in TestRecsEvidenceByHand.
func recsProject(t *testing.T) string {
	t.Helper()
	return shared(t, "recs", "study.fwp", func(t *testing.T, dir string) string {
		p := filepath.Join(dir, "study.fwp")
		run(t, nil, "init", p, "--codebook", "hrd-study")
		a := writeFile(t, dir, "a.txt", []byte("Facilitator: What would help?\nP1: A lawyer helped me with my hearing. The wait was long.\nP2: My brother was questioned back home.\n"))
		b := writeFile(t, dir, "b.txt", []byte("Facilitator: Anything else?\nP1: I never found a lawyer. The police did not listen.\n"))
		run(t, nil, "import", p, a, "--city", "Ottawa", "--group", "OTT")
		run(t, nil, "import", p, b, "--city", "Toronto", "--group", "TOR")
		for _, c := range [][3]string{
			{"a", "Legal assistance", "A lawyer helped me with my hearing."},
			{"b", "Legal assistance", "I never found a lawyer."},
			{"a", "Immigration documents and delays", "The wait was long."},
			{"a", "Threats to self or family", "My brother was questioned back home."},
			{"b", "Police and public-safety response", "The police did not listen."},
			{"a", "Legal assistance", "What would help?"}, // the facilitator's: never counts
		} {
			run(t, nil, "apply", p, "--source", c[0], "--code", c[1], "--match", c[2], "--coder", "lea")
		}
		return p
	})
}

// TestRecsEvidenceByHand: the evidence of recommendations on the
// hand-made project, counted by hand.
//
//	R1 Legal assistance + Immigration documents: OTT-P01 and TOR-P01, 2 of 3
//	   participants, 2 of 2 cities, 3 codings (the facilitator's is not one): strong
//	R2 Threats to self or family: OTT-P02 alone, 1 city: weak
//	R3 the theme Risks... (Threats and Police roll up): OTT-P02, TOR-P01: strong
//	R4 no code: none
func TestRecsEvidenceByHand(t *testing.T) {
	t.Parallel()
	p := recsProject(t)
	env := vars{"FIELDWORK_CODER": "ana"}
	run(t, env, "recs", "add", p, "--title", "Legal help and documents", "--code", "Legal assistance", "--code", "Immigration documents and delays")
	run(t, env, "recs", "add", p, "--title", "Protect families", "--code", "Threats to self or family")
	run(t, env, "recs", "add", p, "--title", "Task force", "--code", "Risks of activism and transnational repression")
	run(t, env, "recs", "add", p, "--title", "Something nobody said")
	list := byKey(t, jsonArray(t, run(t, nil, "recs", p, "--json", "--today", recsToday)), "id")
	tests := []struct {
		id                      string
		people, cities, codings int
		strength                string
	}{
		{"R1", 2, 2, 3, "strong"},
		{"R2", 1, 1, 1, "weak"},
		{"R3", 2, 2, 2, "strong"},
		{"R4", 0, 0, 0, "none"},
	}
	for _, tc := range tests {
		r := list[tc.id]
		if num(t, r, "participants") != tc.people || num(t, r, "participants_total") != 3 || num(t, r, "cities") != tc.cities ||
			num(t, r, "cities_total") != 2 || num(t, r, "codings") != tc.codings || r["evidence_strength"] != tc.strength {
			t.Errorf("%s: %v", tc.id, r)
		}
	}
	show := jsonObject(t, run(t, nil, "recs", "show", p, "R1", "--json"))
	ev := show["evidence"].(map[string]any)
	if ids := ev["participant_ids"].([]any); len(ids) != 2 || ids[0] != "OTT-P01" || ids[1] != "TOR-P01" {
		t.Errorf("participant ids %v", ids)
	}
	if names := ev["city_names"].([]any); len(names) != 2 || names[0] != "Ottawa" || num(t, ev, "cities") != 2 || num(t, ev, "codings") != 3 {
		t.Errorf("evidence %v", ev)
	}
	quotes := ev["quotes"].([]any)
	if len(quotes) != 2 {
		t.Fatalf("%d quotes, want 2 (one per participant)", len(quotes))
	}
	for _, q := range quotes {
		qm := q.(map[string]any)
		assertKeys(t, "evidence quote", qm, "code", "participant", "city", "source", "start", "end", "text", "coders", "typicality")
		if by := qm["participant"].(string); by != "OTT-P01" && by != "TOR-P01" {
			t.Errorf("quote by %s", by)
		}
		if strings.Contains(qm["text"].(string), "What would help") {
			t.Error("the facilitator is quoted")
		}
	}
}

// TestRecsSameRuleAsTables: a recommendation linked to one code has the
// participants and codings of that code in the frequency table.
func TestRecsSameRuleAsTables(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	freq := byKey(t, jsonArray(t, run(t, nil, "table", p, "frequencies", "--json")), "code")
	recs := byKey(t, jsonArray(t, run(t, nil, "recs", p, "--json", "--today", recsToday)), "id")
	r6 := recs["R6"] // Virtual communities and peer support: Peer support only
	f := freq["Recognition and capacity building/Peer support"]
	if num(t, r6, "participants") != num(t, f, "participants") || num(t, r6, "codings") != num(t, f, "codings") ||
		num(t, r6, "cities") != num(t, f, "cities") || num(t, r6, "participants_total") != num(t, f, "participants_total") {
		t.Errorf("R6 evidence %v\ndiffers from the frequencies of Peer support %v", r6, f)
	}
	// A recommendation with several codes has at least the participants
	// of each, and no more than all of them together.
	r3 := recs["R3"]
	sum := 0
	for _, c := range []string{"Threats to self or family", "Surveillance and digital threats", "Police and public-safety response"} {
		n := num(t, freq["Risks of activism and transnational repression/"+c], "participants")
		if num(t, r3, "participants") < n {
			t.Errorf("R3 has fewer participants than %s", c)
		}
		sum += n
	}
	if num(t, r3, "participants") > sum {
		t.Errorf("R3 has %d participants, more than its codes' %d", num(t, r3, "participants"), sum)
	}
}

// TestRecsGolden compares the tracker listings of the demo with
// testdata/TestRecsGolden/*.golden (go test ./cmd/fieldwork -update).
func TestRecsGolden(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	tests := []struct {
		golden string
		args   []string
	}{
		{"recs", []string{"recs", p, "--today", recsToday}},
		{"recs-show-r3", []string{"recs", "show", p, "R3", "--today", recsToday}},
		{"recs-due", []string{"recs", "due", p, "--today", recsToday}},
		{"recs-export-csv", []string{"recs", "export", p, "--csv"}},
	}
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			golden.RequireEqual(t, []byte(run(t, nil, tc.args...)))
		})
	}
}

func TestRecsListJSON(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	list := jsonArray(t, run(t, nil, "recs", p, "--json", "--today", recsToday))
	if len(list) != 6 {
		t.Fatalf("%d recommendations in the demo, want 6", len(list))
	}
	for i, r := range list {
		assertKeys(t, "recs --json", r, "id", "title", "text", "owner", "stakeholders", "priority", "status", "due", "days_left",
			"overdue", "codes", "evidence_strength", "participants", "participants_total", "cities", "cities_total", "codings",
			"created_at", "last_follow_up")
		if want := "R" + string(rune('1'+i)); r["id"] != want {
			t.Errorf("row %d is %v, want %s", i, r["id"], want)
		}
		last := r["last_follow_up"].(map[string]any)
		assertKeys(t, "last_follow_up", last, "id", "at", "date", "author", "note", "status_from", "status_to")
	}
	byID := byKey(t, list, "id")
	// As of 2026-11-23: R1 (due 2026-09-30, in progress) and R3 (2026-10-31,
	// blocked) are overdue; R6 (2026-08-31) is done, so it is not.
	for id, want := range map[string]bool{"R1": true, "R2": false, "R3": true, "R4": false, "R5": false, "R6": false} {
		if byID[id]["overdue"] != want {
			t.Errorf("%s overdue = %v, want %v", id, byID[id]["overdue"], want)
		}
	}
	if num(t, byID["R1"], "days_left") != -54 || num(t, byID["R4"], "days_left") != 22 {
		t.Errorf("days left R1 %v, R4 %v", byID["R1"]["days_left"], byID["R4"]["days_left"])
	}
	// On another day, other ones are overdue.
	later := byKey(t, jsonArray(t, run(t, nil, "recs", p, "--json", "--today", "2027-02-01")), "id")
	if later["R2"]["overdue"] != true || later["R4"]["overdue"] != true || later["R6"]["overdue"] != false {
		t.Errorf("on 2027-02-01: R2 %v, R4 %v, R6 %v", later["R2"]["overdue"], later["R4"]["overdue"], later["R6"]["overdue"])
	}
	// Without --today, the real date is used.
	if out := run(t, nil, "recs", p); !strings.Contains(out, "6 recommendations") {
		t.Errorf("recs on today's date:\n%s", out)
	}
}

func TestRecsDue(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	ids := func(args ...string) string {
		var out []string
		for _, r := range jsonArray(t, run(t, nil, append([]string{"recs", "due", p, "--json", "--today", recsToday}, args...)...)) {
			assertKeys(t, "recs due --json", r, "id", "title", "owner", "status", "priority", "due", "days_left", "overdue", "due_state")
			out = append(out, r["id"].(string))
		}
		return strings.Join(out, " ")
	}
	tests := []struct {
		within, want string
	}{
		{"30d", "R1 R3 R4"}, // overdue first (the most overdue first), then R4 due in 22 days
		{"", "R1 R3 R4"},    // 30 days is the default
		{"0", "R1 R3"},
		{"3w", "R1 R3"},
		{"22d", "R1 R3 R4"},
		{"10w", "R1 R3 R4 R2"},
		{"all", "R1 R3 R4 R2 R5"}, // R6 is done: never listed
	}
	for _, tc := range tests {
		args := []string{}
		if tc.within != "" {
			args = append(args, "--within", tc.within)
		}
		if got := ids(args...); got != tc.want {
			t.Errorf("--within %q: %s, want %s", tc.within, got, tc.want)
		}
	}
	// Dropping one takes it off the list for good.
	run(t, nil, "recs", "status", p, "R3", "dropped", "--note", "merged into R1", "--author", "helene")
	if got := ids(); got != "R1 R4" {
		t.Errorf("after dropping R3: %s", got)
	}
	out := run(t, nil, "recs", "due", p, "--today", "2026-01-01", "--within", "1d")
	if !strings.Contains(out, "nothing is overdue or due within 1 day") {
		t.Errorf("empty due list:\n%s", out)
	}
	for _, bad := range []string{"soon", "-3d", "2m", "1.5d"} {
		errHas(t, failUsage(t, nil, "recs", "due", p, "--within", bad), "--within")
	}
	errHas(t, failUsage(t, nil, "recs", "due", p, "--today", "23/11/2026"), "--today")
}

// TestRecsCommands walks a recommendation through every command.
func TestRecsCommands(t *testing.T) {
	t.Parallel()
	p := recsProject(t)
	env := vars{"FIELDWORK_CODER": "sam"}
	out := run(t, env, "recs", p)
	if !strings.Contains(out, "no recommendations yet") {
		t.Errorf("empty list: %q", out)
	}
	if got := jsonArray(t, run(t, nil, "recs", p, "--json")); len(got) != 0 {
		t.Errorf("empty JSON list: %v", got)
	}
	out = run(t, env, "recs", "add", p, "--title", "Legal clinic", "--text", "A monthly clinic.", "--owner", "Ana",
		"--stakeholder", "legal aid", "--stakeholder", "IRCC", "--priority", "high", "--due", "2026-10-01", "--code", "Legal assistance", "--note", "from the report")
	if !strings.Contains(out, "added R1: Legal clinic (proposed, high priority, due 2026-10-01, 1 code linked)") {
		t.Errorf("add said %q", out)
	}
	r := jsonObject(t, run(t, nil, "recs", "show", p, "r1", "--json", "--today", recsToday))
	assertKeys(t, "recs show --json", r, "id", "title", "text", "owner", "stakeholders", "priority", "status", "due", "days_left",
		"overdue", "codes", "evidence_strength", "participants", "participants_total", "cities", "cities_total", "codings",
		"created_at", "last_follow_up", "due_state", "evidence", "log")
	assertKeys(t, "evidence", r["evidence"].(map[string]any), "codes", "participants", "participants_total", "participant_ids",
		"cities", "cities_total", "city_names", "codings", "strength", "quotes")
	if r["due_state"] != "overdue by 53 days" || r["owner"] != "Ana" || len(r["stakeholders"].([]any)) != 2 {
		t.Errorf("show %v", r)
	}
	log := r["log"].([]any)
	if len(log) != 1 || log[0].(map[string]any)["author"] != "sam" || log[0].(map[string]any)["status_to"] != "proposed" ||
		log[0].(map[string]any)["note"] != "from the report" {
		t.Errorf("creation log %v", log)
	}

	out = run(t, env, "recs", "edit", p, "R1", "--due", "2027-03-01", "--owner", "Ben", "--author", "ana")
	if !strings.Contains(out, "R1: edited owner Ana → Ben; due 2026-10-01 → 2027-03-01") {
		t.Errorf("edit said %q", out)
	}
	if out := run(t, env, "recs", "edit", p, "R1", "--owner", "Ben"); !strings.Contains(out, "unchanged") {
		t.Errorf("no-op edit said %q", out)
	}
	out = run(t, env, "recs", "link", p, "R1", "Immigration documents and delays", "Settlement services")
	if !strings.Contains(out, "linked Adaptation and support systems/Immigration documents and delays, Adaptation and support systems/Settlement services (3 codes linked)") {
		t.Errorf("link said %q", out)
	}
	out = run(t, env, "recs", "link", p, "R1", "Settlement services", "--remove")
	if !strings.Contains(out, "unlinked Adaptation and support systems/Settlement services (2 codes linked)") {
		t.Errorf("unlink said %q", out)
	}
	out = run(t, env, "recs", "status", p, "R1", "in progress", "--note", "Clinic booked.")
	if out != "R1: proposed → in progress (logged by sam)\n" {
		t.Errorf("status said %q", out)
	}
	out = run(t, env, "recs", "log", p, "R1", "--note", "First clinic held.", "--author", "ana")
	if !strings.HasPrefix(out, "R1: follow-up ") || !strings.Contains(out, "logged by ana") {
		t.Errorf("log said %q", out)
	}
	checkRecsWalk(t, p)
}

// checkRecsWalk checks R1 after the walk of TestRecsCommands: its log,
// state, text and listing.
func checkRecsWalk(t *testing.T, p string) {
	t.Helper()
	r := jsonObject(t, run(t, nil, "recs", "show", p, "R1", "--json", "--today", recsToday))
	var notes []string
	for _, e := range r["log"].([]any) {
		m := e.(map[string]any)
		assertKeys(t, "log entry", m, "id", "at", "date", "author", "note", "status_from", "status_to")
		notes = append(notes, m["author"].(string)+": "+m["status_from"].(string)+">"+m["status_to"].(string)+" "+m["note"].(string))
	}
	want := []string{
		"sam: >proposed from the report",
		"ana: > edited owner Ana → Ben; due 2026-10-01 → 2027-03-01",
		"sam: > linked Adaptation and support systems/Immigration documents and delays, Adaptation and support systems/Settlement services",
		"sam: > unlinked Adaptation and support systems/Settlement services",
		"sam: proposed>in-progress Clinic booked.",
		"ana: > First clinic held.",
	}
	if strings.Join(notes, "\n") != strings.Join(want, "\n") {
		t.Errorf("log:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
	if r["status"] != "in-progress" || r["overdue"] != false || num(t, r, "days_left") != 98 {
		t.Errorf("after the walk: %v", r)
	}
	text := run(t, nil, "recs", "show", p, "R1", "--today", recsToday)
	for _, w := range []string{"R1  Legal clinic", "in progress since 2026-", "due           2027-03-01 (due in 98 days)",
		"Evidence: strong — 2 of 3 participants (OTT-P01, TOR-P01), in 2 of 2 cities (Ottawa,\nToronto); 3 codings.",
		"— OTT-P01, Ottawa", "Log:", "First clinic held."} {
		if !strings.Contains(text, w) {
			t.Errorf("recs show lacks %q:\n%s", w, text)
		}
	}
	list := run(t, nil, "recs", p, "--today", recsToday)
	if !strings.Contains(list, "R1  Legal clinic") || !strings.Contains(list, "1 recommendation: 1 in progress; 0 overdue (as of 2026-11-23)") {
		t.Errorf("recs:\n%s", list)
	}
}

func TestRecsAuthor(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil)
	run(t, vars{"FIELDWORK_CODER": "sam"}, "recs", "add", p, "--title", "x")
	run(t, vars{"FIELDWORK_CODER": "sam"}, "recs", "log", p, "R1", "--note", "flag wins", "--author", "ana")
	run(t, nil, "recs", "log", p, "R1", "--note", "the OS user")
	var authors []string
	for _, e := range jsonObject(t, run(t, nil, "recs", "show", p, "R1", "--json"))["log"].([]any) {
		authors = append(authors, e.(map[string]any)["author"].(string))
	}
	osUser := ""
	if u, err := user.Current(); err == nil {
		osUser = u.Username
	}
	if strings.Join(authors, ",") != "sam,ana,"+osUser {
		t.Errorf("authors %v, want sam, ana, %s", authors, osUser)
	}
}

func TestRecsErrors(t *testing.T) {
	t.Parallel()
	p := recsProject(t)
	run(t, nil, "recs", "add", p, "--title", "x")
	usage := []struct {
		args []string
		msg  string
	}{
		{[]string{"recs", "add", p}, "--title is required"},
		{[]string{"recs", "add", p, "--title", "y", "--priority", "urgent"}, "want high, medium or low"},
		{[]string{"recs", "add", p, "--title", "y", "--due", "2026-13-01"}, "YYYY-MM-DD"},
		{[]string{"recs", "edit", p, "R1"}, "at least one field"},
		{[]string{"recs", "edit", p, "R1", "--title", " "}, "--title cannot be empty"},
		{[]string{"recs", "edit", p, "R1", "--priority", "soon"}, "--priority"},
		{[]string{"recs", "status", p, "R1", "finished"}, "want one of proposed, accepted, in-progress"},
		{[]string{"recs", "status", p, "R1"}, "expects PROJECT, a recommendation ID and a status"},
		{[]string{"recs", "log", p, "R1"}, "--note is required"},
		{[]string{"recs", "link", p, "R1"}, "at least one code"},
		{[]string{"recs", "export", p}, "--csv or --json"},
		{[]string{"recs", "export", p, "--csv", "--json"}, "--csv or --json"},
		{[]string{"recs", "export", p, "--csv", "--out", p}, "project"},
		{[]string{"recs", "show", p}, "expects PROJECT and a recommendation ID"},
		{[]string{"recs", "show", p, "R1", "--today", "tomorrow"}, "--today"},
		{[]string{"recs", p, "--today", "2026-02-30"}, "--today"},
		{[]string{"recs", "import", p}, "expects PROJECT and FILE"},
		{[]string{"recs", "frobnicate", p}, "expects PROJECT"},
	}
	for _, tc := range usage {
		t.Run(strings.Join(tc.args[1:2], " ")+" "+tc.msg, func(t *testing.T) {
			errHas(t, failUsage(t, nil, tc.args...), tc.msg)
		})
	}
	runtime := []struct {
		args []string
		msg  string
	}{
		{[]string{"recs", "show", p, "R9"}, "recommendation R9: not found"},
		{[]string{"recs", "show", p, "x"}, "not found"},
		{[]string{"recs", "status", p, "R1", "proposed"}, "already has that status"},
		{[]string{"recs", "link", p, "R1", "No such code"}, `code "No such code": not found`},
		{[]string{"recs", "link", p, "R1", "Networking", "--remove"}, "none of these codes is linked"},
		{[]string{"recs", "add", p, "--title", "y", "--code", "Nope"}, `code "Nope"`},
		{[]string{"recs", "edit", p, "R9", "--owner", "x"}, "R9: not found"},
		{[]string{"recs", "log", p, "R9", "--note", "x"}, "R9: not found"},
		{[]string{"recs", filepath.Join(t.TempDir(), "none.fwp")}, "no such project"},
		{[]string{"recs", "import", p, filepath.Join(t.TempDir(), "none.csv")}, "no such file"},
	}
	for _, tc := range runtime {
		t.Run(strings.Join(tc.args[1:2], " ")+" "+tc.msg, func(t *testing.T) {
			errHas(t, failRuntime(t, nil, tc.args...), tc.msg)
		})
	}
	if got := jsonArray(t, run(t, nil, "recs", p, "--json")); len(got) != 1 {
		t.Errorf("%d recommendations after refused commands, want 1", len(got))
	}
}
