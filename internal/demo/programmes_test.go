package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/demo"
	"khcn/internal/programme"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// The programme demo loads on both engines and holds what the story needs.
func TestProgrammeDemo(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := app.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
		for _, st := range demo.ProgrammeSteps() {
			if err := st.Run(ctx, a); err != nil {
				t.Fatalf("%s: %v", st.Name, err)
			}
		}
		q := s.Read()
		periods, err := q.Periods(ctx, demo.Programme07)
		if err != nil || len(periods) != 10 {
			t.Fatalf("07-CTr/TU periods: %d %v", len(periods), err)
		}
		h1 := periods[6] // 2024-H1
		if h1.Code != "2024-H1" {
			t.Fatalf("period order: %s", h1.Code)
		}
		for _, d := range []string{"250", "016", "018", "017"} {
			r, err := q.ReportFor(ctx, h1.ID, "hn-"+d)
			if err != nil || r.State != programme.Accepted || r.Sections[4] == "" {
				t.Errorf("district %s H1 2024: %+v %v", d, r.State, err)
			}
		}
		rs, err := q.ReportsOfPeriod(ctx, periods[9].ID) // 2025-H2
		if err != nil || len(rs) < 110 || len(rs) >= 126 {
			t.Errorf("communes' H2 2025 reports: %d %v", len(rs), err)
		}
		open, err := q.OpenPeriods(ctx, civil2026(), civil2026())
		if err != nil || len(open) != 1 || open[0].ProgrammeID != demo.Programme57 {
			t.Errorf("open 2026 period: %+v %v", open, err)
		}
	})
}

func civil2026() civil.Date { return civil.New(2026, 11, 26) }

// With the whole demo, the proposals' demo adds 07-CTr/TU first (to link
// proposals to it); the programme demo fills that one in: one programme.
func TestProgrammeDemoAfterProposals(t *testing.T) {
	s := testdb.SQLite(t)
	ctx := context.Background()
	a := app.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, st := range demo.Steps() {
		if st.Name == "followups" { // the steps up to the proposals
			break
		}
		if err := st.Run(ctx, a); err != nil {
			t.Fatalf("%s: %v", st.Name, err)
		}
	}
	ps, err := s.Read().Programmes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range ps {
		if p.Code == "07-CTr/TU" {
			n++
			periods, _ := s.Read().Periods(ctx, p.ID)
			if len(periods) != 10 || len(p.GoalList()) != 4 || p.Illustrative {
				t.Errorf("07-CTr/TU: %d periods, %d goals, illustrative %v", len(periods), len(p.GoalList()), p.Illustrative)
			}
		}
	}
	if n != 1 {
		t.Fatalf("%d programmes 07-CTr/TU", n)
	}
}
