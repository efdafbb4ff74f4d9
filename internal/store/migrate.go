package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
)

// migrations[i] takes a project from schema version i to i+1 (PRAGMA
// user_version). Never edit a released migration: append a new one.
var migrations = []string{
	// 1: the coding core.
	`
CREATE TABLE sources (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
	kind        TEXT NOT NULL DEFAULT 'transcript',
	format      TEXT NOT NULL DEFAULT '',
	encoding    TEXT NOT NULL DEFAULT '',
	file_name   TEXT NOT NULL DEFAULT '',
	sha256      TEXT NOT NULL,
	city        TEXT NOT NULL DEFAULT '',
	grp         TEXT NOT NULL DEFAULT '',
	date        TEXT NOT NULL DEFAULT '',
	language    TEXT NOT NULL DEFAULT '',
	text        TEXT NOT NULL,
	words       INTEGER NOT NULL DEFAULT 0,
	imported_at TEXT NOT NULL
);
CREATE INDEX sources_sha ON sources(sha256);

CREATE TABLE participants (
	id          INTEGER PRIMARY KEY,
	ref         TEXT NOT NULL UNIQUE,
	grp         TEXT NOT NULL DEFAULT '',
	city        TEXT NOT NULL DEFAULT '',
	facilitator INTEGER NOT NULL DEFAULT 0,
	rostered    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE participant_attributes (
	participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
	key            TEXT NOT NULL,
	value          TEXT NOT NULL,
	PRIMARY KEY (participant_id, key)
) WITHOUT ROWID;
-- A speaker label is scoped to its group: "P1" of two groups are two people.
CREATE TABLE speaker_labels (
	grp            TEXT NOT NULL,
	label          TEXT NOT NULL,
	participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
	PRIMARY KEY (grp, label)
) WITHOUT ROWID;
CREATE INDEX speaker_labels_participant ON speaker_labels(participant_id);

CREATE TABLE turns (
	source_id      INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	idx            INTEGER NOT NULL,
	speaker        TEXT NOT NULL DEFAULT '',
	participant_id INTEGER REFERENCES participants(id),
	start          INTEGER NOT NULL,
	end            INTEGER NOT NULL,
	line           INTEGER NOT NULL DEFAULT 0,
	at_ms          INTEGER,
	until_ms       INTEGER,
	PRIMARY KEY (source_id, idx)
) WITHOUT ROWID;
CREATE INDEX turns_participant ON turns(participant_id);

CREATE TABLE sentences (
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	idx       INTEGER NOT NULL,
	turn_idx  INTEGER NOT NULL,
	start     INTEGER NOT NULL,
	end       INTEGER NOT NULL,
	PRIMARY KEY (source_id, idx)
) WITHOUT ROWID;

CREATE TABLE codes (
	id         INTEGER PRIMARY KEY,
	parent_id  INTEGER REFERENCES codes(id),
	name       TEXT NOT NULL,
	definition TEXT NOT NULL DEFAULT '',
	inclusion  TEXT NOT NULL DEFAULT '',
	exclusion  TEXT NOT NULL DEFAULT '',
	example    TEXT NOT NULL DEFAULT '',
	color      TEXT NOT NULL DEFAULT '',
	is_need    INTEGER NOT NULL DEFAULT 0,
	position   INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX codes_sibling_name ON codes(ifnull(parent_id, 0), name COLLATE NOCASE);

CREATE TABLE codings (
	id         INTEGER PRIMARY KEY,
	source_id  INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	code_id    INTEGER NOT NULL REFERENCES codes(id),
	start      INTEGER NOT NULL,
	end        INTEGER NOT NULL,
	coder      TEXT NOT NULL,
	memo       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	CHECK (start >= 0 AND end > start)
);
CREATE INDEX codings_code ON codings(code_id);
CREATE INDEX codings_source ON codings(source_id, start);

-- Memos on a project, source, span, code or coding.
CREATE TABLE memos (
	id         INTEGER PRIMARY KEY,
	source_id  INTEGER REFERENCES sources(id) ON DELETE CASCADE,
	code_id    INTEGER REFERENCES codes(id) ON DELETE CASCADE,
	coding_id  INTEGER REFERENCES codings(id) ON DELETE CASCADE,
	start      INTEGER,
	end        INTEGER,
	author     TEXT NOT NULL,
	text       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
`,
	// 2: what the recommendation tracker and the survey toolkit need.
	`
CREATE TABLE recommendations (
	id         INTEGER PRIMARY KEY,
	ref        TEXT NOT NULL UNIQUE,
	title      TEXT NOT NULL,
	text       TEXT NOT NULL DEFAULT '',
	owner      TEXT NOT NULL DEFAULT '',
	priority   TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('high','medium','low')),
	status     TEXT NOT NULL DEFAULT 'proposed'
	           CHECK (status IN ('proposed','accepted','in-progress','blocked','done','dropped')),
	due        TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE TABLE recommendation_codes (
	recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
	code_id           INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
	PRIMARY KEY (recommendation_id, code_id)
) WITHOUT ROWID;
CREATE TABLE recommendation_stakeholders (
	recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
	stakeholder       TEXT NOT NULL,
	PRIMARY KEY (recommendation_id, stakeholder)
) WITHOUT ROWID;
-- The follow-up log is append-only: the triggers refuse edits and deletions.
CREATE TABLE recommendation_log (
	id                INTEGER PRIMARY KEY,
	recommendation_id INTEGER NOT NULL REFERENCES recommendations(id),
	at                TEXT NOT NULL,
	author            TEXT NOT NULL,
	note              TEXT NOT NULL DEFAULT '',
	status_from       TEXT NOT NULL DEFAULT '',
	status_to         TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER recommendation_log_no_update BEFORE UPDATE ON recommendation_log
BEGIN SELECT RAISE(ABORT, 'the recommendation log is append-only'); END;
CREATE TRIGGER recommendation_log_no_delete BEFORE DELETE ON recommendation_log
BEGIN SELECT RAISE(ABORT, 'the recommendation log is append-only'); END;

CREATE TABLE survey_instruments (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL
);
CREATE TABLE survey_questions (
	id            INTEGER PRIMARY KEY,
	instrument_id INTEGER NOT NULL REFERENCES survey_instruments(id) ON DELETE CASCADE,
	qid           TEXT NOT NULL,
	text          TEXT NOT NULL DEFAULT '',
	type          TEXT NOT NULL,
	scale         TEXT NOT NULL DEFAULT '',
	options       TEXT NOT NULL DEFAULT '[]', -- JSON [{code,label}]
	missing       TEXT NOT NULL DEFAULT '[]', -- JSON [code]
	position      INTEGER NOT NULL DEFAULT 0,
	UNIQUE (instrument_id, qid)
);
CREATE TABLE survey_respondents (
	id             INTEGER PRIMARY KEY,
	instrument_id  INTEGER NOT NULL REFERENCES survey_instruments(id) ON DELETE CASCADE,
	ref            TEXT NOT NULL,
	participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
	weight         REAL NOT NULL DEFAULT 1,
	UNIQUE (instrument_id, ref)
);
CREATE TABLE survey_answers (
	respondent_id INTEGER NOT NULL REFERENCES survey_respondents(id) ON DELETE CASCADE,
	question_id   INTEGER NOT NULL REFERENCES survey_questions(id) ON DELETE CASCADE,
	value         TEXT NOT NULL,
	PRIMARY KEY (respondent_id, question_id)
) WITHOUT ROWID;
CREATE TABLE survey_question_codes (
	question_id INTEGER NOT NULL REFERENCES survey_questions(id) ON DELETE CASCADE,
	code_id     INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
	PRIMARY KEY (question_id, code_id)
) WITHOUT ROWID;
`,
	// 3: the page count of a source read from a PDF (0 for other formats).
	`ALTER TABLE sources ADD COLUMN pages INTEGER NOT NULL DEFAULT 0;`,
	// 4: REFI-QDA exchange. The GUIDs an import brought go back out with an
	// export; 'project' is the namespace from which the GUIDs of everything
	// else are derived, random per project so two projects never share one.
	`
ALTER TABLE sources ADD COLUMN refi_guid TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN refi_text_guid TEXT NOT NULL DEFAULT '';
ALTER TABLE codes ADD COLUMN refi_guid TEXT NOT NULL DEFAULT '';
ALTER TABLE codings ADD COLUMN refi_guid TEXT NOT NULL DEFAULT '';
ALTER TABLE codings ADD COLUMN refi_selection_guid TEXT NOT NULL DEFAULT '';
ALTER TABLE codings ADD COLUMN refi_note_guid TEXT NOT NULL DEFAULT '';
ALTER TABLE memos ADD COLUMN refi_guid TEXT NOT NULL DEFAULT '';
ALTER TABLE memos ADD COLUMN refi_selection_guid TEXT NOT NULL DEFAULT '';
ALTER TABLE participants ADD COLUMN refi_guid TEXT NOT NULL DEFAULT '';
ALTER TABLE turns ADD COLUMN refi_guid TEXT NOT NULL DEFAULT '';
-- GUIDs of things without a row of their own: the project, users (by coder
-- name) and variables (by attribute name).
CREATE TABLE refi_guids (
	kind TEXT NOT NULL,
	key  TEXT NOT NULL,
	guid TEXT NOT NULL,
	PRIMARY KEY (kind, key)
) WITHOUT ROWID;
INSERT INTO refi_guids (kind, key, guid) VALUES ('project', '',
	lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' ||
	hex(randomblob(2)) || '-' || hex(randomblob(6))));
`,
	// 5: privacy: the hash-chained audit log, the identifier list, consent
	// withdrawal, and imported recommendation history marked as such.
	`
CREATE TABLE audit_log (
	seq     INTEGER PRIMARY KEY,
	at      TEXT NOT NULL,
	actor   TEXT NOT NULL,
	kind    TEXT NOT NULL,
	summary TEXT NOT NULL,
	prev    TEXT NOT NULL,
	hash    TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE identifiers (
	term        TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
	replacement TEXT NOT NULL DEFAULT '',
	kind        TEXT NOT NULL DEFAULT 'name',
	added_by    TEXT NOT NULL DEFAULT '',
	added_at    TEXT NOT NULL
);

ALTER TABLE participants ADD COLUMN withdrawn_at TEXT NOT NULL DEFAULT '';
ALTER TABLE participants ADD COLUMN withdrawn_note TEXT NOT NULL DEFAULT '';
ALTER TABLE recommendation_log ADD COLUMN imported_from TEXT NOT NULL DEFAULT '';
`,
	// 6: memos on a participant (the memos table already holds memos on
	// the project, a source, a span, a code and a coding).
	`
ALTER TABLE memos ADD COLUMN participant_id INTEGER REFERENCES participants(id) ON DELETE CASCADE;
CREATE INDEX memos_participant ON memos(participant_id) WHERE participant_id IS NOT NULL;
`,
	// 7: the project's settings (its title, the coders tables count by
	// default), one row per setting.
	`
CREATE TABLE settings (
	key   TEXT NOT NULL PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
`,
	// 8: a respondent's answers in their own row, a JSON array in question
	// order with null for a blank and a plain whole number as a number (see
	// answers.go), and how many are not blank; survey_answers, one row per
	// answer, becomes a view of them so that SQL readers of the file see
	// what they saw before.
	`
ALTER TABLE survey_respondents ADD COLUMN answers TEXT NOT NULL DEFAULT '[]';
ALTER TABLE survey_respondents ADD COLUMN answered INTEGER NOT NULL DEFAULT 0;
UPDATE survey_respondents SET
	answers = (SELECT json_group_array(a.value ORDER BY q.position, q.id) FROM survey_questions q
		LEFT JOIN survey_answers a ON a.question_id = q.id AND a.respondent_id = survey_respondents.id
		WHERE q.instrument_id = survey_respondents.instrument_id),
	answered = (SELECT count(*) FROM survey_answers a WHERE a.respondent_id = survey_respondents.id);
UPDATE survey_respondents SET answers = '[]' WHERE answers IS NULL;
DROP TABLE survey_answers;
CREATE VIEW survey_answers (respondent_id, question_id, value) AS
	SELECT r.id, q.id, CAST(j.value AS TEXT)
	FROM survey_respondents r
	JOIN json_each(r.answers) j
	JOIN survey_questions q ON q.instrument_id = r.instrument_id AND q.position = j.key
	WHERE j.type IN ('text', 'integer');
`,
	// 9: what the named-entity scan found in each source, so that an
	// output does not scan every source again. A row holds while its source's text has the SHA-256 it was
	// scanned at and the scanner is the same (redact.ScanVersion); it goes
	// with its source, and a withdrawal or a de-identified copy deletes it.
	`
CREATE TABLE entity_scans (
	source_id   INTEGER NOT NULL PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
	text_sha256 TEXT NOT NULL,
	scanner     INTEGER NOT NULL,
	terms       TEXT NOT NULL -- JSON [{"text","kind"}], in order of first appearance
);
`,
	// 10: a source's text in pieces (texts.go), so that neither an import
	// nor a reader makes SQLite hold a long transcript whole. An older
	// project's texts come over as one piece each. Dropping the column frees
	// the pages that held the texts: secure_delete zeroes them, or a later
	// withdrawal would leave its participant's words there.
	`
PRAGMA secure_delete=ON;
-- A source's text is the concatenation of its pieces in seq order. Pieces
-- are cut at UTF-8 rune boundaries, so the length() of the pieces sums to
-- the text's length in code points (the unit of offsets). The seqs of a
-- source start at 0 and are consecutive.
CREATE TABLE source_text (
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	seq       INTEGER NOT NULL,
	piece     TEXT NOT NULL,
	PRIMARY KEY (source_id, seq)
);
INSERT INTO source_text (source_id, seq, piece) SELECT id, 0, text FROM sources;
ALTER TABLE sources DROP COLUMN text;
PRAGMA secure_delete=OFF;
`,
}

// SchemaVersion is the schema this build writes.
func SchemaVersion() int { return len(migrations) }

// migrate brings the file to the latest schema, each step in its own
// transaction, and refuses a file from a newer fieldwork.
func (s *Store) migrate(ctx context.Context) error {
	var from int
	s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&from)
	if s.upgrading != nil && from > 0 && from < len(migrations) {
		s.upgrading(from, len(migrations))
	}
	if err := s.migrateTo(ctx, len(migrations)); err != nil {
		return err
	}
	return s.startAudit(ctx, from)
}

func (s *Store) migrateTo(ctx context.Context, target int) error {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return s.fail("read schema version", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("%s %w (schema %d; this fieldwork knows up to %d): upgrade fieldwork to open it",
			filepath.Base(s.path), ErrNewer, v, len(migrations))
	}
	for ; v < target; v++ {
		err := s.tx(fmt.Sprintf("migrate schema to version %d", v+1), func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id=%d; PRAGMA user_version=%d", applicationID, v+1)); err != nil {
				return err
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
