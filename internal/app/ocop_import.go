package app

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
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

const ocopImportKind = "ocop"

type ocopImportArgs struct {
	Kind ocop.ImportKind `json:"kind"`
}

// ocopImportRun runs an OCOP import job.
func ocopImportRun(a *App, ctx context.Context, actor Actor, p *importProgress, raw json.RawMessage, data []byte) (int, []store.ImportProblem, error) {
	var args ocopImportArgs
	if err := json.Unmarshal(raw, &args); err != nil {
		return 0, nil, err
	}
	n, err := a.importOcop(ctx, actor, args.Kind, data, p)
	var ie ImportErrors
	if errors.As(err, &ie) {
		out := make([]store.ImportProblem, len(ie))
		for i, e := range ie {
			out[i] = store.ImportProblem{Row: e.Line, Column: e.Column, Key: e.Key, Args: argStrings(e.Args)}
		}
		return 0, out, nil
	}
	return n, nil, err
}

func argStrings(args []any) []string {
	out := make([]string, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			out[i] = v
		case int:
			out[i] = strconv.Itoa(v)
		default:
			b, _ := json.Marshal(v)
			out[i] = strings.Trim(string(b), `"`)
		}
	}
	return out
}

// StartOcopImport checks who asks and that the file is a table with the
// kind's columns (problems of the whole file come back at once, as
// ImportErrors), then queues the import: the returned job shows its
// progress and, when it ends, the rows written or every problem.
func (a *App) StartOcopImport(ctx context.Context, actor Actor, kind ocop.ImportKind, data []byte) (string, error) {
	if _, err := scopeOf(actor, ocop.Import); err != nil {
		return "", err
	}
	if _, _, err := readOcopTable(kind, data); err != nil {
		return "", err
	}
	return a.queueImport(ctx, actor, ocopImportKind, actor.User.UnitID, ocopImportArgs{kind}, data)
}

func readOcopTable(kind ocop.ImportKind, data []byte) ([][]string, []ocop.Row, error) {
	table, err := ocop.ReadTable(data)
	switch {
	case errors.Is(err, ocop.ErrTooManyRows):
		return nil, nil, ImportErrors{{Key: "ocop.import.too_many", Args: []any{ocop.MaxImportRows}}}
	case errors.Is(err, ocop.ErrOldXLS):
		return nil, nil, ImportErrors{{Key: "err.xls_old"}}
	case errors.Is(err, ocop.ErrTooLarge):
		return nil, nil, ImportErrors{{Key: "err.xlsx_too_large"}}
	case errors.Is(err, ocop.ErrDamaged):
		return nil, nil, ImportErrors{{Key: "err.xlsx_damaged"}}
	case err != nil:
		return nil, nil, ImportErrors{{Key: "ocop.import.unreadable"}}
	}
	rows, errs := ocop.Prepare(kind, table)
	if errs != nil {
		return nil, nil, ImportErrors(errs)
	}
	return table, rows, nil
}

// ImportOcop imports products, evaluations or IP titles from an .xlsx or
// .csv file at once (the background job does the same), all or nothing.
func (a *App) ImportOcop(ctx context.Context, actor Actor, kind ocop.ImportKind, data []byte) (int, error) {
	return a.importOcop(ctx, actor, kind, data, nil)
}

// importOcop checks every row with reads only (no write lock held), then
// writes all rows in one short transaction: other users' writes wait for
// that transaction only, and any problem in any row refuses the whole file
// with nothing written. A row that became invalid between the check and
// the write (a code taken meanwhile) fails the write; the file is then
// checked again, and the problem reported at its row.
func (a *App) importOcop(ctx context.Context, actor Actor, kind ocop.ImportKind, data []byte, p *importProgress) (int, error) {
	if _, err := scopeOf(actor, ocop.Import); err != nil {
		return 0, err
	}
	_, rows, err := readOcopTable(kind, data)
	if err != nil {
		return 0, err
	}
	ref, err := a.OcopReference(ctx)
	if err != nil {
		return 0, err
	}
	for attempt := 0; ; attempt++ {
		im, err := a.checkOcopRows(ctx, actor, kind, ref, rows, p)
		if err != nil {
			return 0, err
		}
		if p != nil {
			p.Set("writing", 0, len(im.ids))
		}
		err = a.Store.Tx(ctx, func(q store.Q) error {
			if p != nil {
				if err := p.hold(ctx, q); err != nil {
					return err
				}
			}
			for _, op := range im.ops {
				if err := op(ctx, q); err != nil {
					return err
				}
			}
			if err := Audit(ctx, q, actor, "ocop.import."+string(kind), "ocop_import", store.NewID(), actor.User.UnitID, nil,
				map[string]any{"rows": len(im.ids), "ids": im.ids}); err != nil {
				return err
			}
			if p != nil {
				return p.finished(ctx, q, len(im.ids))
			}
			return nil
		})
		if err == nil || attempt == 1 || errors.Is(err, errLeaseLost) || ctx.Err() != nil {
			return len(im.ids), err
		}
	}
}

