package demo

import (
	"context"
	"fmt"
	"time"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/document"
	"khcn/internal/followup"
	"khcn/internal/hanoi"
	"khcn/internal/locale"
	"khcn/internal/store"
)

// The four districts of the 19/7/2024 session and the communes named after
// them that took over their open work on 1/7/2025.
var storyDistricts = []struct{ District, Commune, Name string }{
	{hanoi.DistrictID("250"), MeLinh, "Mê Linh"},
	{hanoi.DistrictID("016"), SocSon, "Sóc Sơn"},
	{hanoi.DistrictID("018"), GiaLam, "Gia Lâm"},
	{hanoi.DistrictID("017"), DongAnh, "Đông Anh"},
}

// The Deputy Director's directions, with their due dates.
var storyDirections = []struct {
	Text string
	Due  civil.Date
}{
	{"Đẩy mạnh công tác tuyên truyền, phổ biến Chương trình số 07-CTr/TU của Thành ủy tới cán bộ, công chức và nhân dân trên địa bàn.", civil.New(2024, 12, 31)},
	{"Tập trung giải quyết các vấn đề ô nhiễm môi trường từ chất thải chăn nuôi, làng nghề, cụm công nghiệp và khu công nghiệp.", civil.New(2025, 6, 30)},
	{"Cải tiến, nhân rộng các mô hình sản xuất nông nghiệp ứng dụng công nghệ cao.", civil.New(2024, 12, 31)},
	{"Xây dựng, đăng ký nhãn hiệu cho các sản phẩm đặc trưng của địa phương.", civil.New(2025, 6, 30)},
	{"Nâng hạng các sản phẩm OCOP đã đạt sao.", civil.New(2025, 6, 30)},
	{"Quảng bá, xúc tiến tiêu thụ các sản phẩm đã được cấp nhãn hiệu.", civil.New(2025, 6, 30)},
}

// story runs the follow-ups of the story with the app's clock set to each
// moment, so dates, unit validity and timelines are those of the story.
type story struct {
	ctx  context.Context
	a    *app.App
	real func() time.Time
	err  error
}

func (s *story) at(y int, m time.Month, d int) {
	s.a.Now = func() time.Time { return time.Date(y, m, d, 9, 0, 0, 0, locale.Zone) }
}

// ago sets the clock to days before the real today.
func (s *story) ago(days int) {
	t := s.real().Add(-time.Duration(days) * 24 * time.Hour)
	s.a.Now = func() time.Time { return t }
}

func (s *story) today() civil.Date { return locale.Today(s.a.Now()) }

func (s *story) actor(login string) app.Actor {
	act, err := loginActor(s.ctx, s.a, login)
	s.check(err)
	return act
}

func (s *story) check(err error) {
	if err != nil && s.err == nil {
		s.err = err
	}
}

// evidence is a small report document, as a unit would upload.
func (s *story) evidence(title string) []app.FileInput {
	b, err := document.DOCX(document.Official{ParentBody: "UBND THÀNH PHỐ HÀ NỘI", Issuer: "UBND XÃ", Number: "45/BC-UBND", Date: s.today(), Kind: "BÁO CÁO",
		Subject: title, Body: []document.Block{document.Para("Báo cáo kết quả thực hiện (dữ liệu minh họa).")}})
	s.check(err)
	return []app.FileInput{{Name: "Báo cáo kết quả.docx", Data: b}}
}

func loadFollowups(ctx context.Context, a *app.App) error {
	s := &story{ctx: ctx, a: a, real: a.Now}
	defer func() { a.Now = s.real }()
	so, leader := s.actor("chuyenvien"), s.actor("lanhdao.so")

	s.pastTrainings(so)
	mid, recs := s.meeting(so)
	s.handleRecommendations(so, mid, recs)
	items := s.progress2024(so, mid)
	s.reorganise(so, items)
	s.present(so, leader)
	s.draftFromRecommendation(so, recs[3])
	if s.err != nil {
		return s.err
	}
	// The story's history is not sent as email.
	return a.Store.Tx(ctx, func(q store.Q) error { return q.SkipPendingEmails(ctx) })
}

