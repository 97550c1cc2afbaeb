package document

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"text/template"
)

// The DOCX writer is a small OOXML generator: text/template for the fixed
// parts, a builder for the body. It names Times New Roman; LibreOffice uses the
// metric-compatible Liberation Serif where Times is missing.

// Margins in twips (1 mm ≈ 56,7 twips): top and bottom 20 mm, left 30 mm,
// right 15 mm.
const (
	margin20 = 1134
	margin30 = 1701
	margin15 = 850
)

type pageGeom struct {
	W, H, Top, Bottom, Left, Right int
	Orient                         string
}

func geometry(landscape bool) pageGeom {
	g := pageGeom{W: 11906, H: 16838, Top: margin20, Bottom: margin20, Left: margin30, Right: margin15, Orient: "portrait"}
	if landscape {
		g.W, g.H, g.Orient = g.H, g.W, "landscape"
	}
	return g
}

func (g pageGeom) textWidth() int { return g.W - g.Left - g.Right }

// run is a piece of text with character formatting.
type run struct {
	text         string
	bold, italic bool
	size         int // points
}

// para describes a paragraph.
type para struct {
	runs      []run
	align     string // left, center, right, both
	firstLine int    // twips
	indLeft   int
	indRight  int
	before    int // twips of space before
	after     int // twips of space after
	line      int // line spacing in 240ths (240 = single)
	ruleBelow bool
	keepNext  bool
	pageBreak bool
}

type docxWriter struct {
	b bytes.Buffer
}

func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			if r < 0x20 && r != '\t' && r != '\n' {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (w *docxWriter) para(p para) {
	w.b.WriteString(`<w:p><w:pPr>`)
	if p.keepNext {
		w.b.WriteString(`<w:keepNext/>`)
	}
	if p.pageBreak {
		w.b.WriteString(`<w:pageBreakBefore/>`)
	}
	if p.ruleBelow {
		w.b.WriteString(`<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>`)
	}
	line := p.line
	if line == 0 {
		line = 240
	}
	fmt.Fprintf(&w.b, `<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="auto"/>`, p.before, p.after, line)
	if p.firstLine != 0 || p.indLeft != 0 || p.indRight != 0 {
		fmt.Fprintf(&w.b, `<w:ind w:left="%d" w:right="%d" w:firstLine="%d"/>`, p.indLeft, p.indRight, p.firstLine)
	}
	align := p.align
	if align == "" {
		align = "left"
	}
	fmt.Fprintf(&w.b, `<w:jc w:val="%s"/></w:pPr>`, align)
	for _, r := range p.runs {
		w.run(r)
	}
	w.b.WriteString(`</w:p>`)
}

func (w *docxWriter) run(r run) {
	w.b.WriteString(`<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/>`)
	if r.bold {
		w.b.WriteString(`<w:b/>`)
	}
	if r.italic {
		w.b.WriteString(`<w:i/>`)
	}
	size := r.size
	if size == 0 {
		size = sizeBody
	}
	fmt.Fprintf(&w.b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr>`, size*2, size*2)
	lines := strings.Split(r.text, "\n")
	for i, l := range lines {
		if i > 0 {
			w.b.WriteString(`<w:br/>`)
		}
		fmt.Fprintf(&w.b, `<w:t xml:space="preserve">%s</w:t>`, esc(l))
	}
	w.b.WriteString(`</w:r>`)
}

// table writes a table; cells hold paragraphs built by fill.
func (w *docxWriter) table(widths []int, borders bool, rows int, cols int, fill func(r, c int) []para, header bool) {
	w.b.WriteString(`<w:tbl><w:tblPr>`)
	total := 0
	for _, x := range widths {
		total += x
	}
	fmt.Fprintf(&w.b, `<w:tblW w:w="%d" w:type="dxa"/><w:tblLayout w:type="fixed"/>`, total)
	if borders {
		w.b.WriteString(`<w:tblBorders>`)
		for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
			fmt.Fprintf(&w.b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>`, side)
		}
		w.b.WriteString(`</w:tblBorders>`)
	}
	w.b.WriteString(`<w:tblCellMar><w:left w:w="70" w:type="dxa"/><w:right w:w="70" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, x := range widths {
		fmt.Fprintf(&w.b, `<w:gridCol w:w="%d"/>`, x)
	}
	w.b.WriteString(`</w:tblGrid>`)
	for r := 0; r < rows; r++ {
		w.b.WriteString(`<w:tr>`)
		if header && r == 0 {
			w.b.WriteString(`<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
		} else {
			w.b.WriteString(`<w:trPr><w:cantSplit/></w:trPr>`)
		}
		for c := 0; c < cols; c++ {
			fmt.Fprintf(&w.b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, widths[c])
			ps := fill(r, c)
			if len(ps) == 0 {
				ps = []para{{}}
			}
			for _, p := range ps {
				w.para(p)
			}
			w.b.WriteString(`</w:tc>`)
		}
		w.b.WriteString(`</w:tr>`)
	}
	w.b.WriteString(`</w:tbl>`)
}

