package app

import (
	"context"
	"errors"
	"slices"
	"strings"

	"khcn/internal/account"
	"khcn/internal/ocop"
	"khcn/internal/orgunit"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// ImportErrors is a refused import: every problem by row and column.
type ImportErrors []ocop.ImportError

func (e ImportErrors) Error() string { return "import refused" }

// ImportOcop imports products, evaluations or IP titles from an .xlsx or
// .csv file, all or nothing: any problem in any row refuses the whole file
// and nothing is written.
func (a *App) ImportOcop(ctx context.Context, actor Actor, kind ocop.ImportKind, data []byte) (int, error) {
	if _, err := scopeOf(actor, ocop.Import); err != nil {
		return 0, err
	}
	table, err := ocop.ReadTable(data)
	switch {
	case errors.Is(err, ocop.ErrTooManyRows):
		return 0, ImportErrors{{Key: "ocop.import.too_many", Args: []any{ocop.MaxImportRows}}}
	case err != nil:
		return 0, ImportErrors{{Key: "ocop.import.unreadable"}}
	}
	rows, errs := ocop.Prepare(kind, table)
	if errs != nil {
		return 0, ImportErrors(errs)
	}
	ref, err := a.OcopReference(ctx)
	if err != nil {
		return 0, err
	}
	var ids []string
	prepared := errs
	err = a.Store.Tx(ctx, func(q store.Q) error {
		errs, ids = prepared, nil // Tx may run this again
		set, err := q.UnitSet(ctx)
		if err != nil {
			return err
		}
		im := importer{a: a, q: q, actor: actor, set: set, ref: ref, kind: kind, codes: map[string]int{}}
		for _, r := range rows {
			id, e, err := im.row(ctx, r)
			if err != nil {
				return err
			}
			errs = append(errs, r.Errors(kind, e)...)
			if id != "" {
				ids = append(ids, id)
			}
		}
		if errs != nil {
			slices.SortStableFunc(errs, func(x, y ocop.ImportError) int { return x.Line - y.Line })
			return ImportErrors(errs)
		}
		return Audit(ctx, q, actor, "ocop.import."+string(kind), "ocop_import", store.NewID(), actor.User.UnitID, nil,
			map[string]any{"rows": len(ids), "ids": ids})
	})
	return len(ids), err
}

type importer struct {
	a     *App
	q     store.Q
	actor Actor
	set   *orgunit.Set
	ref   OcopRef
	kind  ocop.ImportKind
	codes map[string]int // product codes seen in this file → row
	made  []ocop.Producer
}

// row checks and writes one row; e holds its problems by field. Writing
// continues after a bad row only to find every problem: the transaction is
// rolled back if any row has one.
func (im *importer) row(ctx context.Context, r ocop.Row) (string, valid.Errors, error) {
	switch im.kind {
	case ocop.ImportProducts:
		return im.product(ctx, r)
	case ocop.ImportEvaluations:
		return im.evaluation(ctx, r)
	}
	return im.ip(ctx, r)
}

func (im *importer) unit(ctx context.Context, r ocop.Row, address string, pl *ocop.Place, e *valid.Errors) error {
	u, key := ocop.FindUnit(im.set, r.Get("commune"), r.Get("district"), im.a.today())
	if key != "" {
		e.Add("commune", key)
		return nil
	}
	return im.a.placeRecord(ctx, im.q, im.actor, pl, u.ID, "", address, "commune", e)
}

func (im *importer) product(ctx context.Context, r ocop.Row) (string, valid.Errors, error) {
	pin, prin := ocop.ProductRow(r, im.ref.Catalogue)
	p, e := pin.Check(im.ref.Catalogue)
	pr, e2 := prin.Check()
	for k, v := range e2 {
		if k == "name" {
			k = "producer"
		}
		e.Add(k, v.Key, v.Args...)
	}
	if p.Code == "" {
		e.Add("code", "err.required")
	} else if line, dup := im.codes[p.Code]; dup {
		e.Add("code", "ocop.import.code_repeated", line)
	} else {
		im.codes[p.Code] = r.Line
		if _, err := im.q.ProductIDByCode(ctx, p.Code); err == nil {
			e.Add("code", "ocop.err.code_taken")
		} else if !errors.Is(err, store.ErrNotFound) {
			return "", nil, err
		}
	}
	addr := r.Get("orig_address")
	if addr == "" {
		addr = pr.Address
	}
	if err := im.unit(ctx, r, addr, &pr.Place, &e); err != nil {
		return "", nil, err
	}
	if e != nil {
		return "", e, nil
	}
	producer, err := im.producer(ctx, pr, &e)
	if err != nil || e != nil {
		return "", e, err
	}
	p.ID, p.ProducerID, p.Place, p.Status = store.NewID(), producer.ID, producer.Place, ocop.Draft
	return p.ID, nil, im.q.InsertProduct(ctx, p)
}

// producer finds the row's producer (same registration number, or a similar
// name in the unit) or creates it.
func (im *importer) producer(ctx context.Context, pr ocop.Producer, e *valid.Errors) (ocop.Producer, error) {
	cands, err := im.q.DuplicateCandidates(ctx, pr.RegNo, pr.UnitID)
	if err != nil {
		return pr, err
	}
	dups := ocop.Duplicates(pr, pr.UnitID, append(cands, im.made...))
	switch len(dups) {
	case 0:
		pr.ID = store.NewID()
		im.made = append(im.made, pr)
		return pr, im.q.InsertProducer(ctx, pr)
	case 1:
		if !account.Can(im.actor.User, ocop.Edit, account.Unit(dups[0].UnitPath)) && dups[0].UnitPath != "" {
			e.Add("producer", "ocop.err.out_of_scope")
		}
		return dups[0], nil
	}
	var names []string
	for _, d := range dups {
		names = append(names, d.Name)
	}
	e.Add("producer", "ocop.import.producer_ambiguous", strings.Join(names, "; "))
	return pr, nil
}

func (im *importer) evaluation(ctx context.Context, r ocop.Row) (string, valid.Errors, error) {
	ev, e := ocop.EvaluationRow(r).Parse(im.ref.Bands, im.a.today())
	pid, err := im.q.ProductIDByCode(ctx, r.Get("code"))
	if errors.Is(err, store.ErrNotFound) {
		e.Add("code", "ocop.err.product_unknown", r.Get("code"))
		return "", e, nil
	}
	if err != nil {
		return "", nil, err
	}
	p, err := im.q.Product(ctx, pid)
	if err != nil {
		return "", nil, err
	}
	if !account.Can(im.actor.User, ocop.Evaluate, account.Unit(p.UnitPath)) {
		e.Add("code", "ocop.err.out_of_scope")
	}
	if e != nil {
		return "", e, nil
	}
	ev.ID, ev.ProductID, ev.Review = store.NewID(), pid, ocop.Pending
	if account.Can(im.actor.User, ocop.Verify, account.Unit(p.UnitPath)) {
		ev.Review = ocop.Verified
	}
	return ev.ID, nil, im.q.InsertEvaluation(ctx, ev)
}

func (im *importer) ip(ctx context.Context, r ocop.Row) (string, valid.Errors, error) {
	in, codes := ocop.IPRow(r)
	t, e := in.Check(im.a.today())
	if err := im.unit(ctx, r, "", &t.Place, &e); err != nil {
		return "", nil, err
	}
	if err := im.a.resolveProducts(ctx, im.q, im.actor, codes, &t, &e); err != nil {
		return "", nil, err
	}
	if e != nil {
		return "", e, nil
	}
	t.ID, t.Review = store.NewID(), ocop.Pending
	if account.Can(im.actor.User, ocop.Verify, account.Unit(t.UnitPath)) {
		t.Review = ocop.Verified
	}
	return t.ID, nil, im.q.SaveIP(ctx, t)
}
