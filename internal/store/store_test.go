package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/hanoi"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

var ctx = context.Background()

func seedHanoi(t *testing.T, s *store.Store) {
	t.Helper()
	units, links, err := hanoi.Units()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Tx(ctx, func(q store.Q) error { return q.InsertUnits(ctx, units, links) }); err != nil {
		t.Fatal(err)
	}
}

func TestOrgUnits(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		seedHanoi(t, s)
		q := s.Read()
		communes, err := q.UnitsOn(ctx, civil.New(2025, 7, 1), orgunit.Commune)
		if err != nil || len(communes) != 126 {
			t.Fatalf("communes on 1/7/2025: %d, %v", len(communes), err)
		}
		// Vietnamese collation, not byte order: Đ after D, Ô after O.
		names := make([]string, len(communes))
		for i, c := range communes {
			names[i] = c.Name
		}
		iD, iDj := slices.Index(names, "Dương Nội"), slices.Index(names, "Đông Anh")
		if iD < 0 || iDj < 0 || iD > iDj {
			t.Errorf("Dương Nội at %d, Đông Anh at %d", iD, iDj)
		}
		districts, _ := q.UnitsOn(ctx, civil.New(2024, 7, 19), orgunit.District)
		if len(districts) != 30 {
			t.Errorf("districts in 2024: %d", len(districts))
		}
		u, err := q.Unit(ctx, hanoi.DistrictID("250"))
		if err != nil || u.Name != "Mê Linh" || u.ValidTo != civil.New(2025, 6, 30) || u.Kind != orgunit.District {
			t.Errorf("Mê Linh district: %+v %v", u, err)
		}
		if _, err := q.Unit(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing unit: %v", err)
		}
		set, err := q.UnitSet(ctx)
		if err != nil || set.Len() != len(communes)+30+526+2+len(hanoi.Divisions) {
			t.Fatalf("set: %v %v", set.Len(), err)
		}
		found, err := q.SearchUnits(ctx, "me linh", 10)
		if err != nil || len(found) == 0 {
			t.Fatalf("search: %v %v", found, err)
		}
		for _, f := range found {
			if !strings.Contains(strings.ToLower(f.Name), "mê linh") {
				t.Errorf("search me linh found %s", f.Name)
			}
		}
		// Words match in any order.
		if found, err := q.SearchUnits(ctx, "linh  me", 10); err != nil || len(found) == 0 || !strings.Contains(found[0].Name, "Mê Linh") {
			t.Errorf("words in another order: %v %v", found, err)
		}
		// A short word is a whole word: "ba" finds Ba Vì, not Bạch Mai.
		ba, err := q.SearchUnits(ctx, "ba", 50)
		if err != nil || len(ba) == 0 {
			t.Fatalf("search ba: %v %v", ba, err)
		}
		for _, u := range ba {
			if !slices.Contains(strings.Fields(locale.Fold(u.Name)), "ba") {
				t.Errorf("search ba found %s", u.Name)
			}
		}
		// Exact diacritics rank first: "Hòa" before "Hóa"-like neighbours.
		hoa, _ := q.SearchUnits(ctx, "Hòa Lạc", 5)
		if len(hoa) == 0 || hoa[0].Name != "Hòa Lạc" {
			t.Errorf("Hòa Lạc ranked %v", hoa)
		}
	})
}

// The successor map's parts are stored with its links and read back: each
// former commune's links add up to 1 (1 whole, 1/k for each of k parts).
func TestSuccessorWeightsStored(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		seedHanoi(t, s)
		set, err := s.Read().UnitSet(ctx)
		if err != nil {
			t.Fatal(err)
		}
		split := 0
		for _, u := range set.On(civil.New(2025, 6, 30)) {
			links := set.Successors(u.ID)
			total := 0.0
			for _, l := range links {
				if l.Weight <= 0 || (l.Share == orgunit.Whole && l.Weight != 1) {
					t.Fatalf("%s → %s: weight %v", l.FromID, l.ToID, l.Weight)
				}
				total += l.Weight
			}
			if len(links) > 1 {
				split++
			}
			if len(links) > 0 && (total < 1-1e-9 || total > 1+1e-9) {
				t.Errorf("%s: weights add up to %v", u.ID, total)
			}
		}
		if split < 190 {
			t.Errorf("only %d split communes", split)
		}
	})
}

func TestUsersSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		seedHanoi(t, s)
		var id string
		err := s.Tx(ctx, func(q store.Q) error {
			var err error
			id, err = q.CreateUser(ctx, store.NewUser{Login: "CanBo.MeLinh", Name: "Nguyễn Văn A", Role: account.UnitOfficer,
				UnitID: hanoi.CommuneID("09022"), PasswordHash: "x"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = s.Tx(ctx, func(q store.Q) error {
			_, err := q.CreateUser(ctx, store.NewUser{Login: "canbo.melinh", Name: "B", Role: account.UnitOfficer, UnitID: hanoi.CommuneID("09022"), PasswordHash: "x"})
			return err
		})
		if !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("duplicate login: %v", err)
		}
		u, hash, err := s.Read().UserByLogin(ctx, " canbo.melinh ")
		if err != nil || u.ID != id || hash != "x" || u.UnitName != "Mê Linh" {
			t.Fatalf("by login: %+v %v", u, err)
		}
		if u.ScopePath != "/hn/hn-09022/" {
			t.Errorf("scope %q", u.ScopePath)
		}
		if !slices.Contains(u.HistoryPaths, "/hn/hn-250/") {
			t.Errorf("history lacks Mê Linh district: %v", u.HistoryPaths)
		}
		// xã Mê Linh took only part of xã Đại Mạch (Đông Anh): that commune's
		// own records are history, the whole Đông Anh district is not.
		if slices.Contains(u.HistoryPaths, "/hn/hn-017/") || !slices.Contains(u.HistoryPaths, "/hn/hn-017/hn-00499-old/") {
			t.Errorf("history paths: %v", u.HistoryPaths)
		}
		// Optimistic locking.
		up := store.UserUpdate{ID: id, Name: "Nguyễn Văn Á", Lang: "vi", Digest: "daily", Version: u.Version}
		if err := s.Tx(ctx, func(q store.Q) error { return q.UpdateUser(ctx, up) }); err != nil {
			t.Fatal(err)
		}
		if err := s.Tx(ctx, func(q store.Q) error { return q.UpdateUser(ctx, up) }); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale update: %v", err)
		}
		// NFC on the way in: a decomposed name is stored composed.
		decomposed := "Nguye\u0302\u0303n"
		up2 := store.UserUpdate{ID: id, Name: decomposed, Lang: "vi", Digest: "daily", Version: u.Version + 1}
		if err := s.Tx(ctx, func(q store.Q) error { return q.UpdateUser(ctx, up2) }); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Read().User(ctx, id); got.Name != "Nguyễn" {
			t.Errorf("not NFC: %q", got.Name)
		}

		now := time.Now()
		sess := store.Session{TokenHash: "h1", UserID: id, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := s.Tx(ctx, func(q store.Q) error { return q.CreateSession(ctx, sess, "127.0.0.1", "test") }); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Read().SessionByHash(ctx, "h1", now); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Read().SessionByHash(ctx, "h1", now.Add(2*time.Hour)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("expired session found: %v", err)
		}
		if err := s.Tx(ctx, func(q store.Q) error { return q.SetDisabled(ctx, id, true) }); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Read().SessionByHash(ctx, "h1", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("disabled user's session survives: %v", err)
		}

	})
}

func TestAudit(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		for i, action := range []string{"user.create", "user.disable", "unit.view"} {
			err := s.Tx(ctx, func(q store.Q) error {
				return q.AppendAudit(ctx, store.AuditEntry{ActorLogin: "admin", Action: action, ObjectType: "user", ObjectID: "u1"},
					map[string]any{"i": i}, map[string]any{"name": "Đông Anh", "i": i + 1})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		all, err := s.Read().Audit(ctx, store.AuditFilter{})
		if err != nil || len(all) != 3 || all[0].Action != "unit.view" {
			t.Fatalf("audit: %v %v", all, err)
		}
		if !strings.Contains(all[0].After, "Đông Anh") || !strings.Contains(all[0].Before, `"i"`) {
			t.Errorf("before/after: %q %q", all[0].Before, all[0].After)
		}
		one, _ := s.Read().Audit(ctx, store.AuditFilter{Action: "user.disable"})
		if len(one) != 1 {
			t.Errorf("filter: %v", one)
		}
		page, _ := s.Read().Audit(ctx, store.AuditFilter{Before: all[0].ID, Limit: 1})
		if len(page) != 1 || page[0].ID != all[1].ID {
			t.Errorf("paging: %v", page)
		}
	})
}

// The product never edits or deletes audit rows.
func TestAuditIsAppendOnly(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	bad := regexp.MustCompile(`(?i)(update\s+audit_log|delete\s+from\s+audit_log)`)
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if bad.Match(b) {
			t.Errorf("%s modifies audit_log", f)
		}
	}
}

// Two servers starting at once on one PostgreSQL both succeed.
func TestConcurrentMigrate(t *testing.T) {
	url := testdb.NewPostgresURL(t)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s, err := store.Open(ctx, url, "")
			if err == nil {
				s.Close()
			}
			errs[i] = err
		}(i)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestNewIDOrdered(t *testing.T) {
	prev := store.NewID()
	for i := 0; i < 10000; i++ {
		id := store.NewID()
		if id <= prev || len(id) != 36 || id[14] != '7' {
			t.Fatalf("%s after %s", id, prev)
		}
		prev = id
	}
}
