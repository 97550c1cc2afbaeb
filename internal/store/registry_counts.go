package store

import (
	"context"
	"fmt"

	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/programme"
)

// registrySQL counts the product registries that are not training events
// for the units under a path ($1) over a span of days ($2–$3). OCOP products
// and IP titles re-homed after the 2025 reorganisation count for their
// original unit as well as today's, so a former district's report still
// finds what its communes recorded.
var registrySQL = map[string]string{
	programme.RegistryIPGranted: `SELECT COUNT(*) FROM ocop_ip_titles i JOIN org_units o ON o.id = i.unit_id
		LEFT JOIN org_units oo ON oo.id = i.orig_unit_id
		WHERE (o.path LIKE $1 OR oo.path LIKE $1) AND i.review = 'verified' AND i.grant_date BETWEEN $2 AND $3`,
	programme.RegistryOcopRated: `SELECT COUNT(DISTINCT p.id) FROM ocop_evaluations e JOIN ocop_products p ON p.id = e.product_id
		JOIN org_units o ON o.id = p.unit_id LEFT JOIN org_units oo ON oo.id = p.orig_unit_id
		WHERE (o.path LIKE $1 OR oo.path LIKE $1) AND e.review = 'verified' AND e.stars >= 3 AND e.cert_no <> ''
		AND e.issue_date BETWEEN $2 AND $3`,
}

// RegistryCount counts a registry (programme.Registries) for the unit at
// unitPath and everything under it, over from–to inclusive.
func (q Q) RegistryCount(ctx context.Context, registry, unitPath string, from, to civil.Date) (float64, error) {
	events := TrainingFilter{UnitPath: unitPath, Status: string(followup.TrainingHeld), From: from, To: to}
	switch registry {
	case programme.RegistryTrainings, programme.RegistryTrainingPeople, programme.RegistryCommunication:
		events.Kind = string(followup.KindTraining)
		if registry == programme.RegistryCommunication {
			events.Kind = string(followup.KindCommunication)
		}
		n, people, err := q.TrainingTotals(ctx, events)
		if registry == programme.RegistryTrainingPeople {
			n = people
		}
		return float64(n), err
	}
	query, ok := registrySQL[registry]
	if !ok {
		return 0, fmt.Errorf("store: unknown registry %q", registry)
	}
	var n float64
	err := q.row(ctx, query, unitPath+"%", from, to).Scan(&n)
	return n, err
}
