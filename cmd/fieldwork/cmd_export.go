package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"
	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/coding/redact"
	"github.com/fieldwork-qda/fieldwork/coding/refiqda"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// refiOrigin is the origin fieldwork writes into REFI-QDA files.
const refiOrigin = "fieldwork"

type exportOptions struct {
	project, out, format string
	// deidentify writes a de-identified copy (.fwp or .qdpx); key, when
	// set, is where its key goes, encrypted to keyPassFile's passphrase
	// (or $FIELDWORK_KEY_PASSPHRASE) or to keyRecipients.
	deidentify       bool
	key, keyPassFile string
	keyRecipients    []string
	allowIdentifiers bool
}

func newExportCmd(env *Env, runF func(*exportOptions) error) *cobra.Command {
	o := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export PROJECT OUT.qdpx|OUT.qdc|OUT.fwp",
		Short: "Export the project as REFI-QDA (.qdpx) for NVivo, ATLAS.ti, MAXQDA or QualCoder, or a de-identified copy (.fwp)",
		Long: `Export the whole project as a REFI-QDA 1.5 project (.qdpx): the sources as
UTF-8 text, the codebook with colours and descriptions, every coding with its
coder, memos as notes, and participants as cases (named by participant id,
never by speaker label) with their attributes as variables. GUIDs are stable:
exporting an unchanged project twice gives the same file, and GUIDs that came
in with an import go back out. OUT.qdc writes the codebook only.

Every text goes through the identifier screen (the identifier list, the
roster's names, name-like speaker labels, e-mail addresses, phone numbers,
URLs, handles and the names the entity scan finds): identifiers are replaced
and codings moved to the same words. What was replaced is printed on standard
error by kind. --allow-identifiers exports the words as written (for the
research team only; standard error says so).

  export P OUT.fwp --deidentify    a de-identified copy of the project: texts
                                   screened, codings moved, speaker labels
                                   replaced by participant ids, no identifier
                                   list. Encrypted as the project is.
  --key KEY.age                    also write the key (identifier ->
                                   replacement, label -> id), encrypted with
                                   age to --key-recipient age1... or to a
                                   passphrase (--key-passphrase-file, or
                                   $FIELDWORK_KEY_PASSPHRASE). Without --key
                                   the key is written nowhere.`,
		Args: exactArgs(2, "PROJECT and OUT.qdpx"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.out = args[0], args[1]
			if runF != nil {
				return runF(o)
			}
			return runExport(env, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "", "qdpx, qdc or fwp (default: from OUT's extension)")
	f.BoolVar(&o.deidentify, "deidentify", false, "write a de-identified copy (.fwp or .qdpx)")
	f.StringVar(&o.key, "key", "", "with --deidentify: write the re-identification key here, encrypted with age")
	f.StringVar(&o.keyPassFile, "key-passphrase-file", "", "encrypt the key to the passphrase in this file (else $FIELDWORK_KEY_PASSPHRASE)")
	f.StringArrayVar(&o.keyRecipients, "key-recipient", nil, "encrypt the key to this age public key (age1...); repeatable")
	allowIdentifiersFlag(f, &o.allowIdentifiers)
	return cmd
}

// refiFormat decides the format from the flag, else the file's extension.
func refiFormat(flag, file string, allowed ...string) (string, error) {
	f := strings.ToLower(strings.TrimSpace(flag))
	if f == "" {
		f = strings.TrimPrefix(strings.ToLower(filepath.Ext(file)), ".")
	}
	for _, a := range allowed {
		if f == a {
			return f, nil
		}
	}
	if flag == "" {
		return "", usagef("cannot tell the format of %q from its extension: give --format %s", file, strings.Join(allowed, "|"))
	}
	return "", usagef("--format %q is not one of %s", flag, strings.Join(allowed, ", "))
}

// keyRecipients are the age recipients of the key: the X25519 public
// keys given, else the passphrase's scrypt recipient (age encrypts to a
// passphrase alone).
func (env *Env) keyRecipients(o *exportOptions) ([]age.Recipient, error) {
	if len(o.keyRecipients) > 0 && o.keyPassFile != "" {
		return nil, usagef("--key-recipient and --key-passphrase-file: give one (age encrypts to a passphrase alone)")
	}
	var out []age.Recipient
	for _, r := range o.keyRecipients {
		rc, err := age.ParseX25519Recipient(strings.TrimSpace(r))
		if err != nil {
			return nil, usagef("--key-recipient %q: %v", r, err)
		}
		out = append(out, rc)
	}
	if len(out) > 0 {
		return out, nil
	}
	pass := env.Getenv("FIELDWORK_KEY_PASSPHRASE")
	if o.keyPassFile != "" {
		b, err := os.ReadFile(o.keyPassFile)
		if err != nil {
			return nil, fmt.Errorf("key passphrase file: %w", err)
		}
		if pass = strings.TrimRight(string(b), "\r\n"); pass == "" {
			return nil, fmt.Errorf("key passphrase file %q is empty", o.keyPassFile)
		}
	}
	if pass == "" {
		return nil, usagef("--key needs --key-recipient age1..., --key-passphrase-file, or $FIELDWORK_KEY_PASSPHRASE: the key is never written in the clear")
	}
	rc, err := age.NewScryptRecipient(pass)
	if err != nil {
		return nil, err
	}
	return []age.Recipient{rc}, nil
}

func runExport(env *Env, o *exportOptions) error {
	format, err := refiFormat(o.format, o.out, "qdpx", "qdc", "fwp")
	if err != nil {
		return err
	}
	switch {
	case format == "fwp" && !o.deidentify:
		return usagef("an .fwp export is a de-identified copy: add --deidentify")
	case o.deidentify && format == "qdc":
		return usagef("--deidentify writes a .fwp or .qdpx, not a codebook")
	case o.deidentify && o.allowIdentifiers:
		return usagef("--deidentify and --allow-identifiers contradict each other")
	case o.key != "" && !o.deidentify:
		return usagef("--key goes with --deidentify")
	case o.key != "" && filepath.Clean(o.key) == filepath.Clean(o.out):
		return usagef("--key must be another file than %s: the key is kept apart", o.out)
	}
	var recipients []age.Recipient
	if o.key != "" {
		if recipients, err = env.keyRecipients(o); err != nil {
			return err
		}
	}
	p, err := env.project(o.project)
	if err != nil {
		return err
	}
	defer p.Close()
	if format == "qdc" {
		rp, _, _, err := p.ExportREFI(refiOrigin, nil)
		if err != nil {
			return err
		}
		return writeQDC(env, rp, o.out)
	}
	sc, err := identifierScreen(p, o.allowIdentifiers)
	if err != nil {
		return err
	}
	var key *project.Key
	if format == "fwp" {
		pass, err := env.passphrase()
		if err != nil {
			return err
		}
		cp, err := p.DeidentifiedCopy(env.ctx(), o.out, store.Options{Passphrase: pass}, sc)
		if err != nil {
			return asUsage(err)
		}
		key = cp.Key
		fmt.Fprintf(env.Out, "wrote %s (de-identified copy: %s, %s moved, %s replaced by participant ids)\n",
			o.out, plural.Count(cp.Sources, "source", "sources"), plural.Count(cp.Codings, "coding", "codings"), plural.Count(len(cp.Labels), "speaker label", "speaker labels"))
	} else {
		if key, err = env.exportQDPX(p, o, sc); err != nil {
			return err
		}
	}
	env.screenReport(sc, o.allowIdentifiers)
	if o.key == "" {
		if o.deidentify {
			fmt.Fprintln(env.Err, "the key (what replaced what) was not written anywhere: give --key KEY.age to keep it")
		}
		return nil
	}
	var b bytes.Buffer
	if err := project.WriteKey(&b, key, recipients...); err != nil {
		return err
	}
	if err := writeAtomic(o.key, b.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "wrote the key to %s (%s, %s; age-encrypted)\n", o.key, plural.Count(len(key.Terms), "identifier", "identifiers"), plural.Count(len(key.Labels), "label", "labels"))
	return nil
}

// exportQDPX writes the REFI-QDA project, screened by sc (nil: as
// stored). The file carries no note of it: a note would come back as a
// memo on import.
func (env *Env) exportQDPX(p *project.Project, o *exportOptions, sc *redact.Screen) (*project.Key, error) {
	rp, modified, key, err := p.ExportREFI(refiOrigin, sc)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := refiqda.WriteProject(&b, rp, modified); err != nil {
		return nil, fmt.Errorf("export %s: %w", o.out, err)
	}
	if err := writeAtomic(o.out, b.Bytes()); err != nil {
		return nil, err
	}
	var codes, sels, codings int
	refiqda.WalkCodes(rp.Codes, func(*refiqda.Code, []*refiqda.Code) { codes++ })
	for _, src := range rp.TextSources {
		for _, sel := range src.Selections {
			codings += len(sel.Codings)
			if len(sel.Codings) > 0 {
				sels++
			}
		}
	}
	fmt.Fprintf(env.Out, "wrote %s (REFI-QDA 1.5)\n", o.out)
	t := newTable("kind", "count").alignRight(1)
	t.add("sources", itoa(len(rp.TextSources)))
	t.add("codes", itoa(codes))
	t.add("codings", itoa(codings))
	t.add("coders (users)", itoa(len(rp.Users)))
	t.add("memos (notes)", itoa(len(rp.Notes)))
	t.add("participants (cases)", itoa(len(rp.Cases)))
	t.add("variables", itoa(len(rp.Variables)))
	return key, t.print(env)
}

// writeQDC writes the codebook of p as a .qdc file (or to the output when
// out is empty or "-").
func writeQDC(env *Env, p *refiqda.Project, out string) error {
	var b bytes.Buffer
	if err := refiqda.WriteCodebook(&b, p.Codebook(refiOrigin)); err != nil {
		return fmt.Errorf("export codebook: %w", err)
	}
	if out == "" || out == "-" {
		_, err := env.Out.Write(b.Bytes())
		return err
	}
	if err := writeAtomic(out, b.Bytes()); err != nil {
		return err
	}
	var n int
	refiqda.WalkCodes(p.Codes, func(*refiqda.Code, []*refiqda.Code) { n++ })
	fmt.Fprintf(env.Out, "wrote %s to %s (REFI-QDA codebook)\n", plural.Count(n, "code", "codes"), out)
	return nil
}

// codebookExportFormat is the format of `codebook export`: the flag, else
// .qdc or .qdpx from the file's extension, else JSON.
func codebookExportFormat(flag, out string) (string, error) {
	f := strings.ToLower(strings.TrimSpace(flag))
	if f == "" {
		switch strings.ToLower(filepath.Ext(out)) {
		case ".qdc":
			return "qdc", nil
		case ".qdpx":
			return "qdpx", nil
		}
		return "json", nil
	}
	switch f {
	case "json", "qdc", "qdpx":
		return f, nil
	}
	return "", usagef("--format %q is not one of json, qdc, qdpx", flag)
}

// runCodebookExportREFI writes the codebook as a .qdc file or as a .qdpx
// holding only the codebook.
func runCodebookExportREFI(env *Env, project, format, out string) error {
	if format == "qdpx" && (out == "" || out == "-") {
		return usagef("a .qdpx is a zip archive: give --out FILE.qdpx")
	}
	s, err := env.open(project)
	if err != nil {
		return err
	}
	defer s.Close()
	p, modified, err := s.ExportREFI(store.REFIExportOptions{Origin: refiOrigin})
	if err != nil {
		return err
	}
	if format == "qdc" {
		return writeQDC(env, p, out)
	}
	return writeQDPXCodebook(env, p, modified, out)
}

// writeQDPXCodebook writes a .qdpx holding only the codebook.
func writeQDPXCodebook(env *Env, p *refiqda.Project, modified time.Time, out string) error {
	cb := &refiqda.Project{Name: p.Name, Origin: p.Origin, Codes: p.Codebook(refiOrigin).Codes}
	var b bytes.Buffer
	if err := refiqda.WriteProject(&b, cb, modified); err != nil {
		return fmt.Errorf("export codebook: %w", err)
	}
	if err := writeAtomic(out, b.Bytes()); err != nil {
		return err
	}
	var n int
	refiqda.WalkCodes(cb.Codes, func(*refiqda.Code, []*refiqda.Code) { n++ })
	fmt.Fprintf(env.Out, "wrote %s to %s (REFI-QDA project holding the codebook only)\n", plural.Count(n, "code", "codes"), out)
	return nil
}

// writeAtomic writes data to a temporary file beside path (mode 0600) and
// renames it into place, so a failed export leaves no half file.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o600)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("export %s: %w", path, err)
	}
	return nil
}

