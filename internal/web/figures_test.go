package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"khcn/internal/app"
	"khcn/internal/demo"
	"khcn/internal/i18n"
	"khcn/internal/locale"
	"khcn/internal/programme"
	"khcn/internal/store"
	"khcn/internal/webtest"
)

// Every percentage and status the demo's dashboards, unit pages and
// consolidated report print is recomputed here from the numbers printed
// beside it (value, target, and the baseline when one is printed), with the
// rule the pages state: achieved when the value meets its target in the
// indicator's direction; otherwise value ÷ target (lower is better: target
// ÷ value), or from the printed baseline (value − baseline) ÷ (target −
// baseline), at least 0%; one decimal. The formula is written out here, not
// borrowed from the code under test.
func TestShownFiguresAddUp(t *testing.T) {
	webtest.Each(t, webtest.Options{Steps: demo.ProgrammeSteps()}, func(t *testing.T, e *webtest.Env) {
		c := e.Login("chuyenvien")
		total := 0
		for _, progID := range []string{demo.Programme07, demo.Programme57} {
			fc := newFigureCheck(t, e, progID)
			base := "/programmes/" + progID
			views := fc.views(c.Get(base + "/dashboard").Body)
			var unitLinks []string
			for _, v := range views {
				for _, mode := range []string{"", "today"} {
					q := url.Values{"view": {v}, "mode": {mode}}
					first := c.Get(base + "/dashboard?" + q.Encode()).Body
					for _, area := range fc.areas(first) {
						q.Set("area", area)
						where := fmt.Sprintf("dashboard %s %s %s", v, mode, area)
						body := c.Get(base + "/dashboard?" + q.Encode()).Body
						if mode == "today" && strings.Contains(section(body, `<table class="matrix">`, "</table>"), `class="badge muted"`) {
							t.Errorf("%s: the matrix of today's units lists a former unit", where)
						}
						fc.overview(where, body)
						unitLinks = append(unitLinks, fc.matrix(where, body)...)
					}
				}
				for _, id := range fc.indicatorIDs() {
					where := "indicator " + fc.byID[id].Code + " " + v
					fc.indicatorPage(where, id, c.Get(base+"/indicators/"+id+"?"+url.Values{"view": {v}, "mode": {"today"}}.Encode()).Body)
				}
				fc.docx("report.docx "+v, c.Get(base+"/report.docx?view="+v).Body)
				fc.xlsx("report.xlsx "+v, c.Get(base+"/report.xlsx?view="+v).Body)
			}
			seen := map[string]bool{}
			pages := map[string]string{}
			page := func(l string) string {
				if b, ok := pages[l]; ok {
					return b
				}
				pages[l] = c.Get(l).Body
				return pages[l]
			}
			carried := 0
			for _, l := range append([]string{base + "/units/" + demo.MeLinh, base + "/units/hn-250"}, unitLinks...) {
				if !seen[l] && len(seen) < 40 {
					seen[l] = true
					fc.unitPage("unit page "+l, page(l))
					carried += fc.carried("unit page "+l, page(l), func(id string) string { return page(base + "/units/" + id) })
				}
			}
			if carried == 0 && progID == demo.Programme07 {
				t.Errorf("%s: no figure of today's units recomputed from its former units' pages", progID)
			}
			t.Logf("%s: %d figures recomputed", progID, fc.checked)
			total += fc.checked
		}
		if total < 5000 {
			t.Errorf("only %d figures recomputed; the parser no longer reads the pages", total)
		}
	})
}

type figureCheck struct {
	t       *testing.T
	byID    map[string]programme.Indicator
	byName  map[string]programme.Indicator
	byCode  map[string]programme.Indicator
	rule    programme.StatusRule
	checked int
}

func newFigureCheck(t *testing.T, e *webtest.Env, progID string) *figureCheck {
	ctx := context.Background()
	p, err := e.Store.Read().Programme(ctx, progID)
	if err != nil {
		t.Fatal(err)
	}
	inds, err := e.Store.Read().Indicators(ctx, progID)
	if err != nil {
		t.Fatal(err)
	}
	fc := &figureCheck{t: t, byID: map[string]programme.Indicator{}, byName: map[string]programme.Indicator{}, byCode: map[string]programme.Indicator{},
		rule: programme.StatusRule{OnTrack: p.OnTrackPct, AtRisk: p.AtRiskPct}}
	for _, i := range inds {
		fc.byID[i.ID], fc.byName[i.Name], fc.byCode[i.Code] = i, i, i
	}
	return fc
}

