package app_test

import (
	"context"
	"testing"
	"time"

	"khcn/internal/app"
	"khcn/internal/followup"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// Notices, files and links are dated by the App's clock, like the change
// that made them: demo records of 2024 must not read as made today.
func TestNoticesFilesAndLinksTakeTheAppClock(t *testing.T) {
	ctx := context.Background()
	when := at(2024, 7, 19, 10, 30)
	a := newApp(t, testdb.SQLite(t), &clock{t: when}, true)
	so, leader := actor(t, a, "chuyenvien"), actor(t, a, "lanhdao.so")
	id, err := a.RaiseRecommendation(ctx, so, app.RecInput{UnitID: "hn-250", CategoryID: "training", // Huyện Mê Linh, that day
		Title: "Tập huấn chuyển đổi số", Description: "Đề nghị Sở tổ chức tập huấn.",
		Files: []app.FileInput{{Name: "de-nghi.pdf", Data: []byte("%PDF-1.4\n")}}})
	if err != nil {
		t.Fatal(err)
	}
	q := a.Store.Read()
	notes, err := q.Notifications(ctx, leader.User.ID, 10)
	if err != nil || len(notes) != 1 {
		t.Fatalf("notices %v %v", notes, err)
	}
	files, err := q.FilesOf(ctx, "recommendation", id)
	if err != nil || len(files) != 1 {
		t.Fatalf("files %v %v", files, err)
	}
	err = a.Store.Tx(ctx, func(q store.Q) error {
		return a.Link(ctx, q, so, followup.Ref{Type: followup.TypeRecommendation, ID: id}, followup.Ref{Type: followup.TypeDirective, ID: "x"})
	})
	if err != nil {
		t.Fatal(err)
	}
	links, err := q.LinksOf(ctx, followup.TypeRecommendation, id)
	if err != nil || len(links) != 1 {
		t.Fatalf("links %v %v", links, err)
	}
	for what, got := range map[string]time.Time{"notice": notes[0].CreatedAt, "file": files[0].UploadedAt, "link": links[0].CreatedAt} {
		if !got.Equal(when) {
			t.Errorf("%s dated %v, want %v", what, got, when)
		}
	}
}
