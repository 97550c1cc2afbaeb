package programme

import (
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"khcn/internal/valid"
)

// Expr is a parsed arithmetic expression over indicator codes, used by
// computed indicators ("CT07.02 / CT07.01 * 100") and by cross-indicator
// rules. Grammar: numbers, codes, + - * /, unary minus, parentheses.
type Expr struct{ root node }

type node interface {
	eval(get func(string) (float64, bool)) (float64, bool)
	refs(add func(string))
}

type num float64
type ref string
type neg struct{ x node }
type bin struct {
	op   byte
	l, r node
}

func (n num) eval(func(string) (float64, bool)) (float64, bool) { return float64(n), true }
func (n num) refs(func(string))                                 {}
func (n ref) eval(get func(string) (float64, bool)) (float64, bool) {
	return get(string(n))
}
func (n ref) refs(add func(string)) { add(string(n)) }
func (n neg) eval(get func(string) (float64, bool)) (float64, bool) {
	v, ok := n.x.eval(get)
	return -v, ok
}
func (n neg) refs(add func(string)) { n.x.refs(add) }
func (n bin) eval(get func(string) (float64, bool)) (float64, bool) {
	a, ok := n.l.eval(get)
	if !ok {
		return 0, false
	}
	b, ok := n.r.eval(get)
	if !ok {
		return 0, false
	}
	var v float64
	switch n.op {
	case '+':
		v = a + b
	case '-':
		v = a - b
	case '*':
		v = a * b
	case '/':
		if b == 0 {
			return 0, false // undefined, shown as no value
		}
		v = a / b
	}
	return v, !math.IsInf(v, 0) && !math.IsNaN(v)
}
func (n bin) refs(add func(string)) { n.l.refs(add); n.r.refs(add) }

// Eval computes the expression; it has no value when an input is missing or
// a division by zero occurs.
func (e Expr) Eval(get func(code string) (float64, bool)) (float64, bool) {
	if e.root == nil {
		return 0, false
	}
	return e.root.eval(get)
}

// Refs lists the codes the expression uses, once each, in order.
func (e Expr) Refs() []string {
	var out []string
	seen := map[string]bool{}
	if e.root != nil {
		e.root.refs(func(c string) {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		})
	}
	return out
}

// ExprError says what is wrong in an expression and where: Key is a message
// key taking {0} = the position (from 1) and {1} = the text found there.
type ExprError struct {
	Key string
	Pos int
	Tok string
}

func (e *ExprError) Error() string { return e.Key + " at " + strconv.Itoa(e.Pos) + ": " + e.Tok }

// Problem returns the error as a form problem at field.
func (e *ExprError) add(errs *valid.Errors, field string) { errs.Add(field, e.Key, e.Pos, e.Tok) }

// AddExprError records a parse error at field, or a generic one.
func AddExprError(errs *valid.Errors, field string, err error) {
	var xe *ExprError
	if errors.As(err, &xe) {
		xe.add(errs, field)
		return
	}
	errs.Add(field, "err.prog.expr_invalid", 1, "")
}

// ParseExpr parses an expression; an error is an *ExprError.
func ParseExpr(s string) (Expr, error) {
	p := &parser{src: s}
	p.next()
	root, err := p.sum()
	if err != nil {
		return Expr{}, err
	}
	if p.tok != "" {
		return Expr{}, p.fail("err.prog.expr_extra")
	}
	return Expr{root}, nil
}

type parser struct {
	src string
	pos int
	tok string // current token; "" at the end
	at  int    // where tok starts
}

func (p *parser) fail(key string) error { return &ExprError{Key: key, Pos: p.at + 1, Tok: p.tok} }

func (p *parser) next() {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
	p.at = p.pos
	if p.pos >= len(p.src) {
		p.tok = ""
		return
	}
	c := p.src[p.pos]
	switch {
	case strings.IndexByte("+-*/()", c) >= 0:
		p.pos++
	case c >= '0' && c <= '9':
		for p.pos < len(p.src) && (p.src[p.pos] >= '0' && p.src[p.pos] <= '9' || p.src[p.pos] == '.') {
			p.pos++
		}
	case isLetter(c):
		for p.pos < len(p.src) && (isLetter(p.src[p.pos]) || p.src[p.pos] >= '0' && p.src[p.pos] <= '9' || p.src[p.pos] == '_' || p.src[p.pos] == '.') {
			p.pos++
		}
	default:
		p.pos++
	}
	p.tok = p.src[p.at:p.pos]
}

