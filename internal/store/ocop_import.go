package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"khcn/internal/ocop"
)

// inChunks runs fn over vals in slices small enough for one IN (…) list on
// both engines.
func inChunks(vals []string, fn func(list string, args []any) error) error {
	const size = 500
	for len(vals) > 0 {
		n := min(size, len(vals))
		var b strings.Builder
		args := make([]any, n)
		for i, v := range vals[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("$" + strconv.Itoa(i+1))
			args[i] = v
		}
		if err := fn(b.String(), args); err != nil {
			return err
		}
		vals = vals[n:]
	}
	return nil
}

// ProductsByCodes returns the products having any of the codes, by code:
// an import checks all its rows with a few queries instead of one a row.
func (q Q) ProductsByCodes(ctx context.Context, codes []string) (map[string]ocop.Product, error) {
	out := map[string]ocop.Product{}
	err := inChunks(codes, func(list string, args []any) error {
		rows, err := q.query(ctx, productSelect+` WHERE x.code IN (`+list+`)`, args...)
		ps, err := collect(rows, err, func(r *sql.Rows) (ocop.Product, error) { return scanProduct(r) })
		for _, p := range ps {
			out[p.Code] = p
		}
		return err
	})
	return out, err
}

// ProducersForImport returns the producers an import's rows may duplicate:
// those with one of the registration numbers anywhere, and those of the
// units.
func (q Q) ProducersForImport(ctx context.Context, regNos, unitIDs []string) ([]ocop.Producer, error) {
	seen := map[string]bool{}
	var out []ocop.Producer
	add := func(where string) func(string, []any) error {
		return func(list string, args []any) error {
			rows, err := q.query(ctx, producerSelect+where+`(`+list+`)`, args...)
			ps, err := collect(rows, err, func(r *sql.Rows) (ocop.Producer, error) { return scanProducer(r) })
			for _, p := range ps {
				if !seen[p.ID] {
					seen[p.ID] = true
					out = append(out, p)
				}
			}
			return err
		}
	}
	if err := inChunks(regNos, add(` WHERE x.reg_no <> '' AND x.reg_no IN `)); err != nil {
		return nil, err
	}
	return out, inChunks(unitIDs, add(` WHERE x.unit_id IN `))
}
