package demo

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/ocop"
	"khcn/internal/orgunit"
	"khcn/internal/proposal"
	"khcn/internal/store"
)

// Products demo (order 40): illustrative OCOP products across the 30 former
// districts, recorded under the former communes before 1/7/2025 and
// re-homed to today's communes, with the collective marks of the domain
// reference. Names, numbers and scores are ILLUSTRATIVE, not official
// records. Stars follow realistic shares (about two thirds 3★) and some
// certificates expire within six months of the day the demo is loaded.

type kindOfProduct struct {
	name, group, subgroup, producer string
	kind                            ocop.ProducerKind
}

var productKinds = []kindOfProduct{
	{"Gạo nếp cái hoa vàng", "1", "1.2", "HTX Nông nghiệp", ocop.Cooperative},
	{"Rau an toàn", "1", "1.1", "HTX Rau an toàn", ocop.Cooperative},
	{"Bánh chưng", "1", "1.3", "Hộ kinh doanh Bánh chưng", ocop.Household},
	{"Chè búp khô", "1", "1.5", "HTX Chè", ocop.Cooperative},
	{"Giò chả", "1", "1.3", "Cơ sở Giò chả", ocop.Household},
	{"Tương nếp", "1", "1.4", "HTX Tương nếp", ocop.Cooperative},
	{"Rượu nếp cẩm", "2", "2.1", "HTX Rượu truyền thống", ocop.Cooperative},
	{"Nước ép bưởi", "2", "2.2", "Công ty TNHH Đồ uống", ocop.Enterprise},
	{"Cao dược liệu", "3", "3.2", "Công ty CP Dược liệu", ocop.Enterprise},
	{"Tinh dầu bưởi", "3", "3.4", "HTX Dược liệu", ocop.Cooperative},
	{"Mây tre đan", "4", "4.1", "HTX Mây tre đan", ocop.Cooperative},
	{"Gốm mỹ nghệ", "4", "4.1", "Công ty TNHH Gốm", ocop.Enterprise},
	{"Khăn thêu tay", "4", "4.2", "Tổ hợp tác Thêu ren", ocop.CoopGroup},
	{"Hoa lan hồ điệp", "5", "5.1", "HTX Hoa", ocop.Cooperative},
	{"Cây cảnh bonsai", "5", "5.2", "Tổ hợp tác Sinh vật cảnh", ocop.CoopGroup},
	{"Du lịch sinh thái làng nghề", "6", "6.1", "HTX Du lịch cộng đồng", ocop.Cooperative},
	{"Miến dong", "1", "1.3", "HTX Miến dong", ocop.Cooperative},
	{"Trứng gà sạch", "1", "1.1", "Trang trại gà", ocop.Household},
	{"Mật ong hoa nhãn", "1", "1.2", "HTX Nuôi ong", ocop.Cooperative},
	{"Nấm sò sấy", "1", "1.2", "HTX Nấm", ocop.Cooperative},
}

// markProduct is a product covered by a collective mark of the reference.
type markProduct struct {
	district, commune, product, group, subgroup, producer, mark, owner string
	stars                                                              int
}

var markProducts = []markProduct{
	{"Đan Phượng", "Hạ Mỗ", "Hoa hồng Hạ Mỗ", "5", "5.1", "HTX Dịch vụ nông nghiệp Hạ Mỗ", "Hoa Đan Phượng", "Hội Nông dân huyện Đan Phượng", 3},
	{"Thanh Oai", "Đỗ Động", "Gạo nếp Đỗ Động", "1", "1.2", "HTX Nông nghiệp Đỗ Động", "Gạo Đỗ Động", "Hội Nông dân xã Đỗ Động", 3},
	{"Mê Linh", "Tráng Việt", "Bưởi đỏ Đông Cao", "1", "1.1", "HTX Bưởi đỏ Đông Cao", "Bưởi đỏ Đông Cao", "Hội Làm vườn xã Tráng Việt", 4},
	{"Ứng Hòa", "Đông Lỗ", "Trứng vịt Đông Lỗ", "1", "1.1", "HTX Chăn nuôi vịt Đông Lỗ", "Trứng vịt Đông Lỗ", "Hội Nông dân xã Đông Lỗ", 3},
	{"Ba Vì", "Tản Lĩnh", "Mật ong Tản Viên", "1", "1.2", "HTX Nuôi ong Tản Viên", "Mật ong Tản Viên", "Hội Nuôi ong huyện Ba Vì", 4},
	{"Hà Đông", "Vạn Phúc", "Lụa tơ tằm Vạn Phúc", "4", "4.2", "HTX Lụa Vạn Phúc", "Lụa Vạn Phúc", "Hiệp hội Làng nghề dệt lụa Vạn Phúc", 4},
	{"Hà Đông", "Yên Nghĩa", "Rau an toàn Yên Nghĩa", "1", "1.1", "HTX Rau an toàn Yên Nghĩa", "Rau an toàn Yên Nghĩa", "HTX Rau an toàn Yên Nghĩa", 3},
}