// The views of the 07 programme are many: a half year, a year, the second
// half of 2025 and the 2025 year made of its halves cover every case.
func (fc *figureCheck) views(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<option value="([^"]+)"`).FindAllStringSubmatch(section(body, `id="f-view"`, "</select>"), -1) {
		out = append(out, m[1])
	}
	if len(out) > 4 {
		keep := []string{}
		for _, v := range out {
			if strings.HasPrefix(v, "year-") {
				keep = append(keep, v)
			}
		}
		keep = append(keep, out[len(out)-2], out[len(out)-3], out[len(out)-4], out[len(out)-5])
		out = keep
	}
	return out
}

func (fc *figureCheck) areas(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`[?&amp;]area=([^"&]+)`).FindAllStringSubmatch(section(body, `class="area-tabs"`, "</nav>"), -1) {
		a, _ := url.QueryUnescape(html.UnescapeString(m[1]))
		out = append(out, a)
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

func (fc *figureCheck) indicatorIDs() []string {
	var out []string
	for id, i := range fc.byID {
		if i.Type.Numeric() {
			out = append(out, id)
		}
	}
	return out
}

// section is the part of body from the first from to the next to.
func section(body, from, to string) string {
	i := strings.Index(body, from)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest, to); j >= 0 {
		return rest[:j]
	}
	return rest
}

var (
	rowRe    = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	cellRe   = regexp.MustCompile(`(?s)<t([dh])([^>]*)>(.*?)</t[dh]>`)
	tagRe    = regexp.MustCompile(`<[^>]+>`)
	statusRe = regexp.MustCompile(`st-([a-z_]+)`)
	// "61,8%", optionally "từ mức cơ sở 54,5" after it.
	pctRe     = regexp.MustCompile(`(-?[\d.]+(?:,\d+)?)%(?: từ mức cơ sở (.+))?$`)
	hrefIndRe = regexp.MustCompile(`/indicators/([^"?]+)`)
	// A matrix cell's title: "Có nguy cơ: 78,9% của chỉ tiêu 100, từ mức cơ sở 60".
	titleRe = regexp.MustCompile(`: (-?[\d.]+(?:,\d+)?)% (?:của chỉ tiêu|so với kế hoạch) (.+?)(?:, từ mức cơ sở (.+))?$`)
)

func text(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagRe.ReplaceAllString(s, " "))), " ")
}

type cell struct{ attrs, inner string }

func cells(row string) []cell {
	var out []cell
	for _, m := range cellRe.FindAllStringSubmatch(row, -1) {
		out = append(out, cell{m[2], m[3]})
	}
	return out
}

// shown is one printed figure: the numbers as printed.
type shown struct {
	where               string
	ind                 programme.Indicator
	value, target, base string // base "" when no baseline is printed
	pct                 string // "" when no percentage is printed
	status              string // a status key, "" when none is printed
}

// number reads a printed figure ("≈ 1.204,673", "Có"); ok is false for
// what is not one value ("2/3 đơn vị có", "—").
func number(s string) (float64, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "≈"))
	switch s {
	case "Có":
		return 1, true
	case "Không":
		return 0, true
	case "", "—":
		return 0, false
	}
	f, err := locale.ParseNumber(s)
	return f, err == nil
}

// check recomputes a printed percentage and status from the printed
// numbers beside it.
func (fc *figureCheck) check(f shown) {
	fc.t.Helper()
	v, okV := number(f.value)
	tg, okT := number(f.target)
	if !okV || !okT {
		if f.pct != "" && f.pct != "—" {
			fc.t.Errorf("%s: %s shows %s%% without a value and target beside it (%q, %q)", f.where, f.ind.Code, f.pct, f.value, f.target)
		}
		if f.status != "" && f.status != string(programme.NoTarget) {
			fc.t.Errorf("%s: %s is %s without a value and target beside it", f.where, f.ind.Code, f.status)
		}
		return
	}
	fc.checked++
	down := f.ind.Direction == programme.Down
	met := v >= tg
	if down {
		met = v <= tg
	}
	var pct float64
	switch b, okB := number(f.base); {
	case f.ind.Type == programme.YesNo:
		pct = map[bool]float64{true: 100, false: 0}[met]
	case okB && down:
		pct = math.Max(0, (b-v)/(b-tg)*100)
	case okB:
		pct = math.Max(0, (v-b)/(tg-b)*100)
	case down && v <= 0, !down && tg <= 0:
		pct = map[bool]float64{true: 100, false: 0}[met]
	case down:
		pct = tg / v * 100
	default:
		pct = v / tg * 100
	}
	pct = math.Round(pct*10) / 10
	want := locale.Decimal(pct, 1)
	if f.pct != "" && f.pct != want {
		fc.t.Errorf("%s: %s %s against %s%s shows %s%%; the printed numbers give %s%%", f.where, f.ind.Code, f.value, f.target, baseNote(f.base), f.pct, want)
	}
	status := programme.Achieved
	switch {
	case met:
	case pct >= fc.rule.OnTrack:
		status = programme.OnTrack
	case pct >= fc.rule.AtRisk:
		status = programme.AtRisk
	default:
		status = programme.OffTrack
	}
	if f.status != "" && f.status != string(status) {
		fc.t.Errorf("%s: %s %s against %s%s is shown %s; the printed numbers make it %s", f.where, f.ind.Code, f.value, f.target, baseNote(f.base), f.status, status)
	}
}