func center(text string, bold, italic bool, size int) para {
	return para{align: "center", runs: []run{{text: text, bold: bold, italic: italic, size: size}}}
}

// nationalHeader is the two-column block of page 1.
func (w *docxWriter) nationalHeader(d Official, g pageGeom) {
	tw := g.textWidth()
	left, right := tw*45/100, tw-tw*45/100
	w.table([]int{left, right}, false, 1, 2, func(_, c int) []para {
		if c == 0 {
			ps := []para{}
			if d.ParentBody != "" {
				ps = append(ps, center(strings.ToUpper(d.ParentBody), false, false, sizeHeader))
			}
			issuer := center(strings.ToUpper(d.Issuer), true, false, sizeHeader)
			ps = append(ps, issuer, para{align: "center", ruleBelow: true, indLeft: left * 32 / 100, indRight: left * 32 / 100, after: 60, runs: []run{{text: "", size: 4}}})
			if n := d.number(); n != "" {
				ps = append(ps, center(n, false, false, sizeHeader))
			}
			return ps
		}
		return []para{
			center(nationName, true, false, sizeNation),
			center(nationMotto, true, false, sizeBody),
			{align: "center", ruleBelow: true, indLeft: right * 20 / 100, indRight: right * 20 / 100, after: 120, runs: []run{{text: "", size: 4}}},
			center(d.placeDate(), false, true, sizeBody),
		}
	}, false)
}

// title is the document kind, its subject and a short rule.
func (w *docxWriter) title(d Official, g pageGeom) {
	if d.Kind != "" {
		p := center(strings.ToUpper(d.Kind), true, false, sizeBody)
		p.before, p.keepNext = 360, true
		w.para(p)
	}
	if d.Subject != "" {
		p := center(d.Subject, true, false, sizeBody)
		p.keepNext = true
		w.para(p)
	}
	if d.Kind != "" || d.Subject != "" {
		tw := g.textWidth()
		w.para(para{align: "center", ruleBelow: true, indLeft: tw * 40 / 100, indRight: tw * 40 / 100, after: 240, runs: []run{{text: "", size: 4}}})
	}
}

func bodyPara(text string) para {
	return para{align: "both", firstLine: 720, after: 120, line: 288, runs: []run{{text: text, size: sizeBody}}}
}

func (w *docxWriter) body(d Official, g pageGeom) {
	for _, b := range d.Body {
		switch v := b.(type) {
		case Heading:
			w.para(para{align: "both", firstLine: 720, before: 120, after: 120, keepNext: true, runs: []run{{text: string(v), bold: true}}})
		case Para:
			w.para(bodyPara(string(v)))
		case Bullet:
			w.para(bodyPara("- " + string(v)))
		case Note:
			w.para(para{align: "left", after: 60, runs: []run{{text: string(v), italic: true, size: sizeTable}}})
		case Field:
			w.para(para{align: "both", firstLine: 720, after: 120, line: 288, runs: []run{{text: v.Label + ": ", bold: true}, {text: v.Value}}})
		case Table:
			w.dataTable(v, g)
			w.para(para{after: 120})
		}
	}
}

func (w *docxWriter) dataTable(t Table, g pageGeom) {
	cols := len(t.Header)
	if cols == 0 && len(t.Rows) > 0 {
		cols = len(t.Rows[0])
	}
	if cols == 0 {
		return
	}
	widths := scaleWidths(t.Widths, cols, g.textWidth())
	hasHeader := len(t.Header) > 0
	rows := len(t.Rows)
	if hasHeader {
		rows++
	}
	w.table(widths, true, rows, cols, func(r, c int) []para {
		if hasHeader {
			if r == 0 {
				return []para{center(t.Header[c], true, false, sizeTable)}
			}
			r--
		}
		row := t.Rows[r]
		text := ""
		if c < len(row) {
			text = row[c]
		}
		align := "left"
		if c < len(t.Align) && t.Align[c] != "" {
			align = t.Align[c]
		}
		if align == "justify" {
			align = "both"
		}
		bold := t.BoldLastRow && r == len(t.Rows)-1
		return []para{{align: align, runs: []run{{text: text, bold: bold, size: sizeTable}}}}
	}, hasHeader)
}

