package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"khcn/internal/account"
	"khcn/internal/council"
	"khcn/internal/document"
	"khcn/internal/locale"
	"khcn/internal/store"
)

var roleVI = map[council.Role]string{council.Chair: "Chủ tịch Hội đồng", council.ViceChair: "Phó Chủ tịch Hội đồng",
	council.Reviewer: "Ủy viên phản biện", council.Member: "Ủy viên", council.Secretary: "Ủy viên thư ký khoa học"}

var choiceVI = map[council.Choice]string{council.Do: "Đề nghị thực hiện", council.DoChanges: "Thực hiện với điều chỉnh", council.DoNot: "Không thực hiện"}

var outcomeVI = map[council.Outcome]string{council.Recommended: "Đề nghị thực hiện", council.RecommendedWithChanges: "Đề nghị thực hiện với điều chỉnh",
	council.NotRecommended: "Không đề nghị thực hiện", council.Undecided: "Chưa có kết luận"}

// CouncilDocument prints a council's documents in the Decree 30 layout:
// "minutes" (biên bản họp hội đồng: attendance, recusals, votes, ranking,
// conclusions), "tally" (biên bản kiểm phiếu), "pack" (the proposals with
// their frozen similarity evidence), as .docx or .pdf; and "results" as .xlsx.
// The Sở reads them all; a member reads the pack of their own council.
func (a *App) CouncilDocument(ctx context.Context, actor Actor, id, kind, format string) (Generated, error) {
	pg, err := a.Council(ctx, actor, id)
	if err != nil {
		return Generated{}, err
	}
	so := account.Can(actor.User, council.View, account.None)
	if !so && kind != "pack" {
		return Generated{}, ErrNotFound
	}
	if kind == "results" {
		if format != "xlsx" {
			return Generated{}, ErrNotFound
		}
		return councilResults(pg)
	}
	if format != "docx" && format != "pdf" {
		return Generated{}, ErrNotFound
	}
	var d document.Official
	var name string
	switch kind {
	case "minutes":
		d, name = councilMinutes(pg), "Biên bản họp hội đồng"
	case "tally":
		d, name = councilTally(pg), "Biên bản kiểm phiếu"
	case "pack":
		d, name = councilPack(pg), "Hồ sơ hội đồng"
	default:
		return Generated{}, ErrNotFound
	}
	return official(d, name+" - "+shortName(pg.Council.Name), format)
}

func councilHead(pg CouncilPage, kind, subject string) document.Official {
	day := pg.Council.MeetingDate
	if !pg.Council.MetAt.IsZero() {
		day = locale.Today(pg.Council.MetAt)
	}
	return document.Official{ParentBody: cityBody, Issuer: strings.ToUpper(pg.Rules.Kind.VI), Number: pg.Council.MinutesNo, Date: day,
		Kind: kind, Subject: subject}
}

func memberName(m store.Member) string { return strings.TrimSpace(m.Title + " " + m.Name) }

