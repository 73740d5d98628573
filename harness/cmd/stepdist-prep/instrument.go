// instrument.go: schedule perturbation (stepdist-prep -perturb, docs/perturb.md).
// Before each chosen concurrency operation of the user's code a call
// stepdist_perturb(ID) is inserted on the same line, followed by a
// /*line :L:C*/ directive that gives the operation back its own line and
// column, so stacks, traces and compiler messages still name the user's
// source positions.  The helper (rt/perturb.go) is added to each package
// whose files were instrumented.
//
// The operations are found by syntax alone (no type checking, which would
// need the package's dependencies): send statements, receive expressions,
// select and go statements, close(x), and method calls x.Lock(),
// x.Unlock(), x.RLock(), x.RUnlock(), x.Wait(), x.Done(), x.Signal(),
// x.Broadcast() without arguments.  A call is inserted only where Go
// allows a statement: before the statement of a statement list that holds
// the operation outside nested blocks and function literals (so an
// operation in an if, for or switch header is perturbed before that
// statement, and a labelled statement keeps its label on the statement).
// `defer x.Unlock()` gets `; defer stepdist_perturb(ID)` after it, which
// runs just before the deferred operation (defers run last in, first out).
package main

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

//go:embed rt/perturb.go
var rtPerturbSource string

// perturbFunc is the helper the inserted calls name.
const perturbFunc = "stepdist_perturb"

// Methods taken for synchronisation operations when called without
// arguments: sync.Mutex, sync.RWMutex, sync.WaitGroup, sync.Cond (and, by
// name, anything else so named: a harmless extra perturbation point).
var syncMethods = map[string]bool{
	"Lock": true, "Unlock": true, "RLock": true, "RUnlock": true,
	"Wait": true, "Done": true, "Signal": true, "Broadcast": true,
}

// perturbSite is one instrumented operation.
type perturbSite struct {
	ID   int
	Pos  token.Position // the statement's position (as the compiler sees it)
	Op   string         // what it perturbs: send, receive, select, go, close, Lock, ... defer:Unlock
	file *srcFile
}

// opCall tells whether call is a synchronisation call, and names it.
func opCall(call *ast.CallExpr) string {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		if fn.Name == "close" && fn.Obj == nil && len(call.Args) == 1 {
			return "close"
		}
	case *ast.SelectorExpr:
		if syncMethods[fn.Sel.Name] && len(call.Args) == 0 {
			return fn.Sel.Name
		}
	}
	return ""
}

// headerOp returns the first operation that statement s performs outside
// its nested blocks and function literals ("" for none).
func headerOp(s ast.Stmt) string {
	switch s := s.(type) {
	case *ast.LabeledStmt:
		return headerOp(s.Stmt)
	case *ast.SelectStmt:
		return "select"
	case *ast.GoStmt:
		return "go"
	}
	op := ""
	ast.Inspect(s, func(n ast.Node) bool {
		if op != "" {
			return false
		}
		switch n := n.(type) {
		case *ast.BlockStmt, *ast.FuncLit, *ast.CaseClause, *ast.CommClause:
			return false
		case *ast.SendStmt:
			op = "send"
		case *ast.SelectStmt:
			op = "select"
		case *ast.GoStmt:
			op = "go"
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				op = "receive"
			}
		case *ast.CallExpr:
			op = opCall(n)
		}
		return op == ""
	})
	return op
}

// instrument adds the perturbation calls of one file to sf.edits, numbering
// the sites from *next.  It returns the sites, or an error saying why the
// file is left as it is (the caller warns and drops the edits).
func (p *prep) instrument(sf *srcFile, next *int) ([]perturbSite, error) {
	if sf.cgo {
		return nil, fmt.Errorf("%s: a cgo file: left as it is", sf.path)
	}
	var clash *ast.Ident
	ast.Inspect(sf.f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && clash == nil && strings.HasPrefix(id.Name, perturbFunc) {
			clash = id
		}
		return clash == nil
	})
	if clash != nil {
		return nil, fmt.Errorf("%s: the name %s is reserved for the perturbation helper: file left as it is",
			p.pos(clash.Pos()), clash.Name)
	}
	var sites []perturbSite
	add := func(pos token.Pos, op string) int {
		id := *next
		*next++
		sites = append(sites, perturbSite{ID: id, Pos: p.fset.Position(pos), Op: op, file: sf})
		return id
	}
	list := func(stmts []ast.Stmt) {
		for _, s := range stmts {
			if d, ok := s.(*ast.DeferStmt); ok {
				if op := opCall(d.Call); op != "" {
					id := add(d.Pos(), "defer:"+op)
					off := p.offset(d.End())
					sf.edits = append(sf.edits, edit{off, 0,
						fmt.Sprintf("; defer %s(%d)", perturbFunc, id) + p.restore(sf, d.End())})
					continue
				}
			}
			if op := headerOp(s); op != "" {
				id := add(s.Pos(), op)
				sf.edits = append(sf.edits, edit{p.offset(s.Pos()), 0,
					fmt.Sprintf("%s(%d); ", perturbFunc, id) + p.restore(sf, s.Pos())})
			}
		}
	}
	ast.Inspect(sf.f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			list(n.List)
		case *ast.CaseClause:
			list(n.Body)
		case *ast.CommClause:
			list(n.Body)
		}
		return true
	})
	return sites, nil
}

// restore returns the directive that gives the text at pos its own
// position again after an insertion before it: /*line :L:C*/ (no file
// name: the current one is kept), or "" when the rest of the line is
// blank or a comment, where nothing needs a position.
func (p *prep) restore(sf *srcFile, pos token.Pos) string {
	off := p.offset(pos)
	rest := sf.src[off:]
	if i := strings.IndexByte(string(rest), '\n'); i >= 0 {
		rest = rest[:i]
	}
	r := strings.TrimSpace(string(rest))
	if r == "" || strings.HasPrefix(r, "//") {
		return ""
	}
	at := p.fset.Position(pos) // with the file's own line directives applied
	return fmt.Sprintf("/*line :%d:%d*/", at.Line, at.Column)
}

// checkInstrumented parses the rewritten file; a file that no longer
// parses (which the rewrite should never cause) is left as it is.
func (sf *srcFile) checkInstrumented() error {
	src, err := sf.apply()
	if err != nil {
		return err
	}
	if _, err := parser.ParseFile(token.NewFileSet(), sf.path, src, parser.SkipObjectResolution); err != nil {
		return fmt.Errorf("%s: instrumented copy does not parse (%v): file left as it is", sf.path, err)
	}
	return nil
}

// perturbHelperSource is rt/perturb.go under the package clause pkgName,
// with the number of sites appended.
func perturbHelperSource(pkgName string, nsites int) ([]byte, error) {
	return rtFileSource(rtPerturbSource, "rt/perturb.go", pkgName, nil,
		fmt.Sprintf("\nconst stepdist_perturbNSites = %d\n", nsites))
}
