package council

import (
	"fmt"
	"math"
	"strings"

	"khcn/internal/valid"
)

// Mode is how a sheet judges a proposal.
type Mode string

const (
	PassFail Mode = "pass_fail" // Đạt / Không đạt per criterion (identification stage)
	Scored   Mode = "scored"    // points per criterion in weighted groups (selection, grant/order review)
)

// Criterion is one line of an evaluation sheet.
type Criterion struct {
	Key   string `json:"key"`
	Label Text   `json:"label"`
	Hint  Text   `json:"hint,omitzero"`
	// Max is the most points the criterion takes (scored sheets).
	Max float64 `json:"max,omitempty"`
	// ProjectsOnly: judged only for projects (dự án), e.g. off-budget funding.
	ProjectsOnly bool `json:"projects_only,omitempty"`
}

// Group is a scored sheet's group of criteria.
type Group struct {
	Key   string `json:"key"`
	Label Text   `json:"label"`
	// Weight is the group's share of the 100-point total; a group's points
	// count as Weight × points ÷ the group's maximum.
	Weight float64 `json:"weight"`
	// PassMark is the fewest points the group needs on a sheet (0: none).
	PassMark float64     `json:"pass_mark,omitempty"`
	Items    []Criterion `json:"items"`
}

// Max is the most points the group's criteria take together.
func (g Group) Max() float64 {
	var m float64
	for _, c := range g.Items {
		m += c.Max
	}
	return m
}

// Criteria are a sheet's criteria and how they decide: the "criteria" part
// of a call's rule set.
type Criteria struct {
	Stage Text   `json:"stage"` // "Xác định nhiệm vụ", "Xét tài trợ, đặt hàng"
	Form  string `json:"form"`  // form code of the sheet, e.g. "PL2-TVHĐ"
	Mode  Mode   `json:"mode"`
	// Items are the pass/fail criteria.
	Items []Criterion `json:"items,omitempty"`
	// Groups are the scored criteria.
	Groups []Group `json:"groups,omitempty"`
	// PassMark is the weighted total (of 100) a sheet needs, and the average
	// a proposal needs over its sheets.
	PassMark float64 `json:"pass_mark,omitempty"`
	// NoZero: a sheet with any criterion at zero fails, whatever its total.
	NoZero bool `json:"no_zero,omitempty"`
	// ZeroShare: a proposal fails when at least this share of its sheets put
	// some criterion at zero (e.g. 1/3); a zero fraction means no such rule.
	ZeroShare Fraction `json:"zero_share,omitzero"`
}

// ClassicCriteria are the five criteria of the identification sheet
// (phiếu nhận xét và đánh giá đề xuất đặt hàng), used when a rule set says
// nothing.
func ClassicCriteria() Criteria {
	return Criteria{
		Stage: Text{VI: "Xác định nhiệm vụ", EN: "Task identification"},
		Form:  "PL2-TVHĐ",
		Mode:  PassFail,
		Items: []Criterion{
			{Key: "urgency", Label: Text{VI: "Tính cấp thiết", EN: "Urgency"}},
			{Key: "importance", Label: Text{VI: "Tính liên ngành, liên vùng và tầm quan trọng", EN: "Cross-sector, cross-area importance"}},
			{Key: "no_duplication", Label: Text{VI: "Khả năng không trùng lặp", EN: "No duplication of done or ongoing tasks"}},
			{Key: "public_resources", Label: Text{VI: "Nhu cầu huy động nguồn lực cấp tỉnh", EN: "Need for provincial resources"}},
			{Key: "off_budget", Label: Text{VI: "Khả năng huy động kinh phí ngoài ngân sách", EN: "Off-budget funding"}, ProjectsOnly: true},
		},
	}
}

// All lists every criterion in sheet order.
func (c Criteria) All() []Criterion {
	if c.Mode == Scored {
		var out []Criterion
		for _, g := range c.Groups {
			out = append(out, g.Items...)
		}
		return out
	}
	return c.Items
}

