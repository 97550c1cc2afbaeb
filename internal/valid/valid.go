// Package valid carries validation problems from domain rules to the page:
// each problem is a message key with arguments, attached to a form field, and
// translated only when shown.
package valid

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Problem is one message about one field.
type Problem struct {
	Key  string
	Args []any
}

// Errors maps a field name to its problem. The zero value is ready to use.
type Errors map[string]Problem

// Add records a problem for field, keeping the first one.
func (e *Errors) Add(field, key string, args ...any) {
	if *e == nil {
		*e = Errors{}
	}
	if _, ok := (*e)[field]; !ok {
		(*e)[field] = Problem{Key: key, Args: args}
	}
}

// Has reports whether field has a problem.
func (e Errors) Has(field string) bool { _, ok := e[field]; return ok }

// Err returns e as an error, or nil when there are no problems.
func (e Errors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

func (e Errors) Error() string {
	fields := make([]string, 0, len(e))
	for f := range e {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	return "invalid: " + strings.Join(fields, ", ")
}

// Required checks that a trimmed value is present.
func (e *Errors) Required(field, value string) bool {
	if strings.TrimSpace(value) == "" {
		e.Add(field, "err.required")
		return false
	}
	return true
}

// MaxLen checks a length in characters, not bytes.
func (e *Errors) MaxLen(field, value string, max int) bool {
	if utf8.RuneCountInString(value) > max {
		e.Add(field, "err.too_long", max)
		return false
	}
	return true
}

// Email checks a plausible address (one @, a dot after it, no spaces).
func (e *Errors) Email(field, value string) bool {
	if value == "" {
		return true
	}
	at := strings.LastIndexByte(value, '@')
	if at < 1 || strings.ContainsAny(value, " \t<>,;") || !strings.Contains(value[at:], ".") || strings.HasSuffix(value, ".") {
		e.Add(field, "err.email")
		return false
	}
	return true
}
