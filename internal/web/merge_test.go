package web_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"khcn/internal/demo"
	"khcn/internal/webtest"
)

// mergeCase is a record two people edit from the same version: the first
// changes one field, the second another, and both change a third.
type mergeCase struct {
	name               string
	form               func(*testing.T, *webtest.Env, *webtest.Client) (string, string)
	first, second      string // the fields only one of them changes
	both               string // the field both change
	a, b, aBoth, bBoth string
}

var merges = []mergeCase{
	{"proposal", proposalForm, "title", "objectives", "contact_title",
		"Ứng dụng nhà kính thông minh trồng hoa lan", "Sản xuất 15.000 chậu lan mỗi năm", "Trưởng phòng Kinh tế", "Phó trưởng phòng"},
	{"report", reportForm(demo.MeLinh), "section1", "v.C_TASKS", "section3",
		"Đã ban hành kế hoạch số 15/KH-UBND.", "14", "Khó khăn về kinh phí.", "Thiếu cán bộ chuyên trách."},
}

// mergeKind: the second to save gets the form merged: the field only the
// first changed holds the first's version without asking, their own change
// is kept, the field both changed shows both with a choice; saving that
// form keeps both changes, and the choice decides the field both changed.
func mergeKind(t *testing.T, e *webtest.Env, first, second *webtest.Client, tc mergeCase) {
	page, action := tc.form(t, e, first)
	base, _ := formValues(first.Get(page).Body, action)
	mine := copyValues(base)

	base.Set(tc.first, tc.a)
	base.Set(tc.both, tc.aBoth)
	if r := first.PostForm(action, base); r.Status != http.StatusSeeOther {
		t.Fatalf("first save: %d %s", r.Status, snippet(r.Body))
	}
	mine.Set(tc.second, tc.b)
	mine.Set(tc.both, tc.bBoth)
	r := second.PostForm(action, mine)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("second save: %d, want the merged form", r.Status)
	}
	merged, _ := formValues(r.Body, action)
	for field, want := range map[string]string{tc.first: tc.a, tc.second: tc.b, tc.both: tc.bBoth, "_pick." + tc.both: "mine"} {
		if got := merged.Get(field); got != want {
			t.Errorf("merged %s = %q, want %q", field, got, want)
		}
	}
	if got := strings.Count(r.Body, `class="merge"`); got != 1 ||
		!strings.Contains(r.Body, `name="_both" value="`+tc.both+`"`) || !strings.Contains(r.Body, html.EscapeString(tc.aBoth)) {
		t.Errorf("the merged form shows %d choices, want one at %s with the other version", got, tc.both)
	}
	if !strings.Contains(r.Body, "Có 1 ô cả hai người cùng sửa") {
		t.Error("the merged form does not say what to do")
	}
	// The same in English.
	req := second.FormRequest(action, mine)
	req.AddCookie(&http.Cookie{Name: "lang", Value: "en"})
	if en := second.Do(req); !strings.Contains(en.Body, "1 field(s) were changed by both of you") ||
		!strings.Contains(en.Body, "You both changed this field. The version they saved:") || !strings.Contains(en.Body, "Take the version they saved") {
		t.Errorf("the merged form in English: %d %s", en.Status, snippet(en.Body))
	}

	// Saving the form as shown, taking the stored version where both
	// changed: both people's changes are kept.
	merged.Set("_pick."+tc.both, "theirs")
	if r := second.PostForm(action, merged); r.Status != http.StatusSeeOther {
		t.Fatalf("saving the merged form: %d %s", r.Status, snippet(r.Body))
	}
	stored, _ := formValues(first.Get(page).Body, action)
	for field, want := range map[string]string{tc.first: tc.a, tc.second: tc.b, tc.both: tc.aBoth} {
		if got := stored.Get(field); got != want {
			t.Errorf("stored %s = %q, want %q", field, got, want)
		}
	}
}
