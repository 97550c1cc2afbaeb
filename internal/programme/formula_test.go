package programme

import (
	"errors"
	"strings"
	"testing"
)

func vals(m map[string]float64) func(string) (float64, bool) {
	return func(c string) (float64, bool) { v, ok := m[c]; return v, ok }
}

func TestExprEval(t *testing.T) {
	cases := []struct {
		src  string
		want float64
		ok   bool
	}{
		{"IP_GRANT / IP_APP * 100", 76.02, true},
		{"(A + B) * 2 - -C", 45, true},
		{"A - B - C", -10, true}, // left-associative
		{"A / ZERO", 0, false},   // division by zero: no value
		{"A + MISSING", 0, false},
		{"2.5 * A", 25, true},
	}
	env := vals(map[string]float64{"IP_GRANT": 10387, "IP_APP": 13663, "A": 10, "B": 5, "C": 15, "ZERO": 0})
	for _, c := range cases {
		x, err := ParseExpr(c.src)
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		got, ok := x.Eval(env)
		if ok != c.ok || (ok && (got-c.want > 0.01 || c.want-got > 0.01)) {
			t.Errorf("%s = %v, %v; want %v, %v", c.src, got, ok, c.want, c.ok)
		}
	}
	x, _ := ParseExpr("B + A * B")
	if refs := strings.Join(x.Refs(), ","); refs != "B,A" {
		t.Errorf("refs %s", refs)
	}
}

func TestExprErrorsSayWhere(t *testing.T) {
	cases := map[string]struct {
		key string
		pos int
	}{
		"A +":      {"err.prog.expr_end", 4},
		"(A + B":   {"err.prog.expr_paren", 7},
		"A B":      {"err.prog.expr_extra", 3},
		"A + #":    {"err.prog.expr_invalid", 5},
		"1.2.3":    {"err.prog.expr_number", 1},
		"":         {"err.prog.expr_end", 1},
		"A * (B))": {"err.prog.expr_extra", 8},
	}
	for src, want := range cases {
		_, err := ParseExpr(src)
		var xe *ExprError
		if !errors.As(err, &xe) || xe.Key != want.key || xe.Pos != want.pos {
			t.Errorf("%q: %v, want %s at %d", src, err, want.key, want.pos)
		}
	}
}

func ind(code string, typ ValueType, agg Aggregation, formula string) Indicator {
	return Indicator{ID: "id-" + code, Code: code, Name: "Chỉ tiêu " + code, Type: typ, Direction: Up, Aggregation: agg, Formula: formula}
}

func TestCheckFormulasRefusesCyclesAndUnknowns(t *testing.T) {
	ok := []Indicator{
		ind("APP", Number, Sum, ""), ind("GRANT", Number, Sum, ""),
		ind("RATE", Percent, Formula, "GRANT / APP * 100"),
		ind("RATE2", Number, Formula, "RATE / 100"),
	}
	if e := CheckFormulas(ok); len(e) != 0 {
		t.Fatalf("valid programme refused: %v", e)
	}
	if order := Order(ok); order[0].Code != "RATE" || order[1].Code != "RATE2" {
		t.Errorf("order %v", order)
	}
	cyc := append(ok[:2:2], ind("X", Number, Formula, "Y + APP"), ind("Y", Number, Formula, "Z * 2"), ind("Z", Number, Formula, "X"))
	e := CheckFormulas(cyc)
	p, has := e["formula"]
	if !has || p.Key != "err.prog.formula_cycle" || p.Args[0] != "X → Y → Z → X" {
		t.Fatalf("cycle: %+v", e)
	}
	self := []Indicator{ind("S", Number, Formula, "S + 1")}
	if e := CheckFormulas(self); e["formula"].Key != "err.prog.formula_cycle" {
		t.Errorf("self reference: %+v", e)
	}
	unknown := []Indicator{ind("APP", Number, Sum, ""), ind("R", Number, Formula, "APP / NOPE")}
	if e := CheckFormulas(unknown); e["formula"].Key != "err.prog.formula_unknown" || e["formula"].Args[0] != "NOPE" {
		t.Errorf("unknown: %+v", e)
	}
	text := []Indicator{ind("NOTE", Text, Latest, ""), ind("R", Number, Formula, "NOTE * 2")}
	if e := CheckFormulas(text); e["formula"].Key != "err.prog.formula_not_numeric" {
		t.Errorf("text input: %+v", e)
	}
}

func TestComputedValues(t *testing.T) {
	inds := []Indicator{ind("APP", Number, Sum, ""), ind("GRANT", Number, Sum, ""), ind("RATE", Percent, Formula, "GRANT / APP * 100")}
	v := map[string]Value{"APP": NumValue(200), "GRANT": NumValue(50)}
	Computed(inds, v)
	if v["RATE"].Num != 25 {
		t.Errorf("rate %v", v["RATE"])
	}
	delete(v, "GRANT")
	Computed(inds, v)
	if _, ok := v["RATE"]; ok {
		t.Error("rate without an input")
	}
}
