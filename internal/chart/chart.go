// Package chart draws small, printable SVG charts on the server: bars and
// lines with an optional target line. No JavaScript; colours are presentation
// attributes, so the strict CSP holds. Pages show a table of the same numbers
// beside each chart.
package chart

import (
	"fmt"
	"html"
	"math"
	"strings"

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

const (
	width  = 640.0
	height = 320.0
	padL   = 56.0
	padR   = 16.0
	padT   = 36.0
	padB   = 64.0
)

type svg struct{ b strings.Builder }

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

func (s *svg) open(title string, w, h float64, summary string) {
	s.f(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" class="chart" role="img" aria-label="%s">`, w, h, esc(title))
	s.f(`<title>%s</title><desc>%s</desc>`, esc(title), esc(summary))
	s.f(`<text x="%.0f" y="20" font-size="14" font-weight="bold" fill="#1b1f24">%s</text>`, padL, esc(title))
}

func (s *svg) legend(series []Series, y float64, extra string) {
	x := padL
	for i, se := range series {
		if len(series) < 2 && extra == "" {
			break
		}
		s.f(`<rect x="%.1f" y="%.1f" width="10" height="10" fill="%s"/>`, x, y-9, Palette[i%len(Palette)])
		s.f(`<text x="%.1f" y="%.1f" font-size="11" fill="#1b1f24">%s</text>`, x+14, y, esc(se.Name))
		x += 24 + float64(len([]rune(se.Name)))*6
	}
	if extra != "" {
		s.f(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#C8102E" stroke-width="2" stroke-dasharray="6 4"/>`, x, y-4, x+18, y-4)
		s.f(`<text x="%.1f" y="%.1f" font-size="11" fill="#1b1f24">%s</text>`, x+22, y, esc(extra))
	}
}

// yAxis draws gridlines and tick labels for 0..top and returns the scale.
func (s *svg) yAxis(top, step float64, unit string) func(float64) float64 {
	plotH := height - padT - padB
	scale := func(v float64) float64 { return height - padB - v/top*plotH }
	for v := 0.0; v <= top+step/2; v += step {
		y := scale(v)
		s.f(`<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#d6dbe1" stroke-width="1"/>`, padL, y, width-padR, y)
		s.f(`<text x="%.0f" y="%.1f" font-size="10" text-anchor="end" fill="#5b6470">%s</text>`, padL-6, y+3, num(v))
	}
	if unit != "" {
		s.f(`<text x="8" y="%.0f" font-size="10" fill="#5b6470">%s</text>`, padT-8, esc(unit))
	}
	return scale
}

func (s *svg) xLabels(labels []string, x func(int) float64) {
	for i, l := range labels {
		r := []rune(l)
		if len(r) > 14 {
			l = string(r[:13]) + "…"
		}
		s.f(`<text x="%.1f" y="%.1f" font-size="10" text-anchor="end" fill="#1b1f24" transform="rotate(-35 %.1f %.1f)">%s</text>`,
			x(i), height-padB+14, x(i), height-padB+14, esc(l))
	}
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
