package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"khcn/internal/locale"
	"khcn/internal/ocop"
)

// OcopCatalogue returns the six OCOP groups with their sub-groups, in order.
func (q Q) OcopCatalogue(ctx context.Context) (ocop.Catalogue, error) {
	rows, err := q.query(ctx, `SELECT code, name, name_en FROM ocop_groups ORDER BY ord`)
	groups, err := collect(rows, err, func(r *sql.Rows) (ocop.Group, error) {
		var g ocop.Group
		return g, r.Scan(&g.Code, &g.Name, &g.NameEN)
	})
	if err != nil {
		return nil, err
	}
	rows, err = q.query(ctx, `SELECT code, group_code, name, name_en FROM ocop_subgroups ORDER BY group_code, ord`)
	subs, err := collect(rows, err, func(r *sql.Rows) (ocop.Subgroup, error) {
		var s ocop.Subgroup
		return s, r.Scan(&s.Code, &s.GroupCode, &s.Name, &s.NameEN)
	})
	for i := range groups {
		for _, s := range subs {
			if s.GroupCode == groups[i].Code {
				groups[i].Subgroups = append(groups[i].Subgroups, s)
			}
		}
	}
	return groups, err
}

// OcopBands returns the configured star bands, highest first.
func (q Q) OcopBands(ctx context.Context) (ocop.Bands, error) {
	rows, err := q.query(ctx, `SELECT stars, min_score FROM ocop_star_bands ORDER BY stars DESC`)
	return collect(rows, err, func(r *sql.Rows) (ocop.Band, error) {
		var b ocop.Band
		return b, r.Scan(&b.Stars, &b.MinScore)
	})
}

// ReplaceOcopBands sets the lowest score of each star level, if every
// level still has the score the editor started from (old); otherwise
// ErrConflict. Each row is updated on its old value, so of two editors
// racing on PostgreSQL the second finds the row changed.
func (q Q) ReplaceOcopBands(ctx context.Context, old, bands ocop.Bands) error {
	for _, b := range bands {
		was := old.Min(b.Stars)
		if err := q.execOne(ctx, ErrConflict, `UPDATE ocop_star_bands SET min_score = $1 WHERE stars = $2 AND ABS(min_score - $3) < 0.001`,
			b.MinScore, b.Stars, was); err != nil {
			return err
		}
	}
	return nil
}

// placeCols reads a record's unit and original unit; alias x is the record.
const placeCols = `x.unit_id, u.path, u.name, u.type, COALESCE(x.orig_unit_id, ''), COALESCE(o.name, ''), COALESCE(o.type, ''), x.orig_address`
const placeJoins = ` JOIN org_units u ON u.id = x.unit_id LEFT JOIN org_units o ON o.id = x.orig_unit_id`

func placeDest(p *ocop.Place) []any {
	return []any{&p.UnitID, &p.UnitPath, &p.UnitName, &p.UnitType, &p.OrigUnitID, &p.OrigName, &p.OrigType, &p.OrigAddress}
}

// ---- producers

const producerSelect = `SELECT x.id, x.name, x.kind, x.reg_no, x.representative, x.phone, x.address, x.dup_of, x.version, ` + placeCols +
	` FROM ocop_producers x` + placeJoins

func scanProducer(r interface{ Scan(...any) error }) (ocop.Producer, error) {
	var p ocop.Producer
	var kind, dup string
	err := r.Scan(append([]any{&p.ID, &p.Name, &kind, &p.RegNo, &p.Representative, &p.Phone, &p.Address, &dup, &p.Version}, placeDest(&p.Place)...)...)
	p.Kind = ocop.ProducerKind(kind)
	if dup != "" {
		p.DupOf = strings.Split(dup, ",")
	}
	return p, err
}

