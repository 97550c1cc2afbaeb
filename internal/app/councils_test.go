package app_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/council"
	"khcn/internal/demo"
	"khcn/internal/document/documenttest"
	"khcn/internal/locale"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// sentProposal makes a complete proposal of a unit and takes it into the
// Sở's screening.
func (w *world) sentProposal(callID string, c proposal.Call, unit, title string) string {
	w.t.Helper()
	officer, boss, so := w.as("canbo."+unit), w.as("lanhdao."+unit), w.as("chuyenvien")
	id, err := w.a.NewProposal(ctx, officer, callID, fullInput(c, title), nil)
	w.must(err)
	w.must(w.a.MoveProposal(ctx, officer, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.RequestApproval}, Version: 1}))
	w.must(w.a.MoveProposal(ctx, boss, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.LeaderApprove}, Version: 2}))
	pg, err := w.a.Proposal(ctx, so, id)
	w.must(err)
	w.must(w.a.MoveProposal(ctx, so, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.Receive}, Version: pg.Proposal.Version}))
	return id
}

func (w *world) councilVersion(actor app.Actor, id string) int {
	w.t.Helper()
	pg, err := w.a.Council(ctx, actor, id)
	w.must(err)
	return pg.Council.Version
}

func pass(v bool) *bool { return &v }

func fullSheet(rec council.Choice) council.Sheet {
	s := council.Sheet{Marks: map[string]council.Mark{}, Recommendation: rec}
	for _, it := range council.ClassicCriteria().Items[:4] {
		s.Marks[it.Key] = council.Mark{Pass: pass(true), Comment: "Đạt yêu cầu"}
	}
	return s
}

