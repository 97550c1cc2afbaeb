package demo

import (
	"context"
	"fmt"
	"time"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/hanoi"
	"khcn/internal/locale"
	"khcn/internal/programme"
	"khcn/internal/proposal"
	"khcn/internal/store"
)

// The 2025 call follows the story: after the working session of 19/7/2024
// the Sở asks the four northern districts to propose and order tasks for the
// 2025 plan. Its proposals end in every state of the workflow; two of them
// (Mê Linh's and Sóc Sơn's, on livestock waste) overlap. A 2027 call is open
// today for today's communes and wards.

// The former districts of the story, which proposed for 2025.
var (
	oldMeLinh  = hanoi.DistrictID("250")
	oldSocSon  = hanoi.DistrictID("016")
	oldDongAnh = hanoi.DistrictID("017")
	oldGiaLam  = hanoi.DistrictID("018")
)

const guidance2025 = `Thực hiện kết luận buổi làm việc ngày 19/7/2024 giữa Sở Khoa học và Công nghệ với UBND các huyện Mê Linh, Sóc Sơn, Gia Lâm và Đông Anh, Sở đề nghị các huyện đề xuất, đặt hàng nhiệm vụ khoa học và công nghệ cấp thành phố thực hiện từ năm 2025, xuất phát từ nhu cầu thực tế của địa phương.

Định hướng:
1. Ứng dụng tiến bộ khoa học và công nghệ xây dựng mô hình sản xuất nông nghiệp công nghệ cao.
2. Xử lý ô nhiễm môi trường do chất thải chăn nuôi, cụm công nghiệp làng nghề và khu công nghiệp.
3. Chuyển đổi số, xây dựng chính quyền số.
4. Tạo lập, quản lý, phát triển nhãn hiệu cho sản phẩm địa phương; nâng hạng sản phẩm OCOP và quảng bá các sản phẩm đã có nhãn hiệu.

Đề xuất phục vụ Chương trình số 07-CTr/TU của Thành ủy Hà Nội "Đẩy mạnh phát triển khoa học, công nghệ và đổi mới sáng tạo trên địa bàn thành phố Hà Nội giai đoạn 2021-2025".`

// The programme the calls serve, with the indicators the demo proposals
// link to. The programmes area owns programmes; the demo adds 07-CTr/TU
// only if it is not there yet (marked illustrative).
var demoProgramme = programme.Programme{Code: "07-CTr/TU", Issuer: "Thành ủy Hà Nội", StartYear: 2021, EndYear: 2025,
	Title:      "Đẩy mạnh phát triển khoa học, công nghệ và đổi mới sáng tạo trên địa bàn thành phố Hà Nội giai đoạn 2021-2025",
	OnTrackPct: 90, AtRiskPct: 70, Illustrative: true}

var demoIndicators = []programme.Indicator{
	{Code: "CT07.1", Name: "Số mô hình ứng dụng tiến bộ KH&CN trong sản xuất nông nghiệp", Unit: "mô hình"},
	{Code: "CT07.2", Name: "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến", Unit: "%"},
	{Code: "CT07.3", Name: "Số sản phẩm được bảo hộ nhãn hiệu, chỉ dẫn địa lý", Unit: "sản phẩm"},
	{Code: "CT07.4", Name: "Số cơ sở chăn nuôi áp dụng công nghệ xử lý chất thải", Unit: "cơ sở"},
}

// ensureProgramme returns the ID of 07-CTr/TU, adding it if missing.
func (w *demoWorld) ensureProgramme() (string, error) {
	all, err := w.a.Store.Read().Programmes(w.ctx)
	if err != nil {
		return "", err
	}
	for _, p := range all {
		if p.Code == demoProgramme.Code {
			return p.ID, nil
		}
	}
	p := demoProgramme
	p.ID = Programme07
	return p.ID, w.a.Store.Tx(w.ctx, func(q store.Q) error {
		if err := q.InsertProgramme(w.ctx, p); err != nil {
			return err
		}
		for i, ind := range demoIndicators {
			ind.ID, ind.ProgrammeID, ind.Position, ind.Illustrative = store.NewID(), p.ID, i, true
			ind.Type, ind.Direction, ind.Aggregation = programme.Number, programme.Up, programme.Sum
			if ind.Unit == "%" {
				ind.Type, ind.Aggregation = programme.Percent, programme.Avg
			}
			if err := q.InsertIndicator(w.ctx, ind); err != nil {
				return err
			}
		}
		return nil
	})
}