func baseNote(b string) string {
	if b == "" {
		return ""
	}
	return " from " + b
}

// pctCell reads "61,8% từ mức cơ sở 54,5" out of a cell.
func pctCell(s string) (pct, base string) {
	m := pctRe.FindStringSubmatch(text(s))
	if m == nil {
		return "", ""
	}
	return m[1], strings.TrimSpace(m[2])
}

// overview reads the "all indicators" table and the progress chart beside
// its own table: both must print the same percentages.
func (fc *figureCheck) overview(where, body string) {
	fc.t.Helper()
	pcts := map[string]string{}
	for _, row := range rowRe.FindAllStringSubmatch(section(body, `class="list progress"`, "</table>"), -1) {
		cs := cells(row[1])
		if len(cs) < 5 {
			continue
		}
		m := hrefIndRe.FindStringSubmatch(cs[0].inner)
		if m == nil {
			continue
		}
		ind := fc.byID[m[1]]
		pct, base := pctCell(cs[3].inner)
		st := statusRe.FindStringSubmatch(cs[4].inner)
		f := shown{where: where + " (all indicators)", ind: ind, value: text(cs[1].inner), target: text(cs[2].inner), base: base, pct: pct}
		if st != nil {
			f.status = st[1]
		}
		pcts[ind.Name] = pct
		fc.check(f)
	}
	// The chart draws what its table prints.
	chartTable := section(section(body, `id="prog-h"`, `class="scroll"`), "<table", "</table>")
	for _, row := range rowRe.FindAllStringSubmatch(chartTable, -1) {
		cs := cells(row[1])
		if len(cs) != 2 {
			continue
		}
		name := text(cs[0].inner)
		pct, _ := pctCell(cs[1].inner)
		if pct != pcts[name] {
			fc.t.Errorf("%s: %s is %s%% in the chart's table, %s%% in the table of all indicators", where, name, pct, pcts[name])
		}
	}
	svg := section(section(body, `id="prog-h"`, "</figure>"), "<svg", "</svg>")
	for _, m := range regexp.MustCompile(`<title>[^<]* — ([^<]*): ([^<]*)</title>`).FindAllStringSubmatch(svg, -1) {
		name, v := html.UnescapeString(m[1]), m[2]
		if p, ok := pcts[name]; ok && p != "" && v != p {
			fc.t.Errorf("%s: the progress chart draws %s at %s, its table prints %s%%", where, name, v, p)
		}
	}
}

