package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"khcn/internal/app"
	"khcn/internal/store"
)

// khcn token add prints a token that opens the API as that user, with the
// rights asked for; unknown logins and bad lifetimes are refused.
func TestTokenAdd(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "d")
	data := "--data=" + dir
	if err := run(ctx, "migrate", []string{data}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KHCN_PASSWORD", "mật-khẩu-đủ-dài")
	if err := run(ctx, "user", []string{"add", data, "--login=qt", "--name=Quản trị", "--role=so_admin", "--unit=hn-skhcn"}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	tokenOut = &out
	defer func() { tokenOut = nil }()
	if err := run(ctx, "token", []string{"add", data, "--login=qt", "--write", "--expires=10"}); err != nil {
		t.Fatal(err)
	}
	secret := strings.TrimSpace(out.String())
	if !strings.HasPrefix(secret, app.TokenPrefix) {
		t.Fatalf("printed %q", secret)
	}
	if err := run(ctx, "token", []string{"add", data, "--login=nobody"}); err == nil {
		t.Error("token for an unknown login")
	}
	if err := run(ctx, "token", []string{"add", data, "--login=qt", "--expires=0"}); err == nil || !strings.Contains(err.Error(), "days") {
		t.Errorf("expires 0: %v", err)
	}
	s, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tu, err := app.New(s, nil).AuthenticateToken(ctx, app.Actor{IP: "127.0.0.1"}, secret)
	if err != nil || tu.User.Login != "qt" || !tu.Token.Write || tu.Token.ExpiresAt.Sub(tu.Token.CreatedAt).Hours() != 240 {
		t.Fatalf("token: %+v %v", tu, err)
	}
}
