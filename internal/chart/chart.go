// Package chart draws small, printable SVG charts on the server: bars and
// lines with an optional target line. No JavaScript; colours are presentation
// attributes, so the strict CSP holds. Pages show a table of the same numbers
// beside each chart.
//
// Each chart is drawn twice: a wide drawing for screens and paper and a
// narrow one laid out for a phone's column (labels above the bars, wrapped
// titles and legends). The stylesheet shows one of them, so on either screen
// the labels are drawn near their nominal size instead of being scaled down
// to a few pixels.
package chart

import (
	"fmt"
	"html"
	"math"
	"strings"
	"unicode/utf8"

	"khcn/internal/locale"
)

// Series is one named row of values, one per label.
type Series struct {
	Name   string
	Values []float64 // NaN means no value
	// Format prints a value; nil is the chart's own short form. A page
	// passes the function its table uses, so chart and table round alike.
	Format func(float64) string
}

func (se Series) num(v float64) string {
	if se.Format != nil {
		return se.Format(v)
	}
	return num(v)
}

// Palette is colour-blind safe (Okabe–Ito) and prints well in grey.
var Palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"}

// MinFont is the smallest type size of any drawing, in SVG user units.
// The narrow drawing is no wider than a phone's column, so labels are
// drawn at about this size or larger.
const MinFont = 12

// layout is the geometry and type sizes of one drawing.
type layout struct {
	class       string  // "wide" or "narrow", for the stylesheet
	w, plotH    float64 // width, and height of the plot area of vertical charts
	padR        float64
	title, text float64 // font sizes
	labelChars  int     // longest x label before it is cut
	barLabelW   float64 // horizontal bars: width of the label column; 0 puts labels above the bars
}

var (
	wide   = layout{class: "wide", w: 640, plotH: 220, padR: 16, title: 15, text: MinFont, labelChars: 16, barLabelW: 200}
	narrow = layout{class: "narrow", w: 320, plotH: 190, padR: 10, title: 13, text: MinFont, labelChars: 12}
)

// charW is an estimate of the width of one character at font size 1.
const charW = 0.56

type svg struct {
	b strings.Builder
	l layout
}

func (s *svg) f(format string, a ...any) { fmt.Fprintf(&s.b, format, a...) }

func esc(s string) string { return html.EscapeString(s) }

func num(v float64) string {
	if math.Abs(v) >= 100 || v == math.Trunc(v) {
		return locale.Decimal(v, 0)
	}
	return locale.Decimal(v, 2)
}

// niceMax rounds up to 1, 2 or 5 × 10^k, and returns the tick step.
func niceMax(max float64) (float64, float64) {
	if max <= 0 || math.IsNaN(max) {
		return 1, 0.25
	}
	exp := math.Pow(10, math.Floor(math.Log10(max)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if max <= m*exp {
			top := m * exp
			return top, top / 4
		}
	}
	return 10 * exp, 2.5 * exp
}

// textW estimates the drawn width of s at a font size.
func textW(s string, size float64) float64 { return float64(utf8.RuneCountInString(s)) * size * charW }

// cut shortens s to n characters with an ellipsis.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// wrap breaks text into lines no wider than width at a font size, at
// spaces; a word longer than a line is cut.
func wrap(text string, width, size float64) []string {
	max := int(width / (size * charW))
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= max:
			line += " " + w
		default:
			lines = append(lines, cut(line, max))
			line = w
		}
	}
	if line != "" {
		lines = append(lines, cut(line, max))
	}
	return lines
}

