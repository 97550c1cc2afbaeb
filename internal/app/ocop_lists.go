package app

import (
	"context"
	"slices"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/ocop"
	"khcn/internal/orgunit"
	"khcn/internal/store"
)

// OcopItem is a product with what the lists need: its history, current
// rating, plans and the marks that cover it.
type OcopItem struct {
	ocop.Product
	Evals     []ocop.Evaluation
	Current   ocop.Evaluation
	Rated     bool
	Pending   int // evaluations waiting for the Sở
	Plans     []ocop.UpgradePlan
	OpenPlan  ocop.UpgradePlan
	HasPlan   bool
	Marks     []ocop.IPTitle // marks and indications covering it
	Protected bool           // covered by a protected mark today
}

// OcopFilter narrows the lists. Stars: 0 any, -1 not rated, 3-5 current stars.
type OcopFilter struct {
	UnitID string
	Group  string
	Stars  int
	Status ocop.Status
	Text   string
}

// loadItems gathers the products of units under path, without any
// permission check (callers check first).
func loadItems(ctx context.Context, q store.Q, path string, f OcopFilter, today civil.Date) ([]OcopItem, error) {
	pf := store.ProductFilter{UnitPath: path, Group: f.Group, Text: f.Text}
	if f.Status != "" {
		pf.Statuses = []ocop.Status{f.Status}
	}
	products, err := q.Products(ctx, pf)
	if err != nil {
		return nil, err
	}
	evals, err := q.EvaluationsUnder(ctx, path)
	if err != nil {
		return nil, err
	}
	plans, err := q.PlansUnder(ctx, path)
	if err != nil {
		return nil, err
	}
	titles, err := q.IPTitles(ctx, "/", "")
	if err != nil {
		return nil, err
	}
	marks := map[string][]ocop.IPTitle{}
	for _, t := range titles {
		if t.Kind.IsMark() {
			for _, pid := range t.ProductIDs {
				marks[pid] = append(marks[pid], t)
			}
		}
	}
	out := make([]OcopItem, 0, len(products))
	for _, p := range products {
		it := OcopItem{Product: p, Evals: evals[p.ID], Plans: plans[p.ID], Marks: marks[p.ID]}
		it.Current, it.Rated = ocop.Current(it.Evals, today)
		for _, e := range it.Evals {
			if e.Review == ocop.Pending {
				it.Pending++
			}
		}
		for _, pl := range it.Plans {
			if pl.Status == ocop.PlanOpen && !it.HasPlan {
				it.OpenPlan, it.HasPlan = pl, true
			}
		}
		for _, m := range it.Marks {
			it.Protected = it.Protected || m.ProtectedOn(today)
		}
		if keepStars(it, f.Stars) {
			out = append(out, it)
		}
	}
	return out, nil
}

func keepStars(it OcopItem, stars int) bool {
	switch stars {
	case 0:
		return true
	case -1:
		return !it.Rated
	}
	return it.Rated && it.Current.Stars == stars
}

// scopePath is the path the actor lists: a unit of the filter if given and
// visible, else the actor's whole scope.
func (a *App) scopePath(ctx context.Context, actor Actor, action account.Action, unitID string) (string, error) {
	path, err := scopeOf(actor, action)
	if err != nil || unitID == "" {
		return path, err
	}
	u, err := a.Store.Read().Unit(ctx, unitID)
	if err != nil {
		return "", err
	}
	return u.Path, Must(actor, action, account.Unit(u.Path))
}

// OcopProducts lists the products the actor may see.
func (a *App) OcopProducts(ctx context.Context, actor Actor, f OcopFilter) ([]OcopItem, error) {
	path, err := a.scopePath(ctx, actor, ocop.View, f.UnitID)
	if err != nil {
		return nil, err
	}
	return loadItems(ctx, a.Store.Read(), path, f, a.today())
}

