package ocop

import (
	"strings"

	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/valid"
)

// ImportKind is what an import file holds.
type ImportKind string

const (
	ImportProducts    ImportKind = "products"
	ImportEvaluations ImportKind = "evaluations"
	ImportIP          ImportKind = "ip"
)

// ImportKinds lists the kinds in display order.
var ImportKinds = []ImportKind{ImportProducts, ImportEvaluations, ImportIP}

// Column is one column of an import template: the form field it fills and
// its Vietnamese header (matched without regard to diacritics or case).
type Column struct {
	Field    string
	Header   string
	Required bool
}

// Columns of each import template, in template order.
var Columns = map[ImportKind][]Column{
	ImportProducts: {
		{"code", "Mã sản phẩm", true}, {"name", "Tên sản phẩm", true}, {"group", "Nhóm", true}, {"subgroup", "Phân nhóm", true},
		{"description", "Mô tả", false}, {"producer", "Chủ thể", true}, {"kind", "Loại chủ thể", true}, {"reg_no", "Số ĐKKD", false},
		{"representative", "Người đại diện", false}, {"phone", "Điện thoại", false}, {"address", "Địa chỉ", false},
		{"commune", "Xã/phường", true}, {"district", "Quận/huyện cũ", false}, {"orig_address", "Địa chỉ gốc", false},
	},
	ImportEvaluations: {
		{"code", "Mã sản phẩm", true}, {"year", "Năm", true}, {"level", "Cấp", true}, {"score_a", "Điểm A", true},
		{"score_b", "Điểm B", true}, {"score_c", "Điểm C", true}, {"total", "Tổng điểm", true}, {"decision_no", "Số quyết định", true},
		{"decision_date", "Ngày quyết định", true}, {"cert_no", "Số giấy chứng nhận", false}, {"issue_date", "Ngày cấp", false},
	},
	ImportIP: {
		{"kind", "Loại", true}, {"name", "Tên", true}, {"owner", "Chủ sở hữu", true}, {"app_no", "Số đơn", true},
		{"app_date", "Ngày nộp đơn", true}, {"grant_no", "Số văn bằng", false}, {"grant_date", "Ngày cấp văn bằng", false},
		{"term_until", "Bảo hộ đến", false}, {"status", "Tình trạng", true}, {"managing_org", "Tổ chức quản lý", false},
		{"task_ref", "Nhiệm vụ KH&CN", false}, {"products", "Mã sản phẩm", false}, {"commune", "Xã/phường", true},
		{"district", "Quận/huyện cũ", false},
	},
}

// ImportError is one problem of an import, at a row (1 = the header row, as
// a spreadsheet numbers it) and a column header; Line 0 is the whole file.
type ImportError struct {
	Line   int
	Column string
	Key    string
	Args   []any
}

// Row is one data row keyed by field.
type Row struct {
	Line  int
	Cells map[string]string
}

// Get returns the cell of a field.
func (r Row) Get(field string) string { return r.Cells[field] }

