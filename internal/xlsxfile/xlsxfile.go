// Package xlsxfile is the one guarded way uploaded spreadsheets are opened:
// it tells an old binary .xls, a damaged or truncated .xlsx and a file that
// is no spreadsheet at all apart, bounds what is unpacked, and turns a panic
// inside the xlsx library into an error, so no upload can crash the server.
package xlsxfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Why an upload is not an open workbook.
var (
	ErrEmpty   = errors.New("xlsxfile: empty file")
	ErrOldXLS  = errors.New("xlsxfile: binary .xls (Excel 97–2003)")
	ErrDamaged = errors.New("xlsxfile: damaged or truncated .xlsx")
	ErrNotXLSX = errors.New("xlsxfile: not an .xlsx file")
	// ErrTooLarge: the workbook says it unpacks to more than the limits
	// (a zip bomb, or a sheet far beyond any real report).
	ErrTooLarge = errors.New("xlsxfile: unpacks beyond the limit")
)

// Limits bound what is unpacked.
type Limits struct{ Unzip, UnzipXML int64 }

// Default limits: far above any real report or registry.
var Default = Limits{Unzip: 64 << 20, UnzipXML: 32 << 20}

var ole2 = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Kind says what data looks like without opening it: nil for a readable
// zip holding a workbook, ErrOldXLS, ErrDamaged (a zip that does not
// read to its end), ErrNotXLSX (anything else, e.g. CSV) or ErrEmpty.
func Kind(data []byte) error {
	switch {
	case len(data) == 0:
		return ErrEmpty
	case bytes.HasPrefix(data, ole2):
		return ErrOldXLS
	case !bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return ErrNotXLSX
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ErrDamaged
	}
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/") {
			return nil
		}
	}
	return ErrNotXLSX
}

// LooksLikeSpreadsheet reports whether data is meant as a workbook (a zip
// or an old .xls), so a reader should not try it as CSV text.
func LooksLikeSpreadsheet(data []byte) bool {
	return bytes.HasPrefix(data, ole2) || bytes.HasPrefix(data, []byte("PK\x03\x04"))
}

// Open opens an uploaded workbook within limits. Errors wrap one of the
// Err values above.
func Open(data []byte, l Limits) (f *excelize.File, err error) {
	defer func() {
		if v := recover(); v != nil {
			f, err = nil, fmt.Errorf("%w: %v", ErrDamaged, v)
		}
	}()
	if err := Kind(data); err != nil {
		return nil, err
	}
	if err := declaredSize(data, l); err != nil {
		return nil, err
	}
	f, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: l.Unzip, UnzipXMLSizeLimit: l.UnzipXML})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return f, nil
}

// declaredSize refuses a workbook whose zip directory announces more than
// the limits, before anything is unpacked. A directory that lies is still
// bounded by the unpacking limits, and ends as ErrDamaged.
func declaredSize(data []byte, l Limits) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ErrDamaged
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if (l.UnzipXML > 0 && f.UncompressedSize64 > uint64(l.UnzipXML)) || (l.Unzip > 0 && total > uint64(l.Unzip)) {
			return ErrTooLarge
		}
	}
	return nil
}
