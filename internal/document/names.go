package document

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Names of sheets and files keep their Vietnamese diacritics; they are cut
// only at a word boundary, and a plain-ASCII fallback is given for clients
// that do not read UTF-8 file names.

// maxSheetName is the longest tab name Excel accepts.
const maxSheetName = 31

// maxFileName is the longest file name (without extension) produced.
const maxFileName = 120

// SheetName is n as a valid tab name: the characters Excel refuses
// (: \ / ? * [ ]) become spaces, and a name longer than 31 characters is cut
// at the last whole word that fits.
func SheetName(n string) string {
	n = norm.NFC.String(n)
	n = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) || unicode.IsControl(r) {
			return ' '
		}
		return r
	}, n)
	n = strings.Trim(strings.Join(strings.Fields(n), " "), "'")
	return cutWords(n, maxSheetName)
}

// FileName is name (without extension) as a file name: characters no system
// allows (/ \ : * ? " < > |) become spaces, diacritics stay, and a long name
// is cut at a word boundary.
func FileName(name string) string {
	name = norm.NFC.String(name)
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || unicode.IsControl(r) {
			return ' '
		}
		return r
	}, name)
	name = strings.Trim(strings.Join(strings.Fields(name), " "), ". ")
	if name == "" {
		name = "tai-lieu"
	}
	return cutWords(name, maxFileName)
}

// ASCIIName is name without diacritics (đ → d), for the plain filename=
// parameter old clients read: "Bảng tổng hợp.xlsx" → "Bang tong hop.xlsx".
func ASCIIName(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case r == 'đ':
			b.WriteRune('d')
		case r == 'Đ':
			b.WriteRune('D')
		case unicode.Is(unicode.Mn, r):
		case r < 32 || r > 126 || r == '"' || r == '\\' || r == '%' || r == ';':
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ContentDisposition is the header value that names a download: a
// plain-ASCII filename= for old clients and the UTF-8 name in filename*=.
func ContentDisposition(disposition, name string) string {
	return fmt.Sprintf(`%s; filename="%s"; filename*=UTF-8''%s`, disposition, ASCIIName(name), url.PathEscape(name))
}

// cutWords shortens s to at most n characters, at the end of a word when
// there is one, never in the middle of a syllable.
func cutWords(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	cut := string(r[:n])
	if unicode.IsSpace(r[n]) {
		return strings.TrimRight(cut, " -–,;")
	}
	if i := strings.LastIndexAny(cut, " "); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " -–,;")
}
