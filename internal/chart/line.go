package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Line is a line chart over periods, with an optional dashed target line.
type Line struct {
	Title  string
	Labels []string
	Series []Series
	Target []float64 // NaN for periods without a target
	// TargetName labels the target line in the legend ("Mục tiêu").
	TargetName string
	Unit       string
}

// SVG draws the chart, wide and narrow.
func (l Line) SVG() template.HTML {
	sum := summary(l.Labels, l.Series)
	if len(l.Target) > 0 {
		sum += ". " + summary(l.Labels, []Series{{Name: l.targetName(), Values: l.Target}})
	}
	return template.HTML(both(l.Title, sum, l.draw))
}

func (l Line) draw(s *svg, top float64) float64 {
	a := s.yAxis(maxOf(l.Series, false, l.Target), l.Unit, top)
	n := len(l.Labels)
	if n == 0 {
		return a.bottom + 8
	}
	slot := (s.l.w - a.left - s.l.padR) / float64(n)
	x := func(i int) float64 { return a.left + slot*(float64(i)+0.5) }
	if len(l.Target) > 0 {
		s.path(l.Target, x, a.y, `stroke="#C8102E" stroke-width="2" stroke-dasharray="6 4" fill="none"`)
	}
	for si, se := range l.Series {
		color := Palette[si%len(Palette)]
		s.path(se.Values, x, a.y, fmt.Sprintf(`stroke="%s" stroke-width="2.5" fill="none"`, color))
		for i, v := range se.Values {
			if i < n && !math.IsNaN(v) {
				s.f(`<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s — %s: %s</title></circle>`, x(i), a.y(v), color, esc(se.Name), esc(l.Labels[i]), se.num(v))
			}
		}
	}
	h := a.bottom + s.xLabels(l.Labels, x, a.bottom)
	target := ""
	if len(l.Target) > 0 {
		target = l.targetName()
	}
	return h + s.legend(legendOf(l.Series, target), h) + 8
}

func (l Line) targetName() string {
	if l.TargetName != "" {
		return l.TargetName
	}
	return "Mục tiêu"
}

// path draws connected segments, breaking at NaN values.
func (s *svg) path(vals []float64, x func(int) float64, y func(float64) float64, attrs string) {
	var d strings.Builder
	pen := false
	for i, v := range vals {
		if math.IsNaN(v) {
			pen = false
			continue
		}
		cmd := "L"
		if !pen {
			cmd = "M"
		}
		fmt.Fprintf(&d, "%s%.1f %.1f ", cmd, x(i), y(v))
		pen = true
	}
	if d.Len() > 0 {
		s.f(`<path d="%s" %s/>`, strings.TrimSpace(d.String()), attrs)
	}
}
