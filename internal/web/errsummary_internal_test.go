package web

import (
	"reflect"
	"testing"

	"khcn/internal/valid"
)

// The summary lists the problems in the order of their fields on the page,
// names each by its label (without the required mark), links to the
// control or, for a custom control, to its message, and leaves out the
// form-wide message.
func TestSummarize(t *testing.T) {
	page := `<div id="error-summary"></div><form>
<label for="f-title">Tên nhiệm vụ <span class="req" aria-hidden="true">*</span></label><input id="f-title">
<fieldset><legend>Lĩnh vực</legend><input type="checkbox" name="areas"><p class="error" id="e-areas">Chọn</p></fieldset>
<label for="f-due">Hạn &amp; ngày</label><input id="f-due"></form>`
	p := &Page{Errors: valid.Errors{}}
	p.Errors.Add("due", "err.date_format")
	p.Errors.Add("areas", "err.choose")
	p.Errors.Add("title", "err.required")
	p.Errors.Add("ghost", "err.required")
	p.Errors.Add("form", "err.conflict_reload")
	got := summarize(page, p)
	want := []SummaryItem{
		{Href: "f-title", Label: "Tên nhiệm vụ", Message: p.Err("title")},
		{Href: "e-areas", Message: p.Err("areas")},
		{Href: "f-due", Label: "Hạn & ngày", Message: p.Err("due")},
		{Message: p.Err("ghost")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("summary:\n got %+v\nwant %+v", got, want)
	}
}

func TestDescribed(t *testing.T) {
	p := &Page{Errors: valid.Errors{}}
	p.Errors.Add("name", "err.required")
	for _, c := range []struct {
		name string
		hint any
		want string
	}{
		{"name", "ocop.hint.name", ` aria-invalid="true" aria-describedby="h-name e-name"`},
		{"name", nil, ` aria-invalid="true" aria-describedby="e-name"`},
		{"phone", true, ` aria-describedby="h-phone"`},
		{"phone", "", ``},
		{"phone", false, ``},
	} {
		if got := string(p.Described(c.name, c.hint)); got != c.want {
			t.Errorf("Described(%q, %v) = %q, want %q", c.name, c.hint, got, c.want)
		}
	}
}
