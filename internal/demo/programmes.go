package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"strings"
	"time"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/hanoi"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
	"khcn/internal/store"
)

// Programme monitoring demo: Programme 07-CTr/TU (2021–2025) with
// indicators marked illustrative except where a public figure exists,
// reports of the 30 former districts for 2021–H1 2025 (the four northern
// districts' H1 2024 reports as in the story), the communes' H2 2025
// reports, and an open 2026 period of an (illustrative) Resolution 57
// action programme.

// ProgrammeSteps is the foundation (units, logins) and the programme demo,
// the data set programme tests start from.
func ProgrammeSteps() []Step {
	var out []Step
	for i, s := range Steps() {
		if i < 2 || strings.HasPrefix(s.Name, "programme ") {
			out = append(out, s)
		}
	}
	return out
}

// Programme IDs are stable so links in documentation and tests hold.
const (
	Programme07 = "prog-07-ctr-tu"
	Programme57 = "prog-nq57-hn"
)

var (
	districtKinds = []orgunit.Kind{orgunit.District, orgunit.Commune}
	soKind        = []orgunit.Kind{orgunit.Department}
	communeKind   = []orgunit.Kind{orgunit.Commune}
)

type demoIndicator struct {
	programme.Indicator
	base float64 // typical value of one district per half year
}

