// prep.go: finds what must change in a package for the harness to run
// first (an existing TestMain or func main to rename, os.Exit calls to route
// through the harness), writes the harness file and rewritten copies into a
// work directory, and the overlay that points the go command at them.
//
// Rewrites replace single identifiers on their own line and append
// declarations after the last line, so every line of user code keeps its
// number and stacks in the trace name the user's file:line.
package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

//go:embed rt/harness.go
var rtSource string

// Names the rewrite gives to the user's entry points.  They deliberately
// do not start with "stepdist_": trace readers take a goroutine created from
// a stepdist_ function for the harness's own, and the goroutines the user's
// main or TestMain creates are the user's.  Every package-level name that
// starts with "stepdist" is reserved.
const (
	userTestMain = "stepdistUserTestMain"
	userMain     = "stepdistUserMain"
	reserved     = "stepdist"
)

// Options are the inputs of Prepare.
type Options struct {
	Dir  string   // package directory
	Out  string   // work directory (created if missing)
	Tags []string // extra build tags
	Kind string   // "auto", "test" or "main"
	// Perturb instruments the package's files for schedule perturbation
	// (instrument.go).
	Perturb bool
}

// Result is what stepdist-prep prints.
type Result struct {
	Kind       string `json:"kind"`
	Dir        string `json:"dir"`
	Overlay    string `json:"overlay"`
	ImportPath string `json:"import_path"`
	GoVersion  string `json:"go_version"`
	// PerturbSites: with Options.Perturb, the number of instrumented
	// operations (the table is WORKDIR/perturb_sites.tsv).
	PerturbSites int `json:"perturb_sites,omitempty"`
	// Warnings: files left as they are (not printed in the JSON: main
	// writes them on stderr).
	Warnings []string `json:"-"`
}

// srcFile is one parsed user file and the edits to make to it.
type srcFile struct {
	name  string // base name
	path  string // absolute path
	src   []byte
	f     *ast.File
	cgo   bool
	edits []edit
	tail  string // appended after the last line
}

// helperFile is a file added to a package besides the harness.
type helperFile struct {
	name, pkg string
	src       []byte
}

type edit struct {
	off, n int // replace src[off:off+n]
	text   string
}

type prep struct {
	fset *token.FileSet
	dir  string
}