// matrix reads the unit × indicator matrix (status colour, value, and the
// percentage in each cell's title) and the row scores, and returns the
// units' page links.
func (fc *figureCheck) matrix(where, body string) []string {
	fc.t.Helper()
	table := section(body, `<table class="matrix">`, "</table>")
	var cols []programme.Indicator
	var links []string
	scores := map[string]string{}
	for _, row := range rowRe.FindAllStringSubmatch(table, -1) {
		cs := cells(row[1])
		if strings.Contains(row[1], `scope="col"`) {
			for _, c := range cs {
				if m := hrefIndRe.FindStringSubmatch(c.inner); m != nil {
					cols = append(cols, fc.byID[m[1]])
				}
			}
			continue
		}
		if len(cs) != len(cols)+2 {
			continue
		}
		if m := regexp.MustCompile(`href="([^"]+/units/[^"]+)"`).FindStringSubmatch(cs[0].inner); m != nil {
			links = append(links, html.UnescapeString(m[1]))
		}
		unit := text(cs[0].inner)
		var capped []float64
		for j, ind := range cols {
			c := cs[j+1]
			inner := c.inner
			if k := strings.Index(inner, `<span class="sr-only">`); k >= 0 {
				inner = inner[:k]
			}
			title := html.UnescapeString(regexp.MustCompile(`title="([^"]*)"`).FindStringSubmatch(c.attrs)[1])
			f := shown{where: where + " (matrix, " + unit + ")", ind: ind, value: text(inner), status: statusRe.FindStringSubmatch(c.attrs)[1]}
			if m := titleRe.FindStringSubmatch(title); m != nil {
				f.pct, f.target, f.base = m[1], m[2], m[3]
				if p, ok := number(m[1]); ok {
					capped = append(capped, math.Min(p, 100))
				}
			} else {
				f.target = "—"
			}
			fc.check(f)
		}
		score := text(cs[len(cs)-1].inner)
		scores[unit] = score
		if len(capped) > 0 {
			sum := 0.0
			for _, p := range capped {
				sum += p
			}
			if want := locale.Percent(math.Round(sum/float64(len(capped))*10) / 10); score != want {
				fc.t.Errorf("%s: %s scores %s, the mean of its printed percentages (each up to 100%%) is %s", where, unit, score, want)
			}
		}
	}
	// The ranking prints the same scores, best first.
	prev := math.Inf(1)
	for _, row := range rowRe.FindAllStringSubmatch(section(body, `id="rk-h"`, "</section>"), -1) {
		cs := cells(row[1])
		if len(cs) != 4 || strings.Contains(row[1], "<th") {
			continue
		}
		unit, score := text(cs[1].inner), text(cs[2].inner)
		if s, ok := scores[unit]; ok && s != score {
			fc.t.Errorf("%s: %s scores %s in the ranking, %s in the matrix", where, unit, score, s)
		}
		if p, ok := number(strings.TrimSuffix(score, "%")); ok {
			if p > prev {
				fc.t.Errorf("%s: the ranking puts %s (%s) after a lower score", where, unit, score)
			}
			prev = p
		}
	}
	return links
}

// indicatorPage reads the trend table and the units' table of one
// indicator.
func (fc *figureCheck) indicatorPage(where, id, body string) {
	fc.t.Helper()
	ind := fc.byID[id]
	for _, part := range []struct {
		from string
		at   int // first figure column
	}{{`id="tr-h"`, 1}, {`id="ru-h"`, 2}} {
		for _, row := range rowRe.FindAllStringSubmatch(section(body, part.from, "</section>"), -1) {
			cs := cells(row[1])
			if len(cs) != part.at+4 || strings.Contains(row[1], "<th") {
				continue
			}
			pct, base := pctCell(cs[part.at+2].inner)
			f := shown{where: where + " " + text(cs[part.at-1].inner), ind: ind, value: text(cs[part.at].inner), target: text(cs[part.at+1].inner), pct: pct, base: base}
			if st := statusRe.FindStringSubmatch(cs[part.at+3].inner); st != nil {
				f.status = st[1]
			}
			fc.check(f)
		}
	}
}

// unitPage reads a unit's values over the periods: each coloured cell
// prints value / target and the percentage.
func (fc *figureCheck) unitPage(where, body string) {
	fc.t.Helper()
	table := section(body, `<table class="matrix">`, "</table>")
	var cols []programme.Indicator
	for _, row := range rowRe.FindAllStringSubmatch(table, -1) {
		cs := cells(row[1])
		if strings.Contains(row[1], `scope="col"`) {
			for _, c := range cs[1:] {
				name := c.inner
				if k := strings.Index(name, "<small>"); k >= 0 {
					name = name[:k]
				}
				ind, ok := fc.byName[text(name)]
				if !ok {
					fc.t.Fatalf("%s: no indicator named %q", where, text(name))
				}
				cols = append(cols, ind)
			}
			continue
		}
		if len(cs) != len(cols)+1 {
			continue
		}
		period := text(cs[0].inner)
		for j, ind := range cols {
			c := cs[j+1]
			inner := c.inner
			if k := strings.Index(inner, `<span class="sr-only">`); k >= 0 {
				inner = inner[:k] + "</small>"
			}
			value, rest, _ := strings.Cut(inner, "<br>")
			f := shown{where: where + " " + period, ind: ind, value: text(value), target: "—"}
			if st := statusRe.FindStringSubmatch(c.attrs); st != nil {
				f.status = st[1]
			}
			if rest != "" {
				r := text(rest)
				r = strings.TrimPrefix(r, "/ ")
				target, after, _ := strings.Cut(r, " · ")
				f.target = target
				f.pct, f.base = pctCell(after)
			}
			fc.check(f)
		}
	}
}

