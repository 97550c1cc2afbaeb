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

// StatusRule turns progress into a status: achieved when the value meets
// its target, on track from OnTrack%, at risk from AtRisk%, off track
// below. The page shows the rule beside every colour.
type StatusRule struct {
	OnTrack float64
	AtRisk  float64
}

// DefaultRule is used when a programme sets none.
var DefaultRule = StatusRule{OnTrack: 90, AtRisk: 70}

// Of returns the status of a value that has not met its target, from its
// progress percentage. Progress of 100% or more without meeting the target
// (only possible through rounding) is on track, never achieved: only Met
// makes a value achieved.
func (r StatusRule) Of(pct float64) Status {
	switch {
	case math.IsNaN(pct):
		return NoTarget
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

// Basis is how a progress percentage was computed, so that a page or a
// paper can print the numbers it came from.
type Basis string

const (
	NoBasis      Basis = ""         // not assessed: no value or no target
	FromZero     Basis = "ratio"    // value ÷ target (higher is better), target ÷ value (lower)
	FromBaseline Basis = "baseline" // the way from the baseline to the target
	Answer       Basis = "yesno"    // yes/no: 100% when the answer meets the target, else 0%
)

// Assessment is how one value stands against its target.
type Assessment struct {
	Pct    float64 // progress in percent, rounded as shown (RoundPct); NaN when not assessed
	Status Status
	Basis  Basis
	Met    bool // the value meets its target in the indicator's direction
}

// Assess measures a value against its target with the direction respected.
// Value, target and baseline are first rounded as they are shown (Round),
// so the percentage can be recomputed from the printed numbers.
//
//   - The value is achieved when it meets the target in the indicator's
//     direction (higher: value ≥ target; lower: value ≤ target), whatever
//     the baseline.
//   - The baseline is used only when it lies on the worse side of the
//     target (higher: baseline < target; lower: baseline > target):
//     higher (value − baseline) ÷ (target − baseline), lower
//     (baseline − value) ÷ (baseline − target). A value worse than the
//     baseline is at 0%, never below.
//   - Otherwise (no baseline, or one equal to or beyond the target):
//     higher value ÷ target, lower target ÷ value.
//   - Yes/no: 100% when the answer meets the target, else 0%.
func Assess(ind Indicator, rule StatusRule, actual, target, baseline Value) Assessment {
	out := Assessment{Pct: math.NaN(), Status: NoTarget}
	if !actual.Set || !target.Set || !ind.Type.Numeric() {
		return out
	}
	a, t := Round(ind.Type, actual.Float(ind.Type)), Round(ind.Type, target.Float(ind.Type))
	down := ind.Direction == Down
	out.Met = a >= t
	if down {
		out.Met = a <= t
	}
	switch {
	case ind.Type == YesNo:
		out.Basis, out.Pct = Answer, 0
		if out.Met {
			out.Pct = 100
		}
	case baseline.Set && usesBaseline(down, Round(ind.Type, baseline.Float(ind.Type)), t):
		b := Round(ind.Type, baseline.Float(ind.Type))
		out.Basis = FromBaseline
		if down {
			out.Pct = (b - a) / (b - t) * 100
		} else {
			out.Pct = (a - b) / (t - b) * 100
		}
		out.Pct = math.Max(out.Pct, 0)
	default:
		out.Basis = FromZero
		out.Pct = ratio(down, a, t, out.Met)
	}
	out.Pct = RoundPct(out.Pct)
	if out.Met {
		out.Status = Achieved
	} else {
		out.Status = rule.Of(out.Pct)
	}
	return out
}

// usesBaseline reports whether a baseline lies on the worse side of the
// target, the only case where progress from it means something.
func usesBaseline(down bool, b, t float64) bool {
	if down {
		return b > t
	}
	return b < t
}

// ratio is progress without a baseline; a zero on the dividing side gives
// 100% when the target is met and 0% when not.
func ratio(down bool, a, t float64, met bool) float64 {
	num, den := a, t
	if down {
		num, den = t, a
	}
	if den <= 0 {
		if met {
			return 100
		}
		return 0
	}
	return num / den * 100
}

// Progress is Assess's percentage alone.
func Progress(ind Indicator, actual, target, baseline Value) float64 {
	return Assess(ind, DefaultRule, actual, target, baseline).Pct
}