// indicators07 are the 07-CTr/TU indicators. Their exact table is not
// public, so district and commune indicators are illustrative; the city
// indicators reported by the Sở carry their public sources.
func indicators07() []demoIndicator {
	const (
		egov  = "Chính quyền điện tử, chính quyền số"
		st    = "Ứng dụng khoa học, công nghệ"
		agri  = "Nông nghiệp ứng dụng công nghệ cao"
		ip    = "Sở hữu trí tuệ, thương hiệu"
		pub   = "Tuyên truyền, đào tạo"
		city  = "Chỉ tiêu cấp thành phố"
		qlcn  = "hn-skhcn-qlcn"
		qlkh  = "hn-skhcn-qlkh"
		shtt  = "hn-skhcn-shtt"
		khtc  = "hn-skhcn-khtc"
		illus = "Minh họa (demo): bảng chỉ tiêu của Chương trình 07-CTr/TU chưa được công bố"
	)
	d := func(code, name, unit, area string, t programme.ValueType, agg programme.Aggregation, div string, base float64) demoIndicator {
		return demoIndicator{Indicator: programme.Indicator{Code: code, Name: name, Unit: unit, Area: area, Type: t, Direction: programme.Up,
			Aggregation: agg, ReporterKinds: districtKinds, DivisionID: div, Source: illus, Illustrative: true}, base: base}
	}
	out := []demoIndicator{
		d("EGOV_ONLINE", "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình", "%", egov, programme.Percent, programme.Avg, qlcn, 55),
		d("EGOV_SIGN", "Tỷ lệ văn bản đi được ký số", "%", egov, programme.Percent, programme.Avg, qlcn, 80),
		d("ST_MODELS", "Số mô hình ứng dụng tiến bộ khoa học, công nghệ vào sản xuất, đời sống", "mô hình", st, programme.Number, programme.Sum, qlkh, 6),
		d("ST_BUDGET", "Kinh phí sự nghiệp khoa học và công nghệ của địa phương", "đồng", st, programme.Money, programme.Sum, khtc, 1_800_000_000),
		d("ST_PLAN", "Đã ban hành kế hoạch thực hiện Chương trình 07-CTr/TU", "", st, programme.YesNo, programme.Sum, qlkh, 1),
		d("AGRI_AREA", "Diện tích sản xuất nông nghiệp ứng dụng công nghệ cao", "ha", agri, programme.Number, programme.Latest, qlcn, 120),
		d("AGRI_MODELS", "Số mô hình sản xuất nông nghiệp ứng dụng công nghệ cao", "mô hình", agri, programme.Number, programme.Sum, qlcn, 3),
		d("IP_APPS", "Số đơn đăng ký nhãn hiệu, chỉ dẫn địa lý cho sản phẩm địa phương", "đơn", ip, programme.Number, programme.Sum, shtt, 5),
		d("IP_MARKS", "Số nhãn hiệu, chỉ dẫn địa lý của sản phẩm địa phương được bảo hộ (lũy kế)", "nhãn hiệu", ip, programme.Number, programme.Sum, shtt, 12),
		d("OCOP_3STAR", "Số sản phẩm OCOP đạt từ 3 sao trở lên (lũy kế)", "sản phẩm", ip, programme.Number, programme.Sum, qlkh, 40),
		d("PUB_NEWS", "Số tin, bài tuyên truyền về Chương trình", "tin, bài", pub, programme.Number, programme.Sum, "hn-skhcn-vp", 25),
		d("PUB_TRAINED", "Số lượt cán bộ được tập huấn, bồi dưỡng về khoa học, công nghệ và đổi mới sáng tạo", "lượt người", pub, programme.Number, programme.Sum, qlkh, 60),
		d("IP_RATE", "Tỷ lệ đơn đăng ký đã được bảo hộ", "%", ip, programme.Percent, programme.Formula, shtt, 0),
	}
	out[1].ChangeRatio = 1.5
	out[2].ChangeRatio = 2.5
	for i := range out {
		out[i].Whole = out[i].Type == programme.Number && out[i].Unit != "ha"
	}
	out[8].Cumulative, out[9].Cumulative = true, true
	// What the product's own registries also count is checked against them.
	out[8].Registry, out[9].Registry, out[11].Registry = programme.RegistryIPGranted, programme.RegistryOcopRated, programme.RegistryTrainingPeople
	out[12].Formula, out[12].ReporterKinds, out[12].Max = "IP_MARKS / (IP_MARKS + IP_APPS) * 100", nil, nil
	cityInd := func(code, name, unit string, t programme.ValueType, agg programme.Aggregation, dir programme.Direction, source string, illustrative bool) demoIndicator {
		return demoIndicator{Indicator: programme.Indicator{Code: code, Name: name, Unit: unit, Area: city, Type: t, Direction: dir, Aggregation: agg,
			ReporterKinds: soKind, DivisionID: shtt, Source: source, Illustrative: illustrative, AnnualOnly: true}}
	}
	out = append(out,
		cityInd("CITY_IP_APP", "Số đơn đăng ký sở hữu công nghiệp của Hà Nội", "đơn", programme.Number, programme.Sum, programme.Up,
			"Cục Sở hữu trí tuệ, số liệu năm 2022 được báo chí công bố: 13.663 đơn, 33,8% cả nước", false),
		cityInd("CITY_IP_GRANT", "Số văn bằng bảo hộ sở hữu công nghiệp cấp cho Hà Nội", "văn bằng", programme.Number, programme.Sum, programme.Up,
			"Cục Sở hữu trí tuệ, số liệu năm 2022 được báo chí công bố: 10.387 văn bằng", false),
		cityInd("CITY_PII_RANK", "Thứ hạng của Hà Nội theo Chỉ số đổi mới sáng tạo cấp địa phương (PII)", "hạng", programme.Number, programme.Max, programme.Down,
			"Bộ KH&CN công bố PII (52 chỉ số thành phần); Hà Nội dẫn đầu các năm 2023–2025", false),
		cityInd("CITY_ST_ENT", "Số doanh nghiệp khoa học và công nghệ trên địa bàn (lũy kế)", "doanh nghiệp", programme.Number, programme.Latest, programme.Up,
			"Chỉ tiêu ≥ 200 doanh nghiệp đến năm 2025 theo Kế hoạch 49/KH-UBND; số thực hiện minh họa", true),
	)
	for i := range out[13:] {
		out[13+i].Whole = out[13+i].Aggregation != programme.Max // counts, not the PII rank
	}
	out = append(out, demoIndicator{Indicator: programme.Indicator{Code: "CITY_IP_GRANT_RATE", Name: "Tỷ lệ văn bằng trên số đơn sở hữu công nghiệp", Unit: "%",
		Area: city, Type: programme.Percent, Direction: programme.Up, Aggregation: programme.Formula, Formula: "CITY_IP_GRANT / CITY_IP_APP * 100",
		DivisionID: shtt, Source: "Tính từ hai chỉ tiêu trên", AnnualOnly: true}})
	return out
}

