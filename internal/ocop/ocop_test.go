package ocop

import (
	"testing"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/hanoi"
	"khcn/internal/orgunit"
)

var today = civil.New(2026, 2, 5)

func TestStarsFromScores(t *testing.T) {
	cases := map[float64]int{100: 5, 90: 5, 89.99: 4, 70: 4, 69.5: 3, 50: 3, 49.99: 2, 30: 2, 29: 1, 0: 1}
	for total, want := range cases {
		if got := DefaultBands.Stars(total); got != want {
			t.Errorf("Stars(%v) = %d, want %d", total, got, want)
		}
	}
	// Bands are configuration: a stricter 4★ threshold changes the result.
	strict := Bands{{5, 90}, {4, 75}, {3, 50}, {2, 30}, {1, 0}}
	if strict.Stars(72) != 3 || DefaultBands.Stars(72) != 4 {
		t.Error("bands not honoured")
	}
}

func TestExpiryIsIssuePlus36Months(t *testing.T) {
	e := Evaluation{Stars: 3, CertNo: "GCN-1", IssueDate: civil.New(2023, 3, 15), Review: Verified}
	if got := e.Expiry(); got != civil.New(2026, 3, 15) {
		t.Fatalf("expiry %v", got)
	}
	if !e.ValidOn(civil.New(2026, 3, 14)) || e.ValidOn(civil.New(2026, 3, 15)) || e.ValidOn(civil.New(2023, 3, 14)) {
		t.Error("validity window")
	}
	// 29/2 + 36 months falls on 28/2 or 29/2 as the calendar allows.
	leap := Evaluation{IssueDate: civil.New(2024, 2, 29)}
	if got := leap.Expiry(); got != civil.New(2027, 2, 28) {
		t.Errorf("leap expiry %v", got)
	}
	if !e.ExpiringOn(today, 2) || e.ExpiringOn(today, 1) {
		t.Error("expiring window: expires 15/3/2026, today 5/2/2026")
	}
	pending := e
	pending.Review = Pending
	if pending.ValidOn(today) {
		t.Error("an unverified certificate counted as valid")
	}
}

func TestCurrentRatingIsNewestValidCertificate(t *testing.T) {
	ev := func(stars int, issue civil.Date, review Review) Evaluation {
		return Evaluation{Stars: stars, CertNo: "x", IssueDate: issue, DecisionDate: issue, Review: review}
	}
	old4 := ev(4, civil.New(2021, 6, 1), Verified)   // expired 1/6/2024
	mid3 := ev(3, civil.New(2024, 1, 10), Verified)  // valid
	new4 := ev(4, civil.New(2025, 9, 1), Verified)   // valid, newest
	pend5 := ev(5, civil.New(2025, 12, 1), Pending)  // not verified
	two := Evaluation{Stars: 2, Review: Verified}    // no certificate
	future := ev(5, civil.New(2026, 6, 1), Verified) // not yet issued
	cur, ok := Current([]Evaluation{old4, mid3, new4, pend5, two, future}, today)
	if !ok || cur.IssueDate != new4.IssueDate || cur.Stars != 4 {
		t.Fatalf("current = %+v %v", cur, ok)
	}
	// A newer certificate with fewer stars still replaces the older one.
	down := ev(3, civil.New(2025, 10, 1), Verified)
	if cur, _ := Current([]Evaluation{new4, down}, today); cur.Stars != 3 {
		t.Errorf("newest certificate not current: %d★", cur.Stars)
	}
	if _, ok := Current([]Evaluation{old4, two, pend5}, today); ok {
		t.Error("expired or unverified ratings counted")
	}
}

