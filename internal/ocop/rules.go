package ocop

import (
	"math"
	"strconv"
	"strings"

	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/valid"
)

// Maximum part scores (Decision 148): A 40, B 25, C 35; 100 in all.
const (
	MaxA = 40
	MaxB = 25
	MaxC = 35
)

// FirstYear is the first year of the OCOP programme (Decision 490/QĐ-TTg, 2018).
const FirstYear = 2018

// EvaluationInput is an evaluation as typed in a form or an import row.
type EvaluationInput struct {
	Year, Level, A, B, C, Total             string
	DecisionNo, DecisionDate, CertNo, Issue string
}

// Parse checks an evaluation and derives its stars. Every problem is
// reported at its field, in the words a user understands.
func (in EvaluationInput) Parse(bands Bands, today civil.Date) (Evaluation, valid.Errors) {
	var e valid.Errors
	ev := Evaluation{Level: Level(strings.TrimSpace(in.Level)), DecisionNo: strings.TrimSpace(in.DecisionNo), CertNo: strings.TrimSpace(in.CertNo)}
	if y, ok := parseInt(&e, "year", in.Year); ok {
		if y < FirstYear || y > today.Year+1 {
			e.Add("year", "ocop.err.year", FirstYear, today.Year+1)
		}
		ev.Year = y
	}
	if ev.Level != Province && ev.Level != Central {
		e.Add("level", "err.choose")
	}
	ev.A, _ = parseScore(&e, "score_a", in.A, MaxA)
	ev.B, _ = parseScore(&e, "score_b", in.B, MaxB)
	ev.C, _ = parseScore(&e, "score_c", in.C, MaxC)
	total, okTotal := parseScore(&e, "total", in.Total, MaxA+MaxB+MaxC)
	if okTotal && !e.Has("score_a") && !e.Has("score_b") && !e.Has("score_c") {
		sum := ev.A + ev.B + ev.C
		if math.Abs(sum-total) > 0.001 {
			e.Add("total", "ocop.err.total_mismatch", locale.Decimal(sum, 2))
		}
	}
	ev.Total = total
	ev.Stars = bands.Stars(total)
	scoresOK := okTotal && !e.Has("score_a") && !e.Has("score_b") && !e.Has("score_c") && !e.Has("total")
	if scoresOK && ev.Stars == 5 && ev.Level == Province {
		e.Add("level", "ocop.err.five_central")
	}
	if e.Required("decision_no", ev.DecisionNo) {
		e.MaxLen("decision_no", ev.DecisionNo, 60)
	}
	ev.DecisionDate = parseDate(&e, "decision_date", in.DecisionDate, true)
	if !ev.DecisionDate.IsZero() && ev.DecisionDate.After(today) {
		e.Add("decision_date", "ocop.err.future")
	}
	ev.IssueDate = parseDate(&e, "issue_date", in.Issue, false)
	switch {
	case ev.Stars < 3 && (ev.CertNo != "" || !ev.IssueDate.IsZero()):
		if scoresOK {
			e.Add("cert_no", "ocop.err.no_cert_below3")
		}
	case ev.Stars >= 3:
		if e.Required("cert_no", ev.CertNo) {
			e.MaxLen("cert_no", ev.CertNo, 60)
		}
		if ev.IssueDate.IsZero() && !e.Has("issue_date") {
			e.Add("issue_date", "err.required")
		}
	}
	if !ev.IssueDate.IsZero() {
		if !ev.DecisionDate.IsZero() && ev.IssueDate.Before(ev.DecisionDate) {
			e.Add("issue_date", "ocop.err.issue_before_decision", locale.Date(ev.DecisionDate))
		}
		if ev.IssueDate.After(today) {
			e.Add("issue_date", "ocop.err.future")
		}
	}
	return ev, e
}