// InsertProducer adds a producer; p.ID must be set.
func (q Q) InsertProducer(ctx context.Context, p ocop.Producer) error {
	now := time.Now()
	_, err := q.exec(ctx, `INSERT INTO ocop_producers (id, name, name_fold, kind, reg_no, representative, phone, address, unit_id, orig_unit_id, orig_address, dup_of, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
		p.ID, p.Name, locale.Fold(p.Name), string(p.Kind), p.RegNo, p.Representative, p.Phone, p.Address, p.UnitID, nullable(p.OrigUnitID),
		p.OrigAddress, strings.Join(p.DupOf, ","), now)
	return err
}

// UpdateProducer saves a producer if its version has not moved on.
func (q Q) UpdateProducer(ctx context.Context, p ocop.Producer) error {
	return q.execOne(ctx, ErrConflict, `UPDATE ocop_producers SET name = $1, name_fold = $2, kind = $3, reg_no = $4, representative = $5, phone = $6,
		address = $7, dup_of = $8, version = version + 1, updated_at = $9 WHERE id = $10 AND version = $11`,
		p.Name, locale.Fold(p.Name), string(p.Kind), p.RegNo, p.Representative, p.Phone, p.Address, strings.Join(p.DupOf, ","), time.Now(), p.ID, p.Version)
}

// Producer returns one producer.
func (q Q) Producer(ctx context.Context, id string) (ocop.Producer, error) {
	p, err := scanProducer(q.row(ctx, producerSelect+` WHERE x.id = $1`, id))
	return p, notFound(err)
}

// Producers lists producers of units under path, sorted by name.
func (q Q) Producers(ctx context.Context, underPath string) ([]ocop.Producer, error) {
	rows, err := q.query(ctx, producerSelect+` WHERE u.path LIKE $1`, underPath+"%")
	out, err := collect(rows, err, func(r *sql.Rows) (ocop.Producer, error) { return scanProducer(r) })
	locale.SortFunc(out, func(p ocop.Producer) string { return p.Name })
	return out, err
}

// DuplicateCandidates lists producers that could duplicate a new one: the
// same registration number anywhere, or any producer of the same unit.
func (q Q) DuplicateCandidates(ctx context.Context, regNo, unitID string) ([]ocop.Producer, error) {
	rows, err := q.query(ctx, producerSelect+` WHERE (x.reg_no <> '' AND x.reg_no = $1) OR x.unit_id = $2`, regNo, unitID)
	return collect(rows, err, func(r *sql.Rows) (ocop.Producer, error) { return scanProducer(r) })
}

// ---- products

const productSelect = `SELECT x.id, x.code, x.name, x.group_code, x.subgroup_code, x.description, x.producer_id, pr.name, x.status, x.version, ` + placeCols +
	` FROM ocop_products x JOIN ocop_producers pr ON pr.id = x.producer_id` + placeJoins

func scanProduct(r interface{ Scan(...any) error }) (ocop.Product, error) {
	var p ocop.Product
	var status string
	err := r.Scan(append([]any{&p.ID, &p.Code, &p.Name, &p.GroupCode, &p.SubgroupCode, &p.Description, &p.ProducerID, &p.ProducerName, &status, &p.Version},
		placeDest(&p.Place)...)...)
	p.Status = ocop.Status(status)
	return p, err
}

// InsertProduct adds a product; p.ID and p.Code must be set.
func (q Q) InsertProduct(ctx context.Context, p ocop.Product) error {
	now := time.Now()
	_, err := q.exec(ctx, `INSERT INTO ocop_products (id, code, name, name_fold, group_code, subgroup_code, description, producer_id, unit_id, orig_unit_id, orig_address, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
		p.ID, p.Code, p.Name, locale.Fold(p.Name), p.GroupCode, p.SubgroupCode, p.Description, p.ProducerID, p.UnitID, nullable(p.OrigUnitID),
		p.OrigAddress, string(p.Status), now)
	return err
}

// UpdateProduct saves a product's fields and status if its version has not moved on.
func (q Q) UpdateProduct(ctx context.Context, p ocop.Product) error {
	return q.execOne(ctx, ErrConflict, `UPDATE ocop_products SET code = $1, name = $2, name_fold = $3, group_code = $4, subgroup_code = $5,
		description = $6, producer_id = $7, status = $8, version = version + 1, updated_at = $9 WHERE id = $10 AND version = $11`,
		p.Code, p.Name, locale.Fold(p.Name), p.GroupCode, p.SubgroupCode, p.Description, p.ProducerID, string(p.Status), time.Now(), p.ID, p.Version)
}

// Product returns one product.
func (q Q) Product(ctx context.Context, id string) (ocop.Product, error) {
	p, err := scanProduct(q.row(ctx, productSelect+` WHERE x.id = $1`, id))
	return p, notFound(err)
}

// ProductIDByCode finds a product by its code.
func (q Q) ProductIDByCode(ctx context.Context, code string) (string, error) {
	var id string
	err := q.row(ctx, `SELECT id FROM ocop_products WHERE code = $1`, strings.ToUpper(strings.TrimSpace(code))).Scan(&id)
	return id, notFound(err)
}

// ProductFilter selects products.
type ProductFilter struct {
	UnitPath   string // units under this path
	Statuses   []ocop.Status
	Group      string
	Text       string // diacritics-insensitive, on product or producer name
	ProducerID string
}

// Products lists products matching f, exact-diacritic matches first when
// searching, otherwise by Vietnamese collation of the name.
func (q Q) Products(ctx context.Context, f ProductFilter) ([]ocop.Product, error) {
	where := []string{`u.path LIKE $1`}
	args := []any{f.UnitPath + "%"}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+itoa(len(args))))
	}
	if f.Group != "" {
		add(`x.group_code = ?`, f.Group)
	}
	if f.ProducerID != "" {
		add(`x.producer_id = ?`, f.ProducerID)
	}
	// A product is found by its name, its producer's, its code, and the
	// commune it belongs to (today's or the former one): "soc son" finds
	// the products of Sóc Sơn.
	for _, w := range likeWords(f.Text) {
		add("("+w.on("x.name_fold")+" LIKE ? OR "+w.on("pr.name_fold")+" LIKE ? OR "+w.on("x.code")+" LIKE ? OR "+
			w.on("u.name_fold")+" LIKE ? OR "+w.on("COALESCE(o.name_fold, '')")+" LIKE ?)", w.Pattern)
	}
	if len(f.Statuses) > 0 {
		var ph []string
		for _, s := range f.Statuses {
			args = append(args, string(s))
			ph = append(ph, "$"+itoa(len(args)))
		}
		where = append(where, `x.status IN (`+strings.Join(ph, ", ")+`)`)
	}
	rows, err := q.query(ctx, productSelect+` WHERE `+strings.Join(where, " AND "), args...)
	out, err := collect(rows, err, func(r *sql.Rows) (ocop.Product, error) { return scanProduct(r) })
	if strings.TrimSpace(f.Text) != "" {
		RankByDiacritics(out, f.Text, func(p ocop.Product) string { return p.Name + " " + p.ProducerName + " " + p.UnitName })
	} else {
		locale.SortFunc(out, func(p ocop.Product) string { return p.Name })
	}
	return out, err
}