const areas = "Nông nghiệp công nghệ cao\nMôi trường, xử lý chất thải chăn nuôi\nChính quyền số, chuyển đổi số\nSở hữu trí tuệ, nhãn hiệu và sản phẩm OCOP"

const pastTasksCSV = `Mã số,Tên nhiệm vụ,Mục tiêu,Tổ chức chủ trì,Cấp quản lý,Năm bắt đầu,Năm kết thúc,Tình trạng
01C-08/03-2019-3,Nghiên cứu ứng dụng chế phẩm vi sinh xử lý chất thải chăn nuôi lợn quy mô trang trại,Giảm ô nhiễm môi trường chăn nuôi; tận dụng chất thải làm phân bón hữu cơ,Viện Chăn nuôi,Thành phố,2019,2021,Đã nghiệm thu
01C-07/05-2020-2,Xây dựng mô hình sản xuất rau an toàn ứng dụng công nghệ nhà màng,Nâng cao năng suất và chất lượng rau an toàn,Trung tâm Khuyến nông Hà Nội,Thành phố,2020,2022,Đã nghiệm thu
01C-10/02-2021-1,Xây dựng nhãn hiệu chứng nhận cho sản phẩm gốm sứ làng nghề,Tạo lập và quản lý nhãn hiệu chứng nhận,Hội Gốm sứ Bát Tràng,Thành phố,2021,2023,Đã nghiệm thu
01C-05/04-2022-2,Ứng dụng công nghệ thông tin xây dựng cơ sở dữ liệu thủ tục hành chính cấp xã,Số hóa hồ sơ và rút ngắn thời gian giải quyết,Sở Thông tin và Truyền thông,Thành phố,2022,2024,Đang thực hiện
01C-08/07-2023-1,Xử lý nước thải làng nghề bằng công nghệ sinh học kết hợp bãi lọc trồng cây,Giảm ô nhiễm nguồn nước tại làng nghề,Viện Công nghệ môi trường,Thành phố,2023,2025,Đang thực hiện
`

// plan is one demo proposal: who writes it and where it should end.
type plan struct {
	unit, officer, leader string
	title, objectives     string
	area                  int
	kind                  proposal.TaskType
	state, other          int64
	months                int
	path                  []proposal.Event
}