func loadProgramme07(ctx context.Context, a *app.App) error {
	sys := app.System()
	p := programme.Programme{ID: Programme07, Code: "07-CTr/TU", Title: "Đẩy mạnh phát triển khoa học, công nghệ và đổi mới sáng tạo trên địa bàn thành phố Hà Nội giai đoạn 2021-2025",
		Issuer: "Thành ủy Hà Nội", IssuedOn: civil.New(2021, 3, 17), StartYear: 2021, EndYear: 2025, OnTrackPct: 90, AtRiskPct: 70,
		Goals: "Dẫn đầu cả nước về tiềm lực nghiên cứu, số lượng sáng chế, ứng dụng và chuyển giao công nghệ\n" +
			"Thuộc nhóm dẫn đầu ASEAN về khoa học dữ liệu, trí tuệ nhân tạo và 5G\n" +
			"Dẫn đầu cả nước về công bố quốc tế và tạo lập tài sản trí tuệ\n" +
			"Xây dựng thương hiệu Hà Nội"}
	// Another area's demo may have added 07-CTr/TU already (to link
	// proposals to it): then this fills it in rather than adding a second.
	if err := adoptProgramme(ctx, a, &p); err != nil {
		return err
	}
	inds, err := saveIndicators(ctx, a, p.ID, indicators07())
	if err != nil {
		return err
	}
	for _, r := range []programme.Rule{
		{ProgrammeID: p.ID, Left: "CITY_IP_APP", Op: ">=", Right: "CITY_IP_GRANT", Importance: programme.Error, Message: "Số văn bằng không thể nhiều hơn số đơn đăng ký"},
		{ProgrammeID: p.ID, Left: "AGRI_MODELS", Op: "<=", Right: "ST_MODELS + AGRI_MODELS", Importance: programme.Warning, Message: "Kiểm tra lại số mô hình nông nghiệp công nghệ cao"},
	} {
		if err := a.AddRule(ctx, sys, r); err != nil {
			return err
		}
	}
	var periods []programme.Period
	for y := 2021; y <= 2025; y++ {
		kinds := []programme.PeriodKind{programme.FirstHalf, programme.Year}
		if y == 2025 {
			kinds = []programme.PeriodKind{programme.FirstHalf, programme.SecondHalf}
		}
		for _, k := range kinds {
			per := programme.NewPeriod(k, y, 5)
			per.ProgrammeID, per.Closed = p.ID, true
			if per.ID, err = a.SavePeriod(ctx, sys, per); err != nil {
				return fmt.Errorf("period %s: %w", per.Code, err)
			}
			periods = append(periods, per)
		}
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		set, err := q.UnitSet(ctx)
		if err != nil {
			return err
		}
		return seed07(ctx, q, set, p.ID, inds, periods)
	})
}

// adoptProgramme inserts p, or, when a programme with its code exists,
// updates that one with p's fields and takes its ID.
func adoptProgramme(ctx context.Context, a *app.App, p *programme.Programme) error {
	all, err := a.Store.Read().Programmes(ctx)
	if err != nil {
		return err
	}
	for _, x := range all {
		if x.Code == p.Code {
			p.ID, p.Version = x.ID, x.Version
			_, err := a.SaveProgramme(ctx, app.System(), *p)
			return err
		}
	}
	return insertProgramme(ctx, a, *p)
}

func insertProgramme(ctx context.Context, a *app.App, p programme.Programme) error {
	return a.Store.Tx(ctx, func(q store.Q) error { return q.InsertProgramme(ctx, p) })
}

func saveIndicators(ctx context.Context, a *app.App, progID string, ds []demoIndicator) ([]demoIndicator, error) {
	for i := range ds {
		ds[i].ProgrammeID, ds[i].Position = progID, i+1
		id, err := a.SaveIndicator(ctx, app.System(), ds[i].Indicator)
		if err != nil {
			return nil, fmt.Errorf("indicator %s: %w", ds[i].Code, err)
		}
		ds[i].ID = id
	}
	return ds, nil
}