// ---- evaluations

const evalCols = `e.id, e.product_id, e.year, e.level, e.score_a, e.score_b, e.score_c, e.total, e.stars, e.decision_no, e.decision_date, e.cert_no, e.issue_date, e.review, e.version`

func scanEvaluation(r interface{ Scan(...any) error }) (ocop.Evaluation, error) {
	var e ocop.Evaluation
	var level, review string
	err := r.Scan(&e.ID, &e.ProductID, &e.Year, &level, &e.A, &e.B, &e.C, &e.Total, &e.Stars, &e.DecisionNo, &e.DecisionDate, &e.CertNo, &e.IssueDate, &review, &e.Version)
	e.Level, e.Review = ocop.Level(level), ocop.Review(review)
	return e, err
}

// InsertEvaluation adds an evaluation; e.ID must be set.
func (q Q) InsertEvaluation(ctx context.Context, e ocop.Evaluation) error {
	now := time.Now()
	_, err := q.exec(ctx, `INSERT INTO ocop_evaluations (id, product_id, year, level, score_a, score_b, score_c, total, stars, decision_no, decision_date, cert_no, issue_date, review, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)`,
		e.ID, e.ProductID, e.Year, string(e.Level), e.A, e.B, e.C, e.Total, e.Stars, e.DecisionNo, e.DecisionDate, e.CertNo, e.IssueDate, string(e.Review), now)
	return err
}

