package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/council"
	"khcn/internal/hanoi"
	"khcn/internal/locale"
	"khcn/internal/proposal"
)

// The councils of the story: the 2025-plan call's advisory council of seven
// experts met on 25/11/2024 (declarations with one conflict and one automatic
// recusal across the 2025 re-homing, submitted sheets, attendance, ballots, a
// ranking and minutes); a 2027 grant call runs under the 2025 regime
// (BM-09/BM-10, the grant-and-order council, a budget appraisal), its pack
// sent and waiting for the declarations of `chuyengia`.
// The grant call comes after the follow-ups, which draft into the 2027 plan
// call. The 2025 council runs inside the proposals story (council2025).

// CouncilLogins are the demo council members besides chuyengia (same
// password as every demo login).
var CouncilLogins = []struct{ Login, Name, Title, Org, Unit string }{
	{"hd.hoa", "Nguyễn Thị Hoa", "PGS.TS.", "Học viện Nông nghiệp Việt Nam", ""},
	{"hd.vinh", "Lê Quang Vinh", "TS.", "Viện Môi trường nông nghiệp", ""},
	{"hd.ha", "Phạm Thu Hà", "TS.", "Viện Rau quả", ""},
	{"hd.son", "Đặng Văn Sơn", "ThS.", "Sở Khoa học và Công nghệ Hà Nội", "so"},
	{"hd.lan", "Vũ Thị Lan", "TS.", "UBND xã Mê Linh", "melinh"},
	{"hd.tuan", "Hoàng Minh Tuấn", "PGS.TS.", "Đại học Bách khoa Hà Nội", ""},
}

// councilMembers creates the experts of the register (with their logins),
// or finds them when made already, and returns the seats both councils use.
func councilMembers(ctx context.Context, a *app.App, so app.Actor) (map[string]string, map[string]app.Actor, []app.MemberInput, error) {
	experts := map[string]string{}
	actors := map[string]app.Actor{}
	cg, err := loginActor(ctx, a, "chuyengia")
	if err != nil {
		return nil, nil, nil, err
	}
	if x, err := a.Store.Read().ExpertOfUser(ctx, cg.User.ID); err == nil {
		experts["chuyengia"] = x.ID
	} else {
		id, err := a.SaveExpert(ctx, so, app.ExpertInput{Name: "Trịnh Văn Khoa", Title: "PGS.TS.", Organisation: "Viện Khoa học Nông nghiệp Việt Nam",
			Fields: "Nông nghiệp công nghệ cao; môi trường", Email: "chuyengia@khcn.demo.vn", Login: "chuyengia"})
		if err != nil {
			return nil, nil, nil, fmt.Errorf("expert chuyengia: %w", err)
		}
		experts["chuyengia"] = id
	}
	actors["chuyengia"] = cg
	for _, x := range CouncilLogins {
		if act, err := loginActor(ctx, a, x.Login); err == nil {
			ex, err := a.Store.Read().ExpertOfUser(ctx, act.User.ID)
			if err != nil {
				return nil, nil, nil, err
			}
			experts[x.Login], actors[x.Login] = ex.ID, act
			continue
		}
		unit := hanoiSo
		if x.Unit == "melinh" {
			unit = MeLinh
		}
		if _, err := a.CreateUser(ctx, app.System(), app.UserInput{Login: x.Login, Name: x.Name, Title: "Chuyên gia tư vấn",
			Email: x.Login + "@khcn.demo.vn", Role: account.Council, UnitID: unit, Password: Password}); err != nil {
			return nil, nil, nil, fmt.Errorf("user %s: %w", x.Login, err)
		}
		in := app.ExpertInput{Name: x.Name, Title: x.Title, Organisation: x.Org, Fields: "Nông nghiệp; môi trường; chuyển đổi số",
			Email: x.Login + "@khcn.demo.vn", Login: x.Login, CivilServant: x.Unit == "so"}
		switch x.Unit {
		case "so":
			in.UnitID = hanoiSo
		case "melinh":
			in.UnitID = MeLinh // today's Xã Mê Linh, formed from communes of the former Mê Linh and Đông Anh districts
		}
		id, err := a.SaveExpert(ctx, so, in)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("expert %s: %w", x.Login, err)
		}
		experts[x.Login] = id
		if actors[x.Login], err = loginActor(ctx, a, x.Login); err != nil {
			return nil, nil, nil, err
		}
	}
	roles := []struct {
		login string
		role  council.Role
	}{{"hd.hoa", council.Chair}, {"hd.tuan", council.ViceChair}, {"chuyengia", council.Reviewer}, {"hd.vinh", council.Reviewer},
		{"hd.ha", council.Member}, {"hd.lan", council.Member}, {"hd.son", council.Secretary}}
	var members []app.MemberInput
	for _, r := range roles {
		members = append(members, app.MemberInput{ExpertID: experts[r.login], Role: r.role})
	}
	return experts, actors, members, nil
}