func councilMinutes(pg CouncilPage) document.Official {
	k := pg.Council
	d := councilHead(pg, "BIÊN BẢN", "Họp "+lowerFirst(pg.Rules.Kind.VI)+" "+pg.Call.Title)
	b := []document.Block{
		document.Para(fmt.Sprintf("Hôm nay, %s, tại %s, %s họp đánh giá các đề xuất của %s.", dateOr(pg), dots(k.MeetingPlace), k.Name, pg.Call.Title)),
		document.Note("Căn cứ: " + pg.Call.Rules.Basis),
		document.Heading("I. THÀNH PHẦN THAM DỰ"),
	}
	t := document.Table{Header: []string{"TT", "Họ và tên", "Cơ quan", "Vai trò", "Có mặt"}, Widths: []float64{0.7, 3.5, 3.5, 2.6, 1.2},
		Align: []string{"center", "left", "left", "left", "center"}}
	here := 0
	for i, m := range pg.Members {
		p := "Vắng"
		if m.Present != nil && *m.Present {
			p = "Có mặt"
			here++
		}
		t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), memberName(m.Member), m.Organisation, roleVI[m.Role], p})
	}
	b = append(b, t)
	q := "đủ điều kiện"
	if !pg.Quorum {
		q = "không đủ điều kiện"
	}
	b = append(b, document.Para(fmt.Sprintf("Có mặt %d/%d thành viên; phiên họp %s tiến hành theo quy định (ít nhất %s số thành viên%s).",
		here, len(pg.Members), q, pg.Rules.Quorum, quorumNeeds(pg.Rules))))
	b = append(b, document.Heading("II. KHAI BÁO XUNG ĐỘT LỢI ÍCH VÀ RÚT KHỎI ĐÁNH GIÁ"))
	any := false
	for _, p := range pg.Proposals {
		for _, r := range p.Recused {
			any = true
			why := "đề xuất của đơn vị mình (kể cả đơn vị trước hoặc sau sắp xếp)"
			if r.Reason == council.Conflicted {
				why = "khai báo xung đột lợi ích: " + r.Text
			}
			b = append(b, document.Bullet(fmt.Sprintf("%s không tham gia đánh giá, biểu quyết đề xuất \"%s\": %s.", r.Name, p.Title, why)))
		}
	}
	if !any {
		b = append(b, document.Para("Không thành viên nào phải rút khỏi đánh giá đề xuất nào."))
	}
	b = append(b, document.Heading("III. KẾT QUẢ BIỂU QUYẾT"))
	vt := document.Table{Header: []string{"TT", "Tên đề xuất", "Đơn vị", "Số người biểu quyết", "Thực hiện", "Điều chỉnh", "Không thực hiện", "Kết luận"},
		Widths: []float64{0.6, 4, 2, 1.2, 1.1, 1.1, 1.1, 2.2}, Align: []string{"center", "left", "left", "center", "center", "center", "center", "left"}}
	for i, p := range pg.Proposals {
		vt.Rows = append(vt.Rows, []string{strconv.Itoa(i + 1), p.Title, unitTitle(p.UnitType, p.UnitName), strconv.Itoa(p.Voters),
			strconv.Itoa(p.Tally.Do), strconv.Itoa(p.Tally.Changes), strconv.Itoa(p.Tally.DoNot), outcomeVI[p.Tally.Outcome]})
	}
	b = append(b, vt, document.Note(fmt.Sprintf("Kết luận được thông qua khi có trên %s số thành viên có mặt được biểu quyết đồng ý.", pg.Rules.Pass)))
	for _, p := range pg.Proposals {
		if len(p.Tally.Dissent) > 0 {
			var names []string
			for _, x := range p.Ballots {
				for _, id := range p.Tally.Dissent {
					if id == x.ExpertID {
						n := nameOf(pg, id)
						if x.Dissent != "" {
							n += " (" + x.Dissent + ")"
						}
						names = append(names, n)
					}
				}
			}
			b = append(b, document.Bullet(fmt.Sprintf("Ý kiến khác về \"%s\": %s.", p.Title, strings.Join(names, "; "))))
		}
	}
	b = append(b, document.Heading("IV. XẾP HẠNG CÁC NHIỆM VỤ ĐỀ NGHỊ THỰC HIỆN"))
	if len(pg.Ranking) == 0 {
		b = append(b, document.Para("Không có nhiệm vụ nào được đề nghị thực hiện."))
	}
	for _, r := range pg.Ranking {
		line := fmt.Sprintf("%d. %s (%s", r.Rank, r.Title, outcomeVI[r.Tally.Outcome])
		for _, p := range pg.Proposals {
			if p.ProposalID == r.ProposalID {
				if m := topMethod(p.Ballots); m != "" {
					line += "; phương thức: " + m
				}
				if p.Reasons != "" {
					line += "; điều chỉnh: " + p.Reasons
				}
			}
		}
		b = append(b, document.Para(line+")."))
	}
	b = append(b, document.Heading("V. CÁC ĐỀ XUẤT KHÔNG ĐỀ NGHỊ THỰC HIỆN"))
	none := true
	for _, p := range pg.Proposals {
		if p.Tally.Outcome == council.NotRecommended {
			none = false
			b = append(b, document.Bullet(fmt.Sprintf("%s: %s.", p.Title, dots(p.Reasons))))
		}
	}
	if none {
		b = append(b, document.Para("Không có."))
	}
	b = append(b, document.Para("Biên bản được lập xong và thông qua tại phiên họp."))
	d.Body = b
	chair, sec := "", ""
	for _, m := range pg.Members {
		if m.Role == council.Chair {
			chair = memberName(m.Member)
		}
		if m.Role == council.Secretary {
			sec = memberName(m.Member)
		}
	}
	d.Signature = document.Signature{Authority: "THƯ KÝ KHOA HỌC: " + sec, Title: "CHỦ TỊCH HỘI ĐỒNG", Name: chair}
	d.Recipients = []string{"Sở Khoa học và Công nghệ", "Thành viên hội đồng", "Lưu: hồ sơ hội đồng"}
	return d
}