// UpdateEvaluation saves an evaluation if its version has not moved on.
func (q Q) UpdateEvaluation(ctx context.Context, e ocop.Evaluation) error {
	return q.execOne(ctx, ErrConflict, `UPDATE ocop_evaluations SET year = $1, level = $2, score_a = $3, score_b = $4, score_c = $5, total = $6, stars = $7,
		decision_no = $8, decision_date = $9, cert_no = $10, issue_date = $11, review = $12, version = version + 1, updated_at = $13 WHERE id = $14 AND version = $15`,
		e.Year, string(e.Level), e.A, e.B, e.C, e.Total, e.Stars, e.DecisionNo, e.DecisionDate, e.CertNo, e.IssueDate, string(e.Review), time.Now(), e.ID, e.Version)
}

// Evaluation returns one evaluation.
func (q Q) Evaluation(ctx context.Context, id string) (ocop.Evaluation, error) {
	e, err := scanEvaluation(q.row(ctx, `SELECT `+evalCols+` FROM ocop_evaluations e WHERE e.id = $1`, id))
	return e, notFound(err)
}

// EvaluationsUnder returns every evaluation of products of units under
// path, grouped by product ID, newest decision first.
func (q Q) EvaluationsUnder(ctx context.Context, underPath string) (map[string][]ocop.Evaluation, error) {
	rows, err := q.query(ctx, `SELECT `+evalCols+` FROM ocop_evaluations e JOIN ocop_products p ON p.id = e.product_id
		JOIN org_units u ON u.id = p.unit_id WHERE u.path LIKE $1 ORDER BY e.decision_date DESC, e.id`, underPath+"%")
	list, err := collect(rows, err, func(r *sql.Rows) (ocop.Evaluation, error) { return scanEvaluation(r) })
	out := map[string][]ocop.Evaluation{}
	for _, e := range list {
		out[e.ProductID] = append(out[e.ProductID], e)
	}
	return out, err
}

// EvaluationsOf returns a product's evaluations, newest decision first.
func (q Q) EvaluationsOf(ctx context.Context, productID string) ([]ocop.Evaluation, error) {
	rows, err := q.query(ctx, `SELECT `+evalCols+` FROM ocop_evaluations e WHERE e.product_id = $1 ORDER BY e.decision_date DESC, e.id`, productID)
	return collect(rows, err, func(r *sql.Rows) (ocop.Evaluation, error) { return scanEvaluation(r) })
}

// ---- upgrade plans

const planCols = `id, product_id, target_stars, support, deadline, status, version`

func scanPlan(r interface{ Scan(...any) error }) (ocop.UpgradePlan, error) {
	var p ocop.UpgradePlan
	var st string
	err := r.Scan(&p.ID, &p.ProductID, &p.TargetStars, &p.Support, &p.Deadline, &st, &p.Version)
	p.Status = ocop.PlanStatus(st)
	return p, err
}

