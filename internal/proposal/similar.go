package proposal

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"khcn/internal/locale"
)

// Similarity of Vietnamese texts. A Vietnamese word is usually two
// syllables written apart ("nông nghiệp", "chất thải"), so texts are compared
// on syllables and syllable pairs, after folding away tone and vowel marks
// (so "hoà"/"hòa" and text typed without diacritics still match). Each
// feature is weighted by how rare it is in the collection (inverse document
// frequency) and texts are compared by cosine similarity. Titles weigh twice
// as much as objectives.

// Doc is a text to compare: a proposal or an earlier task.
type Doc struct {
	ID         string
	Group      string // the unit; overlaps are reported across units
	Title      string
	Objectives string
}

type feature struct {
	h uint64
	w float64
}

// posting is one document holding a feature, with the feature's weight there.
type posting struct {
	doc int32
	w   float64
}

// Index holds a collection ready for comparisons.
type Index struct {
	docs  []Doc
	vecs  [][]feature // sorted by h, weights include idf
	norms []float64
	df    map[uint64]int32
	post  map[uint64][]posting
}

// Match is a document similar to a query, with a score from 0 to 1.
type Match struct {
	Doc   int
	Score float64
}

// Pair is two similar documents of different groups.
type Pair struct {
	A, B  int
	Score float64
}

// Group is a set of overlapping documents; Score is its closest pair's.
type Group struct {
	Members []int
	Pairs   []Pair
	Score   float64
}

// stopWords are function words that say nothing about a topic; they are
// dropped before folding, where "để" and "đề" would become one.
var stopWords = map[string]bool{
	"và": true, "các": true, "của": true, "cho": true, "trên": true, "tại": true, "trong": true, "với": true,
	"những": true, "một": true, "theo": true, "để": true, "từ": true, "đến": true, "ở": true, "là": true,
	"có": true, "được": true, "nhằm": true, "về": true, "bằng": true, "này": true, "đó": true, "hoặc": true,
}

// folder folds syllables, remembering each: a collection repeats the same
// few thousand syllables, and folding is the costly part of reading a text.
type folder map[string]string

func (f folder) fold(s string) string {
	if v, ok := f[s]; ok {
		return v
	}
	v := locale.Fold(s)
	f[s] = v
	return v
}

// syllables splits text into clauses (at punctuation) of folded syllables.
func syllables(text string) [][]string { return folder{}.syllables(text) }

func (f folder) syllables(text string) [][]string {
	var clauses [][]string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			clauses = append(clauses, cur)
			cur = nil
		}
	}
	for _, word := range strings.FieldsFunc(strings.ToLower(locale.NFC(text)), func(r rune) bool {
		return unicode.IsSpace(r)
	}) {
		// Punctuation inside or around a word ends a clause there.
		parts := strings.FieldsFunc(word, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) })
		endsClause := strings.IndexFunc(word, func(r rune) bool { return unicode.IsPunct(r) }) >= 0
		for i, p := range parts {
			if i > 0 {
				flush()
			}
			if stopWords[p] {
				continue
			}
			cur = append(cur, f.fold(p))
		}
		if endsClause {
			flush()
		}
	}
	flush()
	return clauses
}

// addFeatures adds a text's syllables and syllable pairs with weight w.
func (f folder) addFeatures(m map[uint64]float64, text string, w float64) {
	for _, c := range f.syllables(text) {
		for i, s := range c {
			m[hash1(s)] = max(m[hash1(s)], 0.5*w)
			if i+1 < len(c) {
				h := hash2(s, c[i+1])
				m[h] = max(m[h], w)
			}
		}
	}
}

