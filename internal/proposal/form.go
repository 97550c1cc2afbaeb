package proposal

import (
	"strconv"
	"strings"

	"khcn/internal/locale"
	"khcn/internal/valid"
)

// Input is the form as typed. Numbers are still text, so a bad number comes
// back at its field with exactly what the user typed.
type Input struct {
	TaskType    string
	Values      map[string]string // text fields by key, title and objectives included
	StateBudget string
	OtherBudget string
	Duration    string
	AreaIDs     []string
	Indicators  []string // indicator IDs
	Contact     Contact
}

// Choices are what a call offers to pick from.
type Choices struct {
	Areas      map[string]bool
	Indicators map[string]bool
}

// Choices returns the call's areas and indicators as sets.
func (c Call) Choices() Choices {
	ch := Choices{Areas: map[string]bool{}, Indicators: map[string]bool{}}
	for _, a := range c.Areas {
		ch.Areas[a.ID] = true
	}
	for _, i := range c.Indicators() {
		ch.Indicators[i.ID] = true
	}
	return ch
}

// Parse reads the form and checks formats and limits; it is what every save,
// manual or automatic, runs. Whether everything required is there is
// checked by Complete when the proposal goes to the leader or the Sở.
func (r RuleSet) Parse(in Input, ch Choices) (Content, valid.Errors) {
	var e valid.Errors
	c := Content{TaskType: TaskType(strings.TrimSpace(in.TaskType)), Fields: map[string]string{},
		Contact: trimContact(in.Contact)}
	if !r.allowsType(c.TaskType) {
		e.Add("task_type", "err.choose")
	}
	for _, f := range r.Fields {
		switch f.Kind {
		case KindText, KindTextarea:
			v := cleanText(in.Values[f.Key], f.Kind == KindText)
			e.MaxLen(f.Key, v, r.maxChars(f))
			switch f.Key {
			case KeyTitle:
				c.Title = v
			case KeyObjectives:
				c.Objectives = v
			default:
				if v != "" {
					c.Fields[f.Key] = v
				}
			}
		case KindMonths:
			c.DurationMonths = parseMonths(&e, f, in.Duration)
		case KindBudget:
			c.StateBudget = parseMoney(&e, "state_budget", in.StateBudget)
			c.OtherBudget = parseMoney(&e, "other_budget", in.OtherBudget)
			if max := r.Limits.MaxStateBudget; max > 0 && c.StateBudget > max {
				e.Add("state_budget", "err.state_budget_max", locale.Money(max))
			}
		}
	}
	e.Required(KeyTitle, c.Title) // a draft without a title cannot be found again
	for _, id := range in.AreaIDs {
		if !ch.Areas[id] {
			e.Add("areas", "err.choose")
			continue
		}
		c.AreaIDs = appendOnce(c.AreaIDs, id)
	}
	for _, id := range in.Indicators {
		if !ch.Indicators[id] || !r.Limits.IndicatorsAllowed {
			e.Add("indicators", "err.choose")
			continue
		}
		c.Indicators = appendOnce(c.Indicators, id)
	}
	e.MaxLen("contact_name", c.Contact.Name, 200)
	e.MaxLen("contact_title", c.Contact.Title, 200)
	e.MaxLen("contact_phone", c.Contact.Phone, 40)
	e.Email("contact_email", c.Contact.Email)
	if c.Contact.Phone != "" && !phoneLike(c.Contact.Phone) {
		e.Add("contact_phone", "err.phone")
	}
	return c, e
}

// Prefill is the form of a draft started from text written elsewhere (a
// recommendation): the form's first task type, and each text value cut to
// its field's limit, so the draft always saves and the unit finishes it.
func (r RuleSet) Prefill(values map[string]string) Input {
	in := Input{Values: map[string]string{}}
	if len(r.TaskTypes) > 0 {
		in.TaskType = string(r.TaskTypes[0])
	}
	for _, f := range r.Fields {
		if v := values[f.Key]; v != "" && (f.Kind == KindText || f.Kind == KindTextarea) {
			in.Values[f.Key] = locale.Shorten(cleanText(v, f.Kind == KindText), r.maxChars(f))
		}
	}
	return in
}

// Complete checks what must be there before the unit leader approves and the
// proposal goes to the Sở.
func (r RuleSet) Complete(c Content, attachments int) valid.Errors {
	var e valid.Errors
	if !r.allowsType(c.TaskType) {
		e.Add("task_type", "err.choose")
	}
	for _, f := range r.Fields {
		if !f.Required {
			continue
		}
		switch f.Kind {
		case KindText, KindTextarea:
			e.Required(f.Key, c.Text(f.Key))
		case KindMonths:
			if c.DurationMonths == 0 {
				e.Add("duration_months", "err.required")
			}
		case KindBudget:
			if c.TotalBudget() <= 0 {
				e.Add("state_budget", "err.budget_required")
			}
		}
	}
	if p := r.Limits.MinOtherPercent; p > 0 && c.TotalBudget() > 0 && c.OtherBudget*100 < c.TotalBudget()*int64(p) {
		e.Add("other_budget", "err.other_share", p)
	}
	if r.Limits.AreasRequired && len(c.AreaIDs) == 0 {
		e.Add("areas", "err.area_required")
	}
	if r.Limits.ContactRequired {
		e.Required("contact_name", c.Contact.Name)
		if c.Contact.Phone == "" && c.Contact.Email == "" {
			e.Add("contact_phone", "err.contact_reach")
		}
	}
	if r.Limits.RequireAttachment && attachments == 0 {
		e.Add("files", "err.attachment_required")
	}
	return e
}

func (r RuleSet) allowsType(t TaskType) bool {
	for _, x := range r.TaskTypes {
		if x == t {
			return true
		}
	}
	return false
}

func (r RuleSet) maxChars(f Field) int {
	switch {
	case f.Max > 0:
		return f.Max
	case f.Key == KeyTitle:
		return r.Limits.TitleMaxChars
	case f.Kind == KindText:
		return 1000
	}
	return r.Limits.TextMaxChars
}

// cleanText trims, normalises line ends and, for one-line fields, joins lines.
func cleanText(s string, oneLine bool) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	if oneLine {
		s = strings.Join(strings.Fields(s), " ")
	}
	return locale.NFC(strings.TrimSpace(s))
}

func parseMoney(e *valid.Errors, field, s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := locale.ParseMoney(s)
	if err != nil || n < 0 {
		e.Add(field, "err.money")
		return 0
	}
	return n
}

func parseMonths(e *valid.Errors, f Field, s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	lo, hi := max(f.Min, 1), f.Max
	if hi == 0 {
		hi = 120
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		e.Add("duration_months", "err.months", lo, hi)
		return 0
	}
	return n
}

func trimContact(c Contact) Contact {
	return Contact{Name: cleanText(c.Name, true), Title: cleanText(c.Title, true),
		Phone: cleanText(c.Phone, true), Email: strings.TrimSpace(c.Email)}
}

// phoneLike accepts digits with the usual separators: "0243 825 1234", "+84 912 345 678".
func phoneLike(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" .-()+", r):
		default:
			return false
		}
	}
	return digits >= 8 && digits <= 15
}

func appendOnce(list []string, v string) []string {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}
