package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// A respondent's answers are stored in their own row (schema 8) as one
// JSON array in question order (the questions' position), a blank answer
// as null: a survey of 100,000 respondents is 100,000 rows, not 6 million,
// and the file stays readable by SQL (the survey_answers view unpacks it
// with json_each) and by any JSON reader.

// appendAnswers appends the JSON array of values to b ("" as null) and
// reports how many values are not blank.
func appendAnswers(b []byte, values []string) ([]byte, int) {
	n := 0
	b = append(b, '[')
	for i, v := range values {
		if i > 0 {
			b = append(b, ',')
		}
		if v == "" {
			b = append(b, "null"...)
			continue
		}
		n++
		if plainInteger(v) {
			b = append(b, v...)
			continue
		}
		b = appendJSONString(b, v)
	}
	return append(b, ']'), n
}

// plainInteger reports whether v is written as SQLite and JSON write a
// whole number of at most 15 digits (no sign, no leading zero): stored as
// a JSON number, it reads back as the same text, from Go (the token's
// bytes) and from SQL (CAST in the survey_answers view). Ratings, codes
// and counts are most answers; a number takes half the bytes of a string.
func plainInteger(v string) bool {
	if len(v) == 0 || len(v) > 15 || (v[0] == '0' && len(v) > 1) {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// appendJSONString quotes s as a JSON string. Survey answers are short
// and mostly plain, so the common case is one copy; invalid UTF-8 (which
// the readers do not produce) goes through encoding/json, which replaces it.
func appendJSONString(b []byte, s string) []byte {
	if !utf8.ValidString(s) {
		q, _ := json.Marshal(s)
		return append(b, q...)
	}
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

var errAnswers = errors.New("answers are not a JSON array of strings and nulls")

// eachAnswer calls fn with the index and raw bytes of every non-null
// answer in a stored array (a plain integer's digits, a string's text). The bytes are only valid during the call. A
// string with escapes is decoded by encoding/json (the rare case).
func eachAnswer(b []byte, fn func(i int, v []byte)) error {
	if !utf8.Valid(b) {
		return eachAnswerJSON(b, fn)
	}
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return errAnswers
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return nil
	}
	for k := 0; ; k++ {
		if i >= len(b) {
			return errAnswers
		}
		switch {
		case b[i] == 'n' && len(b) >= i+4 && string(b[i:i+4]) == "null":
			i += 4
		case b[i] >= '0' && b[i] <= '9':
			end := i
			for end < len(b) && b[end] >= '0' && b[end] <= '9' {
				end++
			}
			if !plainInteger(string(b[i:end])) {
				return errAnswers
			}
			fn(k, b[i:end])
			i = end
		case b[i] == '"':
			end, escaped := i+1, false
			for end < len(b) && b[end] != '"' {
				if b[end] < 0x20 {
					return errAnswers // JSON has no raw control character in a string
				}
				if b[end] == '\\' {
					escaped = true
					end++
				}
				end++
			}
			if end >= len(b) {
				return errAnswers
			}
			if escaped {
				var s string
				if err := json.Unmarshal(b[i:end+1], &s); err != nil {
					return errAnswers
				}
				fn(k, []byte(s))
			} else {
				fn(k, b[i+1:end])
			}
			i = end + 1
		default:
			return errAnswers
		}
		i = skipSpace(b, i)
		if i >= len(b) {
			return errAnswers
		}
		if b[i] == ']' {
			return nil
		}
		if b[i] != ',' {
			return errAnswers
		}
		i = skipSpace(b, i+1)
	}
}

// eachAnswerJSON is eachAnswer through encoding/json, for arrays that are
// not valid UTF-8 (a file edited by hand): invalid bytes read as U+FFFD,
// as any JSON reader reads them.
func eachAnswerJSON(b []byte, fn func(i int, v []byte)) error {
	var all []any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&all); err != nil || dec.More() {
		return errAnswers
	}
	for i, x := range all {
		switch v := x.(type) {
		case nil:
		case string:
			fn(i, []byte(v))
		case json.Number:
			if !plainInteger(v.String()) {
				return errAnswers
			}
			fn(i, []byte(v.String()))
		default:
			return errAnswers
		}
	}
	return nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}