func councilTally(pg CouncilPage) document.Official {
	d := councilHead(pg, "BIÊN BẢN KIỂM PHIẾU", pg.Council.Name)
	b := []document.Block{document.Para(fmt.Sprintf("Ban kiểm phiếu của %s kiểm các phiếu đánh giá ngày %s.", pg.Council.Name, dateOr(pg)))}
	for i, p := range pg.Proposals {
		b = append(b, document.Heading(fmt.Sprintf("%d. %s", i+1, p.Title)))
		b = append(b, document.Field{Label: "Số thành viên có mặt được biểu quyết", Value: strconv.Itoa(p.Voters)},
			document.Field{Label: "Số phiếu phát ra / thu về", Value: fmt.Sprintf("%d / %d", p.Voters, p.Tally.Cast)},
			document.Field{Label: "Đề nghị thực hiện", Value: strconv.Itoa(p.Tally.Do)},
			document.Field{Label: "Thực hiện với điều chỉnh", Value: strconv.Itoa(p.Tally.Changes)},
			document.Field{Label: "Không thực hiện", Value: strconv.Itoa(p.Tally.DoNot)},
			document.Field{Label: "Số phiếu cần để thông qua (trên " + pg.Rules.Pass.String() + ")", Value: strconv.Itoa(p.Tally.Needed)},
			document.Field{Label: "Kết quả", Value: outcomeVI[p.Tally.Outcome]})
	}
	d.Body = b
	d.Signature = document.Signature{Title: "TRƯỞNG BAN KIỂM PHIẾU"}
	d.Recipients = []string{"Hội đồng", "Lưu: hồ sơ hội đồng"}
	return d
}

func councilPack(pg CouncilPage) document.Official {
	d := councilHead(pg, "HỒ SƠ HỘI ĐỒNG", pg.Council.Name+" - "+pg.Call.Title)
	b := []document.Block{document.Note("Bằng chứng trùng lặp được chốt tại thời điểm gửi hồ sơ: " + locale.DateTime(pg.Council.PackSentAt))}
	for i, p := range pg.Proposals {
		b = append(b, document.Heading(fmt.Sprintf("%d. %s", i+1, p.Title)),
			document.Field{Label: "Đơn vị đề xuất", Value: unitTitle(p.UnitType, p.UnitName)},
			document.Field{Label: "Mục tiêu", Value: dots(p.Objectives)})
		if len(p.Evidence.Items) == 0 {
			b = append(b, document.Note("Không thấy đề xuất hoặc nhiệm vụ tương tự."))
		}
		for _, it := range p.Evidence.Items {
			b = append(b, document.Bullet(fmt.Sprintf("%s (%s, độ tương đồng %s)", it.Title, dots(it.UnitName), locale.Percent(it.Score*100))))
		}
	}
	d.Body = b
	d.Signature = document.Signature{Title: "ỦY VIÊN THƯ KÝ KHOA HỌC"}
	return d
}