func TestEvaluationRefusesBadScores(t *testing.T) {
	good := EvaluationInput{Year: "2025", Level: "province", A: "30", B: "20", C: "25,5", Total: "75,5",
		DecisionNo: "123/QĐ-UBND", DecisionDate: "10/09/2025", CertNo: "GCN-4", Issue: "15/09/2025"}
	ev, errs := good.Parse(DefaultBands, today)
	if errs != nil || ev.Stars != 4 || ev.Total != 75.5 || ev.Expiry() != civil.New(2028, 9, 15) {
		t.Fatalf("good evaluation: %+v %v", ev, errs)
	}
	cases := []struct {
		name  string
		edit  func(*EvaluationInput)
		field string
		key   string
	}{
		{"A over 40", func(i *EvaluationInput) { i.A = "41"; i.Total = "86,5" }, "score_a", "ocop.err.score_range"},
		{"B negative", func(i *EvaluationInput) { i.B = "-1" }, "score_b", "ocop.err.score_range"},
		{"C not a number", func(i *EvaluationInput) { i.C = "N/A" }, "score_c", "ocop.err.number"},
		{"total differs", func(i *EvaluationInput) { i.Total = "80" }, "total", "ocop.err.total_mismatch"},
		{"issued before decision", func(i *EvaluationInput) { i.Issue = "01/09/2025" }, "issue_date", "ocop.err.issue_before_decision"},
		{"5 stars at province", func(i *EvaluationInput) { i.A = "38"; i.B = "24"; i.C = "30"; i.Total = "92" }, "level", "ocop.err.five_central"},
		{"no certificate number", func(i *EvaluationInput) { i.CertNo = "" }, "cert_no", "err.required"},
		{"certificate for 2 stars", func(i *EvaluationInput) { i.A = "10"; i.B = "10"; i.C = "10"; i.Total = "30" }, "cert_no", "ocop.err.no_cert_below3"},
		{"year before OCOP", func(i *EvaluationInput) { i.Year = "2010" }, "year", "ocop.err.year"},
		{"bad date", func(i *EvaluationInput) { i.DecisionDate = "31/02/2025" }, "decision_date", "err.date_format"},
		{"future issue", func(i *EvaluationInput) { i.Issue = "01/01/2027" }, "issue_date", "ocop.err.future"},
	}
	for _, c := range cases {
		in := good
		c.edit(&in)
		_, errs := in.Parse(DefaultBands, today)
		if p, ok := errs[c.field]; !ok || p.Key != c.key {
			t.Errorf("%s: errors %v, want %s at %s", c.name, errs, c.key, c.field)
		}
	}
}

func TestPlanMustAimHigher(t *testing.T) {
	in := PlanInput{TargetStars: "4", Support: "Hỗ trợ bao bì, truy xuất nguồn gốc", Deadline: "31/12/2026",
		Actions: []ActionInput{{Text: "Thiết kế lại bao bì", Due: "30/06/2026"}, {Text: ""}}}
	p, errs := in.Parse(3, today)
	if errs != nil || p.TargetStars != 4 || len(p.Actions) != 1 || p.Status != PlanOpen {
		t.Fatalf("%+v %v", p, errs)
	}
	if _, errs := in.Parse(4, today); errs["target_stars"].Key != "ocop.err.target_not_higher" {
		t.Errorf("target not above current accepted: %v", errs)
	}
	in.Deadline = "01/01/2026"
	if _, errs := in.Parse(3, today); !errs.Has("deadline") {
		t.Error("past deadline accepted")
	}
}

func TestDuplicateProducers(t *testing.T) {
	existing := []Producer{
		{ID: "1", Name: "Hợp tác xã Mật ong Tản Viên", RegNo: "0500123456", Place: Place{UnitID: "u1"}},
		{ID: "2", Name: "Công ty TNHH Gạo Đỗ Động", RegNo: "0101999888", Place: Place{UnitID: "u2"}},
	}
	cases := []struct {
		p    Producer
		unit string
		want int
	}{
		{Producer{Name: "HTX mật ong Tản Viên", RegNo: ""}, "u1", 1},        // same name without legal form and tones
		{Producer{Name: "HTX Mat ong Tan Vien", RegNo: "x"}, "u1", 1},       // no diacritics at all
		{Producer{Name: "HTX Mật ong Tản Viện", RegNo: ""}, "u1", 1},        // a wrong tone
		{Producer{Name: "HTX Mật ong Tản Viên", RegNo: ""}, "u9", 0},        // another unit
		{Producer{Name: "Hộ Nguyễn Văn A", RegNo: "0101-999-888"}, "u9", 1}, // same registration number anywhere
		{Producer{Name: "HTX Hoa Đan Phượng", RegNo: ""}, "u1", 0},
	}
	for i, c := range cases {
		c.p.RegNo = NormRegNo(c.p.RegNo)
		if got := Duplicates(c.p, c.unit, existing); len(got) != c.want {
			t.Errorf("case %d (%s): %d duplicates, want %d", i, c.p.Name, len(got), c.want)
		}
	}
	// A prepared name compares as SimilarNames does.
	names := []string{"HTX Mật ong Tản Viên", "HTX mat ong Tan Vien", "Hợp tác xã Mật ong Tản Viện", "HTX Hoa Đan Phượng", "Hộ Nguyễn Văn A", "Hộ Nguyễn Văn B", "Công ty TNHH Gạo Đỗ Động", ""}
	for _, a := range names {
		for _, b := range names {
			if NewCore(a).Similar(NewCore(b)) != SimilarNames(a, b) {
				t.Errorf("Core.Similar(%q, %q) differs from SimilarNames", a, b)
			}
		}
	}
	// An import asks nobody: another registration number is another
	// producer, however alike the name; without a number the name decides.
	imported := []struct {
		p    Producer
		want int
	}{
		{Producer{Name: "HTX Mật ong Tản Viên", RegNo: "0500123457"}, 0},
		{Producer{Name: "HTX Mat ong Tan Vien", RegNo: "x"}, 0},
		{Producer{Name: "HTX Mật ong Tản Viên", RegNo: ""}, 1},
		{Producer{Name: "Hộ Nguyễn Văn A", RegNo: "0500123456"}, 1},
	}
	for i, c := range imported {
		c.p.RegNo = NormRegNo(c.p.RegNo)
		if got := ImportDuplicates(c.p, "u1", existing); len(got) != c.want {
			t.Errorf("import case %d (%s %s): %d duplicates, want %d", i, c.p.Name, c.p.RegNo, len(got), c.want)
		}
	}
}

