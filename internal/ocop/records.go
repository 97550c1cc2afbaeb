package ocop

import (
	"strings"
	"unicode"

	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/valid"
)

// ProducerInput is a producer as typed.
type ProducerInput struct {
	Name, Kind, RegNo, Representative, Phone, Address string
	UnitID                                            string // today's unit, or a former unit to re-home
	ChosenUnitID                                      string // today's unit picked when a former one split
	OrigAddress                                       string
	ConfirmDup                                        bool // "vẫn lưu" after seeing possible duplicates
}

// Check validates a producer's own fields.
func (in ProducerInput) Check() (Producer, valid.Errors) {
	var e valid.Errors
	p := Producer{Name: strings.TrimSpace(in.Name), Kind: ProducerKind(strings.TrimSpace(in.Kind)), RegNo: NormRegNo(in.RegNo),
		Representative: strings.TrimSpace(in.Representative), Phone: strings.TrimSpace(in.Phone), Address: strings.TrimSpace(in.Address)}
	if e.Required("name", p.Name) {
		e.MaxLen("name", p.Name, 300)
	}
	if !validKind(p.Kind) {
		e.Add("kind", "err.choose")
	}
	if p.RegNo == "" && p.Kind != Household {
		e.Add("reg_no", "ocop.err.reg_no_required")
	} else if p.RegNo != "" && (len(p.RegNo) < 6 || len(p.RegNo) > 20) {
		e.Add("reg_no", "ocop.err.reg_no_format")
	}
	e.MaxLen("representative", p.Representative, 200)
	e.MaxLen("phone", p.Phone, 30)
	e.MaxLen("address", p.Address, 500)
	e.MaxLen("orig_address", in.OrigAddress, 500)
	e.Required("unit_id", in.UnitID)
	return p, e
}

func validKind(k ProducerKind) bool {
	for _, x := range ProducerKinds {
		if x == k {
			return true
		}
	}
	return false
}

