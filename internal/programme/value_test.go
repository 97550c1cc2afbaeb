package programme

import (
	"testing"
)

// Types are strict: "N/A" is never a number, whatever the type.
func TestParseValueIsStrict(t *testing.T) {
	refused := map[ValueType][]string{
		Number:  {"N/A", "n/a", "khoảng 5", "5 ha", "1,2,3", "—", "5-6"},
		Percent: {"N/A", "cao", "50%%"},
		Money:   {"N/A", "1,5", "một tỷ"},
		YesNo:   {"N/A", "có lẽ", "1"},
	}
	for typ, inputs := range refused {
		for _, in := range inputs {
			if v, key := ParseValue(typ, in); key == "" || v.Set {
				t.Errorf("%s accepted %q as %+v", typ, in, v)
			}
		}
	}
	accepted := []struct {
		typ  ValueType
		in   string
		want Value
	}{
		{Number, "1.234,5", NumValue(1234.5)},
		{Number, "1234567", NumValue(1234567)},
		{Number, " 42 ", NumValue(42)},
		{Percent, "87,5%", NumValue(87.5)},
		{Money, "14.837.629.000", MoneyValue(14837629000)},
		{Money, "2.000.000 đ", MoneyValue(2000000)},
		{YesNo, "Có", BoolValue(true)},
		{YesNo, "khong", BoolValue(false)},
		{Text, "Đã ban hành kế hoạch", TextValue("Đã ban hành kế hoạch")},
		{Number, "", Value{}},
	}
	for _, c := range accepted {
		v, key := ParseValue(c.typ, c.in)
		if key != "" || v != c.want {
			t.Errorf("%s %q = %+v, %s; want %+v", c.typ, c.in, v, key, c.want)
		}
		if c.want.Set && c.typ != Text {
			if back, _ := ParseValue(c.typ, Format(c.typ, v)); back != v {
				t.Errorf("%s %q does not round-trip through %q", c.typ, c.in, Format(c.typ, v))
			}
		}
	}
}

func TestRangeRules(t *testing.T) {
	pct := ind("EGOV", Percent, Avg, "")
	if key, _ := CheckRange(pct, NumValue(120)); key != "err.val.above_max" {
		t.Errorf("120%% accepted: %s", key)
	}
	count := ind("N", Number, Sum, "")
	if key, _ := CheckRange(count, NumValue(-1)); key != "err.val.below_min" {
		t.Errorf("negative count accepted: %s", key)
	}
	lo, hi := 1.0, 10.0
	count.Min, count.Max = &lo, &hi
	if key, lim := CheckRange(count, NumValue(11)); key != "err.val.above_max" || lim != 10 {
		t.Errorf("above 10: %s %v", key, lim)
	}
	if key, _ := CheckRange(count, NumValue(5)); key != "" {
		t.Errorf("5 refused: %s", key)
	}
}

func TestParseNamesTheIndicator(t *testing.T) {
	inds := []Indicator{ind("APP", Number, Sum, ""), ind("EGOV", Percent, Avg, ""), ind("RATE", Percent, Formula, "APP")}
	vals, errs := Parse(inds, map[string]Entry{"APP": {Raw: "N/A"}, "EGOV": {Raw: "150"}, "RATE": {Raw: "whatever"}})
	if p := errs[Field("APP")]; p.Key != "err.val.not_number" || p.Args[0] != "Chỉ tiêu APP" || p.Args[1] != "N/A" {
		t.Errorf("APP: %+v", p)
	}
	if p := errs[Field("EGOV")]; p.Key != "err.val.above_max" || p.Args[2] != "100" {
		t.Errorf("EGOV: %+v", p)
	}
	if errs.Has(Field("RATE")) || len(vals) != 0 {
		t.Errorf("computed indicator read, or values kept: %v %v", errs, vals)
	}
}

