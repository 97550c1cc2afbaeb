package proposal

import (
	"testing"
	"time"

	"khcn/internal/civil"
)

func schedule() Schedule {
	d := civil.MustISO
	return Schedule{Start: d("2024-07-22"), Ends: [5]civil.Date{d("2024-08-20"), d("2024-09-10"), d("2024-10-15"), d("2024-11-30"), d("2024-12-31")}}
}

func TestPhasesChain(t *testing.T) {
	s := schedule()
	starts := s.Starts()
	if starts[1] != civil.MustISO("2024-08-21") || starts[4] != civil.MustISO("2024-12-01") {
		t.Fatalf("starts %v", starts)
	}
	if e := s.Validate(); e != nil {
		t.Fatal(e)
	}
	// Moving the window's end moves the later phases with it: each keeps its
	// length (screening stays 21 days, not 21 - 11).
	moved, e := s.MoveEnd(0, civil.MustISO("2024-08-31"))
	if e != nil || moved.Starts()[1] != civil.MustISO("2024-09-01") || moved.Ends[1] != civil.MustISO("2024-09-21") ||
		moved.Ends[4] != civil.MustISO("2025-01-11") {
		t.Fatalf("move: %v %v %v", moved.Starts(), moved.Ends, e)
	}
	for i := 1; i < 5; i++ {
		if got, want := moved.Starts()[i].DaysUntil(moved.Ends[i]), s.Starts()[i].DaysUntil(s.Ends[i]); got != want {
			t.Errorf("phase %d: %d days, was %d", i, got, want)
		}
	}
	// The Sở may keep the later dates: only the next start moves.
	only, e := s.MoveEndOnly(0, civil.MustISO("2024-08-31"))
	if e != nil || only.Ends[1] != s.Ends[1] {
		t.Fatalf("move only: %v %v", only.Ends, e)
	}
	// A form that moved the window's end and left the rest: the rest follows;
	// an end typed anew is kept.
	typed := s
	typed.Ends[0] = civil.MustISO("2024-08-27")
	typed.Ends[3] = civil.MustISO("2024-12-10")
	re := typed.Reflow(s)
	if re.Ends[1] != civil.MustISO("2024-09-17") || re.Ends[2] != civil.MustISO("2024-10-22") || re.Ends[3] != civil.MustISO("2024-12-10") || re.Ends[4] != civil.MustISO("2025-01-10") {
		t.Fatalf("reflow: %v", re.Ends)
	}
	// Moving it past screening's end, keeping screening's date, would make
	// the two overlap.
	_, e = s.MoveEndOnly(0, civil.MustISO("2024-09-15"))
	if p, ok := e["end_screening"]; !ok || p.Key != "err.phase_overlap" || p.Args[0] != "16/09/2024" {
		t.Fatalf("overlap not refused at the next phase: %v", e)
	}
	// A phase that ends before it starts.
	s.Ends[2] = civil.MustISO("2024-09-01")
	if e := s.Validate(); !e.Has("end_council") {
		t.Fatalf("inverted phase accepted: %v", e)
	}
	if e := (Schedule{}).Validate(); !e.Has("start") || !e.Has("end_publication") {
		t.Fatal("empty schedule accepted")
	}
	if _, e := schedule().MoveEnd(7, civil.MustISO("2024-09-01")); e == nil {
		t.Fatal("unknown phase moved")
	}
}

func TestPhaseOn(t *testing.T) {
	s := schedule()
	for day, want := range map[string]Phase{"2024-07-21": PhaseBefore, "2024-07-22": PhaseWindow, "2024-08-20": PhaseWindow,
		"2024-08-21": PhaseScreening, "2024-10-15": PhaseCouncil, "2024-12-31": PhasePublication, "2025-01-01": PhaseAfter} {
		if got := s.PhaseOn(civil.MustISO(day)); got != want {
			t.Errorf("%s: %s, want %s", day, got, want)
		}
	}
}

func TestSubmissionWindow(t *testing.T) {
	c := call()
	c.Schedule = schedule()
	if e := c.CanSend(civil.MustISO("2024-08-01"), civil.Date{}); !e.Has("form") || e["form"].Key != "err.call_not_open" {
		t.Fatalf("unopened call: %v", e)
	}
	c.OpenedAt = time.Date(2024, 7, 22, 1, 0, 0, 0, time.UTC)
	if e := c.CanSend(civil.MustISO("2024-08-20"), civil.Date{}); e != nil {
		t.Fatalf("last day refused: %v", e)
	}
	e := c.CanSend(civil.MustISO("2024-08-21"), civil.Date{})
	if e["form"].Key != "err.window_closed" || e["form"].Args[0] != "20/08/2024" {
		t.Fatalf("closed window: %v", e)
	}
	if e := c.CanSend(civil.MustISO("2024-07-01"), civil.Date{}); e["form"].Key != "err.window_not_started" {
		t.Fatalf("early: %v", e)
	}
	// One unit's extension moves only its own deadline.
	ext := civil.MustISO("2024-08-27")
	if e := c.CanSend(civil.MustISO("2024-08-25"), ext); e != nil {
		t.Fatalf("extension ignored: %v", e)
	}
	if e := c.CanSend(civil.MustISO("2024-08-28"), ext); e["form"].Args[0] != "27/08/2024" {
		t.Fatalf("extension end: %v", e)
	}
	if e := c.CheckExtension(civil.MustISO("2024-08-15"), "x"); !e.Has("until") {
		t.Error("extension inside the window accepted")
	}
	if e := c.CheckExtension(ext, ""); !e.Has("reason") {
		t.Error("extension without a reason accepted")
	}
}

func TestCallCheck(t *testing.T) {
	c := call()
	c.PlanYear, c.Title, c.Schedule, c.UnitIDs = 2025, "Đề xuất nhiệm vụ KH&CN năm 2025", schedule(), []string{"hn-250"}
	if e := c.Check(); e != nil {
		t.Fatalf("good call refused: %v", e)
	}
	c.PlanYear = 2023 // window in 2024 for a 2023 plan
	c.Areas = append(c.Areas, Area{Name: "nong nghiep cong nghe cao"})
	c.UnitIDs = nil
	c.Title = ""
	e := c.Check()
	for _, f := range []string{"start", "areas", "units", "title"} {
		if !e.Has(f) {
			t.Errorf("no problem at %s: %v", f, e)
		}
	}
	if c.Status(civil.MustISO("2024-08-01")) != "draft" {
		t.Error("unopened call not draft")
	}
}
