package store_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/hanoi"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

func fill(t *testing.T, s *store.Store) string {
	t.Helper()
	seedHanoi(t, s)
	var uid string
	err := s.Tx(ctx, func(q store.Q) error {
		var err error
		uid, err = q.CreateUser(ctx, store.NewUser{Login: "canbo.donganh", Name: "Đặng Thị Hồng", Role: account.UnitOfficer,
			UnitID: hanoi.CommuneID("00454"), PasswordHash: "h"})
		if err != nil {
			return err
		}
		if err := q.SetDisabled(ctx, uid, true); err != nil {
			return err
		}
		if err := q.InsertFile(ctx, store.File{ID: "f1", OwnerType: "t", OwnerID: "o", Name: "ảnh.png", ContentType: "image/png",
			Size: 4, SHA256: "s", UploadedBy: uid, UploadedAt: time.Now()}, []byte{0x89, 0, 0xff, 10}); err != nil {
			return err
		}
		// A queued import: its file (bytes) and no lease yet (NULL).
		if err := q.QueueImportJob(ctx, store.ImportJob{ID: "j1", Kind: "ocop", OwnerID: "o", Status: store.JobQueued, Phase: "reading",
			CreatedBy: uid, Params: `{"args":{"kind":"products"}}`}, []byte("Mã,Tên\n\x00\xff")); err != nil {
			return err
		}
		return q.AppendAudit(ctx, store.AuditEntry{ActorLogin: "admin", Action: "x", ObjectType: "user", ObjectID: uid},
			map[string]any{"a": 1}, map[string]any{"b": "Đông Anh"})
	})
	if err != nil {
		t.Fatal(err)
	}
	return uid
}

// A backup restores into either engine: SQLite to PostgreSQL and back.
func TestBackupRestoreAcrossEngines(t *testing.T) {
	engines := testdb.Engines(t)
	for _, from := range engines {
		for _, to := range engines {
			t.Run(from.Name+"→"+to.Name, func(t *testing.T) {
				src := from.Open(t)
				uid := fill(t, src)
				var buf bytes.Buffer
				if err := src.Backup(ctx, &buf); err != nil {
					t.Fatal(err)
				}
				dst := to.Open(t)
				if err := dst.Restore(ctx, bytes.NewReader(buf.Bytes())); err != nil {
					t.Fatal(err)
				}
				q := dst.Read()
				u, err := q.Unit(ctx, hanoi.DistrictID("250"))
				if err != nil || u.ValidTo != civil.New(2025, 6, 30) || u.Name != "Mê Linh" {
					t.Errorf("unit after restore: %+v %v", u, err)
				}
				if n, _ := q.UnitCount(ctx); n != 690 {
					t.Errorf("units after restore: %d", n)
				}
				user, err := q.User(ctx, uid)
				if err != nil || !user.Disabled || user.Name != "Đặng Thị Hồng" {
					t.Errorf("user after restore: %+v %v", user, err)
				}
				data, _ := q.FileData(ctx, "f1")
				if !bytes.Equal(data, []byte{0x89, 0, 0xff, 10}) {
					t.Errorf("file bytes: %v", data)
				}
				// The queued import survives, claimable with its file.
				now := time.Now()
				var j store.ImportJob
				var file []byte
				err = dst.Tx(ctx, func(q store.Q) error {
					var err error
					j, file, err = q.ClaimImportJob(ctx, "", "w", now, now.Add(time.Minute))
					return err
				})
				if err != nil || j.ID != "j1" || string(file) != "Mã,Tên\n\x00\xff" {
					t.Errorf("import job after restore: %+v %q %v", j, file, err)
				}
				a, _ := q.Audit(ctx, store.AuditFilter{})
				if len(a) != 1 || !strings.Contains(a[0].After, "Đông Anh") {
					t.Errorf("audit: %+v", a)
				}
				// The copy is a working database: date queries still match.
				set, _ := q.UnitSet(ctx)
				if len(set.On(civil.New(2025, 7, 1))) != 134 {
					t.Error("restored dates do not compare")
				}
				// Restoring twice is refused: the target is no longer empty.
				if err := dst.Restore(ctx, bytes.NewReader(buf.Bytes())); err == nil {
					t.Error("restore into a non-empty database accepted")
				}
			})
		}
	}
}

func TestRestoreRefusesGarbage(t *testing.T) {
	s := testdb.SQLite(t)
	if err := s.Restore(ctx, strings.NewReader("not a backup")); err == nil {
		t.Fatal("garbage accepted")
	}
	var buf bytes.Buffer
	fill(t, s)
	s.Backup(ctx, &buf)
	cut := buf.Bytes()[:buf.Len()/2]
	dst := testdb.SQLite(t)
	if err := dst.Restore(ctx, bytes.NewReader(cut)); err == nil {
		t.Fatal("truncated backup accepted")
	}
	if n, _ := dst.Read().UnitCount(ctx); n != 0 {
		t.Errorf("half-restored: %d units", n)
	}
}
