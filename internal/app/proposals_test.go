package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/demo"
	"khcn/internal/document/documenttest"
	"khcn/internal/locale"
	"khcn/internal/programme"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/testdb"
	"khcn/internal/valid"
)

var ctx = context.Background()

// world is a fresh database with the demo units and logins, and a clock the
// test moves.
type world struct {
	t   *testing.T
	a   *app.App
	now time.Time
}

func newWorld(t *testing.T, s *store.Store) *world {
	w := &world{t: t, a: app.New(s, nil), now: time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)}
	w.a.Now = func() time.Time { return w.now }
	for _, st := range demo.Steps()[:2] {
		if err := st.Run(ctx, w.a); err != nil {
			t.Fatal(err)
		}
	}
	err := s.Tx(ctx, func(q store.Q) error {
		err := q.InsertProgramme(ctx, programme.Programme{ID: "p07", Code: "07-CTr/TU", Title: "Chương trình 07-CTr/TU",
			StartYear: 2021, EndYear: 2025, OnTrackPct: 90, AtRiskPct: 70})
		if err != nil {
			return err
		}
		return q.InsertIndicator(ctx, programme.Indicator{ID: "i07-3", ProgrammeID: "p07", Code: "CT07.3", Name: "Số mô hình ứng dụng KH&CN",
			Type: programme.Number, Direction: programme.Up, Aggregation: programme.Sum})
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) as(login string) app.Actor {
	w.t.Helper()
	id, err := w.a.UserIDByLogin(ctx, login)
	if err != nil {
		w.t.Fatal(err)
	}
	u, err := w.a.Store.Read().User(ctx, id)
	if err != nil {
		w.t.Fatal(err)
	}
	return app.Actor{User: &u, IP: "test"}
}

func (w *world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

func callInput(today civil.Date) app.CallInput {
	d := func(n int) string { return locale.Date(today.AddDays(n)) }
	return app.CallInput{PlanYear: "2027", Title: "Đề xuất nhiệm vụ KH&CN năm 2027", RuleCode: "A1-ĐXNV",
		Start: d(-5), Ends: [5]string{d(10), d(30), d(60), d(90), d(120)},
		Areas:      "Nông nghiệp công nghệ cao\nMôi trường, xử lý chất thải chăn nuôi",
		Programmes: []string{"p07"},
		UnitScope:  app.ScopePick, UnitIDs: []string{demo.MeLinh, demo.SocSon}}
}

func fullInput(c proposal.Call, title string) proposal.Input {
	return proposal.Input{TaskType: "de_tai", Values: map[string]string{
		"title": title, "basis": "Chương trình 07-CTr/TU", "urgency": "Ô nhiễm do chất thải chăn nuôi",
		"objectives": "Giảm ô nhiễm môi trường tại các trang trại", "results": "Mô hình xử lý 50 tấn/ngày",
		"content": "Khảo sát, xây dựng mô hình", "application": "Hợp tác xã chăn nuôi"},
		StateBudget: "1.200.000.000", OtherBudget: "300.000.000", Duration: "18", AreaIDs: []string{c.Areas[1].ID},
		Indicators: []string{"i07-3"}, Contact: proposal.Contact{Name: "Lê Văn Hùng", Phone: "0912 345 678"}}
}

func fieldErr(t *testing.T, err error, field string) valid.Problem {
	t.Helper()
	var e valid.Errors
	if !errors.As(err, &e) || !e.Has(field) {
		t.Fatalf("want a problem at %s, got %v", field, err)
	}
	return e[field]
}

func TestProposalWorkflow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		so, leader := w.as("chuyenvien"), w.as("lanhdao.so")
		officer, boss := w.as("canbo.melinh"), w.as("lanhdao.melinh")
		other := w.as("canbo.socson")
		today := locale.Today(w.now)

		// The Sở creates and opens a call; eligible units are told.
		if _, err := w.a.CreateCall(ctx, officer, callInput(today)); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("an officer created a call: %v", err)
		}
		bad := callInput(today)
		bad.Ends[1] = locale.Date(today.AddDays(5)) // screening would end before it starts
		_, err := w.a.CreateCall(ctx, so, bad)
		fieldErr(t, err, "end_screening")
		callID, err := w.a.CreateCall(ctx, so, callInput(today))
		w.must(err)
		cp, err := w.a.Call(ctx, so, callID)
		w.must(err)
		if _, err := w.a.Call(ctx, officer, callID); !errors.Is(err, app.ErrNotFound) {
			t.Fatal("unit saw an unopened call")
		}
		w.must(w.a.OpenCall(ctx, so, callID, cp.Call.Version))
		notes, _ := w.a.Notifications(ctx, officer)
		if len(notes) != 1 || notes[0].Key != "notice.call_opened" || notes[0].Args[1] != locale.Date(today.AddDays(10)) {
			t.Fatalf("officer not told of the call: %+v", notes)
		}
		if notes, _ := w.a.Notifications(ctx, w.as("canbo.gialam")); len(notes) != 0 {
			t.Fatal("a unit not eligible was told")
		}
		c := cp.Call

		// Draft with a bad field: refused at the field, nothing stored.
		in := fullInput(c, "Ứng dụng chế phẩm sinh học xử lý chất thải chăn nuôi lợn")
		in.StateBudget = "1,2 tỷ"
		_, err = w.a.NewProposal(ctx, officer, callID, in, nil)
		fieldErr(t, err, "state_budget")
		in.StateBudget = "1.200.000.000"
		in.Values["results"] = ""
		id, err := w.a.NewProposal(ctx, officer, callID, in, nil)
		w.must(err)

		// Another unit never sees it, nor does the Sở while it is a draft.
		if _, err := w.a.Proposal(ctx, other, id); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("another unit read the draft: %v", err)
		}
		if _, err := w.a.Proposal(ctx, so, id); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("the Sở read an unsent draft: %v", err)
		}

		// Asking the leader needs a complete form.
		err = w.a.MoveProposal(ctx, officer, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.RequestApproval}, Version: 1})
		fieldErr(t, err, "results")
		in.Values["results"] = "Mô hình xử lý 50 tấn/ngày"
		v, err := w.a.SaveProposal(ctx, officer, id, 1, in, nil, nil)
		w.must(err)
		// A second tab still at version 1 conflicts, naming who saved which version.
		in2 := in
		in2.Values = map[string]string{}
		for k, x := range in.Values {
			in2.Values[k] = x
		}
		in2.Values["title"] = "Tên từ tab cũ"
		_, err = w.a.SaveProposal(ctx, boss, id, 1, in2, nil, nil)
		var ce *app.ConflictError
		if !errors.As(err, &ce) || !errors.Is(err, app.ErrConflict) || ce.By != "Lê Văn Hùng" || ce.Version != v || ce.At.IsZero() {
			t.Fatalf("conflict: %v %+v", err, ce)
		}
		w.must(w.a.MoveProposal(ctx, officer, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.RequestApproval}, Version: v}))
		if err := w.a.MoveProposal(ctx, officer, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.LeaderApprove}, Version: v + 1}); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("officer approved as leader: %v", err)
		}
		if _, err := w.a.SaveProposal(ctx, officer, id, v+1, in, nil, nil); fieldErr(t, err, "form").Key != "err.not_editable" {
			t.Fatal("edited while with the leader")
		}
		w.must(w.a.MoveProposal(ctx, boss, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.LeaderApprove}, Version: v + 1}))

		// The Sở screens and returns it with a comment on a field.
		pg, err := w.a.Proposal(ctx, so, id)
		w.must(err)
		if pg.Shown != proposal.Submitted || len(pg.Versions) != 1 {
			t.Fatalf("sent: %+v", pg.Shown)
		}
		ver := pg.Proposal.Version
		w.must(w.a.MoveProposal(ctx, so, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.Receive}, Version: ver}))
		if upg, _ := w.a.Proposal(ctx, officer, id); upg.Shown != proposal.InReview || upg.Internal {
			t.Fatalf("unit sees %s", upg.Shown)
		}
		err = w.a.MoveProposal(ctx, so, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.Return}, Version: ver + 1})
		fieldErr(t, err, "comments")
		w.must(w.a.MoveProposal(ctx, so, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.Return}, Version: ver + 1,
			Comments: map[string]string{"state_budget": "Làm rõ cơ cấu kinh phí ngân sách", "title": " "}}))
		w.must(w.a.AddNote(ctx, so, id, "Ghi chú nội bộ: đơn vị đã có mô hình tương tự"))

		// The unit sees the comment, not the internal note; it revises.
		upg, err := w.a.Proposal(ctx, officer, id)
		w.must(err)
		if upg.Shown != proposal.Returned || len(upg.Comments["state_budget"]) != 1 || len(upg.Comments["title"]) != 0 || upg.Notes != nil {
			t.Fatalf("unit page: %+v %+v", upg.Shown, upg.Comments)
		}
		for _, h := range upg.History {
			if h.To.Internal() || h.From.Internal() {
				t.Fatalf("internal state in the unit's history: %+v", h)
			}
		}
		in.StateBudget = "1.000.000.000"
		v, err = w.a.SaveProposal(ctx, officer, id, upg.Proposal.Version, in, nil, nil)
		w.must(err)
		w.must(w.a.MoveProposal(ctx, officer, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.RequestApproval}, Version: v}))
		w.must(w.a.MoveProposal(ctx, boss, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.LeaderApprove}, Version: v + 1}))
		changes, err := w.a.Compare(ctx, officer, id, 1, 2)
		w.must(err)
		if len(changes) != 2 || changes[0].Label.Key != "state_budget" || changes[0].Before.Value != "1.200.000.000" {
			t.Fatalf("diff v1→v2: %+v", changes)
		}

		// Council, then approval by a pending decision applied in a batch.
		pg, _ = w.a.Proposal(ctx, so, id)
		ver = pg.Proposal.Version
		for _, e := range []proposal.Event{proposal.Receive, proposal.SendCouncil, proposal.Recommend} {
			w.must(w.a.MoveProposal(ctx, so, id, app.MoveInput{Decision: proposal.Decision{Event: e}, Version: ver}))
			ver++
		}
		w.must(w.a.SetPending(ctx, so, []string{id}, proposal.Decision{Event: proposal.Approve, Method: proposal.Direct}))
		if _, err := w.a.ApplyPending(ctx, so, callID, []string{id}); err == nil {
			t.Fatal("a specialist applied an approval")
		} else {
			var be *app.BatchError
			if !errors.As(err, &be) || be.Items[0].Problem.Key != "err.forbidden" {
				t.Fatalf("batch refusal: %v", err)
			}
		}
		n, err := w.a.ApplyPending(ctx, leader, callID, []string{id})
		if err != nil || n != 1 {
			t.Fatalf("apply: %d %v", n, err)
		}
		if _, err := w.a.PublicCall(ctx, app.Actor{}, callID); !errors.Is(err, app.ErrNotFound) {
			t.Fatal("unpublished list public")
		}
		cp, _ = w.a.Call(ctx, leader, callID)
		if _, err := w.a.PublishCall(ctx, leader, callID, "", cp.Call.Version); err == nil {
			t.Fatal("published without a decision number")
		}
		// The window is still open (it ends in ten days): refused, unless the
		// Sở closes it with the publication.
		_, err = w.a.PublishCall(ctx, leader, callID, "1234/QĐ-UBND", cp.Call.Version)
		if p := fieldErr(t, err, "close_window"); p.Key != "err.window_still_open" || p.Args[0] != locale.Date(today.AddDays(10)) {
			t.Fatalf("published while the window is open: %+v", p)
		}
		n, err = w.a.PublishCallClosing(ctx, leader, callID, "1234/QĐ-UBND", cp.Call.Version, true)
		if err != nil || n != 1 {
			t.Fatalf("publish: %d %v", n, err)
		}
		if cp, _ = w.a.Call(ctx, leader, callID); cp.Call.Schedule.WindowEnd() != today.AddDays(-1) {
			t.Errorf("the window was not closed with the publication: ends %v", cp.Call.Schedule.WindowEnd())
		}
		// The leader's sending numbered the paper in the commune's register;
		// the second round kept the number.
		paper, err := w.a.ProposalDocument(ctx, officer, id, "docx")
		w.must(err)
		if text := documenttest.DocxText(t, paper.Data); !strings.Contains(text, "Số: 01/UBND") || strings.Contains(text, "DỰ THẢO") {
			t.Errorf("the sent proposal's paper:\n%.600s", text)
		}
		pub, err := w.a.PublicCall(ctx, app.Actor{}, callID)
		w.must(err)
		if len(pub.Tasks) != 1 || pub.Tasks[0].Method != proposal.Direct || pub.Tasks[0].Results == "" || pub.Call.DecisionRef != "1234/QĐ-UBND" {
			t.Fatalf("public list %+v", pub)
		}
		upg, _ = w.a.Proposal(ctx, officer, id)
		var seen []string
		for _, h := range upg.History {
			seen = append(seen, string(h.To))
		}
		if got := strings.Join(seen, ","); got != "awaiting_leader,submitted,in_review,returned,awaiting_leader,submitted,in_review,approved,published" {
			t.Fatalf("unit history %s", got)
		}
	})
}