// Prepare maps the header row to fields and returns the data rows, skipping
// empty ones. Missing required columns are errors of the file. The header
// row is the first of the first five rows that names every required column
// (a template may have a title above it), else the first row.
func Prepare(kind ImportKind, table [][]string) ([]Row, []ImportError) {
	cols, ok := Columns[kind]
	if !ok {
		return nil, []ImportError{{Key: "err.choose"}}
	}
	if len(table) == 0 {
		return nil, []ImportError{{Key: "ocop.import.empty"}}
	}
	head := headerRow(cols, table)
	index := map[string]int{}
	for i, h := range table[head] {
		index[locale.Fold(h)] = i
	}
	pos := map[string]int{}
	var errs []ImportError
	for _, c := range cols {
		i, ok := index[locale.Fold(c.Header)]
		if !ok {
			if c.Required {
				errs = append(errs, ImportError{Line: head + 1, Column: c.Header, Key: "ocop.import.missing_column"})
			}
			continue
		}
		pos[c.Field] = i
	}
	if errs != nil {
		return nil, errs
	}
	var rows []Row
	for n := head + 1; n < len(table); n++ {
		rec := table[n]
		r := Row{Line: n + 1, Cells: map[string]string{}}
		empty := true
		for f, i := range pos {
			if i < len(rec) {
				r.Cells[f] = rec[i]
				empty = empty && rec[i] == ""
			}
		}
		if !empty {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return nil, []ImportError{{Key: "ocop.import.empty"}}
	}
	return rows, nil
}

// Errors turns field problems of a row into import errors at its columns.
func (r Row) Errors(kind ImportKind, e valid.Errors) []ImportError {
	var out []ImportError
	for _, c := range Columns[kind] {
		if p, ok := e[c.Field]; ok {
			out = append(out, ImportError{Line: r.Line, Column: c.Header, Key: p.Key, Args: p.Args})
			delete(e, c.Field)
		}
	}
	for f, p := range e { // fields without a column of their own
		out = append(out, ImportError{Line: r.Line, Column: f, Key: p.Key, Args: p.Args})
	}
	return out
}

// Header returns the header of a field in an import kind.
func Header(kind ImportKind, field string) string {
	for _, c := range Columns[kind] {
		if c.Field == field {
			return c.Header
		}
	}
	return field
}

// labels map folded words users write to stable keys.
var (
	levelWords = map[string]string{"tinh": "province", "thanh pho": "province", "cap tinh": "province", "province": "province",
		"trung uong": "central", "cap trung uong": "central", "central": "central"}
	kindWords = map[string]string{"hop tac xa": "cooperative", "htx": "cooperative", "cooperative": "cooperative",
		"doanh nghiep": "enterprise", "cong ty": "enterprise", "enterprise": "enterprise",
		"to hop tac": "coop_group", "tht": "coop_group", "coop_group": "coop_group",
		"ho": "household", "ho kinh doanh": "household", "ho san xuat": "household", "household": "household"}
	ipKindWords = map[string]string{"nhan hieu": "trademark", "trademark": "trademark", "nhan hieu tap the": "collective", "collective": "collective",
		"nhan hieu chung nhan": "certification", "certification": "certification", "chi dan dia ly": "geo", "geo": "geo",
		"kieu dang cong nghiep": "design", "design": "design", "sang che": "patent", "patent": "patent", "giai phap huu ich": "utility", "utility": "utility"}
	ipStatusWords = map[string]string{"da nop don": "filed", "nop don": "filed", "filed": "filed", "da tham dinh": "examined", "tham dinh": "examined",
		"examined": "examined", "da cap": "granted", "da cap van bang": "granted", "duoc cap": "granted", "granted": "granted",
		"tu choi": "refused", "bi tu choi": "refused", "refused": "refused", "het hieu luc": "expired", "het han": "expired", "expired": "expired"}
)

// Word maps a cell to a stable key through a table of folded words; an
// unknown word is returned folded, so validation refuses it at its column.
func word(table map[string]string, s string) string {
	f := locale.Fold(s)
	if k, ok := table[f]; ok {
		return k
	}
	return f
}

// GroupByText finds a group by code ("1") or name, and a sub-group likewise.
func (c Catalogue) GroupByText(s string) string {
	f := locale.Fold(s)
	for _, g := range c {
		if f == locale.Fold(g.Code) || f == locale.Fold(g.Name) {
			return g.Code
		}
	}
	return s
}

// SubgroupByText finds a sub-group by code or name within a group.
func (c Catalogue) SubgroupByText(group, s string) string {
	f := locale.Fold(s)
	for _, g := range c {
		for _, sg := range g.Subgroups {
			if (f == locale.Fold(sg.Code) || f == locale.Fold(sg.Name)) && (group == "" || sg.GroupCode == group) {
				return sg.Code
			}
		}
	}
	return s
}

// ProductRow reads a product import row into the form inputs. The producer
// is named in the row; the caller finds or creates it.
func ProductRow(r Row, cat Catalogue) (ProductInput, ProducerInput) {
	g := cat.GroupByText(r.Get("group"))
	return ProductInput{Code: r.Get("code"), Name: r.Get("name"), GroupCode: g, SubgroupCode: cat.SubgroupByText(g, r.Get("subgroup")),
			Description: r.Get("description"), ProducerID: "-"},
		ProducerInput{Name: r.Get("producer"), Kind: word(kindWords, r.Get("kind")), RegNo: r.Get("reg_no"), Representative: r.Get("representative"),
			Phone: r.Get("phone"), Address: r.Get("address"), UnitID: "-", OrigAddress: r.Get("orig_address")}
}

// EvaluationRow reads an evaluation import row.
func EvaluationRow(r Row) EvaluationInput {
	return EvaluationInput{Year: r.Get("year"), Level: word(levelWords, r.Get("level")), A: r.Get("score_a"), B: r.Get("score_b"),
		C: r.Get("score_c"), Total: r.Get("total"), DecisionNo: r.Get("decision_no"), DecisionDate: r.Get("decision_date"),
		CertNo: r.Get("cert_no"), Issue: r.Get("issue_date")}
}

// IPRow reads an IP title import row and the product codes it covers.
func IPRow(r Row) (IPInput, []string) {
	var codes []string
	for _, c := range strings.FieldsFunc(r.Get("products"), func(r rune) bool { return r == ';' || r == ',' || r == '\n' }) {
		if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
			codes = append(codes, c)
		}
	}
	return IPInput{Kind: word(ipKindWords, r.Get("kind")), Name: r.Get("name"), Owner: r.Get("owner"), AppNo: r.Get("app_no"),
		AppDate: r.Get("app_date"), GrantNo: r.Get("grant_no"), GrantDate: r.Get("grant_date"), TermUntil: r.Get("term_until"),
		Status: word(ipStatusWords, r.Get("status")), ManagingOrg: r.Get("managing_org"), TaskRef: r.Get("task_ref")}, codes
}