var (
	docBlockRe = regexp.MustCompile(`(?s)<w:tbl>.*?</w:tbl>|<w:p[ >].*?</w:p>`)
	docTextRe  = regexp.MustCompile(`(?s)<w:t[^>]*>(.*?)</w:t>`)
	docRowRe   = regexp.MustCompile(`(?s)<w:tr[ >].*?</w:tr>`)
	docCellRe  = regexp.MustCompile(`(?s)<w:tc>.*?</w:tc>`)
	// "Name: 489 (mô hình), kế hoạch 420, đạt 127,8% từ mức cơ sở 172 (đạt)."
	resultRe = regexp.MustCompile(`^- (.+?): (.+?)(?: \([^()]*\))?, kế hoạch (.+?), (?:mới )?đạt (-?[\d.,]+)%(?: từ mức cơ sở (.+?))? \(([^()]+)\)\.$`)
	headRe   = regexp.MustCompile(`^\d+\. (.+?)(?: \([^()]*\))?$`)
)

func docText(x string) string {
	var b strings.Builder
	for _, m := range docTextRe.FindAllStringSubmatch(x, -1) {
		b.WriteString(html.UnescapeString(m[1]))
	}
	return b.String()
}

// docx reads the consolidated report: the results in sections II and III
// and the appendix tables by unit.
func (fc *figureCheck) docx(where, data string) {
	fc.t.Helper()
	z, err := zip.NewReader(bytes.NewReader([]byte(data)), int64(len(data)))
	if err != nil {
		fc.t.Fatalf("%s: %v", where, err)
	}
	var x string
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			x = string(b)
		}
	}
	if !strings.Contains(docText(x), "chia cho các đơn vị kế thừa theo số xã cũ mỗi đơn vị nhận") {
		fc.t.Errorf("%s: the notes do not say how figures of former units are shared", where)
	}
	statusOf := map[string]string{}
	for _, s := range programme.Statuses {
		statusOf[strings.ToLower(i18n.T(i18n.VI, "status."+string(s)))] = string(s)
	}
	var current programme.Indicator
	appendix := false
	for _, blk := range docBlockRe.FindAllString(x, -1) {
		if !strings.HasPrefix(blk, "<w:tbl>") {
			p := docText(blk)
			if strings.HasPrefix(p, "PHỤ LỤC") {
				appendix = true
			}
			if m := headRe.FindStringSubmatch(p); appendix && m != nil {
				current = fc.byName[m[1]]
				if current.ID == "" {
					current = fc.byName[strings.SplitN(p, ". ", 2)[1]]
				}
			}
			if appendix || !regexp.MustCompile(`\d%`).MatchString(p) || !strings.HasPrefix(p, "- ") {
				continue
			}
			m := resultRe.FindStringSubmatch(p)
			if m == nil {
				fc.t.Errorf("%s: a percentage without its value and target beside it: %q", where, p)
				continue
			}
			ind, ok := fc.byName[m[1]]
			if !ok {
				continue // a unit's own words quoted
			}
			fc.check(shown{where: where, ind: ind, value: m[2], target: m[3], pct: m[4], base: m[5], status: statusOf[m[6]]})
			continue
		}
		var header []string
		for _, row := range docRowRe.FindAllString(blk, -1) {
			var cs []string
			for _, c := range docCellRe.FindAllString(row, -1) {
				cs = append(cs, strings.TrimSpace(docText(c)))
			}
			if header == nil {
				header = cs
				continue
			}
			col := func(name string) string {
				for i, h := range header {
					if h == name && i < len(cs) {
						return cs[i]
					}
				}
				return ""
			}
			pct := strings.TrimSuffix(col("% kế hoạch"), "%")
			fc.check(shown{where: where + " appendix " + current.Code + " " + col("Đơn vị"), ind: current, value: col("Thực hiện"), target: col("Kế hoạch"), base: col("Mức cơ sở"), pct: pct})
		}
	}
}

