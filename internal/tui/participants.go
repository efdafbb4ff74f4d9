package tui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// participantsKeys are the Participants screen's bindings.
type participantsKeys struct {
	listKeys
	Role, Bind key.Binding
}

// ShortHelp is the Participants screen's footer.
func (k participantsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Edit, k.Role, k.Bind, k.Down, k.NextTab, k.Help, k.Quit}
}

// screenHelp is the Participants screen's `?` overlay.
func (k participantsKeys) screenHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Down, k.Up, k.Top, k.Bottom, k.PageDown, k.PageUp},
		{k.Edit, k.Role, k.Bind},
		{k.NextTab, k.all.PrevTab, k.Help, k.Quit},
	}
}

// peopleForm is what the Participants screen is asking.
type peopleForm int

const (
	formAttrValue peopleForm = iota // the value of the chosen attribute
	formAttrNew                     // key=value of a new attribute
	formBindNew                     // a new roster id for the labels
)

// Picker values that are not an attribute or an id.
const (
	newAttrValue = "\x00new"
	newIDValue   = "\x00newid"
)

// participantsView lists the participants, shows one's labels and
// attributes, edits attributes and the facilitator flag, and binds the
// labels of a speaker no roster named to a roster id.
type participantsView struct {
	c       *common
	keys    participantsKeys
	list    []project.Participant
	cursor  int
	stale   bool
	picker  *picker
	binding bool   // the picker chooses the id to bind to (else an attribute)
	attr    string // the attribute being edited
	bindTo  string // the id chosen, waiting for the confirmation
	prompt  *prompt
	form    peopleForm
	confirm *chooser
	note    string
	rows    scroller
	width   int
	height  int
}

func newParticipantsView(c *common) *participantsView {
	l := newListKeys(c.keys, map[string]string{"edit": "edit attribute"})
	k := participantsKeys{listKeys: l, Role: c.keys.Role, Bind: c.keys.Bind}
	return &participantsView{c: c, keys: k, rows: newScroller()}
}

func (v *participantsView) Capturing() bool {
	return v.picker != nil || v.prompt != nil || v.confirm != nil
}

func (v *participantsView) Keys() help.KeyMap { return v.keys }

func (v *participantsView) SetSize(width, height int) {
	v.width, v.height = width, height
	v.rows.setSize(width, max(v.listHeight(), 1))
}

func (v *participantsView) Show() tea.Cmd {
	if v.list == nil || v.stale {
		return loadParticipantsCmd(v.c.store, "")
	}
	return nil
}

// participantsLoadedMsg: the Participants screen's list, and what was
// done when a change made it read again.
type participantsLoadedMsg struct {
	list []project.Participant
	note string
}

// participantsChangedMsg: participants changed (an attribute, a role, a
// binding); the root gives it to every screen, since turns may now belong
// to another id.
type participantsChangedMsg struct {
	list  []project.Participant
	note  string
	focus string // the participant to put the cursor on, when not the same
}

func loadParticipantsCmd(st *store.Store, note string) tea.Cmd {
	return func() tea.Msg {
		list, err := project.New(st).Participants()
		if err != nil {
			return errMsg{err}
		}
		if list == nil {
			list = []project.Participant{}
		}
		return participantsLoadedMsg{list: list, note: note}
	}
}

// changeCmd runs a change of the participants, then reads them again.
func changeCmd(st *store.Store, fn func(*project.Project) (string, error)) tea.Cmd {
	return changeCmdFocus(st, "", fn)
}

// changeCmdFocus is changeCmd that puts the cursor on a participant.
func changeCmdFocus(st *store.Store, focus string, fn func(*project.Project) (string, error)) tea.Cmd {
	return func() tea.Msg {
		note, err := fn(project.New(st))
		if err != nil {
			return errMsg{err}
		}
		list, err := project.New(st).Participants()
		if err != nil {
			return errMsg{err}
		}
		return participantsChangedMsg{list: list, note: note, focus: focus}
	}
}

func (v *participantsView) current() (project.Participant, bool) {
	if v.cursor < len(v.list) {
		return v.list[v.cursor], true
	}
	return project.Participant{}, false
}

// take puts a new list in, with the cursor on the participant focus, or
// else on the same participant.
func (v *participantsView) take(list []project.Participant, note, focus string) {
	id := focus
	if p, ok := v.current(); ok && id == "" {
		id = p.ID
	}
	v.list, v.stale = list, false
	v.cursor = min(v.cursor, max(len(list)-1, 0))
	for i, p := range list {
		if p.ID == id {
			v.cursor = i
		}
	}
	if note != "" {
		v.note = note
	}
}

func (v *participantsView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case participantsLoadedMsg:
		v.take(msg.list, msg.note, "")
	case participantsChangedMsg:
		v.take(msg.list, msg.note, msg.focus)
	case actionDoneMsg:
		v.stale = true // withdrawals and imports are not actions, but keep counts honest
	case tea.KeyMsg:
		return v.updateKey(msg)
	}
	return nil
}