var story2025 = []plan{
	{oldMeLinh, "canbo.melinh", "lanhdao.melinh", "Ứng dụng chế phẩm sinh học xử lý chất thải chăn nuôi lợn tại các trang trại trên địa bàn huyện Mê Linh",
		"Giảm ô nhiễm môi trường do chất thải chăn nuôi lợn; tận dụng chất thải làm phân bón hữu cơ cho trồng hoa, rau.", 1, proposal.DuAnSXTN,
		1_800_000_000, 600_000_000, 24, []proposal.Event{proposal.Receive, proposal.SendCouncil, proposal.RecommendChanges}},
	{oldMeLinh, "canbo.melinh", "lanhdao.melinh", "Xây dựng mô hình trồng hoa, rau ứng dụng công nghệ cao tại huyện Mê Linh",
		"Xây dựng 02 mô hình nhà màng tưới nhỏ giọt tự động, tăng năng suất hoa, rau 20%.", 0, proposal.DuAnSXTN,
		2_500_000_000, 1_000_000_000, 24, []proposal.Event{proposal.Receive, proposal.SendCouncil, proposal.Recommend, proposal.Approve}},
	{oldMeLinh, "canbo.melinh", "lanhdao.melinh", "Tạo lập, quản lý và phát triển nhãn hiệu chứng nhận “Hoa Mê Linh”",
		"Đăng ký bảo hộ và quản lý nhãn hiệu chứng nhận cho hoa Mê Linh; quảng bá sản phẩm hoa đã có nhãn hiệu.", 3, proposal.DeTai,
		900_000_000, 100_000_000, 18, []proposal.Event{proposal.Receive, proposal.SendExperts, proposal.SendCouncil, proposal.Recommend, proposal.Approve}},
	{oldMeLinh, "canbo.melinh", "", "Số hóa hồ sơ thủ tục hành chính tại bộ phận một cửa cấp xã",
		"Số hóa 100% hồ sơ thủ tục hành chính tiếp nhận tại bộ phận một cửa.", 2, proposal.DeTai, 600_000_000, 0, 12, nil},
	{oldSocSon, "canbo.socson", "lanhdao.socson", "Xử lý chất thải chăn nuôi bằng chế phẩm sinh học và đệm lót sinh học cho các hộ chăn nuôi lợn huyện Sóc Sơn",
		"Giảm thiểu ô nhiễm môi trường từ chất thải chăn nuôi lợn; sản xuất phân bón hữu cơ từ chất thải.", 1, proposal.DuAnSXTN,
		1_500_000_000, 500_000_000, 24, []proposal.Event{proposal.Receive}},
	{oldSocSon, "canbo.socson", "lanhdao.socson", "Nâng cao chất lượng, phát triển thương hiệu chè Sóc Sơn đạt tiêu chuẩn OCOP 4 sao",
		"Chuẩn hóa quy trình chế biến chè; nâng hạng sản phẩm chè Sóc Sơn lên OCOP 4 sao.", 3, proposal.DeTai,
		850_000_000, 150_000_000, 18, []proposal.Event{proposal.Receive, proposal.SendCouncil, proposal.Recommend}},
	{oldSocSon, "canbo.socson", "lanhdao.socson", "Ứng dụng Internet vạn vật giám sát môi trường chuồng trại chăn nuôi gà",
		"Giám sát nhiệt độ, độ ẩm, khí độc trong chuồng trại theo thời gian thực.", 0, proposal.DeTai,
		700_000_000, 200_000_000, 12, []proposal.Event{proposal.Withdraw}},
	{oldSocSon, "canbo.socson", "", "Xây dựng mô hình du lịch nông nghiệp trải nghiệm gắn với sản phẩm OCOP",
		"Phát triển 01 mô hình du lịch nông nghiệp trải nghiệm tại vùng chè.", 3, proposal.DeAn, 500_000_000, 300_000_000, 12,
		[]proposal.Event{proposal.RequestApproval}},
	{oldGiaLam, "canbo.gialam", "lanhdao.gialam", "Xây dựng nhãn hiệu tập thể “Gốm Bát Tràng” gắn với phát triển sản phẩm OCOP",
		"Quản lý và phát triển nhãn hiệu tập thể, nâng hạng sản phẩm gốm OCOP.", 3, proposal.DeTai,
		950_000_000, 250_000_000, 18, []proposal.Event{proposal.Receive, proposal.SendCouncil, proposal.Recommend, proposal.Approve}},
	{oldGiaLam, "canbo.gialam", "lanhdao.gialam", "Xử lý ô nhiễm môi trường khí thải lò nung tại làng nghề gốm Bát Tràng",
		"Giảm phát thải bụi và khí độc từ lò nung gốm.", 1, proposal.DuAnKHCN,
		2_000_000_000, 800_000_000, 24, []proposal.Event{proposal.Receive, proposal.Return}},
	{oldGiaLam, "canbo.gialam", "lanhdao.gialam", "Ứng dụng công nghệ sinh học sản xuất giống lúa chất lượng cao",
		"Sản xuất 20 tấn giống lúa chất lượng cao phục vụ vùng sản xuất tập trung.", 0, proposal.DuAnSXTN,
		1_200_000_000, 300_000_000, 24, []proposal.Event{proposal.Receive, proposal.SendExperts}},
	{oldGiaLam, "canbo.gialam", "lanhdao.gialam", "Chuyển đổi số trong quản lý hộ kinh doanh cá thể",
		"Xây dựng phần mềm quản lý hộ kinh doanh trên địa bàn huyện.", 2, proposal.DeTai,
		800_000_000, 0, 12, []proposal.Event{proposal.Receive, proposal.SendCouncil, proposal.NotRecommend}},
	{oldDongAnh, "canbo.donganh", "lanhdao.donganh", "Ứng dụng công nghệ nhà màng trồng dưa lưới tại huyện Đông Anh",
		"Xây dựng mô hình 2 ha dưa lưới trong nhà màng, năng suất 30 tấn/ha.", 0, proposal.DuAnSXTN,
		1_600_000_000, 700_000_000, 18, []proposal.Event{proposal.Receive, proposal.SendCouncil, proposal.Recommend}},
	{oldDongAnh, "canbo.donganh", "lanhdao.donganh", "Xây dựng bản đồ số quản lý đất đai và quy hoạch cấp xã",
		"Số hóa bản đồ địa chính và quy hoạch sử dụng đất của các xã.", 2, proposal.DeAn,
		1_400_000_000, 0, 18, []proposal.Event{proposal.Receive, proposal.SendCouncil, proposal.RecommendChanges, proposal.RequestRevision, proposal.RequestApproval, proposal.LeaderApprove}},
	{oldDongAnh, "canbo.donganh", "lanhdao.donganh", "Nâng hạng sản phẩm OCOP rau an toàn Vân Nội",
		"Nâng hạng sản phẩm rau an toàn Vân Nội từ 3 sao lên 4 sao.", 3, proposal.DeTai,
		500_000_000, 100_000_000, 12, []proposal.Event{proposal.Receive, proposal.Reject}},
	{oldDongAnh, "canbo.donganh", "lanhdao.donganh", "Mô hình xử lý nước thải chăn nuôi quy mô hộ gia đình bằng hầm biogas cải tiến",
		"Xử lý nước thải chăn nuôi cho 50 hộ, giảm mùi và ô nhiễm nguồn nước.", 1, proposal.DuAnSXTN,
		900_000_000, 300_000_000, 18, []proposal.Event{proposal.LeaderApprove}},
	{oldMeLinh, "canbo.melinh", "lanhdao.melinh", "Nghiên cứu sản xuất phân bón hữu cơ vi sinh từ phụ phẩm trồng hoa",
		"Tận dụng phụ phẩm trồng hoa sản xuất 200 tấn phân bón hữu cơ vi sinh mỗi năm.", 0, proposal.DeTai,
		750_000_000, 250_000_000, 18, []proposal.Event{proposal.Receive, proposal.SendCouncil}},
}

