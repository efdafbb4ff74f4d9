package tui

import (
	"strconv"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// showPeople opens the Participants screen.
func showPeople(h *harness) *participantsView {
	h.t.Helper()
	h.run(h.m.switchTo(tabParticipants))
	h.noError()
	v := h.m.people
	if len(v.list) == 0 {
		h.t.Fatal("no participants listed")
	}
	return v
}

// goToPerson moves the cursor to a participant with j.
func goToPerson(h *harness, id string) {
	h.t.Helper()
	h.keys("g")
	for v := h.m.people; v.list[v.cursor].ID != id; {
		before := v.cursor
		h.keys("j")
		if v.cursor == before {
			h.t.Fatalf("participant %s is not in the list", id)
		}
	}
}

// person reads one participant from the store.
func person(t *testing.T, s *store.Store, id string) (project.Participant, bool) {
	t.Helper()
	list, err := project.New(s).Participants()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if p.ID == id {
			return p, true
		}
	}
	return project.Participant{}, false
}

// importNewSpeakers adds an Ottawa session with two speakers no roster
// names: they get opaque ids and are unmatched.
func importNewSpeakers(t *testing.T, s *store.Store) {
	t.Helper()
	text := "Facilitator: Welcome back.\nSpeaker 10: I came after the first session, my file is still open.\nSpeaker 11: The clinic helped me with the forms.\n"
	_, err := project.New(s).ImportTranscripts(t.Context(), []project.Transcript{{Path: "ottawa-late.txt", Data: []byte(text),
		Meta: coding.SourceMeta{City: "Ottawa", Group: "OTT-1"}}}, project.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
}

func TestParticipantsEditAttributeAndRole(t *testing.T) {
	h := newHarness(t)
	showPeople(h)
	goToPerson(h, "OTT-03")
	mustContain(t, h.view(), "OTT-03 · participant", "gender: woman", "speaker label: Speaker 3")
	// e, pick gender, replace the value.
	h.keys("e")
	h.typeText("gender")
	h.keys("enter")
	if h.m.people.prompt == nil || h.m.people.prompt.input.Value() != "woman" {
		t.Fatal("the prompt does not hold the current value")
	}
	h.keys("ctrl+u")
	h.typeText("woman (self-described)")
	h.keys("enter")
	h.noError()
	if p, _ := person(t, h.s, "OTT-03"); p.Attributes["gender"] != "woman (self-described)" {
		t.Fatalf("gender is %q", p.Attributes["gender"])
	}
	mustContain(t, h.view(), "set gender of OTT-03 to woman (self-described)")
	// A new attribute, its key as the CLI stores it.
	h.keys("e")
	h.typeText("new attr")
	h.keys("enter")
	h.typeText("Arrival Year=2019")
	h.keys("enter")
	if p, _ := person(t, h.s, "OTT-03"); p.Attributes["arrival_year"] != "2019" {
		t.Fatalf("attributes %v", p.Attributes)
	}
	// An empty value removes it.
	h.keys("e")
	h.typeText("arrival")
	h.keys("enter", "ctrl+u", "enter")
	if p, _ := person(t, h.s, "OTT-03"); p.Attributes["arrival_year"] != "" {
		t.Fatalf("not removed: %v", p.Attributes)
	}
	// F flips the role, and back.
	h.keys("F")
	if p, _ := person(t, h.s, "OTT-03"); !p.Facilitator {
		t.Fatal("F did not make OTT-03 a facilitator")
	}
	if h.m.people.list[h.m.people.cursor].ID != "OTT-03" {
		t.Error("the cursor left the participant after the change")
	}
	mustContain(t, h.view(), "OTT-03 is now a facilitator")
	h.keys("F")
	if p, _ := person(t, h.s, "OTT-03"); p.Facilitator {
		t.Fatal("F did not make OTT-03 a participant again")
	}
}

func TestParticipantsBindLabel(t *testing.T) {
	h := newHarness(t)
	importNewSpeakers(t, h.s)
	v := showPeople(h)
	mustContain(t, h.view(), "2 unmatched labels: b binds")
	var loose []string
	for _, p := range v.list {
		if p.Unmatched {
			loose = append(loose, p.ID)
		}
	}
	if len(loose) != 2 {
		t.Fatalf("unmatched %v", loose)
	}
	// b on a participant with a roster id does nothing but say so.
	goToPerson(h, "OTT-02")
	h.keys("b")
	mustContain(t, h.view(), "nothing to bind")
	// Bind the first to an existing id: OTT-08 takes its label and turns.
	goToPerson(h, loose[0])
	h.keys("b")
	mustContain(t, h.view(), "Bind “Speaker 10” ("+loose[0]+") to")
	h.typeText("OTT-08")
	h.keys("enter")
	mustContain(t, h.view(), "cannot be undone")
	h.keys("enter")
	h.noError()
	if _, ok := person(t, h.s, loose[0]); ok {
		t.Errorf("%s still exists after its label was bound", loose[0])
	}
	p, _ := person(t, h.s, "OTT-08")
	if !strings.Contains(strings.Join(p.Labels, ","), "Speaker 10") || p.Turns != 11 {
		t.Errorf("OTT-08 has labels %v and %d turns", p.Labels, p.Turns)
	}
	// Bind the second to a new id, typed.
	goToPerson(h, loose[1])
	h.keys("b")
	h.typeText("new id")
	h.keys("enter")
	h.typeText("OTT-10")
	h.keys("enter", "1")
	h.noError()
	p, ok := person(t, h.s, "OTT-10")
	if !ok || p.Unmatched || p.Group != "OTT-1" || p.City != "Ottawa" || p.Turns != 1 {
		t.Fatalf("OTT-10: %+v (exists %v)", p, ok)
	}
	mustContain(t, h.view(), "bound 1 label of")
	if h.m.people.list[h.m.people.cursor].ID != "OTT-10" {
		t.Errorf("the cursor is on %s, not on the id bound to", h.m.people.list[h.m.people.cursor].ID)
	}
	if strings.Contains(h.view(), "unmatched label") {
		t.Error("labels are still reported unmatched")
	}
}

func TestParticipantsListScrolls(t *testing.T) {
	h := newHarness(t)
	h.resize(80, 24)
	v := showPeople(h)
	h.keys("G")
	last := v.list[len(v.list)-1].ID
	view := h.view()
	checkSize(t, h.m.View(), 80, 24)
	if !strings.Contains(view, " "+last+" ") {
		t.Fatalf("the last participant %s is not in sight:\n%s", last, view)
	}
	h.keys("g")
	mustContain(t, h.view(), " "+v.list[0].ID+" ")
}

func TestParticipantsGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 45}} {
		name := "participants-" + strconv.Itoa(size[0]) + "x" + strconv.Itoa(size[1])
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			h.resize(size[0], size[1])
			showPeople(h)
			goToPerson(h, "OTT-01")
			checkSize(t, h.m.View(), size[0], size[1])
			checkGolden(t, name, h.m.View())
		})
	}
}
