package programme

import (
	"testing"

	"khcn/internal/civil"
)

// Decree 09/2019 cut-offs: the 6-month report covers 15/12 of the previous
// year to 14/6, the annual report 15/12 to 14/12.
func TestDecree09CutOffs(t *testing.T) {
	h1 := NewPeriod(FirstHalf, 2024, 5)
	if h1.Start != civil.New(2023, 12, 15) || h1.End != civil.New(2024, 6, 14) || h1.Code != "2024-H1" || h1.Name != "6 tháng đầu năm 2024" {
		t.Errorf("H1 2024: %+v", h1)
	}
	if h1.Deadline != civil.New(2024, 6, 19) {
		t.Errorf("deadline %v", h1.Deadline)
	}
	y := NewPeriod(Year, 2025, 5)
	if y.Start != civil.New(2024, 12, 15) || y.End != civil.New(2025, 12, 14) || y.Name != "Năm 2025" {
		t.Errorf("year 2025: %+v", y)
	}
	h2 := NewPeriod(SecondHalf, 2025, 5)
	if h2.Start != civil.New(2025, 6, 15) || !y.Contains(h2) || !y.Contains(NewPeriod(FirstHalf, 2025, 5)) || h2.Overlaps(NewPeriod(FirstHalf, 2025, 5)) {
		t.Errorf("H2 2025: %+v", h2)
	}
	for _, p := range []Period{h1, y, h2} {
		if e := p.Validate(); len(e) != 0 {
			t.Errorf("%s: %v", p.Code, e)
		}
	}
	wrong := h1
	wrong.End = civil.New(2024, 6, 30)
	if e := wrong.Validate(); e["start"].Key != "err.prog.cutoffs" {
		t.Errorf("wrong cut-off accepted: %v", e)
	}
	custom := Period{Code: "Q3", Name: "Quý III/2026", Kind: Custom, Year: 2026, Start: civil.New(2026, 6, 15), End: civil.New(2026, 9, 14),
		Opens: civil.New(2026, 9, 1), Deadline: civil.New(2026, 9, 20)}
	if e := custom.Validate(); len(e) != 0 {
		t.Errorf("custom: %v", e)
	}
	custom.Deadline = civil.New(2026, 8, 1)
	if e := custom.Validate(); !e.Has("deadline") {
		t.Error("deadline before opening accepted")
	}
}

func TestPreviousPeriodOfSameKind(t *testing.T) {
	var ps []Period
	for y := 2021; y <= 2024; y++ {
		for _, k := range []PeriodKind{FirstHalf, Year} {
			p := NewPeriod(k, y, 5)
			p.ID = p.Code
			ps = append(ps, p)
		}
	}
	cur := ps[6] // 2024-H1
	prev, ok := Previous(ps, cur)
	if !ok || prev.Code != "2023-H1" {
		t.Errorf("previous of %s = %s", cur.Code, prev.Code)
	}
	if _, ok := Previous(ps, ps[0]); ok {
		t.Error("first period has a previous one")
	}
}

// 2025 has no annual period (districts ended on 30/6): dashboards get a
// virtual year made of the districts' H1 and the communes' H2.
func TestVirtualYear(t *testing.T) {
	var ps []Period
	for _, p := range []Period{NewPeriod(FirstHalf, 2024, 5), NewPeriod(Year, 2024, 5), NewPeriod(FirstHalf, 2025, 5), NewPeriod(SecondHalf, 2025, 5)} {
		p.ID = p.Code
		ps = append(ps, p)
	}
	vs := Views(ps)
	if len(vs) != 5 || vs[4].ID != "year-2025" || !vs[4].Virtual || vs[4].Name != "Năm 2025" {
		t.Fatalf("views %+v", vs)
	}
	if parts := Parts(vs[4], ps); len(parts) != 2 || parts[0].Code != "2025-H1" || parts[1].Code != "2025-H2" {
		t.Errorf("parts %+v", parts)
	}
}

func TestRosterDayIsTheDeadline(t *testing.T) {
	p := Period{End: civil.New(2025, 6, 30), Deadline: civil.New(2025, 7, 5)}
	if p.RosterDay() != p.Deadline {
		t.Errorf("roster day %v, want the deadline", p.RosterDay())
	}
	if v := (Period{End: civil.New(2025, 12, 14)}); v.RosterDay() != v.End {
		t.Errorf("a period without deadline: %v", v.RosterDay())
	}
}
