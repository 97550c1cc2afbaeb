package app

import (
	"context"
	"fmt"
	"strings"

	"khcn/internal/document"
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
	i := pg.Inspection
	unit := UnitTitle(pg.Unit)
	doc := document.Official{ParentBody: parentBody, Issuer: issuerSo, Number: i.MinutesNo, Place: "Hà Nội", Date: i.Date, Kind: "BIÊN BẢN",
		Subject:   "Kiểm tra tình hình thực hiện Chương trình " + pg.Programme.Code + " tại " + unit,
		Signature: document.Signature{Authority: "TRƯỞNG ĐOÀN KIỂM TRA", Name: i.Lead}}
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
	doc.Body = append(doc.Body, document.Para("Biên bản được lập thành 02 bản có giá trị như nhau, đã được đọc lại cho các thành viên tham dự cùng nghe và thống nhất."))
	data, err := document.DOCX(doc)
	return data, FileSafe("bien-ban-kiem-tra-"+pg.Unit.Name+"-"+i.Date.String()) + ".docx", err
}

// InspectionNoticeDOCX is the conclusion notice (thông báo kết luận) the Sở
// sends after the inspection.
func (a *App) InspectionNoticeDOCX(ctx context.Context, actor Actor, id string) ([]byte, string, error) {
	pg, err := a.Inspection(ctx, actor, id)
	if err != nil {
		return nil, "", err
	}
	i := pg.Inspection
	unit := UnitTitle(pg.Unit)
	doc := document.Official{ParentBody: parentBody, Issuer: issuerSo, Number: i.NoticeNo, Place: "Hà Nội", Date: locale.Today(a.Now()), Kind: "THÔNG BÁO",
		Subject:    "Kết luận kiểm tra tình hình thực hiện Chương trình " + pg.Programme.Code + " tại " + unit,
		Signature:  document.Signature{Authority: "KT. GIÁM ĐỐC", Title: "PHÓ GIÁM ĐỐC"},
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
	data, err := document.DOCX(doc)
	return data, FileSafe("thong-bao-ket-luan-"+pg.Unit.Name+"-"+i.Date.String()) + ".docx", err
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