func scaleWidths(rel []float64, cols, total int) []int {
	out := make([]int, cols)
	sum := 0.0
	for i := 0; i < cols; i++ {
		v := 1.0
		if i < len(rel) && rel[i] > 0 {
			v = rel[i]
		}
		sum += v
	}
	used := 0
	for i := 0; i < cols; i++ {
		v := 1.0
		if i < len(rel) && rel[i] > 0 {
			v = rel[i]
		}
		out[i] = int(float64(total) * v / sum)
		used += out[i]
	}
	out[cols-1] += total - used
	return out
}

// signature is "Nơi nhận" on the left and the signing block on the right.
func (w *docxWriter) signature(d Official, g pageGeom) {
	tw := g.textWidth()
	left := tw * 45 / 100
	w.para(para{after: 120})
	w.table([]int{left, tw - left}, false, 1, 2, func(_, c int) []para {
		if c == 0 {
			if len(d.Recipients) == 0 {
				return nil
			}
			ps := []para{{runs: []run{{text: "Nơi nhận:", bold: true, italic: true, size: sizeNoiNhan}}}}
			for _, r := range d.recipients() {
				ps = append(ps, para{runs: []run{{text: r, size: sizeList}}})
			}
			return ps
		}
		return signParas(d.Signature)
	}, false)
}

func signParas(s Signature) []para {
	var ps []para
	if s.Authority != "" {
		ps = append(ps, center(strings.ToUpper(s.Authority), true, false, sizeBody))
	}
	if s.Title != "" {
		ps = append(ps, center(strings.ToUpper(s.Title), true, false, sizeBody))
	}
	ps = append(ps, center("", false, false, sizeBody), center("", false, false, sizeBody), center("", false, false, sizeBody))
	if s.Name != "" {
		ps = append(ps, center(s.Name, true, false, sizeBody))
	}
	return ps
}

// bothSignatures is the two sides' blocks side by side, then "Nơi nhận".
func (w *docxWriter) bothSignatures(d Official, g pageGeom) {
	tw := g.textWidth()
	w.para(para{after: 120})
	w.table([]int{tw / 2, tw - tw/2}, false, 1, 2, func(_, c int) []para {
		if c == 0 {
			return signParas(*d.Counter)
		}
		return signParas(d.Signature)
	}, false)
	if len(d.Recipients) > 0 {
		w.para(para{before: 240, runs: []run{{text: "Nơi nhận:", bold: true, italic: true, size: sizeNoiNhan}}})
		for _, r := range d.recipients() {
			w.para(para{runs: []run{{text: r, size: sizeList}}})
		}
	}
}

// DOCX renders the document as a .docx file.
func DOCX(d Official) ([]byte, error) {
	g := geometry(d.Landscape)
	w := &docxWriter{}
	if d.IsDraft() {
		w.para(para{align: "right", after: 120, runs: []run{{text: Draft, bold: true, size: sizeHeader}}})
	}
	if !d.NoNationalHeader {
		w.nationalHeader(d, g)
	}
	w.title(d, g)
	w.body(d, g)
	if d.Counter != nil {
		w.bothSignatures(d, g)
	} else if d.Signature != (Signature{}) || len(d.Recipients) > 0 {
		w.signature(d, g)
	}
	return pack(w.b.String(), g)
}

var documentXML = template.Must(template.New("doc").Parse(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{{.Body}}<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:headerReference w:type="first" r:id="rIdHeaderFirst"/><w:pgSz w:w="{{.G.W}}" w:h="{{.G.H}}" w:orient="{{.G.Orient}}"/><w:pgMar w:top="{{.G.Top}}" w:right="{{.G.Right}}" w:bottom="{{.G.Bottom}}" w:left="{{.G.Left}}" w:header="567" w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr></w:body></w:document>`))

const contentTypesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`

const rootRelsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`

const documentRelsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdHeaderFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/></Relationships>`

const stylesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>`

// Page numbers: centred in the top margin, size 13, not on page 1.
const headerXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:t>2</w:t></w:r><w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>`

const emptyHeaderXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p/></w:hdr>`

const coreXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>khcn</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>`

func pack(body string, g pageGeom) ([]byte, error) {
	var doc bytes.Buffer
	if err := documentXML.Execute(&doc, struct {
		Body string
		G    pageGeom
	}{body, g}); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	z := zip.NewWriter(&out)
	parts := []struct{ name, data string }{
		{"[Content_Types].xml", contentTypesXML},
		{"_rels/.rels", rootRelsXML},
		{"word/document.xml", doc.String()},
		{"word/_rels/document.xml.rels", documentRelsXML},
		{"word/styles.xml", stylesXML},
		{"word/header1.xml", headerXML},
		{"word/header2.xml", emptyHeaderXML},
		{"docProps/core.xml", coreXML},
	}
	for _, p := range parts {
		f, err := z.Create(p.name)
		if err != nil {
			return nil, err
		}
		if _, err := f.Write([]byte(p.data)); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
