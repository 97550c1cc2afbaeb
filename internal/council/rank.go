package council

import (
	"fmt"
	"slices"
	"strings"

	"khcn/internal/locale"
	"khcn/internal/valid"
)

// Result is one proposal's standing at the end of the meeting, for ranking.
type Result struct {
	ProposalID string
	Title      string
	Tally      Tally
	Average    float64 // scored sheets' average, 0 otherwise
	Rank       int     // set by the council; 0 = not ranked yet
}

// Rank orders the recommended proposals: by the rank the council gave, then
// by votes in favour, then by the sheets' average, then by title in
// Vietnamese order. It returns the recommended ones numbered 1…n; the others
// are left out (they carry reasons, not ranks).
func Rank(results []Result) []Result {
	var rec []Result
	for _, r := range results {
		if r.Tally.Outcome == Recommended || r.Tally.Outcome == RecommendedWithChanges {
			rec = append(rec, r)
		}
	}
	key := func(r Result) string { return locale.Fold(r.Title) }
	slices.SortStableFunc(rec, func(a, b Result) int {
		switch {
		case a.Rank != b.Rank && a.Rank > 0 && b.Rank > 0:
			return a.Rank - b.Rank
		case a.Rank > 0 && b.Rank == 0:
			return -1
		case b.Rank > 0 && a.Rank == 0:
			return 1
		}
		fa, fb := a.Tally.Do+a.Tally.Changes, b.Tally.Do+b.Tally.Changes
		if fa != fb {
			return fb - fa
		}
		if a.Average != b.Average {
			if a.Average > b.Average {
				return -1
			}
			return 1
		}
		return strings.Compare(key(a), key(b))
	})
	for i := range rec {
		rec[i].Rank = i + 1
	}
	return rec
}

// CheckRanks checks ranks typed by the secretary: 1…n, each once.
func CheckRanks(ranks map[string]int, n int) valid.Errors {
	var e valid.Errors
	seen := map[int]string{}
	for id, r := range ranks {
		if r < 1 || r > n {
			e.Add("rank_"+id, "err.council.rank_range", n)
			continue
		}
		if other, dup := seen[r]; dup {
			e.Add("rank_"+id, "err.council.rank_twice", r)
			e.Add("rank_"+other, "err.council.rank_twice", r)
		}
		seen[r] = id
	}
	return e
}

// BudgetLine is one line of a budget appraisal (Tổ thẩm định kinh phí).
type BudgetLine struct {
	Item      string
	Proposed  int64 // đồng
	Appraised int64 // đồng
	Reason    string
}

// Appraisal is the budget team's result for one task.
type Appraisal struct {
	Team  []Seat // five people, one of them from the council
	Lines []BudgetLine
}

// Totals adds the lines up.
func (a Appraisal) Totals() (proposed, appraised int64) {
	for _, l := range a.Lines {
		proposed += l.Proposed
		appraised += l.Appraised
	}
	return
}

// Funded is the state budget an approval funds: the budget team's
// appraised total where the task was appraised (appraised non-nil), the
// proposed amount otherwise.
func Funded(proposed int64, appraised *int64) int64 {
	if appraised != nil {
		return *appraised
	}
	return proposed
}

// Check validates an appraisal against the rules: the team's size and how
// many come from the council (councilIDs lists the council's experts), each
// line named, amounts not negative, and a reason wherever the appraised
// amount differs from the proposed one.
func (r Rules) CheckAppraisal(a Appraisal, councilIDs []string) valid.Errors {
	var e valid.Errors
	if r.BudgetTeam == 0 {
		e.Add("team", "err.council.no_budget_team")
		return e
	}
	from := 0
	seen := map[string]bool{}
	for _, s := range a.Team {
		if seen[s.ExpertID] {
			e.Add("team", "err.council.twice", s.Name)
		}
		seen[s.ExpertID] = true
		if slices.Contains(councilIDs, s.ExpertID) {
			from++
		}
	}
	if len(a.Team) != r.BudgetTeam {
		e.Add("team", "err.council.team_size", r.BudgetTeam, len(a.Team))
	} else if from < r.BudgetFromCouncil {
		e.Add("team", "err.council.team_council", r.BudgetFromCouncil)
	}
	if len(a.Lines) == 0 {
		e.Add("lines", "err.required")
	}
	for i, l := range a.Lines {
		p := fmt.Sprintf("l%d_", i)
		e.Required(p+"item", l.Item)
		e.MaxLen(p+"item", l.Item, 500)
		if l.Proposed < 0 {
			e.Add(p+"proposed", "err.council.negative")
		}
		if l.Appraised < 0 {
			e.Add(p+"appraised", "err.council.negative")
		}
		if l.Appraised != l.Proposed && strings.TrimSpace(l.Reason) == "" {
			e.Add(p+"reason", "err.council.appraisal_reason")
		}
		e.MaxLen(p+"reason", l.Reason, 2000)
	}
	return e
}