// NormRegNo keeps the digits and letters of a registration number, upper
// case, so "0101 234 567" and "0101234567" match.
func NormRegNo(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(strings.TrimSpace(s)) {
		if unicode.IsDigit(r) || (r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// legalForms are words of a producer's legal form, dropped before names are
// compared: "HTX Mật ong Tản Viên" and "Hợp tác xã mật ong Tản Viên" are one.
var legalForms = []string{
	"hop tac xa nong nghiep", "hop tac xa dich vu", "hop tac xa", "htx", "to hop tac", "tht",
	"cong ty trach nhiem huu han", "cong ty tnhh", "cong ty co phan", "cong ty cp", "cong ty", "tnhh", "mot thanh vien", "mtv",
	"co phan", "ho kinh doanh", "ho san xuat", "co so", "hkd", "doanh nghiep tu nhan", "dntn",
}

// CoreName is a producer name without its legal form, folded.
func CoreName(name string) string {
	f := " " + locale.Fold(strings.Map(func(r rune) rune {
		if unicode.IsPunct(r) {
			return ' '
		}
		return r
	}, name)) + " "
	for _, w := range legalForms {
		f = strings.ReplaceAll(f, " "+w+" ", " ")
	}
	return strings.Join(strings.Fields(f), " ")
}

// SimilarNames reports whether two producer names likely name the same
// producer: the same core name, or core names at most a small edit apart
// (a typo, a missing tone), never empty.
func SimilarNames(a, b string) bool { return SimilarCores(CoreName(a), CoreName(b)) }

// SimilarCores is SimilarNames of names already reduced by CoreName (an
// import reduces each name once).
func SimilarCores(ca, cb string) bool {
	if ca == "" || cb == "" {
		return false
	}
	if ca == cb {
		return true
	}
	ra, rb := []rune(ca), []rune(cb)
	longest := max(len(ra), len(rb))
	if longest < 6 || abs(len(ra)-len(rb))*10 > longest {
		return false // the lengths alone are too far apart for 90 %
	}
	return editDistance(ra, rb)*10 <= longest // ≥ 90 % alike
}

// Core is a producer name prepared for comparing with many others: its
// CoreName, runes and a character count that rules most pairs out before
// an edit distance is computed.
type Core struct {
	s    string
	r    []rune
	hist [32]int16
}

// NewCore prepares a name.
func NewCore(name string) Core {
	c := Core{s: CoreName(name)}
	c.r = []rune(c.s)
	for _, r := range c.r {
		c.hist[r%32]++
	}
	return c
}

// Similar is SimilarNames of two prepared names.
func (a Core) Similar(b Core) bool {
	if a.s == "" || b.s == "" {
		return false
	}
	if a.s == b.s {
		return true
	}
	longest := max(len(a.r), len(b.r))
	if longest < 6 || abs(len(a.r)-len(b.r))*10 > longest {
		return false
	}
	// Each edit changes the character counts by at most two, so half
	// their difference is a lower bound of the edit distance.
	diff := 0
	for i := range a.hist {
		diff += abs(int(a.hist[i]) - int(b.hist[i]))
	}
	if (diff+1)/2*10 > longest {
		return false
	}
	return editDistance(a.r, b.r)*10 <= longest
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Duplicates returns the existing producers that p may duplicate: the same
// registration number anywhere, or a similar name in the same unit. The
// form shows them for a person to confirm.
func Duplicates(p Producer, unitID string, existing []Producer) []Producer {
	return duplicates(p, unitID, existing, false)
}

// ImportDuplicates is Duplicates for an import, where nobody is asked: two
// producers with different registration numbers are different producers,
// however alike their names (two households "Hộ Nguyễn Văn A" of one
// commune); names are compared only when one of the two has no number.
func ImportDuplicates(p Producer, unitID string, existing []Producer) []Producer {
	return duplicates(p, unitID, existing, true)
}

func duplicates(p Producer, unitID string, existing []Producer, regDecides bool) []Producer {
	var out []Producer
	for _, x := range existing {
		if x.ID == p.ID {
			continue
		}
		sameReg := p.RegNo != "" && x.RegNo == p.RegNo
		byName := !regDecides || p.RegNo == "" || x.RegNo == ""
		if sameReg || (byName && x.UnitID == unitID && SimilarNames(p.Name, x.Name)) {
			out = append(out, x)
		}
	}
	return out
}

// Rehome finds today's unit for a record made under unitID, which may be a
// former commune or district. A unit valid today is its own home. A former
// unit taken over by one unit goes there; one split between several goes to
// the unit chosen, or to the one the address names; otherwise the caller is
// told the candidates. The key is a message key for the unit field.
func Rehome(set *orgunit.Set, unitID, chosenID, address string, today civil.Date) (home *orgunit.Unit, candidates []*orgunit.Unit, key string) {
	u := set.Get(unitID)
	if u == nil {
		return nil, nil, "err.unit_unknown"
	}
	if u.ValidOn(today) {
		return u, nil, ""
	}
	for _, l := range set.SuccessorsOn(unitID, today) {
		candidates = append(candidates, l.Unit)
	}
	switch {
	case len(candidates) == 0:
		return nil, nil, "ocop.err.no_successor"
	case len(candidates) == 1:
		return candidates[0], candidates, ""
	}
	for _, c := range candidates {
		if c.ID == chosenID {
			return c, candidates, ""
		}
	}
	addr := " " + locale.Fold(address) + " "
	var named []*orgunit.Unit
	for _, c := range candidates {
		if strings.Contains(addr, " "+locale.Fold(c.Name)+" ") || strings.Contains(addr, " "+locale.Fold(c.Name)+",") {
			named = append(named, c)
		}
	}
	if len(named) == 1 {
		return named[0], candidates, ""
	}
	return nil, candidates, "ocop.err.choose_successor"
}

// ProductInput is a product as typed.
type ProductInput struct {
	Code, Name, GroupCode, SubgroupCode, Description, ProducerID string
}

// Check validates a product's own fields against the group catalogue.
func (in ProductInput) Check(cat Catalogue) (Product, valid.Errors) {
	var e valid.Errors
	p := Product{Code: strings.ToUpper(strings.TrimSpace(in.Code)), Name: strings.TrimSpace(in.Name), GroupCode: strings.TrimSpace(in.GroupCode),
		SubgroupCode: strings.TrimSpace(in.SubgroupCode), Description: strings.TrimSpace(in.Description), ProducerID: strings.TrimSpace(in.ProducerID)}
	if p.Code != "" && (len(p.Code) > 30 || strings.ContainsAny(p.Code, " \t/\\")) {
		e.Add("code", "ocop.err.code_format")
	}
	if e.Required("name", p.Name) {
		e.MaxLen("name", p.Name, 300)
	}
	if _, ok := cat.Group(p.GroupCode); !ok {
		e.Add("group", "err.choose")
	}
	if sg, ok := cat.Subgroup(p.SubgroupCode); !ok {
		e.Add("subgroup", "err.choose")
	} else if sg.GroupCode != p.GroupCode && !e.Has("group") {
		e.Add("subgroup", "ocop.err.subgroup_mismatch")
	}
	e.MaxLen("description", p.Description, 5000)
	if p.ProducerID == "" {
		e.Add("producer_id", "err.choose")
	}
	return p, e
}

// IPInput is an IP title as typed.
type IPInput struct {
	Kind, Name, Owner, AppNo, AppDate, GrantNo, GrantDate, TermUntil, Status string
	ManagingOrg, UsageRules, TaskRef                                         string
}

// Check validates an IP title. An empty protection term is derived from
// the kind and the filing date.
func (in IPInput) Check(today civil.Date) (IPTitle, valid.Errors) {
	var e valid.Errors
	t := IPTitle{Kind: IPKind(strings.TrimSpace(in.Kind)), Name: strings.TrimSpace(in.Name), Owner: strings.TrimSpace(in.Owner),
		AppNo: strings.TrimSpace(in.AppNo), GrantNo: strings.TrimSpace(in.GrantNo), Status: IPStatus(strings.TrimSpace(in.Status)),
		ManagingOrg: strings.TrimSpace(in.ManagingOrg), UsageRules: strings.TrimSpace(in.UsageRules), TaskRef: strings.TrimSpace(in.TaskRef)}
	if !oneOf(t.Kind, IPKinds) {
		e.Add("kind", "err.choose")
	}
	if e.Required("name", t.Name) {
		e.MaxLen("name", t.Name, 300)
	}
	if e.Required("owner", t.Owner) {
		e.MaxLen("owner", t.Owner, 300)
	}
	if !oneOf(t.Status, IPStatuses) {
		e.Add("status", "err.choose")
	}
	if e.Required("app_no", t.AppNo) {
		e.MaxLen("app_no", t.AppNo, 40)
	}
	t.AppDate = parseDate(&e, "app_date", in.AppDate, true)
	t.GrantDate = parseDate(&e, "grant_date", in.GrantDate, false)
	t.TermUntil = parseDate(&e, "term_until", in.TermUntil, false)
	if t.AppDate.After(today) {
		e.Add("app_date", "ocop.err.future")
	}
	granted := t.Status == Granted || t.Status == Expired
	if granted {
		e.Required("grant_no", t.GrantNo)
		if t.GrantDate.IsZero() && !e.Has("grant_date") {
			e.Add("grant_date", "err.required")
		}
	} else if t.GrantNo != "" || !t.GrantDate.IsZero() {
		e.Add("grant_no", "ocop.err.grant_not_granted")
	}
	e.MaxLen("grant_no", t.GrantNo, 40)
	if !t.GrantDate.IsZero() && !t.AppDate.IsZero() && t.GrantDate.Before(t.AppDate) {
		e.Add("grant_date", "ocop.err.grant_before_app", locale.Date(t.AppDate))
	}
	if !t.GrantDate.IsZero() && t.GrantDate.After(today) {
		e.Add("grant_date", "ocop.err.future")
	}
	if t.TermUntil.IsZero() {
		t.TermUntil = DefaultTerm(t.Kind, t.AppDate)
	} else if !t.AppDate.IsZero() && !t.TermUntil.After(t.AppDate) {
		e.Add("term_until", "ocop.err.term_before_app")
	}
	if (t.Kind == CollectiveMk || t.Kind == CertMark || t.Kind == GeoIndication) && t.ManagingOrg == "" && granted {
		e.Add("managing_org", "ocop.err.managing_org")
	}
	e.MaxLen("managing_org", t.ManagingOrg, 300)
	e.MaxLen("usage_rules", t.UsageRules, 5000)
	e.MaxLen("task_ref", t.TaskRef, 200)
	return t, e
}

func oneOf[T comparable](v T, list []T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
