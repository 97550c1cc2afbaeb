package council

import (
	"testing"
)

func pf(v bool) *bool        { return &v }
func pts(v float64) *float64 { return &v }

func scored() Criteria {
	return Criteria{
		Stage: Text{VI: "Xét tài trợ", EN: "Grant review"}, Mode: Scored, PassMark: 70, NoZero: true, ZeroShare: Fraction{1, 3},
		Groups: []Group{
			{Key: "need", Label: Text{VI: "Tính cấp thiết", EN: "Need"}, Weight: 30, PassMark: 5, Items: []Criterion{
				{Key: "urgency", Label: Text{VI: "Cấp thiết", EN: "Urgency"}, Max: 10}}},
			{Key: "plan", Label: Text{VI: "Nội dung, phương pháp", EN: "Plan"}, Weight: 70, Items: []Criterion{
				{Key: "method", Label: Text{VI: "Phương pháp", EN: "Method"}, Max: 20},
				{Key: "team", Label: Text{VI: "Năng lực", EN: "Team"}, Max: 20}}},
		},
	}
}

func marks(u, m, t float64) Sheet {
	return Sheet{Recommendation: Do, Marks: map[string]Mark{"urgency": {Score: pts(u)}, "method": {Score: pts(m)}, "team": {Score: pts(t)}}}
}

func TestScoringWeightsAndPassMarks(t *testing.T) {
	c := scored()
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		s       Sheet
		total   float64
		pass    bool
		zero    bool
		groupOK bool
	}{
		{"full marks", marks(10, 20, 20), 100, true, false, true},
		// 30×7/10 + 70×28/40 = 21 + 49 = 70: exactly the pass mark passes.
		{"at the pass mark", marks(7, 14, 14), 70, true, false, true},
		// 21 + 70×27/40 = 21 + 47.25 = 68.25
		{"just below", marks(7, 14, 13), 68.25, false, false, true},
		// group "need" under its own pass mark (4 < 5) though the total is high
		{"group below its mark", marks(4, 20, 20), 82, false, false, false},
		// a zero fails the sheet under no_zero even with a high total
		{"one criterion at zero", marks(10, 20, 0), 65, false, true, true},
	}
	for _, k := range cases {
		sc := c.Score(k.s)
		if sc.Total != k.total || sc.Pass != k.pass || sc.Zero != k.zero || sc.Groups[0].Pass != k.groupOK {
			t.Errorf("%s: %+v, want total %g pass %v zero %v", k.name, sc, k.total, k.pass, k.zero)
		}
	}
	noZero := c
	noZero.NoZero, noZero.PassMark = false, 60
	if sc := noZero.Score(marks(10, 20, 0)); !sc.Pass || !sc.Zero {
		t.Errorf("without no_zero a zero at 65 of 60 passes: %+v", sc)
	}
	noZero.NoZero = true
	if sc := noZero.Score(marks(10, 20, 0)); sc.Pass {
		t.Errorf("with no_zero a zero at 65 of 60 fails: %+v", sc)
	}
}

func TestSummaryZeroShare(t *testing.T) {
	c := scored()
	// Three sheets averaging 80; one of three puts a criterion at zero:
	// a third of members, so the proposal fails.
	s := []Sheet{marks(10, 20, 20), marks(10, 20, 20), marks(10, 20, 0)}
	sum := c.Summarise(s)
	if sum.ZeroSheets != 1 || sum.Pass {
		t.Errorf("one zero in three: %+v", sum)
	}
	s = append(s, marks(10, 20, 20)) // one in four is under a third
	if sum = c.Summarise(s); sum.Pass != true || sum.Average != 91.25 {
		t.Errorf("one zero in four: %+v", sum)
	}
	if sum = c.Summarise(nil); sum.Pass {
		t.Error("no sheets passes")
	}
}

