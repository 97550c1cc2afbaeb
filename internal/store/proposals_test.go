package store_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/hanoi"
	"khcn/internal/programme"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

var (
	meLinh = hanoi.CommuneID("09022")
	socSon = hanoi.CommuneID("00376")
)

func testCall(t *testing.T, s *store.Store) (proposal.Call, string) {
	t.Helper()
	var officer string
	rules, _ := proposal.Default("A1-ĐXNV")
	d := civil.MustISO
	c := proposal.Call{ID: store.NewID(), PlanYear: 2027, Title: "Đề xuất nhiệm vụ KH&CN năm 2027", Guidance: "Hướng dẫn",
		Rules: rules, Schedule: proposal.Schedule{Start: d("2026-11-01"), Ends: [5]civil.Date{d("2026-12-15"), d("2027-01-15"), d("2027-02-28"), d("2027-03-31"), d("2027-04-30")}},
		Areas:      []proposal.Area{{ID: store.NewID(), Name: "Nông nghiệp công nghệ cao"}, {ID: store.NewID(), Name: "Môi trường, chất thải chăn nuôi"}},
		Programmes: []proposal.Programme{{ID: "p07", Code: "07-CTr/TU", Name: "Chương trình 07"}},
		UnitIDs:    []string{meLinh, socSon}}
	err := s.Tx(ctx, func(q store.Q) error {
		var err error
		officer, err = q.CreateUser(ctx, store.NewUser{Login: "canbo", Name: "Lê Văn Hùng", Role: account.UnitOfficer, UnitID: meLinh, PasswordHash: "x"})
		if err != nil {
			return err
		}
		if _, err := q.CreateUser(ctx, store.NewUser{Login: "lanhdao", Name: "Đỗ Thị Lan", Role: account.UnitLeader, UnitID: meLinh, PasswordHash: "x"}); err != nil {
			return err
		}
		if _, err := q.CreateUser(ctx, store.NewUser{Login: "canbo.ss", Name: "Nguyễn Văn Bình", Role: account.UnitOfficer, UnitID: socSon, PasswordHash: "x"}); err != nil {
			return err
		}
		c.CreatedBy = officer
		if err := insertProgramme(q); err != nil {
			return err
		}
		return q.InsertCall(ctx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, officer
}

// insertProgramme adds the programme a call serves, with one indicator.
func insertProgramme(q store.Q) error {
	err := q.InsertProgramme(ctx, programme.Programme{ID: "p07", Code: "07-CTr/TU", Title: "Chương trình 07", StartYear: 2021, EndYear: 2025,
		OnTrackPct: 90, AtRiskPct: 70})
	if err != nil {
		return err
	}
	return q.InsertIndicator(ctx, programme.Indicator{ID: "i07-3", ProgrammeID: "p07", Code: "CT07.3", Name: "Mô hình ứng dụng",
		Type: programme.Number, Direction: programme.Up, Aggregation: programme.Sum})
}

func newProposal(c proposal.Call, unit, path, by, title, objectives string) proposal.Proposal {
	return proposal.Proposal{ID: store.NewID(), CallID: c.ID, UnitID: unit, UnitPath: path, State: proposal.Draft, CreatedBy: by,
		CreatedAt: time.Now(), Content: proposal.Content{TaskType: proposal.DeTai, Title: title, Objectives: objectives,
			Fields: map[string]string{"basis": "Chương trình 07-CTr/TU"}, StateBudget: 1_500_000_000, OtherBudget: 300_000_000,
			DurationMonths: 18, AreaIDs: []string{c.Areas[0].ID}, Indicators: []string{"i07-3"},
			Contact: proposal.Contact{Name: "Lê Văn Hùng", Phone: "0912345678"}}}
}

func TestCallsStore(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		seedHanoi(t, s)
		c, officer := testCall(t, s)
		q := s.Read()
		got, err := q.Call(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != c.Title || got.Schedule != c.Schedule || !reflect.DeepEqual(got.Rules, c.Rules) || len(got.Areas) != 2 ||
			got.Areas[1].Name != c.Areas[1].Name || len(got.Programmes) != 1 || len(got.UnitIDs) != 2 ||
			len(got.Programmes[0].Indicators) != 1 || got.Programmes[0].Indicators[0].Label() != "07-CTr/TU · CT07.3 · Mô hình ứng dụng" {
			t.Fatalf("call round trip: %+v", got)
		}
		// Units see only opened calls they are eligible for.
		if rows, _ := q.Calls(ctx, []string{meLinh}); len(rows) != 0 {
			t.Fatal("unopened call listed for a unit")
		}
		err = s.Tx(ctx, func(q store.Q) error { return q.SetCallOpened(ctx, c.ID, officer, time.Now(), got.Version) })
		if err != nil {
			t.Fatal(err)
		}
		if rows, _ := q.Calls(ctx, []string{meLinh}); len(rows) != 1 || rows[0].Units != 2 {
			t.Fatalf("opened call for Mê Linh: %+v", rows)
		}
		if rows, _ := q.Calls(ctx, []string{hanoi.CommuneID("00565")}); len(rows) != 0 {
			t.Fatal("call listed for a unit not eligible")
		}
		// A stale edit is refused.
		got.Title = "Đổi tên"
		if err := s.Tx(ctx, func(q store.Q) error { return q.UpdateCall(ctx, got) }); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("stale call update: %v", err)
		}
		ids, err := q.CallRecipients(ctx, c.ID, account.UnitOfficer, account.UnitLeader)
		if err != nil || len(ids) != 3 {
			t.Fatalf("recipients %v %v", ids, err)
		}
		// Extensions: granted, then changed, the old one returned for the audit.
		x := store.Extension{CallID: c.ID, UnitID: socSon, Until: civil.MustISO("2026-12-20"), Reason: "Sáp nhập", GrantedBy: officer, GrantedAt: time.Now()}
		var before store.Extension
		err = s.Tx(ctx, func(q store.Q) error {
			if _, err := q.SetExtension(ctx, x); err != nil {
				return err
			}
			x.Until = civil.MustISO("2026-12-22")
			before, err = q.SetExtension(ctx, x)
			return err
		})
		if err != nil || before.Until != civil.MustISO("2026-12-20") {
			t.Fatalf("extension: %v %+v", err, before)
		}
		if e, _ := q.Extension(ctx, c.ID, socSon); e.Until != civil.MustISO("2026-12-22") || e.UnitName != "Sóc Sơn" {
			t.Fatalf("extension now %+v", e)
		}
		if e, _ := q.Extension(ctx, c.ID, meLinh); !e.Until.IsZero() {
			t.Fatal("extension for a unit without one")
		}
	})
}

func TestProposalsStore(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		seedHanoi(t, s)
		c, officer := testCall(t, s)
		mlPath, ssPath := "/hn/"+meLinh+"/", "/hn/"+socSon+"/"
		a := newProposal(c, meLinh, mlPath, officer, "Ứng dụng nông nghiệp công nghệ cao trồng rau", "Tăng năng suất")
		b := newProposal(c, socSon, ssPath, officer, "Nong nghiep cong nghe cao cho chè", "Không dấu trong tiêu đề")
		d := newProposal(c, socSon, ssPath, officer, "Chính quyền số cấp xã", "Số hóa")
		err := s.Tx(ctx, func(q store.Q) error {
			for _, p := range []proposal.Proposal{a, b, d} {
				if err := q.InsertProposal(ctx, p); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		q := s.Read()
		got, err := q.Proposal(ctx, a.ID)
		if err != nil || got.Title != a.Title || got.StateBudget != 1_500_000_000 || got.Fields["basis"] == "" ||
			!reflect.DeepEqual(got.AreaIDs, a.AreaIDs) || !reflect.DeepEqual(got.Indicators, []string{"i07-3"}) || got.Version != 1 || got.UnitName != "Mê Linh" {
			t.Fatalf("proposal round trip %+v %v", got, err)
		}

		// Saving needs the version one read; the second of two editors conflicts.
		got.Title = "Ứng dụng nông nghiệp công nghệ cao trồng rau thủy canh"
		got.UpdatedAt = time.Now()
		if err := s.Tx(ctx, func(q store.Q) error { return q.UpdateProposalContent(ctx, got) }); err != nil {
			t.Fatal(err)
		}
		if err := s.Tx(ctx, func(q store.Q) error { return q.UpdateProposalContent(ctx, got) }); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("second save with the old version: %v", err)
		}

		// A move, with its event and version kept.
		err = s.Tx(ctx, func(q store.Q) error {
			now := time.Now()
			if err := q.MoveProposal(ctx, store.Move{ID: a.ID, Version: 2, To: proposal.Submitted, Round: 1, Submitted: now, By: officer, At: now}); err != nil {
				return err
			}
			if err := q.InsertProposalVersion(ctx, a.ID, 1, proposal.Snapshot{Content: got.Content, Areas: []string{"Nông nghiệp công nghệ cao"}}, officer, now); err != nil {
				return err
			}
			ev := store.ProposalEvent{ID: store.NewID(), ProposalID: a.ID, At: now, ActorID: officer, ActorName: "Lê Văn Hùng",
				Event: proposal.LeaderApprove, From: proposal.Draft, To: proposal.Submitted, VersionNo: 1}
			if err := q.InsertProposalEvent(ctx, ev); err != nil {
				return err
			}
			return q.InsertProposalComment(ctx, store.ProposalComment{ID: store.NewID(), ProposalID: a.ID, EventID: ev.ID, Field: "budget", Body: "Tách rõ nguồn", CreatedAt: now})
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Tx(ctx, func(q store.Q) error {
			return q.MoveProposal(ctx, store.Move{ID: a.ID, Version: 2, To: proposal.Screening, At: time.Now()})
		}); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("move on a stale version: %v", err)
		}
		evs, _ := q.ProposalEvents(ctx, a.ID)
		vs, _ := q.ProposalVersions(ctx, a.ID)
		snap, err := q.ProposalVersion(ctx, a.ID, 1)
		cm, _ := q.ProposalComments(ctx, a.ID)
		if len(evs) != 1 || evs[0].From != proposal.Draft || evs[0].ActorName != "Lê Văn Hùng" || len(vs) != 1 || vs[0].By != "Lê Văn Hùng" ||
			err != nil || snap.Title != got.Title || snap.Areas[0] != "Nông nghiệp công nghệ cao" || len(cm) != 1 {
			t.Fatalf("history: %+v %+v %+v %v %+v", evs, vs, snap, err, cm)
		}

		// The Sở sees only what was sent; search ignores diacritics and ranks
		// exact ones first.
		so, _ := q.ListProposals(ctx, store.ProposalFilter{CallID: c.ID, SoOnly: true})
		if len(so) != 1 || so[0].ID != a.ID || len(so[0].Areas) != 1 {
			t.Fatalf("Sở list: %+v", so)
		}
		found, _ := q.ListProposals(ctx, store.ProposalFilter{CallID: c.ID, Text: "nông nghiệp công nghệ cao"})
		if len(found) != 2 || found[0].ID != a.ID || found[1].ID != b.ID {
			t.Fatalf("search with diacritics: %+v", found)
		}
		found, _ = q.ListProposals(ctx, store.ProposalFilter{CallID: c.ID, Text: "nong nghiep cong nghe cao"})
		if len(found) != 2 || found[0].ID != b.ID {
			t.Fatalf("search without diacritics: %+v", found)
		}
		found, _ = q.ListProposals(ctx, store.ProposalFilter{CallID: c.ID, Text: "cao nong nghiep"})
		if len(found) != 2 {
			t.Fatalf("search by words out of order: %+v", found)
		}
		mine, _ := q.ListProposals(ctx, store.ProposalFilter{UnitPaths: []string{ssPath}})
		if len(mine) != 2 || mine[0].Title != "Chính quyền số cấp xã" {
			t.Fatalf("Sóc Sơn's own, by title: %+v", mine)
		}
		counts, err := q.CountProposals(ctx, store.ProposalFilter{CallID: c.ID, States: []proposal.State{proposal.Draft}})
		// Each facet counts under the other filters: units with drafts only.
		if err != nil || counts.Total != 2 || len(counts.States) != 2 || len(counts.Units) != 1 || counts.Units[0].Label != "Sóc Sơn" ||
			len(counts.Areas) != 1 || counts.Areas[0].N != 2 {
			t.Fatalf("counts %+v %v", counts, err)
		}
		if n, _ := q.DraftCount(ctx, c.ID); n != 2 {
			t.Fatalf("drafts %d", n)
		}

		// Pending decisions.
		err = s.Tx(ctx, func(q store.Q) error {
			return q.SetPending(ctx, a.ID, 3, proposal.Decision{Event: proposal.Receive}, officer, time.Now())
		})
		if err != nil {
			t.Fatal(err)
		}
		if p, _ := q.ListProposals(ctx, store.ProposalFilter{CallID: c.ID, Pending: true}); len(p) != 1 || p[0].Pending.Event != proposal.Receive {
			t.Fatalf("pending %+v", p)
		}
		stamp, _ := q.CallStamp(ctx, c.ID)
		docs, err := q.SimilarityDocs(ctx, c.ID)
		if err != nil || len(docs) != 3 {
			t.Fatalf("docs %v %v", docs, err)
		}
		s.Tx(ctx, func(q store.Q) error {
			return q.InsertProposalNote(ctx, store.ProposalNote{ID: store.NewID(), ProposalID: d.ID, Body: "nội bộ", AuthorName: "x", CreatedAt: time.Now()})
		})
		if n, _ := q.ProposalNotes(ctx, d.ID); len(n) != 1 {
			t.Fatal("note lost")
		}
		s.Tx(ctx, func(q store.Q) error {
			return q.SetPending(ctx, a.ID, 4, proposal.Decision{}, officer, time.Now())
		})
		if again, _ := q.CallStamp(ctx, c.ID); again == stamp {
			t.Fatal("stamp did not change")
		}
		full, err := q.ProposalsOfCall(ctx, c.ID, nil)
		if err != nil || len(full) != 1 || len(full[0].AreaIDs) != 1 {
			t.Fatalf("full list %+v %v", full, err)
		}
	})
}

func TestPastTasksStore(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		tasks := []proposal.PastTask{{Code: "A-1", Title: "Xử lý chất thải chăn nuôi lợn", YearFrom: 2019, YearTo: 2021},
			{Code: "A-2", Title: "Xu ly chat thai lang nghe"}}
		var added, updated int
		err := s.Tx(ctx, func(q store.Q) error {
			var err error
			added, updated, err = q.UpsertPastTasks(ctx, tasks, "", time.Now())
			return err
		})
		if err != nil || added != 2 || updated != 0 {
			t.Fatalf("first import %d %d %v", added, updated, err)
		}
		tasks[0].Status = "Đã nghiệm thu"
		s.Tx(ctx, func(q store.Q) error {
			added, updated, err = q.UpsertPastTasks(ctx, tasks[:1], "", time.Now())
			return err
		})
		if err != nil || added != 0 || updated != 1 {
			t.Fatalf("second import %d %d %v", added, updated, err)
		}
		list, total, err := s.Read().PastTasks(ctx, "xử lý chất thải", 10)
		if err != nil || total != 2 || list[0].Code != "A-1" || list[0].Status != "Đã nghiệm thu" {
			t.Fatalf("search %+v %d %v", list, total, err)
		}
	})
}
