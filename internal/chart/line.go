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

// SVG draws the chart.
func (l Line) SVG() template.HTML {
	s := &svg{}
	sum := summary(l.Labels, l.Series)
	if len(l.Target) > 0 {
		sum += ". " + summary(l.Labels, []Series{{Name: l.targetName(), Values: l.Target}})
	}
	s.open(l.Title, width, height, sum)
	top, step := niceMax(maxOf(l.Series, false, l.Target))
	scale := s.yAxis(top, step, l.Unit)
	n := len(l.Labels)
	if n == 0 {
		s.f(`</svg>`)
		return template.HTML(s.b.String())
	}
	slot := (width - padL - padR) / float64(n)
	x := func(i int) float64 { return padL + slot*(float64(i)+0.5) }
	if len(l.Target) > 0 {
		s.path(l.Target, x, scale, `stroke="#C8102E" stroke-width="2" stroke-dasharray="6 4" fill="none"`)
	}
	for si, se := range l.Series {
		color := Palette[si%len(Palette)]
		s.path(se.Values, x, scale, fmt.Sprintf(`stroke="%s" stroke-width="2.5" fill="none"`, color))
		for i, v := range se.Values {
			if i < n && !math.IsNaN(v) {
				s.f(`<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s — %s: %s</title></circle>`, x(i), scale(v), color, esc(se.Name), esc(l.Labels[i]), se.num(v))
			}
		}
	}
	s.xLabels(l.Labels, x)
	extra := ""
	if len(l.Target) > 0 {
		extra = l.targetName()
	}
	s.legend(l.Series, height-8, extra)
	s.f(`</svg>`)
	return template.HTML(s.b.String())
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
