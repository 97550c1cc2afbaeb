package programme

import (
	"math"

	"khcn/internal/valid"
)

// Field is the form field of an indicator's value; its comment is
// Field+".c" and its evidence file Field+".f".
func Field(code string) string { return "v." + code }

// CommentField is the form field of an indicator's comment.
func CommentField(code string) string { return Field(code) + ".c" }

// Entry is what was typed for one indicator.
type Entry struct {
	Raw     string
	Comment string
}

// Parse reads the entries of a report (by indicator code) strictly. Every
// problem names the indicator and quotes what was typed; when there is any,
// nothing should be saved, and the form shows the entries as typed.
// Computed indicators are never read: they are derived.
func Parse(inds []Indicator, in map[string]Entry) (map[string]Value, valid.Errors) {
	var e valid.Errors
	out := map[string]Value{}
	for _, ind := range inds {
		if ind.Computed() {
			continue
		}
		en := in[ind.Code]
		v, key := ParseFor(ind, en.Raw)
		if key != "" {
			e.Add(Field(ind.Code), key, ind.Name, en.Raw)
			continue
		}
		if key, lim := CheckRange(ind, v); key != "" {
			e.Add(Field(ind.Code), key, ind.Name, en.Raw, fmtLimit(ind, lim))
			continue
		}
		if len([]rune(en.Comment)) > MaxTextLen {
			e.Add(CommentField(ind.Code), "err.val.text_long", ind.Name, "")
		}
		out[ind.Code] = v
	}
	return out, e
}

func fmtLimit(ind Indicator, f float64) string {
	if ind.Type == Money {
		return Format(Money, MoneyValue(int64(f)))
	}
	return Format(Number, NumValue(f))
}

// Computed fills the computed indicators of one unit's values (by code),
// in dependency order; a computed indicator without all inputs stays unset.
func Computed(inds []Indicator, vals map[string]Value) {
	codes := ByCode(inds)
	get := func(c string) (float64, bool) {
		v, ok := vals[c]
		if !ok || !v.Set {
			return 0, false
		}
		return v.Float(codes[c].Type), true
	}
	for _, ind := range Order(inds) {
		x, err := ParseExpr(ind.Formula)
		if err != nil {
			continue
		}
		if f, ok := x.Eval(get); ok {
			vals[ind.Code] = FromFloat(ind.Type, f)
		} else {
			delete(vals, ind.Code)
		}
	}
}

// Findings are what the checks found in a report: Errors block sending it
// to the leader or the Sở; Warnings are shown but let it pass. Both are
// keyed by the value's form field.
type Findings struct {
	Errors   valid.Errors
	Warnings valid.Errors
}

// Check runs the checks that apply when a report is sent: every reported
// indicator has a value (text may stay empty), cross-indicator rules hold,
// and a value that moved more than the indicator allows since the previous
// period carries a comment explaining why (then it only warns).
func Check(inds []Indicator, rules []Rule, vals map[string]Value, comments map[string]string, prev map[string]Value) Findings {
	var f Findings
	codes := ByCode(inds)
	for _, ind := range inds {
		if ind.Computed() {
			continue
		}
		v := vals[ind.Code]
		if !v.Set {
			if ind.Type != Text {
				f.Errors.Add(Field(ind.Code), "err.val.missing", ind.Name)
			}
			continue
		}
		pct, big := Change(ind, prev[ind.Code], v)
		if !big {
			continue
		}
		args := []any{ind.Name, Format(ind.Type, prev[ind.Code]), Format(ind.Type, v), changeText(pct)}
		if comments[ind.Code] == "" {
			f.Errors.Add(CommentField(ind.Code), "err.val.change_needs_comment", args...)
		} else {
			f.Warnings.Add(Field(ind.Code), "warn.val.change", args...)
		}
	}
	all := map[string]Value{}
	for k, v := range vals {
		all[k] = v
	}
	Computed(inds, all)
	get := func(c string) (float64, bool) {
		v, ok := all[c]
		if !ok || !v.Set {
			return 0, false
		}
		return v.Float(codes[c].Type), true
	}
	for _, r := range rules {
		ok, done, l, rt := r.Check(get)
		if ok || !done {
			continue
		}
		codesIn := r.Codes()
		field := Field(codesIn[0])
		args := []any{codes[codesIn[0]].Name, r.Describe(), Format(Number, NumValue(l)), Format(Number, NumValue(rt))}
		if r.Importance == Error {
			f.Errors.Add(field, "err.val.rule", args...)
		} else {
			f.Warnings.Add(field, "warn.val.rule", args...)
		}
	}
	return f
}

func changeText(pct float64) string {
	if math.IsInf(pct, 0) || pct == 0 {
		return "—"
	}
	s := Format(Number, NumValue(math.Round(pct*10)/10)) + "%"
	if pct > 0 {
		return "+" + s
	}
	return s
}
