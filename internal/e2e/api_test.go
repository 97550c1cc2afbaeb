package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"khcn/internal/app"
	"khcn/internal/demo"
	"khcn/internal/webtest"
)

// TestPageAndAPIShowTheSameReport: the report page in the browser and the
// API's report give the same figures, value by value (as the form shows
// them), for an open report (inputs) and a closed one (text), computed
// indicators included.
func TestPageAndAPIShowTheSameReport(t *testing.T) {
	b := Start(t, webtest.Options{Steps: demo.ProgrammeSteps()})
	ctx := context.Background()
	b.Env.App.Now = func() time.Time { return time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC) }
	id, err := b.Env.App.UserIDByLogin(ctx, "canbo.melinh")
	if err != nil {
		t.Fatal(err)
	}
	secret, _, err := b.Env.App.CreateToken(ctx, app.System(), app.TokenInput{UserID: id, Name: "e2e"})
	if err != nil {
		t.Fatal(err)
	}
	period := func(prog, code string) string {
		ps, err := b.Env.Store.Read().Periods(ctx, prog)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.Code == code {
				return p.ID
			}
		}
		t.Fatalf("no period %s", code)
		return ""
	}
	b.Login("canbo.melinh")
	for _, c := range []struct {
		name, period string
		open         bool
	}{
		{"NQ 57, 2026 (open)", period(demo.Programme57, "2026"), true},
		{"07-CTr/TU, second half of 2025 (closed)", period(demo.Programme07, "2025-H2"), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := "/reports/" + c.period + "/hn-09022"
			req, _ := http.NewRequest("GET", b.Env.URL+"/api/v1"+path, nil)
			req.Header.Set("Authorization", "Bearer "+secret)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				t.Fatalf("api: %d %s", res.StatusCode, body)
			}
			var rep struct {
				Lock   string `json:"lock"`
				Values []struct {
					Indicator, Type, Text string
					Computed              bool
				} `json:"values"`
			}
			if err := json.Unmarshal(body, &rep); err != nil {
				t.Fatal(err)
			}
			if (rep.Lock == "open") != c.open {
				t.Fatalf("lock %s", rep.Lock)
			}
			b.Visit(path)
			set := 0
			for _, v := range rep.Values {
				sel := `[id="f-v.` + v.Indicator + `"]`
				var shown string
				if c.open && !v.Computed {
					shown = b.Value(sel)
				} else {
					shown = b.Text(sel)
				}
				if shown != v.Text {
					t.Errorf("%s: page shows %q, API %q", v.Indicator, shown, v.Text)
				}
				if v.Text != "" {
					set++
				}
			}
			if set < 2 {
				t.Fatalf("only %d values to compare: %s", set, body)
			}
		})
	}
}