// Expiring lists products whose current certificate expires within months,
// soonest first.
func (a *App) Expiring(ctx context.Context, actor Actor, f OcopFilter, months int) ([]OcopItem, error) {
	items, err := a.OcopProducts(ctx, actor, f)
	if err != nil {
		return nil, err
	}
	return expiring(items, a.today(), months), nil
}

func expiring(items []OcopItem, today civil.Date, months int) []OcopItem {
	var out []OcopItem
	for _, it := range items {
		if it.Rated && it.Current.ExpiringOn(today, months) {
			out = append(out, it)
		}
	}
	slices.SortStableFunc(out, func(x, y OcopItem) int { return x.Current.Expiry().Compare(y.Current.Expiry()) })
	return out
}

// Upgrades is the upgrade list: products with an open plan, and 4★ products
// within reach of 5★ (total at least from) without one.
type Upgrades struct {
	Planned  []OcopItem
	NearFive []OcopItem
}

// UpgradeList gathers the upgrade list.
func (a *App) UpgradeList(ctx context.Context, actor Actor, f OcopFilter, from float64) (Upgrades, error) {
	items, err := a.OcopProducts(ctx, actor, f)
	if err != nil {
		return Upgrades{}, err
	}
	return upgrades(items, from), nil
}

func upgrades(items []OcopItem, from float64) Upgrades {
	var u Upgrades
	for _, it := range items {
		switch {
		case it.HasPlan:
			u.Planned = append(u.Planned, it)
		case it.Rated && ocop.NearFive(it.Current, from):
			u.NearFive = append(u.NearFive, it)
		}
	}
	slices.SortStableFunc(u.Planned, func(x, y OcopItem) int { return x.OpenPlan.Deadline.Compare(y.OpenPlan.Deadline) })
	slices.SortStableFunc(u.NearFive, func(x, y OcopItem) int { return cmpFloat(y.Current.Total, x.Current.Total) })
	return u
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Gaps are products with a protected mark but no OCOP rating, and rated
// products without a protected mark.
type Gaps struct {
	MarkNoRating []OcopItem
	RatingNoMark []OcopItem
}

// GapList gathers both gap lists.
func (a *App) GapList(ctx context.Context, actor Actor, f OcopFilter) (Gaps, error) {
	items, err := a.OcopProducts(ctx, actor, f)
	if err != nil {
		return Gaps{}, err
	}
	return gaps(items), nil
}

func gaps(items []OcopItem) Gaps {
	var g Gaps
	for _, it := range items {
		switch {
		case it.Protected && !it.Rated:
			g.MarkNoRating = append(g.MarkNoRating, it)
		case it.Rated && !it.Protected:
			g.RatingNoMark = append(g.RatingNoMark, it)
		}
	}
	return g
}

// PendingReview is what waits for the Sở to verify.
type PendingReview struct {
	Evaluations []PendingEval
	Titles      []ocop.IPTitle
}

// PendingEval is an unverified evaluation with its product.
type PendingEval struct {
	Product ocop.Product
	Eval    ocop.Evaluation
}

// Pending lists unverified evaluations and IP titles in the actor's scope.
func (a *App) Pending(ctx context.Context, actor Actor) (PendingReview, error) {
	var out PendingReview
	items, err := a.OcopProducts(ctx, actor, OcopFilter{})
	if err != nil {
		return out, err
	}
	for _, it := range items {
		for _, e := range it.Evals {
			if e.Review == ocop.Pending {
				out.Evaluations = append(out.Evaluations, PendingEval{it.Product, e})
			}
		}
	}
	titles, err := a.Store.Read().IPTitles(ctx, actor.User.ScopePath, "")
	for _, t := range titles {
		if t.Review == ocop.Pending {
			out.Titles = append(out.Titles, t)
		}
	}
	return out, err
}

// IPTitles lists the IP titles the actor may see, optionally matching text.
func (a *App) IPTitles(ctx context.Context, actor Actor, unitID, text string) ([]ocop.IPTitle, error) {
	path, err := a.scopePath(ctx, actor, ocop.View, unitID)
	if err != nil {
		return nil, err
	}
	return a.Store.Read().IPTitles(ctx, path, text)
}

// ---- public catalogue

// CatalogueItem is what the public sees of an OCOP product: only confirmed
// products with a verified certificate in force.
type CatalogueItem struct {
	ID, Code, Name, Producer, Group, Commune, CommuneType string
	Stars                                                 int
	CertNo                                                string
	Issue, Expiry                                         civil.Date
}

// CatalogueMark is a protected local mark as the public sees it.
type CatalogueMark struct {
	Kind                 ocop.IPKind
	Name, Owner, GrantNo string
	GrantDate, TermUntil civil.Date
	Commune, CommuneType string
	ManagingOrg          string
}

// Catalogue is the public page's content.
type Catalogue struct {
	Products []CatalogueItem
	Marks    []CatalogueMark
	Units    []orgunit.Unit // communes with products, for the filter
}

// PublicCatalogue lists OCOP products with a valid certificate and protected
// local marks, for anyone. Nothing unconfirmed, unverified or expired shows.
func (a *App) PublicCatalogue(ctx context.Context, actor Actor, f OcopFilter) (Catalogue, error) {
	var c Catalogue
	if err := Must(actor, ocop.PublicCatalogue, account.None); err != nil {
		return c, err
	}
	q := a.Store.Read()
	today := a.today()
	all, err := loadItems(ctx, q, "/", OcopFilter{Status: ocop.Confirmed}, today)
	if err != nil {
		return c, err
	}
	seen := map[string]bool{}
	for _, it := range all {
		if it.Rated && !seen[it.UnitID] {
			seen[it.UnitID] = true
			c.Units = append(c.Units, orgunit.Unit{ID: it.UnitID, Name: it.UnitName, Type: orgunit.Type(it.UnitType)})
		}
	}
	locale.SortFunc(c.Units, func(u orgunit.Unit) string { return u.Name })
	f.Status = ocop.Confirmed
	items, err := loadItems(ctx, q, "/", f, today)
	if err != nil {
		return c, err
	}
	for _, it := range items {
		if !it.Rated || (f.UnitID != "" && it.UnitID != f.UnitID) {
			continue
		}
		c.Products = append(c.Products, CatalogueItem{ID: it.ID, Code: it.Code, Name: it.Name, Producer: it.ProducerName, Group: it.GroupCode,
			Commune: it.UnitName, CommuneType: it.UnitType, Stars: it.Current.Stars, CertNo: it.Current.CertNo,
			Issue: it.Current.IssueDate, Expiry: it.Current.Expiry()})
	}
	titles, err := q.IPTitles(ctx, "/", f.Text)
	for _, t := range titles {
		if t.Kind.IsMark() && t.ProtectedOn(today) && (f.UnitID == "" || t.UnitID == f.UnitID) {
			c.Marks = append(c.Marks, CatalogueMark{Kind: t.Kind, Name: t.Name, Owner: t.Owner, GrantNo: t.GrantNo, GrantDate: t.GrantDate,
				TermUntil: t.TermUntil, Commune: t.UnitName, CommuneType: t.UnitType, ManagingOrg: t.ManagingOrg})
		}
	}
	return c, err
}

// PublicProduct returns one catalogue entry, or not found when the product
// is not public.
func (a *App) PublicProduct(ctx context.Context, actor Actor, id string) (CatalogueItem, ocop.Product, []store.File, error) {
	c, err := a.PublicCatalogue(ctx, actor, OcopFilter{})
	if err != nil {
		return CatalogueItem{}, ocop.Product{}, nil, err
	}
	for _, it := range c.Products {
		if it.ID == id {
			q := a.Store.Read()
			p, err := q.Product(ctx, id)
			if err != nil {
				return it, p, nil, err
			}
			photos, err := q.FilesOf(ctx, ocopPhotoOwner, id)
			return it, p, photos, err
		}
	}
	return CatalogueItem{}, ocop.Product{}, nil, ErrNotFound
}
