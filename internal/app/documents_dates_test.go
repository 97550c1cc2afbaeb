package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/demo"
	"khcn/internal/document"
	"khcn/internal/document/documenttest"
	"khcn/internal/followup"
	"khcn/internal/hanoi"
	"khcn/internal/testdb"
	"khcn/internal/valid"
)

// A notice dated 24/7/2024 names the units of that date: the work handed
// in 2026 to Xã Mê Linh reads as given to Huyện Mê Linh, which it was
// formed from; no commune that exists only from 1/7/2025 is named.
func TestNoticeNamesUnitsOfItsDate(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: at(2026, 3, 2, 9, 0)}
	a := newApp(t, testdb.SQLite(t), c, true)
	so := actor(t, a, "chuyenvien")
	mid, err := a.CreateMeeting(ctx, so, app.MeetingInput{Title: "Buổi làm việc với UBND huyện Mê Linh", Date: civil.New(2024, 7, 19), Place: "Trụ sở Sở",
		Chair: "Phó Giám đốc Sở Phạm Văn Đức", OrganiserID: hanoi.SoID, Purpose: "Kiểm tra Chương trình 07", Minutes: "Biên bản.",
		Notice: followup.Notice{Date: civil.New(2024, 7, 24)}})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SetMeetingUnits(ctx, so, mid, 1, []string{hanoi.DistrictID("250")}); err != nil {
		t.Fatal(err)
	}
	if err := a.AddConclusion(ctx, so, mid, 2, "Xây dựng nhãn hiệu cho hoa Mê Linh."); err != nil {
		t.Fatal(err)
	}
	mv, err := a.Meeting(ctx, so, mid)
	if err != nil {
		t.Fatal(err)
	}
	picks := []followup.ClosePick{{ConclusionID: mv.Conclusions[0].ID, OwnerUnitIDs: []string{demo.MeLinh}, Due: civil.New(2026, 6, 30)}}
	if _, err := a.CloseMeeting(ctx, so, mid, mv.Meeting.Version, picks); err != nil {
		t.Fatal(err)
	}
	_, data, err := a.ConclusionNotice(ctx, so, mid)
	if err != nil {
		t.Fatal(err)
	}
	text := documenttest.DocxText(t, data)
	if strings.Contains(text, "Xã Mê Linh") || !strings.Contains(text, "Giao: Huyện Mê Linh") {
		t.Errorf("the 2024 notice names units of another date:\n%s", text)
	}
	if !strings.Contains(text, "DỰ THẢO") || strings.Contains(text, "Số:") {
		t.Errorf("a notice without a number is a draft:\n%.300s", text)
	}
	// Issued, it takes the register's number; a notice numbered by hand
	// keeps its number and gets none from the register.
	e, err := a.IssueDocument(ctx, so, document.KindMeetingNotice.Key, mid)
	if err != nil || e.Number != "01/TB-SKHCN" {
		t.Fatalf("issue: %+v %v", e, err)
	}
	if _, data, _ = a.ConclusionNotice(ctx, so, mid); !strings.Contains(documenttest.DocxText(t, data), "Số: 01/TB-SKHCN") {
		t.Error("the issued notice does not print its number")
	}
	typed, err := a.CreateMeeting(ctx, so, app.MeetingInput{Title: "Buổi làm việc khác", Date: civil.New(2026, 2, 10), Place: "Sở",
		Chair: "Phó Giám đốc Sở", OrganiserID: hanoi.SoID, Purpose: "x", Notice: followup.Notice{Number: "12/TB-SKHCN", Date: civil.New(2026, 2, 12)}})
	if err != nil {
		t.Fatal(err)
	}
	var ve valid.Errors
	if _, err := a.IssueDocument(ctx, so, document.KindMeetingNotice.Key, typed); !errors.As(err, &ve) || ve["form"].Key != "err.doc.typed" {
		t.Errorf("a notice numbered by hand was numbered again: %v", err)
	}
}