// checkOcopRows checks every row against what is stored and builds the
// writes; problems come back as ImportErrors.
func (a *App) checkOcopRows(ctx context.Context, actor Actor, kind ocop.ImportKind, ref OcopRef, rows []ocop.Row, p *importProgress) (*importer, error) {
	q := a.Store.Read()
	set, err := q.UnitSet(ctx)
	if err != nil {
		return nil, err
	}
	im := &importer{a: a, q: q, actor: actor, set: set, ref: ref, kind: kind, codes: map[string]int{},
		byReg: map[string][]*ocop.Producer{}, byUnit: map[string][]*ocop.Producer{}}
	if err := im.preload(ctx, rows); err != nil {
		return nil, err
	}
	var errs []ocop.ImportError
	for i, r := range rows {
		if p != nil && (i%250 == 0 || i == len(rows)-1) {
			p.Set("checking", i+1, len(rows))
			if p.Lost() {
				return nil, errLeaseLost
			}
		}
		id, e, err := im.row(ctx, r)
		if err != nil {
			return nil, err
		}
		errs = append(errs, r.Errors(kind, e)...)
		if id != "" {
			im.ids = append(im.ids, id)
		}
	}
	if errs != nil {
		slices.SortStableFunc(errs, func(x, y ocop.ImportError) int { return x.Line - y.Line })
		return nil, ImportErrors(errs)
	}
	return im, nil
}

type importer struct {
	a     *App
	q     store.Q // reads; writes wait in ops
	actor Actor
	set   *orgunit.Set
	ref   OcopRef
	kind  ocop.ImportKind
	codes map[string]int // product codes seen in this file → row
	// stored: products of the file's codes; producers it may duplicate,
	// by registration number and by unit (with those the file makes).
	stored map[string]ocop.Product
	byReg  map[string][]*ocop.Producer
	byUnit map[string][]*ocop.Producer
	ops    []func(context.Context, store.Q) error
	ids    []string
	found  map[[2]string]foundUnit // FindUnit by commune and district
	cores  map[string]ocop.Core    // by producer ID
}

type foundUnit struct {
	u   *orgunit.Unit
	key string
}

// findUnit is ocop.FindUnit once per distinct commune and district of the
// file (a file names a few dozen units in thousands of rows).
func (im *importer) findUnit(r ocop.Row) (*orgunit.Unit, string) {
	k := [2]string{r.Get("commune"), r.Get("district")}
	if f, ok := im.found[k]; ok {
		return f.u, f.key
	}
	if im.found == nil {
		im.found = map[[2]string]foundUnit{}
	}
	u, key := ocop.FindUnit(im.set, k[0], k[1], im.a.today())
	im.found[k] = foundUnit{u, key}
	return u, key
}

// preload reads in a few queries what the rows are checked against.
func (im *importer) preload(ctx context.Context, rows []ocop.Row) error {
	var codes, regs, units []string
	seenUnit := map[string]bool{}
	for _, r := range rows {
		if c := strings.ToUpper(strings.TrimSpace(r.Get("code"))); c != "" {
			codes = append(codes, c)
		}
		if im.kind != ocop.ImportProducts {
			continue
		}
		if reg := ocop.NormRegNo(r.Get("reg_no")); reg != "" {
			regs = append(regs, reg)
		}
		if u, _ := im.findUnit(r); u != nil {
			home, _, _ := ocop.Rehome(im.set, u.ID, "", r.Get("orig_address"), im.a.today())
			for _, x := range []*orgunit.Unit{u, home} {
				if x != nil && !seenUnit[x.ID] {
					seenUnit[x.ID] = true
					units = append(units, x.ID)
				}
			}
		}
	}
	var err error
	if im.stored, err = im.q.ProductsByCodes(ctx, codes); err != nil {
		return err
	}
	if im.kind != ocop.ImportProducts {
		return nil
	}
	prs, err := im.q.ProducersForImport(ctx, regs, units)
	for i := range prs {
		im.index(&prs[i])
	}
	return err
}

func (im *importer) index(p *ocop.Producer) {
	if p.RegNo != "" {
		im.byReg[p.RegNo] = append(im.byReg[p.RegNo], p)
	}
	im.byUnit[p.UnitID] = append(im.byUnit[p.UnitID], p)
}

