package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/council"
	"khcn/internal/document"
	"khcn/internal/hanoi"
	"khcn/internal/i18n"
	"khcn/internal/locale"
	"khcn/internal/proposal"
	"khcn/internal/store"
)

// Generated file: its name, content type and bytes.
type Generated struct {
	Name        string
	ContentType string
	Data        []byte
}

const (
	typeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	typeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	typePDF  = "application/pdf"

	cityBody = "UBND THÀNH PHỐ HÀ NỘI"
	soBody   = "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
)

// official renders a document as .docx or .pdf.
func official(d document.Official, name, format string) (Generated, error) {
	var g Generated
	var err error
	switch format {
	case "docx":
		g.Data, err = document.DOCX(d)
		g.ContentType = typeDOCX
	case "pdf":
		g.Data, err = document.PDF(d)
		g.ContentType = typePDF
	default:
		return g, ErrNotFound
	}
	g.Name = name + "." + format
	return g, err
}

func vi(key string, args ...any) string { return i18n.T(i18n.VI, key, args...) }

// unitTitle is a unit's name with its legal type: "Xã Mê Linh".
func unitTitle(typ, name string) string {
	if k := "type." + typ; i18n.Has(k) {
		return vi(k) + " " + name
	}
	return name
}

// ProposalDocument prints a proposal on its call's official form, in the
// Decree 30 layout, signed by the unit's leader who sent it.
func (a *App) ProposalDocument(ctx context.Context, actor Actor, id, format string) (Generated, error) {
	pg, err := a.Proposal(ctx, actor, id)
	if err != nil {
		return Generated{}, err
	}
	d, _, err := a.proposalPaper(ctx, pg)
	if err != nil {
		return Generated{}, err
	}
	return official(d, "Phiếu đề xuất - "+shortName(pg.Proposal.Title), format)
}

// proposalOfficial is the proposal's paper, numbered in its unit's register.
func (a *App) proposalOfficial(ctx context.Context, actor Actor, id string) (document.Official, docRef, error) {
	pg, err := a.Proposal(ctx, actor, id)
	if err != nil {
		return document.Official{}, docRef{}, err
	}
	return a.proposalPaper(ctx, pg)
}

func (a *App) proposalPaper(ctx context.Context, pg ProposalPage) (document.Official, docRef, error) {
	p, c := pg.Proposal, pg.Call
	id := p.ID
	unit := unitTitle(p.UnitType, p.UnitName)
	body := []document.Block{document.Note(c.Rules.Code + ". " + c.Rules.Basis)}
	n := 0
	for i, l := range pg.Lines {
		// A rule set combining official forms (BM-09, BM-10) prints each
		// form's heading where its fields start, as the on-screen form does.
		if h := c.Rules.LineHeading(pg.Lines, i, "vi"); h != "" {
			body = append(body, document.Heading(h))
		}
		label := l.Label.VI
		if l.LabelKey != "" {
			label = vi(l.LabelKey)
		}
		value := l.Value
		if l.ValueKey != "" {
			value = vi(l.ValueKey)
		}
		if l.Key == "attachments" {
			continue
		}
		if value == "" {
			value = "…"
		}
		if strings.HasSuffix(l.Key, "_budget") {
			value += " đồng"
			label = strings.TrimSuffix(label, " (đồng)")
		}
		n++
		body = append(body, document.Field{Label: strconv.Itoa(n) + ". " + label, Value: value})
	}
	sig, err := a.signature(ctx, id)
	if err != nil {
		return document.Official{}, docRef{}, err
	}
	day := locale.Today(a.Now())
	if !p.Submitted.IsZero() {
		day = locale.Today(p.Submitted)
	}
	d := document.Official{ParentBody: parentOf(p), Issuer: strings.ToUpper("UBND " + unit), Place: p.UnitName, Date: day,
		Kind: c.Rules.DocTitle, Subject: c.Title, Body: body, Signature: sig,
		Recipients: []string{"Sở Khoa học và Công nghệ Hà Nội", "Lưu: VT"}}
	ref := docRef{Kind: document.KindProposal, SubjectID: p.ID, UnitID: p.UnitID}
	return d, ref, a.stamp(ctx, a.Store.Read(), &d, ref)
}