// pastTrainings records the story districts' training courses and
// publicity of 2021–2024, so their programme reports can be checked against
// the registry. Illustrative figures.
func (s *story) pastTrainings(so app.Actor) {
	topics := []string{"Tập huấn ứng dụng tiến bộ khoa học, công nghệ trong sản xuất nông nghiệp",
		"Bồi dưỡng kiến thức sở hữu trí tuệ, xây dựng nhãn hiệu cho sản phẩm địa phương"}
	for i, d := range storyDistricts {
		for year := 2021; year <= 2024; year++ {
			for k, month := range []time.Month{time.March, time.September} {
				day := civil.New(year, month, 10+i)
				s.at(year, month, 11+i)
				_, err := s.a.RecordTraining(s.ctx, so, app.TrainingInput{Kind: followup.KindTraining, Status: followup.TrainingHeld, Date: day,
					UnitID: d.District, Topic: topics[k] + " năm " + fmt.Sprint(year), Place: "Hội trường UBND huyện " + d.Name,
					Participants: 25 + 5*i + 3*(year-2021) + 10*k})
				s.check(err)
			}
			s.at(year, time.May, 21)
			_, err := s.a.RecordTraining(s.ctx, so, app.TrainingInput{Kind: followup.KindCommunication, Status: followup.TrainingHeld,
				Date: civil.New(year, time.May, 20), UnitID: d.District, Topic: "Tuyên truyền Chương trình 07-CTr/TU trên cổng thông tin huyện " + d.Name,
				Participants: 200 + 20*i})
			s.check(err)
		}
	}
}

