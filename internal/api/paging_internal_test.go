package api

import (
	"net/http/httptest"
	"testing"

	"khcn/internal/i18n"
)

func ctxFor(url string) *Ctx {
	r := httptest.NewRequest("GET", url, nil)
	return &Ctx{W: httptest.NewRecorder(), R: r}
}

// Cursors name the last key seen: a page after an insertion before it
// neither repeats nor skips an item.
func TestCursorPaging(t *testing.T) {
	items := []string{"d", "b", "a", "e", "c"}
	key := func(s string) string { return s }
	p, err := paginate(ctxFor("/x?limit=2"), append([]string{}, items...), key)
	if err != nil || len(p.Items) != 2 || p.Items[0] != "a" || p.Items[1] != "b" || p.Next == "" || p.Total != 5 {
		t.Fatalf("first page %+v %v", p, err)
	}
	// "aa" is added before the cursor: the next page still starts at c.
	p2, err := paginate(ctxFor("/x?limit=2&cursor="+p.Next), append([]string{"aa"}, items...), key)
	if err != nil || len(p2.Items) != 2 || p2.Items[0] != "c" || p2.Items[1] != "d" {
		t.Fatalf("second page %+v %v", p2, err)
	}
	p3, _ := paginate(ctxFor("/x?limit=2&cursor="+p2.Next), append([]string{}, items...), key)
	if len(p3.Items) != 1 || p3.Items[0] != "e" || p3.Next != "" {
		t.Fatalf("last page %+v", p3)
	}
	for _, bad := range []string{"/x?limit=0", "/x?limit=501", "/x?limit=x", "/x?cursor=!!", "/x?cursor=bm9wZQ"} {
		if _, err := paginate(ctxFor(bad), items, key); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	empty, _ := paginate(ctxFor("/x"), []string(nil), key)
	if empty.Items == nil || empty.Total != 0 {
		t.Errorf("empty page %+v", empty)
	}
}

func TestLanguage(t *testing.T) {
	for h, want := range map[string]i18n.Lang{"": i18n.VI, "en": i18n.EN, "en-US,en;q=0.9": i18n.EN, "vi-VN,vi;q=0.9,en;q=0.8": i18n.VI,
		"fr,en;q=0.5": i18n.EN, "fr": i18n.VI, "en;q=0.2,vi;q=0.3": i18n.VI, "de, en;q=abc": i18n.EN} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Language", h)
		if got := langOf(r); got != want {
			t.Errorf("%q: %s, want %s", h, got, want)
		}
	}
}

func TestMatchText(t *testing.T) {
	if !matchText("dong anh", "Xã Đông Anh") || !matchText("", "x") || !matchText("ĐÔNG", "đông anh") || matchText("dong son", "Đông Anh") {
		t.Error("Vietnamese-aware search")
	}
}