// The whole council flow, with the authorisation rules of issue 10: a member
// sees nothing before the pack, nothing before declaring, never a proposal
// of their own unit or one they declared a conflict on, never others' sheets
// before submitting their own; a submitted sheet is read-only until the
// secretary reopens it; nothing is voted without a quorum; the conclusion
// passes with more than 3/4 of the voters and moves the proposals.
func TestCouncilFlow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		so := w.as("chuyenvien")
		today := locale.Today(w.now)
		callID, err := w.a.CreateCall(ctx, so, callInput(today))
		w.must(err)
		cp, err := w.a.Call(ctx, so, callID)
		w.must(err)
		w.must(w.a.OpenCall(ctx, so, callID, cp.Call.Version))
		x := w.sentProposal(callID, cp.Call, "socson", "Chè hữu cơ Sóc Sơn theo chuỗi giá trị")
		y := w.sentProposal(callID, cp.Call, "melinh", "Hoa lan Mê Linh công nghệ cao")
		z := w.sentProposal(callID, cp.Call, "socson", "Chính quyền số cấp xã Sóc Sơn")

		// Four more council logins; the second expert works in Mê Linh.
		logins := []string{"chuyengia", "cg.melinh", "cg.c", "cg.d", "cg.e"}
		w.must(s.Tx(ctx, func(q store.Q) error {
			for i, l := range logins[1:] {
				unit := "hn-skhcn"
				if i == 0 {
					unit = demo.MeLinh
				}
				if _, err := q.CreateUser(ctx, store.NewUser{Login: l, Name: "Chuyên gia " + l, Role: account.Council, UnitID: unit, PasswordHash: "x"}); err != nil {
					return err
				}
			}
			return nil
		}))
		roles := []council.Role{council.Chair, council.ViceChair, council.Reviewer, council.Reviewer, council.Secretary}
		var members []app.MemberInput
		experts := map[string]string{}
		for i, l := range logins {
			in := app.ExpertInput{Name: "Chuyên gia " + l, Title: "TS.", Organisation: "Viện", Login: l, CivilServant: i == 4}
			if i == 1 {
				in.UnitID = demo.MeLinh
			}
			id, err := w.a.SaveExpert(ctx, so, in)
			w.must(err)
			experts[l] = id
			members = append(members, app.MemberInput{ExpertID: id, Role: roles[i]})
		}
		if _, err := w.a.SaveExpert(ctx, w.as("canbo.melinh"), app.ExpertInput{Name: "X"}); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("a unit officer added an expert: %v", err)
		}
		if _, err := w.a.SaveExpert(ctx, so, app.ExpertInput{Name: "Trùng", Login: "chuyengia"}); fieldErr(t, err, "login").Key != "err.council.login_taken" {
			t.Fatal("one login on two experts")
		}
		// Composition from the rule set: four members are too few.
		_, err = w.a.SaveCouncil(ctx, so, app.CouncilInput{CallID: callID, Name: "Hội đồng", Members: members[:4]})
		if fieldErr(t, err, "members").Key != "err.council.size" {
			t.Fatalf("four members: %v", err)
		}
		kid, err := w.a.SaveCouncil(ctx, so, app.CouncilInput{CallID: callID, Name: "Hội đồng tư vấn xác định nhiệm vụ 2027",
			MeetingDate: today.AddDays(20), MeetingPlace: "Sở KH&CN", Members: members})
		w.must(err)
		n, err := w.a.AssignProposals(ctx, so, kid, app.AssignInput{Version: w.councilVersion(so, kid), Mode: "all"})
		if err != nil || n != 3 {
			t.Fatalf("assign all: %d %v", n, err)
		}

		a, mel, c, d := w.as("chuyengia"), w.as("cg.melinh"), w.as("cg.c"), w.as("cg.d")
		// Before the pack: the council page, no proposal, no sheet.
		pg, err := w.a.Council(ctx, a, kid)
		w.must(err)
		if len(pg.Proposals) != 0 || pg.PackSent {
			t.Fatalf("member saw proposals before the pack: %+v", pg.Proposals)
		}
		if _, err := w.a.Sheet(ctx, a, kid, x); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("sheet before the pack: %v", err)
		}
		// A unit officer and a council member not on it see nothing.
		if _, err := w.a.Council(ctx, w.as("canbo.socson"), kid); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("officer opened the council: %v", err)
		}
		if _, err := w.a.Proposal(ctx, a, x); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("member opened an assigned proposal before the pack: %v", err)
		}
		w.must(w.a.SendPack(ctx, so, kid, w.councilVersion(so, kid)))
		if _, err := w.a.Proposal(ctx, a, x); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("member opened a proposal before declaring: %v", err)
		}
		for _, id := range []string{x, y, z} {
			p, _ := w.a.Proposal(ctx, so, id)
			if p.Proposal.State != proposal.Council {
				t.Fatalf("proposal not in the council state after the pack: %s", p.Proposal.State)
			}
		}
		if notes, _ := w.a.Notifications(ctx, a); len(notes) == 0 || notes[0].Key != "ntf.council.pack" {
			t.Fatalf("member not told of the pack: %+v", notes)
		}

		// Nothing opens before the declaration.
		if _, err := w.a.Sheet(ctx, a, kid, x); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("sheet before declaring: %v", err)
		}
		pg, _ = w.a.Council(ctx, mel, kid)
		if pg.OwnUnit != 1 || len(pg.ToDeclare) != 2 {
			t.Fatalf("Mê Linh member: own unit %d, to declare %d", pg.OwnUnit, len(pg.ToDeclare))
		}
		for _, p := range pg.Proposals {
			if p.ProposalID == y {
				t.Fatal("a member saw the proposal of their own unit")
			}
		}
		err = w.a.Declare(ctx, a, kid, app.DeclarationInput{Answered: map[string]bool{x: true, y: true, z: true}, Conflict: map[string]bool{y: true}})
		fieldErr(t, err, "attest")
		fieldErr(t, err, "d_"+y+"_reason")
		w.must(w.a.Declare(ctx, a, kid, app.DeclarationInput{Answered: map[string]bool{x: true, y: true, z: true}, Conflict: map[string]bool{y: true},
			Reason: map[string]string{y: "Tôi là đồng tác giả ý tưởng"}, Attest: true}))
		for _, m := range []app.Actor{mel, c, d, w.as("cg.e")} {
			w.must(w.a.Declare(ctx, m, kid, app.DeclarationInput{Answered: map[string]bool{x: true, y: true, z: true}, Attest: true}))
		}
		if _, err := w.a.Sheet(ctx, a, kid, y); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("conflicted member opened the sheet: %v", err)
		}
		// The proposal page opens by the seat: assigned, sent, declared
		// without conflict, not recused; never the conflicted or own-unit one.
		if pp, err := w.a.Proposal(ctx, a, x); err != nil || pp.Internal || len(pp.Events) != 0 || pp.Editable {
			t.Fatalf("member on an assigned proposal: %v %+v", err, pp.Events)
		}
		if _, err := w.a.ProposalDocument(ctx, a, x, "docx"); err != nil {
			t.Fatalf("member printing an assigned proposal: %v", err)
		}
		if _, err := w.a.Proposal(ctx, a, y); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("conflicted member opened the proposal: %v", err)
		}
		if _, err := w.a.Proposal(ctx, mel, y); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("own-unit member opened the proposal: %v", err)
		}
		if _, err := w.a.Proposal(ctx, mel, x); err != nil {
			t.Fatalf("declared member on another unit's proposal: %v", err)
		}
		if err := w.a.MoveProposal(ctx, a, x, app.MoveInput{Decision: proposal.Decision{Event: proposal.Recommend}, Version: 1}); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("a member moved a proposal: %v", err)
		}
		// Before the meeting the existing reminders tell members who owe sheets.
		w.now = w.now.AddDate(0, 0, 15)
		_, err = w.a.SendReminders(ctx)
		w.must(err)
		reminded := false
		notes, _ := w.a.Notifications(ctx, w.as("cg.e"))
		for _, n := range notes {
			reminded = reminded || strings.HasPrefix(n.Key, "ntf.remind.")
		}
		if !reminded {
			t.Errorf("member owing sheets not reminded: %+v", notes)
		}
		if _, err := w.a.Sheet(ctx, mel, kid, y); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("own-unit member opened the sheet: %v", err)
		}

		// Sheets: nothing pre-filled; others' only after one's own.
		sp, err := w.a.Sheet(ctx, a, kid, x)
		w.must(err)
		if len(sp.Sheet.Sheet.Marks) != 0 || sp.Sheet.Sheet.Recommendation != "" || !sp.Editable || len(sp.Lines) == 0 {
			t.Fatalf("sheet pre-filled or closed: %+v", sp.Sheet)
		}
		w.must(w.a.SaveSheet(ctx, c, kid, x, app.SheetInput{Sheet: fullSheet(council.Do), Submit: true}))
		if sp, _ = w.a.Sheet(ctx, a, kid, x); len(sp.Others) != 0 {
			t.Fatal("member read another's sheet before submitting")
		}
		err = w.a.SaveSheet(ctx, a, kid, x, app.SheetInput{Sheet: council.Sheet{}, Submit: true})
		fieldErr(t, err, "c_urgency")
		w.must(w.a.SaveSheet(ctx, a, kid, x, app.SheetInput{Sheet: council.Sheet{Marks: map[string]council.Mark{"urgency": {Pass: pass(true)}}}}))
		sp, _ = w.a.Sheet(ctx, a, kid, x)
		if sp.Sheet.State != council.SheetDraft || len(sp.Others) != 0 {
			t.Fatalf("a draft opened others' sheets: %+v", sp.Sheet.State)
		}
		if err := w.a.SaveSheet(ctx, a, kid, x, app.SheetInput{Version: 0, Sheet: fullSheet(council.Do)}); !errors.Is(err, app.ErrConflict) {
			t.Fatalf("stale first save: %v", err)
		}
		w.must(w.a.SaveSheet(ctx, a, kid, x, app.SheetInput{Version: sp.Sheet.Version, Sheet: fullSheet(council.Do), Submit: true}))
		sp, _ = w.a.Sheet(ctx, a, kid, x)
		if len(sp.Others) != 1 || sp.Editable {
			t.Fatalf("after submitting: others %d, editable %v", len(sp.Others), sp.Editable)
		}
		if fieldErr(t, w.a.SaveSheet(ctx, a, kid, x, app.SheetInput{Version: sp.Sheet.Version, Sheet: fullSheet(council.DoNot)}), "recommendation").Key != "err.council.sheet_submitted" {
			t.Fatal("edited a submitted sheet")
		}
		if err := w.a.ReopenSheet(ctx, a, kid, x, experts["chuyengia"], "x", sp.Sheet.Version); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("a member reopened a sheet: %v", err)
		}
		w.must(w.a.ReopenSheet(ctx, so, kid, x, experts["chuyengia"], "Bổ sung nhận xét tiêu chí 3", sp.Sheet.Version))
		sp, _ = w.a.Sheet(ctx, a, kid, x)
		if !sp.Editable || sp.Sheet.ReopenReason == "" {
			t.Fatal("reopened sheet not editable")
		}
		w.must(w.a.SaveSheet(ctx, a, kid, x, app.SheetInput{Version: sp.Sheet.Version, Sheet: fullSheet(council.Do), Submit: true}))
		// The council's own scientific secretary may reopen it too.
		sp, _ = w.a.Sheet(ctx, a, kid, x)
		secretary := w.as("cg.e")
		w.must(w.a.SaveSheet(ctx, secretary, kid, x, app.SheetInput{Sheet: fullSheet(council.Do), Submit: true}))
		if sec, _ := w.a.Sheet(ctx, secretary, kid, x); !sec.CanReopen {
			t.Error("the secretary is not offered to reopen")
		}
		if c2, _ := w.a.Sheet(ctx, c, kid, x); c2.CanReopen {
			t.Error("a member is offered to reopen")
		}
		w.must(w.a.ReopenSheet(ctx, secretary, kid, x, experts["chuyengia"], "Thiếu nhận xét tiêu chí 2", sp.Sheet.Version))
		sp, _ = w.a.Sheet(ctx, a, kid, x)
		w.must(w.a.SaveSheet(ctx, a, kid, x, app.SheetInput{Version: sp.Sheet.Version, Sheet: fullSheet(council.Do), Submit: true}))

		// The meeting: no votes without a quorum.
		ballots := func(id string, choices map[string]council.Choice) []council.Ballot {
			var out []council.Ballot
			for l, ch := range choices {
				out = append(out, council.Ballot{ExpertID: experts[l], Choice: ch, Name: "Tên", Method: council.Selection, Reasons: "Điều chỉnh mục tiêu"})
			}
			return out
		}
		all := map[string]council.Choice{"chuyengia": council.Do, "cg.melinh": council.Do, "cg.c": council.Do, "cg.d": council.Do, "cg.e": council.DoNot}
		err = w.a.RecordVotes(ctx, so, kid, x, w.councilVersion(so, kid), ballots(x, all))
		if fieldErr(t, err, "votes").Key != "err.council.no_quorum" {
			t.Fatal("voted without quorum")
		}
		// Three of five present is under 2/3: still no quorum.
		w.must(w.a.RecordAttendance(ctx, so, kid, w.councilVersion(so, kid), map[string]bool{experts["chuyengia"]: true, experts["cg.c"]: true, experts["cg.d"]: true}))
		if fieldErr(t, w.a.RecordVotes(ctx, so, kid, x, w.councilVersion(so, kid), ballots(x, all)), "votes").Key != "err.council.no_quorum" {
			t.Fatal("voted with 3 of 5")
		}
		present := map[string]bool{}
		for _, id := range experts {
			present[id] = true
		}
		w.must(w.a.RecordAttendance(ctx, so, kid, w.councilVersion(so, kid), present))
		// A recused member has no ballot on the proposal.
		err = w.a.RecordVotes(ctx, so, kid, y, w.councilVersion(so, kid), ballots(y, map[string]council.Choice{"cg.melinh": council.DoNot}))
		fieldErr(t, err, "b_"+experts["cg.melinh"]+"_choice")
		w.must(w.a.RecordVotes(ctx, so, kid, x, w.councilVersion(so, kid), ballots(x, all)))
		w.must(w.a.RecordVotes(ctx, so, kid, y, w.councilVersion(so, kid), ballots(y, map[string]council.Choice{"cg.c": council.DoNot, "cg.d": council.DoNot, "cg.e": council.DoNot})))
		// z: 3 of 5 for is not more than 3/4: undecided, so the meeting cannot close.
		w.must(w.a.RecordVotes(ctx, so, kid, z, w.councilVersion(so, kid), ballots(z, map[string]council.Choice{"chuyengia": council.Do, "cg.c": council.Do, "cg.d": council.Do, "cg.melinh": council.DoNot, "cg.e": council.DoNot})))
		err = w.a.Conclude(ctx, so, kid, app.ConcludeInput{Version: w.councilVersion(so, kid)})
		if fieldErr(t, err, "conclude").Key != "err.council.undecided" {
			t.Fatal("concluded with an undecided proposal")
		}
		w.must(w.a.RecordVotes(ctx, so, kid, z, w.councilVersion(so, kid), ballots(z, map[string]council.Choice{"chuyengia": council.DoChanges, "cg.c": council.Do, "cg.d": council.Do, "cg.melinh": council.DoChanges, "cg.e": council.DoNot})))
		err = w.a.Conclude(ctx, so, kid, app.ConcludeInput{Version: w.councilVersion(so, kid)})
		fieldErr(t, err, "reason_"+y)
		fieldErr(t, err, "reason_"+z)
		pg, _ = w.a.Council(ctx, so, kid)
		for _, p := range pg.Proposals {
			if p.ProposalID == x && (p.Tally.Outcome != council.Recommended || p.Voters != 5 || len(p.Tally.Dissent) != 1) {
				t.Fatalf("x tally %+v", p.Tally)
			}
			if p.ProposalID == y && (p.Tally.Outcome != council.NotRecommended || p.Voters != 3 || len(p.Recused) != 2) {
				t.Fatalf("y tally %+v, recused %+v", p.Tally, p.Recused)
			}
		}
		w.must(w.a.Conclude(ctx, so, kid, app.ConcludeInput{Version: w.councilVersion(so, kid),
			Reasons: map[string]string{y: "Trùng với nhiệm vụ đã thực hiện năm 2023", z: "Thu hẹp phạm vi về 3 xã"}, Ranks: map[string]int{z: 1, x: 2}}))
		// The Sở's specialists hear the counts; each proposing unit hears that
		// its proposal was reviewed, without the outcome (internal until approval).
		concluded := func(actor app.Actor, key string) [][]string {
			notes, err := w.a.Notifications(ctx, actor)
			w.must(err)
			var out [][]string
			for _, n := range notes {
				if n.Key == key {
					out = append(out, n.Args)
				}
			}
			return out
		}
		if got := concluded(so, "ntf.council.concluded"); len(got) != 1 || strings.Join(got[0], "|") != "Hội đồng tư vấn xác định nhiệm vụ 2027|1|1|1" {
			t.Errorf("Sở told of the conclusion: %q", got)
		}
		if got := concluded(w.as("canbo.socson"), "ntf.council.concluded_unit"); len(got) != 2 {
			t.Errorf("Sóc Sơn's officer told of %d proposals: %q", len(got), got)
		}
		if got := concluded(w.as("lanhdao.melinh"), "ntf.council.concluded_unit"); len(got) != 1 || got[0][0] != "Hoa lan Mê Linh công nghệ cao" {
			t.Errorf("Mê Linh's leader: %q", got)
		}
		if got := concluded(a, "ntf.council.concluded_unit"); len(got) != 0 {
			t.Errorf("a member was told as a unit: %q", got)
		}
		want := map[string]proposal.State{x: proposal.Recommended, y: proposal.NotRecommended, z: proposal.RecommendedWithChanges}
		for id, st := range want {
			p, _ := w.a.Proposal(ctx, so, id)
			if p.Proposal.State != st {
				t.Errorf("%s: %s, want %s", id, p.Proposal.State, st)
			}
		}
		pg, _ = w.a.Council(ctx, so, kid)
		if len(pg.Ranking) != 2 || pg.Ranking[0].ProposalID != z || pg.Ranking[1].ProposalID != x {
			t.Errorf("ranking %+v", pg.Ranking)
		}
		// After the conclusion nothing changes.
		if fieldErr(t, w.a.RecordVotes(ctx, so, kid, x, w.councilVersion(so, kid), ballots(x, all)), "votes").Key != "err.council.concluded" {
			t.Error("voted after the conclusion")
		}
	})
}

