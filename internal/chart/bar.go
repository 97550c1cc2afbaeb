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

// SVG draws the chart, wide and narrow.
func (b Bar) SVG() template.HTML {
	return template.HTML(both(b.Title, summary(b.Labels, b.Series), func(s *svg, top float64) float64 {
		if b.Horizontal {
			return b.horizontal(s, top)
		}
		return b.vertical(s, top)
	}))
}

// groups is how many bars stand side by side in one slot.
func (b Bar) groups() int {
	if b.Stacked || len(b.Series) == 0 {
		return 1
	}
	return len(b.Series)
}

func (b Bar) vertical(s *svg, top float64) float64 {
	a := s.yAxis(maxOf(b.Series, b.Stacked, nil), b.Unit, top)
	n := len(b.Labels)
	if n == 0 {
		return a.bottom + 8
	}
	slot := (s.l.w - a.left - s.l.padR) / float64(n)
	groups := b.groups()
	barW := math.Min(slot*0.7/float64(groups), 48)
	for i := range b.Labels {
		base := a.left + slot*float64(i) + (slot-barW*float64(groups))/2
		acc := 0.0
		for si, se := range b.Series {
			v := value(se, i)
			x := base + barW*float64(si)
			y0, y1 := a.y(0), a.y(v)
			if b.Stacked {
				x = base
				y0, y1 = a.y(acc), a.y(acc+v)
				acc += v
			}
			s.f(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s — %s: %s</title></rect>`,
				x, y1, barW, math.Max(y0-y1, 0), Palette[si%len(Palette)], esc(se.Name), esc(b.Labels[i]), se.num(v))
		}
	}
	h := a.bottom + s.xLabels(b.Labels, func(i int) float64 { return a.left + slot*(float64(i)+0.5) }, a.bottom)
	return h + s.legend(legendOf(b.Series, ""), h) + 8
}

// horizontal draws one row per label: in the wide layout the label stands
// left of its bars, in the narrow one above them, across the whole width.
func (b Bar) horizontal(s *svg, top float64) float64 {
	l := s.l
	size := l.text
	hi, _ := niceMax(maxOf(b.Series, b.Stacked, nil))
	valW := 0.0
	if !b.Stacked {
		for _, se := range b.Series {
			for i := range b.Labels {
				valW = math.Max(valW, textW(num(value(se, i))+unitSuffix(b.Unit), size))
			}
		}
		valW += 6
	}
	groups := b.groups()
	bh := 16.0
	if groups > 1 {
		bh = 14
	}
	left, rowH, chars := l.barLabelW, math.Max(bh*float64(groups)+8, size*1.8), int((l.barLabelW-12)/(size*charW))
	if left == 0 {
		left, rowH, chars = 8, size*1.5+bh*float64(groups)+10, int((l.w-16)/(size*charW))
	}
	plotW := l.w - left - l.padR - valW
	y := top
	for i, lb := range b.Labels {
		barTop := y + (rowH-bh*float64(groups))/2
		if l.barLabelW > 0 {
			s.f(`<text x="%.0f" y="%.1f" font-size="%.0f" text-anchor="end" fill="#1b1f24">%s</text>`, left-6, y+rowH/2+size/3, size, esc(cut(lb, chars)))
		} else {
			s.f(`<text x="8" y="%.1f" font-size="%.0f" fill="#1b1f24">%s</text>`, y+size, size, esc(cut(lb, chars)))
			barTop = y + size*1.5
		}
		x := left
		for si, se := range b.Series {
			v := value(se, i)
			w := v / hi * plotW
			yy := barTop + bh*float64(si)
			if b.Stacked {
				yy = barTop
			}
			s.f(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s — %s: %s</title></rect>`,
				x, yy, math.Max(w, 0), bh, Palette[si%len(Palette)], esc(se.Name), esc(b.Labels[i]), se.num(v))
			if b.Stacked {
				x += w
			} else {
				s.f(`<text x="%.1f" y="%.1f" font-size="%.0f" fill="#1b1f24">%s</text>`, left+math.Max(w, 0)+4, yy+bh/2+size/3, size, se.num(v)+unitSuffix(b.Unit))
			}
		}
		y += rowH
	}
	y += 4
	return y + s.legend(legendOf(b.Series, ""), y) + 8
}

func unitSuffix(u string) string {
	if u == "%" {
		return "%"
	}
	return ""
}