// demoWorld runs the story's steps as the people who did them, on the dates
// they did them.
type demoWorld struct {
	ctx       context.Context
	a         *app.App
	so        map[string]app.Actor
	programme string // ID of 07-CTr/TU
	// byCouncil are the proposals the advisory council concluded in the
	// product (councils.go); the others' outcomes are recorded by the Sở.
	byCouncil map[string]bool
}

func (w *demoWorld) at(day string, hour int) {
	d := civil.MustISO(day)
	t := time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, locale.Zone)
	w.a.Now = func() time.Time { return t }
}

// actor returns a demo login acting for unit: the Sở's people as they are,
// a local officer as the district's officer of 2024.
func (w *demoWorld) actor(login, unitID string) (app.Actor, error) {
	act, err := loginActor(w.ctx, w.a, login)
	if err != nil {
		return act, err
	}
	u := *act.User
	if unitID != "" && unitID != u.UnitID {
		unit, err := w.a.Store.Read().Unit(w.ctx, unitID)
		if err != nil {
			return app.Actor{}, err
		}
		u.UnitID, u.UnitName, u.UnitType, u.UnitPath, u.ScopePath, u.HistoryPaths = unit.ID, unit.Name, string(unit.Type), unit.Path, unit.Path, nil
	}
	return app.Actor{User: &u, IP: "demo", RequestID: "demo"}, nil
}

