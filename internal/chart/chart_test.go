package chart

import (
	"encoding/xml"
	"math"
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

func TestBarChart(t *testing.T) {
	b := Bar{Title: "Sản phẩm OCOP theo hạng sao", Labels: []string{"3 sao", "4 sao", "5 sao"},
		Series: []Series{{Name: "Số sản phẩm", Values: []float64{1234, 450, 12}}}, Unit: "sản phẩm"}
	s := string(b.SVG())
	wellFormed(t, s)
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
	wellFormed(t, s)
	if strings.Contains(s, "<b>") {
		t.Error("markup not escaped")
	}
}

func TestLineChartWithTargetAndGaps(t *testing.T) {
	nan := math.NaN()
	l := Line{Title: "Đơn đăng ký sở hữu công nghiệp", Labels: []string{"2021", "2022", "2023", "2024"},
		Series: []Series{{Name: "Thực hiện", Values: []float64{9000, 13663, nan, 15000}}},
		Target: []float64{10000, 12000, 14000, 16000}}
	s := string(l.SVG())
	wellFormed(t, s)
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
