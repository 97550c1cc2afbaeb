package demo_test

import (
	"context"
	"testing"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/demo"
	"khcn/internal/testdb"
)

// The products demo spans the former districts, holds the reference's
// collective marks, rates about two thirds of OCOP products 3★, and has
// certificates expiring soon.
func TestOcopDemo(t *testing.T) {
	s := testdb.SQLite(t)
	ctx := context.Background()
	a := app.New(s, nil)
	if err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	so := app.Actor{User: &account.User{ID: "x", Role: account.SoSpecialist, ScopePath: "/hn/"}}
	items, err := a.OcopProducts(ctx, so, app.OcopFilter{})
	if err != nil {
		t.Fatal(err)
	}
	stars := map[int]int{}
	districts := map[string]bool{}
	set, _ := s.Read().UnitSet(ctx)
	rated := 0
	for _, it := range items {
		if it.Rated {
			stars[it.Current.Stars]++
			rated++
		}
		if o := set.Get(it.OrigUnitID); o != nil {
			districts[o.ParentID] = true
		}
	}
	if len(items) < 90 || len(districts) < 30 {
		t.Errorf("%d products from %d former districts", len(items), len(districts))
	}
	if share := float64(stars[3]) / float64(rated); share < 0.55 || share > 0.78 || stars[4] == 0 || stars[5] == 0 {
		t.Errorf("star shares %v of %d rated (3★ %.0f%%)", stars, rated, share*100)
	}
	exp, err := a.Expiring(ctx, so, app.OcopFilter{}, app.ExpiringMonths)
	if err != nil || len(exp) == 0 {
		t.Errorf("no certificate expiring: %v", err)
	}
	c, err := a.PublicCatalogue(ctx, app.Actor{}, app.OcopFilter{})
	if err != nil {
		t.Fatal(err)
	}
	marks := map[string]bool{}
	for _, m := range c.Marks {
		marks[m.Name] = true
	}
	for _, want := range []string{"Hoa Đan Phượng", "Gạo Đỗ Động", "Bưởi đỏ Đông Cao", "Trứng vịt Đông Lỗ", "Mật ong Tản Viên", "Lụa Vạn Phúc"} {
		if !marks[want] {
			t.Errorf("collective mark %s not in the catalogue", want)
		}
	}
	g, err := a.GapList(ctx, so, app.OcopFilter{})
	if err != nil || len(g.MarkNoRating) == 0 || len(g.RatingNoMark) == 0 {
		t.Errorf("gap lists empty: %d %d %v", len(g.MarkNoRating), len(g.RatingNoMark), err)
	}
	// The alerts job notifies once, however often it runs.
	count := func() int {
		var n int
		s.Read().Scan(ctx, `SELECT COUNT(*) FROM notifications WHERE kind LIKE 'ocop.%'`, &n)
		return n
	}
	if err := a.OcopAlerts(ctx); err != nil {
		t.Fatal(err)
	}
	first := count()
	if err := a.OcopAlerts(ctx); err != nil {
		t.Fatal(err)
	}
	if first == 0 || count() != first {
		t.Errorf("alerts: %d then %d notifications", first, count())
	}
}
