package documenttest

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"
)

var tag = regexp.MustCompile(`<[^>]+>`)

// DocxText is the text of a .docx's body read from its XML, one line per
// paragraph: quick, and needs no LibreOffice.
func DocxText(t testing.TB, data []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name != "word/document.xml" {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		s := tag.ReplaceAllString(strings.ReplaceAll(string(x), "</w:p>", "\n"), "")
		return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(s)
	}
	t.Fatal("no word/document.xml")
	return ""
}