func councilResults(pg CouncilPage) (Generated, error) {
	var rows [][]any
	for i, p := range pg.Proposals {
		rank := ""
		for _, r := range pg.Ranking {
			if r.ProposalID == p.ProposalID {
				rank = strconv.Itoa(r.Rank)
			}
		}
		var appraised any = ""
		if p.Appraisal != nil {
			appraised = p.Appraisal.Appraised
		}
		rows = append(rows, []any{strconv.Itoa(i + 1), p.Title, unitTitle(p.UnitType, p.UnitName), p.Voters, p.Tally.Do, p.Tally.Changes,
			p.Tally.DoNot, outcomeVI[p.Tally.Outcome], rank, p.Summary.Average, appraised, p.Reasons})
	}
	data, err := document.XLSX(document.Sheet{Name: "Kết quả", Title: "KẾT QUẢ ĐÁNH GIÁ CỦA " + strings.ToUpper(pg.Council.Name),
		Subtitle: pg.Call.Title,
		Columns: []document.Column{{Header: "TT", Width: 6}, {Header: "Tên đề xuất", Width: 45}, {Header: "Đơn vị", Width: 18},
			{Header: "Số người biểu quyết", Kind: document.Int}, {Header: "Thực hiện", Kind: document.Int}, {Header: "Điều chỉnh", Kind: document.Int},
			{Header: "Không thực hiện", Kind: document.Int}, {Header: "Kết luận", Width: 26}, {Header: "Xếp hạng", Width: 10},
			{Header: "Điểm trung bình", Kind: document.Decimal}, {Header: "Kinh phí thẩm định", Kind: document.Money}, {Header: "Lý do, điều chỉnh", Width: 40}},
		Rows: rows})
	return Generated{Name: "Kết quả hội đồng - " + shortName(pg.Council.Name) + ".xlsx", ContentType: typeXLSX, Data: data}, err
}

func quorumNeeds(r council.Rules) string {
	var parts []string
	if r.QuorumChairOrVice {
		parts = append(parts, "chủ tịch hoặc phó chủ tịch")
	}
	if r.QuorumReviewers {
		parts = append(parts, "các ủy viên phản biện")
	}
	if r.QuorumSecretary {
		parts = append(parts, "ủy viên thư ký khoa học")
	}
	if len(parts) == 0 {
		return ""
	}
	return ", trong đó có " + strings.Join(parts, ", ")
}

func topMethod(bs []council.Ballot) string {
	n := map[council.Method]int{}
	for _, b := range bs {
		if b.Method != "" && b.Choice != council.DoNot {
			n[b.Method]++
		}
	}
	switch {
	case n[council.Selection] == 0 && n[council.Direct] == 0:
		return ""
	case n[council.Direct] > n[council.Selection]:
		return "giao trực tiếp"
	}
	return "tuyển chọn"
}

func nameOf(pg CouncilPage, expertID string) string {
	for _, m := range pg.Members {
		if m.ID == expertID {
			return memberName(m.Member)
		}
	}
	return expertID
}

func dateOr(pg CouncilPage) string {
	if pg.Council.MeetingDate.IsZero() {
		return "ngày …"
	}
	return "ngày " + locale.Date(pg.Council.MeetingDate)
}

func dots(s string) string {
	if strings.TrimSpace(s) == "" {
		return "…"
	}
	return s
}

