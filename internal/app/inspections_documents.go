package app

import (
	"context"
	"fmt"
	"strings"

	"khcn/internal/document"
	"khcn/internal/hanoi"
	"khcn/internal/locale"
	"khcn/internal/programme"
)

// InspectionMinutesDOCX is the inspection's minutes (biên bản kiểm tra) in
// the Decree 30 layout, filled from the record: who, what was checked, the
// findings by area and the conclusions with their owners and due dates.
func (a *App) InspectionMinutesDOCX(ctx context.Context, actor Actor, id string) ([]byte, string, error) {
	pg, err := a.Inspection(ctx, actor, id)
	if err != nil {
		return nil, "", err
	}
	doc, _, err := a.minutesPaper(ctx, pg)
	if err != nil {
		return nil, "", err
	}
	data, err := document.DOCX(doc)
	return data, document.FileName("Biên bản kiểm tra "+UnitTitle(pg.Unit)+" "+pg.Inspection.Date.String()) + ".docx", err
}

// inspectionMinutesOfficial builds an inspection's minutes.
func inspectionMinutesOfficial(a *App, ctx context.Context, actor Actor, id string) (document.Official, docRef, error) {
	pg, err := a.Inspection(ctx, actor, id)
	if err != nil {
		return document.Official{}, docRef{}, err
	}
	return a.minutesPaper(ctx, pg)
}

// inspectionNoticeOfficial builds an inspection's notice.
func inspectionNoticeOfficial(a *App, ctx context.Context, actor Actor, id string) (document.Official, docRef, error) {
	pg, err := a.Inspection(ctx, actor, id)
	if err != nil {
		return document.Official{}, docRef{}, err
	}
	return a.inspectionNoticePaper(ctx, pg)
}

// minutesPaper lays out the minutes. They are signed by both sides: the
// unit inspected (its representative, from the unit's settings) and the
// lead of the inspection team. A number typed on the record is kept; else
// the Sở's register gives one.
func (a *App) minutesPaper(ctx context.Context, pg InspectionPage) (document.Official, docRef, error) {
	i := pg.Inspection
	unit := UnitTitle(pg.Unit)
	q := a.Store.Read()
	side, _, err := issuerOf(ctx, q, pg.Unit.ID)
	if err != nil {
		return document.Official{}, docRef{}, err
	}
	counter := document.Signature{Authority: "ĐẠI DIỆN " + strings.ToUpper(side.Name), Title: side.Title, Name: side.Signer}
	if side.Name == "" {
		counter.Authority = "ĐẠI DIỆN " + strings.ToUpper(unit)
	}
	doc := document.Official{ParentBody: parentBody, Issuer: issuerSo, Place: "Hà Nội", Date: i.Date, Kind: "BIÊN BẢN",
		Subject:   "Kiểm tra tình hình thực hiện Chương trình " + pg.Programme.Code + " tại " + unit,
		Signature: document.Signature{Authority: "TRƯỞNG ĐOÀN KIỂM TRA", Name: i.Lead}, Counter: &counter}
	place := i.Place
	if place == "" {
		place = "trụ sở " + unit
	}
	period := ""
	if pg.Period.ID != "" {
		period = ", kỳ " + strings.ToLower(pg.Period.Name)
	}
	doc.Body = append(doc.Body,
		document.Para(fmt.Sprintf("Hôm nay, %s, tại %s, Đoàn kiểm tra của Sở Khoa học và Công nghệ tiến hành kiểm tra tình hình thực hiện Chương trình %s “%s”%s tại %s.",
			locale.LongDate(i.Date), place, pg.Programme.Code, pg.Programme.Title, period, unit)),
		document.Heading("I. THÀNH PHẦN ĐOÀN KIỂM TRA"))
	for _, m := range i.Members() {
		doc.Body = append(doc.Body, document.Bullet(m))
	}
	if i.Summary != "" {
		doc.Body = append(doc.Body, document.Heading("II. NỘI DUNG KIỂM TRA"))
		doc.Body = append(doc.Body, paragraphs(i.Summary)...)
	}
	doc.Body = append(doc.Body, document.Heading("III. KẾT QUẢ KIỂM TRA"))
	doc.Body = append(doc.Body, findingBlocks(i)...)
	doc.Body = append(doc.Body, document.Heading("IV. KẾT LUẬN VÀ KIẾN NGHỊ"))
	doc.Body = append(doc.Body, paragraphs(i.Conclusion)...)
	doc.Body = append(doc.Body, conclusionBlocks(i, pg)...)
	doc.Body = append(doc.Body, document.Para("Biên bản được lập thành 02 bản có giá trị như nhau, mỗi bên giữ 01 bản, đã được đọc lại cho các thành viên tham dự cùng nghe, thống nhất và ký dưới đây."))
	ref := typedRef(docRef{Kind: document.KindInspectionMinutes, SubjectID: i.ID, UnitID: hanoi.SoID}, i.MinutesNo)
	if err := a.stampTyped(ctx, q, &doc, ref, i.MinutesNo); err != nil {
		return doc, ref, err
	}
	return doc, ref, nil
}

