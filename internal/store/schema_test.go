package store_test

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"

	"khcn/internal/testdb"
)

// Both engines must end with the same tables, columns and indexes, and each
// column with the same kind of value and nullability (TEXT ~ text, REAL ~
// double precision, TIMESTAMP ~ timestamptz, TEXT holding JSON ~ jsonb…).
func TestSchemaParity(t *testing.T) {
	engines := testdb.Engines(t)
	if len(engines) < 2 {
		t.Skip("needs PostgreSQL")
	}
	var schemas []map[string][]string
	var types []map[string]string
	for _, e := range engines {
		s := e.Open(t)
		m, err := s.Schema(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		schemas = append(schemas, m)
		c, err := s.ColumnTypes(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, c)
	}
	var cols []string
	for c := range types[0] {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	if len(cols) < 100 {
		t.Fatalf("only %d columns described", len(cols))
	}
	for _, c := range cols {
		if sq, pg := types[0][c], types[1][c]; sq != pg && !jsonText(sq, pg) {
			t.Errorf("column %s: sqlite %q, postgres %q", c, sq, pg)
		}
	}
	a, b := schemas[0], schemas[1]
	for _, name := range union(a, b) {
		if !slices.Equal(a[name], b[name]) {
			t.Errorf("%s: sqlite %v, postgres %v", name, a[name], b[name])
		}
	}
}

// jsonText: JSON is TEXT in the SQLite DDL and JSONB in the PostgreSQL one.
func jsonText(sqlite, postgres string) bool {
	return strings.Replace(postgres, "json", "text", 1) == sqlite
}

func union(a, b map[string][]string) []string {
	set := map[string]bool{}
	for k := range a {
		set[k] = true
	}
	for k := range b {
		set[k] = true
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