func TestWindowAndExtension(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		so, boss := w.as("chuyenvien"), w.as("lanhdao.socson")
		today := locale.Today(w.now)
		callID, err := w.a.CreateCall(ctx, so, callInput(today))
		w.must(err)
		cp, _ := w.a.Call(ctx, so, callID)
		w.must(w.a.OpenCall(ctx, so, callID, cp.Call.Version))
		id, err := w.a.NewProposal(ctx, boss, callID, fullInput(cp.Call, "Chính quyền số cấp xã"), nil)
		w.must(err)

		w.now = w.now.AddDate(0, 0, 11) // the window closed yesterday
		err = w.a.MoveProposal(ctx, boss, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.LeaderApprove}, Version: 1})
		if p := fieldErr(t, err, "form"); p.Key != "err.window_closed" || p.Args[0] != locale.Date(today.AddDays(10)) {
			t.Fatalf("closed window: %+v", p)
		}
		err = w.a.GrantExtension(ctx, so, callID, demo.SocSon, locale.Date(today.AddDays(15)), "")
		fieldErr(t, err, "reason")
		w.must(w.a.GrantExtension(ctx, so, callID, demo.SocSon, locale.Date(today.AddDays(15)), "Đơn vị mới sáp nhập"))
		w.must(w.a.MoveProposal(ctx, boss, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.LeaderApprove}, Version: 1}))
		entries, _ := w.a.AuditLog(ctx, w.as("admin"), store.AuditFilter{Action: "call.extend"})
		if len(entries) != 1 || !strings.Contains(entries[0].After, "Đơn vị mới sáp nhập") {
			t.Fatalf("extension not audited: %+v", entries)
		}
		// Mê Linh has no extension: still closed for it.
		ml := w.as("lanhdao.melinh")
		id2, err := w.a.NewProposal(ctx, ml, callID, fullInput(cp.Call, "Rau an toàn"), nil)
		if err == nil {
			err = w.a.MoveProposal(ctx, ml, id2, app.MoveInput{Decision: proposal.Decision{Event: proposal.LeaderApprove}, Version: 1})
		}
		if fieldErr(t, err, "form").Key != "err.window_closed" {
			t.Fatal("extension leaked to another unit")
		}
	})
}

