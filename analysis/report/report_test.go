package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

func TestMarkdownGridAligned(t *testing.T) {
	g := Grid{Header: []string{"code", "n"}, Right: []bool{false, true},
		Rows: [][]string{{"Élise | x", "7"}, {"· Légal", "12"}}}
	var b bytes.Buffer
	writeMarkdownGrid(&b, g)
	want := "| code       |   n |\n" +
		"| ---------- | --: |\n" +
		"| Élise \\| x |   7 |\n" +
		"| · Légal    |  12 |\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestCSVAndJSONOfOneTable(t *testing.T) {
	tb := analysis.KeyValues("about", "About", [][2]string{{"scope", `all, "quoted"`}, {"n", "<3"}})
	var b bytes.Buffer
	if err := WriteCSV(&b, tb); err != nil {
		t.Fatal(err)
	}
	if want := "key,value\nscope,\"all, \"\"quoted\"\"\"\nn,<3\n"; b.String() != want {
		t.Errorf("CSV %q, want %q", b.String(), want)
	}
	if got, want := string(RowsJSON(tb)), `[{"key":"scope","value":"all, \"quoted\""},{"key":"n","value":"<3"}]`; got != want {
		t.Errorf("JSON %s, want %s", got, want)
	}
}

func TestLabelAndCellPair(t *testing.T) {
	tests := []struct{ got, want string }{
		{Label("Theme/Sub/Leaf", 2), "· · Leaf"},
		{Label("Theme", 0), "Theme"},
		{cellPair("7", "78%"), "7 (78%)"},
		{cellPair("<3", "x"), "<3"},
		{cellPair("0", "–"), "0"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if heat(0) != "#f7fbff" || heat(1) != "#084594" || !strings.HasPrefix(heat(0.5), "#") {
		t.Errorf("heat scale %s %s", heat(0), heat(1))
	}
}