// jitter is a stable pseudo-random number in [0, 1) for a key, so the demo
// is the same on every machine.
func jitter(parts ...string) float64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return float64(h.Sum64()%10000) / 10000
}

// size is how big a unit is relative to an average district (rural
// districts have more farmland, urban districts more e-government).
func size(u *orgunit.Unit) float64 { return 0.6 + 0.8*jitter(u.ID, "size") }

// value makes a plausible value of an indicator for a unit in the n-th
// half year of the programme (growing over time).
func value(ind demoIndicator, u *orgunit.Unit, n int, year bool, scale float64) programme.Value {
	j := jitter(u.ID, ind.Code, fmt.Sprint(n))
	growth := 1 + 0.08*float64(n)
	switch ind.Type {
	case programme.Percent:
		return programme.NumValue(math.Min(99, math.Round((ind.base*(0.85+0.3*j)+4*float64(n))*10)/10))
	case programme.YesNo:
		return programme.BoolValue(n > 0 || j > 0.3)
	case programme.Money:
		v := ind.base * size(u) * scale * (0.8 + 0.4*j) * growth
		if year {
			v *= 2
		}
		return programme.MoneyValue(int64(math.Round(v/1e6)) * 1_000_000)
	}
	v := ind.base * size(u) * scale * (0.7 + 0.6*j)
	if ind.Cumulative || ind.Aggregation == programme.Latest {
		v *= 1 + 0.15*float64(n)
	} else if year {
		v *= 2.1 * growth
	} else {
		v *= growth
	}
	return programme.NumValue(math.Round(v))
}

// story07 is what the four northern districts reported for H1 2024, as in
// the working session of 19/7/2024.
var story07 = [5]string{
	"Huyện ủy, UBND huyện đã ban hành kế hoạch thực hiện Chương trình 07-CTr/TU; giao Phòng Kinh tế là đầu mối, phân công cụ thể cho các xã, thị trấn.",
	"Về chính quyền điện tử: tiếp tục cung cấp dịch vụ công trực tuyến toàn trình, số hóa hồ sơ. Về ứng dụng khoa học, công nghệ: triển khai các mô hình ứng dụng tiến bộ kỹ thuật vào sản xuất. Về nông nghiệp ứng dụng công nghệ cao: mở rộng diện tích nhà màng, nhà lưới, tưới tiết kiệm. Về sở hữu trí tuệ: hỗ trợ đăng ký, quản lý nhãn hiệu cho sản phẩm chủ lực của địa phương.",
	"Nguồn lực cho khoa học, công nghệ còn hạn chế; cán bộ làm công tác khoa học, công nghệ cấp xã kiêm nhiệm; ô nhiễm môi trường từ chất thải chăn nuôi, làng nghề, cụm công nghiệp chưa được xử lý triệt để.",
	"Đẩy mạnh tuyên truyền Chương trình; nhân rộng mô hình nông nghiệp công nghệ cao; xây dựng nhãn hiệu và nâng hạng sản phẩm OCOP.",
	"Đề nghị Sở KH&CN tổ chức tập huấn, trao đổi kinh nghiệm cho cán bộ; hỗ trợ xây dựng mô hình sản xuất nông nghiệp ứng dụng công nghệ cao; hỗ trợ giải pháp xử lý ô nhiễm chất thải chăn nuôi, làng nghề, cụm công nghiệp và khu công nghiệp.",
}

var story07Districts = map[string]bool{"250": true, "016": true, "018": true, "017": true} // Mê Linh, Sóc Sơn, Gia Lâm, Đông Anh

