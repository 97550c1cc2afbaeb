package store

import (
	"slices"
	"strings"
	"unicode/utf8"

	"khcn/internal/locale"
)

// escapeLike drops LIKE wildcards from user text, so a search for "50%"
// matches literally without engine-specific ESCAPE clauses.
func escapeLike(s string) string {
	r := strings.NewReplacer(`%`, ``, `_`, ``)
	return r.Replace(s)
}

// likeWord is one word of search text, folded, as a LIKE pattern.
type likeWord struct {
	Pattern string
	whole   bool
}

// on is the column expression the pattern applies to: a short word must be
// a whole word ("so" finds "so" in "ho so", not "soc"), so the column is
// padded with spaces.
func (w likeWord) on(col string) string {
	if w.whole {
		return "(' ' || " + col + " || ' ')"
	}
	return col
}

// likeWords turns search text into one pattern per word, so the words
// match anywhere and in any order: "nong cao" finds "nông nghiệp công nghệ
// cao". Words of three letters or more match inside words; shorter ones
// only as whole words. At most eight words count.
func likeWords(text string) []likeWord {
	words := strings.Fields(escapeLike(locale.Fold(text)))
	if len(words) > 8 {
		words = words[:8]
	}
	// The longest word first: it rules out most rows, and the engines stop
	// at the first condition that fails.
	slices.SortStableFunc(words, func(a, b string) int { return len(b) - len(a) })
	out := make([]likeWord, len(words))
	for i, w := range words {
		if utf8.RuneCountInString(w) < 3 {
			out[i] = likeWord{"% " + w + " %", true}
		} else {
			out[i] = likeWord{"%" + w + "%", false}
		}
	}
	return out
}

// wordsWhere is "col LIKE $first AND col LIKE $first+1 …" for the words of
// text, with their arguments; "1=1" when there are none.
func wordsWhere(col, text string, first int) (string, []any) {
	var parts []string
	var args []any
	for i, w := range likeWords(text) {
		parts = append(parts, w.on(col)+" LIKE $"+itoa(first+i))
		args = append(args, w.Pattern)
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
