package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/hanoi"
	"khcn/internal/locale"
	"khcn/internal/ocop"
	"khcn/internal/orgunit"
	"khcn/internal/programme/gen"
	"khcn/internal/proposal"
	"khcn/internal/store"
)

// The national data set (khcn demo --scale national): the country root and
// the ministry, Hà Nội with its story (the usual demo logins) and 33
// generated provinces (internal/programme/gen), the generated programme of
// 100 indicators × 10 periods over 3,321 communes, and on top: a national
// call with 5,000 proposals, 20,000 action items, 2,000 recommendations,
// 10,000 OCOP products with ratings and IP titles, an officer and a leader
// per commune and a specialist and a leader per province's Sở, and the
// login bo.khcn, who sees the whole country.
const (
	NationalLogin     = "bo.khcn"
	NationalProposals = 5000
	NationalActions   = 20000
	NationalRecs      = 2000
	NationalProducts  = 10000
	NationalCallID    = "gen-call-2027"
)

// NationalLoaded reports whether the national data set is complete (its
// last step adds bo.khcn). A database holding only part of it (a load
// interrupted) or the Hà Nội demo alone is refused: start on an empty one.
func NationalLoaded(ctx context.Context, s *store.Store) (bool, error) {
	_, err := s.Read().UserIDByLogin(ctx, NationalLogin)
	if err == nil {
		return true, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	n, err := s.Read().UnitCount(ctx)
	if err != nil || n == 0 {
		return false, err
	}
	return false, errors.New("demo --scale national needs an empty database (this one holds other data or an interrupted load)")
}

// SeedNationalUnits inserts the country root, the ministry and Hà Nội
// into an empty database, before the reference seed (which then finds
// units and leaves them). The other provinces come after the story, so the
// story's steps see only Hà Nội.
func SeedNationalUnits(ctx context.Context, s *store.Store) error {
	units, links, err := gen.HanoiUnits()
	if err != nil {
		return err
	}
	return s.BulkLoad(ctx, func(q store.Q) error { return q.InsertUnits(ctx, units, links) })
}

// LoadNational loads the Hà Nội story and the national data on a database
// whose units SeedNationalUnits inserted and whose reference rows are in.
func LoadNational(ctx context.Context, a *app.App, log *slog.Logger) error {
	step := func(name string, fn func() error) error {
		start := time.Now()
		if err := fn(); err != nil {
			return fmt.Errorf("demo national %s: %w", name, err)
		}
		if log != nil {
			log.Info("demo national", "step", name, "seconds", time.Since(start).Round(time.Millisecond).Seconds())
		}
		return nil
	}
	if err := step("story", func() error { return Load(ctx, a) }); err != nil {
		return err
	}
	err := step("provinces", func() error {
		units, links := gen.ProvinceUnits()
		return a.Store.BulkLoad(ctx, func(q store.Q) error { return q.InsertUnits(ctx, units, links) })
	})
	if err != nil {
		return err
	}
	set, err := a.Store.Read().UnitSet(ctx)
	if err != nil {
		return err
	}
	var communes []orgunit.Unit
	for _, u := range set.On(locale.Today(a.Now())) {
		if u.Kind == orgunit.Commune {
			communes = append(communes, *u)
		}
	}
	n := &national{a: a, set: set, communes: communes, today: locale.Today(a.Now()), now: a.Now().UTC()}
	err = errors.Join(
		step("programme", func() error {
			return gen.GenerateProgramme(ctx, a.Store, communes, func(done, total int) {
				if log != nil {
					log.Info("demo national", "reports", done, "of", total)
				}
			})
		}),
	)
	if err != nil {
		return err
	}
	for _, s := range []struct {
		name string
		fn   func(context.Context, store.Q) error
	}{{"users", n.users}, {"proposals", n.proposals}, {"actions", n.actions}, {"recommendations", n.recommendations}, {"ocop", n.ocop}} {
		if err := step(s.name, func() error { return a.Store.BulkLoad(ctx, func(q store.Q) error { return s.fn(ctx, q) }) }); err != nil {
			return err
		}
	}
	if err := step("analyze", func() error { return a.Store.Analyze(ctx) }); err != nil {
		return err
	}
	// Last: the login that marks the data set complete.
	return a.Store.Tx(ctx, func(q store.Q) error {
		_, err := q.CreateUser(ctx, store.NewUser{Login: NationalLogin, Name: "Nguyễn Quốc Trung", Title: "Chuyên viên Bộ Khoa học và Công nghệ",
			Email: NationalLogin + "@khcn.demo.vn", Role: account.SoSpecialist, UnitID: gen.SoID, PasswordHash: n.hash})
		return err
	})
}

type national struct {
	a        *app.App
	set      *orgunit.Set
	communes []orgunit.Unit
	today    civil.Date
	now      time.Time
	hash     string
}

// soOf is the Sở of a commune's province.
func (n *national) soOf(u orgunit.Unit) string {
	for _, anc := range n.set.Ancestors(u.ID) {
		if anc.Kind == orgunit.Province && anc.Type != orgunit.TypeCountry {
			if anc.ID == hanoi.CityID {
				return hanoi.SoID
			}
			return anc.ID + "-so"
		}
	}
	return gen.SoID
}

// users adds an officer and a leader per commune and a specialist and a
// leader per generated province's Sở, all with the demo password (hashed
// once: argon2id costs 32 MiB and tens of milliseconds per hash).
func (n *national) users(ctx context.Context, q store.Q) error {
	hash, err := account.HashPassword(Password)
	if err != nil {
		return err
	}
	n.hash = hash
	add := func(login, name, title string, role account.Role, unit string) error {
		_, err := q.CreateUser(ctx, store.NewUser{Login: login, Name: name, Title: title, Email: login + "@khcn.demo.vn", Role: role, UnitID: unit, PasswordHash: hash})
		return err
	}
	for p := 0; p < gen.Provinces-1; p++ {
		if err := add("chuyenvien."+gen.ProvinceID(p), "Chuyên viên Sở "+fmt.Sprint(p+1), "Chuyên viên Sở KH&CN", account.SoSpecialist, gen.ProvinceSoID(p)); err != nil {
			return err
		}
		if err := add("lanhdao."+gen.ProvinceID(p), "Lãnh đạo Sở "+fmt.Sprint(p+1), "Giám đốc Sở KH&CN", account.SoLeader, gen.ProvinceSoID(p)); err != nil {
			return err
		}
	}
	for _, u := range n.communes {
		if err := add("canbo."+u.ID, "Cán bộ xã "+u.Name, "Công chức Văn hóa - Xã hội", account.UnitOfficer, u.ID); err != nil {
			return err
		}
		if err := add("lanhdao."+u.ID, "Lãnh đạo xã "+u.Name, "Phó Chủ tịch UBND xã", account.UnitLeader, u.ID); err != nil {
			return err
		}
	}
	return nil
}

var (
	natActions = []string{"Ứng dụng tiến bộ kỹ thuật", "Nghiên cứu", "Xây dựng mô hình", "Phát triển", "Chuyển giao công nghệ", "Hoàn thiện quy trình"}
	natTopics  = []string{"xử lý chất thải chăn nuôi", "trồng rau thủy canh", "sản xuất hoa công nghệ cao", "xây dựng nhãn hiệu tập thể cho",
		"số hóa thủ tục hành chính về", "nuôi trồng thủy sản", "bảo quản sau thu hoạch", "quan trắc môi trường không khí quanh",
		"xử lý nước thải làng nghề", "sản xuất phân bón hữu cơ từ phụ phẩm", "truy xuất nguồn gốc", "tưới tiết kiệm nước cho"}
	natObjects = []string{"lợn", "gà", "bò sữa", "cá rô phi", "chè", "bưởi", "nhãn", "gốm sứ", "mây tre đan", "rau an toàn", "hoa lan", "lúa chất lượng cao"}
	natStates  = []proposal.State{proposal.Submitted, proposal.Screening, proposal.Screening, proposal.ExpertReview, proposal.Council,
		proposal.Recommended, proposal.Returned, proposal.NotAccepted, proposal.Approved, proposal.Draft}
)

// proposals opens a national call with 5,000 proposals from communes all
// over the country.
func (n *national) proposals(ctx context.Context, q store.Q) error {
	rules, _ := proposal.Default("HN-ĐX")
	d := civil.MustISO
	c := proposal.Call{ID: NationalCallID, PlanYear: 2027, Title: "Đề xuất nhiệm vụ KH&CN năm 2027 (dữ liệu quốc gia)", Rules: rules,
		Schedule: proposal.Schedule{Start: d("2026-11-01"), Ends: [5]civil.Date{d("2026-12-31"), d("2027-01-31"), d("2027-02-28"), d("2027-03-31"), d("2027-04-30")}},
		Areas: []proposal.Area{{ID: store.NewID(), Name: "Nông nghiệp công nghệ cao"}, {ID: store.NewID(), Name: "Môi trường"},
			{ID: store.NewID(), Name: "Chính quyền số"}, {ID: store.NewID(), Name: "Sở hữu trí tuệ và OCOP"}}}
	for _, u := range n.communes {
		c.UnitIDs = append(c.UnitIDs, u.ID)
	}
	if err := q.InsertCall(ctx, c); err != nil {
		return err
	}
	if err := q.SetCallOpened(ctx, c.ID, "", n.now, 1); err != nil {
		return err
	}
	for i := 0; i < NationalProposals; i++ {
		u := n.communes[(i*7)%len(n.communes)]
		topic, object := natTopics[(i/3)%len(natTopics)], natObjects[(i/5)%len(natObjects)]
		p := proposal.Proposal{ID: store.NewID(), CallID: c.ID, UnitID: u.ID, UnitPath: u.Path, State: natStates[i%len(natStates)],
			CreatedAt: n.now, Content: proposal.Content{TaskType: rules.TaskTypes[i%len(rules.TaskTypes)],
				Title:       fmt.Sprintf("%s %s %s tại xã %s", natActions[i%len(natActions)], topic, object, u.Name),
				Objectives:  fmt.Sprintf("Áp dụng %s %s cho %d hộ, tăng giá trị sản xuất %d%%; nâng cao thu nhập của người dân xã %s.", topic, object, 20+i%80, 5+i%30, u.Name),
				Fields:      map[string]string{"products": "Mô hình được nghiệm thu; quy trình kỹ thuật"},
				StateBudget: int64(500+i%2000) * 1_000_000, OtherBudget: int64(i%700) * 1_000_000, DurationMonths: 12 + i%25,
				AreaIDs: []string{c.Areas[i%4].ID}}}
		if err := q.InsertProposal(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// actions assigns 20,000 action items to communes, by their province's Sở.
func (n *national) actions(ctx context.Context, q store.Q) error {
	statuses := []followup.ActionStatus{followup.ActionNotStarted, followup.ActionInProgress, followup.ActionDone}
	for i := 0; i < NationalActions; i++ {
		u := n.communes[(i*11)%len(n.communes)]
		it := followup.Item{ID: store.NewID(), Title: fmt.Sprintf("Triển khai %s tại xã %s (việc %d)", natTopics[i%len(natTopics)], u.Name, i+1),
			OwnerUnitID: u.ID, AssignerUnitID: n.soOf(u), Due: n.today.AddDays(i%400 - 200), Status: statuses[i%3],
			Source: followup.Ref{Type: followup.TypeDirective, Label: fmt.Sprintf("Văn bản chỉ đạo số %d/SKHCN", 100+i%900)}, CreatedAt: n.now}
		if it.Status == followup.ActionDone {
			it.DoneOn = it.Due
		}
		if err := q.InsertAction(ctx, it); err != nil {
			return err
		}
	}
	return nil
}

// recommendations files 2,000 recommendations from communes.
func (n *national) recommendations(ctx context.Context, q store.Q) error {
	cats := followup.StoryCategories
	statuses := []followup.RecStatus{followup.RecReceived, followup.RecAssigned, followup.RecAnswered, followup.RecInProgress, followup.RecResolved}
	for i := 0; i < NationalRecs; i++ {
		u := n.communes[(i*13)%len(n.communes)]
		r := followup.Recommendation{ID: store.NewID(), UnitID: u.ID, CategoryID: cats[i%len(cats)].ID,
			Title:       fmt.Sprintf("Đề nghị hỗ trợ %s cho xã %s", natTopics[(i/2)%len(natTopics)], u.Name),
			Description: "Kiến nghị của địa phương (dữ liệu sinh).", Beneficiaries: fmt.Sprintf("%d hộ dân", 50+i%400),
			DesiredBy: n.today.AddDays(30 + i%300), Status: statuses[i%len(statuses)], CreatedAt: n.now}
		if err := q.InsertRecommendation(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// ocop adds 10,000 products (one producer each) over the communes, about
// seven in ten rated, and an IP title for every fifth product.
func (n *national) ocop(ctx context.Context, q store.Q) error {
	s := &ocopSeed{q: q, set: n.set, today: n.today}
	for i := 0; i < NationalProducts; i++ {
		u := n.communes[(i*17)%len(n.communes)]
		pk := productKinds[i%len(productKinds)]
		place := ocop.Place{UnitID: u.ID}
		pr := ocop.Producer{ID: store.NewID(), Name: pk.producer + " " + u.Name + fmt.Sprintf(" %d", i/len(n.communes)+1), Kind: pk.kind,
			RegNo: fmt.Sprintf("%010d", 1000000000+i), Representative: "Người đại diện " + u.Name, Address: "Xã " + u.Name, Place: place}
		if err := q.InsertProducer(ctx, pr); err != nil {
			return err
		}
		p := ocop.Product{ID: store.NewID(), Code: fmt.Sprintf("VN-%05d", i+1), Name: pk.name + " " + u.Name, GroupCode: pk.group,
			SubgroupCode: pk.subgroup, ProducerID: pr.ID, Description: "Sản phẩm (dữ liệu sinh) của " + pr.Name + ".", Place: place, Status: ocop.Confirmed}
		stars := []int{3, 3, 3, 4, 3, 4, 5, 0, 0, 0}[i%10]
		if stars == 0 {
			p.Status = []ocop.Status{ocop.Draft, ocop.Proposed}[i%2]
		}
		if err := q.InsertProduct(ctx, p); err != nil {
			return err
		}
		if stars > 0 {
			if err := q.InsertEvaluation(ctx, s.evaluation(p.ID, i, stars, (i*13)%40+2)); err != nil {
				return err
			}
		}
		if i%5 == 0 {
			filed := n.today.AddMonths(-30 - i%40)
			t := ocop.IPTitle{ID: store.NewID(), Kind: ocop.Trademark, Name: p.Name, Owner: pr.Name, AppNo: fmt.Sprintf("4-%d-%05d", filed.Year, i),
				AppDate: filed, GrantNo: fmt.Sprintf("%d", 500000+i), GrantDate: filed.AddMonths(14), Status: ocop.Granted, ProductIDs: []string{p.ID},
				Place: place, Review: ocop.Verified}
			t.TermUntil = ocop.DefaultTerm(t.Kind, t.AppDate)
			if err := q.SaveIP(ctx, t); err != nil {
				return err
			}
		}
	}
	return nil
}

// PrintNationalLogins adds the national data set's logins to the table.
func PrintNationalLogins(w io.Writer) {
	fmt.Fprintf(w, "Dữ liệu quốc gia / national data: %s (%s, %s)\n", NationalLogin, account.SoSpecialist, "Bộ Khoa học và Công nghệ: toàn quốc / whole country")
	fmt.Fprintln(w, "  canbo.<mã xã>, lanhdao.<mã xã> (e.g. canbo.vn-c0001), chuyenvien.vn-p01 … lanhdao.vn-p33: same password")
	fmt.Fprintln(w)
}
