package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/i18n"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/valid"
)

//go:embed templates static
var assets embed.FS

// Page is what every template receives. Handlers put their own data in Data.
type Page struct {
	Lang      i18n.Lang
	User      *account.User
	Title     string // message key or text
	Path      string
	Query     string
	Nav       []NavItem
	Tabs      []NavItem // pages of the current section, shown under the header
	Flash     string
	Form      url.Values
	Errors    valid.Errors
	Data      any
	RequestID string
	Today     civil.Date
	Unread    int // unread notifications of the user

	summary []SummaryItem // the error summary of a refused form (errsummary.go)
}

// T translates a message key into the page's language.
func (p *Page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// TA translates a key with string arguments, as stored with notifications.
func (p *Page) TA(key string, args []string) string {
	a := make([]any, len(args))
	for i, v := range args {
		a[i] = v
	}
	return i18n.T(p.Lang, key, a...)
}

// Err returns the translated problem of a form field, or "".
func (p *Page) Err(field string) string {
	pr, ok := p.Errors[field]
	if !ok {
		return ""
	}
	return i18n.T(p.Lang, pr.Key, pr.Args...)
}

// Val returns what the user typed into a field, so nothing is lost when a
// form comes back with errors.
func (p *Page) Val(field string) string { return p.Form.Get(field) }

// Vals returns every value of a multi-value field.
func (p *Page) Vals(field string) []string { return p.Form[field] }

// Checked reports whether value was chosen for a multi-value field.
func (p *Page) Checked(field, value string) bool {
	for _, v := range p.Form[field] {
		if v == value {
			return true
		}
	}
	return false
}

// Base is the hidden base of an edit form (see merge.go): the values it
// started from, kept through every showing of the form.
func (p *Page) Base() string {
	if p.Form.Has(baseField) {
		return p.Form.Get(baseField)
	}
	return encodeBase(p.Form)
}

// Both reports whether a field was changed by this user and by someone who
// saved first: the form shows the stored value beside it with a choice.
func (p *Page) Both(field string) bool { return slices.Contains(p.Form[bothField], field) }

// Theirs is the stored value of a field both changed, as the user reads it.
func (p *Page) Theirs(field string) string {
	base, _ := baseOf(p.Form)
	vals := base[field]
	l, _ := p.Data.(mergeLabeler)
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		if l != nil {
			if s, ok := l.MergeLabel(p, field, v); ok {
				v = s
			}
		}
		out = append(out, v)
	}
	return strings.Join(out, "; ")
}

// mergeLabeler is page data that names the stored values of its choice
// fields (an area's name for its ID) when a conflict shows them.
type mergeLabeler interface {
	MergeLabel(p *Page, field, value string) (string, bool)
}

// Can reports whether the page's user may do action on objects of their scope;
// templates use it to show or hide links and buttons.
func (p *Page) Can(action string) bool {
	if p.User == nil {
		return account.Can(nil, account.Action(action), account.None)
	}
	return account.Can(p.User, account.Action(action), account.Unit(p.User.ScopePath))
}

// CanAt reports whether the user may do action on an object of the unit at path.
func (p *Page) CanAt(action, unitPath string) bool {
	return account.Can(p.User, account.Action(action), account.Unit(unitPath))
}

// UnitName is a unit's display name with its legal type: "Xã Mê Linh",
// "Huyện Mê Linh"; Sở divisions carry their full name already.
func (p *Page) UnitName(u any) string {
	var typ, name string
	switch v := u.(type) {
	case orgunit.Unit:
		typ, name = string(v.Type), v.Name
	case *orgunit.Unit:
		typ, name = string(v.Type), v.Name
	default:
		return ""
	}
	return p.typedName(typ, name)
}

// UserUnit is the display name of the page user's own unit.
func (p *Page) UserUnit() string {
	if p.User == nil {
		return ""
	}
	return p.typedName(p.User.UnitType, p.User.UnitName)
}

func (p *Page) typedName(typ, name string) string {
	key := "type." + typ
	if !i18n.Has(key) {
		return name
	}
	return p.T(key) + " " + name
}

// renderer holds one parsed template set per page.
type renderer struct {
	pages   map[string]*template.Template
	version map[string]string // static file → content hash, for cache busting
}

var funcs = template.FuncMap{
	"date":     locale.Date,
	"datetime": locale.DateTime,
	"longdate": locale.LongDate,
	"num":      func(n any) string { return locale.Int(toInt64(n)) },
	"dec":      func(f float64, prec int) string { return locale.Decimal(f, prec) },
	"pct":      locale.Percent,
	"money":    locale.Money,
	"mdong":    locale.MillionDong,
	"add":      func(a, b int) int { return a + b },
	"seq": func(n int) []int {
		s := make([]int, n)
		for i := range s {
			s[i] = i
		}
		return s
	},
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"contains": strings.Contains,
	"join":     strings.Join,
	"isodate":  func(d civil.Date) string { return d.String() },
	"now":      time.Now,
}

func toInt64(n any) int64 {
	switch v := n.(type) {
	case int:
		return int64(v)
	case int64:
		return v
	case int32:
		return int64(v)
	case float64:
		return int64(v)
	}
	return 0
}

func newRenderer() (*renderer, error) {
	r := &renderer{pages: map[string]*template.Template{}, version: map[string]string{}}
	fs.WalkDir(assets, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := assets.ReadFile(p)
			sum := sha256.Sum256(b)
			r.version[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:6])
		}
		return nil
	})
	base := template.New("base").Funcs(funcs).Funcs(programmeFuncs).Funcs(template.FuncMap{
		"asset": func(name string) string { return "/static/" + name + "?v=" + r.version[name] },
	})
	base, err := base.ParseFS(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	err = fs.WalkDir(assets, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Dir(p) == "templates" || !strings.HasSuffix(p, ".html") {
			return err
		}
		t, err := template.Must(base.Clone()).ParseFS(assets, p)
		if err != nil {
			return err
		}
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".html")
		r.pages[name] = t
		return nil
	})
	return r, err
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 page instead of half a page.
func (rd *renderer) render(w http.ResponseWriter, status int, name string, p *Page) error {
	t, ok := rd.pages[name]
	if !ok {
		return fmt.Errorf("web: no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return err
	}
	if len(p.Errors) > 0 {
		// The error summary names each field by its label: drawn again
		// once the labels are known.
		p.summary = summarize(buf.String(), p)
		buf.Reset()
		if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
			return err
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}
