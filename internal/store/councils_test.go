package store_test

import (
	"errors"
	"testing"
	"time"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/council"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

func TestCouncilsStore(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		seedHanoi(t, s)
		c, officer := testCall(t, s)
		mlPath, ssPath := "/hn/"+meLinh+"/", "/hn/"+socSon+"/"
		a := newProposal(c, meLinh, mlPath, officer, "Rau an toàn công nghệ cao", "Tăng năng suất")
		b := newProposal(c, socSon, ssPath, officer, "Chè hữu cơ", "Giá trị gia tăng")
		now := time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
		var experts []store.Expert
		var member string
		err := s.Tx(ctx, func(q store.Q) error {
			for _, p := range []proposal.Proposal{a, b} {
				if err := q.InsertProposal(ctx, p); err != nil {
					return err
				}
			}
			var err error
			member, err = q.CreateUser(ctx, store.NewUser{Login: "cg", Name: "Trần Minh Đức", Role: account.Council, UnitID: meLinh, PasswordHash: "x"})
			if err != nil {
				return err
			}
			for i, n := range []string{"Trần Minh Đức", "Nguyễn Thị Hoa", "Lê Quang Vinh", "Phạm Thu Hà", "Đặng Văn Sơn"} {
				x := store.Expert{ID: store.NewID(), Name: n, Title: "TS.", Organisation: "Viện Rau quả", Fields: "Nông nghiệp", CreatedAt: now}
				if i == 0 {
					x.UserID, x.UnitID = member, meLinh
				}
				if i == 4 {
					x.CivilServant = true
				}
				if err := q.InsertExpert(ctx, x); err != nil {
					return err
				}
				experts = append(experts, x)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		q := s.Read()
		if got, err := q.ExpertOfUser(ctx, member); err != nil || got.ID != experts[0].ID || got.Login != "cg" || got.UnitName != "Mê Linh" {
			t.Fatalf("expert of user %+v %v", got, err)
		}
		if got, _ := q.Experts(ctx, "dang son"); len(got) != 1 || got[0].Name != "Đặng Văn Sơn" {
			t.Errorf("search by folded name: %+v", got)
		}
		// A second expert with the same login is refused.
		err = s.Tx(ctx, func(q store.Q) error {
			return q.InsertExpert(ctx, store.Expert{ID: store.NewID(), Name: "X", UserID: member, CreatedAt: now})
		})
		if !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("second expert on one login: %v", err)
		}

		k := store.Council{ID: store.NewID(), CallID: c.ID, Name: "Hội đồng nông nghiệp", Area: "Nông nghiệp", MeetingDate: civil.MustISO("2027-01-20"),
			MeetingPlace: "Phòng họp tầng 3", CreatedBy: officer, CreatedAt: now}
		roles := []council.Role{council.Chair, council.ViceChair, council.Reviewer, council.Reviewer, council.Secretary}
		err = s.Tx(ctx, func(q store.Q) error {
			if err := q.InsertCouncil(ctx, k); err != nil {
				return err
			}
			var ms []store.Member
			for i, x := range experts {
				ms = append(ms, store.Member{Expert: x, Role: roles[i]})
			}
			if err := q.SetMembers(ctx, k.ID, ms); err != nil {
				return err
			}
			return q.Assign(ctx, k.ID, []string{a.ID, b.ID})
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := q.Council(ctx, k.ID)
		if err != nil || got.State != store.CouncilForming || got.RuleCode != "A1-ĐXNV" || got.MeetingDate != k.MeetingDate || !got.PackSentAt.IsZero() || got.Version != 1 {
			t.Fatalf("council %+v %v", got, err)
		}
		// A proposal sits on one council only.
		k2 := store.Council{ID: store.NewID(), CallID: c.ID, Name: "Hội đồng 2", CreatedAt: now}
		err = s.Tx(ctx, func(q store.Q) error {
			if err := q.InsertCouncil(ctx, k2); err != nil {
				return err
			}
			return q.Assign(ctx, k2.ID, []string{a.ID})
		})
		if !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("proposal on two councils: %v", err)
		}
		// Version-checked update: a stale one conflicts.
		got.State, got.PackSentAt = store.CouncilPackSent, now
		if err := s.Tx(ctx, func(q store.Q) error { return q.UpdateCouncil(ctx, got, now) }); err != nil {
			t.Fatal(err)
		}
		if err := s.Tx(ctx, func(q store.Q) error { return q.UpdateCouncil(ctx, got, now) }); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale council update: %v", err)
		}
		got, _ = q.Council(ctx, k.ID)
		if !got.PackSentAt.Equal(now) || got.State != store.CouncilPackSent {
			t.Errorf("pack sent %+v", got)
		}
		ms, err := q.Members(ctx, k.ID)
		if err != nil || len(ms) != 5 || ms[0].Role != council.Chair || ms[0].Login != "cg" || ms[0].Present != nil || !ms[4].CivilServant {
			t.Fatalf("members %+v %v", ms, err)
		}
		if cs, _ := q.CouncilsOfExpert(ctx, experts[0].ID); len(cs) != 1 || cs[0].ID != k.ID {
			t.Errorf("councils of expert %+v", cs)
		}

		err = s.Tx(ctx, func(q store.Q) error {
			if err := q.FreezeSimilarity(ctx, k.ID, a.ID, `{"similar":[]}`); err != nil {
				return err
			}
			if err := q.SetPresent(ctx, k.ID, experts[1].ID, true); err != nil {
				return err
			}
			if err := q.SetPresent(ctx, k.ID, experts[2].ID, false); err != nil {
				return err
			}
			if err := q.PutDeclaration(ctx, k.ID, council.Declaration{ExpertID: experts[1].ID, ProposalID: a.ID, Conflict: true, Reason: "Đồng tác giả"}, now); err != nil {
				return err
			}
			return q.PutDeclaration(ctx, k.ID, council.Declaration{ExpertID: experts[1].ID, ProposalID: b.ID}, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		ms, _ = q.Members(ctx, k.ID)
		if ms[1].Present == nil || !*ms[1].Present || ms[2].Present == nil || *ms[2].Present || ms[3].Present != nil {
			t.Errorf("attendance %+v %+v %+v", ms[1].Present, ms[2].Present, ms[3].Present)
		}
		as, err := q.AssignedProposals(ctx, k.ID)
		if err != nil || len(as) != 2 || as[0].ProposalID != a.ID || as[0].Similarity == "" || as[1].UnitName != "Sóc Sơn" {
			t.Fatalf("assigned %+v %v", as, err)
		}
		if err := s.Tx(ctx, func(q store.Q) error {
			return q.PutDeclaration(ctx, k.ID, council.Declaration{ExpertID: experts[1].ID, ProposalID: a.ID}, now)
		}); !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("declaration changed after attesting: %v", err)
		}
		ds, _ := q.Declarations(ctx, k.ID)
		if len(ds) != 2 || !ds[0].Attested || ds[0].Conflict == ds[1].Conflict {
			t.Errorf("declarations %+v", ds)
		}

		yes := true
		sh := store.SheetRow{ID: store.NewID(), CouncilID: k.ID, ExpertID: experts[1].ID, ProposalID: b.ID, State: council.SheetDraft,
			Sheet: council.Sheet{Marks: map[string]council.Mark{"urgency": {Pass: &yes, Comment: "Cấp thiết"}}}, UpdatedAt: now}
		if err := s.Tx(ctx, func(q store.Q) error { return q.InsertSheet(ctx, sh) }); err != nil {
			t.Fatal(err)
		}
		if err := s.Tx(ctx, func(q store.Q) error { sh.ID = store.NewID(); return q.InsertSheet(ctx, sh) }); !errors.Is(err, store.ErrConflict) {
			t.Errorf("second first save: %v", err)
		}
		row, err := q.Sheet(ctx, k.ID, experts[1].ID, b.ID)
		if err != nil || row.Version != 1 || row.Sheet.Marks["urgency"].Pass == nil || !*row.Sheet.Marks["urgency"].Pass || row.Sheet.Marks["urgency"].Score != nil {
			t.Fatalf("sheet %+v %v", row, err)
		}
		row.State, row.SubmittedAt, row.Sheet.Recommendation = council.SheetSubmitted, now, council.Do
		if err := s.Tx(ctx, func(q store.Q) error { return q.UpdateSheet(ctx, row) }); err != nil {
			t.Fatal(err)
		}
		if err := s.Tx(ctx, func(q store.Q) error { return q.UpdateSheet(ctx, row) }); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale sheet save: %v", err)
		}
		if err := s.Tx(ctx, func(q store.Q) error { return q.ReopenSheet(ctx, row.ID, officer, "Sửa nhận xét", 2, now) }); err != nil {
			t.Fatal(err)
		}
		row, _ = q.Sheet(ctx, k.ID, experts[1].ID, b.ID)
		if row.State != council.SheetDraft || !row.SubmittedAt.IsZero() || row.ReopenReason != "Sửa nhận xét" || row.Version != 3 {
			t.Errorf("reopened %+v", row)
		}
		if err := s.Tx(ctx, func(q store.Q) error { return q.ReopenSheet(ctx, row.ID, officer, "again", 3, now) }); !errors.Is(err, store.ErrConflict) {
			t.Errorf("reopen a draft: %v", err)
		}

		bs := []council.Ballot{{ExpertID: experts[0].ID, Choice: council.Do, Name: "Rau an toàn", Method: council.Direct},
			{ExpertID: experts[1].ID, Choice: council.DoNot, Dissent: "Trùng đề tài 2023"}}
		err = s.Tx(ctx, func(q store.Q) error {
			if err := q.PutBallots(ctx, k.ID, b.ID, bs); err != nil {
				return err
			}
			if err := q.PutBallots(ctx, k.ID, b.ID, bs); err != nil { // replace, not add
				return err
			}
			return q.SetConclusion(ctx, k.ID, b.ID, string(council.Recommended), "", 1, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := q.Ballots(ctx, k.ID); len(got) != 2 || got[0].ProposalID != b.ID {
			t.Errorf("ballots %+v", got)
		}
		if as, _ := q.AssignmentOf(ctx, b.ID); as.Outcome != "recommended" || as.Rank != 1 || !as.ConcludedAt.Equal(now) || as.CouncilID != k.ID {
			t.Errorf("conclusion %+v", as)
		}

		ap := store.AppraisalRow{ID: store.NewID(), CouncilID: k.ID, ProposalID: b.ID, TeamIDs: []string{experts[0].ID},
			Lines: []council.BudgetLine{{Item: "Thuê khoán", Proposed: 100_000_000, Appraised: 80_000_000, Reason: "Định mức"}}, Proposed: 100_000_000, Appraised: 80_000_000, UpdatedAt: now}
		if err := s.Tx(ctx, func(q store.Q) error { return q.PutAppraisal(ctx, ap) }); err != nil {
			t.Fatal(err)
		}
		if err := s.Tx(ctx, func(q store.Q) error { return q.PutAppraisal(ctx, ap) }); !errors.Is(err, store.ErrConflict) {
			t.Errorf("second new appraisal: %v", err)
		}
		gotAp, err := q.Appraisal(ctx, b.ID)
		if err != nil || gotAp.Version != 1 || len(gotAp.Lines) != 1 || gotAp.Lines[0].Appraised != 80_000_000 || gotAp.TeamIDs[0] != experts[0].ID {
			t.Errorf("appraisal %+v %v", gotAp, err)
		}
		if err := s.Tx(ctx, func(q store.Q) error { return q.Unassign(ctx, k.ID, a.ID) }); err != nil {
			t.Error(err)
		}
	})
}
