package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"khcn/internal/followup"
)

// initAllowed lists the non-test files that may declare func init(), each
// with its reason. The areas are wired by explicit lists (web/areas.go,
// app/modules.go, demo.Steps), so nothing registers itself at init time.
var initAllowed = map[string]string{}

// initFuncs returns the func init() declarations of one Go source.
func initFuncs(t *testing.T, fset *token.FileSet, name string, src any) []token.Position {
	t.Helper()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var out []token.Position
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "init" {
			out = append(out, fset.Position(fn.Pos()))
		}
	}
	return out
}

// No non-test Go file of internal/ or cmd/ declares func init(): areas are
// listed where the binary assembles them, not registered as a side effect
// of importing a package.
func TestNoInitRegistrations(t *testing.T) {
	fset := token.NewFileSet()
	// The check finds an init function, and only a package-level one.
	if got := initFuncs(t, fset, "x.go", "package x\n\ntype T struct{}\n\nfunc (T) init() {}\n\nfunc init() { register() }\n\nfunc register() {}\n"); len(got) != 1 || got[0].Line != 7 {
		t.Fatalf("init found at %v, want line 7 only", got)
	}
	root := filepath.Join("..", "..")
	files := 0
	for _, dir := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			files++
			rel, _ := filepath.Rel(root, path)
			rel = filepath.ToSlash(rel)
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, pos := range initFuncs(t, fset, rel, src) {
				if _, ok := initAllowed[rel]; !ok {
					t.Errorf("%s:%d declares func init(); wire it in the area lists instead (web/areas.go, app/modules.go, demo.Steps), or add the file to initAllowed with its reason", rel, pos.Line)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files < 100 {
		t.Fatalf("checked only %d files: is the test run from internal/app?", files)
	}
}

// The modules wire without a clash, every job has a name of its own, and
// each kind of thing an area adds reaches the App.
func TestModulesWire(t *testing.T) {
	mods := modules()
	w := wire(mods)
	names := map[string]bool{}
	for _, m := range mods {
		if m.Name == "" || names[m.Name] {
			t.Errorf("module name %q empty or repeated", m.Name)
		}
		names[m.Name] = true
	}
	jobs := map[string]bool{}
	for _, j := range w.jobs {
		if j.Name == "" || jobs[j.Name] || j.Every <= 0 || j.Run == nil {
			t.Errorf("job %q: empty, repeated, without interval or without work", j.Name)
		}
		jobs[j.Name] = true
	}
	for _, want := range []string{"expire-sessions", "imports", "notify-outbox", "notify-digest", "notify-reminders", "ocop-alerts", "report-reminders"} {
		if !jobs[want] {
			t.Errorf("job %s is not wired", want)
		}
	}
	live := 0
	for _, src := range w.attention {
		if src.live {
			live++
		}
	}
	if len(w.attention) != 6 || live != 1 {
		t.Errorf("%d attention sources, %d live; want 6 and 1 (the audit count)", len(w.attention), live)
	}
	var reminders []string
	for _, r := range w.reminders {
		reminders = append(reminders, r.Name)
	}
	if got := strings.Join(reminders, ","); got != "recommendation_answer,action_item,council_sheets" {
		t.Errorf("reminders %s", got)
	}
	for what, n := range map[string]int{"seeds": len(w.seeds), "documents": len(w.docs), "imports": len(w.imports),
		"file readers": len(w.fileReaders), "references": len(w.refs), "recommendation targets": len(w.recConverters)} {
		if n == 0 {
			t.Errorf("no %s wired", what)
		}
	}
	for _, owner := range []string{ownerProposal, ownerMinutes, "call", "inspection", "report", ocopPhotoOwner, followup.TypeMeeting, followup.TypeAction} {
		if w.fileReaders[owner] == nil {
			t.Errorf("no file reader for %s", owner)
		}
	}

	// Two modules claiming one key is refused at start.
	defer func() {
		if recover() == nil {
			t.Error("a document kind wired twice was accepted")
		}
	}()
	wire([]Module{{Name: "a", Documents: map[string]docBuilder{"x": nil}}, {Name: "b", Documents: map[string]docBuilder{"x": nil}}})
}
