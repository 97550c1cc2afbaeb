package proposal

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"khcn/internal/council"
)

// Text is a label in both languages; rule sets are data, so their labels
// travel with them instead of living in the message catalogue.
type Text struct {
	VI string `json:"vi"`
	EN string `json:"en"`
}

// In returns the text in lang ("en" or anything else for Vietnamese).
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.VI
}

// FieldKind is how a form field is entered and checked.
type FieldKind string

const (
	KindText     FieldKind = "text"     // one line
	KindTextarea FieldKind = "textarea" // paragraphs
	KindMonths   FieldKind = "months"   // duration in whole months (key "duration")
	KindBudget   FieldKind = "budget"   // state budget and other sources in đồng (key "budget")
)

// Field is one item of a proposal form.
type Field struct {
	Key      string    `json:"key"`
	Label    Text      `json:"label"`
	Hint     Text      `json:"hint,omitzero"`
	Kind     FieldKind `json:"kind"`
	Required bool      `json:"required"`
	Max      int       `json:"max,omitempty"` // characters, or months for KindMonths
	Min      int       `json:"min,omitempty"` // months for KindMonths
	// Form is the official form the field belongs to when a rule set
	// combines several (BM-09, BM-10 of Circular 36/2025).
	Form string `json:"form,omitempty"`
}

// Limits are a rule set's limits beyond single fields.
type Limits struct {
	MaxPages          int   `json:"max_pages"`          // printed form, A4
	MaxAttachments    int   `json:"max_attachments"`    // files per proposal
	MaxAttachmentMB   int   `json:"max_attachment_mb"`  // per file
	MaxStateBudget    int64 `json:"max_state_budget"`   // đồng; 0 means no limit
	MinOtherPercent   int   `json:"min_other_percent"`  // other sources as % of the total
	RequireAttachment bool  `json:"require_attachment"` // e.g. the signed scan
	AreasRequired     bool  `json:"areas_required"`     // at least one priority area
	ContactRequired   bool  `json:"contact_required"`   // contact name and phone or email
	IndicatorsAllowed bool  `json:"indicators_allowed"` // the form links programme indicators
	TitleMaxChars     int   `json:"title_max_chars"`    // default 500
	TextMaxChars      int   `json:"text_max_chars"`     // default for text areas, 8000
}

// RuleSet is the form, required fields and limits a call works by. A call
// keeps its own copy, so dossiers stay under the rules they were made under
// and a new legal regime is a new rule set, not new code.
type RuleSet struct {
	Code      string     `json:"code"`
	Name      Text       `json:"name"`
	Basis     string     `json:"basis"`     // legal basis, printed under the form
	DocTitle  string     `json:"doc_title"` // title printed on the form
	TaskTypes []TaskType `json:"task_types"`
	Fields    []Field    `json:"fields"`
	Limits    Limits     `json:"limits"`

	// Regime is the legal regime: "classic" (Law 29/2013, Circular 06/2023,
	// Hanoi Decision 05/2021) or "2025" (Law 93/2025/QH15, Decree
	// 267/2025/NĐ-CP, Circular 36/2025/TT-BKHCN). Empty means classic.
	Regime Regime `json:"regime,omitempty"`
	// CallKind is, under the 2025 regime, "grant" (tài trợ) or "order"
	// (đặt hàng).
	CallKind CallKind `json:"call_kind,omitempty"`
	// Description says what the rule set follows and which legal details are
	// not known and left editable.
	Description Text `json:"description,omitzero"`
	// Forms are the official forms the rule set's fields make up.
	Forms []FormRef `json:"forms,omitempty"`
	// Steps names the workflow steps of the regime, in order, for the call
	// page (the stored states stay those of the proposal workflow).
	Steps []Text `json:"steps,omitempty"`
	// Criteria are the council's sheet; nil means the classic five criteria.
	Criteria *council.Criteria `json:"criteria,omitempty"`
	// Council are the composition, quorum and voting rules; nil means the
	// classic identification council.
	Council *council.Rules `json:"council,omitempty"`
}

// Regime is a legal regime a rule set follows.
type Regime string

const (
	Classic Regime = "classic"
	New2025 Regime = "2025"
)

// CallKind is a 2025-regime call's kind.
type CallKind string

const (
	Grant CallKind = "grant" // tài trợ
	Order CallKind = "order" // đặt hàng
)

// FormRef is an official form a rule set fills.
type FormRef struct {
	Code  string `json:"code"` // "BM-09"
	Title Text   `json:"title"`
}

// SheetCriteria returns the council sheet's criteria.
func (r RuleSet) SheetCriteria() council.Criteria {
	if r.Criteria != nil {
		return *r.Criteria
	}
	return council.ClassicCriteria()
}