// drawing is a chart drawn in one layout; the body is drawn by fn once the
// title is placed, and returns the drawing's height.
func drawing(l layout, title, summary string, fn func(s *svg, top float64) float64) string {
	body := &svg{l: l}
	lines := wrap(title, l.w-16, l.title)
	top := 8 + float64(len(lines))*l.title*1.3 + 8
	h := fn(body, top)
	s := &svg{l: l}
	s.f(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" class="chart %s" role="img" aria-label="%s">`, l.w, h, l.class, esc(title))
	s.f(`<title>%s</title><desc>%s</desc>`, esc(title), esc(summary))
	for i, line := range lines {
		s.f(`<text x="8" y="%.1f" font-size="%.0f" font-weight="bold" fill="#1b1f24">%s</text>`, 8+l.title*(1.3*float64(i)+1), l.title, esc(line))
	}
	s.b.WriteString(body.b.String())
	s.f(`</svg>`)
	return s.b.String()
}

// both draws a chart in the wide and the narrow layout.
func both(title, summary string, fn func(s *svg, top float64) float64) string {
	return drawing(wide, title, summary, fn) + drawing(narrow, title, summary, fn)
}

// legendItem is one entry of a legend: a swatch or a dashed target line.
type legendItem struct {
	name, color string
	dashed      bool
}

func legendOf(series []Series, target string) []legendItem {
	var out []legendItem
	if len(series) > 1 || target != "" {
		for i, se := range series {
			out = append(out, legendItem{name: se.Name, color: Palette[i%len(Palette)]})
		}
	}
	if target != "" {
		out = append(out, legendItem{name: target, color: "#C8102E", dashed: true})
	}
	return out
}

// legend draws the entries in rows below top, wrapping at the drawing's
// width, and returns the height used.
func (s *svg) legend(items []legendItem, top float64) float64 {
	if len(items) == 0 {
		return 0
	}
	size := s.l.text
	rowH := size * 1.6
	x, rows := 8.0, 1
	for _, it := range items {
		w := 22 + textW(it.name, size) + 12
		if x > 8 && x+w > s.l.w-s.l.padR {
			x, rows = 8, rows+1
		}
		yy := top + size + rowH*float64(rows-1)
		if it.dashed {
			s.f(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2" stroke-dasharray="6 4"/>`, x, yy-size/3, x+18, yy-size/3, it.color)
		} else {
			s.f(`<rect x="%.1f" y="%.1f" width="12" height="12" fill="%s"/>`, x+3, yy-size*0.8, it.color)
		}
		s.f(`<text x="%.1f" y="%.1f" font-size="%.0f" fill="#1b1f24">%s</text>`, x+22, yy, size, esc(it.name))
		x += w
	}
	return rowH * float64(rows)
}

// axis is the value scale of a vertical chart: the plot's left edge (wide
// enough for the tick labels) and the value → y mapping.
type axis struct {
	left, top, bottom float64
	y                 func(float64) float64
}

// yAxis draws gridlines and tick labels for 0..max from the plot's top
// and returns the scale.
func (s *svg) yAxis(max float64, unit string, top float64) axis {
	l := s.l
	hi, step := niceMax(max)
	widest := 0.0
	for v := 0.0; v <= hi+step/2; v += step {
		widest = math.Max(widest, textW(num(v), l.text))
	}
	if unit != "" {
		s.f(`<text x="8" y="%.1f" font-size="%.0f" fill="#5b6470">%s</text>`, top+l.text, l.text, esc(unit))
		top += l.text * 1.8
	}
	a := axis{left: math.Max(widest+14, 30), top: top, bottom: top + l.plotH}
	a.y = func(v float64) float64 { return a.bottom - v/hi*l.plotH }
	for v := 0.0; v <= hi+step/2; v += step {
		y := a.y(v)
		s.f(`<line x1="%.1f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#d6dbe1" stroke-width="1"/>`, a.left, y, l.w-l.padR, y)
		s.f(`<text x="%.1f" y="%.1f" font-size="%.0f" text-anchor="end" fill="#5b6470">%s</text>`, a.left-6, y+l.text/3, l.text, num(v))
	}
	return a
}

// xLabels draws the category labels under a vertical chart, turned so
// long ones fit, and returns the height they take.
func (s *svg) xLabels(labels []string, x func(int) float64, y float64) float64 {
	l := s.l
	longest := 0.0
	for i, lb := range labels {
		lb = cut(lb, l.labelChars)
		longest = math.Max(longest, textW(lb, l.text))
		s.f(`<text x="%.1f" y="%.1f" font-size="%.0f" text-anchor="end" fill="#1b1f24" transform="rotate(-35 %.1f %.1f)">%s</text>`,
			x(i), y+l.text+2, l.text, x(i), y+l.text+2, esc(lb))
	}
	return longest*math.Sin(35*math.Pi/180) + l.text*2
}

func maxOf(series []Series, stacked bool, extra []float64) float64 {
	m := 0.0
	n := 0
	for _, se := range series {
		if len(se.Values) > n {
			n = len(se.Values)
		}
	}
	for i := 0; i < n; i++ {
		sum := 0.0
		for _, se := range series {
			if i < len(se.Values) && !math.IsNaN(se.Values[i]) {
				if stacked {
					sum += se.Values[i]
				} else {
					m = math.Max(m, se.Values[i])
				}
			}
		}
		m = math.Max(m, sum)
	}
	for _, v := range extra {
		if !math.IsNaN(v) {
			m = math.Max(m, v)
		}
	}
	return m
}

func summary(labels []string, series []Series) string {
	var parts []string
	for _, se := range series {
		var vals []string
		for i, v := range se.Values {
			if i < len(labels) && !math.IsNaN(v) {
				vals = append(vals, labels[i]+": "+se.num(v))
			}
		}
		parts = append(parts, se.Name+" — "+strings.Join(vals, "; "))
	}
	return strings.Join(parts, ". ")
}

func value(se Series, i int) float64 {
	if i < len(se.Values) && !math.IsNaN(se.Values[i]) {
		return se.Values[i]
	}
	return 0
}