// parentOf is the body above a proposing unit: the city for communes and
// districts alike (after 1/7/2025 communes report to the city directly).
func parentOf(p proposal.Proposal) string { return cityBody }

// signature is the block of the unit leader who last sent the proposal: the
// chair for the People's Committee, or a vice-chair on the chair's behalf.
// Before a leader has sent it, the block is empty and the unit's settings
// sign it.
func (a *App) signature(ctx context.Context, id string) (document.Signature, error) {
	var sig document.Signature
	q := a.Store.Read()
	events, err := q.ProposalEvents(ctx, id)
	if err != nil {
		return sig, err
	}
	for _, e := range events {
		if e.Event != proposal.LeaderApprove {
			continue
		}
		sig = document.Signature{Authority: "TM. ỦY BAN NHÂN DÂN", Title: "CHỦ TỊCH", Name: e.ActorName}
		if u, err := q.User(ctx, e.ActorID); err == nil {
			sig = leaderSignature(u)
			sig.Name = e.ActorName
		}
	}
	return sig, nil
}

// leaderSignature is a unit leader's block: the chair for the People's
// Committee, or a vice-chair on the chair's behalf.
func leaderSignature(u account.User) document.Signature {
	if strings.Contains(strings.ToLower(u.Title), "phó") {
		return document.Signature{Authority: "KT. CHỦ TỊCH", Title: "PHÓ CHỦ TỊCH", Name: u.Name}
	}
	return document.Signature{Authority: "TM. ỦY BAN NHÂN DÂN", Title: "CHỦ TỊCH", Name: u.Name}
}

// shortName is a title short enough for a file name, cut at a word.
func shortName(s string) string {
	s = document.FileName(s)
	if r := []rune(s); len(r) > 60 {
		cut := string(r[:60])
		if i := strings.LastIndex(cut, " "); i > 0 && r[60] != ' ' {
			cut = cut[:i]
		}
		s = strings.TrimSpace(cut)
	}
	return s
}

// callDocs loads a call and its proposals in states for a list document.
func (a *App) callDocs(ctx context.Context, q store.Q, id string, states []proposal.State) (proposal.Call, []proposal.Proposal, error) {
	c, err := q.Call(ctx, id)
	if err != nil {
		return c, nil, err
	}
	list, err := q.ProposalsOfCall(ctx, id, states)
	return c, list, err
}

// received are the states of proposals the Sở lists in a call's summary.
var received = func() []proposal.State {
	var out []proposal.State
	for _, s := range proposal.States {
		if s != proposal.Draft && s != proposal.AwaitingLeader && s != proposal.Withdrawn {
			out = append(out, s)
		}
	}
	return out
}()

