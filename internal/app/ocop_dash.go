package app

import (
	"context"
	"fmt"
	"sort"
	"time"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/ocop"
	"khcn/internal/store"
)

// ExpiringMonths is the default warning window for certificates.
const ExpiringMonths = 6

// NearFiveFrom is the default total from which a 4★ product is a 5★ candidate.
const NearFiveFrom = 85

// StarCount counts products by current stars; None is products not rated.
type StarCount struct {
	Label            string
	S3, S4, S5, None int
}

// Total is every product counted.
func (c StarCount) Total() int { return c.S3 + c.S4 + c.S5 + c.None }

// IPCount counts titles of one kind by status.
type IPCount struct {
	Kind   ocop.IPKind
	ByStat map[string]int
	Total  int
}

// YearCount counts certificates issued in a year by stars.
type YearCount struct {
	Year       int
	S3, S4, S5 int
}

// OcopStats is the dashboard of a unit or the city.
type OcopStats struct {
	All                     StarCount
	ByGroup                 []StarCount
	ByUnit                  []StarCount // the city's communes, most products first
	Valid, Expiring, Lapsed int         // certificates: in force, expiring within the window, products whose rating lapsed
	IP                      []IPCount
	Trend                   []YearCount
}

// Dashboard computes the dashboard live from the records in scope.
func (a *App) Dashboard(ctx context.Context, actor Actor, unitID string) (OcopStats, error) {
	path, err := a.scopePath(ctx, actor, ocop.Dashboard, unitID)
	if err != nil {
		return OcopStats{}, err
	}
	ref, err := a.OcopReference(ctx)
	if err != nil {
		return OcopStats{}, err
	}
	q := a.Store.Read()
	today := a.today()
	items, err := loadItems(ctx, q, path, OcopFilter{}, today)
	if err != nil {
		return OcopStats{}, err
	}
	titles, err := q.IPTitles(ctx, path, "")
	if err != nil {
		return OcopStats{}, err
	}
	return stats(items, titles, ref.Catalogue, today), nil
}

func stats(items []OcopItem, titles []ocop.IPTitle, cat ocop.Catalogue, today civil.Date) OcopStats {
	var s OcopStats
	groups := map[string]*StarCount{}
	for _, g := range cat {
		s.ByGroup = append(s.ByGroup, StarCount{Label: g.Code})
	}
	for i := range s.ByGroup {
		groups[s.ByGroup[i].Label] = &s.ByGroup[i]
	}
	units := map[string]*StarCount{}
	years := map[int]*YearCount{}
	for _, it := range items {
		u := units[it.UnitID]
		if u == nil {
			u = &StarCount{Label: it.UnitName}
			units[it.UnitID] = u
		}
		for _, c := range []*StarCount{&s.All, groups[it.GroupCode], u} {
			if c != nil {
				countStars(c, it)
			}
		}
		switch {
		case it.Rated && it.Current.ExpiringOn(today, ExpiringMonths):
			s.Expiring++
			s.Valid++
		case it.Rated:
			s.Valid++
		case hasVerifiedCert(it.Evals):
			s.Lapsed++
		}
		for _, e := range it.Evals {
			if e.Review != ocop.Verified || !e.Certified() {
				continue
			}
			y := years[e.IssueDate.Year]
			if y == nil {
				y = &YearCount{Year: e.IssueDate.Year}
				years[y.Year] = y
			}
			switch e.Stars {
			case 3:
				y.S3++
			case 4:
				y.S4++
			case 5:
				y.S5++
			}
		}
	}
	for _, u := range units {
		s.ByUnit = append(s.ByUnit, *u)
	}
	sort.SliceStable(s.ByUnit, func(i, j int) bool { return s.ByUnit[i].Total() > s.ByUnit[j].Total() })
	for _, y := range years {
		s.Trend = append(s.Trend, *y)
	}
	sort.Slice(s.Trend, func(i, j int) bool { return s.Trend[i].Year < s.Trend[j].Year })
	for _, k := range ocop.IPKinds {
		c := IPCount{Kind: k, ByStat: map[string]int{}}
		for _, t := range titles {
			if t.Kind == k {
				c.ByStat[string(t.StatusOn(today))]++
				c.Total++
			}
		}
		s.IP = append(s.IP, c)
	}
	return s
}

func countStars(c *StarCount, it OcopItem) {
	switch {
	case !it.Rated:
		c.None++
	case it.Current.Stars == 3:
		c.S3++
	case it.Current.Stars == 4:
		c.S4++
	case it.Current.Stars == 5:
		c.S5++
	}
}

func hasVerifiedCert(evals []ocop.Evaluation) bool {
	for _, e := range evals {
		if e.Review == ocop.Verified && e.Certified() {
			return true
		}
	}
	return false
}

