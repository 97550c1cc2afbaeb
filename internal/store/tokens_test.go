package store_test

import (
	"errors"
	"testing"
	"time"

	"khcn/internal/account"
	"khcn/internal/hanoi"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// Tokens are found by hash, listed newest first, revoked once (a second
// revoke keeps the first time), and touched; service accounts are listed
// by unit scope. Both engines.
func TestTokensAndServiceAccounts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		seedHanoi(t, s)
		now := time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
		var uid, sid string
		err := s.Tx(ctx, func(q store.Q) error {
			var err error
			if uid, err = q.CreateUser(ctx, store.NewUser{Login: "a", Name: "A", Role: account.UnitOfficer, UnitID: hanoi.CommuneID("09022"), PasswordHash: "x"}); err != nil {
				return err
			}
			if sid, err = q.CreateUser(ctx, store.NewUser{Login: "svc", Name: "Cổng", Role: account.SoSpecialist, UnitID: hanoi.SoID, PasswordHash: "!"}); err != nil {
				return err
			}
			if err := q.InsertServiceAccount(ctx, sid, "Cổng thông tin", "admin", now); err != nil {
				return err
			}
			for i, name := range []string{"một", "hai"} {
				t := store.Token{ID: store.NewID(), UserID: uid, Name: name, Hash: "h" + name, Prefix: "khcn_ab", Write: i == 1,
					CreatedBy: "a", CreatedAt: now.Add(time.Duration(i) * time.Minute)}
				if i == 1 {
					t.ExpiresAt = now.Add(time.Hour)
				}
				if err := q.InsertToken(ctx, t); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		q := s.Read()
		ts, err := q.TokensOf(ctx, uid)
		if err != nil || len(ts) != 2 || ts[0].Name != "hai" || !ts[0].Write || ts[1].Write || !ts[1].ExpiresAt.IsZero() {
			t.Fatalf("tokens %+v %v", ts, err)
		}
		if !ts[0].Active(now) || ts[0].Active(now.Add(2*time.Hour)) || !ts[1].Active(now.AddDate(5, 0, 0)) {
			t.Error("expiry")
		}
		got, err := q.TokenByHash(ctx, "hhai")
		if err != nil || got.ID != ts[0].ID || !got.ExpiresAt.Equal(now.Add(time.Hour)) || !got.LastUsedAt.IsZero() {
			t.Fatalf("by hash %+v %v", got, err)
		}
		if _, err := q.TokenByHash(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown hash: %v", err)
		}
		err = s.Tx(ctx, func(q store.Q) error {
			if err := q.TouchToken(ctx, got.ID, now.Add(time.Minute)); err != nil {
				return err
			}
			if err := q.RevokeToken(ctx, got.ID, now.Add(2*time.Minute)); err != nil {
				return err
			}
			return q.RevokeToken(ctx, got.ID, now.Add(3*time.Minute))
		})
		if err != nil {
			t.Fatal(err)
		}
		got, _ = q.Token(ctx, got.ID)
		if !got.RevokedAt.Equal(now.Add(2*time.Minute)) || !got.LastUsedAt.Equal(now.Add(time.Minute)) || got.Active(now) {
			t.Errorf("revoked %+v", got)
		}
		// Duplicate hashes are refused.
		err = s.Tx(ctx, func(q store.Q) error {
			return q.InsertToken(ctx, store.Token{ID: store.NewID(), UserID: uid, Name: "x", Hash: "hhai", Prefix: "p", CreatedAt: now})
		})
		if err == nil {
			t.Error("a duplicate hash was stored")
		}
		for path, n := range map[string]int{"/hn/": 1, "/hn/hn-skhcn/": 1, "/hn/hn-09022/": 0} {
			list, err := q.ServiceAccounts(ctx, path)
			if err != nil || len(list) != n {
				t.Errorf("service accounts under %s: %+v %v", path, list, err)
			}
		}
		if ok, _ := q.IsServiceAccount(ctx, sid); !ok {
			t.Error("svc is a service account")
		}
		if ok, _ := q.IsServiceAccount(ctx, uid); ok {
			t.Error("a person is not")
		}
	})
}
