package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"khcn/internal/locale"
	"khcn/internal/valid"
)

// Saving a form after someone else saved the same record (a conflict) is a
// three-way merge of what the form started from (the base), what is stored
// now (theirs) and what the user posted (mine):
//
//   - a field only they changed takes their value, without asking;
//   - a field only this user changed keeps what they typed;
//   - a field both changed, differently, keeps what they typed and shows
//     the stored value beside it, with a choice between the two.
//
// The form shown after the merge starts from theirs (its base and version
// are theirs), so saving it again succeeds and keeps their changes.
//
// An edit form carries its base in the hidden field _base (template "base"),
// url-encoded. Check boxes post nothing when cleared, so the partials that
// render them declare their names in _f: a declared field that is absent
// was cleared. The choices come back as _pick.<field> = theirs | mine for
// each field named in _both, and are applied when the form is read.
const (
	baseField  = "_base"
	bothField  = "_both"
	keptField  = "_typed"
	declared   = "_f"
	pickPrefix = "_pick."
	pickTheirs = "theirs"
)

// Keys of the form's error map that say how a conflict was merged.
const (
	conflictKey = "err.conflict"      // marks a conflict for the page to merge
	mergedKey   = "err.merged"        // merged, nothing to choose
	chooseKey   = "err.merged_choose" // merged, {0} fields to choose
	reloadedKey = "err.conflict_kept" // a form without a base: what was typed kept
)

// conflictErrs is what a form's problems are after a conflict, before the
// page merges the form with what is stored.
func conflictErrs() valid.Errors { return valid.Errors{"form": {Key: conflictKey}} }

// isConflict reports whether errs stand for a conflict not merged yet.
func isConflict(errs valid.Errors) bool { return errs != nil && errs["form"].Key == conflictKey }

// meta reports whether a key belongs to the form's machinery rather than
// to the record: the merge takes the version (or the stamp of a grid) from
// theirs and leaves out the rest.
func meta(key string) bool { return strings.HasPrefix(key, "_") || stamp(key) }

func stamp(key string) bool { return key == "version" || key == "stamp" }

// encodeBase is a form's values as its base: without the machinery.
func encodeBase(f url.Values) string {
	out := url.Values{}
	for k, v := range f {
		if !meta(k) {
			out[k] = v
		}
	}
	return out.Encode()
}

// baseOf is the base a posted form carries; ok is false when it has none.
func baseOf(f url.Values) (url.Values, bool) {
	if !f.Has(baseField) {
		return nil, false
	}
	b, err := url.ParseQuery(f.Get(baseField))
	return b, err == nil
}

// sameValue compares two values of a field as the user sees them: text
// areas post CRLF line ends, and the order of ticked boxes does not count.
func sameValue(a, b []string) bool {
	norm := func(vs []string) []string {
		out := make([]string, 0, len(vs))
		for _, v := range vs {
			if v = strings.TrimSpace(strings.ReplaceAll(locale.NFC(v), "\r\n", "\n")); v != "" {
				out = append(out, v)
			}
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(norm(a), norm(b))
}

// threeWay merges what was posted (mine, with its base) with theirs and
// returns the form to show, which starts from theirs, and the fields both
// changed. Without a base, what was posted is kept over theirs and nothing
// is offered as a choice.
func threeWay(mine, theirs url.Values) (url.Values, []string) {
	base, known := baseOf(mine)
	out := url.Values{}
	for k, v := range theirs {
		if !meta(k) || stamp(k) {
			out[k] = v
		}
	}
	fields := map[string]bool{}
	for k := range mine {
		if !meta(k) {
			fields[k] = true
		}
	}
	for _, k := range mine[declared] {
		if !meta(k) {
			fields[k] = true
		}
	}
	var both []string
	for k := range fields {
		m, t := mine[k], theirs[k]
		switch {
		case known && sameValue(m, base[k]) && !sameValue(m, t):
			continue // only they changed it: theirs
		case known && !sameValue(m, t) && !sameValue(t, base[k]):
			both = append(both, k)
		}
		if m == nil {
			delete(out, k)
		} else {
			out[k] = m
		}
	}
	slices.Sort(both)
	if known {
		out[baseField] = []string{encodeBase(theirs)}
	}
	out[bothField] = both
	return out, both
}

// mergeForm replaces what was posted with its merge with theirs (see
// threeWay) and returns the problems to show: the message on top says
// what was merged, with the problems found besides the conflict.
func mergeForm(r *http.Request, theirs url.Values, errs valid.Errors) valid.Errors {
	mine := r.PostForm
	_, known := baseOf(mine)
	merged, both := threeWay(mine, theirs)
	r.PostForm = merged
	out := valid.Errors{}
	for k, p := range errs {
		out[k] = p
	}
	switch {
	case !known:
		r.PostForm[keptField] = typedText(mine, theirs)
		out["form"] = valid.Problem{Key: reloadedKey}
	case len(both) > 0:
		out["form"] = valid.Problem{Key: chooseKey, Args: []any{len(both)}}
	default:
		out["form"] = valid.Problem{Key: mergedKey}
	}
	return out
}

// typedText names the fields of a form without a base where the user
// wrote something (text with spaces, not a code or a number) that is not
// stored: the page repeats it, in case the form it came from is no longer
// offered (the step was taken by whoever saved first).
func typedText(mine, theirs url.Values) []string {
	var out []string
	for k, v := range mine {
		if !meta(k) && strings.ContainsAny(strings.TrimSpace(strings.Join(v, " ")), " \n") && !sameValue(v, theirs[k]) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// applyPicks applies the choices made after a conflict to a posted form:
// a field where the stored value was chosen takes it from the base (which
// is what was stored when the choice was shown). The machinery of the
// choice is then dropped, so the form reads like any other.
func applyPicks(f url.Values) {
	if f == nil || !f.Has(bothField) {
		return
	}
	base, _ := baseOf(f)
	for _, k := range f[bothField] {
		if meta(k) || f.Get(pickPrefix+k) != pickTheirs {
			continue
		}
		if v, ok := base[k]; ok {
			f[k] = v
		} else {
			delete(f, k)
		}
	}
	for k := range f {
		if k == bothField || strings.HasPrefix(k, pickPrefix) {
			delete(f, k)
		}
	}
}

// editing lays stored values and what the user posted over each other for
// a page that shows a form again: after a conflict their merge (the
// problems say so), else what was posted over what is stored.
func editing(r *http.Request, stored url.Values, errs valid.Errors) (url.Values, valid.Errors) {
	if isConflict(errs) {
		errs = mergeForm(r, stored, errs)
		return r.PostForm, errs
	}
	for k, v := range r.PostForm {
		stored[k] = v
	}
	return stored, errs
}

// retyped is the problems of a form page shown again with what was posted:
// after a conflict, r.PostForm becomes its merge with what is stored now,
// which stored loads.
func (s *Server) retyped(r *http.Request, errs valid.Errors, stored func() (url.Values, error)) (valid.Errors, error) {
	if !isConflict(errs) {
		return errs, nil
	}
	theirs, err := stored()
	if err != nil {
		return errs, err
	}
	return mergeForm(r, theirs, errs), nil
}

// unmerged is the problems of a conflict at a form that shows the stored
// values, not what was posted: the message says so.
func unmerged(errs valid.Errors) valid.Errors {
	if isConflict(errs) {
		errs["form"] = valid.Problem{Key: reloadedKey}
	}
	return errs
}
