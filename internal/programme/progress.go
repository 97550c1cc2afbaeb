package programme

import "math"

// Status is how a value stands against its target.
type Status string

const (
	Achieved Status = "achieved"
	OnTrack  Status = "on_track"
	AtRisk   Status = "at_risk"
	OffTrack Status = "off_track"
	NoTarget Status = "none" // no target, or no value yet
)

// Statuses lists them best first, for legends.
var Statuses = []Status{Achieved, OnTrack, AtRisk, OffTrack, NoTarget}

// StatusRule turns progress into a status: achieved at 100% of the target or
// more, on track from OnTrack%, at risk from AtRisk%, off track below. The
// page shows the rule beside every colour.
type StatusRule struct {
	OnTrack float64
	AtRisk  float64
}

// DefaultRule is used when a programme sets none.
var DefaultRule = StatusRule{OnTrack: 90, AtRisk: 70}

// Of returns the status for a progress percentage.
func (r StatusRule) Of(pct float64) Status {
	switch {
	case math.IsNaN(pct):
		return NoTarget
	case pct >= 100:
		return Achieved
	case pct >= r.OnTrack:
		return OnTrack
	case pct >= r.AtRisk:
		return AtRisk
	}
	return OffTrack
}

// Target is the baseline and target of one indicator for one unit and
// period.
type Target struct {
	PeriodID    string
	UnitID      string
	IndicatorID string
	Baseline    Value
	Target      Value
}

// Progress is how far the actual value has gone toward the target, in
// percent, with the direction respected:
//   - higher is better: actual ÷ target, or with a baseline
//     (actual − baseline) ÷ (target − baseline);
//   - lower is better: target ÷ actual, or with a baseline
//     (baseline − actual) ÷ (baseline − target);
//   - yes/no: 100% when the target is met, else 0%.
//
// It is NaN when there is no target or no value.
func Progress(ind Indicator, actual, target, baseline Value) float64 {
	if !actual.Set || !target.Set || !ind.Type.Numeric() {
		return math.NaN()
	}
	a, t := actual.Float(ind.Type), target.Float(ind.Type)
	if ind.Type == YesNo {
		if (a != 0) == (t != 0) {
			return 100
		}
		return 0
	}
	if baseline.Set {
		b := baseline.Float(ind.Type)
		if b != t {
			if ind.Direction == Down {
				return clampPct((b - a) / (b - t) * 100)
			}
			return clampPct((a - b) / (t - b) * 100)
		}
	}
	if ind.Direction == Down {
		if a <= 0 {
			return 100
		}
		return clampPct(t / a * 100)
	}
	if t == 0 {
		if a >= 0 {
			return 100
		}
		return 0
	}
	return clampPct(a / t * 100)
}

// clampPct keeps progress between 0 and 999%, so one outlier cannot swamp a
// ranking.
func clampPct(p float64) float64 { return math.Max(0, math.Min(p, 999)) }

// Assess returns progress and status together.
func Assess(ind Indicator, rule StatusRule, actual, target, baseline Value) (float64, Status) {
	p := Progress(ind, actual, target, baseline)
	return p, rule.Of(p)
}