// runImportQDPX imports one .qdpx project (fieldwork import P FILE.qdpx).
func runImportQDPX(env *Env, project, file string) error {
	p, err := refiqda.OpenProject(file, refiqda.DefaultLimits)
	if err != nil {
		return fmt.Errorf("%w; nothing was imported", err)
	}
	pr, err := env.project(project)
	if err != nil {
		return err
	}
	defer pr.Close()
	rep, err := pr.ImportREFI(env.ctx(), p, env.coder(""))
	if err != nil {
		return fmt.Errorf("import %s: %w; nothing was imported", filepath.Base(file), err)
	}
	fmt.Fprintf(env.Out, "imported %s into %s\n", filepath.Base(file), project)
	t := newTable("kind", "count").alignRight(1)
	t.add("sources", itoa(rep.Sources))
	t.add("codes", fmt.Sprintf("%d (%d already in the project)", rep.Codes+rep.CodesReused, rep.CodesReused))
	t.add("codings", itoa(rep.Codings))
	t.add("memos", itoa(rep.Memos))
	t.add("participants (cases)", itoa(rep.Participants))
	t.add("attributes (variable values)", itoa(rep.Attributes))
	t.add("coders", strings.Join(rep.Coders, ", "))
	if err := t.print(env); err != nil {
		return err
	}
	return printREFIReport(env, rep)
}