// CallSummary is the consolidated list of a call's proposals (bảng tổng hợp
// đề xuất), by unit and by area, as .xlsx (with totals as formulas) or .docx.
func (a *App) CallSummary(ctx context.Context, actor Actor, id, format string) (Generated, error) {
	if err := Must(actor, proposal.Internal, account.None); err != nil {
		return Generated{}, err
	}
	c, list, err := a.callDocs(ctx, a.Store.Read(), id, received)
	if err != nil {
		return Generated{}, err
	}
	name := fmt.Sprintf("Bảng tổng hợp đề xuất nhiệm vụ KH&CN năm %d", c.PlanYear)
	title := fmt.Sprintf("BẢNG TỔNG HỢP ĐỀ XUẤT NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ THỰC HIỆN TỪ NĂM %d", c.PlanYear)
	byArea := areaTotals(c, list)
	if format == "xlsx" {
		rows := make([][]any, len(list))
		for i, p := range list {
			rows[i] = []any{i + 1, unitTitle(p.UnitType, p.UnitName), p.Title, vi("proposal.type." + string(p.TaskType)),
				strings.Join(areaNames(c, p.AreaIDs), "; "), p.Objectives, p.Results(), p.DurationMonths,
				p.StateBudget, p.OtherBudget, p.TotalBudget(), vi("state.proposal." + string(p.State))}
		}
		areaRows := make([][]any, len(byArea))
		for i, t := range byArea {
			areaRows[i] = []any{i + 1, t.name, t.count, t.state, t.other, t.state + t.other}
		}
		data, err := document.XLSX(
			document.Sheet{Name: "Theo đơn vị", Title: title, Subtitle: c.Title + ". Kinh phí: triệu đồng", Totals: true,
				// TT and months are numbers the totals row leaves out.
				Columns: []document.Column{{Header: "TT", Kind: document.Seq}, {Header: "Đơn vị đề xuất", Width: 18},
					{Header: "Tên nhiệm vụ", Width: 45}, {Header: "Loại nhiệm vụ", Width: 16}, {Header: "Lĩnh vực", Width: 22},
					{Header: "Mục tiêu", Width: 40}, {Header: "Sản phẩm dự kiến", Width: 35}, {Header: "Thời gian (tháng)", Width: 10, Kind: document.Int, NoSum: true},
					{Header: "Ngân sách nhà nước", Kind: document.Money}, {Header: "Nguồn khác", Kind: document.Money},
					{Header: "Tổng kinh phí", Kind: document.Money}, {Header: "Trạng thái", Width: 22}},
				Rows: rows},
			document.Sheet{Name: "Theo lĩnh vực", Title: title, Subtitle: "Tổng hợp theo lĩnh vực ưu tiên. Kinh phí: triệu đồng", Totals: true,
				Columns: []document.Column{{Header: "TT", Kind: document.Seq}, {Header: "Lĩnh vực", Width: 40},
					{Header: "Số đề xuất", Kind: document.Int}, {Header: "Ngân sách nhà nước", Kind: document.Money},
					{Header: "Nguồn khác", Kind: document.Money}, {Header: "Tổng kinh phí", Kind: document.Money}},
				Rows: areaRows})
		return Generated{Name: name + ".xlsx", ContentType: typeXLSX, Data: data}, err
	}
	d, _, err := a.summaryPaper(ctx, c, list, byArea)
	if err != nil {
		return Generated{}, err
	}
	return official(d, name, format)
}

// callSummaryOfficial is the summary as a paper of the Sở's register.
func (a *App) callSummaryOfficial(ctx context.Context, actor Actor, id string) (document.Official, docRef, error) {
	if err := Must(actor, proposal.Internal, account.None); err != nil {
		return document.Official{}, docRef{}, err
	}
	c, list, err := a.callDocs(ctx, a.Store.Read(), id, received)
	if err != nil {
		return document.Official{}, docRef{}, err
	}
	return a.summaryPaper(ctx, c, list, areaTotals(c, list))
}

func (a *App) summaryPaper(ctx context.Context, c proposal.Call, list []proposal.Proposal, byArea []areaTotal) (document.Official, docRef, error) {
	table := document.Table{Header: []string{"TT", "Tên nhiệm vụ", "Đơn vị đề xuất", "Lĩnh vực", "Thời gian (tháng)", "NSNN", "Nguồn khác", "Tổng"},
		Widths: []float64{0.8, 5, 2, 2.5, 1.2, 1.4, 1.4, 1.4}, Align: []string{"center", "left", "left", "left", "center", "right", "right", "right"},
		BoldLastRow: true}
	var state, other int64
	for i, p := range list {
		table.Rows = append(table.Rows, []string{strconv.Itoa(i + 1), p.Title, unitTitle(p.UnitType, p.UnitName),
			strings.Join(areaNames(c, p.AreaIDs), "; "), strconv.Itoa(p.DurationMonths),
			locale.MillionDong(p.StateBudget), locale.MillionDong(p.OtherBudget), locale.MillionDong(p.TotalBudget())})
		state, other = state+p.StateBudget, other+p.OtherBudget
	}
	table.Rows = append(table.Rows, []string{"", "Tổng cộng", "", "", "", locale.MillionDong(state), locale.MillionDong(other), locale.MillionDong(state + other)})
	areas := document.Table{Header: []string{"TT", "Lĩnh vực", "Số đề xuất", "NSNN", "Nguồn khác", "Tổng"},
		Widths: []float64{0.8, 6, 1.5, 1.5, 1.5, 1.5}, Align: []string{"center", "left", "center", "right", "right", "right"}}
	for i, t := range byArea {
		areas.Rows = append(areas.Rows, []string{strconv.Itoa(i + 1), t.name, strconv.Itoa(t.count),
			locale.MillionDong(t.state), locale.MillionDong(t.other), locale.MillionDong(t.state + t.other)})
	}
	d := document.Official{ParentBody: cityBody, Issuer: soBody, Place: "Hà Nội", Date: locale.Today(a.Now()), Kind: "BẢNG TỔNG HỢP",
		Subject: fmt.Sprintf("Đề xuất nhiệm vụ khoa học và công nghệ thực hiện từ năm %d", c.PlanYear), Landscape: true,
		Body: []document.Block{document.Para(fmt.Sprintf("Đợt đề xuất: %s. Số đề xuất Sở đã nhận: %d.", c.Title, len(list))),
			document.Heading("I. DANH SÁCH ĐỀ XUẤT THEO ĐƠN VỊ"), document.Note("Đơn vị tính: triệu đồng"), table,
			document.Heading("II. TỔNG HỢP THEO LĨNH VỰC"), document.Note("Đơn vị tính: triệu đồng"), areas},
		Recipients: []string{"Lãnh đạo Sở", "Lưu: VT, QLKH"}}
	ref := docRef{Kind: document.KindCallSummary, SubjectID: c.ID, UnitID: hanoi.SoID, Empty: len(list) == 0}
	return d, ref, a.stamp(ctx, a.Store.Read(), &d, ref)
}