// meeting records the 19/7/2024 session, the districts' recommendations and
// closes it, handing the directions to the four districts.
func (s *story) meeting(so app.Actor) (string, []string) {
	s.at(2024, 7, 19)
	a, ctx := s.a, s.ctx
	mid, err := a.CreateMeeting(ctx, so, app.MeetingInput{
		Title:       "Buổi làm việc với UBND các huyện Mê Linh, Sóc Sơn, Gia Lâm và Đông Anh",
		Date:        civil.New(2024, 7, 19),
		Place:       "Trụ sở Sở Khoa học và Công nghệ Hà Nội",
		Chair:       "Phó Giám đốc Sở Phạm Văn Đức",
		OrganiserID: hanoi.SoID,
		Purpose: "1. Hướng dẫn định hướng kế hoạch KH&CN năm 2025; đề nghị các huyện đề xuất, đặt hàng nhiệm vụ KH&CN phù hợp nhu cầu địa phương.\n" +
			"2. Kiểm tra kết quả thực hiện Chương trình số 07-CTr/TU 6 tháng đầu năm 2024.",
		Concerns: s.programme07(),
		Agenda: "1. Sở KH&CN quán triệt định hướng kế hoạch KH&CN năm 2025.\n2. Các huyện báo cáo kết quả 6 tháng đầu năm 2024: ứng dụng CNTT trong cơ quan hành chính, " +
			"ứng dụng KH&CN phát triển kinh tế, nông nghiệp công nghệ cao, đăng ký và quản lý sở hữu trí tuệ cho sản phẩm địa phương.\n3. Các huyện nêu kiến nghị.\n4. Lãnh đạo Sở kết luận.",
		People: "Phạm Văn Đức – Phó Giám đốc Sở – Sở KH&CN\nNguyễn Thị Thu Hà – Chuyên viên – Phòng Quản lý khoa học\n" +
			"Đại diện lãnh đạo UBND và phòng Kinh tế các huyện Mê Linh, Sóc Sơn, Gia Lâm, Đông Anh",
		Minutes: "Các huyện báo cáo kết quả 6 tháng đầu năm 2024 về chính quyền điện tử, chính quyền số; ứng dụng KH&CN vào phát triển kinh tế địa phương; " +
			"sản xuất nông nghiệp công nghệ cao; đăng ký, quản lý sở hữu trí tuệ cho sản phẩm địa phương.\n" +
			"Các huyện kiến nghị Sở: tập huấn, trao đổi kinh nghiệm cho cán bộ; hỗ trợ mô hình sản xuất nông nghiệp ứng dụng công nghệ cao; " +
			"xử lý ô nhiễm từ chất thải chăn nuôi, cụm công nghiệp làng nghề và khu công nghiệp.\nPhó Giám đốc Sở kết luận (ghi tại mục Kết luận).",
		Notice: followup.Notice{Number: "125/TB-SKHCN", Date: civil.New(2024, 7, 24), Authority: "TL. GIÁM ĐỐC", Title: "CHÁNH VĂN PHÒNG", Signer: "Nguyễn Văn Minh"},
	})
	s.check(err)
	var districts []string
	for _, d := range storyDistricts {
		districts = append(districts, d.District)
	}
	s.check(a.SetMeetingUnits(ctx, so, mid, 1, districts))
	for i, d := range storyDirections {
		s.check(a.AddConclusion(ctx, so, mid, 2+i, d.Text))
	}
	s.check(a.AddConclusion(ctx, so, mid, 2+len(storyDirections),
		"Phòng Quản lý khoa học tổng hợp kiến nghị của các huyện, hướng dẫn các huyện đề xuất, đặt hàng nhiệm vụ KH&CN năm 2025."))

	raised := []app.RecInput{
		{UnitID: storyDistricts[0].District, CategoryID: "training", Title: "Tập huấn, trao đổi kinh nghiệm quản lý KH&CN cho cán bộ cấp huyện, xã",
			Description:   "Đề nghị Sở tổ chức lớp tập huấn về xây dựng, đề xuất nhiệm vụ KH&CN và quản lý chương trình cho cán bộ phòng Kinh tế và công chức cấp xã.",
			Beneficiaries: "Cán bộ phòng Kinh tế huyện, công chức Văn hóa - Xã hội các xã", DesiredBy: civil.New(2024, 10, 31)},
		{UnitID: storyDistricts[2].District, CategoryID: "hitech_agri", Title: "Hỗ trợ xây dựng mô hình sản xuất rau an toàn ứng dụng công nghệ cao",
			Description: "Đề nghị Sở hỗ trợ chuyển giao công nghệ nhà màng, tưới tiết kiệm cho các hợp tác xã rau an toàn.", Beneficiaries: "Các hợp tác xã rau an toàn"},
		{UnitID: storyDistricts[1].District, CategoryID: "pollution", Title: "Hỗ trợ công nghệ xử lý chất thải chăn nuôi tập trung",
			Description: "Đề nghị Sở giới thiệu, hỗ trợ ứng dụng công nghệ xử lý chất thải chăn nuôi quy mô hộ và trang trại.", Beneficiaries: "Hộ chăn nuôi, trang trại"},
		{UnitID: storyDistricts[3].District, CategoryID: "pollution", Title: "Xử lý ô nhiễm tại cụm công nghiệp làng nghề và khu công nghiệp",
			Description: "Đề nghị Sở hỗ trợ đánh giá hiện trạng và đề xuất giải pháp công nghệ xử lý nước thải tại cụm công nghiệp làng nghề."},
	}
	var recs []string
	for _, in := range raised {
		in.Source = followup.Ref{Type: followup.TypeMeeting, ID: mid, Label: "Buổi làm việc ngày 19/7/2024"}
		id, err := a.RaiseRecommendation(ctx, so, in)
		s.check(err)
		recs = append(recs, id)
	}

	conclusions, err := a.Store.Read().Conclusions(ctx, mid)
	s.check(err)
	var picks []followup.ClosePick
	for i, c := range conclusions {
		if i < len(storyDirections) {
			picks = append(picks, followup.ClosePick{ConclusionID: c.ID, OwnerUnitIDs: districts, Due: storyDirections[i].Due})
		} else {
			picks = append(picks, followup.ClosePick{ConclusionID: c.ID, OwnerUnitIDs: []string{"hn-skhcn-qlkh"}, Due: civil.New(2024, 8, 30)})
		}
	}
	m, err := a.Store.Read().Meeting(ctx, mid)
	s.check(err)
	_, err = a.CloseMeeting(ctx, so, mid, m.Version, picks)
	s.check(err)
	return mid, recs
}

// programme07 is what the 2024 session was about: Programme 07, picked
// from khcn when the proposals step loaded it, else named as text.
func (s *story) programme07() followup.Ref {
	ps, err := s.a.Store.Read().Programmes(s.ctx)
	s.check(err)
	for _, p := range ps {
		if p.Code == demoProgramme.Code {
			return followup.Ref{Type: followup.TypeProgramme, ID: p.ID}
		}
	}
	return followup.Ref{Type: followup.TypeProgramme, Label: "Chương trình " + demoProgramme.Code + ": " + demoProgramme.Title}
}