func loadCouncils(ctx context.Context, a *app.App) error {
	clock := a.Now
	defer func() { a.Now = clock }()
	so, err := loginActor(ctx, a, "chuyenvien")
	if err != nil {
		return err
	}
	experts, actors, members, err := councilMembers(ctx, a, so)
	if err != nil {
		return err
	}
	if err := call2027Grant(ctx, a, clock(), so, actors, experts, members); err != nil {
		return fmt.Errorf("grant call 2027: %w", err)
	}
	return nil
}

// hanoiSo is the Sở's own unit.
const hanoiSo = hanoi.SoID

func councilVersion(ctx context.Context, a *app.App, so app.Actor, id string) (int, error) {
	pg, err := a.Council(ctx, so, id)
	return pg.Council.Version, err
}

func yes() *bool { v := true; return &v }

func sortedLogins(m map[string]app.Actor) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// council2025 is the 2025-plan call's council, held in the product: it
// takes four of the proposals sent to the council on 10/9/2024 and concludes
// them on 18/10/2024 (the story's other outcomes are recorded by the Sở,
// the old path).
func (w *demoWorld) council2025(c proposal.Call, ids []string) error {
	ctx, a, so := w.ctx, w.a, w.so["chuyenvien"]
	w.at("2024-09-16", 9)
	experts, actors, members, err := councilMembers(ctx, a, so)
	if err != nil {
		return err
	}
	flowers, tea, digital, melon := ids[1], ids[5], ids[11], ids[12]
	w.byCouncil = map[string]bool{flowers: true, tea: true, digital: true, melon: true}
	kid, err := a.SaveCouncil(ctx, so, app.CouncilInput{CallID: c.ID, Name: "Hội đồng tư vấn xác định nhiệm vụ KH&CN cấp thành phố năm 2025",
		Area: "Nông nghiệp công nghệ cao; chuyển đổi số; sản phẩm OCOP", MeetingDate: civil.MustISO("2024-10-18"),
		MeetingPlace: "Phòng họp tầng 3, Sở KH&CN Hà Nội", MinutesNo: "15/BB-HĐTV", Members: members})
	if err != nil {
		return err
	}
	v, err := councilVersion(ctx, a, so, kid)
	if err != nil {
		return err
	}
	if _, err := a.AssignProposals(ctx, so, kid, app.AssignInput{Version: v, Mode: "pick", IDs: []string{flowers, melon, tea, digital}}); err != nil {
		return err
	}
	w.at("2024-10-04", 9)
	if v, err = councilVersion(ctx, a, so, kid); err != nil {
		return err
	}
	if err := a.SendPack(ctx, so, kid, v); err != nil {
		return err
	}
	// Declarations: hd.ha helped write Sóc Sơn's tea proposal; hd.lan is
	// recused automatically from the former Mê Linh and Đông Anh districts'.
	w.at("2024-10-07", 10)
	for _, login := range sortedLogins(actors) {
		act := actors[login]
		mine, err := a.Council(ctx, act, kid)
		if err != nil {
			return err
		}
		in := app.DeclarationInput{Answered: map[string]bool{}, Conflict: map[string]bool{}, Reason: map[string]string{}, Attest: true}
		for _, p := range mine.ToDeclare {
			in.Answered[p.ProposalID] = true
			if login == "hd.ha" && p.ProposalID == tea {
				in.Conflict[tea] = true
				in.Reason[tea] = "Tôi tham gia xây dựng thuyết minh đề xuất cùng Phòng Kinh tế huyện Sóc Sơn."
			}
		}
		if err := a.Declare(ctx, act, kid, in); err != nil {
			return fmt.Errorf("declare %s: %w", login, err)
		}
	}
	w.at("2024-10-15", 15)
	for _, login := range sortedLogins(actors) {
		act := actors[login]
		mine, err := a.Council(ctx, act, kid)
		if err != nil {
			return err
		}
		for _, p := range mine.Proposals {
			if !p.CanRead {
				continue
			}
			sh := council.Sheet{Marks: map[string]council.Mark{}, Recommendation: council.Do}
			for _, it := range council.ClassicCriteria().Items {
				sh.Marks[it.Key] = council.Mark{Pass: yes(), Comment: "Đạt yêu cầu."}
			}
			if p.ProposalID == digital {
				no := false
				sh.Marks["no_duplication"] = council.Mark{Pass: &no, Comment: "Trùng với nhiệm vụ 01C-05/04-2022-2 đang thực hiện."}
				sh.Recommendation = council.DoNot
				if login == "hd.vinh" {
					sh.Marks["no_duplication"] = council.Mark{Pass: yes(), Comment: "Phạm vi hộ kinh doanh khác với thủ tục hành chính."}
					sh.Recommendation = council.Do
				}
			}
			if p.ProposalID == melon && login == "hd.tuan" {
				sh.Recommendation, sh.ChangeResults = council.DoChanges, "Nêu rõ năng suất và hiệu quả kinh tế của mô hình."
			}
			if err := a.SaveSheet(ctx, act, kid, p.ProposalID, app.SheetInput{Sheet: sh, Submit: true}); err != nil {
				return fmt.Errorf("sheet %s: %w", login, err)
			}
		}
	}
	// The meeting: all seven present.
	w.at("2024-10-18", 9)
	present := map[string]bool{}
	for _, id := range experts {
		present[id] = true
	}
	if v, err = councilVersion(ctx, a, so, kid); err != nil {
		return err
	}
	if err := a.RecordAttendance(ctx, so, kid, v, present); err != nil {
		return err
	}
	pg, err := a.Council(ctx, so, kid)
	if err != nil {
		return err
	}
	for _, p := range pg.Proposals {
		recused := map[string]bool{}
		for _, r := range p.Recused {
			recused[r.ExpertID] = true
		}
		var bs []council.Ballot
		for _, login := range sortedLogins(actors) {
			id := experts[login]
			if recused[id] {
				continue
			}
			b := council.Ballot{ExpertID: id, Choice: council.Do, Method: council.Selection, Name: p.Title}
			switch p.ProposalID {
			case melon:
				if login == "hd.tuan" {
					b.Choice, b.Reasons = council.DoChanges, "Nêu rõ năng suất và hiệu quả kinh tế của mô hình."
				}
			case digital:
				b = council.Ballot{ExpertID: id, Choice: council.DoNot, Reasons: "Trùng với nhiệm vụ đang thực hiện."}
				if login == "hd.vinh" {
					b.Choice, b.Reasons, b.Dissent = council.Do, "", "Quản lý hộ kinh doanh khác với cơ sở dữ liệu thủ tục hành chính."
				}
			}
			bs = append(bs, b)
		}
		if v, err = councilVersion(ctx, a, so, kid); err != nil {
			return err
		}
		if err := a.RecordVotes(ctx, so, kid, p.ProposalID, v, bs); err != nil {
			return fmt.Errorf("votes: %w", err)
		}
	}
	if v, err = councilVersion(ctx, a, so, kid); err != nil {
		return err
	}
	return a.Conclude(ctx, so, kid, app.ConcludeInput{Version: v, Ranks: map[string]int{flowers: 1, melon: 2, tea: 3},
		Reasons: map[string]string{digital: "Trùng với nhiệm vụ đang thực hiện về cơ sở dữ liệu thủ tục hành chính cấp xã."}})
}

