package programme

import (
	"slices"
	"strings"

	"khcn/internal/valid"
)

// Importance says whether a broken rule blocks sending a report (error) or
// only warns.
type Importance string

const (
	Error   Importance = "error"
	Warning Importance = "warning"
)

// Ops are the comparison operators a rule may use.
var Ops = []string{">=", ">", "=", "<=", "<", "!="}

// Rule is a declarative cross-indicator check: Left Op Right, where each
// side is an expression over indicator codes, e.g. "CT07.IP_APP >= CT07.IP_GRANT".
type Rule struct {
	ID          string
	ProgrammeID string
	Left, Op    string
	Right       string
	Importance  Importance
	Message     string // shown when broken; empty means the rule itself
}

// Text is the rule as people read it.
func (r Rule) Text() string { return r.Left + " " + r.Op + " " + r.Right }

// Validate checks a rule against the programme's indicators.
func (r Rule) Validate(inds []Indicator) valid.Errors {
	var e valid.Errors
	codes := ByCode(inds)
	for field, src := range map[string]string{"left": r.Left, "right": r.Right} {
		if !e.Required(field, src) {
			continue
		}
		x, err := ParseExpr(src)
		if err != nil {
			AddExprError(&e, field, err)
			continue
		}
		for _, c := range x.Refs() {
			ind, ok := codes[c]
			if !ok {
				e.Add(field, "err.prog.formula_unknown", c)
			} else if !ind.Type.Numeric() {
				e.Add(field, "err.prog.formula_not_numeric", c)
			}
		}
	}
	if !slices.Contains(Ops, r.Op) {
		e.Add("op", "err.choose")
	}
	if r.Importance != Error && r.Importance != Warning {
		e.Add("importance", "err.choose")
	}
	e.MaxLen("message", r.Message, 500)
	return e
}

// Check evaluates the rule on a report's values (by code). It is skipped
// (ok, not evaluated) when a side has no value yet.
func (r Rule) Check(get func(code string) (float64, bool)) (ok, evaluated bool, left, right float64) {
	l, err1 := ParseExpr(r.Left)
	rt, err2 := ParseExpr(r.Right)
	if err1 != nil || err2 != nil {
		return true, false, 0, 0
	}
	a, okA := l.Eval(get)
	b, okB := rt.Eval(get)
	if !okA || !okB {
		return true, false, a, b
	}
	const eps = 1e-9
	switch r.Op {
	case ">=":
		ok = a >= b-eps
	case ">":
		ok = a > b+eps
	case "=":
		ok = a-b < eps && b-a < eps
	case "<=":
		ok = a <= b+eps
	case "<":
		ok = a < b-eps
	case "!=":
		ok = a-b >= eps || b-a >= eps
	}
	return ok, true, a, b
}

// Codes lists the indicators the rule mentions, left first.
func (r Rule) Codes() []string {
	var out []string
	for _, src := range []string{r.Left, r.Right} {
		if x, err := ParseExpr(src); err == nil {
			for _, c := range x.Refs() {
				if !slices.Contains(out, c) {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// Describe is the rule in words for the message when it breaks.
func (r Rule) Describe() string {
	if strings.TrimSpace(r.Message) != "" {
		return r.Message
	}
	return r.Text()
}