// InspectionNoticeDOCX is the conclusion notice (thông báo kết luận) the Sở
// sends after the inspection.
func (a *App) InspectionNoticeDOCX(ctx context.Context, actor Actor, id string) ([]byte, string, error) {
	pg, err := a.Inspection(ctx, actor, id)
	if err != nil {
		return nil, "", err
	}
	doc, _, err := a.inspectionNoticePaper(ctx, pg)
	if err != nil {
		return nil, "", err
	}
	data, err := document.DOCX(doc)
	return data, document.FileName("Thông báo kết luận kiểm tra "+UnitTitle(pg.Unit)+" "+pg.Inspection.Date.String()) + ".docx", err
}

func (a *App) inspectionNoticePaper(ctx context.Context, pg InspectionPage) (document.Official, docRef, error) {
	i := pg.Inspection
	unit := UnitTitle(pg.Unit)
	doc := document.Official{ParentBody: parentBody, Issuer: issuerSo, Place: "Hà Nội", Date: locale.Today(a.Now()), Kind: "THÔNG BÁO",
		Subject:    "Kết luận kiểm tra tình hình thực hiện Chương trình " + pg.Programme.Code + " tại " + unit,
		Recipients: []string{"UBND " + lowerFirst(unit), "Ban Chỉ đạo Chương trình " + pg.Programme.Code, "Lưu: VT, QLKH"}}
	doc.Body = append(doc.Body,
		document.Para(fmt.Sprintf("Ngày %s, Đoàn kiểm tra của Sở Khoa học và Công nghệ đã kiểm tra tình hình thực hiện Chương trình %s tại %s. Sở Khoa học và Công nghệ thông báo kết luận như sau:",
			locale.Date(i.Date), pg.Programme.Code, unit)),
		document.Heading("I. KẾT QUẢ KIỂM TRA"))
	doc.Body = append(doc.Body, findingBlocks(i)...)
	doc.Body = append(doc.Body, document.Heading("II. KẾT LUẬN"))
	doc.Body = append(doc.Body, paragraphs(i.Conclusion)...)
	doc.Body = append(doc.Body, document.Heading("III. YÊU CẦU, CHỈ ĐẠO"))
	doc.Body = append(doc.Body, conclusionBlocks(i, pg)...)
	doc.Body = append(doc.Body, document.Para("Đề nghị các đơn vị tổ chức thực hiện và báo cáo kết quả về Sở Khoa học và Công nghệ theo thời hạn nêu trên."))
	ref := typedRef(docRef{Kind: document.KindInspectionNotice, SubjectID: i.ID, UnitID: hanoi.SoID}, i.NoticeNo)
	return doc, ref, a.stampTyped(ctx, a.Store.Read(), &doc, ref, i.NoticeNo)
}

func findingBlocks(i programme.Inspection) []document.Block {
	if len(i.Findings) == 0 {
		return []document.Block{document.Para("(Chưa ghi kết quả kiểm tra.)")}
	}
	var out []document.Block
	for n, f := range i.Findings {
		out = append(out, document.Para(fmt.Sprintf("%d. %s: %s", n+1, f.Area, f.Text)))
	}
	return out
}

func conclusionBlocks(i programme.Inspection, pg InspectionPage) []document.Block {
	var out []document.Block
	for _, c := range i.Conclusions {
		s := c.Text
		if owner, ok := pg.Owners[c.OwnerUnitID]; ok {
			s += " Đơn vị chủ trì: " + UnitTitle(owner) + "."
		}
		if !c.Due.IsZero() {
			s += " Thời hạn: " + locale.Date(c.Due) + "."
		}
		out = append(out, document.Bullet(s))
	}
	return out
}

// paragraphs splits text typed with line breaks into paragraphs.
func paragraphs(text string) []document.Block {
	var out []document.Block
	for _, l := range programme.Lines(text) {
		out = append(out, document.Para(l))
	}
	return out
}