// SavePlan inserts a plan (Version 0) or updates it (version-checked), and
// replaces its actions.
func (q Q) SavePlan(ctx context.Context, p ocop.UpgradePlan) error {
	now := time.Now()
	if p.Version == 0 {
		if _, err := q.exec(ctx, `INSERT INTO ocop_plans (id, product_id, target_stars, support, deadline, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, p.ID, p.ProductID, p.TargetStars, p.Support, p.Deadline, string(p.Status), now); err != nil {
			return err
		}
	} else if err := q.execOne(ctx, ErrConflict, `UPDATE ocop_plans SET target_stars = $1, support = $2, deadline = $3, status = $4, version = version + 1,
		updated_at = $5 WHERE id = $6 AND version = $7`, p.TargetStars, p.Support, p.Deadline, string(p.Status), now, p.ID, p.Version); err != nil {
		return err
	}
	if _, err := q.exec(ctx, `DELETE FROM ocop_plan_actions WHERE plan_id = $1`, p.ID); err != nil {
		return err
	}
	for i, a := range p.Actions {
		if a.ID == "" {
			a.ID = NewID()
		}
		if _, err := q.exec(ctx, `INSERT INTO ocop_plan_actions (id, plan_id, ord, text, due, done, action_item_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			a.ID, p.ID, i, a.Text, a.Due, a.Done, a.ActionItemID); err != nil {
			return err
		}
	}
	return nil
}

// Plan returns one plan with its actions.
func (q Q) Plan(ctx context.Context, id string) (ocop.UpgradePlan, error) {
	p, err := scanPlan(q.row(ctx, `SELECT `+planCols+` FROM ocop_plans WHERE id = $1`, id))
	if err != nil {
		return p, notFound(err)
	}
	rows, err := q.query(ctx, `SELECT id, plan_id, text, due, done, action_item_id FROM ocop_plan_actions WHERE plan_id = $1 ORDER BY ord`, id)
	p.Actions, err = collect(rows, err, func(r *sql.Rows) (ocop.PlanAction, error) {
		var a ocop.PlanAction
		return a, r.Scan(&a.ID, &a.PlanID, &a.Text, &a.Due, &a.Done, &a.ActionItemID)
	})
	return p, err
}

// LinkPlanStep records that a step of a plan became an action item; a step
// already linked is a conflict, so a step is handed out once.
func (q Q) LinkPlanStep(ctx context.Context, planID, stepID, actionItemID string) error {
	return q.execOne(ctx, ErrConflict, `UPDATE ocop_plan_actions SET action_item_id = $1 WHERE id = $2 AND plan_id = $3 AND action_item_id = ''`,
		actionItemID, stepID, planID)
}

// PlansUnder returns the plans of products of units under path, by product.
func (q Q) PlansUnder(ctx context.Context, underPath string) (map[string][]ocop.UpgradePlan, error) {
	rows, err := q.query(ctx, `SELECT x.id, x.product_id, x.target_stars, x.support, x.deadline, x.status, x.version FROM ocop_plans x
		JOIN ocop_products p ON p.id = x.product_id JOIN org_units u ON u.id = p.unit_id WHERE u.path LIKE $1 ORDER BY x.deadline DESC, x.id`, underPath+"%")
	list, err := collect(rows, err, func(r *sql.Rows) (ocop.UpgradePlan, error) { return scanPlan(r) })
	out := map[string][]ocop.UpgradePlan{}
	for _, p := range list {
		out[p.ProductID] = append(out[p.ProductID], p)
	}
	return out, err
}

// ---- IP titles

const ipSelect = `SELECT x.id, x.kind, x.name, x.owner, COALESCE(x.producer_id, ''), x.app_no, x.app_date, x.grant_no, x.grant_date, x.term_until,
	x.status, x.managing_org, x.usage_rules, COALESCE(x.task_id, ''), x.task_ref, COALESCE(tk.title, ''), x.review, x.version, ` + placeCols +
	` FROM ocop_ip_titles x LEFT JOIN proposals tk ON tk.id = x.task_id` + placeJoins

func scanIP(r interface{ Scan(...any) error }) (ocop.IPTitle, error) {
	var t ocop.IPTitle
	var kind, status, review string
	err := r.Scan(append([]any{&t.ID, &kind, &t.Name, &t.Owner, &t.ProducerID, &t.AppNo, &t.AppDate, &t.GrantNo, &t.GrantDate, &t.TermUntil,
		&status, &t.ManagingOrg, &t.UsageRules, &t.TaskID, &t.TaskRef, &t.TaskTitle, &review, &t.Version}, placeDest(&t.Place)...)...)
	t.Kind, t.Status, t.Review = ocop.IPKind(kind), ocop.IPStatus(status), ocop.Review(review)
	return t, err
}

// SaveIP inserts a title (Version 0) or updates it (version-checked), and
// replaces the products it covers.
func (q Q) SaveIP(ctx context.Context, t ocop.IPTitle) error {
	now := time.Now()
	if t.Version == 0 {
		if _, err := q.exec(ctx, `INSERT INTO ocop_ip_titles (id, kind, name, name_fold, owner, producer_id, app_no, app_date, grant_no, grant_date, term_until,
			status, managing_org, usage_rules, task_ref, unit_id, orig_unit_id, orig_address, review, created_at, updated_at, task_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21)`,
			t.ID, string(t.Kind), t.Name, locale.Fold(t.Name), t.Owner, nullable(t.ProducerID), t.AppNo, t.AppDate, t.GrantNo, t.GrantDate, t.TermUntil,
			string(t.Status), t.ManagingOrg, t.UsageRules, t.TaskRef, t.UnitID, nullable(t.OrigUnitID), t.OrigAddress, string(t.Review), now,
			nullable(t.TaskID)); err != nil {
			return err
		}
	} else if err := q.execOne(ctx, ErrConflict, `UPDATE ocop_ip_titles SET kind = $1, name = $2, name_fold = $3, owner = $4, producer_id = $5, app_no = $6,
		app_date = $7, grant_no = $8, grant_date = $9, term_until = $10, status = $11, managing_org = $12, usage_rules = $13, task_ref = $14,
		review = $15, version = version + 1, updated_at = $16, task_id = $19 WHERE id = $17 AND version = $18`,
		string(t.Kind), t.Name, locale.Fold(t.Name), t.Owner, nullable(t.ProducerID), t.AppNo, t.AppDate, t.GrantNo, t.GrantDate, t.TermUntil,
		string(t.Status), t.ManagingOrg, t.UsageRules, t.TaskRef, string(t.Review), now, t.ID, t.Version, nullable(t.TaskID)); err != nil {
		return err
	}
	if _, err := q.exec(ctx, `DELETE FROM ocop_ip_products WHERE ip_id = $1`, t.ID); err != nil {
		return err
	}
	for _, pid := range t.ProductIDs {
		if _, err := q.exec(ctx, `INSERT INTO ocop_ip_products (ip_id, product_id) VALUES ($1, $2) ON CONFLICT (ip_id, product_id) DO NOTHING`, t.ID, pid); err != nil {
			return err
		}
	}
	return nil
}

// IPTitle returns one title with the products it covers.
func (q Q) IPTitle(ctx context.Context, id string) (ocop.IPTitle, error) {
	t, err := scanIP(q.row(ctx, ipSelect+` WHERE x.id = $1`, id))
	if err != nil {
		return t, notFound(err)
	}
	rows, err := q.query(ctx, `SELECT product_id FROM ocop_ip_products WHERE ip_id = $1`, id)
	t.ProductIDs, err = collect(rows, err, func(r *sql.Rows) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	return t, err
}

// IPTitles lists titles of units under path (and, when text is given,
// matching it without regard to diacritics in their name or their
// commune's), with the products they cover.
func (q Q) IPTitles(ctx context.Context, underPath, text string) ([]ocop.IPTitle, error) {
	query, args := ipSelect+` WHERE u.path LIKE $1`, []any{underPath + "%"}
	// A title is found by its name and by the commune it belongs to (today's
	// or the former one): "me linh" finds the titles of Xã Mê Linh.
	for _, w := range likeWords(text) {
		args = append(args, w.Pattern)
		n := itoa(len(args))
		query += ` AND (` + w.on("x.name_fold") + ` LIKE $` + n + ` OR ` + w.on("u.name_fold") + ` LIKE $` + n +
			` OR ` + w.on("COALESCE(o.name_fold, '')") + ` LIKE $` + n + `)`
	}
	rows, err := q.query(ctx, query, args...)
	out, err := collect(rows, err, func(r *sql.Rows) (ocop.IPTitle, error) { return scanIP(r) })
	if err != nil {
		return nil, err
	}
	rows, err = q.query(ctx, `SELECT l.ip_id, l.product_id FROM ocop_ip_products l JOIN ocop_ip_titles x ON x.id = l.ip_id
		JOIN org_units u ON u.id = x.unit_id WHERE u.path LIKE $1`, underPath+"%")
	links, err := collect(rows, err, func(r *sql.Rows) ([2]string, error) {
		var l [2]string
		return l, r.Scan(&l[0], &l[1])
	})
	byIP := map[string][]string{}
	for _, l := range links {
		byIP[l[0]] = append(byIP[l[0]], l[1])
	}
	for i := range out {
		out[i].ProductIDs = byIP[out[i].ID]
	}
	if strings.TrimSpace(text) != "" {
		RankByDiacritics(out, text, func(t ocop.IPTitle) string { return t.Name })
	} else {
		locale.SortFunc(out, func(t ocop.IPTitle) string { return t.Name })
	}
	return out, err
}

// IPTitlesOfTasks lists, by task, the titles linked to the given tasks, by
// name in Vietnamese order (products covered are not loaded).
func (q Q) IPTitlesOfTasks(ctx context.Context, taskIDs []string) (map[string][]ocop.IPTitle, error) {
	out := map[string][]ocop.IPTitle{}
	if len(taskIDs) == 0 {
		return out, nil
	}
	rows, err := q.query(ctx, ipSelect+` WHERE x.task_id IN (`+placeholders(1, len(taskIDs))+`)`, anys(taskIDs)...)
	list, err := collect(rows, err, func(r *sql.Rows) (ocop.IPTitle, error) { return scanIP(r) })
	locale.SortFunc(list, func(t ocop.IPTitle) string { return t.Name })
	for _, t := range list {
		out[t.TaskID] = append(out[t.TaskID], t)
	}
	return out, err
}

// SetOcopReview marks an evaluation or an IP title as verified or pending.
func (q Q) SetOcopReview(ctx context.Context, table, id string, r ocop.Review, version int) error {
	t := map[string]string{"evaluation": "ocop_evaluations", "ip": "ocop_ip_titles"}[table]
	if t == "" {
		return ErrNotFound
	}
	return q.execOne(ctx, ErrConflict, `UPDATE `+t+` SET review = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4`,
		string(r), time.Now(), id, version)
}

// SeedOcop adds the groups, sub-groups and star bands that are missing;
// rows already there (possibly configured since) are left alone.
func (q Q) SeedOcop(ctx context.Context, cat ocop.Catalogue, bands ocop.Bands) error {
	for gi, g := range cat {
		if _, err := q.exec(ctx, `INSERT INTO ocop_groups (code, name, name_en, ord) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
			g.Code, g.Name, g.NameEN, gi+1); err != nil {
			return err
		}
		for si, s := range g.Subgroups {
			if _, err := q.exec(ctx, `INSERT INTO ocop_subgroups (code, group_code, name, name_en, ord) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING`,
				s.Code, g.Code, s.Name, s.NameEN, si+1); err != nil {
				return err
			}
		}
	}
	for _, b := range bands {
		if _, err := q.exec(ctx, `INSERT INTO ocop_star_bands (stars, min_score) VALUES ($1, $2) ON CONFLICT (stars) DO NOTHING`, b.Stars, b.MinScore); err != nil {
			return err
		}
	}
	return nil
}