func TestPassFailSheet(t *testing.T) {
	c := ClassicCriteria()
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	s := Sheet{Marks: map[string]Mark{}}
	// Nothing pre-filled: an empty sheet cannot be submitted, each criterion says so.
	e := c.CheckSubmit(s, false)
	for _, k := range []string{"c_urgency", "c_importance", "c_no_duplication", "c_public_resources", "recommendation"} {
		if !e.Has(k) {
			t.Errorf("empty sheet: no message at %s (%v)", k, e)
		}
	}
	if e.Has("c_off_budget") {
		t.Error("off-budget asked of a đề tài")
	}
	if e = c.CheckSubmit(s, true); !e.Has("c_off_budget") {
		t.Error("off-budget not asked of a project")
	}
	for _, it := range c.Items[:4] {
		s.Marks[it.Key] = Mark{Pass: pf(true)}
	}
	s.Recommendation = DoChanges
	if e = c.CheckSubmit(s, false); !e.Has("change_objectives") || len(e) != 1 {
		t.Errorf("with changes but none named: %v", e)
	}
	s.ChangeTitle = "Rút gọn tên"
	if e = c.CheckSubmit(s, false); len(e) != 0 {
		t.Errorf("complete sheet: %v", e)
	}
	if sc := c.Score(s); !sc.Pass || sc.Passed != 4 {
		t.Errorf("score %+v", sc)
	}
	s.Marks["urgency"] = Mark{Pass: pf(false)}
	if sc := c.Score(s); sc.Pass || sc.Failed != 1 {
		t.Errorf("a Không đạt passes: %+v", sc)
	}
	// A score on a pass/fail sheet is refused.
	s.Marks["urgency"] = Mark{Score: pts(3)}
	if e = c.CheckDraft(s); !e.Has("c_urgency") {
		t.Error("score on a pass/fail criterion accepted")
	}
}

func TestScoredSheetRanges(t *testing.T) {
	c := scored()
	s := marks(11, 20, -1)
	e := c.CheckDraft(s)
	if e["c_urgency"].Key != "err.council.score_range" || e["c_team"].Key != "err.council.score_range" {
		t.Errorf("out of range: %v", e)
	}
	bad := scored()
	bad.Groups[0].Weight = 20
	if bad.Check() == nil {
		t.Error("weights adding to 90 accepted")
	}
	bad = scored()
	bad.Groups[1].Items[0].Max = 0
	if bad.Check() == nil {
		t.Error("criterion without points accepted")
	}
	if (Criteria{Mode: "stars"}).Check() == nil {
		t.Error("unknown mode accepted")
	}
}

func TestRankAndAppraisal(t *testing.T) {
	rs := []Result{
		{ProposalID: "a", Title: "Đề tài B", Tally: Tally{Outcome: Recommended, Do: 6}},
		{ProposalID: "b", Title: "Đề tài A", Tally: Tally{Outcome: RecommendedWithChanges, Do: 3, Changes: 4}},
		{ProposalID: "c", Title: "Đề tài C", Tally: Tally{Outcome: NotRecommended, DoNot: 7}},
		{ProposalID: "d", Title: "Đề tài D", Tally: Tally{Outcome: Recommended, Do: 6}, Average: 80},
	}
	got := Rank(rs)
	if len(got) != 3 || got[0].ProposalID != "b" || got[1].ProposalID != "d" || got[2].ProposalID != "a" || got[2].Rank != 3 {
		t.Errorf("rank %+v", got)
	}
	rs[0].Rank = 1
	if got = Rank(rs); got[0].ProposalID != "a" {
		t.Errorf("council's rank ignored: %+v", got)
	}
	if e := CheckRanks(map[string]int{"a": 1, "b": 1, "d": 4}, 3); !e.Has("rank_a") || !e.Has("rank_b") || !e.Has("rank_d") {
		t.Errorf("ranks %v", e)
	}

	r := ClassicRules()
	r.BudgetTeam, r.BudgetFromCouncil = 5, 1
	team := seats(5)
	a := Appraisal{Team: team, Lines: []BudgetLine{{Item: "Thuê khoán chuyên môn", Proposed: 300_000_000, Appraised: 250_000_000}}}
	e := r.CheckAppraisal(a, []string{"zz"})
	if e["team"].Key != "err.council.team_council" || e["l0_reason"].Key != "err.council.appraisal_reason" {
		t.Errorf("appraisal %v", e)
	}
	a.Lines[0].Reason = "Định mức theo Thông tư 02/2023"
	if e = r.CheckAppraisal(a, []string{"e3"}); len(e) != 0 {
		t.Errorf("good appraisal %v", e)
	}
	if p, ap := a.Totals(); p != 300_000_000 || ap != 250_000_000 {
		t.Errorf("totals %d %d", p, ap)
	}
	a.Team = team[:4]
	if e = r.CheckAppraisal(a, []string{"e3"}); e["team"].Key != "err.council.team_size" {
		t.Errorf("team of four %v", e)
	}
	if e = ClassicRules().CheckAppraisal(a, nil); !e.Has("team") {
		t.Error("appraisal under a regime without a team accepted")
	}
}

// The approval funds the appraised total where there is one, zero included.
func TestFunded(t *testing.T) {
	zero, some := int64(0), int64(950_000_000)
	if Funded(1_200_000_000, nil) != 1_200_000_000 || Funded(1_200_000_000, &some) != 950_000_000 || Funded(1_200_000_000, &zero) != 0 {
		t.Error("funded amount")
	}
}