// Prepare analyses the package in o.Dir and writes the work directory.
func Prepare(o Options) (*Result, error) {
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", dir)
	}
	out, err := filepath.Abs(o.Out)
	if err != nil {
		return nil, err
	}
	if out == dir {
		return nil, fmt.Errorf("%s: the work directory must not be the package directory", out)
	}

	ctxt := build.Default
	ctxt.BuildTags = append(append([]string(nil), ctxt.BuildTags...), o.Tags...)
	bp, err := ctxt.ImportDir(dir, 0)
	if err != nil {
		var noGo *build.NoGoError
		if errors.As(err, &noGo) {
			return nil, fmt.Errorf("%s: no buildable Go files", dir)
		}
		return nil, err
	}

	hasTests := len(bp.TestGoFiles)+len(bp.XTestGoFiles) > 0
	kind := o.Kind
	switch {
	case kind == "auto" && hasTests:
		kind = "test"
	case kind == "auto" && bp.Name == "main":
		kind = "main"
	case kind == "auto":
		return nil, fmt.Errorf("%s: package %s has no _test.go files and is not a main package", dir, bp.Name)
	case kind == "test" && !hasTests:
		return nil, fmt.Errorf("%s: no _test.go files", dir)
	case kind == "main" && bp.Name != "main":
		return nil, fmt.Errorf("%s: package %s is not a main package", dir, bp.Name)
	}

	p := &prep{fset: token.NewFileSet(), dir: dir}
	var files []*srcFile // the files of the package that gets the harness
	// with -perturb, the files to instrument by package: the package
	// itself (name bp.Name) and the external test package (xName)
	var pkgFiles, xFiles []*srcFile
	var xName string
	var pkgName, harnessName string
	var entry string
	var extraImports []string
	if kind == "test" {
		internal, err := p.parse(bp.TestGoFiles, false)
		if err != nil {
			return nil, err
		}
		external, err := p.parse(bp.XTestGoFiles, false)
		if err != nil {
			return nil, err
		}
		tmInt, err := p.findFunc(internal, "TestMain")
		if err != nil {
			return nil, err
		}
		tmExt, err := p.findFunc(external, "TestMain")
		if err != nil {
			return nil, err
		}
		if tmInt != nil && tmExt != nil {
			return nil, fmt.Errorf("%s: TestMain is also defined at %s", p.pos(tmExt.decl.Pos()), p.pos(tmInt.decl.Pos()))
		}
		// The harness goes where the user's TestMain is (it must call it),
		// else into the internal test package when there is one.
		useExternal := tmExt != nil ||
			(tmInt == nil && len(bp.TestGoFiles)+len(bp.GoFiles)+len(bp.CgoFiles) == 0)
		tm := tmInt
		plain, err := p.parseNonTest(bp)
		if err != nil {
			return nil, err
		}
		pkgFiles = append(append([]*srcFile(nil), plain...), internal...)
		if len(external) > 0 {
			xFiles, xName = external, external[0].f.Name.Name
		}
		if useExternal {
			files, tm = external, tmExt
			pkgName = xName
		} else {
			files = internal
			pkgName = bp.Name
			// Non-test files share the package scope: check their names too.
			if err := p.checkReserved(plain); err != nil {
				return nil, err
			}
		}
		harnessName = "stepdist_harness_test.go"
		extraImports = []string{`stepdistpkg_testing "testing"`}
		if tm != nil {
			if err := p.checkTestMain(tm.decl); err != nil {
				return nil, err
			}
			if err := p.rename(files, tm, userTestMain); err != nil {
				return nil, err
			}
			entry = "\nfunc TestMain(m *stepdistpkg_testing.M) {\n\tstepdist_run(func() int {\n\t\t" + userTestMain +
				"(m)\n\t\treturn stepdist_exitCode(m)\n\t})\n}\n"
		} else {
			entry = "\nfunc TestMain(m *stepdistpkg_testing.M) {\n\tstepdist_run(func() int { return m.Run() })\n}\n"
		}
	} else {
		files, err = p.parseNonTest(bp)
		if err != nil {
			return nil, err
		}
		pkgFiles = files
		pkgName = "main"
		harnessName = "stepdist_harness_main.go"
		m, err := p.findFunc(files, "main")
		if err != nil {
			return nil, err
		}
		if m == nil {
			return nil, fmt.Errorf("%s: package main has no func main", dir)
		}
		if m.decl.Type.Params.NumFields() != 0 || m.decl.Type.Results.NumFields() != 0 || m.decl.Type.TypeParams != nil {
			return nil, fmt.Errorf("%s: func main must have no arguments and no results", p.pos(m.decl.Pos()))
		}
		if err := p.rename(files, m, userMain); err != nil {
			return nil, err
		}
		entry = "\nfunc main() {\n\tstepdist_run(func() int {\n\t\t" + userMain + "()\n\t\treturn 0\n\t})\n}\n"
	}
	if err := p.checkReserved(files); err != nil {
		return nil, err
	}
	if _, err := os.Lstat(filepath.Join(dir, harnessName)); err == nil {
		return nil, fmt.Errorf("%s: a file of this name is in the package: stepdist-prep needs the name for its harness",
			filepath.Join(dir, harnessName))
	}
	for _, sf := range files {
		p.routeExit(sf)
	}

	harness, err := harnessSource(pkgName, extraImports, entry)
	if err != nil {
		return nil, err
	}
	res := &Result{Kind: kind, Dir: dir}
	var helpers []helperFile
	var sites []perturbSite
	if o.Perturb {
		groups := []struct {
			files      []*srcFile
			pkg, fname string
		}{{pkgFiles, bp.Name, "stepdist_perturb.go"}, {xFiles, xName, "stepdist_perturb_x_test.go"}}
		next := 0
		for _, g := range groups {
			if len(g.files) == 0 {
				continue
			}
			if err := p.checkReserved(g.files); err != nil {
				return nil, err
			}
			if _, err := os.Lstat(filepath.Join(dir, g.fname)); err == nil {
				return nil, fmt.Errorf("%s: a file of this name is in the package: stepdist-prep -perturb needs the name for its helper",
					filepath.Join(dir, g.fname))
			}
			n := len(sites)
			for _, sf := range g.files {
				keep := len(sf.edits)
				s, err := p.instrument(sf, &next)
				if err == nil {
					err = sf.checkInstrumented()
				}
				if err != nil {
					sf.edits = sf.edits[:keep]
					res.Warnings = append(res.Warnings, err.Error())
					continue
				}
				sites = append(sites, s...)
			}
			if len(sites) > n {
				helpers = append(helpers, helperFile{name: g.fname, pkg: g.pkg})
			}
		}
		for i := range helpers {
			src, err := perturbHelperSource(helpers[i].pkg, next)
			if err != nil {
				return nil, err
			}
			helpers[i].src = src
		}
		res.PerturbSites = len(sites)
		files = append(append([]*srcFile(nil), pkgFiles...), xFiles...)
	}

	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	overlay := map[string]string{}
	addOverlay := func(orig, repl string) {
		overlay[orig] = repl
		// The go command matches overlay paths against its working
		// directory, which may or may not have symlinks resolved.
		if real, err := filepath.EvalSymlinks(filepath.Dir(orig)); err == nil && real != filepath.Dir(orig) {
			overlay[filepath.Join(real, filepath.Base(orig))] = repl
		}
	}
	hpath := filepath.Join(out, harnessName)
	if err := os.WriteFile(hpath, harness, 0o644); err != nil {
		return nil, err
	}
	addOverlay(filepath.Join(dir, harnessName), hpath)
	for _, h := range helpers {
		path := filepath.Join(out, h.name)
		if err := os.WriteFile(path, h.src, 0o644); err != nil {
			return nil, err
		}
		addOverlay(filepath.Join(dir, h.name), path)
	}
	if o.Perturb {
		var b strings.Builder
		b.WriteString("id\tposition\top\n")
		for _, s := range sites {
			fmt.Fprintf(&b, "%d\t%s:%d:%d\t%s\n", s.ID, s.Pos.Filename, s.Pos.Line, s.Pos.Column, s.Op)
		}
		if err := os.WriteFile(filepath.Join(out, "perturb_sites.tsv"), []byte(b.String()), 0o644); err != nil {
			return nil, err
		}
	}
	for _, sf := range files {
		if len(sf.edits) == 0 && sf.tail == "" {
			continue
		}
		if sf.name == harnessName {
			return nil, fmt.Errorf("%s: file name clashes with the harness file", sf.path)
		}
		src, err := sf.apply()
		if err != nil {
			return nil, err
		}
		rpath := filepath.Join(out, sf.name)
		if err := os.WriteFile(rpath, src, 0o644); err != nil {
			return nil, err
		}
		addOverlay(sf.path, rpath)
	}
	ob, err := json.MarshalIndent(struct{ Replace map[string]string }{overlay}, "", "\t")
	if err != nil {
		return nil, err
	}
	opath := filepath.Join(out, "overlay.json")
	if err := os.WriteFile(opath, append(ob, '\n'), 0o644); err != nil {
		return nil, err
	}

	res.Overlay = opath
	if modDir, modPath, goVer, err := findModule(dir); err != nil {
		return nil, err
	} else if modDir != "" {
		res.GoVersion = goVer
		rel, _ := filepath.Rel(modDir, dir)
		res.ImportPath = modPath
		if rel != "." {
			res.ImportPath = strings.TrimSuffix(modPath, "/") + "/" + filepath.ToSlash(rel)
		}
	} else if bp.ImportPath != "." {
		res.ImportPath = bp.ImportPath // GOPATH mode
	}
	return res, nil
}

