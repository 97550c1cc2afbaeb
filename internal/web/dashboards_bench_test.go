package web_test

import (
	"net/http"
	"net/url"
	"sort"
	"testing"
	"time"

	"khcn/internal/demo"
	"khcn/internal/programme/gen"
	"khcn/internal/webtest"
)

// BenchmarkProgrammePages renders, through the whole HTTP stack, the three
// pages the national-scale target names, on the generated data set (3,400
// communes, 100 indicators, 10 periods, 3,4 million values), on SQLite and
// PostgreSQL. Each reports its median in ms/median; the target is < 50.
//
//	go test ./internal/web -run '^$' -bench ProgrammePages -benchtime 40x
//
// The first run generates the data (minutes); later runs reuse it.
func BenchmarkProgrammePages(b *testing.B) {
	last := gen.PeriodsList()[gen.PeriodsCount-1].ID
	pages := []struct{ name, path string }{
		// One province: 130 communes × the 30 indicators of an area.
		{"province-matrix", "/programmes/" + gen.ProgrammeID + "/dashboard?view=" + last + "&scope=" + gen.FirstProvince + "&area=" + url.QueryEscape(gen.Areas[0].Name)},
		// One indicator over all 3,400 communes, by province, with its trend.
		{"national-rollup", "/programmes/" + gen.ProgrammeID + "/indicators/" + gen.IndicatorsList()[0].ID + "?view=" + last + "&scope=" + gen.RootID},
		// One commune's report: 100 values, targets, last period.
		{"report-page", "/reports/" + last + "/" + gen.CommuneID(7)},
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			s := gen.Open(b, engine, demo.Password)
			e := webtest.Start(b, s, webtest.Options{Steps: []demo.Step{}})
			c := e.Login(gen.Login)
			for _, p := range pages {
				b.Run(p.name, func(b *testing.B) {
					if r := c.Get(p.path); r.Status != http.StatusOK {
						b.Fatalf("%s: %d", p.path, r.Status)
					}
					var times []time.Duration
					for b.Loop() {
						start := time.Now()
						r := c.Get(p.path)
						times = append(times, time.Since(start))
						if r.Status != http.StatusOK {
							b.Fatalf("%s: %d", p.path, r.Status)
						}
					}
					sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
					b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms/median")
				})
			}
		})
	}
}
