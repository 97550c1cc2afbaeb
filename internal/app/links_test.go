package app_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/demo"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/ocop"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

func linkTo(links []app.LinkView, typ string) (app.LinkView, bool) {
	for _, l := range links {
		if l.Type == typ {
			return l, true
		}
	}
	return app.LinkView{}, false
}

// The Sở answers a former district's 2024 recommendation in 2026 by
// starting a proposal draft for the commune that took the district over,
// in a call open to it. The draft is the commune's: the Sở sees that it
// exists, not what it says, until the commune sends it.
func TestRecommendationBecomesUnitDraft(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		so, officer, boss, other := w.as("chuyenvien"), w.as("canbo.melinh"), w.as("lanhdao.melinh"), w.as("canbo.socson")
		later := w.now
		w.now = time.Date(2024, 7, 19, 3, 0, 0, 0, time.UTC)
		recID, err := w.a.RaiseRecommendation(ctx, so, app.RecInput{UnitID: "hn-250", CategoryID: "hitech_agri", // Huyện Mê Linh
			Title: "Hỗ trợ mô hình trồng hoa ứng dụng công nghệ cao", Description: "Đề nghị Sở hỗ trợ chuyển giao công nghệ nhà màng cho các hợp tác xã hoa.",
			Beneficiaries: "Các hợp tác xã hoa Mê Linh"})
		w.must(err)
		step := func(st followup.Step) {
			t.Helper()
			w.must(w.a.StepRecommendation(ctx, so, recID, recVersion(t, w.a, recID), st, nil))
		}
		step(followup.Step{To: followup.RecAssigned, DivisionID: "hn-skhcn-qlkh", AssigneeID: so.User.ID, AnswerDue: civil.New(2024, 8, 15)})
		if v, _ := w.a.Recommendation(ctx, so, recID); len(v.Conversions) != 0 {
			t.Fatal("conversion offered before an answer")
		}
		step(followup.Step{To: followup.RecAnswered, Note: "Sở sẽ hướng dẫn đơn vị đề xuất nhiệm vụ."})

		w.now = later
		today := locale.Today(w.now)
		open := func(in app.CallInput) string {
			id, err := w.a.CreateCall(ctx, so, in)
			w.must(err)
			cp, err := w.a.Call(ctx, so, id)
			w.must(err)
			w.must(w.a.OpenCall(ctx, so, id, cp.Call.Version))
			return id
		}
		callID := open(callInput(today)) // Xã Mê Linh and Xã Sóc Sơn
		elsewhere := callInput(today)
		elsewhere.UnitIDs = []string{demo.GiaLam}
		otherCall := open(elsewhere)

		// Only the call the district's successor may propose in is offered.
		v, err := w.a.Recommendation(ctx, so, recID)
		w.must(err)
		if len(v.Conversions) != 1 || v.Conversions[0].Target != followup.TypeProposal || len(v.Conversions[0].Choices) != 1 ||
			v.Conversions[0].Choices[0].ID != callID+"/"+demo.MeLinh || !strings.Contains(v.Conversions[0].Choices[0].Label, "Xã Mê Linh") {
			t.Fatalf("choices: %+v", v.Conversions)
		}
		if uv, _ := w.a.Recommendation(ctx, officer, recID); len(uv.Conversions) != 0 {
			t.Fatal("the unit is offered the Sở's conversion")
		}
		convert := func(who app.Actor, choice string) (followup.Ref, error) {
			return w.a.ConvertRecommendation(ctx, who, recID, app.ConvertInput{Target: followup.TypeProposal, Choice: choice,
				Version: recVersion(t, w.a, recID)})
		}
		for _, bad := range []string{"", callID + "/" + demo.SocSon, otherCall + "/" + demo.GiaLam, callID} {
			_, err := convert(so, bad)
			fieldErr(t, err, "choice")
		}
		if _, err := convert(officer, callID+"/"+demo.MeLinh); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("a unit converted: %v", err)
		}
		made, err := convert(so, callID+"/"+demo.MeLinh)
		w.must(err)

		p, err := s.Read().Proposal(ctx, made.ID)
		w.must(err)
		if made.Type != followup.TypeProposal || p.UnitID != demo.MeLinh || p.State != proposal.Draft || p.CallID != callID ||
			p.Title != "Hỗ trợ mô hình trồng hoa ứng dụng công nghệ cao" || !strings.HasPrefix(p.Objectives, "Đề nghị Sở hỗ trợ") ||
			p.Fields["application"] != "Các hợp tác xã hoa Mê Linh" || p.TaskType != proposal.DeTai || p.CreatedBy != so.User.ID {
			t.Fatalf("draft: %+v", p)
		}
		notes, _ := w.a.Notifications(ctx, officer)
		if len(notes) == 0 || notes[0].Key != "notice.proposal_drafted" || notes[0].Link != "/proposals/"+p.ID {
			t.Fatalf("commune not told: %+v", notes)
		}
		audit, err := s.Read().Audit(ctx, store.AuditFilter{ObjectType: "proposal", ObjectID: p.ID})
		if err != nil || len(audit) != 1 || audit[0].Action != "proposal.create" || audit[0].ActorLogin != "chuyenvien" {
			t.Fatalf("audit: %+v %v", audit, err)
		}

		// The Sở sees the link and the step, without opening the draft.
		if _, err := w.a.Proposal(ctx, so, p.ID); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("the Sở read the unsent draft: %v", err)
		}
		if _, err := w.a.Proposal(ctx, other, p.ID); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("another commune read the draft: %v", err)
		}
		v, err = w.a.Recommendation(ctx, so, recID)
		w.must(err)
		l, ok := linkTo(v.Links, followup.TypeProposal)
		last := v.Events[len(v.Events)-1]
		if v.Rec.Status != followup.RecInProgress || !ok || !l.Outgoing || l.Href != "" || !strings.Contains(l.Label, "chưa gửi Sở") ||
			last.Made.ID != p.ID || last.Made.Href != "" {
			t.Fatalf("recommendation as the Sở sees it: %s %+v %+v", v.Rec.Status, v.Links, last)
		}
		// The commune opens it from the recommendation and back.
		uv, err := w.a.Recommendation(ctx, officer, recID)
		w.must(err)
		if l, _ := linkTo(uv.Links, followup.TypeProposal); l.Href != "/proposals/"+p.ID || uv.Events[len(uv.Events)-1].Made.Href != l.Href {
			t.Fatalf("commune's link: %+v", uv.Links)
		}
		pg, err := w.a.Proposal(ctx, officer, p.ID)
		w.must(err)
		if l, ok := linkTo(pg.Links, followup.TypeRecommendation); !ok || l.Outgoing || l.Href != "/recommendations/"+recID {
			t.Fatalf("proposal's link back: %+v", pg.Links)
		}

		// Once the commune sends it, the Sở opens it from the recommendation.
		c, err := w.a.CallForm(ctx, so, callID)
		w.must(err)
		ver, err := w.a.SaveProposal(ctx, officer, p.ID, p.Version, fullInput(c, p.Title), nil, nil)
		w.must(err)
		w.must(w.a.MoveProposal(ctx, officer, p.ID, app.MoveInput{Decision: proposal.Decision{Event: proposal.RequestApproval}, Version: ver}))
		w.must(w.a.MoveProposal(ctx, boss, p.ID, app.MoveInput{Decision: proposal.Decision{Event: proposal.LeaderApprove}, Version: ver + 1}))
		v, err = w.a.Recommendation(ctx, so, recID)
		w.must(err)
		if l, _ := linkTo(v.Links, followup.TypeProposal); l.Href != "/proposals/"+p.ID || strings.Contains(l.Label, "chưa gửi") {
			t.Fatalf("sent proposal's link for the Sở: %+v", l)
		}
	})
}

