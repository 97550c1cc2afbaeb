// Package demo loads the demonstration data set: the real Hà Nội units before
// and after 1/7/2025, one login per role (with officers and leaders of Mê
// Linh, Sóc Sơn, Gia Lâm and Đông Anh), and each area's story data.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
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

// Step loads one area's demo data. Each area registers its step from an init
// function in its own file; Order sets the sequence (foundation 0-9,
// programmes 20-24, proposals 25, follow-ups 30s, products 40s).
type Step struct {
	Order int
	Name  string
	Run   func(ctx context.Context, a *app.App) error
}

var steps []Step

// Register adds a step.
func Register(s Step) { steps = append(steps, s) }

// loginActor is a demo login acting as itself.
func loginActor(ctx context.Context, a *app.App, login string) (app.Actor, error) {
	id, err := a.UserIDByLogin(ctx, login)
	if err != nil {
		return app.Actor{}, err
	}
	u, err := a.Store.Read().User(ctx, id)
	return app.Actor{User: &u, IP: "demo", RequestID: "demo"}, err
}

// Steps returns every step in order.
func Steps() []Step {
	out := append([]Step(nil), steps...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Order < out[j].Order })
	return out
}

func init() {
	Register(Step{0, "units", loadUnits})
	Register(Step{1, "users", loadUsers})
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
