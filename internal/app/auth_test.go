package app_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/demo"
	"khcn/internal/store"
	"khcn/internal/testdb"
	"khcn/internal/valid"
)

// from is a browser at an address; its device token is filled by its first
// successful login, like the cookie.
type from struct {
	ip, device string
}

func login(a *app.App, c *from, name, pw string) error {
	res, err := a.Login(context.Background(), app.Actor{IP: c.ip, Device: c.device}, name, pw, "test")
	if err == nil {
		c.device = res.Device
	}
	return err
}

func lockedUntil(t *testing.T, err error) time.Time {
	t.Helper()
	var l app.LockedError
	if !errors.As(err, &l) {
		t.Fatalf("want a lock, got %v", err)
	}
	return l.Until
}

// A stranger who knows a login gets five guesses, then waits longer and
// longer; the owner, from a browser or an address that has logged in to the
// account before, is never kept out by it.
func TestLoginThrottleKeepsTheOwnerIn(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		c := &clock{t: at(2026, 3, 2, 8, 0)}
		a := newApp(t, s, c, true)
		owner := &from{ip: "10.1.1.1"}
		if err := login(a, owner, "canbo.melinh", demo.Password); err != nil {
			t.Fatal(err)
		}
		stranger := &from{ip: "203.0.113.7"}
		for i := 1; i <= 4; i++ {
			if err := login(a, stranger, "canbo.melinh", "doan-mo-"+fmt.Sprint(i)); !errors.Is(err, app.ErrBadCredentials) {
				t.Fatalf("guess %d: %v", i, err)
			}
		}
		if until := lockedUntil(t, login(a, stranger, "canbo.melinh", "doan-mo-5")); !until.Equal(c.Now().Add(time.Minute)) {
			t.Errorf("fifth guess locks until %v, want a minute", until)
		}
		// Locked: even the right password is refused to the stranger...
		lockedUntil(t, login(a, stranger, "canbo.melinh", demo.Password))
		// ...and to anyone new, from anywhere.
		lockedUntil(t, login(a, &from{ip: "198.51.100.1"}, "canbo.melinh", demo.Password))
		// The owner's browser, and a new browser at the owner's address, get in.
		if err := login(a, owner, "canbo.melinh", demo.Password); err != nil {
			t.Errorf("owner's browser kept out: %v", err)
		}
		if err := login(a, &from{ip: owner.ip}, "canbo.melinh", demo.Password); err != nil {
			t.Errorf("owner's address kept out: %v", err)
		}
		// The stranger's waits double: 2 minutes after the sixth guess.
		c.Add(time.Minute)
		if until := lockedUntil(t, login(a, stranger, "canbo.melinh", "doan-mo-6")); !until.Equal(c.Now().Add(2 * time.Minute)) {
			t.Errorf("sixth guess locks until %v, want two minutes", until)
		}
		// The owner's own mistakes lock only the owner's browser, for a minute.
		for i := 1; i <= 5; i++ {
			login(a, owner, "canbo.melinh", "go-nham")
		}
		lockedUntil(t, login(a, owner, "canbo.melinh", demo.Password))
		c.Add(time.Minute)
		if err := login(a, owner, "canbo.melinh", demo.Password); err != nil {
			t.Errorf("owner still out a minute after their own mistakes: %v", err)
		}
		// An unknown login is throttled the same way: it cannot be told apart.
		for i := 1; i <= 4; i++ {
			if err := login(a, stranger, "khong.co.ai", "x"); !errors.Is(err, app.ErrBadCredentials) {
				t.Fatalf("unknown login %d: %v", i, err)
			}
		}
		lockedUntil(t, login(a, stranger, "khong.co.ai", "x"))
	})
}

// An address guessing at many logins slows only itself, and only for logins
// it has not logged in to before.
func TestAddressThrottleSlowsOnlyThatAddress(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		c := &clock{t: at(2026, 3, 2, 8, 0)}
		a := newApp(t, s, c, true)
		office := "10.2.2.2"
		colleague := &from{ip: office}
		if err := login(a, colleague, "canbo.socson", demo.Password); err != nil {
			t.Fatal(err)
		}
		var last error
		for i := 0; i < account.AddressBackoff.Free; i++ {
			last = login(a, &from{ip: office}, fmt.Sprintf("nguoi.%d", i), "x")
		}
		lockedUntil(t, last)
		lockedUntil(t, login(a, &from{ip: office}, "chuyenvien", demo.Password))
		if err := login(a, colleague, "canbo.socson", demo.Password); err != nil {
			t.Errorf("a known browser behind the address kept out: %v", err)
		}
		if err := login(a, &from{ip: "10.3.3.3"}, "chuyenvien", demo.Password); err != nil {
			t.Errorf("another address kept out: %v", err)
		}
	})
}

