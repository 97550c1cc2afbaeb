package proposal

import (
	"strings"
	"testing"
)

func TestShippedRuleSets(t *testing.T) {
	got := map[string]RuleSet{}
	for _, r := range Defaults() {
		got[r.Code] = r
	}
	for _, code := range []string{"A1-ĐXNV", "A3-ĐXNV", "HN-ĐX", "ĐH-RG"} {
		if _, ok := got[code]; !ok {
			t.Fatalf("shipped rule set %s missing", code)
		}
	}
	a1 := got["A1-ĐXNV"]
	for _, key := range []string{"title", "basis", "urgency", "objectives", "results", "content", "application", "duration", "budget"} {
		if !a1.Has(key) {
			t.Errorf("A1-ĐXNV lacks %s", key)
		}
	}
	if a1.Limits.MaxPages != 4 || got["A3-ĐXNV"].Limits.MaxPages != 6 {
		t.Error("page limits")
	}
	for _, key := range []string{"origin", "content", "targets", "capacity", "resources", "effects"} {
		if !got["A3-ĐXNV"].Has(key) {
			t.Errorf("A3-ĐXNV lacks %s", key)
		}
	}
	order := got["ĐH-RG"]
	if order.Has("budget") || !order.Has("products") || len(order.Fields) != 4 {
		t.Errorf("order form fields: %v", order.Fields)
	}
	// A rule set survives its JSON round trip, as stored with a call.
	back, err := ParseRuleSet([]byte(a1.JSON()))
	if err != nil || back.JSON() != a1.JSON() {
		t.Fatalf("round trip: %v", err)
	}
}