func hanoiSet(t *testing.T) *orgunit.Set {
	units, links, err := hanoi.Units()
	if err != nil {
		t.Fatal(err)
	}
	return orgunit.NewSet(units, links)
}

func TestRehomeThroughSuccessors(t *testing.T) {
	set := hanoiSet(t)
	// A commune valid today is its own home.
	if u, _, key := Rehome(set, "hn-09022", "", "", today); u == nil || u.ID != "hn-09022" || key != "" {
		t.Fatalf("current unit: %v %s", u, key)
	}
	// Find a former commune that went wholly to one new commune, and one split.
	var whole, split string
	for _, u := range set.On(civil.New(2025, 6, 30)) {
		if u.Kind != orgunit.Commune {
			continue
		}
		n := len(set.SuccessorsOn(u.ID, today))
		if n == 1 && whole == "" {
			whole = u.ID
		}
		if n > 1 && split == "" {
			split = u.ID
		}
	}
	u, _, key := Rehome(set, whole, "", "", today)
	if u == nil || key != "" || !u.ValidOn(today) {
		t.Fatalf("whole: %v %s", u, key)
	}
	_, cands, key := Rehome(set, split, "", "", today)
	if key != "ocop.err.choose_successor" || len(cands) < 2 {
		t.Fatalf("split without a choice: %s %d", key, len(cands))
	}
	if u, _, key := Rehome(set, split, cands[1].ID, "", today); u == nil || u.ID != cands[1].ID || key != "" {
		t.Errorf("chosen successor not used: %v %s", u, key)
	}
	if u, _, _ := Rehome(set, split, "", "Thôn 3, xã "+cands[0].Name+", Hà Nội", today); u == nil || u.ID != cands[0].ID {
		t.Errorf("successor named in the address not used")
	}
	// A former district is followed through its communes.
	if _, cands, _ := Rehome(set, "hn-250", "", "", today); len(cands) < 2 {
		t.Errorf("district Mê Linh: %d successors", len(cands))
	}
}

func TestIPTitles(t *testing.T) {
	in := IPInput{Kind: "collective", Name: "Mật ong Tản Viên", Owner: "Hội Nuôi ong Ba Vì", AppNo: "4-2010-12345",
		AppDate: "15/06/2010", GrantNo: "190000", GrantDate: "20/08/2012", Status: "granted", ManagingOrg: "Hội Nuôi ong Ba Vì"}
	ip, errs := in.Check(today)
	if errs != nil {
		t.Fatal(errs)
	}
	if ip.TermUntil != civil.New(2020, 6, 14) || ip.StatusOn(today) != Expired {
		t.Errorf("term %v status %s", ip.TermUntil, ip.StatusOn(today))
	}
	in.TermUntil = "14/06/2030" // renewed
	ip, _ = in.Check(today)
	ip.Review = Verified
	if !ip.ProtectedOn(today) {
		t.Error("renewed title not protected")
	}
	geo := IPInput{Kind: "geo", Name: "Bưởi đỏ", Owner: "UBND", AppNo: "6-1", AppDate: "01/01/2015", GrantNo: "1", GrantDate: "01/01/2016", Status: "granted", ManagingOrg: "UBND"}
	if g, _ := geo.Check(today); !g.TermUntil.IsZero() {
		t.Error("a geographical indication has no term")
	}
	bad := in
	bad.GrantDate = "01/01/2009"
	if _, errs := bad.Check(today); errs["grant_date"].Key != "ocop.err.grant_before_app" {
		t.Errorf("grant before filing: %v", errs)
	}
	bad = in
	bad.Status = "filed"
	if _, errs := bad.Check(today); !errs.Has("grant_no") {
		t.Error("grant number on a filed application accepted")
	}
}

