package store_test

import (
	"bytes"
	"testing"
	"time"

	"khcn/internal/account"
	"khcn/internal/hanoi"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

func TestFilesAndNotifications(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		seedHanoi(t, s)
		var uid string
		data := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0, 1, 2, 255}, 1000)...)
		err := s.Tx(ctx, func(q store.Q) error {
			var err error
			uid, err = q.CreateUser(ctx, store.NewUser{Login: "u", Name: "U", Role: account.UnitOfficer, UnitID: hanoi.CommuneID("00454"), PasswordHash: "x"})
			if err != nil {
				return err
			}
			return q.InsertFile(ctx, store.File{ID: "f1", OwnerType: "test", OwnerID: "o1", Name: "Báo cáo 6 tháng.pdf",
				ContentType: "application/pdf", Size: int64(len(data)), SHA256: "x", UploadedBy: uid, UploadedAt: time.Now()}, data)
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Read().FileData(ctx, "f1")
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("bytes differ: %v", err)
		}
		files, _ := s.Read().FilesOf(ctx, "test", "o1")
		if len(files) != 1 || files[0].Name != "Báo cáo 6 tháng.pdf" || files[0].UploadedBy != uid {
			t.Fatalf("files: %+v", files)
		}
		err = s.Tx(ctx, func(q store.Q) error {
			return q.InsertNotification(ctx, store.Notification{ID: store.NewID(), UserID: uid, Kind: "k", Key: "home.hello",
				Args: []string{"Đông Anh"}, Link: "/", CreatedAt: time.Now()})
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := s.Read().UnreadCount(ctx, uid); n != 1 {
			t.Fatalf("unread %d", n)
		}
		list, _ := s.Read().Notifications(ctx, uid, 10)
		if len(list) != 1 || list[0].Args[0] != "Đông Anh" || !list[0].ReadAt.IsZero() {
			t.Fatalf("list %+v", list)
		}
		s.Tx(ctx, func(q store.Q) error { return q.MarkRead(ctx, uid, "", time.Now()) })
		if n, _ := s.Read().UnreadCount(ctx, uid); n != 0 {
			t.Fatalf("unread after mark %d", n)
		}
	})
}

func TestOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		first, second := false, false
		s.Tx(ctx, func(q store.Q) error { first, _ = q.Once(ctx, "reminder:x:1", time.Now()); return nil })
		s.Tx(ctx, func(q store.Q) error { second, _ = q.Once(ctx, "reminder:x:1", time.Now()); return nil })
		if !first || second {
			t.Fatalf("first %v second %v", first, second)
		}
	})
}