// loadDemo runs the named demo steps on the world (after its foundation).
func (w *world) loadDemo(names ...string) {
	w.t.Helper()
	for _, st := range demo.Steps() {
		for _, n := range names {
			if st.Name == n {
				w.must(st.Run(ctx, w.a))
			}
		}
	}
}

func choiceIDs(cs []app.TaskChoice) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

// An IP title points to the approved task that produced it, picked by a
// diacritics-insensitive search; the task page and the published list show
// the titles it produced, each to those who may know of it.
func TestIPTitleLinksToApprovedTask(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		w.loadDemo("proposals")
		so, gialam, socson, melinh := w.as("chuyenvien"), w.as("canbo.gialam"), w.as("canbo.socson"), w.as("canbo.melinh")
		find := func(who app.Actor, text, chosen string) []app.TaskChoice {
			t.Helper()
			cs, err := w.a.TaskChoices(ctx, who, text, chosen)
			w.must(err)
			return cs
		}
		// Without diacritics: the published Mê Linh mark task for anyone
		// (first: it holds the words together; the flower-growing model
		// task holds them apart), Sóc Sơn's approved (not yet published) tea
		// task only for Sóc Sơn and the Sở.
		marks := find(gialam, "hoa me linh", "")
		if len(marks) != 2 || !strings.Contains(marks[0].Label, "“Hoa Mê Linh”") || !strings.Contains(marks[1].Label, "trồng hoa") {
			t.Fatalf("mark task: %+v", marks)
		}
		markTask := marks[0].ID
		if got := find(gialam, "che soc son", ""); len(got) != 0 {
			t.Fatalf("another unit finds an unpublished task: %+v", got)
		}
		tea := find(socson, "chè Sóc Sơn", "")
		if len(tea) != 1 || find(so, "che soc son", "")[0].ID != tea[0].ID {
			t.Fatalf("tea task: %+v", tea)
		}
		teaTask := tea[0].ID
		if got := find(so, "số hóa hồ sơ", ""); len(got) != 0 {
			t.Fatalf("a proposal that is not a task is offered: %+v", got)
		}
		drafts, err := s.Read().ListProposals(ctx, store.ProposalFilter{Text: "số hóa hồ sơ", States: []proposal.State{proposal.Draft}})
		if err != nil || len(drafts) == 0 {
			t.Fatalf("demo draft: %v", err)
		}
		if got := find(melinh, "", drafts[0].ID); len(got) != 0 {
			t.Fatalf("a draft offered as the chosen task: %+v", got)
		}
		if _, err := w.a.TaskChoices(ctx, app.Actor{}, "hoa", ""); !errors.Is(err, app.ErrForbidden) {
			t.Fatal("the public searched tasks")
		}

		// Gia Lâm may link its title to the published task, not to the tea one.
		today := locale.Today(w.now)
		form := app.IPForm{IPInput: ocopMark("Hoa Mê Linh", today), UnitID: demo.GiaLam, TaskID: teaTask}
		_, err = w.a.SaveIP(ctx, gialam, "", form)
		fieldErr(t, err, "task_id")
		form.TaskID = markTask
		ipID, err := w.a.SaveIP(ctx, gialam, "", form)
		w.must(err)
		view := func(who app.Actor) app.IPView {
			t.Helper()
			v, err := w.a.IPTitle(ctx, who, ipID)
			w.must(err)
			return v
		}
		p, err := s.Read().Proposal(ctx, markTask)
		w.must(err)
		if v := view(gialam); !v.HasTask || v.Task.Href != "/public/calls/"+p.CallID || !strings.Contains(v.Task.Title, "Hoa Mê Linh") {
			t.Fatalf("Gia Lâm's link: %+v", v.Task)
		}
		if v := view(so); v.Task.Href != "/proposals/"+markTask {
			t.Fatalf("the Sở's link: %+v", v.Task)
		}

		// The task page lists the title for the Sở; the proposing commune
		// and the public see it once the Sở has verified it.
		titles := func(who app.Actor) int {
			t.Helper()
			pg, err := w.a.Proposal(ctx, who, markTask)
			w.must(err)
			return len(pg.Titles)
		}
		public := func() int {
			t.Helper()
			l, err := w.a.PublicCall(ctx, app.Actor{}, p.CallID)
			w.must(err)
			n := 0
			for _, task := range l.Tasks {
				n += len(task.Titles)
			}
			return n
		}
		if titles(so) != 1 || titles(melinh) != 0 || public() != 0 {
			t.Fatalf("pending title shown: Sở %d, Mê Linh %d, public %d", titles(so), titles(melinh), public())
		}
		ip, err := s.Read().IPTitle(ctx, ipID)
		w.must(err)
		w.must(w.a.VerifyIP(ctx, so, ipID, ip.Version))
		if titles(melinh) != 1 || public() != 1 {
			t.Fatalf("verified title: Mê Linh %d, public %d", titles(melinh), public())
		}

		// The Sở links it to the tea task: Gia Lâm learns only that it is an
		// approved task, keeps it when saving, and cannot pick it anew.
		ip, _ = s.Read().IPTitle(ctx, ipID)
		form.TaskID, form.Version = teaTask, ip.Version
		_, err = w.a.SaveIP(ctx, so, ipID, form)
		w.must(err)
		if v := view(gialam); !v.Task.Unpublished || v.Task.Title != "" || v.Task.Href != "" {
			t.Fatalf("unpublished task shown: %+v", v.Task)
		}
		if cs := find(gialam, "", teaTask); len(cs) != 1 || !cs[0].Unpublished {
			t.Fatalf("kept choice: %+v", cs)
		}
		ip, _ = s.Read().IPTitle(ctx, ipID)
		form.Version = ip.Version
		_, err = w.a.SaveIP(ctx, gialam, ipID, form)
		w.must(err)
		if ids := choiceIDs(find(gialam, "hoa me linh", markTask)); len(ids) != 2 || ids[0] != markTask || ids[1] == markTask {
			t.Fatalf("chosen task listed twice or lost: %v", ids)
		}
	})
}

func ocopMark(name string, today civil.Date) ocop.IPInput {
	return ocop.IPInput{Kind: string(ocop.CertMark), Name: name, Owner: "Hội Nông dân", AppNo: "4-2025-21530",
		AppDate: locale.Date(today.AddMonths(-6)), Status: string(ocop.Filed)}
}
