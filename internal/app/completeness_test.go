package app_test

import (
	"context"
	"testing"

	"khcn/internal/demo"
	"khcn/internal/orgunit"
	"khcn/internal/webtest"
)

// Completeness asks for the reports units really send: before 1/7/2025 the
// districts (which report for their communes), after it the new communes.
// Former communes, which never report themselves, are neither expected nor
// late.
func TestCompletenessExpectsTheReportingUnits(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.ProgrammeSteps()})
	ctx := context.Background()
	so := progActor(t, e.Store, "chuyenvien")
	set, err := e.Store.Read().UnitSet(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		period             string
		districts, commune int // expected units of each kind
	}{
		{"2024-H1", 30, 0},
		{"2025-H1", 30, 0},
		{"2025-H2", 0, 126},
	} {
		p := progPeriod(t, e.Store, demo.Programme07, c.period)
		got, err := e.App.Completeness(ctx, so, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[orgunit.Kind]int{}
		for _, r := range got.Rows {
			kinds[r.Unit.Kind]++
			if r.Unit.Kind == orgunit.Commune {
				if parent := set.Get(r.Unit.ParentID); parent != nil && parent.Kind == orgunit.District {
					t.Errorf("%s: former commune %s (of %s) expected to report itself", c.period, r.Unit.Name, parent.Name)
					break
				}
			}
		}
		if kinds[orgunit.District] != c.districts || kinds[orgunit.Commune] != c.commune || got.Counts["expected"] != len(got.Rows) {
			t.Errorf("%s: expected %d districts and %d communes, got %v (%d rows, count %d)", c.period, c.districts, c.commune, kinds, len(got.Rows), got.Counts["expected"])
		}
	}
}
