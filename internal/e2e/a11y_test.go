package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"khcn/internal/webtest"
)

// boxCheck is where a report's value box and its indicator's name are on
// the screen.
type boxCheck struct {
	Boxes, Offscreen int
	Problems         []string
}

// On a 390 px phone the commune's report form is one card per indicator:
// each value box and the indicator's name (its label) are on the screen,
// in the same card, the card says what its numbers are, and the page is
// no wider than the phone.
func TestReportFormOnAPhone(t *testing.T) {
	b := startProgrammes(t)
	b.Run(emulatePhone())
	b.Login("canbo.melinh")
	b.Visit("/reports")
	b.Click(`a.button[href^="/reports/"]`)
	b.MustSee("Báo cáo: Xã Mê Linh")
	res := get(b, chromedp.Evaluate[boxCheck](`(function () {
	  var W = document.documentElement.clientWidth, out = { Boxes: 0, Offscreen: 0, Problems: [] };
	  if (document.documentElement.scrollWidth > W) { out.Problems.push("page is " + document.documentElement.scrollWidth + " px wide"); }
	  document.querySelectorAll("table.entry [name^='v.']:not([type=file]):not([type=checkbox])").forEach(function (box) {
	    if (/\.c$/.test(box.name)) { return; }
	    out.Boxes++;
	    var label = document.querySelector("label[for='" + box.id + "']");
	    var r = box.getBoundingClientRect(), lr = label ? label.getBoundingClientRect() : null;
	    if (r.left < 0 || r.right > W || r.width < 120) { out.Offscreen++; out.Problems.push(box.name + " box at " + Math.round(r.left) + "–" + Math.round(r.right)); }
	    if (!lr || lr.width < 2 || lr.left < 0 || lr.right > W) { out.Problems.push(box.name + ": name not on screen"); }
	    else if (label.closest("tr") !== box.closest("tr")) { out.Problems.push(box.name + ": name in another card"); }
	    var target = box.closest("tr").querySelector("td.num[data-label]");
	    if (!target || getComputedStyle(target, "::before").content !== '"' + target.getAttribute("data-label") + '"') { out.Problems.push(box.name + ": the card does not say which number is the target"); }
	  });
	  return out;
	})()`))
	if res.Boxes < 3 || len(res.Problems) > 0 {
		t.Fatalf("report form at 390 px: %d boxes: %s", res.Boxes, strings.Join(res.Problems, "; "))
	}
}

// A refused form moves focus to its error summary, which names each field
// with its problem and links to it; the link takes the user to the field,
// and hints are tied to their fields.
func TestRefusedFormFocusesErrorSummary(t *testing.T) {
	b := Start(t, webtest.Options{})
	b.Login("canbo.melinh")
	b.Visit("/ocop/producers/new")
	if d := b.attr("#f-reg_no", "aria-describedby"); !strings.Contains(d, "h-reg_no") || !b.Has("#h-reg_no") {
		t.Fatalf("registration number's hint is not tied to it: aria-describedby=%q", d)
	}
	b.Submit(`#f-name`)
	focused := get(b, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ""`))
	if focused != "error-summary" {
		t.Fatalf("focus is on %q, not the error summary", focused)
	}
	summary := b.Text("#error-summary")
	if !strings.Contains(summary, "Vui lòng sửa các ô được đánh dấu") || !strings.Contains(summary, "Tên chủ thể") {
		t.Fatalf("summary does not name the field: %q", summary)
	}
	if d := b.attr("#f-name", "aria-describedby"); !strings.Contains(d, "e-name") {
		t.Fatalf("the name's error is not tied to it: %q", d)
	}
	b.ClickStay(`#error-summary a[href="#f-name"]`)
	if focused := get(b, chromedp.Evaluate[string](`document.activeElement.id`)); focused != "f-name" {
		t.Fatalf("the summary's link leads to %q, not the field", focused)
	}
}

// attr is an attribute of the first element matching sel ("" if none).
func (b *Browser) attr(sel, name string) string {
	b.t.Helper()
	return get(b, chromedp.Evaluate[string](`(function(){var e=document.querySelector(`+jsString(sel)+`); return e ? (e.getAttribute(`+jsString(name)+`) || "") : ""})()`))
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