// typePrefixes are the legal types written before unit names.
var typePrefixes = []string{"thi tran ", "phuong ", "xa ", "quan ", "huyen ", "thi xa "}

func bareName(s string) string {
	f := locale.Fold(s)
	for _, p := range typePrefixes {
		if strings.HasPrefix(f, p) {
			return strings.TrimPrefix(f, p)
		}
	}
	return f
}

// FindUnit finds the unit a row names: a commune or ward valid today, or,
// when a former district is named, a former commune of that district (then
// re-homed by the caller). The key is a message for the commune column.
func FindUnit(set *orgunit.Set, commune, district string, today civil.Date) (*orgunit.Unit, string) {
	name := bareName(commune)
	if name == "" {
		return nil, "err.required"
	}
	var found []*orgunit.Unit
	if strings.TrimSpace(district) == "" {
		for _, u := range set.On(today) {
			if u.Kind == orgunit.Commune && locale.Fold(u.Name) == name {
				found = append(found, u)
			}
		}
	} else {
		dname := bareName(district)
		old := today
		if !today.Before(civil.New(2025, 7, 1)) {
			old = civil.New(2025, 6, 30)
		}
		for _, d := range set.On(old) {
			if d.Kind != orgunit.District || locale.Fold(d.Name) != dname {
				continue
			}
			for _, c := range set.Children(d.ID, old) {
				if locale.Fold(c.Name) == name {
					found = append(found, c)
				}
			}
		}
	}
	switch len(found) {
	case 0:
		return nil, "ocop.import.unit_unknown"
	case 1:
		return found[0], ""
	}
	return nil, "ocop.import.unit_ambiguous"
}

func headerRow(cols []Column, table [][]string) int {
	for h := 0; h < len(table) && h < 5; h++ {
		have := map[string]bool{}
		for _, c := range table[h] {
			have[locale.Fold(c)] = true
		}
		all := true
		for _, c := range cols {
			all = all && (!c.Required || have[locale.Fold(c.Header)])
		}
		if all {
			return h
		}
	}
	return 0
}