func TestCheckBeforeSending(t *testing.T) {
	app := ind("APP", Number, Sum, "")
	app.ChangeRatio = 2
	inds := []Indicator{app, ind("GRANT", Number, Sum, ""), ind("NOTE", Text, Latest, "")}
	rules := []Rule{{Left: "APP", Op: ">=", Right: "GRANT", Importance: Error, Message: "Số đơn phải không ít hơn số văn bằng"},
		{Left: "GRANT", Op: ">", Right: "0", Importance: Warning}}
	prev := map[string]Value{"APP": NumValue(100)}

	f := Check(inds, rules, map[string]Value{"APP": NumValue(40)}, nil, prev) // under 100 ÷ 2
	if f.Errors[Field("GRANT")].Key != "err.val.missing" || f.Errors.Has(Field("NOTE")) {
		t.Errorf("missing values: %v", f.Errors)
	}
	if p := f.Errors[CommentField("APP")]; p.Key != "err.val.change_needs_comment" || p.Args[3] != "-60%" {
		t.Errorf("soft check without comment: %+v", p)
	}
	f = Check(inds, rules, map[string]Value{"APP": NumValue(40), "GRANT": NumValue(60)}, map[string]string{"APP": "Năm nay giảm do sáp nhập"}, prev)
	if f.Errors.Has(CommentField("APP")) || f.Warnings[Field("APP")].Key != "warn.val.change" {
		t.Errorf("commented change should only warn: %v / %v", f.Errors, f.Warnings)
	}
	if p := f.Errors[Field("APP")]; p.Key != "err.val.rule" || p.Args[1] != "Số đơn phải không ít hơn số văn bằng" {
		t.Errorf("cross rule: %+v", p)
	}
	f = Check(inds, rules, map[string]Value{"APP": NumValue(90), "GRANT": NumValue(0)}, nil, prev)
	if len(f.Errors) != 0 || f.Warnings[Field("GRANT")].Key != "warn.val.rule" {
		t.Errorf("warning rule: %v / %v", f.Errors, f.Warnings)
	}
}

// Every numeric indicator has a soft check against the previous period:
// more than three times, or less than a third of, the previous value by
// default, or the indicator's own ratio.
func TestChangeDefaultRatio(t *testing.T) {
	area := ind("AREA", Number, Latest, "")
	pct := ind("P", Percent, Avg, "")
	money := ind("M", Money, Sum, "")
	yes := ind("Y", YesNo, Sum, "")
	loose := ind("L", Number, Sum, "")
	loose.ChangeRatio = 20
	for _, c := range []struct {
		ind       Indicator
		prev, cur Value
		big       bool
	}{
		{area, NumValue(520), NumValue(5200), true},  // the typing slip
		{area, NumValue(520), NumValue(1560), false}, // exactly × 3
		{area, NumValue(520), NumValue(1561), true},
		{area, NumValue(520), NumValue(174), false},
		{area, NumValue(520), NumValue(173), true}, // under a third
		{area, NumValue(520), NumValue(0), true},
		{area, NumValue(0), NumValue(5), true},
		{area, NumValue(0), NumValue(0), false},
		{area, Value{}, NumValue(5200), false}, // no previous period
		{pct, NumValue(10), NumValue(31), true},
		{money, MoneyValue(100_000_000), MoneyValue(1_000_000_000), true},
		{money, MoneyValue(100_000_000), MoneyValue(250_000_000), false},
		{yes, BoolValue(false), BoolValue(true), false},
		{loose, NumValue(520), NumValue(5200), false},
	} {
		if _, big := Change(c.ind, c.prev, c.cur); big != c.big {
			t.Errorf("%s %v → %v: %v, want %v", c.ind.Code, c.prev, c.cur, big, c.big)
		}
	}
	f := Check([]Indicator{area}, nil, map[string]Value{"AREA": NumValue(5200)}, nil, map[string]Value{"AREA": NumValue(520)})
	if p := f.Errors[CommentField("AREA")]; p.Key != "err.val.change_needs_comment" || p.Args[3] != "+900%" || len(f.Errors) != 1 {
		t.Errorf("520 → 5.200 ha: %v", f.Errors)
	}
	for _, bad := range []float64{1, 0.5, -3} {
		i := area
		i.Name, i.ReporterKinds, i.ChangeRatio = "Diện tích", ReporterKinds, bad
		if !i.Validate().Has("change_ratio") {
			t.Errorf("ratio %v accepted", bad)
		}
	}
}

// A count of things takes whole numbers only, by the one check every path
// (form, Excel, API) goes through; other numbers keep their decimals.
func TestCountsAreWhole(t *testing.T) {
	count := ind("MODELS", Number, Sum, "")
	count.Whole = true
	area := ind("AREA", Number, Sum, "")
	_, errs := Parse([]Indicator{count, area}, map[string]Entry{"MODELS": {Raw: "1,5"}, "AREA": {Raw: "1,5"}})
	if p := errs[Field("MODELS")]; p.Key != "err.val.not_whole" || p.Args[1] != "1,5" {
		t.Errorf("1,5 models: %+v", p)
	}
	if errs.Has(Field("AREA")) {
		t.Errorf("1,5 ha refused: %v", errs)
	}
	for raw, want := range map[string]string{"2": "", "1.234": "", "0,5": "err.val.not_whole", "3,0": ""} {
		if _, key := ParseFor(count, raw); key != want {
			t.Errorf("%q: %q, want %q", raw, key, want)
		}
	}
	if !count.NotWhole(2.5) || count.NotWhole(2) || area.NotWhole(2.5) {
		t.Error("NotWhole")
	}
}
