package store

import (
	"context"
	"database/sql"
)

// auditNames is, per kind of audited object, the query that names objects
// by ID (the ID list is appended). Kinds not listed keep their IDs.
var auditNames = map[string]string{
	"user":                    `SELECT id, name FROM users WHERE id IN `,
	"org_unit":                `SELECT id, name FROM org_units WHERE id IN `,
	"call":                    `SELECT id, title FROM calls WHERE id IN `,
	"proposal":                `SELECT id, title FROM proposals WHERE id IN `,
	"programme":               `SELECT id, code FROM programmes WHERE id IN `,
	"indicator":               `SELECT id, code || ' – ' || name FROM indicators WHERE id IN `,
	"period":                  `SELECT id, name FROM periods WHERE id IN `,
	"inspection":              `SELECT i.id, o.name FROM inspections i JOIN org_units o ON o.id = i.unit_id WHERE i.id IN `,
	"meeting":                 `SELECT id, title FROM meetings WHERE id IN `,
	"action_item":             `SELECT id, title FROM action_items WHERE id IN `,
	"recommendation":          `SELECT id, title FROM recommendations WHERE id IN `,
	"recommendation_category": `SELECT id, name_vi FROM recommendation_categories WHERE id IN `,
	"training":                `SELECT id, topic FROM trainings WHERE id IN `,
	"ocop_product":            `SELECT id, name FROM ocop_products WHERE id IN `,
	"ocop_producer":           `SELECT id, name FROM ocop_producers WHERE id IN `,
	"ocop_ip":                 `SELECT id, name FROM ocop_ip_titles WHERE id IN `,
	"document":                `SELECT id, number FROM doc_register WHERE id IN `,
}

// AuditNames names the objects, actors and units of audit entries: the
// result maps "kind:id" to a name ("user:01a2…" → "Nguyễn Thị Thu Hà").
// Actors are named under "user:", units under "org_unit:".
func (q Q) AuditNames(ctx context.Context, entries []AuditEntry) (map[string]string, error) {
	ids := map[string]map[string]bool{}
	add := func(kind, id string) {
		if id == "" {
			return
		}
		if ids[kind] == nil {
			ids[kind] = map[string]bool{}
		}
		ids[kind][id] = true
	}
	for _, e := range entries {
		add(e.ObjectType, e.ObjectID)
		add("user", e.ActorID)
		add("org_unit", e.UnitID)
	}
	out := map[string]string{}
	for kind, set := range ids {
		query, ok := auditNames[kind]
		if !ok {
			continue
		}
		args := make([]any, 0, len(set))
		for id := range set {
			args = append(args, id)
		}
		rows, err := q.query(ctx, query+`(`+placeholders(1, len(args))+`)`, args...)
		pairs, err := collect(rows, err, func(r *sql.Rows) ([2]string, error) {
			var p [2]string
			err := r.Scan(&p[0], &p[1])
			return p, err
		})
		if err != nil {
			return nil, err
		}
		for _, p := range pairs {
			out[kind+":"+p[0]] = p[1]
		}
	}
	return out, nil
}