func (p *prep) pos(pos token.Pos) string {
	return p.fset.PositionFor(pos, false).String()
}

func (p *prep) parse(names []string, cgo bool) ([]*srcFile, error) {
	var out []*srcFile
	for _, name := range names {
		path := filepath.Join(p.dir, name)
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(p.fset, path, src, parser.ParseComments)
		if err != nil {
			return nil, err // scanner errors name file:line:col
		}
		out = append(out, &srcFile{name: name, path: path, src: src, f: f, cgo: cgo})
	}
	return out, nil
}

// parseNonTest parses the package's non-test files, cgo files last.
func (p *prep) parseNonTest(bp *build.Package) ([]*srcFile, error) {
	plain, err := p.parse(bp.GoFiles, false)
	if err != nil {
		return nil, err
	}
	cgo, err := p.parse(bp.CgoFiles, true)
	if err != nil {
		return nil, err
	}
	return append(plain, cgo...), nil
}

type funcRef struct {
	file *srcFile
	decl *ast.FuncDecl
}

// findFunc returns the package-level func called name, nil if none.
func (p *prep) findFunc(files []*srcFile, name string) (*funcRef, error) {
	var found *funcRef
	for _, sf := range files {
		for _, d := range sf.f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Name.Name != name {
				continue
			}
			if found != nil {
				return nil, fmt.Errorf("%s: %s redeclared (first at %s)", p.pos(fd.Pos()), name, p.pos(found.decl.Pos()))
			}
			found = &funcRef{sf, fd}
		}
	}
	return found, nil
}

