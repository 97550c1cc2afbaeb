package account

import (
	"context"
	"testing"
	"time"
)

// The table covers every role against core actions, in and out of scope.
func TestCan(t *testing.T) {
	const (
		city     = "/hn/"
		meLinh   = "/hn/hn-09022/"
		socSon   = "/hn/hn-00376/"
		district = "/hn/hn-250/"
	)
	so := func(r Role) *User { return &User{Role: r, ScopePath: city} }
	unit := func(r Role) *User {
		return &User{Role: r, ScopePath: meLinh, HistoryPaths: []string{district}}
	}
	cases := []struct {
		name string
		u    *User
		a    Action
		obj  Object
		want bool
	}{
		{"public sees tree", nil, OrgTreeView, None, true},
		{"public cannot view unit", nil, OrgUnitView, Unit(meLinh), false},
		{"officer views own unit", unit(UnitOfficer), OrgUnitView, Unit(meLinh), true},
		{"officer cannot view other commune", unit(UnitOfficer), OrgUnitView, Unit(socSon), false},
		{"officer views former district (history)", unit(UnitOfficer), OrgUnitView, Unit(district + "hn-x-old/"), true},
		{"leader cannot view other commune", unit(UnitLeader), OrgUnitView, Unit(socSon), false},
		{"specialist views any unit", so(SoSpecialist), OrgUnitView, Unit(socSon), true},
		{"sở leader views any unit", so(SoLeader), OrgUnitView, Unit(meLinh), true},
		{"admin reads audit", so(SoAdmin), AuditView, None, true},
		{"specialist cannot read audit", so(SoSpecialist), AuditView, None, false},
		{"officer cannot read audit", unit(UnitOfficer), AuditView, None, false},
		{"council cannot read audit", &User{Role: Council}, AuditView, None, false},
		{"public cannot read audit", nil, AuditView, None, false},
		{"admin manages users", so(SoAdmin), UserManage, Unit(meLinh), true},
		{"unit leader cannot manage users", unit(UnitLeader), UserManage, Unit(meLinh), false},
		{"council manages own profile", &User{Role: Council}, ProfileManage, None, true},
		{"public has no profile", nil, ProfileManage, None, false},
		{"disabled admin refused", &User{Role: SoAdmin, ScopePath: city, Disabled: true}, AuditView, None, false},
		{"unknown action refused", so(SoAdmin), Action("no.such"), None, false},
		{"unit role without scope refused", &User{Role: UnitOfficer}, OrgUnitView, Unit(meLinh), false},
	}
	for _, c := range cases {
		if got := Can(c.u, c.a, c.obj); got != c.want {
			t.Errorf("%s: Can = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestHistoryIsReadOnly(t *testing.T) {
	edit := Define("test.edit", Rule{Roles: AllUnit, Scoped: true})
	u := &User{Role: UnitOfficer, ScopePath: "/hn/a/", HistoryPaths: []string{"/hn/old/"}}
	if Can(u, edit, Unit("/hn/old/")) {
		t.Error("history path editable")
	}
	if !Can(u, edit, Unit("/hn/a/")) {
		t.Error("own unit not editable")
	}
}

func TestPasswords(t *testing.T) {
	ctx := t.Context()
	h, err := HashPassword("mật khẩu dài đủ")
	if err != nil {
		t.Fatal(err)
	}
	check := func(h, pw string) bool {
		ok, err := CheckPassword(ctx, h, pw)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !check(h, "mật khẩu dài đủ") || check(h, "mat khau dai du") {
		t.Error("check")
	}
	h2, _ := HashPassword("mật khẩu dài đủ")
	if h == h2 {
		t.Error("no salt")
	}
	for _, bad := range []string{"", "$argon2id$", "$argon2id$v=19$m=0,t=1,p=1$AA$AA", "$bcrypt$x$y$z$w",
		"$argon2id$v=19$m=4194304,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"} {
		if check(bad, "x") {
			t.Errorf("accepted %q", bad)
		}
	}
	if CheckPasswordPolicy("short") == nil || CheckPasswordPolicy("đủ mười ký tự") != nil {
		t.Error("policy")
	}
}

// With every hashing slot taken, a check waits HashWait at most and says
// the server is busy; a cancelled request stops waiting at once.
func TestPasswordCheckWaitsBounded(t *testing.T) {
	defer OccupyHashSlotsForTest()()
	if _, err := CheckPassword(t.Context(), dummyHash, "x"); err != ErrBusy {
		t.Errorf("full slots: %v, want ErrBusy", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := DummyCheck(ctx, "x"); err != context.Canceled {
		t.Errorf("cancelled: %v", err)
	}
}

// The numbers the README promises.
func TestLoginBackoff(t *testing.T) {
	b := LoginBackoff
	for n, want := range map[int]time.Duration{1: 0, 4: 0, 5: time.Minute, 6: 2 * time.Minute, 9: 16 * time.Minute, 50: 16 * time.Minute} {
		if got := b.LockAfter(n); got != want {
			t.Errorf("lock after attempt %d: %v, want %v", n, got, want)
		}
	}
	if n := b.MostPerWindow(); n < 50 || n > 100 {
		t.Errorf("%d guesses a day at one login", n)
	}
	if n := AddressBackoff.MostPerWindow(); n <= b.MostPerWindow() || n > 150 {
		t.Errorf("%d guesses a day from one address", n)
	}
	if (Backoff{Free: 1, Window: time.Hour}).MostPerWindow() != -1 {
		t.Error("a policy that never locks is not reported")
	}
}

// A seated rule admits only the users the object lists, whatever their role
// or unit scope: sitting on a council is its own scope.
func TestCanSeated(t *testing.T) {
	sit := Define("test.sit", Rule{Roles: []Role{Council}, Seated: true})
	member := &User{ID: "u-1", Role: Council}
	other := &User{ID: "u-2", Role: Council}
	so := &User{ID: "u-3", Role: SoAdmin, ScopePath: "/hn/"}
	cases := []struct {
		name string
		u    *User
		obj  Object
		want bool
	}{
		{"listed member", member, Seats([]string{"u-1", "u-9"}), true},
		{"member not listed", other, Seats([]string{"u-1"}), false},
		{"member of nothing", member, None, false},
		{"unit scope does not admit", member, Unit("/hn/"), false},
		{"sở role not on the rule even if listed", so, Seats([]string{"u-3"}), false},
		{"disabled member", &User{ID: "u-1", Role: Council, Disabled: true}, Seats([]string{"u-1"}), false},
		{"user without id", &User{Role: Council}, Seats([]string{""}), false},
		{"public", nil, Seats([]string{""}), false},
	}
	for _, c := range cases {
		if got := Can(c.u, sit, c.obj); got != c.want {
			t.Errorf("%s: Can = %v, want %v", c.name, got, c.want)
		}
	}
}
