package app

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/ocop"
	"khcn/internal/orgunit"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// Owner type of product photos in the files table.
const ocopPhotoOwner = "ocop_product"

// seedOcop adds the 148 product groups and the default score bands.
func seedOcop(ctx context.Context, q store.Q) error {
	return q.SeedOcop(ctx, ocop.Groups148, ocop.DefaultBands)
}

// ocopPhotoReader lets those who see a product read its photos.
func ocopPhotoReader(ctx context.Context, a *App, actor Actor, productID string) error {
	p, err := a.Store.Read().Product(ctx, productID)
	if err != nil {
		return err
	}
	// Photos of confirmed products are public, like the catalogue.
	if p.Status == ocop.Confirmed {
		return nil
	}
	return Must(actor, ocop.View, account.Unit(p.UnitPath))
}

// OcopRef is the reference data every products page needs.
type OcopRef struct {
	Catalogue ocop.Catalogue
	Bands     ocop.Bands
}

// OcopReference loads the groups and star bands.
func (a *App) OcopReference(ctx context.Context) (OcopRef, error) {
	q := a.Store.Read()
	cat, err := q.OcopCatalogue(ctx)
	if err != nil {
		return OcopRef{}, err
	}
	bands, err := q.OcopBands(ctx)
	return OcopRef{cat, bands}, err
}

func (a *App) today() civil.Date { return locale.Today(a.Now()) }

// SaveOcopBands sets the star bands, all levels at once, if nobody changed
// them since the editor read them (old). Ratings already recorded keep the
// stars their decision granted; new ones are derived by the new bands.
func (a *App) SaveOcopBands(ctx context.Context, actor Actor, old ocop.Bands, typed map[string]string) error {
	if err := Must(actor, ocop.BandsManage, account.None); err != nil {
		return err
	}
	bands, e := ocop.ParseBands(typed)
	if err := e.Err(); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		if err := q.ReplaceOcopBands(ctx, old, bands); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "ocop.bands", "ocop_bands", "stars", "", old, bands)
	})
}

// ---- producers

// ProducerForm is a producer as typed, with where it belongs.
type ProducerForm struct {
	ocop.ProducerInput
	OrigUnitID string // a former unit, for records from before 1/7/2025
	Version    int
}

// DupError is a validation error carrying the producers a new one may
// duplicate, so the form can list them and ask to confirm.
type DupError struct {
	valid.Errors
	Candidates []ocop.Producer
}

// SaveProducer creates (id "") or updates a producer. A new producer that
// looks like an existing one (same registration number, or a similar name in
// the same unit) is refused with the candidates until the user confirms.
func (a *App) SaveProducer(ctx context.Context, actor Actor, id string, in ProducerForm) (string, error) {
	recorded := in.UnitID
	if in.OrigUnitID != "" {
		recorded = in.OrigUnitID
	}
	var p ocop.Producer
	err := a.Store.Tx(ctx, func(q store.Q) error {
		var before *ocop.Producer
		check := in.ProducerInput
		check.UnitID = recorded
		if id != "" {
			old, err := q.Producer(ctx, id)
			if err != nil {
				return err
			}
			if err := Must(actor, ocop.Edit, account.Unit(old.UnitPath)); err != nil {
				return err
			}
			before = &old
			// An edit keeps where the producer is recorded: the form
			// does not offer the unit again.
			check.UnitID = old.UnitID
		}
		var e valid.Errors
		p, e = check.Check()
		if before != nil {
			p.Place, p.ID, p.Version = before.Place, id, in.Version
		} else if recorded != "" {
			if err := a.placeRecord(ctx, q, actor, &p.Place, recorded, in.UnitID, in.OrigAddress, "unit_id", &e); err != nil {
				return err
			}
		}
		if e != nil {
			return e
		}
		cands, err := q.DuplicateCandidates(ctx, p.RegNo, p.UnitID)
		if err != nil {
			return err
		}
		dups := ocop.Duplicates(p, p.UnitID, cands)
		p.DupOf = nil
		for _, d := range dups {
			p.DupOf = append(p.DupOf, d.ID)
		}
		if len(dups) > 0 && !in.ConfirmDup && (before == nil || len(before.DupOf) < len(dups)) {
			e.Add("name", "ocop.err.possible_dup", len(dups))
			return &DupError{Errors: e, Candidates: dups}
		}
		if before == nil {
			p.ID = store.NewID()
			if err := q.InsertProducer(ctx, p); err != nil {
				return err
			}
		} else if err := q.UpdateProducer(ctx, p); err != nil {
			return err
		}
		return Audit(ctx, q, actor, auditAction("ocop.producer", before == nil), "ocop_producer", p.ID, p.UnitID, before, p)
	})
	return p.ID, err
}

