// Package document writes the product's official documents: Decree 30/2020
// layout (.docx and .pdf) for reports, notices and forms, and formatted .xlsx
// workbooks for lists. Everything is generated in Go; the files open in
// LibreOffice and Microsoft Office alike.
package document

import (
	"strings"

	"khcn/internal/civil"
	"khcn/internal/locale"
)

// Official is a document in the Decree 30/2020 layout.
type Official struct {
	ParentBody string // cơ quan chủ quản, e.g. "UBND THÀNH PHỐ HÀ NỘI"
	Issuer     string // cơ quan ban hành, e.g. "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
	// Number is "12/BC-SKHCN", given by the issuing unit's register when the
	// document is issued. Empty means a draft: the paper is marked "DỰ THẢO"
	// and prints no "Số:" line (never "Số:      /").
	Number    string
	Place     string // "Hà Nội"
	Date      civil.Date
	Kind      string // "BÁO CÁO", "THÔNG BÁO", "PHIẾU ĐỀ XUẤT"…
	Subject   string // trích yếu
	Body      []Block
	Signature Signature
	// Counter is the other side's signing block, on the left (minutes signed
	// by both sides: the unit inspected and the inspection team). With it,
	// "Nơi nhận" goes under both signatures.
	Counter    *Signature
	Recipients []string // "Nơi nhận" entries, without the leading "- "
	Landscape  bool
	// NoNationalHeader omits the two-column header block (for annexes and forms
	// that carry their own heading).
	NoNationalHeader bool
}

// Signature is the signing block.
type Signature struct {
	Authority string // "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC"
	Title     string // "PHÓ GIÁM ĐỐC"
	Name      string
}

// Block is one piece of the body.
type Block interface{ block() }

// Heading is a section heading ("I. KẾT QUẢ THỰC HIỆN"), bold.
type Heading string

// Para is a justified paragraph with a first-line indent.
type Para string

// Bullet is a paragraph that starts with "- ".
type Bullet string

// Note is a small italic line (sources, units of measure).
type Note string

// Field is a labelled value, as on forms: "1. Tên nhiệm vụ: …".
type Field struct {
	Label string
	Value string
}

// Table is a bordered table; Widths are relative column widths and Align
// holds "left", "center" or "right" per column.
type Table struct {
	Header []string
	Rows   [][]string
	Widths []float64
	Align  []string
	// BoldLastRow sets a totals row in bold.
	BoldLastRow bool
}

func (Heading) block() {}
func (Para) block()    {}
func (Bullet) block()  {}
func (Note) block()    {}
func (Field) block()   {}
func (Table) block()   {}

// Decree 30 sizes, in points.
const (
	sizeHeader  = 13
	sizeNation  = 12 // "CỘNG HÒA…" fits its column at 12 (the decree allows 12–13)
	sizeBody    = 14
	sizeTable   = 12
	sizeNoiNhan = 12
	sizeList    = 11
)

// placeDate is "Hà Nội, ngày 05 tháng 02 năm 2026".
func (d Official) placeDate() string {
	place := d.Place
	if place == "" {
		place = "Hà Nội"
	}
	if d.Date.IsZero() {
		return place + ", ngày      tháng      năm"
	}
	return place + ", " + locale.LongDate(d.Date)
}

// Draft is the mark a document carries until it is issued.
const Draft = "DỰ THẢO"

// IsDraft reports whether the document has no register number yet.
func (d Official) IsDraft() bool { return strings.TrimSpace(d.Number) == "" }

func (d Official) number() string {
	if d.IsDraft() {
		return ""
	}
	if strings.HasPrefix(d.Number, "Số") {
		return d.Number
	}
	return "Số: " + d.Number
}

// recipients returns the "Nơi nhận" lines with their dashes and the final
// "Lưu" line punctuated as the decree shows.
func (d Official) recipients() []string {
	out := make([]string, len(d.Recipients))
	for i, r := range d.Recipients {
		end := ";"
		if i == len(d.Recipients)-1 {
			end = "."
		}
		out[i] = "- " + strings.TrimRight(r, ";.") + end
	}
	return out
}

const (
	nationName  = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	nationMotto = "Độc lập - Tự do - Hạnh phúc"
)