// printREFIReport lists what an import left out and what it changed.
func printREFIReport(env *Env, rep *store.REFIReport) error {
	if len(rep.Skipped) > 0 {
		fmt.Fprintf(env.Out, "\nnot imported (%d):\n", len(rep.Skipped))
		t := newTable("kind", "name", "why")
		for _, sk := range rep.Skipped {
			t.add(sk.Kind, sk.Name, sk.Why)
		}
		if err := t.print(env); err != nil {
			return err
		}
	}
	if len(rep.Notes) > 0 {
		fmt.Fprintln(env.Out, "\nnotes:")
		for _, n := range rep.Notes {
			fmt.Fprintln(env.Out, "  "+n)
		}
	}
	return nil
}

// runCodebookImportREFI imports the codebook of a .qdc file or of a .qdpx
// project (its codes only).
func runCodebookImportREFI(env *Env, project, file string) error {
	var codes []refiqda.Code
	var cb *refiqda.Codebook
	if strings.EqualFold(filepath.Ext(file), ".qdpx") {
		p, err := refiqda.OpenProject(file, refiqda.DefaultLimits)
		if err != nil {
			return fmt.Errorf("%w; nothing was imported", err)
		}
		cb = p.Codebook("")
		cb.Warnings = p.Warnings
	} else {
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		if cb, err = refiqda.ReadCodebook(filepath.Base(file), data, refiqda.DefaultLimits); err != nil {
			return fmt.Errorf("%w; nothing was imported", err)
		}
	}
	codes = cb.Codes
	s, err := env.open(project)
	if err != nil {
		return err
	}
	defer s.Close()
	rep, err := s.ImportREFICodebook(cb, store.REFIOptions{Coder: env.coder("")})
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was imported", file, err)
	}
	var n int
	refiqda.WalkCodes(codes, func(*refiqda.Code, []*refiqda.Code) { n++ })
	fmt.Fprintf(env.Out, "codebook %s: %s read, %d created, %d already in the project\n", file, plural.Count(n, "code", "codes"), rep.Codes, rep.CodesReused)
	return printREFIReport(env, rep)
}
