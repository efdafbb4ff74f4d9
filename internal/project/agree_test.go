package project

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/agreement"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// coded is the sample coded by lea and sam: alike on the first sentence,
// apart on the third (lea only) and the fourth (sam only).
func coded(t *testing.T) *Project {
	t.Helper()
	p := create(t)
	importSample(t, p)
	st := p.Store()
	for _, c := range []string{"Needs/Legal aid", "Risks/Surveillance"} {
		if _, err := st.AddCode(c, store.CodeFields{}); err != nil {
			t.Fatal(err)
		}
	}
	sents, err := st.Sentences(1)
	if err != nil {
		t.Fatal(err)
	}
	part := []int{1, 2, 3, 5} // the participants' sentences (0 and 4 are the facilitator's)
	apply := func(sent int, code, coder string) {
		s := sents[part[sent]]
		if _, err := st.Apply(store.NewCoding{Source: "fg1", Code: code, Start: s.Start, End: s.End, Coder: coder, Memo: "by " + coder}); err != nil {
			t.Fatal(err)
		}
	}
	apply(0, "Needs/Legal aid", "lea")
	apply(0, "Needs/Legal aid", "sam")
	apply(2, "Risks/Surveillance", "lea")
	apply(3, "Risks/Surveillance", "sam")
	return p
}

func TestAgreement(t *testing.T) {
	p := coded(t)
	a, err := p.Agreement(t.Context(), AgreementOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Coders) != 2 || a.Units != 4 || len(a.Codes) != 4 || a.Overall == nil || a.Overall.Units != 16 {
		t.Fatalf("coders %v, units %d, codes %d, overall %+v", a.Coders, a.Units, len(a.Codes), a.Overall)
	}
	// Surveillance: lea 0,0,1,0; sam 0,0,0,1: two agreeing units of four.
	if s := a.Codes[3].Summary; a.Codes[3].Code != "Risks/Surveillance" || s.PercentAgreement != 0.5 {
		t.Errorf("%s: %+v", a.Codes[3].Code, s)
	}
	for _, opt := range []AgreementOptions{{Code: "Nothing"}, {Coders: []string{"lea"}}, {Unit: "page"}, {Coders: []string{"lea", "kai"}}} {
		if _, err := p.Agreement(t.Context(), opt); !IsInvalid(err) {
			t.Errorf("%+v: err %v, want an InvalidError", opt, err)
		}
	}
	data := "code,unit,coder,value\na,1,x,1\na,1,y,1\nb,1,x,0\nb,1,y,1\n"
	d, err := AgreementOnData("r.csv", stringsReader(data), agreement.Nominal, agreement.BootstrapOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Codes) != 2 || d.Overall == nil || d.Overall.Units != 2 || len(d.Coders) != 2 {
		t.Errorf("data: %+v", d)
	}
}

func TestDisagreementsAndResolve(t *testing.T) {
	p := coded(t)
	p.Store().SetActor("kai")
	ds, err := p.Disagreements(t.Context(), analysis.ReliabilityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Items) != 2 || ds.Agreement == nil || len(ds.AllCoders) != 2 {
		t.Fatalf("%+v", ds)
	}
	// Keep sam's (nothing) on the third sentence: lea's coding goes.
	res, err := p.Resolve(t.Context(), ds.Items[0], analysis.Resolution{Kind: analysis.KeepCoder, Coder: "sam"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Removed) != 1 || res.Removed[0].Coder != "lea" || len(res.Added) != 0 {
		t.Errorf("removed %+v, added %+v", res.Removed, res.Added)
	}
	// Keep every coder's on the fourth: lea gets sam's code, without memo.
	res, err = p.Resolve(t.Context(), ds.Items[1], analysis.Resolution{Kind: analysis.KeepAll})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Added) != 1 || res.Added[0].Coder != "lea" || res.Added[0].Memo != "" {
		t.Errorf("added %+v", res.Added)
	}
	after, err := p.Disagreements(t.Context(), analysis.ReliabilityOptions{})
	if err != nil || len(after.Items) != 0 {
		t.Fatalf("after: %+v, %v", after, err)
	}
	log, _ := p.Store().Audit(store.AuditFilter{})
	if e := log[len(log)-1]; e.Actor != "kai" || e.Kind != store.AuditCoding {
		t.Errorf("audit %+v", e)
	}
	if _, err := p.Resolve(t.Context(), ds.Items[0], analysis.Resolution{Kind: analysis.Recode, Code: "Nope"}); !IsInvalid(err) {
		t.Errorf("recode to an unknown code: %v", err)
	}
	// The first item's coding is gone: resolving it again refuses.
	if _, err := p.Resolve(t.Context(), ds.Items[0], analysis.Resolution{Kind: analysis.KeepCoder, Coder: "sam"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("resolving a stale item: %v", err)
	}
}

func TestSourceAgreement(t *testing.T) {
	p := coded(t)
	got, err := p.SourceAgreement(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := got[1]; !ok || s.Coders != 2 || s.Units != 16 {
		t.Errorf("%+v", got)
	}
}

func TestMerge(t *testing.T) {
	p := coded(t)
	if _, err := p.Merge(t.Context(), p, true); !IsInvalid(err) {
		t.Errorf("merging a file into itself: %v", err)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.fwp")
	for _, ext := range []string{"", "-wal"} { // the recent writes are in the WAL
		b, err := os.ReadFile(p.Store().Path() + ext)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(copyPath+ext, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	other, err := Open(copyPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	res, err := p.Merge(t.Context(), other, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.SourcesMatched != 1 || len(res.CodesAdded) != 0 || len(res.Coders) != 2 || res.Coders[0].Added != 0 {
		t.Errorf("%+v", res)
	}
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