func auditAction(prefix string, created bool) string {
	if created {
		return prefix + ".create"
	}
	return prefix + ".update"
}

// placeRecord finds today's unit of a record made under unitID (re-homing a
// former unit through the successor map), checks the actor may edit there,
// and fills the place. Problems go to field.
func (a *App) placeRecord(ctx context.Context, q store.Q, actor Actor, pl *ocop.Place, unitID, chosenID, address, field string, e *valid.Errors) error {
	set, err := q.UnitSet(ctx)
	if err != nil {
		return err
	}
	a.placeIn(set, actor, pl, unitID, chosenID, address, field, e)
	return nil
}

// placeIn is placeRecord with the units already loaded (an import places
// thousands of rows with one load).
func (a *App) placeIn(set *orgunit.Set, actor Actor, pl *ocop.Place, unitID, chosenID, address, field string, e *valid.Errors) {
	home, cands, key := ocop.Rehome(set, unitID, chosenID, address, a.today())
	if key != "" {
		var names []string
		for _, c := range cands {
			names = append(names, c.Name)
		}
		e.Add(field, key, strings.Join(names, ", "))
		return
	}
	if home.Kind != orgunit.Commune {
		e.Add(field, "ocop.err.commune_only")
		return
	}
	if err := Must(actor, ocop.Edit, account.Unit(home.Path)); err != nil {
		e.Add(field, "ocop.err.out_of_scope")
		return
	}
	pl.UnitID, pl.UnitPath, pl.UnitName, pl.UnitType = home.ID, home.Path, home.Name, string(home.Type)
	pl.OrigAddress = strings.TrimSpace(address)
	if home.ID != unitID {
		pl.OrigUnitID = unitID
	}
}

// Producers lists the producers the actor may see.
func (a *App) Producers(ctx context.Context, actor Actor) ([]ocop.Producer, error) {
	path, err := scopeOf(actor, ocop.View)
	if err != nil {
		return nil, err
	}
	return a.Store.Read().Producers(ctx, path)
}

// Producer returns one producer if the actor may see it.
func (a *App) Producer(ctx context.Context, actor Actor, id string) (ocop.Producer, error) {
	p, err := a.Store.Read().Producer(ctx, id)
	if err != nil {
		return p, err
	}
	return p, Must(actor, ocop.View, account.Unit(p.UnitPath))
}

// ---- products

// ProductForm is a product as typed, with new photos.
type ProductForm struct {
	ocop.ProductInput
	Photos  []FileInput
	Version int
}