// The budget appraisal's appraised total feeds the approval: the Sở's
// proposal page shows it (the unit's once the task is approved), the
// approval records the amount it funds, the approved list carries it, and
// an approved task's appraisal is closed.
func TestAppraisalFundsTheApproval(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		so, leader, officer := w.as("chuyenvien"), w.as("lanhdao.so"), w.as("canbo.melinh")
		today := locale.Today(w.now)
		callID, err := w.a.CreateCall(ctx, so, callInput(today))
		w.must(err)
		cp, err := w.a.Call(ctx, so, callID)
		w.must(err)
		w.must(w.a.OpenCall(ctx, so, callID, cp.Call.Version))
		x := w.sentProposal(callID, cp.Call, "melinh", "Hoa lan Mê Linh công nghệ cao")
		plain := w.sentProposal(callID, cp.Call, "socson", "Chè hữu cơ Sóc Sơn theo chuỗi giá trị")
		// The appraisal as the budget team left it: 1.200.000.000 asked,
		// 950.000.000 appraised.
		kid := store.NewID()
		w.must(s.Tx(ctx, func(q store.Q) error {
			if err := q.InsertCouncil(ctx, store.Council{ID: kid, CallID: callID, Name: "Hội đồng xét tài trợ", CreatedAt: w.now}); err != nil {
				return err
			}
			if err := q.Assign(ctx, kid, []string{x, plain}); err != nil {
				return err
			}
			return q.PutAppraisal(ctx, store.AppraisalRow{ID: store.NewID(), CouncilID: kid, ProposalID: x, TeamIDs: []string{},
				Lines:    []council.BudgetLine{{Item: "Thuê khoán chuyên môn", Proposed: 1_200_000_000, Appraised: 950_000_000, Reason: "Giảm số công"}},
				Proposed: 1_200_000_000, Appraised: 950_000_000, UpdatedAt: w.now})
		}))
		pg, err := w.a.Proposal(ctx, so, x)
		w.must(err)
		if pg.Appraisal == nil || pg.Funded() != 950_000_000 {
			t.Fatalf("the Sở's page: %+v, funded %d", pg.Appraisal, pg.Funded())
		}
		if up, _ := w.a.Proposal(ctx, officer, x); up.Appraisal != nil {
			t.Error("the unit saw the appraisal before the approval")
		}
		if pp, _ := w.a.Proposal(ctx, so, plain); pp.Appraisal != nil || pp.Funded() != 1_200_000_000 {
			t.Errorf("a task without appraisal funds %d", pp.Funded())
		}
		for _, id := range []string{x, plain} {
			for _, ev := range []proposal.Event{proposal.SendCouncil, proposal.Recommend} {
				p, _ := w.a.Proposal(ctx, so, id)
				w.must(w.a.MoveProposal(ctx, so, id, app.MoveInput{Decision: proposal.Decision{Event: ev}, Version: p.Proposal.Version}))
			}
			p, _ := w.a.Proposal(ctx, leader, id)
			w.must(w.a.MoveProposal(ctx, leader, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.Approve, Method: proposal.Direct}, Version: p.Proposal.Version}))
		}
		entries, err := s.Read().Audit(ctx, store.AuditFilter{Action: "proposal.approve", ObjectID: x, Limit: 5})
		w.must(err)
		var after struct{ Funded int64 }
		if len(entries) != 1 || json.Unmarshal([]byte(entries[0].After), &after) != nil || after.Funded != 950_000_000 {
			t.Fatalf("the approval's record: %+v", entries)
		}
		if up, _ := w.a.Proposal(ctx, officer, x); up.Appraisal == nil || up.Funded() != 950_000_000 {
			t.Error("the unit does not see the funded amount of its approved task")
		}
		g, err := w.a.ApprovedList(ctx, so, callID, "xlsx")
		w.must(err)
		flat := documenttest.Squash(documenttest.Text(t, g.Data, "xlsx"))
		if !strings.Contains(flat, "950") || !strings.Contains(flat, "1,200") || !strings.Contains(flat, documenttest.Squash("theo kết quả thẩm định kinh phí")) {
			t.Errorf("the approved list lacks the appraised amount:\n%s", flat)
		}
		err = w.a.SaveAppraisal(ctx, so, kid, x, app.AppraisalInput{Version: 1, Lines: []council.BudgetLine{{Item: "Thuê khoán", Proposed: 1, Appraised: 1}}})
		if fieldErr(t, err, "lines").Key != "err.council.appraisal_approved" {
			t.Errorf("changed an approved task's appraisal: %v", err)
		}
	})
}
