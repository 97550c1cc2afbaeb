package ocop

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"khcn/internal/locale"
	"khcn/internal/xlsxfile"
)

// Limits of one import file.
const (
	MaxImportRows = 5000
	maxCols       = 64
	maxCell       = 5000
)

// ErrUnreadable means the file is neither a readable .xlsx nor a UTF-8 CSV.
var ErrUnreadable = errors.New("ocop: unreadable table")

// ErrOldXLS and ErrDamaged say why a workbook cannot be read: an old
// binary .xls, or a damaged or truncated .xlsx.
var (
	ErrOldXLS   = xlsxfile.ErrOldXLS
	ErrDamaged  = xlsxfile.ErrDamaged
	ErrTooLarge = xlsxfile.ErrTooLarge
)

// ErrTooManyRows means the file has more than MaxImportRows rows.
var ErrTooManyRows = errors.New("ocop: too many rows")

// ReadTable reads the first sheet of an .xlsx file, or a CSV file (comma or
// semicolon, UTF-8 with or without BOM), into rows of trimmed NFC cells. The
// kind is recognised by content, not by name.
func ReadTable(data []byte) (rows [][]string, err error) {
	if xlsxfile.LooksLikeSpreadsheet(data) {
		rows, err = readXLSX(data)
	} else {
		rows, err = readCSV(data)
	}
	if err != nil {
		return nil, err
	}
	if len(rows) > MaxImportRows+1 {
		return nil, ErrTooManyRows
	}
	for _, r := range rows {
		if len(r) > maxCols {
			return nil, ErrUnreadable
		}
		for i, c := range r {
			if utf8.RuneCountInString(c) > maxCell {
				c = string([]rune(c)[:maxCell])
			}
			r[i] = locale.NFC(strings.TrimSpace(c))
		}
	}
	return rows, nil
}

func readXLSX(data []byte) (rows [][]string, err error) {
	defer func() {
		// A malformed workbook must be refused, never crash the server.
		if v := recover(); v != nil {
			rows, err = nil, fmt.Errorf("%w: %v", ErrUnreadable, v)
		}
	}()
	f, err := xlsxfile.Open(data, xlsxfile.Limits{Unzip: 64 << 20, UnzipXML: 16 << 20})
	switch {
	case errors.Is(err, xlsxfile.ErrOldXLS), errors.Is(err, xlsxfile.ErrDamaged), errors.Is(err, xlsxfile.ErrTooLarge):
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, ErrUnreadable
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	defer it.Close()
	for it.Next() {
		if len(rows) > MaxImportRows+1 {
			return nil, ErrTooManyRows
		}
		cols, err := it.Columns()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
		}
		if len(cols) > maxCols {
			return nil, ErrUnreadable
		}
		rows = append(rows, cols)
	}
	return rows, nil
}

func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return nil, ErrUnreadable
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows [][]string
	for {
		rec, err := r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
		}
		if len(rows) > MaxImportRows+1 {
			return nil, ErrTooManyRows
		}
		rows = append(rows, rec)
	}
	return rows, nil
}