// Check validates criteria as data.
func (c Criteria) Check() error {
	var p []string
	bad := func(f string, a ...any) { p = append(p, fmt.Sprintf(f, a...)) }
	seen := map[string]bool{}
	item := func(it Criterion, scored bool) {
		if !keyPattern(it.Key) || seen[it.Key] {
			bad("criterion %q: key missing, malformed or twice", it.Key)
		}
		seen[it.Key] = true
		if strings.TrimSpace(it.Label.VI) == "" || strings.TrimSpace(it.Label.EN) == "" {
			bad("criterion %q: label needs vi and en", it.Key)
		}
		if scored && !(it.Max > 0) {
			bad("criterion %q: max must be above 0", it.Key)
		}
		if !scored && it.Max != 0 {
			bad("criterion %q: pass/fail criteria take no points", it.Key)
		}
	}
	switch c.Mode {
	case PassFail:
		if len(c.Items) == 0 || len(c.Groups) > 0 {
			bad("pass_fail: items, no groups")
		}
		for _, it := range c.Items {
			item(it, false)
		}
		if c.PassMark != 0 || c.NoZero || c.ZeroShare != (Fraction{}) {
			bad("pass_fail: pass_mark and zero rules are for scored sheets")
		}
	case Scored:
		if len(c.Groups) == 0 || len(c.Items) > 0 {
			bad("scored: groups, no items")
		}
		var w float64
		for _, g := range c.Groups {
			if !keyPattern(g.Key) || seen["group:"+g.Key] {
				bad("group %q: key missing, malformed or twice", g.Key)
			}
			seen["group:"+g.Key] = true
			if len(g.Items) == 0 || !(g.Weight > 0) {
				bad("group %q: needs items and a weight above 0", g.Key)
			}
			for _, it := range g.Items {
				item(it, true)
			}
			if g.PassMark < 0 || g.PassMark > g.Max() {
				bad("group %q: pass_mark beyond its points", g.Key)
			}
			w += g.Weight
		}
		if math.Abs(w-100) > 1e-9 {
			bad("scored: weights add up to %g, not 100", w)
		}
		if c.PassMark < 0 || c.PassMark > 100 {
			bad("scored: pass_mark within 0..100")
		}
		if c.ZeroShare != (Fraction{}) && !c.ZeroShare.ok() {
			bad("scored: zero_share is a fraction")
		}
	default:
		bad("mode: %q is neither pass_fail nor scored", c.Mode)
	}
	if len(p) > 0 {
		return fmt.Errorf("criteria: %s", strings.Join(p, "; "))
	}
	return nil
}