// candidates are the producers pr may duplicate (see ocop.ImportDuplicates): the
// same registration number, or in its unit, where a name is compared only
// when one of the two has no registration number.
func (im *importer) candidates(pr ocop.Producer) []ocop.Producer {
	var out []ocop.Producer
	seen := map[string]bool{}
	for _, x := range im.byReg[pr.RegNo] {
		seen[x.ID] = true
		out = append(out, *x)
	}
	core := im.core(&pr)
	for _, x := range im.byUnit[pr.UnitID] {
		if !seen[x.ID] && (pr.RegNo == "" || x.RegNo == "") && core.Similar(im.core(x)) {
			out = append(out, *x)
		}
	}
	return out
}

// core is a producer's name prepared once for comparing.
func (im *importer) core(p *ocop.Producer) ocop.Core {
	if p.ID == "" {
		return ocop.NewCore(p.Name)
	}
	if c, ok := im.cores[p.ID]; ok {
		return c
	}
	if im.cores == nil {
		im.cores = map[string]ocop.Core{}
	}
	c := ocop.NewCore(p.Name)
	im.cores[p.ID] = c
	return c
}

// row checks one row and queues its writes; e holds its problems by field.
// Checking continues after a bad row to find every problem; nothing is
// written if any row has one.
func (im *importer) row(ctx context.Context, r ocop.Row) (string, valid.Errors, error) {
	switch im.kind {
	case ocop.ImportProducts:
		return im.product(r)
	case ocop.ImportEvaluations:
		return im.evaluation(r)
	}
	return im.ip(ctx, r)
}

func (im *importer) unit(r ocop.Row, address string, pl *ocop.Place, e *valid.Errors) {
	u, key := im.findUnit(r)
	if key != "" {
		e.Add("commune", key)
		return
	}
	im.a.placeIn(im.set, im.actor, pl, u.ID, "", address, "commune", e)
}

func (im *importer) product(r ocop.Row) (string, valid.Errors, error) {
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
		if _, taken := im.stored[p.Code]; taken {
			e.Add("code", "ocop.err.code_taken")
		}
	}
	addr := r.Get("orig_address")
	if addr == "" {
		addr = pr.Address
	}
	im.unit(r, addr, &pr.Place, &e)
	if e != nil {
		return "", e, nil
	}
	producer := im.producer(pr, &e)
	if e != nil {
		return "", e, nil
	}
	p.ID, p.ProducerID, p.Place, p.Status = store.NewID(), producer.ID, producer.Place, ocop.Draft
	im.ops = append(im.ops, func(ctx context.Context, q store.Q) error { return q.InsertProduct(ctx, p) })
	return p.ID, nil, nil
}

// producer finds the row's producer (same registration number, or a similar
// name in the unit when a registration number is missing) or creates it.
func (im *importer) producer(pr ocop.Producer, e *valid.Errors) ocop.Producer {
	dups := ocop.ImportDuplicates(pr, pr.UnitID, im.candidates(pr))
	switch len(dups) {
	case 0:
		pr.ID = store.NewID()
		made := pr
		im.index(&made)
		im.ops = append(im.ops, func(ctx context.Context, q store.Q) error { return q.InsertProducer(ctx, made) })
		return pr
	case 1:
		if !account.Can(im.actor.User, ocop.Edit, account.Unit(dups[0].UnitPath)) && dups[0].UnitPath != "" {
			e.Add("producer", "ocop.err.out_of_scope")
		}
		return dups[0]
	}
	var names []string
	for _, d := range dups {
		names = append(names, d.Name)
	}
	e.Add("producer", "ocop.import.producer_ambiguous", strings.Join(names, "; "))
	return pr
}

func (im *importer) evaluation(r ocop.Row) (string, valid.Errors, error) {
	ev, e := ocop.EvaluationRow(r).Parse(im.ref.Bands, im.a.today())
	code := strings.ToUpper(strings.TrimSpace(r.Get("code")))
	p, ok := im.stored[code]
	if !ok {
		e.Add("code", "ocop.err.product_unknown", r.Get("code"))
		return "", e, nil
	}
	if !account.Can(im.actor.User, ocop.Evaluate, account.Unit(p.UnitPath)) {
		e.Add("code", "ocop.err.out_of_scope")
	}
	if e != nil {
		return "", e, nil
	}
	ev.ID, ev.ProductID, ev.Review = store.NewID(), p.ID, ocop.Pending
	if account.Can(im.actor.User, ocop.Verify, account.Unit(p.UnitPath)) {
		ev.Review = ocop.Verified
	}
	im.ops = append(im.ops, func(ctx context.Context, q store.Q) error { return q.InsertEvaluation(ctx, ev) })
	return ev.ID, nil, nil
}

func (im *importer) ip(ctx context.Context, r ocop.Row) (string, valid.Errors, error) {
	in, codes := ocop.IPRow(r)
	t, e := in.Check(im.a.today())
	im.unit(r, "", &t.Place, &e)
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
	im.ops = append(im.ops, func(ctx context.Context, q store.Q) error { return q.SaveIP(ctx, t) })
	return t.ID, nil, nil
}
