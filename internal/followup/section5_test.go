package followup

import (
	"strings"
	"testing"
)

func TestFromSection(t *testing.T) {
	text := `Đề nghị Sở Khoa học và Công nghệ:
- Tổ chức tập huấn về sở hữu trí tuệ cho cán bộ xã.
+ Hỗ trợ xây dựng mô hình trồng rau ứng dụng công nghệ cao.
2) Hỗ trợ xử lý ô nhiễm chất thải chăn nuôi tại các trang trại.
a. Nâng hạng sản phẩm OCOP bưởi lên 4 sao.
ok
• Hỗ trợ kinh phí sửa chữa trụ sở.

`
	got := FromSection(text)
	want := []struct{ title, cat string }{
		{"Tổ chức tập huấn về sở hữu trí tuệ cho cán bộ xã.", "ip_ocop"},
		{"Hỗ trợ xây dựng mô hình trồng rau ứng dụng công nghệ cao.", "hitech_agri"},
		{"Hỗ trợ xử lý ô nhiễm chất thải chăn nuôi tại các trang trại.", "pollution"},
		{"Nâng hạng sản phẩm OCOP bưởi lên 4 sao.", "ip_ocop"},
		{"Hỗ trợ kinh phí sửa chữa trụ sở.", "other"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d items %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		if got[i].Title != w.title || got[i].Description != w.title || got[i].CategoryID != w.cat {
			t.Errorf("item %d = %+v, want %q in %s", i, got[i], w.title, w.cat)
		}
	}
}

func TestGuessCategoryWholeWords(t *testing.T) {
	for text, want := range map[string]string{
		"Mở lớp đào tạo, bồi dưỡng cán bộ":         "training",
		"Cần mô hình nông nghiệp mới":              "hitech_agri",
		"Xử lý nước thải làng nghề":                "pollution",
		"Xây dựng nhãn hiệu tập thể cho gạo":       "ip_ocop",
		"Triển khai chuyển đổi số cấp xã":          "digital_gov",
		"Đề nghị bổ sung biên chế":                 "other",
		"Tăng cường thông tin về du lịch nhà vườn": "other", // "du" alone is not "du lieu"
	} {
		if got := GuessCategory(text); got != want {
			t.Errorf("GuessCategory(%q) = %s, want %s", text, got, want)
		}
	}
}

func TestFromSectionShortensLongTitles(t *testing.T) {
	long := strings.Repeat("Đề nghị hỗ trợ kinh phí ", 30)
	got := FromSection(long)
	if len(got) != 1 {
		t.Fatalf("got %d items", len(got))
	}
	if n := len([]rune(got[0].Title)); n > titleMax || !strings.HasSuffix(got[0].Title, "…") {
		t.Errorf("title has %d runes: %q", n, got[0].Title)
	}
	if got[0].Description != strings.TrimSpace(long) {
		t.Errorf("description must keep the whole line")
	}
}
