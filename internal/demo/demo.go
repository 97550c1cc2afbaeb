// Package demo loads the demonstration data set: the real Hà Nội units before
// and after 1/7/2025, one login per role (with officers and leaders of Mê
// Linh, Sóc Sơn, Gia Lâm and Đông Anh), and each area's story data.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/hanoi"
	"khcn/internal/store"
)

// Password is shared by every demo login; it is printed at start.
const Password = "khcn-demo-2026"

// Login is one demo account.
type Login struct {
	Login, Name, Title string
	Role               account.Role
	UnitID             string
	UnitName           string
}

// The four communes of the story carry the names of the former districts.
var (
	MeLinh  = hanoi.CommuneID("09022")
	SocSon  = hanoi.CommuneID("00376")
	GiaLam  = hanoi.CommuneID("00565")
	DongAnh = hanoi.CommuneID("00454")
)

// Logins lists the demo accounts in the order they are printed.
var Logins = []Login{
	{"admin", "Trần Minh Quân", "Quản trị hệ thống", account.SoAdmin, "hn-skhcn-vp", "Văn phòng Sở"},
	{"chuyenvien", "Nguyễn Thị Thu Hà", "Chuyên viên Phòng Quản lý khoa học", account.SoSpecialist, "hn-skhcn-qlkh", "Phòng Quản lý khoa học"},
	{"lanhdao.so", "Phạm Văn Đức", "Phó Giám đốc Sở", account.SoLeader, hanoi.SoID, "Sở Khoa học và Công nghệ"},
	{"canbo.melinh", "Lê Văn Hùng", "Công chức Văn hóa - Xã hội", account.UnitOfficer, MeLinh, "Xã Mê Linh"},
	{"lanhdao.melinh", "Đỗ Thị Lan", "Phó Chủ tịch UBND xã", account.UnitLeader, MeLinh, "Xã Mê Linh"},
	{"canbo.socson", "Nguyễn Văn Bình", "Công chức Kinh tế", account.UnitOfficer, SocSon, "Xã Sóc Sơn"},
	{"lanhdao.socson", "Hoàng Văn Thắng", "Phó Chủ tịch UBND xã", account.UnitLeader, SocSon, "Xã Sóc Sơn"},
	{"canbo.gialam", "Vũ Thị Mai", "Công chức Kinh tế", account.UnitOfficer, GiaLam, "Xã Gia Lâm"},
	{"lanhdao.gialam", "Bùi Quang Huy", "Phó Chủ tịch UBND xã", account.UnitLeader, GiaLam, "Xã Gia Lâm"},
	{"canbo.donganh", "Đặng Thị Hồng", "Công chức Kinh tế", account.UnitOfficer, DongAnh, "Xã Đông Anh"},
	{"lanhdao.donganh", "Ngô Văn Tiến", "Phó Chủ tịch UBND xã", account.UnitLeader, DongAnh, "Xã Đông Anh"},
	{"chuyengia", "PGS.TS. Trịnh Văn Khoa", "Chuyên gia tư vấn", account.Council, hanoi.SoID, "Hội đồng tư vấn"},
}

// Step loads one area's demo data. Each area's file has its step's
// function; Steps lists them in order.
type Step struct {
	Name string
	Run  func(ctx context.Context, a *app.App) error
}

// loginActor is a demo login acting as itself.
func loginActor(ctx context.Context, a *app.App, login string) (app.Actor, error) {
	id, err := a.UserIDByLogin(ctx, login)
	if err != nil {
		return app.Actor{}, err
	}
	u, err := a.Store.Read().User(ctx, id)
	return app.Actor{User: &u, IP: "demo", RequestID: "demo"}, err
}

// Steps returns every step, in the order they run: the foundation (units,
// then users: webtest.Foundation takes these two), then each area's story.
func Steps() []Step {
	return []Step{
		{Name: "units", Run: loadUnits},                        // demo.go
		{Name: "users", Run: loadUsers},                        // demo.go
		{Name: "documents", Run: loadDocuments},                // documents.go
		{Name: "programme 07-CTr/TU", Run: loadProgramme07},    // programmes.go
		{Name: "programme NQ 57 (2026)", Run: loadProgramme57}, // programmes.go
		{Name: "proposals", Run: loadProposals},                // proposals.go, after the programmes the calls serve
		{Name: "followups", Run: loadFollowups},                // followups.go
		{Name: "ocop", Run: loadOcop},                          // ocop.go
		{Name: "councils", Run: loadCouncils},                  // councils.go
	}
}

// Loaded reports whether the demo data is already in the database (the
// demo logins exist).
func Loaded(ctx context.Context, s *store.Store) (bool, error) {
	_, err := s.Read().UserIDByLogin(ctx, Logins[0].Login)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Load runs every step on a fresh database.
func Load(ctx context.Context, a *app.App) error {
	for _, st := range Steps() {
		if err := st.Run(ctx, a); err != nil {
			return fmt.Errorf("demo %s: %w", st.Name, err)
		}
	}
	return nil
}

func loadUnits(ctx context.Context, a *app.App) error { return a.SeedReference(ctx) }

func loadUsers(ctx context.Context, a *app.App) error {
	for _, l := range Logins {
		_, err := a.CreateUser(ctx, app.System(), app.UserInput{Login: l.Login, Name: l.Name, Title: l.Title,
			Email: l.Login + "@khcn.demo.vn", Role: l.Role, UnitID: l.UnitID, Password: Password})
		if err != nil {
			return fmt.Errorf("user %s: %w", l.Login, err)
		}
	}
	return nil
}

// PrintLogins writes the demo logins as a table.
func PrintLogins(w io.Writer, addr string) {
	fmt.Fprintf(w, "\nkhcn demo: http://%s\nMật khẩu chung / shared password: %s\n\n", addr, Password)
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "Tên đăng nhập\tVai trò / role\tĐơn vị / unit")
	for _, l := range Logins {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", l.Login, l.Role, l.UnitName)
	}
	tw.Flush()
	fmt.Fprintln(w)
}
