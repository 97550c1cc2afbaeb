package store

import (
	"slices"
	"strings"

	"khcn/internal/locale"
)

// escapeLike drops LIKE wildcards from user text, so a search for "50%"
// matches literally without engine-specific ESCAPE clauses.
func escapeLike(s string) string {
	r := strings.NewReplacer(`%`, ``, `_`, ``)
	return r.Replace(s)
}

// RankByDiacritics orders items so that those containing the query with its
// exact diacritics come first, then by Vietnamese collation. The database
// matches on the folded key; this puts "Hòa" before "Hóa" for "hòa".
func RankByDiacritics[T any](items []T, query string, text func(T) string) {
	q := strings.ToLower(locale.NFC(strings.TrimSpace(query)))
	locale.SortFunc(items, text)
	slices.SortStableFunc(items, func(a, b T) int {
		ea := strings.Contains(strings.ToLower(text(a)), q)
		eb := strings.Contains(strings.ToLower(text(b)), q)
		switch {
		case ea && !eb:
			return -1
		case eb && !ea:
			return 1
		}
		return 0
	})
}