func seed07(ctx context.Context, q store.Q, set *orgunit.Set, progID string, inds []demoIndicator, periods []programme.Period) error {
	var reports []programme.Report
	var vals []store.ValueRow
	var targets []store.TargetRow
	add := func(u *orgunit.Unit, p programme.Period, n int, state programme.State, sections [5]string, scale float64) {
		r := programme.Report{ID: store.NewID(), ProgrammeID: progID, PeriodID: p.ID, UnitID: u.ID, UnitPath: u.Path, State: state, Sections: sections}
		sent := p.Deadline.In(locale.Zone).Add(-time.Duration(1+int(jitter(u.ID, p.ID)*72)) * time.Hour)
		if state != programme.Draft {
			r.SubmittedAt = sent.Add(-24 * time.Hour)
		}
		if state.Sent() {
			r.ApprovedAt = sent
		}
		if state == programme.Accepted {
			r.AcceptedAt = sent.Add(48 * time.Hour)
		}
		r.CreatedAt = r.SubmittedAt
		reports = append(reports, r)
		for _, ind := range inds {
			if ind.Computed() || !ind.ReportedBy(u.Kind) || (ind.AnnualOnly && p.Kind != programme.Year) {
				continue
			}
			vals = append(vals, store.ValueRow{Report: r, IndicatorID: ind.ID, Type: ind.Type, Value: value(ind, u, n, p.Kind == programme.Year, scale)})
			if ind.Type.Numeric() && ind.Type != programme.YesNo && (p.Kind == programme.Year || p.Kind == programme.SecondHalf) {
				t := value(ind, u, n+1, p.Kind == programme.Year, scale)
				targets = append(targets, store.TargetRow{Target: programme.Target{PeriodID: p.ID, UnitID: u.ID, IndicatorID: ind.ID,
					Target: scaleValue(ind.Type, t, 1.05), Baseline: value(ind, u, 0, p.Kind == programme.Year, scale)}, Type: ind.Type})
			}
		}
	}
	districts := unitsOf(set, orgunit.District, civil.New(2025, 6, 14))
	for n, p := range periods {
		if p.Kind == programme.SecondHalf {
			continue
		}
		for _, u := range districts {
			sections := [5]string{"Triển khai theo kế hoạch của UBND " + u.Name + ".", "Kết quả các chỉ tiêu như bảng số liệu.", "", "Tiếp tục thực hiện các nhiệm vụ của Chương trình.", ""}
			if p.Code == "2024-H1" && story07Districts[u.Code] {
				sections = story07
			}
			state := programme.Accepted
			if p.Code == "2025-H1" && jitter(u.ID, "state") < 0.15 {
				state = programme.Approved
			}
			add(u, p, n/2, state, sections, 1)
		}
	}
	// The communes formed on 1/7/2025 reported the second half of 2025;
	// a few are still late, to show completeness and reminders.
	h2 := periods[len(periods)-1]
	for _, u := range unitsOf(set, orgunit.Commune, h2.End) {
		j := jitter(u.ID, "h2")
		state := programme.Accepted
		switch {
		case j < 0.05:
			continue // not reported
		case j < 0.09:
			state = programme.Draft
		case j < 0.12:
			state = programme.Submitted
		case j < 0.15:
			state = programme.Returned
		case j < 0.35:
			state = programme.Approved
		}
		add(u, h2, 9, state, [5]string{"UBND " + u.Name + " đã ban hành kế hoạch sau khi sắp xếp đơn vị hành chính.", "Kết quả các chỉ tiêu như bảng số liệu.", "", "", ""}, 0.25)
	}
	// The Sở reports the city figures of each year; public figures where
	// they exist.
	so := set.Get(hanoi.SoID)
	public := map[string]map[int]float64{"CITY_IP_APP": {2022: 13663}, "CITY_IP_GRANT": {2022: 10387}, "CITY_PII_RANK": {2023: 1, 2024: 1}}
	entST := map[int]float64{2021: 96, 2022: 118, 2023: 141, 2024: 168}
	for _, p := range periods {
		if p.Kind != programme.Year {
			continue
		}
		r := programme.Report{ID: store.NewID(), ProgrammeID: progID, PeriodID: p.ID, UnitID: so.ID, UnitPath: so.Path, State: programme.Accepted,
			Sections: [5]string{"", "Tổng hợp số liệu cấp thành phố từ nguồn chính thức; số doanh nghiệp KH&CN là số minh họa.", "", "", ""}}
		r.ApprovedAt = p.Deadline.In(locale.Zone)
		r.AcceptedAt, r.SubmittedAt, r.CreatedAt = r.ApprovedAt, r.ApprovedAt, r.ApprovedAt
		reports = append(reports, r)
		for _, ind := range inds {
			v, ok := public[ind.Code][p.Year]
			if ind.Code == "CITY_ST_ENT" {
				v, ok = entST[p.Year]
			}
			if ok {
				vals = append(vals, store.ValueRow{Report: r, IndicatorID: ind.ID, Type: ind.Type, Value: programme.NumValue(v)})
			}
			if ind.Code == "CITY_ST_ENT" || ind.Code == "CITY_PII_RANK" {
				t := map[string]float64{"CITY_ST_ENT": 200, "CITY_PII_RANK": 1}[ind.Code]
				if ind.Code == "CITY_ST_ENT" {
					t = 200 * float64(p.Year-2020) / 5 // the path to ≥ 200 by 2025 (KH 49/KH-UBND)
				}
				targets = append(targets, store.TargetRow{Target: programme.Target{PeriodID: p.ID, UnitID: so.ID, IndicatorID: ind.ID, Target: programme.NumValue(t)}, Type: ind.Type})
			}
		}
	}
	if err := q.InsertReports(ctx, reports); err != nil {
		return err
	}
	if err := q.InsertValues(ctx, vals); err != nil {
		return err
	}
	return q.SaveTargets(ctx, targets, "", time.Now())
}