func loadProposals(ctx context.Context, a *app.App) error {
	clock := a.Now
	defer func() { a.Now = clock }()
	w := &demoWorld{ctx: ctx, a: a, so: map[string]app.Actor{}}
	for _, l := range []string{"chuyenvien", "lanhdao.so"} {
		act, err := w.actor(l, "")
		if err != nil {
			return err
		}
		w.so[l] = act
	}
	var err error
	if w.programme, err = w.ensureProgramme(); err != nil {
		return fmt.Errorf("programme: %w", err)
	}
	if err := w.pastTasks(); err != nil {
		return fmt.Errorf("past tasks: %w", err)
	}
	if err := w.call2025(); err != nil {
		return fmt.Errorf("call 2025: %w", err)
	}
	a.Now = clock
	if err := w.call2027(clock()); err != nil {
		return fmt.Errorf("call 2027: %w", err)
	}
	return nil
}

func (w *demoWorld) pastTasks() error {
	w.at("2024-07-01", 9)
	_, _, err := w.a.ImportPastTasks(w.ctx, w.so["chuyenvien"], "danh-muc-nhiem-vu-2019-2024.csv", []byte(pastTasksCSV))
	return err
}

// openCall creates a call as the Sở's specialist and opens it.
func (w *demoWorld) openCall(in app.CallInput) (proposal.Call, error) {
	so := w.so["chuyenvien"]
	id, err := w.a.CreateCall(w.ctx, so, in)
	if err != nil {
		return proposal.Call{}, err
	}
	page, err := w.a.Call(w.ctx, so, id)
	if err != nil {
		return proposal.Call{}, err
	}
	if err := w.a.OpenCall(w.ctx, so, id, page.Call.Version); err != nil {
		return proposal.Call{}, err
	}
	return w.a.CallForm(w.ctx, so, id)
}

func (w *demoWorld) call2025() error {
	so, leader := w.so["chuyenvien"], w.so["lanhdao.so"]
	w.at("2024-07-22", 9)
	in := app.CallInput{PlanYear: "2025", Title: "Đề xuất, đặt hàng nhiệm vụ KH&CN cấp thành phố thực hiện từ năm 2025",
		Guidance: guidance2025, RuleCode: "HN-ĐX", Start: "22/07/2024",
		Ends:  [5]string{"20/08/2024", "15/09/2024", "31/10/2024", "30/11/2024", "31/12/2024"},
		Areas: areas, Programmes: []string{w.programme}, UnitScope: app.ScopePick, UnitIDs: []string{oldMeLinh, oldSocSon, oldGiaLam, oldDongAnh}}
	c, err := w.openCall(in)
	if err != nil {
		return err
	}
	id := c.ID
	// Sóc Sơn asked for a few more days after its people's council met.
	w.at("2024-08-19", 15)
	if err := w.a.GrantExtension(w.ctx, so, id, oldSocSon, "27/08/2024", "UBND huyện Sóc Sơn đề nghị gia hạn do cần ý kiến của HĐND huyện (Công văn số 1520/UBND-KT ngày 16/8/2024)."); err != nil {
		return err
	}
	ids := make([]string, len(story2025))
	for i, p := range story2025 {
		w.at(fmt.Sprintf("2024-08-%02d", 1+i), 10)
		if ids[i], err = w.draft(c, p, i); err != nil {
			return fmt.Errorf("%s: %w", p.title, err)
		}
	}
	// The Sở works through the phases; each proposal takes its own path.
	steps := []struct {
		day  string
		from int // index into each path
	}{{"2024-08-28", 0}, {"2024-09-10", 1}, {"2024-10-20", 2}, {"2024-10-25", 3}, {"2024-11-05", 4}, {"2024-11-20", 5}}
	for _, st := range steps {
		if st.day == "2024-10-20" {
			if err := w.council2025(c, ids); err != nil { // the council met on 18/10
				return fmt.Errorf("council: %w", err)
			}
		}
		w.at(st.day, 9)
		for i, p := range story2025 {
			if st.from >= len(p.path) || st.from == 0 && sendsOnly(p.path) {
				continue
			}
			if err := w.step(ids[i], p, p.path[st.from], so, leader); err != nil {
				return fmt.Errorf("%s, %s: %w", p.title, p.path[st.from], err)
			}
		}
	}
	// The list is published; one more task is approved later in December.
	w.at("2024-12-10", 9)
	page, err := w.a.Call(w.ctx, leader, id)
	if err != nil {
		return err
	}
	if _, err := w.a.PublishCall(w.ctx, leader, id, "6789/QĐ-UBND", page.Call.Version); err != nil {
		return err
	}
	return w.approveLate(ids, leader)
}