type areaTotal struct {
	name         string
	count        int
	state, other int64
}

// areaTotals sums proposals by priority area (a proposal in two areas
// counts in both), in the call's order of areas.
func areaTotals(c proposal.Call, list []proposal.Proposal) []areaTotal {
	out := make([]areaTotal, len(c.Areas))
	for i, ar := range c.Areas {
		out[i].name = ar.Name
		for _, p := range list {
			for _, id := range p.AreaIDs {
				if id == ar.ID {
					out[i].count++
					out[i].state += p.StateBudget
					out[i].other += p.OtherBudget
				}
			}
		}
	}
	return out
}

// ApprovedList is the list of ordered tasks (danh mục nhiệm vụ đặt hàng).
// Once the list is published it holds the published tasks, for the Sở as
// for the public: the staff export and the public list name the same tasks
// under the decision. Before publication the Sở sees its draft: every
// approved task.
func (a *App) ApprovedList(ctx context.Context, actor Actor, id, format string) (Generated, error) {
	al, err := a.approvedList(ctx, actor, id)
	if err != nil {
		return Generated{}, err
	}
	c, list := al.call, al.list
	name := fmt.Sprintf("Danh mục nhiệm vụ KH&CN đặt hàng năm %d", c.PlanYear)
	title := fmt.Sprintf("DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ ĐẶT HÀNG THỰC HIỆN TỪ NĂM %d", c.PlanYear)
	sub := "Kèm theo Quyết định số " + orDots(c.DecisionRef)
	if format == "xlsx" {
		appraised, err := a.Store.Read().AppraisedBudgets(ctx, id)
		if err != nil {
			return Generated{}, err
		}
		rows, anyAppraised := make([][]any, len(list)), false
		for i, p := range list {
			// The state budget is the appraised one where the budget team
			// appraised the task: the amount the approval funds.
			var ap *int64
			if n, ok := appraised[p.ID]; ok {
				ap, anyAppraised = &n, true
			}
			rows[i] = []any{i + 1, p.Title, p.Objectives, p.Results(), vi("method." + string(p.Method)),
				unitTitle(p.UnitType, p.UnitName), p.DurationMonths, council.Funded(p.StateBudget, ap), p.OtherBudget}
		}
		sub += ". Kinh phí dự kiến: triệu đồng"
		if anyAppraised {
			sub += "; ngân sách nhà nước theo kết quả thẩm định kinh phí, nếu có"
		}
		data, err := document.XLSX(document.Sheet{Name: "Danh mục", Title: title, Subtitle: sub, Totals: true,
			Columns: []document.Column{{Header: "TT", Kind: document.Seq}, {Header: "Tên nhiệm vụ", Width: 45},
				{Header: "Định hướng mục tiêu", Width: 40}, {Header: "Yêu cầu đối với kết quả", Width: 40},
				{Header: "Phương thức tổ chức thực hiện", Width: 18}, {Header: "Đơn vị đề xuất", Width: 18},
				{Header: "Thời gian (tháng)", Width: 10, Kind: document.Int, NoSum: true}, {Header: "Ngân sách nhà nước", Kind: document.Money},
				{Header: "Nguồn khác", Kind: document.Money}},
			Rows: rows})
		return Generated{Name: name + ".xlsx", ContentType: typeXLSX, Data: data}, err
	}
	d, _, err := a.listPaper(ctx, al)
	if err != nil {
		return Generated{}, err
	}
	return official(d, name, format)
}

