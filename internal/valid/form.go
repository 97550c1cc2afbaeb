package valid

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"unicode/utf8"
)

// A request's form is checked once, where it is read: text that is not
// valid UTF-8 is refused at its field. The reader keeps what can be shown
// (the bad bytes become U+FFFD) and notes the problem in the request's
// context; every write transaction of that request then refuses with these
// errors (store.Tx), so nothing is saved and the handler shows the form again
// with the message at the field.

type formKey struct{}

type refusals struct {
	mu   sync.Mutex
	errs Errors
}

// WithFormChecks gives a request's context a place for refused fields.
func WithFormChecks(ctx context.Context) context.Context {
	return context.WithValue(ctx, formKey{}, &refusals{})
}

// CheckEncoding refuses every field of f whose text is not valid UTF-8,
// replacing the bad bytes so the form can be shown again.
func CheckEncoding(ctx context.Context, forms ...url.Values) {
	for _, f := range forms {
		for name, vals := range f {
			field := name
			if !utf8.ValidString(name) {
				delete(f, name)
				field = "form"
			}
			for i, v := range vals {
				if !utf8.ValidString(v) {
					vals[i] = strings.ToValidUTF8(v, "\uFFFD")
					refuse(ctx, field)
				}
			}
			if field == "form" {
				refuse(ctx, field)
			}
		}
	}
}

func refuse(ctx context.Context, field string) {
	r, _ := ctx.Value(formKey{}).(*refusals)
	if r == nil {
		return
	}
	r.mu.Lock()
	r.errs.Add(field, "err.encoding")
	r.mu.Unlock()
}

// Refused returns the fields refused while reading the request's form, or
// nil.
func Refused(ctx context.Context) Errors {
	r, _ := ctx.Value(formKey{}).(*refusals)
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.errs) == 0 {
		return nil
	}
	out := Errors{}
	for k, v := range r.errs {
		out[k] = v
	}
	return out
}
