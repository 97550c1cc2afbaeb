package chart

import (
	"encoding/xml"
	"html"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func wellFormed(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return
			}
			t.Fatalf("not well-formed SVG: %v\n%s", err, s)
		}
	}
}

// drawings splits a chart into its drawings (wide, then narrow).
func drawings(s string) []string {
	var out []string
	for _, part := range strings.Split(s, "<svg ")[1:] {
		out = append(out, "<svg "+part)
	}
	return out
}

func TestBarChart(t *testing.T) {
	b := Bar{Title: "Sản phẩm OCOP theo hạng sao", Labels: []string{"3 sao", "4 sao", "5 sao"},
		Series: []Series{{Name: "Số sản phẩm", Values: []float64{1234, 450, 12}}}, Unit: "sản phẩm"}
	s := string(b.SVG())
	wellFormed(t, "<p>"+s+"</p>")
	for _, want := range []string{`role="img"`, "Sản phẩm OCOP theo hạng sao", "3 sao: 1.234", "<rect"} {
		if !strings.Contains(s, want) {
			t.Errorf("bar lacks %q", want)
		}
	}
	if strings.Contains(s, "style=") || strings.Contains(s, "<script") {
		t.Error("inline style or script")
	}
	// Values escape: a label with markup stays text.
	s = string(Bar{Title: "<b>x</b>", Labels: []string{"a&b"}, Series: []Series{{Name: "n", Values: []float64{1}}}, Horizontal: true}.SVG())
	wellFormed(t, "<p>"+s+"</p>")
	if strings.Contains(s, "<b>") {
		t.Error("markup not escaped")
	}
}

func TestLineChartWithTargetAndGaps(t *testing.T) {
	nan := math.NaN()
	l := Line{Title: "Đơn đăng ký sở hữu công nghiệp", Labels: []string{"2021", "2022", "2023", "2024"},
		Series: []Series{{Name: "Thực hiện", Values: []float64{9000, 13663, nan, 15000}}},
		Target: []float64{10000, 12000, 14000, 16000}}
	all := string(l.SVG())
	wellFormed(t, "<p>"+all+"</p>")
	ds := drawings(all)
	if len(ds) != 2 {
		t.Fatalf("want a wide and a narrow drawing: %d", len(ds))
	}
	s := ds[1]
	if strings.Count(s, "<path") != 2 {
		t.Errorf("want target path and one series path: %d", strings.Count(s, "<path"))
	}
	// The gap in 2023 splits the series line into two parts.
	if !strings.Contains(s, "2022: 13.663") || strings.Count(s, "<circle") != 3 {
		t.Errorf("points: %d", strings.Count(s, "<circle"))
	}
	if !strings.Contains(s, "Mục tiêu") || !strings.Contains(s, "stroke-dasharray") {
		t.Error("no target line")
	}
}

func TestNiceMax(t *testing.T) {
	for in, want := range map[float64]float64{0: 1, 7: 10, 13663: 20000, 95: 100, 0.3: 0.5, 250: 250} {
		if got, _ := niceMax(in); got != want {
			t.Errorf("niceMax(%v) = %v want %v", in, got, want)
		}
	}
}

var (
	viewBoxRE = regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)" class="chart (\w+)"`)
	textRE    = regexp.MustCompile(`<text x="([\d.]+)" y="([\d.]+)" font-size="(\d+)"([^>]*)>([^<]*)</text>`)
)

// Both drawings of every kind of chart, with long Vietnamese labels and
// titles, draw all text at MinFont or larger; the narrow one is no wider
// than a phone's column (so its text is shown near its nominal size), and
// no left-aligned text runs past the right edge.
func TestDrawingsReadableOnPhones(t *testing.T) {
	long := []string{"Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình", "Xã Mê Linh", "Phường Hoàn Kiếm", "Số doanh nghiệp khởi nghiệp sáng tạo"}
	vals := []float64{61.76, 100, 8.5, 1234567}
	charts := map[string]string{
		"horizontal": string(Bar{Title: "% chỉ tiêu · Chính quyền điện tử, chính quyền số và chuyển đổi số", Labels: long, Horizontal: true, Unit: "%",
			Series: []Series{{Name: "Tiến độ", Values: vals}}}.SVG()),
		"stacked": string(Bar{Title: "Sản phẩm theo nhóm và hạng sao", Labels: long, Horizontal: true, Stacked: true,
			Series: []Series{{Name: "3 sao", Values: vals}, {Name: "4 sao", Values: vals}, {Name: "5 sao", Values: vals}}}.SVG()),
		"vertical": string(Bar{Title: "Chứng nhận OCOP", Labels: []string{"Còn hiệu lực", "Sắp hết hạn", "Hết hạn"},
			Series: []Series{{Name: "Sản phẩm", Values: []float64{12, 3, 1}}}}.SVG()),
		"line": string(Line{Title: "Diễn biến theo kỳ báo cáo của Xã Mê Linh", Labels: []string{"6 tháng đầu năm 2024", "Năm 2024", "6 tháng đầu năm 2025", "Năm 2025"},
			Series: []Series{{Name: "Thực hiện", Values: []float64{9000, 13663, 14000, 15000}}}, Target: []float64{10000, 12000, 14000, 16000},
			TargetName: "Chỉ tiêu kế hoạch", Unit: "hồ sơ"}.SVG()),
	}
	for name, s := range charts {
		ds := drawings(s)
		if len(ds) != 2 {
			t.Fatalf("%s: want two drawings, got %d", name, len(ds))
		}
		for _, d := range ds {
			m := viewBoxRE.FindStringSubmatch(d)
			if m == nil {
				t.Fatalf("%s: no viewBox: %s", name, d[:80])
			}
			w, _ := strconv.ParseFloat(m[1], 64)
			if m[3] == "narrow" && w > 340 {
				t.Errorf("%s: narrow drawing is %v wide", name, w)
			}
			texts := textRE.FindAllStringSubmatch(d, -1)
			if len(texts) < 3 {
				t.Errorf("%s %s: only %d labels", name, m[3], len(texts))
			}
			for _, tx := range texts {
				size, _ := strconv.Atoi(tx[3])
				if size < MinFont {
					t.Errorf("%s %s: %q at font %d", name, m[3], tx[5], size)
				}
				x, _ := strconv.ParseFloat(tx[1], 64)
				if !strings.Contains(tx[4], "text-anchor") && x+textW(html.UnescapeString(tx[5]), float64(size)) > w+1 {
					t.Errorf("%s %s: %q runs past the right edge (x %v, width %v)", name, m[3], tx[5], x, w)
				}
			}
		}
	}
}
