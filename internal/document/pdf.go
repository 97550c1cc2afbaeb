package document

import (
	"bytes"
	"embed"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"
)

// Liberation Serif (SIL OFL, see fonts/LICENSE.txt) is embedded so PDFs look
// the same on a machine without any fonts installed.
//
//go:embed fonts/*.ttf
var fontFS embed.FS

const family = "Serif"

// pdfDoc wraps fpdf with the few layout operations a Decree 30 document needs.
// fpdf is archived upstream, so it stays behind this file only.
type pdfDoc struct {
	f       *fpdf.Fpdf
	left    float64
	width   float64
	bottomY float64
}

const ptToMM = 0.3528

func newPDF(landscape bool) (*pdfDoc, error) {
	orient := "P"
	if landscape {
		orient = "L"
	}
	f := fpdf.New(orient, "mm", "A4", "")
	for style, file := range map[string]string{"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"} {
		b, err := fontFS.ReadFile("fonts/LiberationSerif-" + file + ".ttf")
		if err != nil {
			return nil, err
		}
		f.AddUTF8FontFromBytes(family, style, b)
	}
	f.SetMargins(30, 20, 15)
	f.SetAutoPageBreak(false, 20)
	pw, ph := f.GetPageSize()
	d := &pdfDoc{f: f, left: 30, width: pw - 45, bottomY: ph - 20}
	f.SetHeaderFuncMode(func() {
		if f.PageNo() > 1 {
			f.SetFont(family, "", sizeHeader)
			f.SetXY(d.left, 10)
			f.CellFormat(d.width, 5, strconv.Itoa(f.PageNo()), "", 0, "C", false, 0, "")
			f.SetXY(d.left, 20)
		}
	}, true)
	f.AddPage()
	return d, nil
}

func styleOf(bold, italic bool) string {
	s := ""
	if bold {
		s += "B"
	}
	if italic {
		s += "I"
	}
	return s
}

func lineHeight(size int, spacing float64) float64 { return float64(size) * ptToMM * spacing }

// wrap breaks text into lines no wider than width (the first line narrower by
// indent), breaking only between syllables unless one is wider than a line.
func (d *pdfDoc) wrap(text string, width, indent float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		words := strings.Fields(para)
		line := ""
		limit := width - indent
		for _, w := range words {
			for d.f.GetStringWidth(w) > width {
				// A token wider than a whole line is cut by characters.
				cut := len([]rune(w))
				for cut > 1 && d.f.GetStringWidth(string([]rune(w)[:cut])) > limit {
					cut--
				}
				if line != "" {
					out = append(out, line)
					line, limit = "", width
				}
				out = append(out, string([]rune(w)[:cut]))
				limit = width
				w = string([]rune(w)[cut:])
			}
			try := w
			if line != "" {
				try = line + " " + w
			}
			if line != "" && d.f.GetStringWidth(try) > limit {
				out = append(out, line)
				line, limit = w, width
			} else {
				line = try
			}
		}
		out = append(out, line)
		indent = 0
	}
	return out
}

// need starts a new page unless h millimetres fit.
func (d *pdfDoc) need(h float64) {
	if d.f.GetY()+h > d.bottomY {
		d.f.AddPage()
	}
}

// text writes a block: align is "L", "C", "R" or "J" (justified with a
// first-line indent).
func (d *pdfDoc) text(x, width float64, s string, size int, bold, italic bool, align string, indent float64) {
	d.f.SetFont(family, styleOf(bold, italic), float64(size))
	lh := lineHeight(size, 1.25)
	lines := d.wrap(s, width, indent)
	for i, l := range lines {
		d.need(lh)
		y := d.f.GetY()
		lx, lw := x, width
		if i == 0 {
			lx, lw = x+indent, width-indent
		}
		switch {
		case align == "J" && i < len(lines)-1 && strings.Contains(l, " "):
			d.justify(lx, y, lw, l, lh)
		case align == "J":
			d.f.SetXY(lx, y)
			d.f.CellFormat(lw, lh, l, "", 0, "L", false, 0, "")
		default:
			d.f.SetXY(lx, y)
			d.f.CellFormat(lw, lh, l, "", 0, align, false, 0, "")
		}
		d.f.SetXY(x, y+lh)
	}
}

