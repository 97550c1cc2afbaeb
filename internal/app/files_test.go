package app

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

func zipWith(names ...string) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, n := range names {
		f, _ := w.Create(n)
		f.Write([]byte("x"))
	}
	w.Close()
	return b.Bytes()
}

func TestDetectKindByContent(t *testing.T) {
	cases := map[string]struct {
		data []byte
		kind FileKind
		ok   bool
	}{
		"pdf":       {[]byte("%PDF-1.7 ..."), KindPDF, true},
		"png":       {[]byte("\x89PNG\r\n\x1a\nrest"), KindPNG, true},
		"jpeg":      {[]byte{0xFF, 0xD8, 0xFF, 0xE0}, KindJPEG, true},
		"docx":      {zipWith("[Content_Types].xml", "word/document.xml"), KindDOCX, true},
		"xlsx":      {zipWith("[Content_Types].xml", "xl/workbook.xml"), KindXLSX, true},
		"plain zip": {zipWith("a.txt"), "", false},
		"exe":       {[]byte("MZ\x90\x00"), "", false},
		"html":      {[]byte("<html><script>"), "", false},
		"broken":    {[]byte("PK\x03\x04garbage"), "", false},
	}
	for name, c := range cases {
		k, ok := DetectKind(c.data)
		if k != c.kind || ok != c.ok {
			t.Errorf("%s: got %q %v", name, k, ok)
		}
	}
}

func TestCheckFile(t *testing.T) {
	if _, e := CheckFile(FileInput{Name: "a.pdf", Data: []byte("MZ"), Field: "attachment"}); e == nil || e["attachment"].Key != "err.file_type" {
		t.Errorf("exe renamed to pdf accepted: %v", e)
	}
	if _, e := CheckFile(FileInput{Name: "a.pdf", Data: nil}); e == nil || e["file"].Key != "err.file_empty" {
		t.Errorf("empty accepted: %v", e)
	}
	big := append([]byte("%PDF-"), make([]byte, MaxFileSize)...)
	if _, e := CheckFile(FileInput{Name: "a.pdf", Data: big}); e == nil || e["file"].Key != "err.file_too_big" {
		t.Errorf("big accepted: %v", e)
	}
	if _, e := CheckFile(FileInput{Name: "a.pdf", Data: []byte("%PDF-1"), Allowed: Images}); e == nil {
		t.Error("pdf accepted as image")
	}
	if k, e := CheckFile(FileInput{Name: "ảnh.jpg", Data: []byte{0xFF, 0xD8, 0xFF, 0}, Allowed: Images}); e != nil || k != KindJPEG {
		t.Errorf("jpeg refused: %v", e)
	}
}

func TestCleanFileName(t *testing.T) {
	for in, want := range map[string]string{
		`C:\Users\a\Tờ trình số 12.PDF`: "Tờ trình số 12.pdf",
		"../../etc/passwd":              "passwd.pdf",
		"bad\"name<>.pdf":               "badname.pdf",
		"":                              "tep-dinh-kem.pdf",
	} {
		if got := cleanFileName(in, KindPDF); got != want {
			t.Errorf("%q → %q want %q", in, got, want)
		}
	}
	long := strings.Repeat("ă", 300) + ".pdf"
	if got := cleanFileName(long, KindPDF); len([]rune(got)) != 124 {
		t.Errorf("long name kept %d runes", len([]rune(got)))
	}
}
