package store_test

import (
	"errors"
	"testing"

	"khcn/internal/account"
	"khcn/internal/hanoi"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// Bytes that are not UTF-8 never reach the database: an ID from a URL finds
// nothing (PostgreSQL would fail the query), and text is stored readable.
func TestInvalidUTF8Arguments(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		seedHanoi(t, s)
		if _, err := s.Read().Unit(ctx, "hn-\xff"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unit by a Latin-1 ID: %v", err)
		}
		var id string
		err := s.Tx(ctx, func(q store.Q) (err error) {
			id, err = q.CreateUser(ctx, store.NewUser{Login: "x", Name: "Nguy\xean", Role: account.UnitOfficer, UnitID: hanoi.CommuneID("09022"), PasswordHash: "x"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if u, _ := s.Read().User(ctx, id); u.Name != "Nguy\uFFFDn" {
			t.Errorf("stored %q", u.Name)
		}
		if bad, err := s.InvalidText(ctx); len(bad) > 0 || err != nil {
			t.Errorf("invalid text stored: %v %v", bad, err)
		}
	})
}