type ocopSeed struct {
	q      store.Q
	set    *orgunit.Set
	today  civil.Date
	n      int
	prodID map[string]string // product name → ID
}

func loadOcop(ctx context.Context, a *app.App) error {
	if err := seedOcop(ctx, a); err != nil {
		return err
	}
	return ocopLinks(ctx, a)
}

// ocopLinks ties products to the other areas through the use cases: the
// certification mark "Hoa Mê Linh", applied for by the published task that
// builds it, and the first step of the first upgrade plan handed to its
// commune as an action item.
func ocopLinks(ctx context.Context, a *app.App) error {
	so, err := loginActor(ctx, a, "chuyenvien")
	if err != nil {
		return err
	}
	q := a.Store.Read()
	tasks, err := q.ListProposals(ctx, store.ProposalFilter{Text: "“Hoa Mê Linh”", States: []proposal.State{proposal.Published}})
	if err != nil {
		return err
	}
	if len(tasks) > 0 {
		filed := locale.Date(civil.New(2025, 5, 12))
		_, err := a.SaveIP(ctx, so, "", app.IPForm{IPInput: ocop.IPInput{Kind: string(ocop.CertMark), Name: "Hoa Mê Linh", Owner: "UBND xã Mê Linh",
			AppNo: "4-2025-21530", AppDate: filed, Status: string(ocop.Filed), ManagingOrg: "Hội Nông dân xã Mê Linh"}, UnitID: MeLinh, TaskID: tasks[0].ID})
		if err != nil {
			return fmt.Errorf("mark from a task: %w", err)
		}
	}
	plans, err := q.PlansUnder(ctx, "/")
	if err != nil {
		return err
	}
	if len(plans) == 0 {
		return nil
	}
	first := slices.Min(slices.Collect(maps.Keys(plans))) // the first product recorded
	pl, err := q.Plan(ctx, plans[first][0].ID)
	if err != nil || len(pl.Actions) == 0 {
		return err
	}
	_, err = a.PlanStepToAction(ctx, so, pl.ID, pl.Actions[0].ID)
	return err
}

func seedOcop(ctx context.Context, a *app.App) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		set, err := q.UnitSet(ctx)
		if err != nil {
			return err
		}
		s := &ocopSeed{q: q, set: set, today: locale.Today(a.Now()), prodID: map[string]string{}}
		lastOld := civil.New(2025, 6, 30)
		for di, d := range set.On(lastOld) {
			if d.Kind != orgunit.District {
				continue
			}
			communes := set.Children(d.ID, lastOld)
			for k := 0; k < 3 && k < len(communes); k++ {
				c := communes[(k*7+di)%len(communes)]
				pk := productKinds[(di*7+k*5)%len(productKinds)]
				// The third product of each district is recorded after the
				// reorganisation, under today's commune.
				if err := s.product(ctx, c, d, pk.name+" "+c.Name, pk.group, pk.subgroup, pk.producer+" "+c.Name, pk.kind, k == 2, 0); err != nil {
					return err
				}
			}
		}
		for _, m := range markProducts {
			u, key := ocop.FindUnit(set, m.commune, m.district, s.today)
			if key != "" {
				return fmt.Errorf("demo ocop: %s, %s: %s", m.commune, m.district, key)
			}
			if err := s.product(ctx, u, set.Get(u.ParentID), m.product, m.group, m.subgroup, m.producer, ocop.Cooperative, false, m.stars); err != nil {
				return err
			}
			if err := s.mark(ctx, m); err != nil {
				return err
			}
		}
		return s.otherTitles(ctx)
	})
}

