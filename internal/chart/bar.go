package chart

import (
	"html/template"
	"math"
)

// Bar is a bar chart: vertical by default, horizontal for long labels such as
// unit rankings; grouped, or stacked when Stacked.
type Bar struct {
	Title      string
	Labels     []string
	Series     []Series
	Unit       string
	Horizontal bool
	Stacked    bool
}

// SVG draws the chart.
func (b Bar) SVG() template.HTML {
	if b.Horizontal {
		return b.horizontal()
	}
	s := &svg{}
	s.open(b.Title, width, height, summary(b.Labels, b.Series))
	top, step := niceMax(maxOf(b.Series, b.Stacked, nil))
	scale := s.yAxis(top, step, b.Unit)
	n := len(b.Labels)
	if n == 0 {
		s.f(`</svg>`)
		return template.HTML(s.b.String())
	}
	slot := (width - padL - padR) / float64(n)
	groups := len(b.Series)
	if b.Stacked || groups == 0 {
		groups = 1
	}
	barW := math.Min(slot*0.7/float64(groups), 48)
	for i := range b.Labels {
		base := padL + slot*float64(i) + (slot-barW*float64(groups))/2
		acc := 0.0
		for si, se := range b.Series {
			v := value(se, i)
			x := base + barW*float64(si)
			y0, y1 := scale(0), scale(v)
			if b.Stacked {
				x = base
				y0, y1 = scale(acc), scale(acc+v)
				acc += v
			}
			s.f(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s — %s: %s</title></rect>`,
				x, y1, barW, math.Max(y0-y1, 0), Palette[si%len(Palette)], esc(se.Name), esc(b.Labels[i]), se.num(v))
		}
	}
	s.xLabels(b.Labels, func(i int) float64 { return padL + slot*(float64(i)+0.5) })
	s.legend(b.Series, height-8, "")
	s.f(`</svg>`)
	return template.HTML(s.b.String())
}

func (b Bar) horizontal() template.HTML {
	const rowH, labelW = 22.0, 190.0
	h := padT + rowH*float64(len(b.Labels)) + 40
	s := &svg{}
	s.open(b.Title, width, h, summary(b.Labels, b.Series))
	top, _ := niceMax(maxOf(b.Series, b.Stacked, nil))
	plotW := width - labelW - padR - 50
	for i, l := range b.Labels {
		y := padT + rowH*float64(i)
		r := []rune(l)
		if len(r) > 30 {
			l = string(r[:29]) + "…"
		}
		s.f(`<text x="%.0f" y="%.1f" font-size="11" text-anchor="end" fill="#1b1f24">%s</text>`, labelW-6, y+rowH*0.65, esc(l))
		x := labelW
		groups := len(b.Series)
		if b.Stacked || groups == 0 {
			groups = 1
		}
		bh := (rowH - 6) / float64(groups)
		for si, se := range b.Series {
			v := value(se, i)
			w := v / top * plotW
			yy := y + 3 + bh*float64(si)
			if b.Stacked {
				yy = y + 3
			}
			s.f(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s — %s: %s</title></rect>`,
				x, yy, math.Max(w, 0), bh, Palette[si%len(Palette)], esc(se.Name), esc(b.Labels[i]), se.num(v))
			if b.Stacked {
				x += w
			} else {
				s.f(`<text x="%.1f" y="%.1f" font-size="10" fill="#1b1f24">%s</text>`, labelW+w+4, yy+bh*0.8, se.num(v)+unitSuffix(b.Unit))
			}
		}
	}
	s.legend(b.Series, h-10, "")
	s.f(`</svg>`)
	return template.HTML(s.b.String())
}

func unitSuffix(u string) string {
	if u == "%" {
		return "%"
	}
	return ""
}