// checkTestMain accepts func TestMain(m *X.M), as the testing package does.
func (p *prep) checkTestMain(fd *ast.FuncDecl) error {
	ok := fd.Type.TypeParams == nil && fd.Type.Results.NumFields() == 0 &&
		fd.Type.Params.NumFields() == 1
	if ok {
		star, isStar := fd.Type.Params.List[0].Type.(*ast.StarExpr)
		sel, isSel := (*ast.SelectorExpr)(nil), false
		if isStar {
			sel, isSel = star.X.(*ast.SelectorExpr)
		}
		ok = isSel && sel.Sel.Name == "M"
	}
	if !ok {
		return fmt.Errorf("%s: TestMain must be declared as func TestMain(m *testing.M)", p.pos(fd.Pos()))
	}
	return nil
}

// checkReserved refuses user declarations that could clash with the harness.
func (p *prep) checkReserved(files []*srcFile) error {
	for _, sf := range files {
		for _, d := range sf.f.Decls {
			var ids []*ast.Ident
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					ids = append(ids, d.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.ValueSpec:
						ids = append(ids, s.Names...)
					case *ast.TypeSpec:
						ids = append(ids, s.Name)
					}
				}
			}
			for _, id := range ids {
				if strings.HasPrefix(id.Name, reserved) {
					return fmt.Errorf("%s: %s: names starting with %s are reserved for the stepdist harness",
						p.pos(id.Pos()), id.Name, reserved)
				}
			}
		}
	}
	return nil
}

// rename renames the declaration of fn and every reference to it in files:
// in its own file the references resolve to the declaration, in the others
// they are unresolved package-level names (nothing else in a package can
// be called main or TestMain).
func (p *prep) rename(files []*srcFile, fn *funcRef, newName string) error {
	name := fn.decl.Name.Name
	for _, sf := range files {
		unresolved := map[*ast.Ident]bool{}
		for _, id := range sf.f.Unresolved {
			unresolved[id] = true
		}
		var err error
		ast.Inspect(sf.f, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok || id.Name != name || err != nil {
				return true
			}
			if id == sf.f.Name || !(unresolved[id] || (id.Obj != nil && id.Obj.Decl == fn.decl)) {
				return true
			}
			if sf.cgo {
				err = fmt.Errorf("%s: %s is in a cgo file, which stepdist-prep cannot rewrite", p.pos(id.Pos()), name)
				return false
			}
			sf.edits = append(sf.edits, edit{p.offset(id.Pos()), len(id.Name), newName})
			return true
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// exitRoutes: the package-level functions that end the process and the
// harness stand-in that replaces their package name in rewritten files.
var exitRoutes = []struct {
	path, shim string
	funcs      []string
}{
	{"os", "stepdist_os", []string{"Exit"}},
	{"log", "stepdist_log", []string{"Fatal", "Fatalf", "Fatalln"}},
}

// routeExit replaces the package name in every os.Exit and log.Fatal* of
// the file by the harness's stand-in (`os.Exit(1)` becomes
// `stepdist_os.Exit(1)`), so that the user's TestMain or main ending the
// process still stops the trace and writes the status first.  The import
// stays used through a declaration appended after the last line.  cgo
// files are left alone.
func (p *prep) routeExit(sf *srcFile) {
	if sf.cgo {
		return
	}
	unresolved := map[*ast.Ident]bool{}
	for _, id := range sf.f.Unresolved {
		unresolved[id] = true
	}
	for _, route := range exitRoutes {
		local := ""
		for _, im := range sf.f.Imports {
			if path, _ := strconv.Unquote(im.Path.Value); path == route.path {
				local = route.path
				if im.Name != nil {
					local = im.Name.Name
				}
			}
		}
		if local == "" || local == "_" || local == "." {
			continue
		}
		used := map[string]bool{}
		ast.Inspect(sf.f, func(node ast.Node) bool {
			sel, ok := node.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			x, ok := sel.X.(*ast.Ident)
			if !ok || x.Name != local || !unresolved[x] {
				return true
			}
			for _, fn := range route.funcs {
				if sel.Sel.Name == fn {
					sf.edits = append(sf.edits, edit{p.offset(x.Pos()), len(x.Name), route.shim})
					used[fn] = true
				}
			}
			return true
		})
		for _, fn := range route.funcs {
			if used[fn] {
				sf.tail += "var _ = " + local + "." + fn + " // added by stepdist-prep: keeps the import used\n"
				break
			}
		}
	}
}

func (p *prep) offset(pos token.Pos) int {
	return p.fset.File(pos).Offset(pos)
}

// apply returns the rewritten source, checking that no line moved.
func (sf *srcFile) apply() ([]byte, error) {
	edits := append([]edit(nil), sf.edits...)
	// from the end; at one offset a replacement goes before an insertion
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].off != edits[j].off {
			return edits[i].off > edits[j].off
		}
		return edits[i].n > edits[j].n
	})
	src := append([]byte(nil), sf.src...)
	for i, e := range edits {
		if i > 0 && e.off+e.n > edits[i-1].off {
			return nil, fmt.Errorf("%s: overlapping rewrites at offset %d", sf.path, e.off)
		}
		if bytes.ContainsAny(src[e.off:e.off+e.n], "\r\n") || strings.ContainsAny(e.text, "\r\n") {
			return nil, fmt.Errorf("%s: internal error: a rewrite at offset %d would move lines", sf.path, e.off)
		}
		src = append(src[:e.off], append([]byte(e.text), src[e.off+e.n:]...)...)
	}
	if bytes.Count(src, []byte("\n")) != bytes.Count(sf.src, []byte("\n")) {
		return nil, fmt.Errorf("%s: internal error: the rewrite changed the number of lines", sf.path)
	}
	if sf.tail != "" {
		if len(src) > 0 && src[len(src)-1] != '\n' {
			src = append(src, '\n')
		}
		src = append(src, sf.tail...)
	}
	return src, nil
}

