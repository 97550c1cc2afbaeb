package store_test

import (
	"context"
	"slices"
	"sort"
	"testing"

	"khcn/internal/testdb"
)

// Both engines must end with the same tables, columns and indexes.
func TestSchemaParity(t *testing.T) {
	engines := testdb.Engines(t)
	if len(engines) < 2 {
		t.Skip("needs PostgreSQL")
	}
	var schemas []map[string][]string
	for _, e := range engines {
		s := e.Open(t)
		m, err := s.Schema(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		schemas = append(schemas, m)
	}
	a, b := schemas[0], schemas[1]
	for _, name := range union(a, b) {
		if !slices.Equal(a[name], b[name]) {
			t.Errorf("%s: sqlite %v, postgres %v", name, a[name], b[name])
		}
	}
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
