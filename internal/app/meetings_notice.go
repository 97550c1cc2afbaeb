package app

import (
	"context"
	"fmt"
	"strings"

	"khcn/internal/civil"
	"khcn/internal/document"
	"khcn/internal/followup"
	"khcn/internal/hanoi"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
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
	set, err := q.UnitSet(ctx)
	if err != nil {
		return "", nil, err
	}
	// The notice names units as they were on its date: a 2024 notice names
	// the districts of 2024, not the communes formed from them in 2025.
	doc := noticeDocumentOn(m, units, conclusions, actions, set)
	ref := docRef{Kind: document.KindMeetingNotice, SubjectID: m.ID, UnitID: hanoi.SoID}
	if err := a.stampTyped(ctx, q, &doc, ref, m.Notice.Number); err != nil {
		return "", nil, err
	}
	data, err := document.DOCX(doc)
	name := document.FileName("Thông báo kết luận "+m.Date.String()) + ".docx"
	return name, data, err
}

// meetingNoticeOfficial builds a meeting's notice of conclusions.
func meetingNoticeOfficial(a *App, ctx context.Context, actor Actor, id string) (document.Official, docRef, error) {
	q := a.Store.Read()
	m, err := visibleMeeting(ctx, q, actor, id)
	if err != nil {
		return document.Official{}, docRef{}, err
	}
	units, err := q.MeetingUnits(ctx, id)
	if err != nil {
		return document.Official{}, docRef{}, err
	}
	conclusions, err := q.Conclusions(ctx, id)
	if err != nil {
		return document.Official{}, docRef{}, err
	}
	actions, err := q.Actions(ctx, store.ActionFilter{SourceType: followup.TypeMeeting, SourceID: id}, 10000)
	if err != nil {
		return document.Official{}, docRef{}, err
	}
	set, err := q.UnitSet(ctx)
	if err != nil {
		return document.Official{}, docRef{}, err
	}
	doc := noticeDocumentOn(m, units, conclusions, actions, set)
	ref := typedRef(docRef{Kind: document.KindMeetingNotice, SubjectID: m.ID, UnitID: hanoi.SoID}, m.Notice.Number)
	return doc, ref, a.stampTyped(ctx, q, &doc, ref, m.Notice.Number)
}

// noticeDocumentOn is noticeDocument with every unit named as it was on
// the notice's date.
func noticeDocumentOn(m followup.Meeting, units []store.UnitRef, conclusions []followup.Conclusion, actions []store.ActionRow, set *orgunit.Set) document.Official {
	day := m.Notice.Date
	if day.IsZero() {
		day = m.Date
	}
	on := make([]store.UnitRef, len(units))
	for i, u := range units {
		on[i] = u
		on[i].Name, on[i].Type = nameOn(set, u.ID, day), ""
	}
	acts := make([]store.ActionRow, len(actions))
	for i, it := range actions {
		acts[i] = it
		acts[i].Owner.Name, acts[i].Owner.Type = nameOn(set, it.Owner.ID, day), ""
	}
	return noticeDocument(m, dedupeUnits(on), conclusions, acts)
}

// dedupeUnits drops units named twice (two communes formed from one
// district both read as that district).
func dedupeUnits(us []store.UnitRef) []store.UnitRef {
	seen := map[string]bool{}
	var out []store.UnitRef
	for _, u := range us {
		if !seen[u.Name] {
			seen[u.Name] = true
			out = append(out, u)
		}
	}
	return out
}

// nameOn is a unit's name with its type as it was on day d. A unit formed
// after d is named by what it was formed from: the former district most of
// it came from, else the former units themselves.
func nameOn(set *orgunit.Set, id string, d civil.Date) string {
	u := set.Get(id)
	if u == nil {
		return ""
	}
	if d.IsZero() || !d.Before(u.ValidFrom) {
		return UnitTitle(*u)
	}
	from := set.FormedFrom(id, d)
	if len(from) == 0 {
		return UnitTitle(*u)
	}
	// The district most of it came from: communes taken over whole count
	// twice, slivers of a neighbour's communes once.
	weight := map[string]int{}
	best := ""
	for _, l := range from {
		w := 1
		if l.Whole {
			w = 2
		}
		weight[l.Unit.ParentID] += w
		if best == "" || weight[l.Unit.ParentID] > weight[best] {
			best = l.Unit.ParentID
		}
	}
	if p := set.Get(best); p != nil && p.Kind == orgunit.District && p.ValidOn(d) {
		return UnitTitle(*p)
	}
	var names []string
	for _, l := range from {
		names = append(names, UnitTitle(*l.Unit))
	}
	return strings.Join(names, ", ")
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
	// A signer typed on the meeting's notice is kept; else the Sở's settings
	// sign it (see stamp).
	authority, title := m.Notice.Authority, m.Notice.Title
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