// CouncilRules returns the council's rules.
func (r RuleSet) CouncilRules() council.Rules {
	if r.Council != nil {
		return *r.Council
	}
	return council.ClassicRules()
}

// RegimeOf is the rule set's regime, classic when unsaid.
func (r RuleSet) RegimeOf() Regime {
	if r.Regime == "" {
		return Classic
	}
	return r.Regime
}

// Field returns the field with key, if the form has it.
func (r RuleSet) Field(key string) (Field, bool) {
	for _, f := range r.Fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// Has reports whether the form has a field.
func (r RuleSet) Has(key string) bool { _, ok := r.Field(key); return ok }

// Core keys have columns of their own; every other field goes into the
// proposal's field map.
const (
	KeyTitle      = "title"
	KeyObjectives = "objectives"
	KeyDuration   = "duration"
	KeyBudget     = "budget"
)

// reserved are form names the page uses for the parts every form has.
var reserved = []string{"task_type", "areas", "indicators", "contact_name", "contact_title", "contact_phone",
	"contact_email", "state_budget", "other_budget", "duration_months", "version", "files", "form", "event", "reason", "method"}

var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// Check validates a rule set as data, so a new one can be added without code.
func (r RuleSet) Check() error {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if strings.TrimSpace(r.Code) == "" || len([]rune(r.Code)) > 40 {
		bad("code: 1 to 40 characters")
	}
	if strings.TrimSpace(r.Name.VI) == "" || strings.TrimSpace(r.Name.EN) == "" {
		bad("name: needs vi and en")
	}
	if len(r.TaskTypes) == 0 {
		bad("task_types: at least one")
	}
	for _, t := range r.TaskTypes {
		if !t.Valid() {
			bad("task_types: unknown %q", t)
		}
	}
	seen := map[string]bool{}
	for _, f := range r.Fields {
		switch {
		case !keyPattern.MatchString(f.Key):
			bad("field %q: key must be lower-case letters, digits and _", f.Key)
		case slices.Contains(reserved, f.Key):
			bad("field %q: key is reserved", f.Key)
		case seen[f.Key]:
			bad("field %q: defined twice", f.Key)
		}
		seen[f.Key] = true
		if strings.TrimSpace(f.Label.VI) == "" || strings.TrimSpace(f.Label.EN) == "" {
			bad("field %q: label needs vi and en", f.Key)
		}
		if err := f.checkKind(); err != "" {
			bad("field %q: %s", f.Key, err)
		}
	}
	if t, ok := r.Field(KeyTitle); !ok || t.Kind != KindText {
		bad("field title: every form needs a one-line title")
	}
	switch r.Regime {
	case "", Classic:
		if r.CallKind != "" {
			bad("call_kind: only for the 2025 regime")
		}
	case New2025:
		if r.CallKind != Grant && r.CallKind != Order {
			bad("call_kind: grant or order")
		}
	default:
		bad("regime: classic or 2025")
	}
	for _, f := range r.Fields {
		if f.Form != "" && !slices.ContainsFunc(r.Forms, func(x FormRef) bool { return x.Code == f.Form }) {
			bad("field %q: form %q is not in forms", f.Key, f.Form)
		}
	}
	if r.Criteria != nil {
		if err := r.Criteria.Check(); err != nil {
			bad("%v", err)
		}
	}
	if r.Council != nil {
		if err := r.Council.Check(); err != nil {
			bad("%v", err)
		}
	}
	l := r.Limits
	if l.MaxAttachments < 0 || l.MaxAttachmentMB < 0 || l.MaxStateBudget < 0 || l.MinOtherPercent < 0 || l.MinOtherPercent > 100 {
		bad("limits: negative or out of range")
	}
	if len(problems) > 0 {
		return fmt.Errorf("rule set: %s", strings.Join(problems, "; "))
	}
	return nil
}

func (f Field) checkKind() string {
	switch f.Kind {
	case KindText, KindTextarea:
		if f.Key == KeyDuration || f.Key == KeyBudget {
			return "duration and budget have their own kinds"
		}
	case KindMonths:
		if f.Key != KeyDuration {
			return `kind months is for key "duration"`
		}
		if f.Min < 0 || (f.Max > 0 && f.Max < f.Min) {
			return "months: min/max out of order"
		}
	case KindBudget:
		if f.Key != KeyBudget {
			return `kind budget is for key "budget"`
		}
	default:
		return fmt.Sprintf("unknown kind %q", f.Kind)
	}
	if f.Max < 0 {
		return "max must not be negative"
	}
	return ""
}

// ParseRuleSet reads and checks a rule set from JSON; unknown keys are refused
// so a typo does not silently drop a rule.
func ParseRuleSet(data []byte) (RuleSet, error) {
	var r RuleSet
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return r, fmt.Errorf("rule set: %w", err)
	}
	r.applyDefaults()
	return r, r.Check()
}

