// Package programme holds the rules of programme monitoring: programmes and
// their indicators, reporting periods, reports and their approval flow,
// value validation, roll-ups across units and periods (including the 2025
// reorganisation) and progress against targets. It is plain Go: no SQL, no
// HTTP. Nothing about one programme is hard-coded; programmes are data.
package programme

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"khcn/internal/civil"
	"khcn/internal/orgunit"
	"khcn/internal/valid"
)

// Programme is a programme the Sở monitors (e.g. 07-CTr/TU 2021–2025).
type Programme struct {
	ID        string
	Code      string // "07-CTr/TU"
	Title     string
	Issuer    string // issuing body
	IssuedOn  civil.Date
	StartYear int
	EndYear   int
	Goals     string // one goal per line
	// OnTrackPct and AtRiskPct are the status thresholds (% of target) shown
	// with every status colour.
	OnTrackPct   float64
	AtRiskPct    float64
	Illustrative bool // demo content, labelled as such in the UI
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// GoalList splits the goals into lines.
func (p Programme) GoalList() []string { return Lines(p.Goals) }

// Lines splits text typed one item per line into its non-empty lines.
func Lines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Rule returns the status rule of the programme.
func (p Programme) Rule() StatusRule { return StatusRule{OnTrack: p.OnTrackPct, AtRisk: p.AtRiskPct} }

// Validate checks a programme's fields.
func (p Programme) Validate() valid.Errors {
	var e valid.Errors
	if e.Required("code", p.Code) {
		e.MaxLen("code", p.Code, 40)
	}
	if e.Required("title", p.Title) {
		e.MaxLen("title", p.Title, 500)
	}
	e.MaxLen("issuer", p.Issuer, 200)
	e.MaxLen("goals", p.Goals, 10000)
	if p.StartYear < 2000 || p.StartYear > 2100 {
		e.Add("start_year", "err.prog.year")
	}
	if p.EndYear < 2000 || p.EndYear > 2100 {
		e.Add("end_year", "err.prog.year")
	} else if p.EndYear < p.StartYear {
		e.Add("end_year", "err.prog.end_before_start")
	}
	if p.AtRiskPct <= 0 || p.OnTrackPct <= p.AtRiskPct || p.OnTrackPct > 100 {
		e.Add("on_track_pct", "err.prog.thresholds")
	}
	return e
}

// ValueType is what an indicator's value is.
type ValueType string

const (
	Number  ValueType = "number"
	Percent ValueType = "percent"
	Money   ValueType = "money" // whole đồng
	YesNo   ValueType = "yesno"
	Text    ValueType = "text"
)

// ValueTypes lists the types in display order.
var ValueTypes = []ValueType{Number, Percent, Money, YesNo, Text}

// Numeric reports whether values of the type can be added and compared.
func (t ValueType) Numeric() bool { return t != Text && t != "" }

// Direction says which way is better.
type Direction string

const (
	Up   Direction = "up"   // higher is better
	Down Direction = "down" // lower is better (e.g. a rank)
)

// Aggregation says how values of several units, or of several periods,
// combine. Sum, Avg and Max apply the same way across units and periods;
// Latest sums across units and takes the latest period (a stock, such as
// enterprises in operation); Formula computes from other indicators after
// they are combined.
type Aggregation string

const (
	Sum     Aggregation = "sum"
	Avg     Aggregation = "avg"
	Max     Aggregation = "max"
	Latest  Aggregation = "latest"
	Formula Aggregation = "formula"
)

// Aggregations lists them in display order.
var Aggregations = []Aggregation{Sum, Avg, Max, Latest, Formula}

// Extensive reports whether a unit's value is an amount that splits between
// the units that took it over (a count, a sum of money), as opposed to a
// rate or a maximum that each successor simply inherits.
func (a Aggregation) Extensive() bool { return a == Sum || a == Latest }

// Split is how a former unit's figure goes to the units that took it over.
type Split string

const (
	Shared  Split = "shared"  // an amount, shared by weight (totals kept)
	Counted Split = "counted" // a count of things, shared by weight and shown as a whole-number estimate
	Carried Split = "carried" // a rate, an average, a maximum or a yes/no answer: each successor carries it whole
)

// Split says how the indicator's figures are split among successors.
func (i Indicator) Split() Split {
	switch {
	case i.Type == YesNo || !i.Aggregation.Extensive():
		return Carried
	case i.Whole:
		return Counted
	}
	return Shared
}

// DefaultChangeRatio is the soft check of an indicator that sets none: more
// than three times, or less than a third of, the previous value needs a
// comment.
const DefaultChangeRatio = 3.0

// Ratio is the indicator's soft-check ratio (DefaultChangeRatio unless set).
func (i Indicator) Ratio() float64 {
	if i.ChangeRatio == 0 {
		return DefaultChangeRatio
	}
	return i.ChangeRatio
}

// Indicator is one thing a programme measures.
type Indicator struct {
	ID            string
	ProgrammeID   string
	Code          string // "CT07.01"; used in formulas and rules
	Name          string
	Unit          string // đơn vị tính: "hồ sơ", "%", "ha"
	Area          string // lĩnh vực: groups indicators on pages and in findings
	Type          ValueType
	Direction     Direction
	Aggregation   Aggregation
	Formula       string // when Aggregation is Formula
	Cumulative    bool   // values are running totals since the programme began
	AnnualOnly    bool   // reported in annual periods only (e.g. a yearly ranking)
	ReporterKinds []orgunit.Kind
	DivisionID    string // responsible Sở division
	Source        string
	// Registry names a registry of the product that counts what this
	// indicator measures (RegistryTrainingPeople…); "" when it is only
	// reported. The count is shown beside the reported value, never
	// substituted for it.
	Registry     string
	Description  string
	Illustrative bool
	Min, Max     *float64 // range rule
	// Whole marks a count of things (models, applications, people): its
	// values are whole numbers, and estimates for today's units are
	// rounded to whole numbers.
	Whole bool
	// ChangeRatio is the soft check against the previous period: a value
	// more than ChangeRatio times the previous one, or less than its
	// 1/ChangeRatio, needs a comment. 0 means DefaultChangeRatio.
	ChangeRatio float64
	Position    int
	Version     int
}

// Computed reports whether the indicator is derived, never entered.
func (i Indicator) Computed() bool { return i.Aggregation == Formula }

// ReportedBy reports whether units of kind k report this indicator.
func (i Indicator) ReportedBy(k orgunit.Kind) bool { return slices.Contains(i.ReporterKinds, k) }

// Timewise is how values of several periods combine into one: cumulative
// indicators, stocks and yes/no answers take the latest; the rest follow
// their aggregation.
func (i Indicator) Timewise() Aggregation {
	if i.Cumulative || i.Aggregation == Latest || i.Type == YesNo {
		return Latest
	}
	return i.Aggregation
}

// Unitwise is how values of several units combine.
func (i Indicator) Unitwise() Aggregation {
	if i.Aggregation == Latest {
		return Sum
	}
	return i.Aggregation
}

// ReporterKinds lists the kinds of units that may be asked to report.
var ReporterKinds = []orgunit.Kind{orgunit.Department, orgunit.District, orgunit.Commune}

var codePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.]{0,29}$`)

// ValidCode reports whether s can be an indicator code: a letter, then
// letters, digits, "_" or "."; at most 30 characters.
func ValidCode(s string) bool { return codePattern.MatchString(s) }

// Validate checks an indicator's own fields; formulas are checked against the
// whole programme by CheckFormulas.
func (i Indicator) Validate() valid.Errors {
	var e valid.Errors
	if e.Required("code", i.Code) && !ValidCode(i.Code) {
		e.Add("code", "err.prog.code")
	}
	if e.Required("name", i.Name) {
		e.MaxLen("name", i.Name, 500)
	}
	e.MaxLen("unit", i.Unit, 50)
	e.MaxLen("area", i.Area, 100)
	e.MaxLen("source", i.Source, 500)
	e.MaxLen("description", i.Description, 5000)
	if !slices.Contains(ValueTypes, i.Type) {
		e.Add("value_type", "err.choose")
	}
	if i.Direction != Up && i.Direction != Down {
		e.Add("direction", "err.choose")
	}
	if !slices.Contains(Aggregations, i.Aggregation) {
		e.Add("aggregation", "err.choose")
	}
	if i.Type == Text && i.Aggregation != Latest {
		e.Add("aggregation", "err.prog.text_latest")
	}
	if i.Aggregation == Formula {
		if strings.TrimSpace(i.Formula) == "" {
			e.Add("formula", "err.required")
		} else if _, err := ParseExpr(i.Formula); err != nil {
			AddExprError(&e, "formula", err)
		}
		if i.Type == Money || i.Type == YesNo || i.Type == Text {
			e.Add("value_type", "err.prog.formula_type")
		}
	} else if strings.TrimSpace(i.Formula) != "" {
		e.Add("formula", "err.prog.formula_unused")
	}
	if len(i.ReporterKinds) == 0 && i.Aggregation != Formula {
		e.Add("reporter_kinds", "err.prog.reporters")
	}
	for _, k := range i.ReporterKinds {
		if !slices.Contains(ReporterKinds, k) {
			e.Add("reporter_kinds", "err.choose")
		}
	}
	if i.Min != nil && i.Max != nil && *i.Min > *i.Max {
		e.Add("max_value", "err.prog.range_order")
	}
	if i.Registry != "" && (!slices.Contains(Registries, i.Registry) || i.Type != Number || i.Computed()) {
		e.Add("registry", "err.prog.registry")
	}
	if i.ChangeRatio != 0 && i.ChangeRatio <= 1 {
		e.Add("change_ratio", "err.prog.change_ratio")
	}
	if i.Whole && i.Type != Number {
		e.Add("whole", "err.prog.whole_type")
	}
	return e
}

// KindsString stores reporter kinds as "district,commune".
func KindsString(ks []orgunit.Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ",")
}

// ParseKinds reads KindsString's form.
func ParseKinds(s string) []orgunit.Kind {
	var out []orgunit.Kind
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, orgunit.Kind(p))
		}
	}
	return out
}

// ByCode indexes indicators by code.
func ByCode(inds []Indicator) map[string]Indicator {
	m := make(map[string]Indicator, len(inds))
	for _, i := range inds {
		m[i.Code] = i
	}
	return m
}

// ByID indexes indicators by ID.
func ByID(inds []Indicator) map[string]Indicator {
	m := make(map[string]Indicator, len(inds))
	for _, i := range inds {
		m[i.ID] = i
	}
	return m
}

// Areas lists the indicators' areas in order of first appearance.
func Areas(inds []Indicator) []string {
	var out []string
	for _, i := range inds {
		if i.Area != "" && !slices.Contains(out, i.Area) {
			out = append(out, i.Area)
		}
	}
	return out
}

// ForReport returns the indicators a unit of kind k reports in a period of
// kind pk, in order; computed indicators come along when all their inputs
// do.
func ForReport(inds []Indicator, k orgunit.Kind, pk PeriodKind) []Indicator {
	var entered []Indicator
	for _, i := range inds {
		if !i.Computed() && i.ReportedBy(k) && (!i.AnnualOnly || pk == Year) {
			entered = append(entered, i)
		}
	}
	var out []Indicator
	for _, i := range inds {
		if (!i.Computed() && i.ReportedBy(k) && (!i.AnnualOnly || pk == Year)) || (i.Computed() && formulaFor(entered, inds, i)) {
			out = append(out, i)
		}
	}
	return out
}

// formulaFor reports whether every input of a formula is among the entered
// indicators (directly or through other formulas), so the computed value
// can be shown on that report.
func formulaFor(entered, all []Indicator, ind Indicator) bool {
	return formulaDepth(ByCode(entered), ByCode(all), ind, 0)
}

func formulaDepth(entered, all map[string]Indicator, ind Indicator, depth int) bool {
	e, err := ParseExpr(ind.Formula)
	if err != nil || depth > len(all) {
		return false
	}
	for _, c := range e.Refs() {
		_, ok := entered[c]
		if in, isAll := all[c]; !ok && !(isAll && in.Computed() && formulaDepth(entered, all, in, depth+1)) {
			return false
		}
	}
	return true
}
