package app_test

import (
	"fmt"
	"testing"
	"time"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/demo"
	"khcn/internal/hanoi"
	"khcn/internal/orgunit"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// The benchmarks run a call with 5,000 proposals from 3,000 units, on every
// engine: go test ./internal/app -run '^$' -bench Proposals
const (
	benchUnits     = 3000
	benchProposals = 5000
)

var (
	benchActions = []string{"Ứng dụng tiến bộ kỹ thuật", "Nghiên cứu", "Xây dựng mô hình", "Phát triển", "Chuyển giao công nghệ", "Hoàn thiện quy trình"}
	benchTopics  = []string{"xử lý chất thải chăn nuôi", "trồng rau thủy canh", "sản xuất hoa công nghệ cao", "xây dựng nhãn hiệu tập thể cho",
		"số hóa thủ tục hành chính về", "nuôi trồng thủy sản", "bảo quản sau thu hoạch", "quan trắc môi trường không khí quanh",
		"xử lý nước thải làng nghề", "sản xuất phân bón hữu cơ từ phụ phẩm", "truy xuất nguồn gốc", "tưới tiết kiệm nước cho",
		"phòng trừ sâu bệnh sinh học cho", "chế biến sâu", "thương mại điện tử cho sản phẩm OCOP", "du lịch trải nghiệm gắn với"}
	benchObjects = []string{"lợn", "gà", "bò sữa", "cá rô phi", "chè", "bưởi", "nhãn", "gốm sứ", "mây tre đan", "rau an toàn", "hoa lan", "lúa chất lượng cao"}
	benchPlaces  = []string{"Phú", "Đông", "Tân", "Hòa", "An", "Bình", "Thanh", "Xuân", "Minh", "Quang", "Hưng", "Vĩnh", "Đại", "Kim", "Nam", "Bắc"}
	benchStates  = []proposal.State{proposal.Submitted, proposal.Screening, proposal.Screening, proposal.ExpertReview, proposal.Council,
		proposal.Recommended, proposal.Returned, proposal.NotAccepted, proposal.Approved, proposal.Draft}
)

// benchWorld fills a database with the call.
func benchWorld(b *testing.B, s *store.Store) (*app.App, app.Actor, string) {
	a := app.New(s, nil)
	for _, st := range demo.Steps()[:2] {
		if err := st.Run(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	units := make([]orgunit.Unit, benchUnits)
	for i := range units {
		id := fmt.Sprintf("bench-%04d", i)
		units[i] = orgunit.Unit{ID: id, Code: fmt.Sprintf("B%04d", i), Kind: orgunit.Commune, Type: orgunit.TypeXa, ParentID: hanoi.CityID,
			Name: benchPlaces[i%16] + " " + benchPlaces[(i/16)%16] + " " + fmt.Sprint(i/256+1),
			Path: orgunit.ChildPath("/"+hanoi.CityID+"/", id), Depth: 1, ValidFrom: hanoi.Reorganised}
	}
	rules, _ := proposal.Default("HN-ĐX")
	d := civil.MustISO
	c := proposal.Call{ID: store.NewID(), PlanYear: 2027, Title: "Đề xuất nhiệm vụ KH&CN năm 2027 (thử tải)", Rules: rules,
		Schedule: proposal.Schedule{Start: d("2026-11-01"), Ends: [5]civil.Date{d("2026-12-31"), d("2027-01-31"), d("2027-02-28"), d("2027-03-31"), d("2027-04-30")}},
		Areas: []proposal.Area{{ID: store.NewID(), Name: "Nông nghiệp công nghệ cao"}, {ID: store.NewID(), Name: "Môi trường"},
			{ID: store.NewID(), Name: "Chính quyền số"}, {ID: store.NewID(), Name: "Sở hữu trí tuệ và OCOP"}}}
	for _, u := range units {
		c.UnitIDs = append(c.UnitIDs, u.ID)
	}
	err := s.Tx(ctx, func(q store.Q) error {
		if err := q.InsertUnits(ctx, units, nil); err != nil {
			return err
		}
		if err := q.InsertCall(ctx, c); err != nil {
			return err
		}
		if err := q.SetCallOpened(ctx, c.ID, "", time.Now(), 1); err != nil {
			return err
		}
		for i := 0; i < benchProposals; i++ {
			u := units[(i*7)%benchUnits]
			topic, object := benchTopics[(i/3)%len(benchTopics)], benchObjects[(i/5)%len(benchObjects)]
			p := proposal.Proposal{ID: store.NewID(), CallID: c.ID, UnitID: u.ID, UnitPath: u.Path, State: benchStates[i%len(benchStates)],
				CreatedAt: time.Now(), Content: proposal.Content{TaskType: rules.TaskTypes[i%len(rules.TaskTypes)],
					Title:       fmt.Sprintf("%s %s %s tại xã %s", benchActions[i%len(benchActions)], topic, object, u.Name),
					Objectives:  fmt.Sprintf("Áp dụng %s %s cho %d hộ, tăng giá trị sản xuất %d%%; nâng cao thu nhập của người dân xã %s.", topic, object, 20+i%80, 5+i%30, u.Name),
					Fields:      map[string]string{"products": "Mô hình được nghiệm thu; quy trình kỹ thuật"},
					StateBudget: int64(500+i%2000) * 1_000_000, OtherBudget: int64(i%700) * 1_000_000, DurationMonths: 12 + i%25,
					AreaIDs: []string{c.Areas[i%4].ID}}}
			if err := q.InsertProposal(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	id, err := a.UserIDByLogin(ctx, "chuyenvien")
	if err != nil {
		b.Fatal(err)
	}
	u, err := s.Read().User(ctx, id)
	if err != nil {
		b.Fatal(err)
	}
	return a, app.Actor{User: &u}, c.ID
}

func BenchmarkProposals(b *testing.B) {
	for _, eng := range testdb.Engines(b) {
		a, so, callID := benchWorld(b, eng.Open(b))
		b.Run(eng.Name+"/call-list", func(b *testing.B) {
			for b.Loop() {
				// The screening page: facet counts and the first page of 100.
				l, err := a.Proposals(ctx, so, store.ProposalFilter{CallID: callID, Limit: 100})
				if err != nil || l.Total < 4000 || len(l.Rows) != 100 {
					b.Fatal(l.Total, err)
				}
			}
		})
		b.Run(eng.Name+"/call-list-last-page", func(b *testing.B) {
			for b.Loop() {
				l, err := a.Proposals(ctx, so, store.ProposalFilter{CallID: callID, Limit: 100, Offset: 4400})
				if err != nil || len(l.Rows) == 0 {
					b.Fatal(l.Total, err)
				}
			}
		})
		b.Run(eng.Name+"/call-list-filtered", func(b *testing.B) {
			for b.Loop() {
				l, err := a.Proposals(ctx, so, store.ProposalFilter{CallID: callID, Text: "xu ly chat thai chan nuoi",
					States: []proposal.State{proposal.Screening, proposal.Council}, Limit: 100})
				if err != nil || l.Total == 0 {
					b.Fatal(l.Total, err)
				}
			}
		})
		b.Run(eng.Name+"/similarity-report", func(b *testing.B) {
			var groups int
			for b.Loop() {
				// A change to any proposal makes the report compute afresh.
				b.StopTimer()
				touch(b, a, so, callID)
				b.StartTimer()
				g, err := a.SimilarityReport(ctx, so, callID, app.ReportThreshold)
				if err != nil {
					b.Fatal(err)
				}
				groups = len(g)
			}
			b.ReportMetric(float64(groups), "groups")
		})
		b.Run(eng.Name+"/similarity-report-unchanged", func(b *testing.B) {
			if _, err := a.SimilarityReport(ctx, so, callID, app.ReportThreshold); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := a.SimilarityReport(ctx, so, callID, app.ReportThreshold); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(eng.Name+"/similar-while-typing", func(b *testing.B) {
			// The first keystroke builds the call's index; later ones reuse it.
			if _, err := a.SimilarTo(ctx, so, callID, "xử lý chất thải", "", ""); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := a.SimilarTo(ctx, so, callID, "Xây dựng mô hình xử lý chất thải chăn nuôi lợn", "giảm ô nhiễm", ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// touch records a pending decision on some proposal and clears it again.
func touch(b *testing.B, a *app.App, so app.Actor, callID string) {
	l, err := a.Proposals(ctx, so, store.ProposalFilter{CallID: callID, States: []proposal.State{proposal.Screening}})
	if err != nil || len(l.Rows) == 0 {
		b.Fatal(err)
	}
	id := []string{l.Rows[0].ID}
	if err := a.SetPending(ctx, so, id, proposal.Decision{Event: proposal.SendCouncil}); err != nil {
		b.Fatal(err)
	}
	if err := a.SetPending(ctx, so, id, proposal.Decision{}); err != nil {
		b.Fatal(err)
	}
}