// SheetDocument prints one member's sheet as filled (phiếu nhận xét và
// đánh giá). A member prints their own ("me"); the Sở any submitted sheet.
func (a *App) SheetDocument(ctx context.Context, actor Actor, id, proposalID, expertID, format string) (Generated, error) {
	if format != "docx" && format != "pdf" {
		return Generated{}, ErrNotFound
	}
	q := a.Store.Read()
	b, err := a.loadBoard(ctx, q, id)
	if err != nil {
		return Generated{}, err
	}
	p, ok := b.assigned(proposalID)
	if !ok {
		return Generated{}, ErrNotFound
	}
	var who store.Member
	switch {
	case expertID == "me":
		m, isMember := b.memberOf(actor)
		if !isMember || !b.canRead(actor, p) {
			return Generated{}, ErrNotFound
		}
		who = m
	case account.Can(actor.User, council.View, account.None):
		for _, m := range b.Members {
			if m.ID == expertID {
				who = m
			}
		}
		if who.ID == "" || b.sheets[proposalID][who.ID].State != council.SheetSubmitted {
			return Generated{}, ErrNotFound
		}
	default:
		return Generated{}, ErrNotFound
	}
	s := b.sheets[proposalID][who.ID]
	crit := b.Criteria
	body := []document.Block{
		document.Field{Label: "Tên đề xuất", Value: p.Title},
		document.Field{Label: "Đơn vị đề xuất", Value: unitTitle(p.UnitType, p.UnitName)},
		document.Field{Label: "Họ và tên thành viên", Value: memberName(who)},
		document.Field{Label: "Vai trò trong hội đồng", Value: roleVI[who.Role]},
		document.Heading("I. NHẬN XÉT VÀ ĐÁNH GIÁ THEO TIÊU CHÍ"),
	}
	t := document.Table{Header: []string{"TT", "Tiêu chí", "Đánh giá", "Nhận xét"}, Widths: []float64{0.6, 4, 1.6, 4.5},
		Align: []string{"center", "left", "center", "left"}}
	for i, it := range crit.All() {
		m := s.Sheet.Marks[it.Key]
		mark := "…"
		switch {
		case m.Pass != nil && *m.Pass:
			mark = "Đạt"
		case m.Pass != nil:
			mark = "Không đạt"
		case m.Score != nil:
			mark = locale.Decimal(*m.Score, 1) + "/" + locale.Decimal(it.Max, 0)
		}
		t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), it.Label.VI, mark, m.Comment})
	}
	body = append(body, t)
	if crit.Mode == council.Scored {
		sc := crit.Score(s.Sheet)
		body = append(body, document.Para(fmt.Sprintf("Tổng điểm có trọng số: %s/100 (điểm đạt %s).", locale.Decimal(sc.Total, 2), locale.Decimal(crit.PassMark, 0))))
	}
	body = append(body, document.Heading("II. KIẾN NGHỊ"), document.Para(choiceVI[s.Sheet.Recommendation]))
	for _, c := range []struct{ label, v string }{{"Điều chỉnh tên nhiệm vụ", s.Sheet.ChangeTitle},
		{"Điều chỉnh mục tiêu", s.Sheet.ChangeObjectives}, {"Điều chỉnh yêu cầu kết quả", s.Sheet.ChangeResults}, {"Ý kiến khác", s.Sheet.Comment}} {
		if c.v != "" {
			body = append(body, document.Field{Label: c.label, Value: c.v})
		}
	}
	day := locale.Today(s.UpdatedAt)
	if !s.SubmittedAt.IsZero() {
		day = locale.Today(s.SubmittedAt)
	}
	d := document.Official{ParentBody: cityBody, Issuer: strings.ToUpper(b.Rules.Kind.VI), Date: day, Kind: "PHIẾU NHẬN XÉT VÀ ĐÁNH GIÁ",
		Subject: crit.Stage.VI + " - " + b.Council.Name, Body: body, Signature: document.Signature{Title: "NGƯỜI NHẬN XÉT", Name: memberName(who)}}
	return official(d, "Phiếu đánh giá - "+shortName(who.Name)+" - "+shortName(p.Title), format)
}