func (f folder) rawFeatures(title, objectives string) map[uint64]float64 {
	m := map[uint64]float64{}
	f.addFeatures(m, objectives, 1)
	f.addFeatures(m, title, 2)
	return m
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnv(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func hash1(a string) uint64    { return fnv(fnvOffset, a) }
func hash2(a, b string) uint64 { return fnv(fnv(fnv(fnvOffset, a), " "), b) }

// NewIndex prepares docs for comparison.
func NewIndex(docs []Doc) *Index {
	ix := &Index{docs: docs, df: map[uint64]int32{}, post: map[uint64][]posting{}}
	f := folder{}
	raws := make([]map[uint64]float64, len(docs))
	for i, d := range docs {
		raws[i] = f.rawFeatures(d.Title, d.Objectives)
		for h := range raws[i] {
			ix.df[h]++
		}
	}
	ix.vecs = make([][]feature, len(docs))
	ix.norms = make([]float64, len(docs))
	for i, raw := range raws {
		ix.vecs[i], ix.norms[i] = ix.weigh(raw)
		for _, ft := range ix.vecs[i] {
			ix.post[ft.h] = append(ix.post[ft.h], posting{int32(i), ft.w})
		}
	}
	return ix
}

// Len is the number of documents.
func (ix *Index) Len() int { return len(ix.docs) }

// Doc returns document i.
func (ix *Index) Doc(i int) Doc { return ix.docs[i] }

func (ix *Index) idf(h uint64) float64 {
	return math.Log(1 + float64(len(ix.docs)+1)/float64(ix.df[h]+1))
}

func (ix *Index) weigh(raw map[uint64]float64) ([]feature, float64) {
	v := make([]feature, 0, len(raw))
	var sum float64
	for h, w := range raw {
		w *= ix.idf(h)
		v = append(v, feature{h, w})
		sum += w * w
	}
	slices.SortFunc(v, func(a, b feature) int {
		switch {
		case a.h < b.h:
			return -1
		case a.h > b.h:
			return 1
		}
		return 0
	})
	return v, math.Sqrt(sum)
}

// Similar returns the documents whose score against the query is at least
// threshold, best first, at most limit.
func (ix *Index) Similar(title, objectives string, threshold float64, limit int) []Match {
	q, qn := ix.weigh(folder{}.rawFeatures(title, objectives))
	if qn == 0 {
		return nil
	}
	acc := map[int32]float64{}
	for _, f := range q {
		for _, p := range ix.post[f.h] {
			acc[p.doc] += f.w * p.w
		}
	}
	var out []Match
	for d, dot := range acc {
		if s := dot / (qn * ix.norms[d]); s >= threshold {
			out = append(out, Match{int(d), math.Min(s, 1)})
		}
	}
	sortMatches(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func sortMatches(m []Match) {
	slices.SortFunc(m, func(a, b Match) int {
		if c := cmpDesc(a.Score, b.Score); c != 0 {
			return c
		}
		return a.Doc - b.Doc
	})
}

// cosine is the exact score of two documents.
func (ix *Index) cosine(a, b int) float64 {
	x, y := ix.vecs[a], ix.vecs[b]
	var dot float64
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch {
		case x[i].h == y[j].h:
			dot += x[i].w * y[j].w
			i, j = i+1, j+1
		case x[i].h < y[j].h:
			i++
		default:
			j++
		}
	}
	if ix.norms[a] == 0 || ix.norms[b] == 0 {
		return 0
	}
	return math.Min(dot/(ix.norms[a]*ix.norms[b]), 1)
}

// Pairs returns every pair of documents from different groups scoring at
// least threshold. Comparing every two documents grows with the square of
// the collection, so candidates come from an inverted index over the
// features that are not common (in at most a tenth of the documents). What
// the common features can add is bounded (Cauchy-Schwarz: by the product of
// their norms in each document), so a pair is only skipped when even that
// bound cannot lift it to the threshold: the result is exact.
func (ix *Index) Pairs(threshold float64) []Pair {
	n := len(ix.docs)
	common := int32(max(20, n/10))
	// commonNorm[d] is the norm of d's common features alone.
	commonNorm := make([]float64, n)
	for d, v := range ix.vecs {
		var sum float64
		for _, f := range v {
			if ix.df[f.h] > common {
				sum += f.w * f.w
			}
		}
		commonNorm[d] = math.Sqrt(sum)
	}
	// Documents by their share of common features, largest first, for the
	// pairs that share no rare feature at all.
	share := func(d int) float64 {
		if ix.norms[d] == 0 {
			return 0
		}
		return commonNorm[d] / ix.norms[d]
	}
	byShare := make([]int, n)
	for i := range byShare {
		byShare[i] = i
	}
	slices.SortFunc(byShare, func(a, b int) int { return cmpDesc(share(a), share(b)) })

	acc := make([]float64, n)
	var touched []int32
	var out []Pair
	try := func(a, b int) {
		if s := ix.cosine(a, b); s >= threshold {
			out = append(out, Pair{a, b, s})
		}
	}
	for a := 0; a < n; a++ {
		if ix.norms[a] == 0 {
			continue
		}
		for _, f := range ix.vecs[a] {
			if ix.df[f.h] > common {
				continue
			}
			for _, p := range ix.post[f.h] {
				b := p.doc
				if int(b) <= a || ix.docs[b].Group == ix.docs[a].Group {
					continue
				}
				if acc[b] == 0 {
					touched = append(touched, b)
				}
				acc[b] += f.w * p.w
			}
		}
		for _, b := range touched {
			bound := (acc[b] + commonNorm[a]*commonNorm[b]) / (ix.norms[a] * ix.norms[b])
			if bound >= threshold {
				try(a, int(b))
			}
		}
		// Pairs sharing only common features score at most share(a)·share(b).
		if sa := share(a); sa >= threshold {
			for _, b := range byShare {
				if sa*share(b) < threshold {
					break
				}
				if b > a && acc[b] == 0 && ix.docs[b].Group != ix.docs[a].Group {
					try(a, b)
				}
			}
		}
		for _, b := range touched {
			acc[b] = 0
		}
		touched = touched[:0]
	}
	return out
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// Groups joins overlapping pairs into groups (documents linked through any
// chain of similar pairs), closest groups first.
func (ix *Index) Groups(threshold float64) []Group {
	pairs := ix.Pairs(threshold)
	parent := map[int]int{}
	var find func(int) int
	find = func(x int) int {
		p, ok := parent[x]
		if !ok || p == x {
			parent[x] = x
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, p := range pairs {
		ra, rb := find(p.A), find(p.B)
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	byRoot := map[int]*Group{}
	var roots []int
	for _, p := range pairs {
		r := find(p.A)
		g := byRoot[r]
		if g == nil {
			g = &Group{}
			byRoot[r] = g
			roots = append(roots, r)
		}
		g.Pairs = append(g.Pairs, p)
		g.Score = math.Max(g.Score, p.Score)
		for _, m := range []int{p.A, p.B} {
			if !slices.Contains(g.Members, m) {
				g.Members = append(g.Members, m)
			}
		}
	}
	out := make([]Group, 0, len(roots))
	for _, r := range roots {
		g := byRoot[r]
		slices.Sort(g.Members)
		slices.SortFunc(g.Pairs, func(a, b Pair) int { return cmpDesc(a.Score, b.Score) })
		out = append(out, *g)
	}
	slices.SortStableFunc(out, func(a, b Group) int {
		if c := cmpDesc(a.Score, b.Score); c != 0 {
			return c
		}
		return a.Members[0] - b.Members[0]
	})
	return out
}