// Forty guesses at once at one login: five are checked, the rest refused
// before any hashing, and the right password after them is refused too.
func TestParallelGuessesAreReservedAtomically(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		a := newApp(t, s, &clock{t: time.Now()}, true)
		var checked, locked atomic.Int32
		var wg sync.WaitGroup
		for i := 0; i < 40; i++ {
			wg.Go(func() {
				err := login(a, &from{ip: "203.0.113.9"}, "admin", fmt.Sprintf("doan-%d", i))
				var l app.LockedError
				switch {
				case errors.Is(err, app.ErrBadCredentials):
					checked.Add(1)
				case errors.As(err, &l):
					locked.Add(1)
				default:
					t.Errorf("guess %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		// The fifth checked guess answers with the lock it earned.
		if checked.Load() != int32(account.LoginBackoff.Free-1) || locked.Load() != 40-checked.Load() {
			t.Fatalf("%d guesses checked and refused, %d locked", checked.Load(), locked.Load())
		}
		lockedUntil(t, login(a, &from{ip: "203.0.113.9"}, "admin", demo.Password))
	})
}

// Changing one's password ends one's other sessions and keeps this one; an
// administrator's reset ends them all. The current password is throttled
// like a login.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := newApp(t, s, &clock{t: time.Now()}, true)
		open := func() app.LoginResult {
			res, err := a.Login(ctx, app.Actor{IP: "10.0.0.5"}, "canbo.gialam", demo.Password, "test")
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		alive := func(tok string) bool {
			u, err := a.SessionUser(ctx, tok)
			if err != nil {
				t.Fatal(err)
			}
			return u != nil
		}
		here, there := open(), open()
		me := app.Actor{User: here.User, IP: "10.0.0.5", Device: here.Device, Session: here.Token}
		if err := a.ChangePassword(ctx, me, demo.Password, "mat-khau-moi-2026"); err != nil {
			t.Fatal(err)
		}
		if !alive(here.Token) || alive(there.Token) {
			t.Fatalf("after a change: this session alive %v, the other alive %v", alive(here.Token), alive(there.Token))
		}
		// Wrong current passwords: refused at the field, then locked.
		var errs valid.Errors
		for i := 1; i <= 4; i++ {
			if err := a.ChangePassword(ctx, me, "sai-"+fmt.Sprint(i), "mat-khau-khac-2026"); !errors.As(err, &errs) || errs["current"].Key != "err.password_wrong" {
				t.Fatalf("wrong current password %d: %v", i, err)
			}
		}
		a.ChangePassword(ctx, me, "sai-5", "mat-khau-khac-2026")
		err := a.ChangePassword(ctx, me, "mat-khau-moi-2026", "mat-khau-khac-2026")
		if !errors.As(err, &errs) || errs["current"].Key != "err.password_locked" {
			t.Fatalf("sixth try at the current password: %v (want the profile's own message, not the login's)", err)
		}

		res, err := a.Login(ctx, app.Actor{IP: "10.0.0.6"}, "canbo.gialam", "mat-khau-moi-2026", "test")
		if err != nil {
			t.Fatal(err)
		}
		if err := a.ResetPassword(ctx, actor(t, a, "admin"), res.User.ID, "dat-lai-boi-qt-2026"); err != nil {
			t.Fatal(err)
		}
		if alive(here.Token) || alive(res.Token) {
			t.Error("a session survived the administrator's reset")
		}
	})
}

// Two hundred logins at once with unknown names, from as many addresses:
// hashing is bounded, so the heap stays far below what 200 argon2id runs
// of 32 MiB would take (6.4 GB), and each answer is a refusal or "busy",
// never an error.
func TestParallelLoginsKeepMemoryBounded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		a := newApp(t, s, &clock{t: time.Now()}, true)
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var peak atomic.Uint64
		stop := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			var m runtime.MemStats
			for {
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
				select {
				case <-stop:
					return
				case <-time.After(5 * time.Millisecond):
				}
			}
		}()
		var checked, busy atomic.Int32
		var wg sync.WaitGroup
		for i := 0; i < 200; i++ {
			wg.Go(func() {
				err := login(a, &from{ip: fmt.Sprintf("198.18.%d.%d", i/250, i%250+1)}, fmt.Sprintf("khong-co-%d", i), "mat-khau-bat-ky")
				switch {
				case errors.Is(err, app.ErrBadCredentials):
					checked.Add(1)
				case errors.Is(err, app.ErrBusy):
					busy.Add(1)
				default:
					t.Errorf("login %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		close(stop)
		<-sampled
		grew := int64(peak.Load()) - int64(base.HeapInuse)
		const limit = 256 << 20
		if grew > limit {
			t.Errorf("heap grew by %d MiB during 200 parallel logins, limit %d MiB", grew>>20, limit>>20)
		}
		if checked.Load() == 0 {
			t.Error("no login was checked")
		}
		t.Logf("heap grew by %d MiB; %d checked, %d told to try again", grew>>20, checked.Load(), busy.Load())
	})
}