// product records one producer and product under a former commune (re-homed
// to today's commune) or directly under today's commune, with a rating.
func (s *ocopSeed) product(ctx context.Context, former, district *orgunit.Unit, name, group, sub, producer string, kind ocop.ProducerKind, current bool, stars int) error {
	s.n++
	i := s.n
	home, cands, _ := ocop.Rehome(s.set, former.ID, "", "", s.today)
	if home == nil {
		home = cands[0] // split former communes go to the first successor
	}
	place := ocop.Place{UnitID: home.ID, OrigUnitID: former.ID,
		OrigAddress: fmt.Sprintf("%s %s, %s %s, Hà Nội", typeWord(former.Type), former.Name, typeWord(district.Type), district.Name)}
	if current {
		place = ocop.Place{UnitID: home.ID}
	}
	pr := ocop.Producer{ID: store.NewID(), Name: producer, Kind: kind, RegNo: fmt.Sprintf("01%08d", 10000000+i*7919%89999999),
		Representative: "Người đại diện " + former.Name, Address: place.OrigAddress, Place: place}
	if kind == ocop.Household {
		pr.RegNo = ""
	}
	if err := s.q.InsertProducer(ctx, pr); err != nil {
		return err
	}
	p := ocop.Product{ID: store.NewID(), Code: fmt.Sprintf("HN-%03d", i), Name: name, GroupCode: group, SubgroupCode: sub, ProducerID: pr.ID,
		Description: "Sản phẩm minh họa của " + producer + ".", Place: place, Status: ocop.Confirmed}
	r := (i * 37) % 100
	if stars == 0 {
		switch {
		case r < 6:
			stars = 5
		case r < 30:
			stars = 4
		case r < 92:
			stars = 3
		}
	}
	if stars == 0 {
		p.Status = []ocop.Status{ocop.Draft, ocop.Proposed}[i%2]
	}
	if err := s.q.InsertProduct(ctx, p); err != nil {
		return err
	}
	s.prodID[name] = p.ID
	if stars == 0 {
		return nil
	}
	monthsAgo := (i*13)%40 + 2 // 31-36: expiring soon; over 36: lapsed
	if stars == 5 {
		monthsAgo = monthsAgo%20 + 1 // 5★ since 2025 at the central level
	}
	ev := s.evaluation(p.ID, i, stars, monthsAgo)
	if err := s.q.InsertEvaluation(ctx, ev); err != nil {
		return err
	}
	if stars == 4 && i%4 == 0 { // upgraded: an older 3★ rating stays in the history
		if err := s.q.InsertEvaluation(ctx, s.evaluation(p.ID, i+1, 3, monthsAgo+30)); err != nil {
			return err
		}
	}
	if (stars == 3 && i%5 == 0) || (stars == 4 && ev.Total >= 85) {
		plan := ocop.UpgradePlan{ID: store.NewID(), ProductID: p.ID, TargetStars: stars + 1, Status: ocop.PlanOpen,
			Support: "Hỗ trợ thiết kế bao bì, truy xuất nguồn gốc và xúc tiến thương mại", Deadline: s.today.AddMonths(6 + i%12),
			Actions: []ocop.PlanAction{{Text: "Hoàn thiện tiêu chuẩn cơ sở và hồ sơ công bố chất lượng", Due: s.today.AddMonths(2)},
				{Text: "Thiết kế lại bao bì, nhãn mác có mã QR truy xuất", Due: s.today.AddMonths(4)},
				{Text: "Tham gia hội chợ OCOP và sàn thương mại điện tử", Due: s.today.AddMonths(6)}}}
		return s.q.SavePlan(ctx, plan)
	}
	return nil
}

// evaluation makes a rating of the given stars issued monthsAgo.
func (s *ocopSeed) evaluation(productID string, i, stars, monthsAgo int) ocop.Evaluation {
	base := map[int]float64{3: 50, 4: 70, 5: 90}[stars]
	span := map[int]int{3: 20, 4: 20, 5: 11}[stars]
	total := base + float64((i*29)%span)
	a := float64(int(total * 0.4))
	b := float64(int(total * 0.25))
	c := total - a - b
	issue := s.today.AddMonths(-monthsAgo)
	level := ocop.Province
	if stars == 5 {
		level = ocop.Central
	}
	review := ocop.Verified
	if i%17 == 0 {
		review = ocop.Pending
	}
	return ocop.Evaluation{ID: store.NewID(), ProductID: productID, Year: issue.Year, Level: level, A: a, B: b, C: c, Total: total, Stars: stars,
		DecisionNo: fmt.Sprintf("%d/QĐ-UBND", 1000+i), DecisionDate: issue.AddDays(-7), CertNo: fmt.Sprintf("OCOP-HN-%d-%04d", issue.Year, i),
		IssueDate: issue, Review: review}
}

