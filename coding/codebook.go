package coding

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// CodebookFormat identifies fieldwork's JSON codebook files.
const CodebookFormat = "fieldwork-codebook/1"

// CodebookFile is the JSON form of a codebook, used for the starter codebook
// and by `codebook export|import`. Codes are listed parents first.
type CodebookFile struct {
	Format string     `json:"format"`
	Codes  []CodeSpec `json:"codes"`
}

// CodeSpec is one code of a CodebookFile, identified by its path.
type CodeSpec struct {
	Path       string `json:"path"`
	Definition string `json:"definition,omitempty"`
	Inclusion  string `json:"inclusion,omitempty"`
	Exclusion  string `json:"exclusion,omitempty"`
	Example    string `json:"example,omitempty"`
	Color      string `json:"color,omitempty"`
}

//go:embed starter.json
var starterJSON []byte

// StarterCodebook returns the codebook that ships for the study's three
// themes: adaptation and support systems; risks of activism and transnational
// repression; recognition and capacity building.
func StarterCodebook() CodebookFile {
	cb, err := ParseCodebook(starterJSON)
	if err != nil {
		panic("coding: the embedded starter codebook is invalid: " + err.Error())
	}
	return cb
}

// ParseCodebook reads and validates a JSON codebook: every path well formed,
// no path twice, colours as #rrggbb.
func ParseCodebook(data []byte) (CodebookFile, error) {
	var cb CodebookFile
	if err := json.Unmarshal(data, &cb); err != nil {
		return cb, fmt.Errorf("codebook JSON: %w", err)
	}
	if cb.Format != "" && cb.Format != CodebookFormat {
		return cb, fmt.Errorf("codebook format %q is not %q", cb.Format, CodebookFormat)
	}
	seen := map[string]bool{}
	for i, c := range cb.Codes {
		parts, err := SplitPath(c.Path)
		if err != nil {
			return cb, fmt.Errorf("codebook code %d: %w", i+1, err)
		}
		p := strings.ToLower(JoinPath(parts))
		if seen[p] {
			return cb, fmt.Errorf("codebook code %d: %q appears twice", i+1, c.Path)
		}
		seen[p] = true
		for _, f := range [][2]string{{"definition", c.Definition}, {"inclusion", c.Inclusion}, {"exclusion", c.Exclusion}, {"example", c.Example}} {
			if err := CheckText(f[0], f[1], true); err != nil {
				return cb, fmt.Errorf("codebook code %d (%q): %w", i+1, c.Path, err)
			}
		}
		if c.Color != "" && !ValidColor(c.Color) {
			return cb, fmt.Errorf("codebook code %q: colour %q is not #rrggbb", c.Path, c.Color)
		}
		cb.Codes[i].Path = JoinPath(parts)
	}
	return cb, nil
}

// SplitPath splits a code path "Theme/Sub-code" into its names, trimming
// spaces around each. Empty names and names longer than 200 characters are
// refused.
func SplitPath(path string) ([]string, error) {
	raw := strings.Split(path, "/")
	parts := make([]string, 0, len(raw))
	for _, p := range raw {
		p = strings.Join(strings.Fields(p), " ")
		if p == "" {
			return nil, fmt.Errorf("code path %q has an empty name", path)
		}
		if err := CheckText("name", p, false); err != nil {
			return nil, fmt.Errorf("code path %q: %w", path, err)
		}
		if len([]rune(p)) > 200 {
			return nil, fmt.Errorf("code path %q: a name is longer than 200 characters", path)
		}
		parts = append(parts, p)
	}
	return parts, nil
}

// JoinPath is the inverse of SplitPath.
func JoinPath(parts []string) string { return strings.Join(parts, "/") }

var colorRe = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// ValidColor reports whether s is a #rrggbb colour.
func ValidColor(s string) bool { return colorRe.MatchString(s) }

// Palette is used for codes created without a colour, picked by position so
// that siblings differ.
var Palette = []string{
	"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
	"#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
}

// CheckText refuses a control character in s (escape sequences, bells,
// and the bidirectional overrides that reorder what a reader sees): a code
// name or definition is printed on terminals and into reports. multiline
// lets line breaks and tabs through. The error names the field and the
// character's position (in characters, from 1).
func CheckText(field, s string, multiline bool) error {
	i := 0
	for _, r := range s {
		i++
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return fmt.Errorf("%s: control character U+%04X at character %d is not allowed", field, r, i)
		}
	}
	return nil
}