func TestSimilarityAndPastTasks(t *testing.T) {
	w := newWorld(t, testdb.SQLite(t))
	so, ml, ss := w.as("chuyenvien"), w.as("lanhdao.melinh"), w.as("lanhdao.socson")
	today := locale.Today(w.now)
	callID, err := w.a.CreateCall(ctx, so, callInput(today))
	w.must(err)
	cp, _ := w.a.Call(ctx, so, callID)
	w.must(w.a.OpenCall(ctx, so, callID, cp.Call.Version))
	a, err := w.a.NewProposal(ctx, ml, callID, fullInput(cp.Call, "Ứng dụng chế phẩm sinh học xử lý chất thải chăn nuôi lợn"), nil)
	w.must(err)
	b, err := w.a.NewProposal(ctx, ss, callID, fullInput(cp.Call, "Xử lý chất thải chăn nuôi lợn bằng chế phẩm sinh học"), nil)
	w.must(err)

	// While Sóc Sơn's proposal is a draft, Mê Linh does not see it.
	got, err := w.a.SimilarTo(ctx, ml, callID, "xu ly chat thai chan nuoi", "", a)
	w.must(err)
	if len(got) != 0 {
		t.Fatalf("a draft of another unit shown: %+v", got)
	}
	w.must(w.a.MoveProposal(ctx, ss, b, app.MoveInput{Decision: proposal.Decision{Event: proposal.LeaderApprove}, Version: 1}))
	w.must(w.a.MoveProposal(ctx, ml, a, app.MoveInput{Decision: proposal.Decision{Event: proposal.LeaderApprove}, Version: 1}))
	got, _ = w.a.SimilarTo(ctx, ml, callID, "xu ly chat thai chan nuoi", "", a)
	if len(got) != 1 || got[0].UnitName != "Sóc Sơn" || got[0].Link != "" {
		t.Fatalf("sent proposal of another unit: %+v", got)
	}

	_, _, err = w.a.ImportPastTasks(ctx, ml, "a.csv", []byte("Mã,Tên nhiệm vụ\nX,Y"))
	if !errors.Is(err, app.ErrForbidden) {
		t.Fatal("a unit imported the registry")
	}
	_, _, err = w.a.ImportPastTasks(ctx, so, "a.csv", []byte("Mã;Tên nhiệm vụ;Năm bắt đầu\nA;Một;hai nghìn"))
	var ie *app.ImportError
	if !errors.As(err, &ie) || ie.Problems[0].Column != "year_from" {
		t.Fatalf("bad row: %v", err)
	}
	added, _, err := w.a.ImportPastTasks(ctx, so, "a.csv", []byte("\ufeffMã,Tên nhiệm vụ,Mục tiêu\n01C-2019,Nghiên cứu xử lý chất thải chăn nuôi lợn quy mô hộ,Giảm ô nhiễm\n"))
	if err != nil || added != 1 {
		t.Fatalf("import %d %v", added, err)
	}
	// A workbook exported from a spreadsheet imports the same way; a known
	// code updates its task.
	book := excelize.NewFile()
	rows := [][]any{{"Mã nhiệm vụ", "Tên nhiệm vụ", "Tổ chức chủ trì", "Năm bắt đầu"},
		{"01C-2019", "Nghiên cứu xử lý chất thải chăn nuôi lợn quy mô hộ gia đình", "Viện Chăn nuôi", 2019},
		{"01C-2021", "Mô hình trồng nấm trong nhà màng", "Trung tâm Khuyến nông", 2021}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		book.SetSheetRow("Sheet1", cell, &r)
	}
	buf, err := book.WriteToBuffer()
	w.must(err)
	added, updated, err := w.a.ImportPastTasks(ctx, so, "danh-muc.xlsx", buf.Bytes())
	if err != nil || added != 1 || updated != 1 {
		t.Fatalf("xlsx import %d %d %v", added, updated, err)
	}
	if list, _, _ := w.a.PastTasks(ctx, ml, "quy mo ho gia dinh"); len(list) != 1 || list[0].Performer != "Viện Chăn nuôi" || list[0].YearFrom != 2019 {
		t.Fatalf("updated task %+v", list)
	}
	got, _ = w.a.SimilarTo(ctx, ml, callID, "xử lý chất thải chăn nuôi lợn", "", a)
	kinds := map[string]bool{}
	for _, g := range got {
		kinds[g.Kind] = true
	}
	if !kinds["past"] || !kinds["proposal"] {
		t.Fatalf("after import: %+v", got)
	}
	groups, err := w.a.SimilarityReport(ctx, so, callID, 0)
	w.must(err)
	if len(groups) != 1 || len(groups[0].Members) != 2 || groups[0].Score < app.ReportThreshold {
		t.Fatalf("report %+v", groups)
	}
	if _, err := w.a.SimilarityReport(ctx, ml, callID, 0); !errors.Is(err, app.ErrForbidden) {
		t.Fatal("a unit read the report")
	}
}
