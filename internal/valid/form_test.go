package valid

import (
	"context"
	"net/url"
	"testing"
)

func TestCheckEncodingRefusesAtTheField(t *testing.T) {
	ctx := WithFormChecks(context.Background())
	f := url.Values{"title": {"Đề tài \xff mới"}, "summary": {"Tóm tắt đúng"}, "k\xfe": {"x"}}
	CheckEncoding(ctx, f)
	errs := Refused(ctx)
	if errs["title"].Key != "err.encoding" || errs.Has("summary") || !errs.Has("form") {
		t.Errorf("refused %v", errs)
	}
	if f.Get("title") != "Đề tài \uFFFD mới" || f.Get("summary") != "Tóm tắt đúng" || len(f) != 2 {
		t.Errorf("form kept as %v", f)
	}
	// A clean form, or a context without checks, refuses nothing.
	ok := WithFormChecks(context.Background())
	CheckEncoding(ok, url.Values{"title": {"Đề tài"}})
	if Refused(ok) != nil || Refused(context.Background()) != nil {
		t.Error("refusals without a cause")
	}
}