// draftFromRecommendation answers Đông Anh's 2024 recommendation on
// industrial pollution now: the Sở starts a proposal draft for Xã Đông Anh
// (which took the district over) in the open 2027 call.
func (s *story) draftFromRecommendation(so app.Actor, recID string) {
	s.ago(3)
	calls, err := s.a.Calls(s.ctx, so)
	s.check(err)
	for _, c := range calls {
		if c.PlanYear == 2027 {
			_, err := s.a.ConvertRecommendation(s.ctx, so, recID, app.ConvertInput{Target: followup.TypeProposal, Choice: c.ID + "/" + DongAnh,
				Note: "Đề nghị xã xây dựng đề xuất nhiệm vụ xử lý nước thải cụm công nghiệp làng nghề trong kế hoạch năm 2027.", Version: s.recVersion(recID)})
			s.check(err)
		}
	}
}

func (s *story) recVersion(id string) int {
	r, err := s.a.Store.Read().Recommendation(s.ctx, id)
	s.check(err)
	return r.Version
}

// handleRecommendations routes, answers and follows the four
// recommendations through 2024.
func (s *story) handleRecommendations(so app.Actor, mid string, recs []string) {
	a, ctx := s.a, s.ctx
	s.at(2024, 7, 22)
	divisions := []string{"hn-skhcn-qlkh", "hn-skhcn-qlcn", "hn-skhcn-qlcn", "hn-skhcn-qlcn"}
	for i, id := range recs {
		s.check(a.StepRecommendation(ctx, so, id, s.recVersion(id), followup.Step{To: followup.RecAssigned, DivisionID: divisions[i],
			AssigneeID: so.User.ID, AnswerDue: civil.New(2024, 8, 15), Note: "Đề nghị phòng nghiên cứu, dự thảo văn bản trả lời."}, nil))
	}
	s.at(2024, 8, 1)
	s.check(a.StepRecommendation(ctx, so, recs[0], s.recVersion(recs[0]), followup.Step{To: followup.RecAnswered,
		Note: "Sở sẽ phối hợp với huyện tổ chức lớp tập huấn trong tháng 10/2024 tại huyện Mê Linh."}, nil))
	made, err := a.ConvertRecommendation(ctx, so, recs[0], app.ConvertInput{Target: "training", Version: s.recVersion(recs[0]),
		Training: app.TrainingInput{Kind: followup.KindTraining, Status: followup.TrainingPlanned, Date: civil.New(2024, 10, 15),
			UnitID: storyDistricts[0].District, Topic: "Tập huấn xây dựng, đề xuất nhiệm vụ KH&CN cho cán bộ cấp huyện, xã", Place: "Hội trường UBND huyện Mê Linh"}})
	s.check(err)

	s.at(2024, 8, 10)
	s.check(a.StepRecommendation(ctx, so, recs[1], s.recVersion(recs[1]), followup.Step{To: followup.RecAnswered,
		Note: "Sở đồng ý hỗ trợ; giao Phòng Quản lý công nghệ và Đổi mới sáng tạo phối hợp huyện xây dựng mô hình."}, nil))
	_, err = a.ConvertRecommendation(ctx, so, recs[1], app.ConvertInput{Target: "action", Version: s.recVersion(recs[1]),
		Action: app.ActionItemInput{Title: "Hỗ trợ huyện Gia Lâm xây dựng mô hình sản xuất rau an toàn ứng dụng công nghệ cao",
			OwnerUnitID: "hn-skhcn-qlcn", AssignerUnitID: hanoi.SoID, AssignerName: "Phó Giám đốc Sở Phạm Văn Đức", Due: civil.New(2025, 12, 31)}})
	s.check(err)
	s.check(a.StepRecommendation(ctx, so, recs[2], s.recVersion(recs[2]), followup.Step{To: followup.RecAnswered,
		Note: "Sở giới thiệu các công nghệ xử lý chất thải chăn nuôi đã được nghiệm thu; đề nghị huyện đề xuất nhiệm vụ năm 2025."}, nil))
	s.check(a.StepRecommendation(ctx, so, recs[2], s.recVersion(recs[2]), followup.Step{To: followup.RecInProgress,
		Note: "Huyện đã đề xuất đặt hàng nhiệm vụ trong kế hoạch năm 2025."}, nil))
	s.check(a.StepRecommendation(ctx, so, recs[3], s.recVersion(recs[3]), followup.Step{To: followup.RecAnswered,
		Note: "Sở phối hợp Sở Tài nguyên và Môi trường khảo sát hiện trạng trong quý IV/2024."}, nil))

	s.at(2024, 10, 15)
	s.check(a.UpdateTraining(ctx, so, made.ID, app.TrainingInput{Kind: followup.KindTraining, Status: followup.TrainingHeld, Date: civil.New(2024, 10, 15),
		UnitID: storyDistricts[0].District, Topic: "Tập huấn xây dựng, đề xuất nhiệm vụ KH&CN cho cán bộ cấp huyện, xã", Place: "Hội trường UBND huyện Mê Linh",
		Participants: 85, Notes: "Cán bộ phòng Kinh tế 4 huyện và công chức các xã tham dự.", Evidence: s.evidence("Danh sách đại biểu tham dự tập huấn"), Version: 1}))
	s.at(2024, 10, 20)
	s.check(a.StepRecommendation(ctx, so, recs[0], s.recVersion(recs[0]), followup.Step{To: followup.RecResolved,
		Note: "Đã tổ chức lớp tập huấn ngày 15/10/2024 với 85 học viên."}, nil))
}