func (v *participantsView) updateKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case v.prompt != nil:
		return v.updatePrompt(msg)
	case v.picker != nil:
		return v.updatePicker(msg)
	case v.confirm != nil:
		return v.updateConfirm(msg)
	}
	v.note = ""
	k := v.keys
	p, ok := v.current()
	switch {
	case moveInList(msg, k.listKeys, &v.cursor, len(v.list), max(v.listHeight()-1, 1)):
	case !ok:
	case key.Matches(msg, k.Edit):
		v.openAttrPicker(p)
	case key.Matches(msg, k.Role):
		on := !p.Facilitator
		return changeCmd(v.c.store, func(pr *project.Project) (string, error) {
			if err := pr.SetFacilitator(p.ID, on); err != nil {
				return "", err
			}
			if on {
				return p.ID + " is now a facilitator: their speech is never counted", nil
			}
			return p.ID + " is now a participant: their speech counts", nil
		})
	case key.Matches(msg, k.Bind):
		if !p.Unmatched {
			v.note = p.ID + " is not an unmatched speaker label: nothing to bind"
			return nil
		}
		v.openBindPicker(p)
	}
	return nil
}

// openAttrPicker lists the participant's city and attributes (every key
// any participant has), then "new attribute".
func (v *participantsView) openAttrPicker(p project.Participant) {
	keys := map[string]bool{}
	for _, o := range v.list {
		for k := range o.Attributes {
			keys[k] = true
		}
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	items := []pickItem{{label: "city", name: "city = " + p.City, value: "city"}}
	for _, k := range names {
		items = append(items, pickItem{label: k, name: k + " = " + p.Attributes[k], value: k})
	}
	items = append(items, pickItem{label: "+ new attribute", value: newAttrValue})
	pk := newPicker("Edit an attribute of "+p.ID, items)
	v.picker, v.binding = &pk, false
}

// openBindPicker lists the ids the labels can be bound to: the other
// speakers of the same group first, then everyone else, then a new id.
func (v *participantsView) openBindPicker(p project.Participant) {
	var same, other []pickItem
	for _, o := range v.list {
		if o.ID == p.ID || o.Facilitator != p.Facilitator {
			continue
		}
		it := pickItem{label: o.ID, name: o.ID, hint: o.Group + " " + o.City, value: o.ID}
		if o.Group == p.Group {
			same = append(same, it)
		} else {
			other = append(other, it)
		}
	}
	items := append(append(same, other...), pickItem{label: "+ a new id", value: newIDValue})
	pk := newPicker(truncate(fmt.Sprintf("Bind %s (%s) to", quoteLabels(p.Labels), p.ID), v.width-1), items)
	v.picker, v.binding = &pk, true
}

func (v *participantsView) updatePicker(msg tea.KeyMsg) tea.Cmd {
	val, done, cmd := v.picker.update(msg, v.c.keys)
	if !done {
		return cmd
	}
	v.picker = nil
	p, ok := v.current()
	if val == "" || !ok {
		return nil
	}
	switch {
	case v.binding && val == newIDValue:
		v.openPrompt(formBindNew, "new id for "+p.ID, "")
	case v.binding:
		v.askBind(p, val)
	case val == newAttrValue:
		v.openPrompt(formAttrNew, "new attribute (key=value)", "")
	default:
		v.attr = val
		old := p.Attributes[val]
		if val == "city" {
			old = p.City
		}
		v.openPrompt(formAttrValue, val+" of "+p.ID+" (empty removes)", old)
	}
	return nil
}

func (v *participantsView) openPrompt(form peopleForm, label, value string) {
	pr := newPrompt(label, value)
	v.prompt, v.form = &pr, form
}

// quoteLabels are speaker labels in quotes, joined.
func quoteLabels(labels []string) string {
	q := make([]string, len(labels))
	for i, l := range labels {
		q[i] = "“" + l + "”"
	}
	return strings.Join(q, ", ")
}

// askBind asks before binding: a binding merges two ids for good.
func (v *participantsView) askBind(p project.Participant, id string) {
	v.bindTo = id
	v.confirm = &chooser{title: truncate(fmt.Sprintf("Bind the speaker labels of %s (%d turns) to %s? This cannot be undone.", p.ID, p.Turns, id), v.width-1),
		options: []string{"bind them", "cancel"}}
}

func (v *participantsView) updateConfirm(msg tea.KeyMsg) tea.Cmd {
	i, done := v.confirm.update(msg, v.c.keys)
	if !done {
		return nil
	}
	v.confirm = nil
	p, ok := v.current()
	if i != 0 || !ok {
		return nil
	}
	to := v.bindTo
	return changeCmdFocus(v.c.store, to, func(pr *project.Project) (string, error) { return pr.BindLabels(p.ID, to) })
}