// ocopAlertsJob sends the OCOP alerts.
func ocopAlertsJob() Job {
	return Job{Name: "ocop-alerts", Every: 6 * time.Hour, Run: func(a *App, ctx context.Context) error { return a.OcopAlerts(ctx) }}
}

// ocopAttention shows on the home page what the products area needs from
// the actor: evaluations and titles to verify, products to confirm,
// certificates expiring.
func ocopAttention(a *App, ctx context.Context, actor Actor) ([]AttentionItem, error) {
	path, err := scopeOf(actor, ocop.View)
	if err != nil {
		return nil, nil
	}
	today := a.today()
	items, err := loadItems(ctx, a.Store.Read(), path, OcopFilter{}, today)
	if err != nil {
		return nil, err
	}
	var out []AttentionItem
	if account.Can(actor.User, ocop.Verify, account.Unit(path)) {
		pr, err := a.Pending(ctx, actor)
		if err != nil {
			return nil, err
		}
		out = append(out, AttentionItem{Label: "ocop.att.pending", Count: len(pr.Evaluations) + len(pr.Titles), Href: "/ocop/pending", Level: "warn"})
	}
	if account.Can(actor.User, ocop.Confirm, account.Unit(path)) {
		n := 0
		for _, it := range items {
			if it.Status == ocop.Proposed {
				n++
			}
		}
		out = append(out, AttentionItem{Label: "ocop.att.proposed", Count: n, Href: "/ocop/products?status=proposed", Level: "warn"})
	}
	out = append(out, AttentionItem{Label: "ocop.att.expiring", Count: len(expiring(items, today, ExpiringMonths)),
		Href: "/ocop/expiring", Level: "danger"})
	return out, nil
}

// OcopAlerts feeds the lists into the notification system. Each event is
// notified exactly once even with several servers (q.Once), and in one
// transaction with its once-key:
//   - a certificate entering its last ExpiringMonths: the unit's officers
//     and leaders, and the Sở's specialists;
//   - a 4★ rating within reach of 5★: the unit's officers and the Sở;
//   - per unit and month, a summary of the gap lists for the unit's officers.
func (a *App) OcopAlerts(ctx context.Context) error {
	today := a.today()
	return a.Store.Tx(ctx, func(q store.Q) error {
		items, err := loadItems(ctx, q, "/", OcopFilter{}, today)
		if err != nil {
			return err
		}
		so, err := UnitUsers(ctx, q, "", account.SoSpecialist)
		if err != nil {
			return err
		}
		send := func(key string, unitID string, roles []account.Role, withSo bool, n Notice) error {
			first, err := q.Once(ctx, key, a.Now())
			if err != nil || !first {
				return err
			}
			ids, err := UnitUsers(ctx, q, unitID, roles...)
			if err != nil {
				return err
			}
			if withSo {
				ids = append(ids, so...)
			}
			n.UserIDs = ids
			return a.Notify(ctx, q, n)
		}
		for _, it := range expiring(items, today, ExpiringMonths) {
			err := send("ocop.expiring:"+it.Current.ID, it.UnitID, []account.Role{account.UnitOfficer, account.UnitLeader}, true,
				Notice{Kind: "ocop.expiring", Key: "ocop.notice.expiring", Args: []string{it.Name, it.Current.CertNo, locale.Date(it.Current.Expiry())},
					Link: "/ocop/products/" + it.ID})
			if err != nil {
				return err
			}
		}
		for _, it := range upgrades(items, NearFiveFrom).NearFive {
			err := send("ocop.near5:"+it.Current.ID, it.UnitID, []account.Role{account.UnitOfficer}, true,
				Notice{Kind: "ocop.near5", Key: "ocop.notice.near5", Args: []string{it.Name, locale.Decimal(it.Current.Total, 2)}, Link: "/ocop/upgrades"})
			if err != nil {
				return err
			}
		}
		byUnit := map[string][]OcopItem{}
		for _, it := range items {
			byUnit[it.UnitID] = append(byUnit[it.UnitID], it)
		}
		month := fmt.Sprintf("%04d-%02d", today.Year, today.Month)
		for unitID, list := range byUnit {
			g := gaps(list)
			if len(g.MarkNoRating)+len(g.RatingNoMark) == 0 {
				continue
			}
			err := send("ocop.gaps:"+unitID+":"+month, unitID, []account.Role{account.UnitOfficer}, false,
				Notice{Kind: "ocop.gaps", Key: "ocop.notice.gaps", Args: []string{fmt.Sprint(len(g.MarkNoRating)), fmt.Sprint(len(g.RatingNoMark))},
					Link: "/ocop/gaps"})
			if err != nil {
				return err
			}
		}
		return nil
	})
}