func TestProductStatusMachine(t *testing.T) {
	if s, a, ok := Next(Draft, Propose); !ok || s != Proposed || a != Edit {
		t.Error("propose")
	}
	if s, a, ok := Next(Proposed, Approve); !ok || s != Confirmed || a != Confirm {
		t.Error("confirm")
	}
	if _, _, ok := Next(Draft, Approve); ok {
		t.Error("draft confirmed without proposal")
	}
	if s, _, ok := Next(Confirmed, Return); !ok || s != Draft {
		t.Error("return")
	}
}

// The permission table in perm.go, role by role, in and out of scope.
func TestPermissionTable(t *testing.T) {
	const city, own, other = "/hn/", "/hn/hn-09022/", "/hn/hn-00376/"
	user := func(r account.Role) *account.User {
		scope := own
		if r.IsSo() {
			scope = city
		}
		return &account.User{Role: r, ScopePath: scope}
	}
	want := map[account.Action][]account.Role{
		View:      {account.SoAdmin, account.SoSpecialist, account.SoLeader, account.UnitOfficer, account.UnitLeader},
		Edit:      {account.SoSpecialist, account.UnitOfficer},
		Confirm:   {account.SoLeader, account.UnitLeader},
		Evaluate:  {account.SoSpecialist, account.UnitOfficer},
		Verify:    {account.SoSpecialist, account.SoLeader},
		Plan:      {account.SoSpecialist, account.UnitOfficer, account.UnitLeader},
		Import:    {account.SoSpecialist, account.UnitOfficer},
		Dashboard: {account.SoAdmin, account.SoSpecialist, account.SoLeader, account.UnitOfficer, account.UnitLeader},
	}
	for action, roles := range want {
		for _, r := range account.Roles {
			allowed := oneOf(r, roles)
			if got := account.Can(user(r), action, account.Unit(own)); got != allowed {
				t.Errorf("%s by %s on own unit: %v, want %v", action, r, got, allowed)
			}
			// Nobody of a commune acts on another commune's products.
			if r.IsUnit() && account.Can(user(r), action, account.Unit(other)) {
				t.Errorf("%s by %s on another commune allowed", action, r)
			}
		}
		if account.Can(nil, action, account.Unit(own)) {
			t.Errorf("%s allowed to the public", action)
		}
	}
	if !account.Can(nil, PublicCatalogue, account.None) {
		t.Error("catalogue not public")
	}
}

func TestParseBands(t *testing.T) {
	typed := func(mins ...string) map[string]string {
		m := map[string]string{}
		for i, v := range mins {
			m[BandField(i+1)] = v
		}
		return m
	}
	b, e := ParseBands(typed("0", "30", "50", "70", "90"))
	if len(e) != 0 || len(b) != 5 || b.Stars(69.99) != 3 || b.Stars(70) != 4 || b.Stars(100) != 5 || b.Min(2) != 30 {
		t.Fatalf("default scale: %v %v", b, e)
	}
	if _, e := ParseBands(typed("0", "30", "50", "72,5", "90")); len(e) != 0 {
		t.Errorf("a decimal comma: %v", e)
	}
	for name, tc := range map[string]struct {
		mins  []string
		field string
		key   string
	}{
		"1★ not from 0":   {[]string{"10", "30", "50", "70", "90"}, "min1", "ocop.err.band_first"},
		"not increasing":  {[]string{"0", "30", "50", "50", "90"}, "min4", "ocop.err.band_order"},
		"above 100":       {[]string{"0", "30", "50", "70", "101"}, "min5", "ocop.err.score_range"},
		"not a number":    {[]string{"0", "ba mươi", "50", "70", "90"}, "min2", "ocop.err.number"},
		"missing a level": {[]string{"0", "30", "", "70", "90"}, "min3", "err.required"},
	} {
		_, e := ParseBands(typed(tc.mins...))
		if e[tc.field].Key != tc.key {
			t.Errorf("%s: %v, want %s at %s", name, e, tc.key, tc.field)
		}
	}
}

func TestIPTaskName(t *testing.T) {
	if got := (IPTitle{TaskRef: "01C-08/2021"}).Task(); got != "01C-08/2021" {
		t.Errorf("free text: %q", got)
	}
	if got := (IPTitle{TaskID: "x", TaskTitle: "Tạo lập nhãn hiệu", TaskRef: "01C"}).Task(); got != "Tạo lập nhãn hiệu" {
		t.Errorf("linked task: %q", got)
	}
}