// xlsx reads both sheets of the consolidated workbook: the cells hold the
// numbers as the document prints them.
func (fc *figureCheck) xlsx(where, data string) {
	fc.t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(data))
	if err != nil {
		fc.t.Fatalf("%s: %v", where, err)
	}
	statusOf := map[string]string{}
	for _, s := range programme.Statuses {
		statusOf[i18n.T(i18n.VI, "status."+string(s))] = string(s)
	}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			fc.t.Fatal(err)
		}
		var header []string
		for _, r := range rows {
			if header == nil {
				for _, c := range r {
					if c == "Kế hoạch" {
						header = r
					}
				}
				continue
			}
			col := func(prefix string) string {
				for i, h := range header {
					if strings.HasPrefix(h, prefix) && i < len(r) {
						return r[i]
					}
				}
				return ""
			}
			ind, ok := fc.byCode[col("Mã")]
			if !ok {
				continue
			}
			num := func(s string) string {
				if s == "" {
					return ""
				}
				v, err := strconv.ParseFloat(s, 64)
				if err != nil {
					return s
				}
				return locale.Decimal(v, 6)
			}
			pct := ""
			if p := col("% kế hoạch"); p != "" {
				v, _ := strconv.ParseFloat(p, 64)
				pct = locale.Decimal(v*100, 6)
			}
			value, target := num(col("Thực hiện")), num(col("Kế hoạch"))
			if value == "" {
				value = "—"
			}
			if target == "" {
				target = "—"
			}
			fc.check(shown{where: where + " " + sheet + " " + ind.Code + " " + col("Đơn vị"), ind: ind, value: value, target: target,
				base: num(col("Mức cơ sở")), pct: pct, status: statusOf[col("Đánh giá")]})
		}
	}
}

// A typing slip (ten times the previous period) cannot be sent without a
// comment; the message is printed once; and once explained, the value
// cannot rank its unit first at some huge percentage.
func TestSoftCheckCatchesTypingSlip(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.ProgrammeSteps()})
	ctx := context.Background()
	y2027 := programme.NewPeriod(programme.Year, 2027, 4)
	y2027.ProgrammeID = demo.Programme57
	id, err := e.App.SavePeriod(ctx, app.System(), y2027)
	if err != nil {
		t.Fatal(err)
	}
	prevPage := e.Login("canbo.melinh").Get("/reports/" + periodID(t, e, demo.Programme57, "2026") + "/" + demo.MeLinh).Body
	prev := regexp.MustCompile(`name="v\.C_TASKS" value="([^"]+)"`).FindStringSubmatch(prevPage)
	if prev == nil {
		t.Fatal("no 2026 value of C_TASKS")
	}
	day := time.Date(2027, 12, 1, 10, 0, 0, 0, locale.Zone)
	e.App.Now = func() time.Time { return day }
	n, _ := locale.ParseNumber(prev[1])
	slip := locale.Decimal(n*10, 0)
	c := e.Login("canbo.melinh")
	path := "/reports/" + id + "/" + demo.MeLinh
	save := func(comment string) {
		t.Helper()
		version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(c.Get(path).Body)[1]
		if r := c.PostForm(path, url.Values{"version": {version}, "v.C_ONLINE": {"90"}, "v.C_SKILLS": {"900"}, "v.C_TASKS": {slip}, "v.C_TASKS.c": {comment},
			"v.C_PLAN": {"Có"}}); r.Status != 303 {
			t.Fatalf("save: %d", r.Status)
		}
	}
	step := func() webtest.Response {
		version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(c.Get(path).Body)[1]
		return c.PostForm(path+"/step", url.Values{"version": {version}, "step": {"submit"}})
	}
	save("")
	r := step()
	if r.Status != 422 {
		t.Fatalf("%s → %s sent without a comment: %d", prev[1], slip, r.Status)
	}
	msg := "thay đổi +900% so với kỳ trước"
	// The error summary at the top lists every problem once more, as a
	// link to its field; beside the field the message appears once.
	beside := summaryRE.ReplaceAllString(r.Body, "")
	if !strings.Contains(html.UnescapeString(summaryRE.FindString(r.Body)), msg) {
		t.Errorf("the error summary does not list the check's message")
	}
	if got := strings.Count(html.UnescapeString(beside), msg); got != 1 {
		t.Errorf("the check's message is printed %d times beside its field, want once", got)
	}
	save("Đếm lại cả các mô hình của thôn")
	if r := step(); r.Status != 303 {
		t.Fatalf("explained change refused: %d", r.Status)
	}
	// Sent to the Sở, the value is far beyond its target: ranked by
	// progress capped at 100%, and the page says so.
	lead := e.Login("lanhdao.melinh")
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(lead.Get(path).Body)[1]
	if r := lead.PostForm(path+"/step", url.Values{"version": {version}, "step": {"approve"}}); r.Status != 303 {
		t.Fatalf("approve: %d", r.Status)
	}
	inds, _ := e.Store.Read().Indicators(ctx, demo.Programme57)
	tasks := ""
	for _, i := range inds {
		if i.Code == "C_TASKS" {
			tasks = i.ID
		}
	}
	if err := e.Store.Tx(ctx, func(q store.Q) error {
		return q.SaveTargets(ctx, []store.TargetRow{{Target: programme.Target{PeriodID: id, UnitID: demo.MeLinh, IndicatorID: tasks, Target: programme.NumValue(n)}, Type: programme.Number},
			{Target: programme.Target{PeriodID: id, UnitID: demo.SocSon, IndicatorID: tasks, Target: programme.NumValue(1)}, Type: programme.Number}}, "", day)
	}); err != nil {
		t.Fatal(err)
	}
	d, err := e.App.IndicatorDashboard(ctx, progActorWeb(t, e, "chuyenvien"), app.DashQuery{ProgrammeID: demo.Programme57, ViewID: id, IndicatorID: tasks})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range d.Ranking {
		if row.Unit.ID == demo.MeLinh && (row.Score != 100 || row.Figures[0].Pct != 1000) {
			t.Errorf("xã Mê Linh at %v%% scores %v, want its true percentage shown and 100 ranked", row.Figures[0].Pct, row.Score)
		}
	}
	if body := c.Get("/programmes/" + demo.Programme57 + "/indicators/" + tasks + "?view=" + id).Body; !strings.Contains(body, "tính tối đa 100%") || strings.Contains(body, "999%") {
		t.Error("the indicator page does not say its ranking is capped")
	}
}

