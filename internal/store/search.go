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

// likeWords turns search text into one LIKE pattern per word, folded, so
// the words match anywhere and in any order: "nong cao" finds "nông nghiệp
// công nghệ cao". At most eight words count.
func likeWords(text string) []string {
	words := strings.Fields(escapeLike(locale.Fold(text)))
	if len(words) > 8 {
		words = words[:8]
	}
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = "%" + w + "%"
	}
	return out
}

// wordsWhere is "col LIKE $first AND col LIKE $first+1 …" for the words of
// text, with their arguments; "1=1" when there are none.
func wordsWhere(col, text string, first int) (string, []any) {
	var parts []string
	var args []any
	for i, w := range likeWords(text) {
		parts = append(parts, col+" LIKE $"+itoa(first+i))
		args = append(args, w)
	}
	if len(parts) == 0 {
		return "1=1", nil
	}
	return strings.Join(parts, " AND "), args
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
