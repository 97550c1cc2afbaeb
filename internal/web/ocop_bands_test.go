package web_test

import (
	"context"
	"net/url"
	"testing"

	"khcn/internal/webtest"
)

// The Sở's leader changes the star bands; a scale that does not climb is
// refused at the field with what was typed kept; of two editors who opened
// the same bands the second is told, not overwritten; a commune may not.
func TestOcopBandsEditor(t *testing.T) {
	webtest.Each(t, webtest.Options{}, func(t *testing.T, e *webtest.Env) {
		leader := e.Login("lanhdao.so")
		admin := e.Login("admin")
		mustContain(t, leader.Get("/ocop/bands"), 200, "Thang điểm xếp hạng sao OCOP", `name="min4" value="70"`, `name="old4" value="70"`)
		if r := e.Login("canbo.melinh").Get("/ocop/bands"); r.Status != 403 {
			t.Errorf("a commune officer opens the bands: %d", r.Status)
		}
		if r := e.Login("chuyenvien").PostForm("/ocop/bands", url.Values{"min1": {"0"}}); r.Status != 403 {
			t.Errorf("a specialist changes the bands: %d", r.Status)
		}
		form := url.Values{"min1": {"0"}, "min2": {"30"}, "min3": {"50"}, "min4": {"72,5"}, "min5": {"90"},
			"old1": {"0"}, "old2": {"30"}, "old3": {"50"}, "old4": {"70"}, "old5": {"90"}}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("min3", "35")
		bad.Set("min2", "40")
		r := leader.PostForm("/ocop/bands", bad)
		mustContain(t, r, 422, "Phải cao hơn điểm tối thiểu của hạng 2 sao", `name="min3" value="35"`, `name="min4" value="72,5"`)
		if r := leader.PostForm("/ocop/bands", form); r.Status != 303 {
			t.Fatalf("save: %d\n%s", r.Status, excerpt(r.Body))
		}
		ref, err := e.App.OcopReference(context.Background())
		if err != nil || ref.Bands.Stars(72) != 3 || ref.Bands.Stars(72.5) != 4 {
			t.Fatalf("bands after saving: %v %v", ref.Bands, err)
		}
		// The admin opened the page before the leader saved: still old4=70.
		form.Set("min4", "75")
		r = admin.PostForm("/ocop/bands", form)
		mustContain(t, r, 422, "72,5", `name="min4" value="75"`, `name="old4" value="72,5"`)
		if ref, _ := e.App.OcopReference(context.Background()); ref.Bands.Min(4) != 72.5 {
			t.Errorf("the stale form overwrote the bands: %v", ref.Bands)
		}
		// Sent again from the refreshed form, it saves.
		form.Set("old4", "72,5")
		if r := admin.PostForm("/ocop/bands", form); r.Status != 303 {
			t.Fatalf("save after a conflict: %d\n%s", r.Status, excerpt(r.Body))
		}
		mustContain(t, admin.Get("/admin/audit?action=ocop.bands"), 200, "ocop.bands")
	})
}