func (s *story) item(id string) store.ActionRow {
	it, err := s.a.Store.Read().Action(s.ctx, id)
	s.check(err)
	return it
}

// progress2024 records what the districts reported before the
// reorganisation and returns the items still open.
func (s *story) progress2024(so app.Actor, mid string) []store.ActionRow {
	a, ctx := s.a, s.ctx
	items, err := a.Store.Read().Actions(ctx, store.ActionFilter{SourceType: followup.TypeMeeting, SourceID: mid}, 1000)
	s.check(err)
	report := func(id string, to followup.ActionStatus, note string, files []app.FileInput) {
		s.check(a.UpdateProgress(ctx, so, id, app.ProgressInput{To: to, Note: note, Evidence: files, Version: s.item(id).Version}))
	}
	var open []store.ActionRow
	for _, it := range items {
		switch {
		case it.OwnerUnitID == "hn-skhcn-qlkh":
			s.at(2024, 8, 28)
			report(it.ID, followup.ActionDone, "Đã có Công văn hướng dẫn các huyện đề xuất, đặt hàng nhiệm vụ KH&CN năm 2025.", s.evidence("Công văn hướng dẫn đề xuất nhiệm vụ năm 2025"))
		case it.Title == storyDirections[0].Text, it.Title == storyDirections[2].Text && it.OwnerUnitID != storyDistricts[1].District:
			s.at(2024, 9, 30)
			report(it.ID, followup.ActionInProgress, "Theo báo cáo của UBND huyện: đã triển khai kế hoạch của huyện.", nil)
			s.at(2024, 12, 20)
			report(it.ID, followup.ActionDone, "Theo báo cáo năm 2024 của UBND huyện: đã hoàn thành.", s.evidence("Báo cáo kết quả năm 2024"))
		default:
			if it.Title != storyDirections[5].Text {
				s.at(2024, 11, 15)
				report(it.ID, followup.ActionInProgress, "Theo báo cáo của UBND huyện: đang triển khai.", nil)
			}
			open = append(open, s.item(it.ID))
		}
	}
	return open
}