// approveLate approves Sóc Sơn's tea proposal after the list was published,
// through a pending decision the leader applies in a batch.
func (w *demoWorld) approveLate(ids []string, leader app.Actor) error {
	w.at("2024-12-18", 9)
	tea := ids[5]
	if err := w.a.SetPending(w.ctx, w.so["chuyenvien"], []string{tea}, proposal.Decision{Event: proposal.Approve, Method: proposal.Selection,
		Reason: "Hội đồng đề nghị thực hiện; đưa vào danh mục bổ sung."}); err != nil {
		return err
	}
	w.at("2024-12-20", 9)
	p, err := w.a.Proposal(w.ctx, leader, tea)
	if err != nil {
		return err
	}
	if _, err = w.a.ApplyPending(w.ctx, leader, p.Call.ID, []string{tea}); err != nil {
		return err
	}
	// Đông Anh's melon houses wait for the leader's decision.
	return w.a.SetPending(w.ctx, w.so["chuyenvien"], []string{ids[12]}, proposal.Decision{Event: proposal.Approve, Method: proposal.Selection})
}

// sendsOnly reports whether a path only says how far the unit got: to its
// leader, or to the Sở.
func sendsOnly(path []proposal.Event) bool {
	return path[0] == proposal.RequestApproval || path[0] == proposal.LeaderApprove
}

// draft writes a proposal as the district's officer and, unless it stays a
// draft, has the district's leader send it.
func (w *demoWorld) draft(c proposal.Call, p plan, i int) (string, error) {
	officer, err := w.actor(p.officer, p.unit)
	if err != nil {
		return "", err
	}
	in := demoInput(c, p)
	id, err := w.a.NewProposal(w.ctx, officer, c.ID, in, nil)
	if err != nil || len(p.path) == 0 {
		return id, err
	}
	if err := w.a.MoveProposal(w.ctx, officer, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.RequestApproval}, Version: 1}); err != nil {
		return id, err
	}
	if p.path[0] == proposal.RequestApproval {
		return id, nil // waits for the leader
	}
	leader, err := w.actor(p.leader, p.unit)
	if err != nil {
		return id, err
	}
	return id, w.a.MoveProposal(w.ctx, leader, id, app.MoveInput{Decision: proposal.Decision{Event: proposal.LeaderApprove}, Version: 2})
}

func demoInput(c proposal.Call, p plan) proposal.Input {
	unit := map[string]string{oldMeLinh: "Mê Linh", oldSocSon: "Sóc Sơn", oldGiaLam: "Gia Lâm", oldDongAnh: "Đông Anh"}[p.unit]
	code := map[int]string{0: "CT07.1", 1: "CT07.4", 2: "CT07.2", 3: "CT07.3"}[p.area]
	var inds []string
	for _, i := range c.Indicators() {
		if i.Code == code {
			inds = append(inds, i.ID)
		}
	}
	return proposal.Input{TaskType: string(p.kind), Values: map[string]string{
		"title":       p.title,
		"objectives":  p.objectives,
		"basis":       "Chương trình số 07-CTr/TU của Thành ủy Hà Nội; kết luận buổi làm việc ngày 19/7/2024 của Sở Khoa học và Công nghệ với UBND huyện " + unit + ".",
		"urgency":     "Nhu cầu thực tế của huyện " + unit + " nêu tại buổi làm việc ngày 19/7/2024; kiến nghị của địa phương gửi Sở.",
		"results":     "Mô hình được nghiệm thu, quy trình kỹ thuật được chuyển giao cho địa phương; báo cáo tổng kết.",
		"content":     "Khảo sát hiện trạng; xây dựng và vận hành mô hình; đánh giá hiệu quả; tập huấn, chuyển giao.",
		"application": "UBND huyện " + unit + ", các hợp tác xã và hộ sản xuất trên địa bàn.",
		"proposer":    "UBND huyện " + unit + ", thành phố Hà Nội",
		"products":    "Mô hình được nghiệm thu; quy trình kỹ thuật chuyển giao cho địa phương; báo cáo tổng kết.",
	}, StateBudget: locale.Money(p.state), OtherBudget: locale.Money(p.other), Duration: fmt.Sprint(p.months),
		AreaIDs: []string{c.Areas[p.area].ID}, Indicators: inds,
		Contact: proposal.Contact{Name: "Phòng Kinh tế huyện " + unit, Title: "Chuyên viên", Phone: "0243 88" + fmt.Sprintf("%d", 10000+len(p.title)*37)}}
}

