package proposal

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
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