func keyPattern(k string) bool {
	if k == "" || len(k) > 40 || k[0] < 'a' || k[0] > 'z' {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// Mark is what a sheet says on one criterion. Nothing is pre-filled: nil
// means not answered yet.
type Mark struct {
	Pass    *bool
	Score   *float64
	Comment string
}

// SheetState is where a sheet stands.
type SheetState string

const (
	SheetDraft     SheetState = "draft"     // the member writes; nobody else reads it
	SheetSubmitted SheetState = "submitted" // read-only unless the secretary reopens it
)

// Sheet is one member's evaluation of one proposal (phiếu nhận xét và đánh
// giá).
type Sheet struct {
	Marks          map[string]Mark
	Recommendation Choice
	// What to change when the recommendation is "do it with changes".
	ChangeTitle, ChangeObjectives, ChangeResults string
	Comment                                      string
}

// CheckDraft checks what a draft may hold: known criteria, scores in range,
// lengths. A draft may be incomplete.
func (c Criteria) CheckDraft(s Sheet) valid.Errors {
	var e valid.Errors
	byKey := map[string]Criterion{}
	for _, it := range c.All() {
		byKey[it.Key] = it
	}
	for k, m := range s.Marks {
		it, ok := byKey[k]
		if !ok {
			e.Add("c_"+k, "err.choose")
			continue
		}
		if c.Mode == Scored && m.Score != nil && (*m.Score < 0 || *m.Score > it.Max || math.IsNaN(*m.Score)) {
			e.Add("c_"+k, "err.council.score_range", it.Max)
		}
		if c.Mode == Scored && m.Pass != nil || c.Mode == PassFail && m.Score != nil {
			e.Add("c_"+k, "err.choose")
		}
		e.MaxLen("n_"+k, m.Comment, 4000)
	}
	if s.Recommendation != "" && !s.Recommendation.Valid() {
		e.Add("recommendation", "err.choose")
	}
	for f, v := range map[string]string{"change_title": s.ChangeTitle, "change_objectives": s.ChangeObjectives, "change_results": s.ChangeResults, "comment": s.Comment} {
		e.MaxLen(f, v, 4000)
	}
	return e
}

// CheckSubmit checks a sheet is complete enough to submit: every criterion
// answered (those for projects only when the task is a project), a
// recommendation, and what to change when it is "with changes".
func (c Criteria) CheckSubmit(s Sheet, project bool) valid.Errors {
	e := c.CheckDraft(s)
	for _, it := range c.All() {
		if it.ProjectsOnly && !project {
			continue
		}
		m := s.Marks[it.Key]
		if c.Mode == PassFail && m.Pass == nil || c.Mode == Scored && m.Score == nil {
			e.Add("c_"+it.Key, "err.council.mark")
		}
	}
	if !s.Recommendation.Valid() {
		e.Add("recommendation", "err.choose")
	}
	if s.Recommendation == DoChanges && strings.TrimSpace(s.ChangeTitle+s.ChangeObjectives+s.ChangeResults) == "" {
		e.Add("change_objectives", "err.council.changes")
	}
	return e
}

// GroupScore is one group's points on a sheet.
type GroupScore struct {
	Key      string
	Points   float64
	Max      float64
	Weighted float64 // share of the 100-point total
	Pass     bool    // at or above the group's pass mark
}

// Score is a sheet's result.
type Score struct {
	Groups []GroupScore
	Total  float64 // weighted, of 100 (scored sheets)
	Passed int     // criteria marked Đạt (pass/fail sheets)
	Failed int     // criteria marked Không đạt
	Zero   bool    // some criterion at zero
	Pass   bool    // the sheet passes: total, group marks and the no-zero rule
}

// Score computes a sheet's result. Unanswered criteria count as zero points
// (a draft's running total).
func (c Criteria) Score(s Sheet) Score {
	var out Score
	if c.Mode == PassFail {
		for _, it := range c.Items {
			if m := s.Marks[it.Key]; m.Pass != nil {
				if *m.Pass {
					out.Passed++
				} else {
					out.Failed++
				}
			}
		}
		out.Pass = out.Failed == 0 && out.Passed > 0
		return out
	}
	out.Pass = true
	for _, g := range c.Groups {
		gs := GroupScore{Key: g.Key, Max: g.Max()}
		for _, it := range g.Items {
			var v float64
			if m := s.Marks[it.Key]; m.Score != nil {
				v = *m.Score
			}
			if v == 0 {
				out.Zero = true
			}
			gs.Points += v
		}
		if gs.Max > 0 {
			gs.Weighted = g.Weight * gs.Points / gs.Max
		}
		gs.Pass = gs.Points >= g.PassMark
		out.Pass = out.Pass && gs.Pass
		out.Total += gs.Weighted
		out.Groups = append(out.Groups, gs)
	}
	out.Total = math.Round(out.Total*100) / 100
	if out.Total < c.PassMark || c.NoZero && out.Zero {
		out.Pass = false
	}
	return out
}

// Summary is a proposal's result over its submitted sheets.
type Summary struct {
	Sheets  int
	Average float64 // of the totals (scored)
	// Recommend counts the sheets' recommendations.
	Recommend map[Choice]int
	// Passes counts the Đạt marks per criterion (pass/fail sheets).
	Passes map[string]int
	// ZeroSheets counts sheets with some criterion at zero.
	ZeroSheets int
	Pass       bool
}

// Summarise combines the submitted sheets of one proposal: the average total
// must reach the pass mark, and the zero-share rule must not bite. Pass/fail
// sheets pass when more than half of the sheets pass.
func (c Criteria) Summarise(sheets []Sheet) Summary {
	sum := Summary{Sheets: len(sheets), Recommend: map[Choice]int{}, Passes: map[string]int{}}
	if len(sheets) == 0 {
		return sum
	}
	var total float64
	passing := 0
	for _, s := range sheets {
		sc := c.Score(s)
		total += sc.Total
		if sc.Pass {
			passing++
		}
		if sc.Zero {
			sum.ZeroSheets++
		}
		if s.Recommendation.Valid() {
			sum.Recommend[s.Recommendation]++
		}
		for k, m := range s.Marks {
			if m.Pass != nil && *m.Pass {
				sum.Passes[k]++
			}
		}
	}
	if c.Mode == PassFail {
		sum.Pass = 2*passing > len(sheets)
		return sum
	}
	sum.Average = math.Round(total/float64(len(sheets))*100) / 100
	sum.Pass = sum.Average >= c.PassMark
	if c.ZeroShare.Num > 0 && c.ZeroShare.AtLeast(sum.ZeroSheets, len(sheets)) {
		sum.Pass = false
	}
	return sum
}

// Editable reports whether a member may still change a sheet.
func (s SheetState) Editable() bool { return s == "" || s == SheetDraft }

// Changes lists the changes a "with changes" recommendation may name.
var Changes = []string{"change_title", "change_objectives", "change_results"}