// harnessSource makes the harness file from rt/harness.go (rtFileSource).
func harnessSource(pkgName string, imports []string, entry string) ([]byte, error) {
	return rtFileSource(rtSource, "rt/harness.go", pkgName, imports, entry)
}

// rtFileSource makes a file added to the user's package from a file of rt
// (src, named name): a generated-code header and the package clause of
// the user's package in place of rt's doc comment and clause, extra
// imports (`name "path"`) after rt's import block, and tail.
func rtFileSource(src, name, pkgName string, imports []string, tail string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly)
	if err != nil {
		return nil, fmt.Errorf("embedded %s: %v", name, err)
	}
	var importEnd int
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			importEnd = fset.Position(gd.End()).Offset
		}
	}
	clauseEnd := fset.Position(f.Name.End()).Offset
	if importEnd <= clauseEnd {
		return nil, fmt.Errorf("embedded %s: no import block", name)
	}
	var b strings.Builder
	b.WriteString("// Code generated by stepdist-prep. DO NOT EDIT.\n\n")
	b.WriteString("// Part of the stepdist harness (harness/cmd/stepdist-prep/" + name + "\n")
	b.WriteString("// in the stepdist sources).\n\n")
	b.WriteString("package " + pkgName)
	b.WriteString(src[clauseEnd:importEnd])
	for _, im := range imports {
		b.WriteString("\n\nimport " + im)
	}
	b.WriteString(src[importEnd:])
	b.WriteString(tail)
	out, err := format.Source([]byte(b.String()))
	if err != nil {
		return nil, fmt.Errorf("generated %s does not parse: %v", name, err)
	}
	return out, nil
}

// findModule walks up from dir to the nearest go.mod and returns its
// directory, module path and `go` line; modDir is "" when there is none.
func findModule(dir string) (modDir, modPath, goVersion string, err error) {
	if os.Getenv("GO111MODULE") == "off" {
		return "", "", "", nil
	}
	for d := dir; ; {
		data, rerr := os.ReadFile(filepath.Join(d, "go.mod"))
		if rerr == nil {
			modPath, goVersion = parseGoMod(data)
			if modPath == "" {
				return "", "", "", fmt.Errorf("%s: no module line", filepath.Join(d, "go.mod"))
			}
			return d, modPath, goVersion, nil
		}
		if !os.IsNotExist(rerr) {
			return "", "", "", rerr
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", "", "", nil
		}
		d = parent
	}
}

// parseGoMod reads the module path and the go version from go.mod; only
// the two single-line directives are needed.
func parseGoMod(data []byte) (modPath, goVersion string) {
	for _, line := range strings.Split(string(data), "\n") {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		fields := strings.Fields(line)
		if len(fields) != 2 {
			continue
		}
		v := fields[1]
		if u, err := strconv.Unquote(v); err == nil {
			v = u
		}
		switch fields[0] {
		case "module":
			modPath = v
		case "go":
			goVersion = v
		}
	}
	return modPath, goVersion
}
