package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// vars is a test environment; nothing is read from the real one, so that a
// developer's FIELDWORK_PASSPHRASE or FIELDWORK_CODER cannot change a test.
type vars map[string]string

// result is what one in-process run of the command line produced.
type result struct {
	out, err string
	e        error
}

// exec runs the root command with args in-process, the way main does.
func exec(t *testing.T, env vars, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(k string) string { return env[k] }}
	root := newRootCmd(e)
	root.SetArgs(args)
	err := root.Execute()
	return result{out: out.String(), err: errb.String(), e: err}
}

// run runs a command that must succeed and returns its standard output.
func run(t *testing.T, env vars, args ...string) string {
	t.Helper()
	r := exec(t, env, args...)
	if r.e != nil {
		t.Fatalf("fieldwork %s: %v\nstderr: %s", strings.Join(args, " "), r.e, r.err)
	}
	assertPlain(t, r.out)
	assertPlain(t, r.err)
	return r.out
}

// fail runs a command that must fail and returns its error.
func fail(t *testing.T, env vars, args ...string) error {
	t.Helper()
	r := exec(t, env, args...)
	if r.e == nil {
		t.Fatalf("fieldwork %s: succeeded, want an error\nstdout: %s", strings.Join(args, " "), r.out)
	}
	return r.e
}

// isUsage reports whether err is classified as a usage error (exit code 2).
func isUsage(err error) bool {
	var ue usageError
	return errors.As(err, &ue)
}

// failUsage runs a command that must fail with a usage error.
func failUsage(t *testing.T, env vars, args ...string) error {
	t.Helper()
	err := fail(t, env, args...)
	if !isUsage(err) {
		t.Fatalf("fieldwork %s: error %q (%T) is not a usage error", strings.Join(args, " "), err, err)
	}
	return err
}

// failRuntime runs a command that must fail with an error that is not a
// usage error (exit code 1).
func failRuntime(t *testing.T, env vars, args ...string) error {
	t.Helper()
	err := fail(t, env, args...)
	if isUsage(err) {
		t.Fatalf("fieldwork %s: error %q is a usage error, want a runtime failure", strings.Join(args, " "), err)
	}
	return err
}

// assertPlain fails when output holds ANSI escapes: output that is not a
// terminal must be plain text.
func assertPlain(t *testing.T, s string) {
	t.Helper()
	if strings.Contains(s, "\x1b") {
		t.Errorf("output holds an ANSI escape sequence:\n%q", s)
	}
}

// errHas fails unless err's message contains every part.
func errHas(t *testing.T, err error, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %q", err, p)
		}
	}
}

// newProject gives a project made by `init` with initArgs (starter
// codebook unless told otherwise), in a fresh temporary folder: a copy of
// one built once per test binary.
func newProject(t *testing.T, env vars, initArgs ...string) string {
	t.Helper()
	if len(initArgs) == 0 {
		initArgs = []string{"--codebook", "hrd-study"}
	}
	// An encrypted project is another fixture than a plain one.
	key := "init " + strings.Join(initArgs, " ")
	if env["FIELDWORK_PASSPHRASE"] != "" {
		key += " passphrase=" + env["FIELDWORK_PASSPHRASE"]
	}
	return shared(t, key, "study.fwp", func(t *testing.T, dir string) string {
		p := filepath.Join(dir, "study.fwp")
		run(t, env, append([]string{"init", p}, initArgs...)...)
		return p
	})
}

// fixtureDir holds the projects shared by the tests (see shared); it
// outlives every test and is removed by TestMain.
var fixtureDir string

func TestMain(m *testing.M) {
	flag.Parse()
	// Many tests wait on child processes and tmux rather than compute, so
	// more of them run at once than there are cores, unless -parallel says.
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", "6")
	}
	dir, err := os.MkdirTemp("", "fieldwork-cmd-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fixtureDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// fixture is a project built once for the whole test binary.
type fixture struct {
	once   sync.Once
	path   string
	failed bool
}

var fixtures = struct {
	sync.Mutex
	m map[string]*fixture
}{m: map[string]*fixture{}}

// shared returns the test's own copy, named file, of the project that
// build makes once per test binary, in a folder of its own under
// fixtureDir. Tests change their copy freely; building a project is most
// of what the command tests cost.
func shared(t *testing.T, key, file string, build func(t *testing.T, dir string) string) string {
	t.Helper()
	fixtures.Lock()
	f := fixtures.m[key]
	if f == nil {
		f = &fixture{}
		fixtures.m[key] = f
	}
	fixtures.Unlock()
	f.once.Do(func() {
		f.failed = true // until build returns: it may stop the test that runs it
		dir, err := os.MkdirTemp(fixtureDir, "fixture-")
		if err != nil {
			t.Fatal(err)
		}
		f.path = build(t, dir)
		f.failed = false
	})
	if f.failed {
		t.Fatalf("fixture %q could not be built (see the first test that asked for it)", key)
	}
	dst := filepath.Join(t.TempDir(), file)
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(f.path + suffix)
		if errors.Is(err, os.ErrNotExist) && suffix != "" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst+suffix, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// writeFile writes data to name in dir and returns its path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// jsonArray decodes a JSON array of objects.
func jsonArray(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		t.Fatalf("not a JSON array of objects: %v\n%s", err, s)
	}
	return out
}

// jsonObject decodes one JSON object.
func jsonObject(t *testing.T, s string) map[string]any {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, s)
	}
	return out
}

// assertKeys fails unless obj has exactly the keys want.
func assertKeys(t *testing.T, what string, obj map[string]any, want ...string) {
	t.Helper()
	got := make([]string, 0, len(obj))
	for k := range obj {
		got = append(got, k)
	}
	sort.Strings(got)
	w := append([]string(nil), want...)
	sort.Strings(w)
	if strings.Join(got, ",") != strings.Join(w, ",") {
		t.Errorf("%s keys:\n got %v\nwant %v", what, got, w)
	}
}

// byKey indexes JSON objects by the string value of key.
func byKey(t *testing.T, list []map[string]any, key string) map[string]map[string]any {
	t.Helper()
	m := map[string]map[string]any{}
	for _, o := range list {
		s, ok := o[key].(string)
		if !ok {
			t.Fatalf("object without string %q: %v", key, o)
		}
		m[s] = o
	}
	return m
}

// num returns a JSON number field as an int.
func num(t *testing.T, o map[string]any, key string) int {
	t.Helper()
	f, ok := o[key].(float64)
	if !ok {
		t.Fatalf("field %q of %v is not a number", key, o)
	}
	return int(f)
}