// SaveProduct creates (id "") or updates a product of a producer the actor
// may edit. The product belongs to its producer's unit. A commune's change
// to a confirmed product sends it back to its leader.
func (a *App) SaveProduct(ctx context.Context, actor Actor, id string, in ProductForm) (string, error) {
	ref, err := a.OcopReference(ctx)
	if err != nil {
		return "", err
	}
	p, e := in.Check(ref.Catalogue)
	err = a.Store.Tx(ctx, func(q store.Q) error {
		var before *ocop.Product
		if id != "" {
			old, err := q.Product(ctx, id)
			if err != nil {
				return err
			}
			if err := Must(actor, ocop.Edit, account.Unit(old.UnitPath)); err != nil {
				return err
			}
			before = &old
			p.ID, p.Version, p.Status = id, in.Version, old.Status
			if old.Status == ocop.Confirmed && !actor.User.Role.IsSo() {
				p.Status = ocop.Proposed
			}
		}
		if p.ProducerID != "" {
			pr, err := q.Producer(ctx, p.ProducerID)
			switch {
			case errors.Is(err, store.ErrNotFound):
				e.Add("producer_id", "err.choose")
			case err != nil:
				return err
			case !account.Can(actor.User, ocop.Edit, account.Unit(pr.UnitPath)):
				e.Add("producer_id", "ocop.err.out_of_scope")
			default:
				p.Place = pr.Place
			}
		}
		for i := range in.Photos {
			if _, fe := CheckFile(withImages(in.Photos[i])); fe != nil {
				for k, v := range fe {
					e.Add(k, v.Key, v.Args...)
				}
			}
		}
		if e != nil {
			return e
		}
		if before == nil {
			p.ID, p.Status = store.NewID(), ocop.Draft
			if p.Code == "" {
				p.Code = newProductCode()
			}
			err = q.InsertProduct(ctx, p)
		} else {
			if p.Code == "" {
				p.Code = before.Code
			}
			err = q.UpdateProduct(ctx, p)
		}
		if errors.Is(err, store.ErrDuplicate) {
			e.Add("code", "ocop.err.code_taken")
			return e
		}
		if err != nil {
			return err
		}
		for _, ph := range in.Photos {
			ph.OwnerType, ph.OwnerID, ph.Purpose = ocopPhotoOwner, p.ID, "photo"
			if _, err := a.SaveFile(ctx, q, actor, withImages(ph)); err != nil {
				return err
			}
		}
		return Audit(ctx, q, actor, auditAction("ocop.product", before == nil), "ocop_product", p.ID, p.UnitID, before, p)
	})
	return p.ID, err
}

func withImages(f FileInput) FileInput {
	f.Allowed = Images
	if f.Field == "" {
		f.Field = "photos"
	}
	return f
}

// newProductCode makes a readable code like SP-7KQ2M9 when none is given.
func newProductCode() string {
	const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	b := make([]byte, 6)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return "SP-" + string(b)
}

// ChangeProductStatus proposes, confirms or returns a product.
func (a *App) ChangeProductStatus(ctx context.Context, actor Actor, id string, t ocop.Transition, version int) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		p, err := q.Product(ctx, id)
		if err != nil {
			return err
		}
		next, action, ok := ocop.Next(p.Status, t)
		if !ok {
			return ErrConflict
		}
		if err := Must(actor, action, account.Unit(p.UnitPath)); err != nil {
			return err
		}
		before := p
		p.Status, p.Version = next, version
		if err := q.UpdateProduct(ctx, p); err != nil {
			return err
		}
		if t == ocop.Propose {
			leaders, err := UnitUsers(ctx, q, p.UnitID, account.UnitLeader)
			if err != nil {
				return err
			}
			if err := a.Notify(ctx, q, Notice{UserIDs: leaders, Kind: "ocop.proposed", Key: "ocop.notice.proposed",
				Args: []string{p.Name}, Link: "/ocop/products/" + p.ID}); err != nil {
				return err
			}
		}
		return Audit(ctx, q, actor, "ocop.product."+string(t), "ocop_product", p.ID, p.UnitID,
			map[string]string{"status": string(before.Status)}, map[string]string{"status": string(next)})
	})
}

// ProductView is everything the product page shows.
type ProductView struct {
	Product  ocop.Product
	Producer ocop.Producer
	Evals    []ocop.Evaluation
	Current  ocop.Evaluation
	Rated    bool
	Plans    []ocop.UpgradePlan
	Handed   map[string]store.ActionRow // action items plan steps became, by ID
	Titles   []ocop.IPTitle
	Photos   []store.File
}