func isLetter(c byte) bool { return c < 128 && unicode.IsLetter(rune(c)) }

func (p *parser) sum() (node, error) {
	l, err := p.product()
	for err == nil && (p.tok == "+" || p.tok == "-") {
		op := p.tok[0]
		p.next()
		var r node
		if r, err = p.product(); err == nil {
			l = bin{op, l, r}
		}
	}
	return l, err
}

func (p *parser) product() (node, error) {
	l, err := p.unary()
	for err == nil && (p.tok == "*" || p.tok == "/") {
		op := p.tok[0]
		p.next()
		var r node
		if r, err = p.unary(); err == nil {
			l = bin{op, l, r}
		}
	}
	return l, err
}

func (p *parser) unary() (node, error) {
	if p.tok == "-" {
		p.next()
		x, err := p.unary()
		return neg{x}, err
	}
	return p.atom()
}

func (p *parser) atom() (node, error) {
	t := p.tok
	switch {
	case t == "":
		return nil, p.fail("err.prog.expr_end")
	case t == "(":
		p.next()
		x, err := p.sum()
		if err != nil {
			return nil, err
		}
		if p.tok != ")" {
			return nil, p.fail("err.prog.expr_paren")
		}
		p.next()
		return x, nil
	case t[0] >= '0' && t[0] <= '9':
		v, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return nil, p.fail("err.prog.expr_number")
		}
		p.next()
		return num(v), nil
	case isLetter(t[0]):
		if !ValidCode(t) {
			return nil, p.fail("err.prog.expr_code")
		}
		p.next()
		return ref(t), nil
	}
	return nil, p.fail("err.prog.expr_invalid")
}

// ErrCycle is returned when computed indicators depend on each other in a loop.
var ErrCycle = errors.New("formula cycle")

// CheckFormulas checks every computed indicator of a programme together:
// each code a formula uses must exist and be numeric, and no indicator may
// depend on itself through any chain. Problems are keyed "formula" with the
// offending indicator named, so the indicator form can show them.
func CheckFormulas(inds []Indicator) valid.Errors {
	var e valid.Errors
	codes := ByCode(inds)
	deps := map[string][]string{}
	for _, in := range inds {
		if !in.Computed() {
			continue
		}
		x, err := ParseExpr(in.Formula)
		if err != nil {
			AddExprError(&e, "formula", err)
			continue
		}
		for _, c := range x.Refs() {
			dep, ok := codes[c]
			switch {
			case !ok:
				e.Add("formula", "err.prog.formula_unknown", c)
			case !dep.Type.Numeric() || dep.Type == YesNo:
				e.Add("formula", "err.prog.formula_not_numeric", c)
			}
			deps[in.Code] = append(deps[in.Code], c)
		}
	}
	if cyc := findCycle(deps); cyc != nil {
		e.Add("formula", "err.prog.formula_cycle", strings.Join(cyc, " → "))
	}
	return e
}

// findCycle returns one dependency loop as a path that ends where it
// starts, or nil.
func findCycle(deps map[string][]string) []string {
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var cycle []string
	var visit func(string) bool
	visit = func(c string) bool {
		switch state[c] {
		case active:
			i := len(stack) - 1
			for stack[i] != c {
				i--
			}
			cycle = append(append([]string{}, stack[i:]...), c)
			return true
		case done:
			return false
		}
		state[c] = active
		stack = append(stack, c)
		for _, d := range deps[c] {
			if visit(d) {
				return true
			}
		}
		stack = stack[:len(stack)-1]
		state[c] = done
		return false
	}
	keys := make([]string, 0, len(deps))
	for k := range deps {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if visit(k) {
			return cycle
		}
	}
	return nil
}

// Order returns computed indicators in an order where each comes after the
// computed indicators it uses (CheckFormulas has refused cycles).
func Order(inds []Indicator) []Indicator {
	codes := ByCode(inds)
	var out []Indicator
	placed := map[string]bool{}
	var place func(Indicator, int)
	place = func(in Indicator, depth int) {
		if placed[in.Code] || depth > len(inds) {
			return
		}
		if x, err := ParseExpr(in.Formula); err == nil {
			for _, c := range x.Refs() {
				if d, ok := codes[c]; ok && d.Computed() {
					place(d, depth+1)
				}
			}
		}
		placed[in.Code] = true
		out = append(out, in)
	}
	for _, in := range inds {
		if in.Computed() {
			place(in, 0)
		}
	}
	return out
}