// Current returns a product's current rating: its newest valid certificate
// on day d. A product whose certificates have all expired has none.
func Current(evals []Evaluation, d civil.Date) (Evaluation, bool) {
	var best Evaluation
	found := false
	for _, e := range evals {
		if !e.ValidOn(d) {
			continue
		}
		if !found || newer(e, best) {
			best, found = e, true
		}
	}
	return best, found
}

func newer(a, b Evaluation) bool {
	if c := a.IssueDate.Compare(b.IssueDate); c != 0 {
		return c > 0
	}
	if c := a.DecisionDate.Compare(b.DecisionDate); c != 0 {
		return c > 0
	}
	return a.Stars > b.Stars
}

// NearFive reports whether a current 4★ rating is within reach of 5★: its
// total is at least from points (the 5★ band starts at 90).
func NearFive(cur Evaluation, from float64) bool { return cur.Stars == 4 && cur.Total >= from }

// PlanInput is an upgrade plan as typed.
type PlanInput struct {
	TargetStars, Support, Deadline, Status string
	Actions                                []ActionInput
}

// ActionInput is one step of a plan as typed.
type ActionInput struct {
	ID, Text, Due string
	Done          bool
}

// Parse checks a plan against the product's current stars.
func (in PlanInput) Parse(current int, today civil.Date) (UpgradePlan, valid.Errors) {
	var e valid.Errors
	p := UpgradePlan{Support: strings.TrimSpace(in.Support), Status: PlanStatus(in.Status)}
	if p.Status == "" {
		p.Status = PlanOpen
	}
	if p.Status != PlanOpen && p.Status != PlanDone && p.Status != PlanDropped {
		e.Add("status", "err.choose")
	}
	if n, ok := parseInt(&e, "target_stars", in.TargetStars); ok {
		switch {
		case n < 3 || n > 5:
			e.Add("target_stars", "ocop.err.target_range")
		case n <= current:
			e.Add("target_stars", "ocop.err.target_not_higher", current)
		}
		p.TargetStars = n
	}
	e.MaxLen("support", p.Support, 2000)
	p.Deadline = parseDate(&e, "deadline", in.Deadline, true)
	if !p.Deadline.IsZero() && p.Deadline.Before(today) && p.Status == PlanOpen {
		e.Add("deadline", "ocop.err.deadline_past")
	}
	for i, a := range in.Actions {
		text := strings.TrimSpace(a.Text)
		field := "action_" + strconv.Itoa(i)
		if text == "" {
			if strings.TrimSpace(a.Due) != "" {
				e.Add(field, "ocop.err.action_text")
			}
			continue
		}
		e.MaxLen(field, text, 500)
		due := parseDate(&e, "due_"+strconv.Itoa(i), a.Due, false)
		p.Actions = append(p.Actions, PlanAction{ID: a.ID, Text: text, Due: due, Done: a.Done})
	}
	return p, e
}

func parseInt(e *valid.Errors, field, s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		e.Add(field, "err.required")
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		e.Add(field, "ocop.err.whole_number")
		return 0, false
	}
	return n, true
}

// parseScore reads a score with at most two decimals between 0 and max.
func parseScore(e *valid.Errors, field, s string, max float64) (float64, bool) {
	if strings.TrimSpace(s) == "" {
		e.Add(field, "err.required")
		return 0, false
	}
	f, err := locale.ParseNumber(s)
	if err != nil {
		e.Add(field, "ocop.err.number")
		return 0, false
	}
	if f < 0 || f > max {
		e.Add(field, "ocop.err.score_range", locale.Decimal(max, 0))
		return f, false
	}
	if math.Abs(f*100-math.Round(f*100)) > 1e-6 {
		e.Add(field, "ocop.err.score_decimals")
		return f, false
	}
	return math.Round(f*100) / 100, true
}

func parseDate(e *valid.Errors, field, s string, required bool) civil.Date {
	if strings.TrimSpace(s) == "" {
		if required {
			e.Add(field, "err.required")
		}
		return civil.Date{}
	}
	d, err := locale.ParseDate(s)
	if err != nil {
		e.Add(field, "err.date_format")
		return civil.Date{}
	}
	return d
}
