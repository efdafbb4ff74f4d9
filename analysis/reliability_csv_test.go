package analysis_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

// The reliability data written are read back the same, and pooled the
// same as Reliability pools them.
func TestReliabilityCSVRoundTripAndPool(t *testing.T) {
	r, err := tiny().Reliability(analysis.ReliabilityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := analysis.WriteReliabilityCSV(&b, r.Codes); err != nil {
		t.Fatal(err)
	}
	back, err := analysis.ReadReliabilityCSV("r.csv", &b)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(r.Codes) {
		t.Fatalf("%d codes back, want %d", len(back), len(r.Codes))
	}
	for i := range back {
		if back[i].Code != r.Codes[i].Code || !reflect.DeepEqual(values(back[i].Data, r.Coders), values(r.Codes[i].Data, r.Coders)) {
			t.Errorf("code %d: %s back as %s", i, r.Codes[i].Code, back[i].Code)
		}
	}
	pooled, err := analysis.PoolReliability(back)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(values(pooled, r.Coders), values(r.Overall, r.Coders)) {
		t.Error("the pool of the data read back differs from Reliability's overall")
	}
	if r.UnitSource["fg-b:15-37"] != 2 || r.UnitSource["fg-a:17-39"] != 1 {
		t.Errorf("unit sources %v", r.UnitSource)
	}
}

func TestReadReliabilityCSVErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "r.csv: empty file"},
		{"unit,coder\n", `r.csv line 1: no "value" column`},
		{"unit,coder,value,Value\n", `r.csv line 1: two "value" columns`},
		{"code,unit,coder,value\n", "r.csv: no rows after the header"},
		{"code,unit,coder,value\n,u1,a,1\n", "r.csv line 2: no code"},
		{"unit,coder,value\nu1,a,1\nu1,a,2\n", `r.csv line 3: unit "u1": coder "a" has two values`},
	} {
		_, err := analysis.ReadReliabilityCSV("r.csv", strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err %v, want %q", tc.in, err, tc.want)
		}
	}
	codes, err := analysis.ReadReliabilityCSV("r.csv", strings.NewReader("\ufeffValue,Unit,Coder\n1,u1,a\n,u1,b\n"))
	if err != nil || len(codes) != 1 || codes[0].Code != "" || codes[0].Data.Len() != 1 || len(codes[0].Data.Coders()) != 2 {
		t.Errorf("no code column: %+v, %v", codes, err)
	}
}