// step applies one event of a proposal's path as the one who does it.
func (w *demoWorld) step(id string, p plan, e proposal.Event, so, leader app.Actor) error {
	if w.byCouncil[id] && (e == proposal.Recommend || e == proposal.RecommendChanges || e == proposal.NotRecommend) {
		return nil // the council's conclusion moved it
	}
	page, err := w.a.Proposal(w.ctx, so, id)
	if err != nil {
		return err
	}
	in := app.MoveInput{Decision: proposal.Decision{Event: e}, Version: page.Proposal.Version}
	actor := so
	switch e {
	case proposal.Return:
		in.Comments = map[string]string{"state_budget": "Đề nghị làm rõ cơ cấu kinh phí ngân sách, tách phần thiết bị xử lý khí thải.",
			"products": "Nêu chỉ tiêu định lượng: mức giảm bụi, khí SO2 sau xử lý."}
	case proposal.Reject:
		in.Reason = "Nội dung nâng hạng OCOP thuộc Chương trình OCOP của thành phố, không phải nhiệm vụ khoa học và công nghệ."
	case proposal.RecommendChanges:
		in.Reason = "Hội đồng đề nghị điều chỉnh tên và làm rõ sản phẩm, chỉ tiêu kinh tế - kỹ thuật."
		in.Minutes = &app.FileInput{Name: "bien-ban-hoi-dong-tu-van-2024.pdf", Data: minutesPDF}
	case proposal.NotRecommend:
		in.Reason = "Trùng với nhiệm vụ đang thực hiện về cơ sở dữ liệu thủ tục hành chính cấp xã."
	case proposal.RequestRevision:
		in.Comments = map[string]string{"title": "Điều chỉnh tên theo kết luận hội đồng: “Xây dựng bản đồ số phục vụ quản lý đất đai cấp xã”."}
	case proposal.Approve:
		actor, in.Method = leader, proposal.Direct
		if p.kind == proposal.DeTai {
			in.Method = proposal.Selection
		}
	case proposal.Withdraw, proposal.RequestApproval, proposal.LeaderApprove:
		login := p.leader
		if e == proposal.RequestApproval {
			login = p.officer
			if err := w.revise(id, p); err != nil {
				return err
			}
			page, _ = w.a.Proposal(w.ctx, so, id)
			in.Version = page.Proposal.Version
		}
		if actor, err = w.actor(login, p.unit); err != nil {
			return err
		}
		if e == proposal.Withdraw {
			in.Reason = "Huyện đã bố trí kinh phí sự nghiệp để thực hiện nội dung này."
		}
	}
	return w.a.MoveProposal(w.ctx, actor, id, in)
}

// revise applies the council's change of title, as the district's officer.
func (w *demoWorld) revise(id string, p plan) error {
	officer, err := w.actor(p.officer, p.unit)
	if err != nil {
		return err
	}
	page, err := w.a.Proposal(w.ctx, officer, id)
	if err != nil {
		return err
	}
	p.title = "Xây dựng bản đồ số phục vụ quản lý đất đai cấp xã"
	_, err = w.a.SaveProposal(w.ctx, officer, id, page.Proposal.Version, demoInput(page.Call, p), nil, nil)
	return err
}