func (s *ocopSeed) mark(ctx context.Context, m markProduct) error {
	pid := s.prodID[m.product]
	p, err := s.q.Product(ctx, pid)
	if err != nil {
		return err
	}
	filed := civil.New(2012+len(m.mark)%8, 3, 10)
	t := ocop.IPTitle{ID: store.NewID(), Kind: ocop.CollectiveMk, Name: m.mark, Owner: m.owner, AppNo: fmt.Sprintf("4-%d-%05d", filed.Year, len(m.mark)*311),
		AppDate: filed, GrantNo: fmt.Sprintf("%d", 200000+len(m.mark)*977), GrantDate: filed.AddMonths(20), Status: ocop.Granted,
		ManagingOrg: m.owner, UsageRules: "Quy chế quản lý và sử dụng nhãn hiệu tập thể (minh họa).", ProductIDs: []string{pid},
		Place: p.Place, Review: ocop.Verified}
	t.TermUntil = ocop.DefaultTerm(t.Kind, t.AppDate).AddMonths(120) // renewed once
	return s.q.SaveIP(ctx, t)
}

// otherTitles adds trademarks on products not yet rated (the gap list), an
// application under examination, a refused one, and a utility solution from
// an S&T task.
func (s *ocopSeed) otherTitles(ctx context.Context) error {
	var unrated, rated []ocop.Product
	all, err := s.q.Products(ctx, store.ProductFilter{UnitPath: "/"})
	if err != nil {
		return err
	}
	evals, err := s.q.EvaluationsUnder(ctx, "/")
	if err != nil {
		return err
	}
	for _, p := range all {
		if len(evals[p.ID]) == 0 {
			unrated = append(unrated, p)
		} else {
			rated = append(rated, p)
		}
	}
	titles := []ocop.IPTitle{}
	for i, p := range unrated {
		if i >= 4 {
			break
		}
		filed := s.today.AddMonths(-30 - i)
		titles = append(titles, ocop.IPTitle{Kind: ocop.Trademark, Name: p.Name, Owner: p.ProducerName, AppNo: fmt.Sprintf("4-%d-%05d", filed.Year, 40000+i),
			AppDate: filed, GrantNo: fmt.Sprintf("%d", 480000+i), GrantDate: filed.AddMonths(14), Status: ocop.Granted, ProductIDs: []string{p.ID}, Place: p.Place})
	}
	if len(rated) > 3 {
		p := rated[1]
		titles = append(titles,
			ocop.IPTitle{Kind: ocop.Trademark, Name: rated[2].Name, Owner: rated[2].ProducerName, AppNo: "4-2025-18800", AppDate: s.today.AddMonths(-8),
				Status: ocop.Examined, ProductIDs: []string{rated[2].ID}, Place: rated[2].Place},
			ocop.IPTitle{Kind: ocop.Trademark, Name: rated[3].Name + " Premium", Owner: rated[3].ProducerName, AppNo: "4-2023-05120", AppDate: s.today.AddMonths(-30),
				Status: ocop.Refused, ProductIDs: []string{rated[3].ID}, Place: rated[3].Place},
			ocop.IPTitle{Kind: ocop.UtilitySol, Name: "Quy trình sấy lạnh bảo quản " + p.Name, Owner: p.ProducerName, AppNo: "2-2022-00311",
				AppDate: s.today.AddMonths(-40), GrantNo: "2975", GrantDate: s.today.AddMonths(-18), Status: ocop.Granted, ProductIDs: []string{p.ID},
				TaskRef: "Nhiệm vụ KH&CN cấp thành phố 01C-08/2022 (minh họa)", Place: p.Place})
	}
	for _, t := range titles {
		t.ID, t.Review = store.NewID(), ocop.Verified
		if t.TermUntil.IsZero() {
			t.TermUntil = ocop.DefaultTerm(t.Kind, t.AppDate)
		}
		if err := s.q.SaveIP(ctx, t); err != nil {
			return err
		}
	}
	return nil
}

func typeWord(t orgunit.Type) string {
	return map[orgunit.Type]string{orgunit.TypeXa: "xã", orgunit.TypePhuong: "phường", orgunit.TypeThiTran: "thị trấn",
		orgunit.TypeQuan: "quận", orgunit.TypeHuyen: "huyện", orgunit.TypeThiXa: "thị xã"}[t]
}