// reorganise hands the districts' open items to the communes named after
// them when the districts were abolished on 1/7/2025, with new due dates.
func (s *story) reorganise(so app.Actor, open []store.ActionRow) {
	a, ctx := s.a, s.ctx
	s.at(2025, 7, 3)
	next := map[string]string{}
	for _, d := range storyDistricts {
		next[d.District] = d.Commune
	}
	for i, it := range open {
		due := civil.New(2025, 12, 31)
		if i%3 == 0 {
			due = civil.New(2026, 12, 31)
		}
		s.check(a.EditAction(ctx, so, it.ID, it.Version, app.ActionItemInput{Title: it.Title, Description: "Chuyển giao từ huyện theo sắp xếp đơn vị hành chính từ 01/07/2025.",
			OwnerUnitID: next[it.OwnerUnitID], AssignerUnitID: it.AssignerUnitID, AssignerName: it.Item.AssignerName, Due: due}))
	}
	melinh := s.actor("canbo.melinh")
	s.at(2025, 9, 15)
	for _, it := range open {
		cur := s.item(it.ID)
		if cur.OwnerUnitID != MeLinh {
			continue
		}
		switch cur.Title {
		case storyDirections[4].Text:
			s.check(a.UpdateProgress(ctx, melinh, it.ID, app.ProgressInput{To: followup.ActionDone, Version: cur.Version,
				Note: "Sản phẩm hoa ly Mê Linh được nâng hạng OCOP 4 sao.", Evidence: s.evidence("Quyết định công nhận sản phẩm OCOP")}))
		case storyDirections[3].Text:
			s.check(a.UpdateProgress(ctx, melinh, it.ID, app.ProgressInput{To: followup.ActionInProgress, Version: cur.Version,
				Note: "Đã nộp hồ sơ đăng ký nhãn hiệu tập thể \"Hoa Mê Linh\" tại Cục Sở hữu trí tuệ."}))
		}
	}
}

// present adds what is going on now, relative to today: a new
// recommendation to route, one whose answer is due in two days, a publicity
// event, and a directive to report on Programme 07.
func (s *story) present(so, leader app.Actor) {
	a, ctx := s.a, s.ctx
	realToday := locale.Today(s.real())
	s.ago(10)
	_, err := a.RaiseRecommendation(ctx, s.actor("canbo.melinh"), app.RecInput{UnitID: MeLinh, CategoryID: "digital_gov",
		Title: "Hỗ trợ triển khai phần mềm quản lý hồ sơ điện tử cấp xã", Description: "Đề nghị Sở hỗ trợ phần mềm và tập huấn sử dụng hồ sơ điện tử cho công chức xã.",
		Beneficiaries: "Công chức UBND xã Mê Linh", DesiredBy: realToday.AddDays(60)})
	s.check(err)
	s.ago(20)
	id, err := a.RaiseRecommendation(ctx, s.actor("canbo.socson"), app.RecInput{UnitID: SocSon, CategoryID: "ip_ocop",
		Title: "Hỗ trợ đăng ký nhãn hiệu chứng nhận cho gà đồi Sóc Sơn", Description: "Đề nghị Sở hỗ trợ xây dựng hồ sơ đăng ký nhãn hiệu chứng nhận."})
	s.check(err)
	s.ago(18)
	s.check(a.StepRecommendation(ctx, so, id, s.recVersion(id), followup.Step{To: followup.RecAssigned, DivisionID: "hn-skhcn-shtt",
		AssigneeID: so.User.ID, AnswerDue: realToday.AddDays(2), Note: "Giao Phòng Sở hữu trí tuệ nghiên cứu, trả lời."}, nil))

	s.ago(30)
	_, err = a.RecordTraining(ctx, s.actor("canbo.donganh"), app.TrainingInput{Kind: followup.KindCommunication, Status: followup.TrainingHeld,
		Date: s.today(), UnitID: DongAnh, Topic: "Tuyên truyền về Chương trình 07-CTr/TU và chuyển đổi số trên loa truyền thanh xã",
		Participants: 350, Evidence: s.evidence("Báo cáo kết quả tuyên truyền")})
	s.check(err)

	s.ago(5)
	err = a.Store.Tx(ctx, func(q store.Q) error {
		var in []app.ActionItemInput
		for _, d := range storyDistricts {
			in = append(in, app.ActionItemInput{Title: "Báo cáo kết quả thực hiện Chương trình 07-CTr/TU năm " + fmt.Sprint(realToday.Year),
				OwnerUnitID: d.Commune, AssignerUnitID: hanoi.SoID, AssignerName: "Phó Giám đốc Sở Phạm Văn Đức", Due: realToday.AddDays(10),
				Source: followup.Ref{Type: followup.TypeDirective, Label: "Công văn số 1520/SKHCN-QLKH"}})
		}
		_, err := a.CreateActionItems(ctx, q, leader, in)
		return err
	})
	s.check(err)
}
