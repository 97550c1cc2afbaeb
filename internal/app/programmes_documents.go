package app

import (
	"context"
	"fmt"
	"math"
	"strings"

	"khcn/internal/account"
	"khcn/internal/document"
	"khcn/internal/hanoi"
	"khcn/internal/i18n"
	"khcn/internal/locale"
	"khcn/internal/programme"
)

// Official documents of programme monitoring are issued by the Sở under
// the city's People's Committee.
const (
	parentBody = "UBND THÀNH PHỐ HÀ NỘI"
	issuerSo   = "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
)

// consolidation is what the consolidated report of a period is made of.
type consolidation struct {
	d       Dashboard
	reports []programme.Report
	names   map[string]string // unit ID → name with type
	sent    int
}

func (a *App) consolidate(ctx context.Context, actor Actor, programmeID, viewID string) (consolidation, error) {
	var c consolidation
	if err := Must(actor, programme.Monitor, account.None); err != nil {
		return c, err
	}
	d, err := a.ProgrammeDashboard(ctx, actor, DashQuery{ProgrammeID: programmeID, ViewID: viewID, AllAreas: true})
	if err != nil {
		return c, err
	}
	c.d = d
	q := a.Store.Read()
	periods := append([]programme.Period{}, d.Parts...)
	if !d.View.Virtual {
		periods = append(periods, d.View)
	}
	for _, p := range periods {
		rs, err := q.ReportsOfPeriod(ctx, p.ID)
		if err != nil {
			return c, err
		}
		c.reports = append(c.reports, rs...)
	}
	c.names = map[string]string{}
	for _, r := range d.Rows {
		c.names[r.Unit.ID] = UnitTitle(*r.Unit)
	}
	var ids []string
	for _, r := range c.reports {
		ids = append(ids, r.UnitID)
		if r.State.Sent() {
			c.sent++
		}
	}
	units, err := q.UnitsByIDs(ctx, ids)
	for _, u := range units {
		c.names[u.ID] = UnitTitle(u)
	}
	return c, err
}

// reportSubject is the consolidated report's trích yếu, worded once:
// "Kết quả thực hiện Chương trình 07-CTr/TU năm 2025", "Sơ kết 6 tháng đầu
// năm 2025 thực hiện Chương trình 07-CTr/TU" (never "Kết quả thực hiện năm
// 2025 thực hiện Chương trình…").
func reportSubject(p programme.Period, code string) string {
	if p.Kind == programme.Year {
		return fmt.Sprintf("Kết quả thực hiện Chương trình %s %s", code, strings.ToLower(p.Name))
	}
	return fmt.Sprintf("Sơ kết %s thực hiện Chương trình %s", strings.ToLower(p.Name), code)
}

// ConsolidatedDOCX is the consolidated report of a period (báo cáo sơ kết 6
// tháng / báo cáo năm) in the Decree 30 layout: the narrative sections I–V
// drawn from the units' reports and the city's figures, and an appendix of
// target, result and % by unit for every indicator.
func (a *App) ConsolidatedDOCX(ctx context.Context, actor Actor, programmeID, viewID string) ([]byte, string, error) {
	c, err := a.consolidate(ctx, actor, programmeID, viewID)
	if err != nil {
		return nil, "", err
	}
	doc, _, err := a.reportPaper(ctx, c, programmeID, viewID)
	if err != nil {
		return nil, "", err
	}
	data, err := document.DOCX(doc)
	return data, document.FileName("Báo cáo "+reportSubject(c.d.View, c.d.Info.Programme.Code)) + ".docx", err
}

// programmeReportOfficial builds the consolidated programme report.
func programmeReportOfficial(a *App, ctx context.Context, actor Actor, subjectID string) (document.Official, docRef, error) {
	programmeID, viewID, _ := strings.Cut(subjectID, "/")
	c, err := a.consolidate(ctx, actor, programmeID, viewID)
	if err != nil {
		return document.Official{}, docRef{}, err
	}
	return a.reportPaper(ctx, c, programmeID, viewID)
}

// ReportSubjectID names a consolidated report in the register.
func ReportSubjectID(programmeID, viewID string) string { return programmeID + "/" + viewID }

