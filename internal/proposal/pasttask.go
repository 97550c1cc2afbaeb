package proposal

import (
	"strconv"
	"strings"

	"khcn/internal/locale"
)

// PastTask is an S&T task done or under way before, from the registry the
// Sở imports. New proposals are compared with it, since a task must not
// duplicate one done or under way.
type PastTask struct {
	Code       string // the registry's own key; importing again updates by it
	Title      string
	Objectives string
	Performer  string // tổ chức chủ trì
	Level      string // cấp quản lý: thành phố, bộ, quốc gia…
	YearFrom   int
	YearTo     int
	Status     string // đang thực hiện, đã nghiệm thu…
}

// ImportProblem is one problem in an imported file; Row counts from 1 as a
// spreadsheet does.
type ImportProblem struct {
	Row    int
	Column string
	Key    string
	Args   []any
}

// MaxImportRows bounds one import.
const MaxImportRows = 20000

// pastTaskHeaders maps each column to the headers accepted for it, folded, so
// "Tên nhiệm vụ", "TEN NHIEM VU" and "ten nhiem vu" are one.
var pastTaskHeaders = []struct {
	col     string
	headers []string
}{
	{"code", []string{"ma", "ma so", "ma nhiem vu", "so hieu", "code"}},
	{"title", []string{"ten nhiem vu", "ten", "ten de tai", "title"}},
	{"objectives", []string{"muc tieu", "objectives"}},
	{"performer", []string{"to chuc chu tri", "co quan chu tri", "don vi chu tri", "performer"}},
	{"level", []string{"cap quan ly", "cap", "level"}},
	{"year_from", []string{"nam bat dau", "tu nam", "year_from"}},
	{"year_to", []string{"nam ket thuc", "den nam", "year_to"}},
	{"status", []string{"tinh trang", "trang thai", "status"}},
}

// ParsePastTasks reads rows (the first non-empty one is the header) into
// tasks. Any problem means nothing is imported, so the caller gets every
// problem (up to a limit) at once.
func ParsePastTasks(rows [][]string) ([]PastTask, []ImportProblem) {
	var problems []ImportProblem
	bad := func(row int, col, key string, args ...any) {
		if len(problems) < 50 {
			problems = append(problems, ImportProblem{row, col, key, args})
		}
	}
	head := 0
	for head < len(rows) && blank(rows[head]) {
		head++
	}
	if head == len(rows) {
		bad(0, "", "err.import_empty")
		return nil, problems
	}
	// A title may stand above the header (as in the OCOP import): the header
	// is the first of the first five non-empty rows naming both required
	// columns, else the first non-empty row.
	cols := pastTaskColumns(rows[head])
	for h, seen := head, 0; h < len(rows) && seen < 5; h++ {
		if blank(rows[h]) {
			continue
		}
		seen++
		if c := pastTaskColumns(rows[h]); hasColumns(c, "code", "title") {
			head, cols = h, c
			break
		}
	}
	for _, need := range []string{"code", "title"} {
		if _, ok := cols[need]; !ok {
			bad(head+1, need, "err.import_column")
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	if len(rows)-head-1 > MaxImportRows {
		bad(0, "", "err.import_too_many", MaxImportRows)
		return nil, problems
	}
	cell := func(r []string, col string) string {
		i, ok := cols[col]
		if !ok || i >= len(r) {
			return ""
		}
		return cleanText(r[i], col != "objectives")
	}
	var out []PastTask
	seen := map[string]int{}
	for i := head + 1; i < len(rows); i++ {
		r, n := rows[i], i+1
		if blank(r) {
			continue
		}
		t := PastTask{Code: cell(r, "code"), Title: cell(r, "title"), Objectives: cell(r, "objectives"),
			Performer: cell(r, "performer"), Level: cell(r, "level"), Status: cell(r, "status")}
		switch {
		case t.Code == "":
			bad(n, "code", "err.required")
		case seen[t.Code] > 0:
			bad(n, "code", "err.import_code_twice", seen[t.Code])
		default:
			seen[t.Code] = n
		}
		if t.Title == "" {
			bad(n, "title", "err.required")
		} else if len([]rune(t.Title)) > 1000 {
			bad(n, "title", "err.too_long", 1000)
		}
		t.YearFrom = year(cell(r, "year_from"), func() { bad(n, "year_from", "err.year") })
		t.YearTo = year(cell(r, "year_to"), func() { bad(n, "year_to", "err.year") })
		if t.YearFrom > 0 && t.YearTo > 0 && t.YearTo < t.YearFrom {
			bad(n, "year_to", "err.year_order")
		}
		out = append(out, t)
	}
	if len(problems) > 0 {
		return nil, problems
	}
	if len(out) == 0 {
		bad(0, "", "err.import_empty")
	}
	return out, problems
}

// pastTaskColumns maps the columns a header row names to their positions.
func pastTaskColumns(header []string) map[string]int {
	cols := map[string]int{}
	for i, h := range header {
		f := locale.Fold(strings.TrimSpace(h))
		for _, c := range pastTaskHeaders {
			for _, accepted := range c.headers {
				if f == accepted {
					if _, dup := cols[c.col]; !dup {
						cols[c.col] = i
					}
				}
			}
		}
	}
	return cols
}

func hasColumns(cols map[string]int, names ...string) bool {
	for _, n := range names {
		if _, ok := cols[n]; !ok {
			return false
		}
	}
	return true
}

func year(s string, bad func()) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSuffix(s, ".0")) // spreadsheets may give "2019.0"
	if err != nil || n < 1950 || n > 2100 {
		bad()
		return 0
	}
	return n
}

func blank(r []string) bool {
	for _, c := range r {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
