package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The administration commands work end to end on a data folder: migrate,
// add a user, change the password, disable, back up and restore elsewhere.
func TestCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	data := "--data=" + filepath.Join(dir, "a")
	if err := run(ctx, "migrate", []string{data}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KHCN_PASSWORD", "mật-khẩu-đủ-dài")
	// A unit that does not exist: the message names the field in Vietnamese.
	err := run(ctx, "user", []string{"add", data, "--login=qt", "--name=Quản trị", "--role=so_admin", "--unit=hn-999"})
	if err == nil || !strings.Contains(err.Error(), "unit_id: Đơn vị không tồn tại") {
		t.Fatalf("add with unknown unit: %v", err)
	}
	// migrate seeded the Hà Nội units, so the Sở exists.
	if err := run(ctx, "user", []string{"add", data, "--login=qt", "--name=Quản trị", "--role=so_admin", "--unit=hn-skhcn"}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KHCN_PASSWORD", "ngắn")
	if err := run(ctx, "user", []string{"passwd", data, "--login=qt"}); err == nil || !strings.Contains(err.Error(), "ít nhất 10 ký tự") {
		t.Fatalf("short password: %v", err)
	}
	if err := run(ctx, "user", []string{"disable", data, "--login=qt"}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "backup.khcn.gz")
	if err := run(ctx, "backup", []string{data, "--out=" + out}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Fatalf("backup file: %v", err)
	}
	// Restore wants an empty database: a fresh one without the seed.
	if err := run(ctx, "restore", []string{"--data=" + filepath.Join(dir, "b"), "--in=" + out}); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, "nonsense", nil); err == nil {
		t.Error("unknown command accepted")
	}
}
