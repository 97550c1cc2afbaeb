package app

import (
	"context"
	"fmt"
	"strings"

	"khcn/internal/document"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/store"
)

// ConclusionNotice writes the conclusion notice (thông báo kết luận) of a
// meeting as a Decree 30 .docx: who met, why, and each conclusion with the
// units it was handed to and by when. Anyone who may see the meeting may
// download it; units present see the whole notice, as it is sent to them.
func (a *App) ConclusionNotice(ctx context.Context, actor Actor, id string) (string, []byte, error) {
	q := a.Store.Read()
	m, err := visibleMeeting(ctx, q, actor, id)
	if err != nil {
		return "", nil, err
	}
	units, err := q.MeetingUnits(ctx, id)
	if err != nil {
		return "", nil, err
	}
	conclusions, err := q.Conclusions(ctx, id)
	if err != nil {
		return "", nil, err
	}
	actions, err := q.Actions(ctx, store.ActionFilter{SourceType: followup.TypeMeeting, SourceID: id}, 10000)
	if err != nil {
		return "", nil, err
	}
	doc := noticeDocument(m, units, conclusions, actions)
	data, err := document.DOCX(doc)
	name := "Thong-bao-ket-luan-" + m.Date.String() + ".docx"
	return name, data, err
}

// noticeDocument lays out the notice.
func noticeDocument(m followup.Meeting, units []store.UnitRef, conclusions []followup.Conclusion, actions []store.ActionRow) document.Official {
	var names []string
	for _, u := range units {
		names = append(names, unitLabel(u))
	}
	body := []document.Block{
		document.Para(fmt.Sprintf("%s, tại %s, %s đã chủ trì %s.", upperFirst(locale.LongDate(m.Date)), m.Place, m.Chair, lowerFirst(m.Title))),
	}
	if len(names) > 0 {
		body = append(body, document.Para("Tham dự có đại diện: "+strings.Join(names, ", ")+"."))
	}
	for _, p := range m.PeopleLines() {
		body = append(body, document.Bullet(p))
	}
	body = append(body, document.Para("Mục đích buổi làm việc: "+strings.TrimSuffix(m.Purpose, ".")+"."))
	if about := m.Concerns.Label; about != "" {
		if m.Concerns.Type == followup.TypeProgramme && m.Concerns.ID != "" { // picked: "07-CTr/TU – title"
			about = "Chương trình " + about
		}
		body = append(body, document.Para("Nội dung liên quan: "+about+"."))
	}
	body = append(body, document.Para("Sau khi nghe báo cáo và ý kiến của các đại biểu dự họp, "+m.Chair+" kết luận như sau:"))
	owners := map[string][]store.ActionRow{}
	for _, it := range actions {
		owners[it.SourceItemID] = append(owners[it.SourceItemID], it)
	}
	for i, c := range conclusions {
		body = append(body, document.Para(fmt.Sprintf("%d. %s", i+1, strings.TrimSpace(c.Text))))
		if items := owners[c.ID]; len(items) > 0 {
			var who []string
			for _, it := range items {
				who = append(who, unitLabel(it.Owner))
			}
			body = append(body, document.Bullet(fmt.Sprintf("Giao: %s; thời hạn hoàn thành: %s.", strings.Join(who, ", "), locale.Date(items[0].Due))))
		}
	}
	body = append(body, document.Para("Sở Khoa học và Công nghệ thông báo để các đơn vị biết, thực hiện./."))
	date := m.Notice.Date
	if date.IsZero() {
		date = m.Date
	}
	authority, title := m.Notice.Authority, m.Notice.Title
	if authority == "" && title == "" {
		authority, title = "TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"
	}
	recipients := append([]string{"Giám đốc Sở (để b/c)"}, names...)
	return document.Official{ParentBody: "UBND THÀNH PHỐ HÀ NỘI", Issuer: "SỞ KHOA HỌC VÀ CÔNG NGHỆ", Number: m.Notice.Number, Place: "Hà Nội",
		Date: date, Kind: "THÔNG BÁO", Subject: "Kết luận của " + m.Chair + " tại " + lowerFirst(m.Title), Body: body,
		Signature:  document.Signature{Authority: authority, Title: title, Name: m.Notice.Signer},
		Recipients: append(recipients, "Lưu: VT, QLKH")}
}

func upperFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToLower(string(r[0])) + string(r[1:])
}