// justify spreads the words of one line over the full width.
func (d *pdfDoc) justify(x, y, width float64, line string, lh float64) {
	words := strings.Fields(line)
	total := 0.0
	for _, w := range words {
		total += d.f.GetStringWidth(w)
	}
	gap := (width - total) / float64(len(words)-1)
	cx := x
	for _, w := range words {
		d.f.SetXY(cx, y)
		ww := d.f.GetStringWidth(w)
		d.f.CellFormat(ww, lh, w, "", 0, "L", false, 0, "")
		cx += ww + gap
	}
}

func (d *pdfDoc) rule(x, width float64) {
	y := d.f.GetY() + 1.2
	d.f.SetLineWidth(0.3)
	d.f.Line(x, y, x+width, y)
	d.f.SetY(y + 2)
}

func (d *pdfDoc) space(mm float64) { d.f.SetY(d.f.GetY() + mm) }

// PDF renders the document as a PDF with the same layout as DOCX.
func PDF(doc Official) ([]byte, error) {
	d, err := newPDF(doc.Landscape)
	if err != nil {
		return nil, err
	}
	if doc.IsDraft() {
		d.text(d.left, d.width, Draft, sizeHeader, true, false, "R", 0)
		d.space(2)
	}
	if !doc.NoNationalHeader {
		d.nationalHeader(doc)
	}
	d.title(doc)
	d.body(doc)
	if doc.Counter != nil {
		d.bothSignatures(doc)
	} else if doc.Signature != (Signature{}) || len(doc.Recipients) > 0 {
		d.signature(doc)
	}
	var out bytes.Buffer
	if err := d.f.Output(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func (d *pdfDoc) nationalHeader(doc Official) {
	lw := d.width * 0.45
	rw := d.width - lw
	top := d.f.GetY()
	d.f.SetXY(d.left, top)
	if doc.ParentBody != "" {
		d.text(d.left, lw, strings.ToUpper(doc.ParentBody), sizeHeader, false, false, "C", 0)
	}
	d.text(d.left, lw, strings.ToUpper(doc.Issuer), sizeHeader, true, false, "C", 0)
	d.rule(d.left+lw*0.32, lw*0.36)
	if n := doc.number(); n != "" {
		d.text(d.left, lw, n, sizeHeader, false, false, "C", 0)
	}
	leftEnd := d.f.GetY()
	d.f.SetXY(d.left+lw, top)
	d.text(d.left+lw, rw, nationName, sizeNation, true, false, "C", 0)
	d.text(d.left+lw, rw, nationMotto, sizeBody, true, false, "C", 0)
	d.rule(d.left+lw+rw*0.2, rw*0.6)
	d.space(1)
	d.text(d.left+lw, rw, doc.placeDate(), sizeBody, false, true, "C", 0)
	if d.f.GetY() < leftEnd {
		d.f.SetY(leftEnd)
	}
	d.f.SetX(d.left)
}

func (d *pdfDoc) title(doc Official) {
	if doc.Kind == "" && doc.Subject == "" {
		return
	}
	d.space(6)
	if doc.Kind != "" {
		d.text(d.left, d.width, strings.ToUpper(doc.Kind), sizeBody, true, false, "C", 0)
	}
	if doc.Subject != "" {
		d.text(d.left, d.width, doc.Subject, sizeBody, true, false, "C", 0)
	}
	d.rule(d.left+d.width*0.4, d.width*0.2)
	d.space(3)
}

const indent = 12.7 // 1,27 cm first-line indent

func (d *pdfDoc) body(doc Official) {
	for _, b := range doc.Body {
		switch v := b.(type) {
		case Heading:
			d.space(2)
			d.need(lineHeight(sizeBody, 1.25) * 3)
			d.text(d.left, d.width, string(v), sizeBody, true, false, "J", indent)
			d.space(1.5)
		case Para:
			d.text(d.left, d.width, string(v), sizeBody, false, false, "J", indent)
			d.space(2)
		case Bullet:
			d.text(d.left, d.width, "- "+string(v), sizeBody, false, false, "J", indent)
			d.space(2)
		case Note:
			d.text(d.left, d.width, string(v), sizeTable, false, true, "L", 0)
			d.space(1)
		case Field:
			d.text(d.left, d.width, v.Label+": "+v.Value, sizeBody, false, false, "J", indent)
			d.space(2)
		case Table:
			d.table(v)
			d.space(3)
		}
	}
}

func (d *pdfDoc) table(t Table) {
	cols := len(t.Header)
	if cols == 0 && len(t.Rows) > 0 {
		cols = len(t.Rows[0])
	}
	if cols == 0 {
		return
	}
	ints := scaleWidths(t.Widths, cols, 10000)
	widths := make([]float64, cols)
	for i, w := range ints {
		widths[i] = d.width * float64(w) / 10000
	}
	if len(t.Header) > 0 {
		d.tableRow(t, widths, t.Header, true, true)
	}
	for i, r := range t.Rows {
		d.tableRow(t, widths, r, t.BoldLastRow && i == len(t.Rows)-1, false)
	}
}

// tableRow draws one bordered row; a row that does not fit starts a new page
// that repeats the header.
func (d *pdfDoc) tableRow(t Table, widths []float64, cells []string, bold, header bool) {
	cols := len(widths)
	lh := lineHeight(sizeTable, 1.2)
	d.f.SetFont(family, styleOf(bold, false), sizeTable)
	wrapped := make([][]string, cols)
	n := 1
	for c := 0; c < cols; c++ {
		s := ""
		if c < len(cells) {
			s = cells[c]
		}
		wrapped[c] = d.wrap(s, widths[c]-2, 0)
		if len(wrapped[c]) > n {
			n = len(wrapped[c])
		}
	}
	h := float64(n)*lh + 1.5
	if d.f.GetY()+h > d.bottomY {
		d.f.AddPage()
		if !header && len(t.Header) > 0 {
			d.tableRow(t, widths, t.Header, true, true)
		}
		d.f.SetFont(family, styleOf(bold, false), sizeTable)
	}
	y := d.f.GetY()
	x := d.left
	for c := 0; c < cols; c++ {
		d.f.Rect(x, y, widths[c], h, "D")
		align := "L"
		if header {
			align = "C"
		} else if c < len(t.Align) {
			if a := map[string]string{"center": "C", "right": "R"}[t.Align[c]]; a != "" {
				align = a
			}
		}
		for i, l := range wrapped[c] {
			d.f.SetXY(x+1, y+0.75+float64(i)*lh)
			d.f.CellFormat(widths[c]-2, lh, l, "", 0, align, false, 0, "")
		}
		x += widths[c]
	}
	d.f.SetXY(d.left, y+h)
}

func (d *pdfDoc) signature(doc Official) {
	d.space(4)
	lw := d.width * 0.45
	rw := d.width - lw
	d.need(45)
	top := d.f.GetY()
	if len(doc.Recipients) > 0 {
		d.text(d.left, lw, "Nơi nhận:", sizeNoiNhan, true, true, "L", 0)
		for _, r := range doc.recipients() {
			d.text(d.left, lw, r, sizeList, false, false, "L", 0)
		}
	}
	leftEnd := d.f.GetY()
	d.f.SetY(top)
	d.signBlock(doc.Signature, d.left+lw, rw)
	if d.f.GetY() < leftEnd {
		d.f.SetY(leftEnd)
	}
}

func (d *pdfDoc) signBlock(s Signature, x, w float64) {
	if s.Authority != "" {
		d.text(x, w, strings.ToUpper(s.Authority), sizeBody, true, false, "C", 0)
	}
	if s.Title != "" {
		d.text(x, w, strings.ToUpper(s.Title), sizeBody, true, false, "C", 0)
	}
	d.space(22)
	if s.Name != "" {
		d.text(x, w, s.Name, sizeBody, true, false, "C", 0)
	}
}

// bothSignatures is the two sides' blocks side by side, then "Nơi nhận".
func (d *pdfDoc) bothSignatures(doc Official) {
	d.space(4)
	half := d.width / 2
	d.need(45)
	top := d.f.GetY()
	d.signBlock(*doc.Counter, d.left, half)
	leftEnd := d.f.GetY()
	d.f.SetY(top)
	d.signBlock(doc.Signature, d.left+half, d.width-half)
	if d.f.GetY() < leftEnd {
		d.f.SetY(leftEnd)
	}
	if len(doc.Recipients) > 0 {
		d.space(4)
		d.text(d.left, d.width, "Nơi nhận:", sizeNoiNhan, true, true, "L", 0)
		for _, r := range doc.recipients() {
			d.text(d.left, d.width, r, sizeList, false, false, "L", 0)
		}
	}
}