// approvedLists is a call's list of ordered tasks.
type approvedLists struct {
	call  proposal.Call
	list  []proposal.Proposal
	staff bool
}

func (a *App) approvedList(ctx context.Context, actor Actor, id string) (approvedLists, error) {
	var al approvedLists
	al.staff = account.Can(actor.User, proposal.Internal, account.None)
	if !al.staff {
		if err := Must(actor, proposal.PublicList, account.None); err != nil {
			return al, err
		}
	}
	q := a.Store.Read()
	c, err := q.Call(ctx, id)
	if err != nil {
		return al, err
	}
	al.call = c
	switch {
	case c.Published():
		if al.list, err = q.ProposalsOfCall(ctx, id, []proposal.State{proposal.Published}); err != nil {
			return al, err
		}
	case al.staff:
		al.list, err = q.ProposalsOfCall(ctx, id, []proposal.State{proposal.Approved, proposal.Published})
	default:
		return al, ErrNotFound
	}
	return al, err
}

// approvedListOfficial is the list as a paper of the Sở's register.
func (a *App) approvedListOfficial(ctx context.Context, actor Actor, id string) (document.Official, docRef, error) {
	al, err := a.approvedList(ctx, actor, id)
	if err != nil {
		return document.Official{}, docRef{}, err
	}
	return a.listPaper(ctx, al)
}

func (a *App) listPaper(ctx context.Context, al approvedLists) (document.Official, docRef, error) {
	c, list := al.call, al.list
	sub := "Kèm theo Quyết định số " + orDots(c.DecisionRef)
	table := document.Table{Header: []string{"TT", "Tên nhiệm vụ", "Định hướng mục tiêu", "Yêu cầu đối với kết quả", "Phương thức", "Đơn vị đề xuất"},
		Widths: []float64{0.8, 4, 4, 4, 1.6, 1.8}, Align: []string{"center", "left", "left", "left", "center", "left"}}
	for i, p := range list {
		table.Rows = append(table.Rows, []string{strconv.Itoa(i + 1), p.Title, p.Objectives, p.Results(),
			vi("method." + string(p.Method)), unitTitle(p.UnitType, p.UnitName)})
	}
	body := []document.Block{document.Note("(" + sub + ")"), table}
	d := document.Official{ParentBody: cityBody, Issuer: soBody, Place: "Hà Nội", Date: publishedOr(c, a), Kind: "DANH MỤC",
		Subject: fmt.Sprintf("Nhiệm vụ khoa học và công nghệ đặt hàng thực hiện từ năm %d", c.PlanYear), Landscape: true,
		Recipients: []string{"UBND Thành phố (để báo cáo)", "UBND các xã, phường", "Lưu: VT, QLKH"}}
	ref := docRef{Kind: document.KindApprovedList, SubjectID: c.ID, UnitID: hanoi.SoID, Empty: len(list) == 0}
	if len(list) == 0 {
		// Nothing approved: a draft without a table or signature, never issued.
		body = []document.Block{document.Note("(" + sub + ")"), document.Para("Chưa có nhiệm vụ nào được phê duyệt trong danh mục.")}
		d.Recipients = nil
	}
	d.Body = body
	if err := a.stamp(ctx, a.Store.Read(), &d, ref); err != nil {
		return d, ref, err
	}
	if ref.Empty {
		d.Signature = document.Signature{}
	}
	return d, ref, nil
}

func orDots(s string) string {
	if s == "" {
		return "……/QĐ-UBND"
	}
	return s
}

func publishedOr(c proposal.Call, a *App) civil.Date {
	if c.Published() {
		return locale.Today(c.PublishedAt)
	}
	return locale.Today(a.Now())
}
