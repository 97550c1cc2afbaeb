package programme

import (
	"math"
	"testing"
)

func TestProgressRespectsDirection(t *testing.T) {
	up := ind("N", Number, Sum, "")
	down := ind("RANK", Number, Max, "")
	down.Direction = Down
	yes := ind("PLAN", YesNo, Sum, "")
	rule := DefaultRule
	cases := []struct {
		ind            Indicator
		actual, target Value
		baseline       Value
		wantPct        float64
		wantStatus     Status
	}{
		{up, NumValue(180), NumValue(200), Value{}, 90, OnTrack},
		{up, NumValue(210), NumValue(200), Value{}, 105, Achieved},
		{up, NumValue(150), NumValue(200), Value{}, 75, AtRisk},
		{up, NumValue(100), NumValue(200), Value{}, 50, OffTrack},
		{up, NumValue(150), NumValue(200), NumValue(100), 50, OffTrack}, // half-way from baseline 100 to 200
		{down, NumValue(1), NumValue(1), Value{}, 100, Achieved},        // rank 1 of target 1
		{down, NumValue(2), NumValue(1), Value{}, 50, OffTrack},
		{down, NumValue(8), NumValue(5), NumValue(10), 40, OffTrack}, // from rank 10 toward 5
		{yes, BoolValue(true), BoolValue(true), Value{}, 100, Achieved},
		{yes, BoolValue(false), BoolValue(true), Value{}, 0, OffTrack},
	}
	for i, c := range cases {
		p, s := Assess(c.ind, rule, c.actual, c.target, c.baseline)
		if math.Abs(p-c.wantPct) > 0.01 || s != c.wantStatus {
			t.Errorf("case %d: %.2f%% %s, want %.2f%% %s", i, p, s, c.wantPct, c.wantStatus)
		}
	}
	if _, s := Assess(up, rule, NumValue(5), Value{}, Value{}); s != NoTarget {
		t.Errorf("no target: %s", s)
	}
}