func TestRuleSetCheckRefusesBadData(t *testing.T) {
	base := Defaults()[0].JSON()
	cases := map[string]string{
		"unknown key":    strings.Replace(base, `"basis":`, `"basiss":`, 1),
		"no title":       strings.Replace(base, `"key": "title"`, `"key": "heading"`, 1),
		"reserved key":   strings.Replace(base, `"key": "basis"`, `"key": "task_type"`, 1),
		"bad kind":       strings.Replace(base, `"kind": "textarea"`, `"kind": "richtext"`, 1),
		"months misused": mutate(func(r *RuleSet) { r.Fields[1].Kind = KindMonths }),
		"negative limit": mutate(func(r *RuleSet) { r.Limits.MinOtherPercent = 120 }),
		"unknown type":   strings.Replace(base, `"de_tai"`, `"de_tai_x"`, 1),
		"no english":     strings.Replace(base, `"en": "Objectives"`, `"en": ""`, 1),
		"duplicate key":  strings.Replace(base, `"key": "urgency"`, `"key": "basis"`, 1),
	}
	for name, data := range cases {
		if data == base {
			t.Fatalf("%s: replacement did not apply", name)
		}
		if _, err := ParseRuleSet([]byte(data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func mutate(f func(*RuleSet)) string {
	r := Defaults()[0]
	r.Fields = append([]Field(nil), r.Fields...)
	f(&r)
	return r.JSON()
}

func call() Call {
	r, _ := Default("A1-ĐXNV")
	return Call{Rules: r, Areas: []Area{{ID: "a1", Name: "Nông nghiệp công nghệ cao"}, {ID: "a2", Name: "Môi trường"}},
		Programmes: []Programme{{ID: "p07", Code: "07-CTr/TU", Name: "Chương trình 07", Indicators: []Indicator{{"i3", "p07", "07-CTr/TU", "CT07.3", "Mô hình"}}}}}
}

func goodInput() Input {
	return Input{TaskType: "de_tai", Values: map[string]string{
		"title": "  Xây dựng mô hình   trồng rau\r\nthủy canh  ", "objectives": "Mục tiêu\r\ndòng hai", "basis": "Chương trình 07-CTr/TU",
	}, StateBudget: "1.500.000.000", OtherBudget: "500000000", Duration: "18", AreaIDs: []string{"a1", "a1"},
		Indicators: []string{"i3", "i3"}, Contact: Contact{Name: "Lê Văn Hùng", Phone: "0243 825 1234", Email: "hung@melinh.vn"}}
}

func TestParseForm(t *testing.T) {
	c := call()
	got, e := c.Rules.Parse(goodInput(), c.Choices())
	if e != nil {
		t.Fatalf("good input refused: %v", e)
	}
	if got.Title != "Xây dựng mô hình trồng rau thủy canh" || got.Objectives != "Mục tiêu\ndòng hai" {
		t.Errorf("text not cleaned: %q / %q", got.Title, got.Objectives)
	}
	if got.StateBudget != 1_500_000_000 || got.OtherBudget != 500_000_000 || got.TotalBudget() != 2_000_000_000 || got.DurationMonths != 18 {
		t.Errorf("numbers: %+v", got)
	}
	if len(got.AreaIDs) != 1 || got.Fields["basis"] == "" || len(got.Indicators) != 1 {
		t.Errorf("choices: %+v", got)
	}

	bad := goodInput()
	bad.TaskType = "du_an_khcn" // not on the A1 form
	bad.Values["title"] = ""
	bad.Values["urgency"] = strings.Repeat("x", 8001)
	bad.StateBudget = "1,5 tỷ"
	bad.OtherBudget = "-5"
	bad.Duration = "40"
	bad.AreaIDs = []string{"a9"}
	bad.Indicators = []string{"i99"}
	bad.Contact.Email = "không phải email"
	bad.Contact.Phone = "gọi tôi"
	_, e = c.Rules.Parse(bad, c.Choices())
	for _, f := range []string{"task_type", "title", "urgency", "state_budget", "other_budget", "duration_months", "areas", "indicators", "contact_email", "contact_phone"} {
		if !e.Has(f) {
			t.Errorf("no problem at %s (%v)", f, e)
		}
	}
	if e["duration_months"].Key != "err.months" || e["duration_months"].Args[0] != 6 || e["duration_months"].Args[1] != 36 {
		t.Errorf("months message: %+v", e["duration_months"])
	}
}

// A draft started from a recommendation always saves: the form's first
// task type, and long text cut at its field's limit.
func TestPrefillSaves(t *testing.T) {
	c := call()
	long := strings.Repeat("Xử lý chất thải chăn nuôi. ", 200)
	in := c.Rules.Prefill(map[string]string{"title": " Xử lý   chất thải\nchăn nuôi ", "objectives": long, "unknown": "x"})
	got, e := c.Rules.Parse(in, c.Choices())
	if e != nil {
		t.Fatalf("prefilled draft refused: %v", e)
	}
	if got.TaskType != c.Rules.TaskTypes[0] || got.Title != "Xử lý chất thải chăn nuôi" {
		t.Errorf("prefilled %q %q", got.TaskType, got.Title)
	}
	if n := len([]rune(got.Objectives)); n != 3000 || !strings.HasSuffix(got.Objectives, "…") || !strings.HasPrefix(got.Objectives, "Xử lý chất thải") {
		t.Errorf("objectives cut to %d: %q…", n, got.Objectives[:40])
	}
	if _, ok := in.Values["unknown"]; ok {
		t.Error("a value for no field kept")
	}
}

func TestCompleteAndLimits(t *testing.T) {
	c := call()
	content, _ := c.Rules.Parse(goodInput(), c.Choices())
	e := c.Rules.Complete(content, 0)
	for _, f := range []string{"urgency", "results", "content", "application"} {
		if !e.Has(f) {
			t.Errorf("missing %s not reported", f)
		}
	}
	if e.Has("title") || e.Has("state_budget") || e.Has("areas") {
		t.Errorf("present fields reported: %v", e)
	}
	c.Rules.Limits.MinOtherPercent = 30
	c.Rules.Limits.RequireAttachment = true
	c.Rules.Limits.MaxStateBudget = 1_000_000_000
	if e := c.Rules.Complete(content, 0); !e.Has("other_budget") || !e.Has("files") {
		t.Errorf("limits not applied: %v", e)
	}
	if _, e := c.Rules.Parse(goodInput(), c.Choices()); !e.Has("state_budget") {
		t.Error("state budget over the limit accepted")
	}
	empty := Content{TaskType: DeTai, Title: "x"}
	if e := c.Rules.Complete(empty, 1); !e.Has("areas") || !e.Has("contact_name") || !e.Has("contact_phone") || !e.Has("duration_months") || !e.Has("state_budget") {
		t.Errorf("empty proposal: %v", e)
	}
}

// The 2025 regime ships next to the classic one, with BM-09/BM-10, scored
// criteria and the grant-and-order council; classic rule sets fall back to
// the five Đạt/Không đạt criteria and the 5–9 member council.
func TestNewRegimeRuleSets(t *testing.T) {
	for _, code := range []string{"TT36-TT", "TT36-ĐH"} {
		r, ok := Default(code)
		if !ok {
			t.Fatalf("%s not shipped", code)
		}
		if r.RegimeOf() != New2025 || r.Criteria == nil || r.Council == nil || len(r.Forms) != 2 {
			t.Fatalf("%s: %+v", code, r)
		}
		c := r.CouncilRules()
		if c.MinMembers != 7 || c.MaxMembers != 9 || !c.SecretaryCivilServant || !c.QuorumSecretary || c.BudgetTeam != 5 {
			t.Errorf("%s council %+v", code, c)
		}
		if r.SheetCriteria().PassMark != 70 || !strings.Contains(r.Description.VI, "Chưa xác minh") {
			t.Errorf("%s: pass mark or description", code)
		}
		back, err := ParseRuleSet([]byte(r.JSON()))
		if err != nil || back.JSON() != r.JSON() {
			t.Fatalf("%s round trip: %v", code, err)
		}
	}
	tt, _ := Default("TT36-TT")
	dh, _ := Default("TT36-ĐH")
	var heads []string
	for i := range tt.Fields {
		if h := tt.FormHeading(i, "vi"); h != "" {
			heads = append(heads, h)
		}
	}
	if len(heads) != 2 || !strings.HasPrefix(heads[0], "BM-09 – Đơn đăng ký") || !strings.HasPrefix(heads[1], "BM-10 – Thuyết minh") {
		t.Errorf("form headings %q", heads)
	}
	if tt.CallKind != Grant || dh.CallKind != Order || !dh.Has("order_ref") {
		t.Error("call kinds")
	}
	a1, _ := Default("A1-ĐXNV")
	if a1.RegimeOf() != Classic || a1.CouncilRules().MinMembers != 5 || len(a1.SheetCriteria().Items) != 5 {
		t.Error("classic defaults")
	}
	d := Compare(a1, tt)
	find := func(p string) *RuleDiff {
		for i := range d {
			if d[i].Path == p {
				return &d[i]
			}
		}
		return nil
	}
	if x := find("council.min_members"); x == nil || x.A != "5" || x.B != "7" {
		t.Errorf("compare min_members: %+v", x)
	}
	if x := find("regime"); x == nil || x.A != "classic" || x.B != "2025" {
		t.Errorf("compare regime: %+v", x)
	}
	if len(Compare(tt, tt)) != 0 {
		t.Error("a rule set differs from itself")
	}
}

// A rule set may carry criteria and council rules; bad ones are refused.
func TestRuleSetCriteriaRefusesBadData(t *testing.T) {
	tt, _ := Default("TT36-TT")
	base := tt.JSON()
	cases := map[string]string{
		"weights not 100":   strings.Replace(base, `"weight": 20`, `"weight": 25`, 1),
		"unknown mode":      strings.Replace(base, `"mode": "scored"`, `"mode": "stars"`, 1),
		"council too small": strings.Replace(base, `"min_members": 7`, `"min_members": 2`, 1),
		"unknown regime":    strings.Replace(base, `"regime": "2025"`, `"regime": "2030"`, 1),
		"no call kind":      strings.Replace(base, `"call_kind": "grant"`, `"call_kind": ""`, 1),
		"unknown form":      strings.Replace(base, `"form": "BM-09"`, `"form": "BM-99"`, 1),
		"unknown key":       strings.Replace(base, `"pass_mark": 70`, `"pass_markk": 70`, 1),
	}
	for name, data := range cases {
		if data == base {
			t.Fatalf("%s: replacement did not apply", name)
		}
		if _, err := ParseRuleSet([]byte(data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