func (r *RuleSet) applyDefaults() {
	if r.Limits.TitleMaxChars == 0 {
		r.Limits.TitleMaxChars = 500
	}
	if r.Limits.TextMaxChars == 0 {
		r.Limits.TextMaxChars = 8000
	}
	if r.Limits.MaxAttachments == 0 {
		r.Limits.MaxAttachments = 10
	}
	if r.Limits.MaxAttachmentMB == 0 {
		r.Limits.MaxAttachmentMB = 10
	}
}

// JSON returns the rule set as indented JSON, as stored with a call.
func (r RuleSet) JSON() string {
	b, _ := json.MarshalIndent(r, "", "  ")
	return string(b)
}

//go:embed rulesets/*.json
var rulesetFS embed.FS

// Defaults are the shipped rule sets: A1-ĐXNV (đề tài, đề án), A3-ĐXNV (dự án
// KH&CN), the city's short form and the short order form.
func Defaults() []RuleSet {
	names, _ := fs.Glob(rulesetFS, "rulesets/*.json")
	slices.Sort(names)
	out := make([]RuleSet, 0, len(names))
	for _, n := range names {
		b, _ := rulesetFS.ReadFile(n)
		r, err := ParseRuleSet(b)
		if err != nil {
			panic(fmt.Sprintf("shipped %s: %v", n, err))
		}
		out = append(out, r)
	}
	return out
}

// Default returns a shipped rule set by code.
func Default(code string) (RuleSet, bool) {
	for _, r := range Defaults() {
		if r.Code == code {
			return r, true
		}
	}
	return RuleSet{}, false
}

// RuleDiff is one place where two rule sets differ.
type RuleDiff struct {
	Path string // "council.min_members", "fields.objectives.max"
	A, B string // the values, "" when absent
}

// Compare lists what differs between two rule sets, for the page that shows
// units what a new regime changes. Fields are matched by key, criteria by
// their key, so reordering is not a difference.
func Compare(a, b RuleSet) []RuleDiff {
	fa, fb := map[string]string{}, map[string]string{}
	a.flatten(fa)
	b.flatten(fb)
	keys := map[string]bool{}
	for k := range fa {
		keys[k] = true
	}
	for k := range fb {
		keys[k] = true
	}
	var out []RuleDiff
	for k := range keys {
		if fa[k] != fb[k] {
			out = append(out, RuleDiff{Path: k, A: fa[k], B: fb[k]})
		}
	}
	slices.SortFunc(out, func(x, y RuleDiff) int { return strings.Compare(x.Path, y.Path) })
	return out
}

func (r RuleSet) flatten(m map[string]string) {
	r.Criteria = ptr(r.SheetCriteria())
	r.Council = ptr(r.CouncilRules())
	r.Regime = r.RegimeOf()
	var v any
	b, _ := json.Marshal(r)
	_ = json.Unmarshal(b, &v)
	var walk func(string, any)
	walk = func(p string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, y := range x {
				walk(join(p, k), y)
			}
		case []any:
			for i, y := range x {
				key := fmt.Sprint(i)
				if o, ok := y.(map[string]any); ok {
					if k, ok := o["key"].(string); ok {
						key = k
					} else if k, ok := o["code"].(string); ok {
						key = k
					}
				}
				walk(join(p, key), y)
			}
		default:
			m[p] = fmt.Sprint(x)
		}
	}
	walk("", v)
	delete(m, "code")
}

func join(p, k string) string {
	if p == "" {
		return k
	}
	return p + "." + k
}

func ptr[T any](v T) *T { return &v }

// FormHeading is the official form that starts at field i when a rule set
// combines several (BM-09, BM-10), as "BM-09 – Đơn đăng ký …"; empty
// otherwise.
func (r RuleSet) FormHeading(i int, lang string) string {
	if i < 0 || i >= len(r.Fields) || r.Fields[i].Form == "" || i > 0 && r.Fields[i-1].Form == r.Fields[i].Form {
		return ""
	}
	return r.FormTitle(r.Fields[i].Form, lang)
}

// LineHeading is the official form that starts at line i of lines (as
// Lines lays them out), for pages and printed papers; empty otherwise.
func (r RuleSet) LineHeading(lines []Line, i int, lang string) string {
	if i < 0 || i >= len(lines) || lines[i].Form == "" || i > 0 && lines[i-1].Form == lines[i].Form {
		return ""
	}
	return r.FormTitle(lines[i].Form, lang)
}

// FormTitle is an official form of the rule set as a heading, "BM-09 –
// Đơn đăng ký …", or the bare code when the rule set does not name it.
func (r RuleSet) FormTitle(code, lang string) string {
	for _, f := range r.Forms {
		if f.Code == code {
			return f.Code + " – " + f.Title.In(lang)
		}
	}
	return code
}