func progActorWeb(t *testing.T, e *webtest.Env, login string) app.Actor {
	t.Helper()
	ctx := context.Background()
	id, err := e.Store.Read().UserIDByLogin(ctx, login)
	if err != nil {
		t.Fatal(err)
	}
	u, err := e.Store.Read().User(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return app.Actor{User: &u}
}

// The report form names each column once and shows the indicator's name
// first, its internal code last.
func TestReportFormColumns(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.ProgrammeSteps()})
	body := e.Login("canbo.melinh").Get("/reports/" + periodID(t, e, demo.Programme57, "2026") + "/" + demo.MeLinh).Body
	head := section(section(body, `class="list entry"`, "</thead>"), "<thead>", "</thead>")
	seen := map[string]bool{}
	for _, c := range cells(head) {
		h := text(c.inner)
		if seen[h] {
			t.Errorf("two columns headed %q", h)
		}
		seen[h] = true
	}
	row := text(section(section(body, `class="list entry"`, "</table>"), "<tbody>", "</tr>"))
	if name, code := strings.Index(row, "Tỷ lệ thủ tục hành chính"), strings.Index(row, "C_ONLINE"); name < 0 || code < name {
		t.Errorf("the indicator's code comes before its name (%d, %d)", code, name)
	}
}

var (
	// "≈ từ Huyện Mê Linh, phần ước theo số xã cũ: 2,42/17 (= 29/204)",
	// "≈ từ X, chia đều 1/7", "≈ từ X, phần 1/3 theo danh sách kế thừa",
	// "từ X, toàn bộ".
	originRe      = regexp.MustCompile(`^≈ từ (.+?), (?:phần ước theo số xã cũ: ([\d.,]+)/(\d+) \(= (\d+)/(\d+)\)|chia đều (\d+)/(\d+)|phần (\d+)/(\d+) theo danh sách kế thừa)$`)
	wholeOriginRe = regexp.MustCompile(`^từ (.+?), toàn bộ$`)
	reportLinkRe  = regexp.MustCompile(`<a href="/reports/[^/"]+/([^"]+)">([^<]+)</a>`)
	yearRe        = regexp.MustCompile(`\d{4}`)
)

// unitValues reads a unit page's table: period → indicator ID → the value
// as printed.
func (fc *figureCheck) unitValues(body string) map[string]map[string]string {
	out := map[string]map[string]string{}
	var cols []programme.Indicator
	for _, row := range rowRe.FindAllStringSubmatch(section(body, `<table class="matrix">`, "</table>"), -1) {
		cs := cells(row[1])
		if strings.Contains(row[1], `scope="col"`) {
			for _, c := range cs[1:] {
				name, _, _ := strings.Cut(c.inner, "<small>")
				cols = append(cols, fc.byName[text(name)])
			}
			continue
		}
		if len(cs) != len(cols)+1 {
			continue
		}
		vals := map[string]string{}
		for j, ind := range cols {
			v, _, _ := strings.Cut(cs[j+1].inner, "<br>")
			vals[ind.ID] = text(v)
		}
		out[text(cs[0].inner)] = vals
	}
	return out
}