func scaleValue(t programme.ValueType, v programme.Value, f float64) programme.Value {
	switch t {
	case programme.Money:
		return programme.MoneyValue(int64(float64(v.Money)*f/1e6) * 1_000_000)
	case programme.Percent:
		return programme.NumValue(math.Min(100, math.Round(v.Num*f)))
	}
	return programme.NumValue(math.Ceil(v.Num * f))
}

// unitsOf lists the units of a kind valid on day, in Vietnamese order.
func unitsOf(set *orgunit.Set, kind orgunit.Kind, day civil.Date) []*orgunit.Unit {
	var out []*orgunit.Unit
	for _, u := range set.On(day) {
		if u.Kind == kind {
			out = append(out, u)
		}
	}
	return out
}

// loadProgramme57 adds an illustrative Resolution 57 action programme with
// the Resolution's 2030 targets for the city and an open 2026 annual
// period, in which the story's communes are at different steps.
func loadProgramme57(ctx context.Context, a *app.App) error {
	sys := app.System()
	p := programme.Programme{ID: Programme57, Code: "NQ57-HN", Title: "Chương trình hành động thực hiện Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia (minh họa)",
		Issuer: "Thành ủy Hà Nội (minh họa)", IssuedOn: civil.New(2025, 3, 1), StartYear: 2025, EndYear: 2030, OnTrackPct: 90, AtRiskPct: 70, Illustrative: true,
		Goals: "Chi cho nghiên cứu và phát triển đạt 2% GDP, trong đó hơn 60% từ xã hội (mục tiêu năm 2030 của Nghị quyết 57-NQ/TW)\n" +
			"Bố trí ít nhất 3% tổng chi ngân sách cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số\n" +
			"Kinh tế số đạt tối thiểu 30% GDP\n" +
			"Mỗi xã, phường có kế hoạch và kết quả cụ thể về chuyển đổi số, ứng dụng khoa học, công nghệ"}
	if err := insertProgramme(ctx, a, p); err != nil {
		return err
	}
	const src = "Mục tiêu đến năm 2030 của Nghị quyết 57-NQ/TW ngày 22/12/2024"
	city := func(code, name string, target float64) demoIndicator {
		return demoIndicator{Indicator: programme.Indicator{Code: code, Name: name, Unit: "%", Area: "Mục tiêu của thành phố", Type: programme.Percent, Direction: programme.Up,
			Aggregation: programme.Avg, ReporterKinds: soKind, DivisionID: "hn-skhcn-khtc", Source: src, AnnualOnly: true}, base: target}
	}
	commune := func(code, name, unit string, t programme.ValueType, agg programme.Aggregation, base float64) demoIndicator {
		return demoIndicator{Indicator: programme.Indicator{Code: code, Name: name, Unit: unit, Area: "Chuyển đổi số, đổi mới sáng tạo cấp xã", Type: t,
			Direction: programme.Up, Aggregation: agg, ReporterKinds: communeKind, DivisionID: "hn-skhcn-qlcn", Source: "Minh họa (demo)", Illustrative: true}, base: base}
	}
	ds := []demoIndicator{
		city("RD_GRDP", "Chi cho nghiên cứu và phát triển so với GRDP", 2),
		city("RD_NONSTATE", "Tỷ trọng chi nghiên cứu và phát triển từ nguồn ngoài nhà nước", 60),
		city("BUDGET_ST", "Tỷ lệ chi ngân sách cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số", 3),
		city("DIGITAL_ECON", "Tỷ trọng kinh tế số trong GRDP", 30),
		commune("C_ONLINE", "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình", "%", programme.Percent, programme.Avg, 70),
		commune("C_SKILLS", "Số người dân được hướng dẫn kỹ năng số", "người", programme.Number, programme.Sum, 800),
		commune("C_TASKS", "Số nhiệm vụ, mô hình khoa học, công nghệ, đổi mới sáng tạo triển khai trên địa bàn", "nhiệm vụ", programme.Number, programme.Sum, 3),
		commune("C_PLAN", "Đã ban hành kế hoạch thực hiện Nghị quyết 57-NQ/TW", "", programme.YesNo, programme.Sum, 1),
	}
	ds[5].Whole, ds[6].Whole = true, true // people and tasks are counted
	inds, err := saveIndicators(ctx, a, Programme57, ds)
	if err != nil {
		return err
	}
	year := programme.NewPeriod(programme.Year, 2026, 4)
	year.ProgrammeID, year.Opens = Programme57, civil.New(2026, 11, 15)
	if year.ID, err = a.SavePeriod(ctx, sys, year); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		set, err := q.UnitSet(ctx)
		if err != nil {
			return err
		}
		var targets []store.TargetRow
		for _, d := range inds[:4] {
			targets = append(targets, store.TargetRow{Target: programme.Target{PeriodID: year.ID, UnitID: hanoi.SoID, IndicatorID: d.ID,
				Target: programme.NumValue(d.base)}, Type: d.Type})
		}
		for _, u := range unitsOf(set, orgunit.Commune, year.End) {
			for _, d := range inds[4:7] {
				targets = append(targets, store.TargetRow{Target: programme.Target{PeriodID: year.ID, UnitID: u.ID, IndicatorID: d.ID,
					Target: scaleValue(d.Type, value(d, u, 2, true, 0.3), 1)}, Type: d.Type})
			}
		}
		if err := q.SaveTargets(ctx, targets, "", time.Now()); err != nil {
			return err
		}
		// The story's communes are at different steps of the 2026 report.
		steps := map[string]programme.State{SocSon: programme.Submitted, GiaLam: programme.Approved, DongAnh: programme.Returned}
		var reports []programme.Report
		var vals []store.ValueRow
		for _, id := range []string{MeLinh, SocSon, GiaLam, DongAnh} {
			u := set.Get(id)
			st, ok := steps[id]
			if !ok {
				st = programme.Draft
			}
			r := programme.Report{ID: store.NewID(), ProgrammeID: Programme57, PeriodID: year.ID, UnitID: id, UnitPath: u.Path, State: st,
				Sections: [5]string{"Đảng ủy, UBND " + u.Name + " đã ban hành kế hoạch thực hiện Nghị quyết 57-NQ/TW.", "", "", "", ""}}
			now := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
			if st != programme.Draft {
				r.SubmittedAt = now
			}
			if st == programme.Approved {
				r.ApprovedAt = now.Add(24 * time.Hour)
			}
			if st == programme.Returned {
				r.ReturnReason = "Đề nghị bổ sung minh chứng số người dân được hướng dẫn kỹ năng số."
			}
			reports = append(reports, r)
			for i, d := range inds[4:] {
				if id == MeLinh && i == 1 {
					continue // still being entered
				}
				vals = append(vals, store.ValueRow{Report: r, IndicatorID: d.ID, Type: d.Type, Value: value(d, u, 2, true, 0.3)})
			}
		}
		if err := q.InsertReports(ctx, reports); err != nil {
			return err
		}
		return q.InsertValues(ctx, vals)
	})
}
