package programme

import (
	"math"
	"testing"
)

// Achievement is in the indicator's direction, whatever the baseline; the
// baseline counts only on the worse side of the target.
func TestAssessAtEveryBoundary(t *testing.T) {
	up := ind("N", Number, Sum, "")
	down := ind("RANK", Number, Max, "")
	down.Direction = Down
	pct := ind("P", Percent, Avg, "")
	money := ind("M", Money, Sum, "")
	yes := ind("PLAN", YesNo, Sum, "")
	no := Value{}
	rule := DefaultRule
	cases := []struct {
		name                     string
		ind                      Indicator
		actual, target, baseline Value
		pct                      float64
		status                   Status
		basis                    Basis
	}{
		{"higher, below target", up, NumValue(180), NumValue(200), no, 90, OnTrack, FromZero},
		{"higher, above target", up, NumValue(210), NumValue(200), no, 105, Achieved, FromZero},
		{"higher, equal to target", up, NumValue(200), NumValue(200), no, 100, Achieved, FromZero},
		{"higher, at risk", up, NumValue(150), NumValue(200), no, 75, AtRisk, FromZero},
		{"higher, off track", up, NumValue(100), NumValue(200), no, 50, OffTrack, FromZero},
		{"higher, half-way from baseline", up, NumValue(150), NumValue(200), NumValue(100), 50, OffTrack, FromBaseline},
		{"higher, past target from baseline", up, NumValue(489), NumValue(420), NumValue(171.8), 127.8, Achieved, FromBaseline},
		{"higher, below baseline", up, NumValue(80), NumValue(200), NumValue(100), 0, OffTrack, FromBaseline},
		{"higher, baseline equal to target", up, NumValue(150), NumValue(200), NumValue(200), 75, AtRisk, FromZero},
		{"higher, baseline beyond target, value meets target", up, NumValue(58.6), NumValue(56.1), NumValue(60), 104.5, Achieved, FromZero},
		{"higher, baseline beyond target, value short", up, NumValue(50), NumValue(56.1), NumValue(60), 89.1, AtRisk, FromZero},
		{"higher, zero target", up, NumValue(0), NumValue(0), no, 100, Achieved, FromZero},
		{"lower, met", down, NumValue(1), NumValue(1), no, 100, Achieved, FromZero},
		{"lower, better than target", down, NumValue(1), NumValue(2), no, 200, Achieved, FromZero},
		{"lower, short", down, NumValue(2), NumValue(1), no, 50, OffTrack, FromZero},
		{"lower, from baseline", down, NumValue(8), NumValue(5), NumValue(10), 40, OffTrack, FromBaseline},
		{"lower, baseline equal to target", down, NumValue(8), NumValue(5), NumValue(5), 62.5, OffTrack, FromZero},
		{"lower, baseline better than target, met", down, NumValue(4), NumValue(5), NumValue(3), 125, Achieved, FromZero},
		{"lower, zero value", down, NumValue(0), NumValue(3), no, 100, Achieved, FromZero},
		{"percent from baseline", pct, NumValue(81.2), NumValue(97.7), NumValue(54.5), 61.8, OffTrack, FromBaseline},
		{"percent rounded as shown meets target", pct, NumValue(99.96), NumValue(100), no, 100, Achieved, FromZero},
		{"percent just short", pct, NumValue(99.94), NumValue(100), no, 99.9, OnTrack, FromZero},
		{"money", money, MoneyValue(569_000_000), MoneyValue(600_000_000), no, 94.8, OnTrack, FromZero},
		{"money from baseline", money, MoneyValue(500_000_000), MoneyValue(600_000_000), MoneyValue(400_000_000), 50, OffTrack, FromBaseline},
		{"yes meets yes", yes, BoolValue(true), BoolValue(true), no, 100, Achieved, Answer},
		{"no misses yes", yes, BoolValue(false), BoolValue(true), no, 0, OffTrack, Answer},
		{"yes beats no", yes, BoolValue(true), BoolValue(false), BoolValue(false), 100, Achieved, Answer},
	}
	for _, c := range cases {
		a := Assess(c.ind, rule, c.actual, c.target, c.baseline)
		if math.Abs(a.Pct-c.pct) > 1e-9 || a.Status != c.status || a.Basis != c.basis {
			t.Errorf("%s: %v%% %s (%s), want %v%% %s (%s)", c.name, a.Pct, a.Status, a.Basis, c.pct, c.status, c.basis)
		}
		if a.Met != (a.Status == Achieved) {
			t.Errorf("%s: met %v but status %s", c.name, a.Met, a.Status)
		}
	}
	for name, a := range map[string]Assessment{
		"no target":   Assess(up, rule, NumValue(5), no, no),
		"no value":    Assess(up, rule, no, NumValue(5), no),
		"text":        Assess(ind("T", Text, Latest, ""), rule, TextValue("x"), TextValue("y"), no),
		"no baseline": Assess(up, rule, no, no, NumValue(3)),
	} {
		if a.Status != NoTarget || !math.IsNaN(a.Pct) || a.Basis != NoBasis {
			t.Errorf("%s: %+v", name, a)
		}
	}
}

// A printed percentage is the formula over the printed numbers.
func TestRoundIsWhatIsShown(t *testing.T) {
	for _, c := range []struct {
		t    ValueType
		f    float64
		want string
	}{
		{Percent, 96.12, "96,1"}, {Percent, 99.96, "100"}, {Number, 2.064, "2,06"}, {Number, 1234.5, "1.234,5"},
		{Money, 569_000_000, "569"}, {Money, 1_204_673_400, "1.204,673"}, {Money, 1_204_673_600, "1.204,674"},
	} {
		if got := NumText(c.t, c.f); got != c.want {
			t.Errorf("%s %v → %q, want %q", c.t, c.f, got, c.want)
		}
	}
	if ShownUnit(ind("M", Money, Sum, "")) != "triệu đồng" {
		t.Error("money is not shown in triệu đồng")
	}
	if PctText(61.849) != "61,8%" || PctText(math.NaN()) != "—" || RoundPct(127.85) != 127.9 {
		t.Error("percentages are not rounded to one decimal")
	}
}

// Combined yes/no answers say how many units answered yes, never a fraction.
func TestCellText(t *testing.T) {
	yes := ind("PLAN", YesNo, Sum, "")
	for _, c := range []struct {
		c    Cell
		want string
	}{
		{Cell{V: 1, Set: true, Units: 1}, "Có"},
		{Cell{V: 1, Set: true, Units: 1, Approx: true}, "≈ Có"},
		{Cell{V: 2, Set: true, Units: 3}, "2/3 đơn vị có"},
		{Cell{}, "—"},
	} {
		if got := CellText(yes, c.c); got != c.want {
			t.Errorf("%+v → %q, want %q", c.c, got, c.want)
		}
	}
}
