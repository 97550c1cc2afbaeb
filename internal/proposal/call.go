package proposal

import (
	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/valid"
)

// Check validates a call as the Sở enters it.
func (c Call) Check() valid.Errors {
	var e valid.Errors
	if c.PlanYear < 2000 || c.PlanYear > 2100 {
		e.Add("plan_year", "err.plan_year")
	}
	if e.Required("title", c.Title) {
		e.MaxLen("title", c.Title, 300)
	}
	e.MaxLen("guidance", c.Guidance, 20000)
	if len(c.Areas) == 0 {
		e.Add("areas", "err.areas_required")
	}
	seen := map[string]bool{}
	for _, a := range c.Areas {
		k := locale.Fold(a.Name)
		switch {
		case len([]rune(a.Name)) > 200:
			e.Add("areas", "err.too_long", 200)
		case seen[k]:
			e.Add("areas", "err.area_twice", a.Name)
		}
		seen[k] = true
	}
	if len(c.UnitIDs) == 0 {
		e.Add("units", "err.units_required")
	}
	for f, p := range c.Schedule.Validate() {
		e.Add(f, p.Key, p.Args...)
	}
	if !c.Schedule.Start.IsZero() && c.Schedule.Start.Year > c.PlanYear {
		e.Add("start", "err.window_after_plan_year", c.PlanYear)
	}
	if err := c.Rules.Check(); err != nil {
		e.Add("rules", "err.rules", err.Error())
	}
	return e
}

// Status is where a call stands on a day: "draft" until it is opened,
// "published" once the list is public, otherwise its phase by date.
func (c Call) Status(today civil.Date) string {
	switch {
	case !c.Opened():
		return "draft"
	case c.Published():
		return "published"
	}
	return string(c.Schedule.PhaseOn(today))
}

// CanSend says whether a unit may send a first version on day today, given
// its extension (zero if none). The refusal names the date, never just
// "locked".
func (c Call) CanSend(today, extension civil.Date) valid.Errors {
	var e valid.Errors
	switch {
	case !c.Opened():
		e.Add("form", "err.call_not_open")
	case today.Before(c.Schedule.Start):
		e.Add("form", "err.window_not_started", locale.Date(c.Schedule.Start))
	case today.After(c.Deadline(extension)):
		e.Add("form", "err.window_closed", locale.Date(c.Deadline(extension)))
	}
	return e
}

// CheckExtension validates an extension for one unit.
func (c Call) CheckExtension(until civil.Date, reason string) valid.Errors {
	var e valid.Errors
	if until.IsZero() {
		e.Add("until", "err.date_format")
	} else if !until.After(c.Schedule.WindowEnd()) {
		e.Add("until", "err.extension_early", locale.Date(c.Schedule.WindowEnd()))
	}
	if e.Required("reason", reason) {
		e.MaxLen("reason", reason, 2000)
	}
	return e
}