// Product returns a product's page if the actor may see it.
func (a *App) Product(ctx context.Context, actor Actor, id string) (ProductView, error) {
	q := a.Store.Read()
	var v ProductView
	p, err := q.Product(ctx, id)
	if err != nil {
		return v, err
	}
	if err := Must(actor, ocop.View, account.Unit(p.UnitPath)); err != nil {
		return v, err
	}
	v.Product = p
	if v.Producer, err = q.Producer(ctx, p.ProducerID); err != nil {
		return v, err
	}
	if v.Evals, err = q.EvaluationsOf(ctx, id); err != nil {
		return v, err
	}
	v.Current, v.Rated = ocop.Current(v.Evals, a.today())
	plans, err := q.PlansUnder(ctx, p.UnitPath)
	if err != nil {
		return v, err
	}
	for _, pl := range plans[id] {
		full, err := q.Plan(ctx, pl.ID)
		if err != nil {
			return v, err
		}
		v.Plans = append(v.Plans, full)
	}
	if v.Handed, err = handedItems(ctx, q, v.Plans); err != nil {
		return v, err
	}
	titles, err := q.IPTitles(ctx, "/", "")
	if err != nil {
		return v, err
	}
	for _, t := range titles {
		if contains(t.ProductIDs, id) {
			v.Titles = append(v.Titles, t)
		}
	}
	v.Photos, err = q.FilesOf(ctx, ocopPhotoOwner, id)
	return v, err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// scopeOf returns the unit path the actor may list for action: the whole
// scope of their role, checked once.
func scopeOf(actor Actor, action account.Action) (string, error) {
	if actor.User == nil || actor.User.ScopePath == "" || !account.Can(actor.User, action, account.Unit(actor.User.ScopePath)) {
		return "", ErrForbidden
	}
	return actor.User.ScopePath, nil
}

// UnitChoices are the units a form offers: today's communes the actor may
// edit, and the former units (by former district) records may come from.
type UnitChoices struct {
	Current []*orgunit.Unit
	Former  []FormerDistrict
}

// FormerDistrict is a former district with its former communes.
type FormerDistrict struct {
	District *orgunit.Unit
	Communes []*orgunit.Unit
}

// OcopUnitChoices lists the units the actor's forms offer.
func (a *App) OcopUnitChoices(ctx context.Context, actor Actor) (UnitChoices, error) {
	var c UnitChoices
	if _, err := scopeOf(actor, ocop.Edit); err != nil {
		return c, err
	}
	set, err := a.Store.Read().UnitSet(ctx)
	if err != nil {
		return c, err
	}
	today := a.today()
	for _, u := range set.On(today) {
		if u.Kind == orgunit.Commune && account.Can(actor.User, ocop.Edit, account.Unit(u.Path)) {
			c.Current = append(c.Current, u)
		}
	}
	lastOld := civil.New(2025, 6, 30)
	for _, d := range set.On(lastOld) {
		if d.Kind != orgunit.District {
			continue
		}
		fd := FormerDistrict{District: d}
		for _, cm := range set.Children(d.ID, lastOld) {
			if formerInScope(set, cm, actor, today) {
				fd.Communes = append(fd.Communes, cm)
			}
		}
		if len(fd.Communes) > 0 {
			c.Former = append(c.Former, fd)
		}
	}
	return c, nil
}

// formerInScope reports whether a former unit now lies (at least partly)
// in a unit the actor may edit.
func formerInScope(set *orgunit.Set, u *orgunit.Unit, actor Actor, today civil.Date) bool {
	for _, l := range set.SuccessorsOn(u.ID, today) {
		if account.Can(actor.User, ocop.Edit, account.Unit(l.Unit.Path)) {
			return true
		}
	}
	return false
}
