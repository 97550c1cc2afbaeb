package xlsxfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestKindTellsFilesApart(t *testing.T) {
	book := excelize.NewFile()
	buf, _ := book.WriteToBuffer()
	good := buf.Bytes()
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte("<w:document/>"))
	zw.Close()
	cases := map[string]struct {
		data []byte
		want error
	}{
		"xlsx":      {good, nil},
		"truncated": {good[:len(good)/2], ErrDamaged},
		"pk-only":   {[]byte("PK\x03\x04"), ErrDamaged},
		"xls":       {append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 100)...), ErrOldXLS},
		"csv":       {[]byte("Mã,Tên\n1,Một\n"), ErrNotXLSX},
		"docx":      {docx.Bytes(), ErrNotXLSX},
		"empty":     {nil, ErrEmpty},
	}
	for name, c := range cases {
		if err := Kind(c.data); !errors.Is(err, c.want) && !(err == nil && c.want == nil) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
		f, err := Open(c.data, Default)
		if (err == nil) != (c.want == nil) || (c.want != nil && !errors.Is(err, c.want)) {
			t.Errorf("Open %s: %v, want %v", name, err, c.want)
		}
		if f != nil {
			f.Close()
		}
	}
	if LooksLikeSpreadsheet([]byte("Mã,Tên")) || !LooksLikeSpreadsheet(good[:10]) {
		t.Error("LooksLikeSpreadsheet")
	}
}

// A workbook whose directory announces more than the limits is refused as
// too large before anything is unpacked; one within them opens.
func TestTooLargeBeforeUnpacking(t *testing.T) {
	f := excelize.NewFile()
	for r := 1; r <= 100; r++ { // a cell holds 32,767 characters at most
		f.SetCellValue("Sheet1", "A"+strconv.Itoa(r), strconv.Itoa(r)+strings.Repeat(" Mê Linh", 400))
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(buf.Bytes(), Limits{Unzip: 64 << 10, UnzipXML: 64 << 10}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a 360 KB sheet under a 64 KB limit: %v, want ErrTooLarge", err)
	}
	if _, err := Open(buf.Bytes(), Default); err != nil {
		t.Errorf("within the default limits: %v", err)
	}
}