// call2027Grant is a grant call under the 2025 regime (TT36-TT), with two
// applications, a council whose pack is sent, and a budget appraisal.
func call2027Grant(ctx context.Context, a *app.App, now time.Time, so app.Actor, actors map[string]app.Actor, experts map[string]string, members []app.MemberInput) error {
	today := locale.Today(now)
	d := func(n int) string { return locale.Date(today.AddDays(n)) }
	a.Now = func() time.Time { return now.Add(-72 * time.Hour) }
	prog, err := a.Store.Read().Programmes(ctx)
	if err != nil {
		return err
	}
	var progs []string
	for _, p := range prog {
		if p.ID == Programme07 {
			progs = append(progs, p.ID)
		}
	}
	id, err := a.CreateCall(ctx, so, app.CallInput{PlanYear: "2027", Title: "Đợt xét tài trợ nhiệm vụ khoa học, công nghệ và đổi mới sáng tạo năm 2027",
		Guidance: "Đợt tài trợ theo Luật Khoa học, công nghệ và đổi mới sáng tạo số 93/2025/QH15, Nghị định 267/2025/NĐ-CP và Thông tư 36/2025/TT-BKHCN: " +
			"tổ chức chủ trì nộp Đơn đăng ký (BM-09) và Thuyết minh nhiệm vụ (BM-10).",
		RuleCode: "TT36-TT", Start: d(-40), Ends: [5]string{d(2), d(20), d(40), d(60), d(80)},
		Areas: areas, Programmes: progs, UnitScope: app.ScopePick, UnitIDs: []string{SocSon, DongAnh}})
	if err != nil {
		return err
	}
	page, err := a.Call(ctx, so, id)
	if err != nil {
		return err
	}
	if err := a.OpenCall(ctx, so, id, page.Call.Version); err != nil {
		return err
	}
	c := page.Call
	apps := []struct{ unit, officer, leader, title, objectives string }{
		{SocSon, "canbo.socson", "lanhdao.socson", "Ứng dụng trí tuệ nhân tạo dự báo sâu bệnh trên chè tại xã Sóc Sơn",
			"Xây dựng hệ thống cảnh báo sớm sâu bệnh cho 300 ha chè; giảm 30% lượng thuốc bảo vệ thực vật."},
		{DongAnh, "canbo.donganh", "lanhdao.donganh", "Nền tảng số truy xuất nguồn gốc nông sản xã Đông Anh",
			"Truy xuất nguồn gốc cho 20 sản phẩm nông sản chủ lực, kết nối sàn thương mại điện tử."},
	}
	for _, x := range apps {
		officer, err := loginActor(ctx, a, x.officer)
		if err != nil {
			return err
		}
		in := proposal.Input{TaskType: "de_tai", Values: map[string]string{"title": x.title,
			"lead_org":    "UBND " + map[string]string{SocSon: "xã Sóc Sơn", DongAnh: "xã Đông Anh"}[x.unit] + "; phối hợp Viện Công nghệ thông tin",
			"lead_person": "TS. Nguyễn Văn Minh, Phó Viện trưởng; 0912 000 111; minh.nv@demo.vn",
			"commitments": "Bố trí đối ứng 20% kinh phí; cam kết hồ sơ trung thực.", "urgency": "Nhu cầu thực tế sau sắp xếp đơn vị hành chính.",
			"objectives": x.objectives, "content": "Khảo sát; xây dựng mô hình; thử nghiệm; chuyển giao.", "products": "Hệ thống phần mềm; quy trình; báo cáo.",
			"application": "Hợp tác xã và hộ sản xuất trên địa bàn."},
			StateBudget: "1.500.000.000", OtherBudget: "400.000.000", Duration: "24", AreaIDs: []string{c.Areas[0].ID},
			Contact: proposal.Contact{Name: officer.User.Name, Title: officer.User.Title, Phone: "0912 345 678", Email: officer.User.Email}}
		pid, err := a.NewProposal(ctx, officer, id, in, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", x.title, err)
		}
		if err := a.MoveProposal(ctx, officer, pid, app.MoveInput{Decision: proposal.Decision{Event: proposal.RequestApproval}, Version: 1}); err != nil {
			return err
		}
		leader, err := loginActor(ctx, a, x.leader)
		if err != nil {
			return err
		}
		if err := a.MoveProposal(ctx, leader, pid, app.MoveInput{Decision: proposal.Decision{Event: proposal.LeaderApprove}, Version: 2}); err != nil {
			return err
		}
		pp, err := a.Proposal(ctx, so, pid)
		if err != nil {
			return err
		}
		if err := a.MoveProposal(ctx, so, pid, app.MoveInput{Decision: proposal.Decision{Event: proposal.Receive}, Version: pp.Proposal.Version}); err != nil {
			return err
		}
	}
	a.Now = func() time.Time { return now.Add(-24 * time.Hour) }
	kid, err := a.SaveCouncil(ctx, so, app.CouncilInput{CallID: id, Name: "Hội đồng xét tài trợ nhiệm vụ KH,CN&ĐMST năm 2027",
		MeetingDate: today.AddDays(10), MeetingPlace: "Phòng họp tầng 2, Sở KH&CN Hà Nội", Members: members})
	if err != nil {
		return err
	}
	v, err := councilVersion(ctx, a, so, kid)
	if err != nil {
		return err
	}
	if _, err := a.AssignProposals(ctx, so, kid, app.AssignInput{Version: v, Mode: "all"}); err != nil {
		return err
	}
	if v, err = councilVersion(ctx, a, so, kid); err != nil {
		return err
	}
	if err := a.SendPack(ctx, so, kid, v); err != nil {
		return err
	}
	// Two members have declared and scored; chuyengia has yet to.
	a.Now = func() time.Time { return now.Add(-2 * time.Hour) }
	for _, login := range []string{"hd.hoa", "hd.vinh"} {
		act := actors[login]
		mine, err := a.Council(ctx, act, kid)
		if err != nil {
			return err
		}
		in := app.DeclarationInput{Answered: map[string]bool{}, Attest: true}
		for _, p := range mine.ToDeclare {
			in.Answered[p.ProposalID] = true
		}
		if err := a.Declare(ctx, act, kid, in); err != nil {
			return err
		}
		mine, err = a.Council(ctx, act, kid)
		if err != nil {
			return err
		}
		for _, p := range mine.Proposals {
			sh := council.Sheet{Marks: map[string]council.Mark{}, Recommendation: council.Do}
			for i, it := range mine.Criteria.All() {
				s := it.Max - float64(i%3)
				sh.Marks[it.Key] = council.Mark{Score: &s}
			}
			if err := a.SaveSheet(ctx, act, kid, p.ProposalID, app.SheetInput{Sheet: sh, Submit: true}); err != nil {
				return err
			}
		}
	}
	// The budget appraisal team of five, one from the council.
	pg, err := a.Council(ctx, so, kid)
	if err != nil {
		return err
	}
	team := []string{experts["hd.son"]}
	for _, n := range []string{"Trần Văn Bình", "Lê Thị Mai", "Ngô Quốc Khánh", "Đỗ Thu Trang"} {
		xid, err := a.SaveExpert(ctx, so, app.ExpertInput{Name: n, Title: "CN.", Organisation: "Sở Tài chính Hà Nội", Fields: "Tài chính, kế hoạch"})
		if err != nil {
			return err
		}
		team = append(team, xid)
	}
	return a.SaveAppraisal(ctx, so, kid, pg.Proposals[0].ProposalID, app.AppraisalInput{TeamIDs: team, Lines: []council.BudgetLine{
		{Item: "Thuê khoán chuyên môn", Proposed: 900_000_000, Appraised: 800_000_000, Reason: "Áp dụng định mức theo Thông tư 02/2023/TT-BKHCN."},
		{Item: "Nguyên vật liệu, thiết bị", Proposed: 450_000_000, Appraised: 450_000_000},
		{Item: "Chi khác", Proposed: 150_000_000, Appraised: 120_000_000, Reason: "Giảm chi hội thảo."}}})
}