// carried recomputes the figures a unit of today carries from its former
// units, with the parts its note prints ("phần ước theo số xã cũ: 2,42/17
// (= 29/204)"): each part in former communes over the communes counted is
// the fraction printed; an amount is the former units' values times their
// parts, a count of things the same within the one its whole-number split
// may add, a rate or an average the former units' values weighed by their
// parts, a maximum their largest. Only periods in years the unit did not
// report itself are compared. It returns how many figures it recomputed.
func (fc *figureCheck) carried(where, body string, page func(unitID string) string) int {
	fc.t.Helper()
	ids := map[string]string{} // unit name → ID, from the reports' links
	own := map[string]bool{}   // years the unit reported itself
	for _, row := range rowRe.FindAllStringSubmatch(section(body, `<table class="list">`, "</table>"), -1) {
		if m := reportLinkRe.FindStringSubmatch(row[1]); m != nil {
			ids[html.UnescapeString(m[2])] = m[1]
			if !strings.Contains(row[1], "badge muted") {
				for _, y := range yearRe.FindAllString(text(row[1]), -1) {
					own[y] = true
				}
			}
		}
	}
	type origin struct {
		name string
		w    float64
	}
	var origins []origin
	for _, li := range regexp.MustCompile(`(?s)<li>(.*?)</li>`).FindAllStringSubmatch(section(body, `<ul class="origins">`, "</ul>"), -1) {
		t := text(li[1])
		if m := wholeOriginRe.FindStringSubmatch(t); m != nil {
			origins = append(origins, origin{m[1], 1})
			continue
		}
		m := originRe.FindStringSubmatch(t)
		if m == nil {
			fc.t.Errorf("%s: origin note %q says no basis", where, t)
			continue
		}
		frac := func(a, b string) float64 {
			x, _ := strconv.Atoi(a)
			y, _ := strconv.Atoi(b)
			return float64(x) / float64(y)
		}
		var w float64
		switch {
		case m[2] != "":
			w = frac(m[4], m[5])
			n, _ := locale.ParseNumber(m[2])
			of, _ := strconv.Atoi(m[3])
			if math.Abs(n-w*float64(of)) > 0.005+1e-9 {
				fc.t.Errorf("%s: %q: %s of %d former communes is not %s/%s", where, t, m[2], of, m[4], m[5])
			}
			fc.checked++
		case m[6] != "":
			w = frac(m[6], m[7])
		default:
			w = frac(m[8], m[9])
		}
		origins = append(origins, origin{m[1], w})
	}
	if len(origins) == 0 {
		return 0
	}
	mine := fc.unitValues(body)
	from := make([]map[string]map[string]string, len(origins))
	for i, o := range origins {
		id, ok := ids[o.name]
		if !ok {
			return 0 // a former unit without a report link: nothing to read it from
		}
		from[i] = fc.unitValues(page(id))
	}
	n := 0
	for period, vals := range mine {
		if slices.ContainsFunc(yearRe.FindAllString(period, -1), func(y string) bool { return own[y] }) {
			continue
		}
		for indID, shownV := range vals {
			ind := fc.byID[indID]
			got, ok := number(shownV)
			if !ok || ind.Computed() {
				continue
			}
			var sum, wsum, best float64
			best = math.Inf(-1)
			complete := true
			for i, o := range origins {
				v, ok := number(from[i][period][indID])
				if !ok {
					complete = false
					break
				}
				sum += v * o.w
				wsum += o.w
				best = math.Max(best, v)
			}
			if !complete {
				continue
			}
			want, tol := sum, 0.5*math.Pow10(-programme.Decimals(ind.Type))*(1+wsum)+1e-9
			switch {
			case ind.Type == programme.YesNo:
				if len(origins) > 1 {
					continue
				}
				want = sum / wsum
			case ind.Aggregation == programme.Avg:
				want = sum / wsum
			case ind.Aggregation == programme.Max:
				want = best
			case ind.Whole:
				// each former unit's count is cut into whole numbers that
				// add up to it: each part within 1 of its exact share
				tol = float64(len(origins)) + 1e-9
			}
			if math.Abs(got-want) > tol {
				fc.t.Errorf("%s %s %s: shows %s, its %d former units' figures and parts give %v", where, period, ind.Code, shownV, len(origins), want)
			}
			n++
			fc.checked++
		}
	}
	return n
}