func (a *App) reportPaper(ctx context.Context, c consolidation, programmeID, viewID string) (document.Official, docRef, error) {
	d := c.d
	p := d.Info.Programme
	doc := document.Official{ParentBody: parentBody, Issuer: issuerSo, Place: "Hà Nội", Date: d.Day, Kind: "BÁO CÁO",
		Subject: reportSubject(d.View, p.Code),
		Recipients: []string{"Thường trực Thành ủy, UBND Thành phố (để báo cáo)", "Ban Chỉ đạo Chương trình " + p.Code,
			"UBND các xã, phường", "Lưu: VT, QLKH"}}
	b := &doc.Body
	add := func(blocks ...document.Block) { *b = append(*b, blocks...) }
	add(document.Para(fmt.Sprintf("Thực hiện Chương trình %s “%s”, Sở Khoa học và Công nghệ tổng hợp báo cáo của %d đơn vị (%d báo cáo đã được lãnh đạo đơn vị duyệt gửi Sở) cho %s (số liệu từ %s đến %s) như sau:",
		p.Code, p.Title, len(c.reports), c.sent, strings.ToLower(d.View.Name), locale.Date(d.View.Start), locale.Date(d.View.End))))
	sections := [5]string{"I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", "II. KẾT QUẢ THỰC HIỆN", "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
		"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", "V. KIẾN NGHỊ, ĐỀ XUẤT"}
	for i, h := range sections {
		add(document.Heading(h))
		switch i {
		case 1:
			for _, blk := range resultParagraphs(d) {
				add(blk)
			}
		case 2:
			for _, blk := range laggingParagraphs(d) {
				add(blk)
			}
		}
		add(c.excerpts(i)...)
	}
	add(document.Heading("PHỤ LỤC. KẾT QUẢ THỰC HIỆN CHỈ TIÊU THEO ĐƠN VỊ"))
	add(document.Note(fmt.Sprintf("Kỳ báo cáo: %s. Tiền tính bằng triệu đồng. “≈” là số ước tính qua đơn vị kế thừa: %s %s",
		d.View.Name, programme.SplitNote, ruleText(d.Rule))))
	for i, ind := range d.Columns {
		add(document.Heading(fmt.Sprintf("%d. %s%s", i+1, ind.Name, unitNote(ind))))
		t := document.Table{Header: []string{"STT", "Đơn vị", "Kế hoạch", "Mức cơ sở", "Thực hiện", "% kế hoạch"}, Widths: []float64{0.7, 3.6, 1.7, 1.7, 1.7, 1.6},
			Align: []string{"center", "left", "right", "right", "right", "right"}, BoldLastRow: true}
		n := 0
		for _, r := range d.Rows {
			f := r.Figures[i]
			if !f.Value.Set && !f.Target.Set {
				continue
			}
			n++
			t.Rows = append(t.Rows, []string{fmt.Sprint(n), c.names[r.Unit.ID], programme.CellText(ind, f.Target), baselineText(ind, f), programme.CellText(ind, f.Value), programme.PctText(f.Pct)})
		}
		tot := d.Total[totalIndex(d, ind.ID)]
		t.Rows = append(t.Rows, []string{"", "Toàn thành phố", programme.CellText(ind, tot.Target), baselineText(ind, tot), programme.CellText(ind, tot.Value), programme.PctText(tot.Pct)})
		add(t)
	}
	ref := docRef{Kind: document.KindProgrammeReport, SubjectID: ReportSubjectID(programmeID, viewID), UnitID: hanoi.SoID}
	return doc, ref, a.stamp(ctx, a.Store.Read(), &doc, ref)
}

// ConsolidatedXLSX is the same figures as a workbook: the city's totals and
// every unit × indicator line.
func (a *App) ConsolidatedXLSX(ctx context.Context, actor Actor, programmeID, viewID string) ([]byte, string, error) {
	c, err := a.consolidate(ctx, actor, programmeID, viewID)
	if err != nil {
		return nil, "", err
	}
	d := c.d
	p := d.Info.Programme
	cols := []document.Column{{Header: "Mã", Width: 14}, {Header: "Chỉ tiêu", Width: 50}, {Header: "Đơn vị tính", Width: 12},
		{Header: "Kế hoạch", Kind: document.Decimal}, {Header: "Mức cơ sở (khi % tính từ mức cơ sở)", Kind: document.Decimal}, {Header: "Thực hiện", Kind: document.Decimal},
		{Header: "% kế hoạch", Kind: document.Percent}, {Header: "Đánh giá", Width: 16}}
	line := func(ind programme.Indicator, f Figure) []any {
		var base any
		if f.UsesBaseline() {
			base = cellNum(ind, f.Baseline)
		}
		return []any{ind.Code, ind.Name, programme.ShownUnit(ind), cellNum(ind, f.Target), base, cellNum(ind, f.Value), pctNum(f.Pct), statusText(f.Status)}
	}
	total := document.Sheet{Name: "Toàn thành phố", Title: fmt.Sprintf("KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH %s — %s", p.Code, strings.ToUpper(d.View.Name)),
		Subtitle: "Tiền tính bằng triệu đồng. " + ruleText(d.Rule), Columns: cols}
	for i, ind := range d.Totals {
		total.Rows = append(total.Rows, line(ind, d.Total[i]))
	}
	units := document.Sheet{Name: "Theo đơn vị", Title: "KẾT QUẢ THEO ĐƠN VỊ — " + strings.ToUpper(d.View.Name), Subtitle: "Tiền tính bằng triệu đồng",
		Columns: append([]document.Column{{Header: "Đơn vị", Width: 28}}, cols...)}
	for _, r := range d.Rows {
		for i, ind := range d.Columns {
			f := r.Figures[i]
			if !f.Value.Set && !f.Target.Set {
				continue
			}
			units.Rows = append(units.Rows, append([]any{c.names[r.Unit.ID]}, line(ind, f)...))
		}
	}
	data, err := document.XLSX(total, units)
	return data, document.FileName(reportSubject(d.View, p.Code)) + ".xlsx", err
}

