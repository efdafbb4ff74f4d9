package store

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/fieldwork-qda/fieldwork/internal/plural"
)

// Settings are the project's own choices, kept in the project file: its
// title, which reports use by default, and the coders whose codings the
// tables count by default (a coder who only tried the workbench then does
// not change a report). The zero value is a project with no title and every
// coder counted.
type Settings struct {
	Title  string
	Coders []string
}

// The keys of the settings table.
const (
	settingTitle  = "title"
	settingCoders = "coders"
)

// Settings reads the project's settings.
func (s *Store) Settings() (Settings, error) {
	var set Settings
	err := s.readRows(`SELECT key, value FROM settings`, func(r scanner) error {
		var k, v string
		if err := r.Scan(&k, &v); err != nil {
			return err
		}
		switch k {
		case settingTitle:
			set.Title = v
		case settingCoders:
			for _, c := range strings.Split(v, "\n") {
				if c = strings.TrimSpace(c); c != "" {
					set.Coders = append(set.Coders, c)
				}
			}
		}
		return nil
	})
	if err != nil {
		return Settings{}, err
	}
	return set, nil
}

// SaveSettings replaces the project's settings in one transaction; an
// empty field removes the setting. actor is who changed them, for the
// audit log.
func (s *Store) SaveSettings(set Settings, actor string) error {
	return s.tx("save settings", func(tx *sql.Tx) error {
		s.note(tx, AuditProject, actor, fmt.Sprintf("settings: title %s, %s", plural.Count(len([]rune(set.Title)), "character", "characters"), plural.Count(len(set.Coders), "default coder", "default coders")))
		for k, v := range map[string]string{
			settingTitle:  strings.TrimSpace(set.Title),
			settingCoders: strings.Join(set.Coders, "\n"),
		} {
			var err error
			if v == "" {
				_, err = tx.Exec(`DELETE FROM settings WHERE key = ?`, k)
			} else {
				_, err = tx.Exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// Coders lists the coders who have codings in the project, sorted.
func (s *Store) Coders() ([]string, error) {
	var out []string
	err := s.readRows(`SELECT DISTINCT coder FROM codings ORDER BY coder`, func(r scanner) error {
		var c string
		if err := r.Scan(&c); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}