// call2027 opens a call today for today's communes and wards, with a few
// proposals from the story's communes.
func (w *demoWorld) call2027(now time.Time) error {
	today := locale.Today(now)
	d := func(n int) string { return locale.Date(today.AddDays(n)) }
	in := app.CallInput{PlanYear: "2027", Title: "Đề xuất, đặt hàng nhiệm vụ KH&CN cấp thành phố thực hiện từ năm 2027",
		Guidance: "Sở Khoa học và Công nghệ đề nghị UBND các xã, phường đề xuất nhiệm vụ khoa học, công nghệ và đổi mới sáng tạo thực hiện từ năm 2027, " +
			"ưu tiên ứng dụng công nghệ cao trong nông nghiệp, xử lý môi trường, chuyển đổi số và phát triển sản phẩm OCOP có nhãn hiệu.",
		RuleCode: "A1-ĐXNV", Start: d(-10), Ends: [5]string{d(35), d(65), d(100), d(130), d(160)},
		Areas: areas, Programmes: []string{w.programme}, UnitScope: app.ScopeCommunes}
	c, err := w.openCall(in)
	if err != nil {
		return err
	}
	id := c.ID
	drafts := []struct {
		unit, officer, leader, title, objectives string
		area                                     int
		send                                     int // 0 draft, 1 to the leader, 2 to the Sở
	}{
		{MeLinh, "canbo.melinh", "lanhdao.melinh", "Ứng dụng công nghệ cao trong sản xuất hoa chất lượng cao tại xã Mê Linh",
			"Xây dựng mô hình sản xuất hoa trong nhà màng, tưới tự động; tăng giá trị sản xuất 25%.", 0, 0},
		{SocSon, "canbo.socson", "lanhdao.socson", "Xử lý chất thải chăn nuôi bằng chế phẩm sinh học tại các trang trại xã Sóc Sơn",
			"Giảm ô nhiễm môi trường từ chất thải chăn nuôi; sản xuất phân bón hữu cơ.", 1, 2},
		{DongAnh, "canbo.donganh", "lanhdao.donganh", "Số hóa quy trình tiếp nhận, giải quyết thủ tục hành chính tại xã Đông Anh",
			"Tăng tỷ lệ hồ sơ trực tuyến toàn trình lên 80%.", 2, 1},
	}
	for _, dr := range drafts {
		officer, err := w.actor(dr.officer, "")
		if err != nil {
			return err
		}
		p := plan{unit: dr.unit, title: dr.title, objectives: dr.objectives, area: dr.area, kind: proposal.DeTai, state: 900_000_000, other: 200_000_000, months: 18}
		in := demoInput(c, p)
		commune := map[string]string{MeLinh: "xã Mê Linh", SocSon: "xã Sóc Sơn", DongAnh: "xã Đông Anh"}[dr.unit]
		in.Values["basis"] = "Chương trình số 07-CTr/TU của Thành ủy Hà Nội; nhu cầu thực tế của UBND " + commune + "."
		in.Values["urgency"] = "Nhu cầu thực tế của " + commune + " sau khi sắp xếp đơn vị hành chính."
		in.Values["application"] = "UBND " + commune + ", các hợp tác xã và hộ sản xuất trên địa bàn."
		in.Contact = proposal.Contact{Name: officer.User.Name, Title: officer.User.Title, Email: officer.User.Email, Phone: "0912 345 678"}
		pid, err := w.a.NewProposal(w.ctx, officer, id, in, nil)
		if err != nil {
			return err
		}
		if dr.send >= 1 {
			if err := w.a.MoveProposal(w.ctx, officer, pid, app.MoveInput{Decision: proposal.Decision{Event: proposal.RequestApproval}, Version: 1}); err != nil {
				return err
			}
		}
		if dr.send == 2 {
			leader, err := w.actor(dr.leader, "")
			if err != nil {
				return err
			}
			if err := w.a.MoveProposal(w.ctx, leader, pid, app.MoveInput{Decision: proposal.Decision{Event: proposal.LeaderApprove}, Version: 2}); err != nil {
				return err
			}
		}
	}
	return nil
}

// minutesPDF is a one-page PDF standing for the scanned council minutes.
var minutesPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n" +
	"4 0 obj<</Length 58>>stream\nBT /F1 14 Tf 72 770 Td (Bien ban hop hoi dong tu van) Tj ET\nendstream endobj\n" +
	"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Times-Roman>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