func totalIndex(d Dashboard, indID string) int {
	for i, ind := range d.Totals {
		if ind.ID == indID {
			return i
		}
	}
	return 0
}

// resultParagraphs state the city's result per area and indicator.
func resultParagraphs(d Dashboard) []document.Block {
	var out []document.Block
	area := ""
	for i, ind := range d.Totals {
		f := d.Total[i]
		if !f.Value.Set {
			continue
		}
		if ind.Area != area {
			area = ind.Area
			out = append(out, document.Para(area+":"))
		}
		s := fmt.Sprintf("%s: %s%s", ind.Name, programme.CellText(ind, f.Value), unitNote(ind))
		if f.Target.Set {
			s += fmt.Sprintf(", kế hoạch %s, đạt %s%s (%s)", programme.CellText(ind, f.Target), programme.PctText(f.Pct), baselineSuffix(ind, f), strings.ToLower(statusText(f.Status)))
		}
		out = append(out, document.Bullet(s+"."))
	}
	if len(out) == 0 {
		out = append(out, document.Para("Chưa có số liệu được gửi về Sở trong kỳ."))
	}
	return out
}

// laggingParagraphs list indicators that are at risk or off track.
func laggingParagraphs(d Dashboard) []document.Block {
	var out []document.Block
	for i, ind := range d.Totals {
		f := d.Total[i]
		if f.Status == programme.AtRisk || f.Status == programme.OffTrack {
			out = append(out, document.Bullet(fmt.Sprintf("%s: %s, kế hoạch %s, mới đạt %s%s (%s).", ind.Name, programme.CellText(ind, f.Value), programme.CellText(ind, f.Target),
				programme.PctText(f.Pct), baselineSuffix(ind, f), strings.ToLower(statusText(f.Status)))))
		}
	}
	return out
}

// excerpts quote the units' narrative of one section, one bullet per unit.
func (c consolidation) excerpts(section int) []document.Block {
	var out []document.Block
	seen := map[string]bool{}
	for _, r := range c.reports {
		text := strings.TrimSpace(r.Sections[section])
		if text == "" || !r.State.Sent() || seen[text] {
			continue
		}
		seen[text] = true
		out = append(out, document.Bullet(c.names[r.UnitID]+": "+text))
		if len(out) == 15 {
			out = append(out, document.Note("(Trích ý kiến tiêu biểu; toàn văn xem trong báo cáo của từng đơn vị trên hệ thống.)"))
			break
		}
	}
	return out
}

func unitNote(ind programme.Indicator) string {
	if u := programme.ShownUnit(ind); u != "" {
		return " (" + u + ")"
	}
	return ""
}

// ruleText states, on paper, how statuses and percentages are computed.
func ruleText(r programme.StatusRule) string {
	return i18n.T(i18n.VI, "dash.rule", locale.Decimal(r.OnTrack, 1), locale.Decimal(r.AtRisk, 1))
}

// baselineText is the baseline a percentage was computed from, "" when it
// was not used.
func baselineText(ind programme.Indicator, f Figure) string {
	if !f.UsesBaseline() {
		return ""
	}
	return programme.CellText(ind, f.Baseline)
}

// baselineSuffix follows a percentage computed from the baseline.
func baselineSuffix(ind programme.Indicator, f Figure) string {
	if !f.UsesBaseline() {
		return ""
	}
	return " " + i18n.T(i18n.VI, "dash.from_baseline", programme.CellText(ind, f.Baseline))
}

func cellNum(ind programme.Indicator, c programme.Cell) any {
	if !c.Set {
		return nil
	}
	return programme.Shown(ind.Type, c.V)
}

func pctNum(p float64) any {
	if math.IsNaN(p) {
		return nil
	}
	return programme.RoundPct(p)
}

// statusText is a status in Vietnamese, for documents.
func statusText(s programme.Status) string { return i18n.T(i18n.VI, "status."+string(s)) }
