package store

import (
	"path/filepath"
	"reflect"
	"testing"
)

func TestSettingsRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.fwp")
	s, err := Create(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if set, err := s.Settings(); err != nil || !reflect.DeepEqual(set, Settings{}) {
		t.Fatalf("new project settings = %+v, %v; want none", set, err)
	}
	want := Settings{Title: "Defenders in exile: needs 2026", Coders: []string{"lea", "sam"}}
	if err := s.SaveSettings(want, "lea"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, err := s.Settings(); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("settings after reopening = %+v, %v; want %+v", got, err, want)
	}
	// An empty field removes the setting.
	if err := s.SaveSettings(Settings{Title: want.Title}, "lea"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Settings(); got.Coders != nil || got.Title != want.Title {
		t.Fatalf("settings after clearing the coders = %+v", got)
	}
	entries, err := s.Audit(AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if last := entries[len(entries)-1]; last.Kind != AuditProject {
		t.Errorf("audit entry of a settings change: kind %q, want %q", last.Kind, AuditProject)
	}
}
