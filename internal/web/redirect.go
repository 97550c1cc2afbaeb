package web

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// localPath keeps redirects on this site: a back= or next= target is used
// only if it is a path on this host however a browser reads it, else "/".
func localPath(p string) string {
	if !isLocalPath(p) {
		return "/"
	}
	return p
}

// isLocalPath refuses anything a browser could read as another host. Browsers
// drop tabs and newlines inside URLs and read a backslash as a slash, so
// "/\t/evil.example" and "/\\evil.example" are "//evil.example" to them; the
// same holds once percent-escapes in the path are decoded ("/%2F/evil…").
func isLocalPath(p string) bool {
	if len(p) == 0 || p[0] != '/' || len(p) > 2000 || !utf8.ValidString(p) {
		return false
	}
	path, _, _ := strings.Cut(p, "?")
	path, _, _ = strings.Cut(path, "#")
	if !plainPath(p) {
		return false
	}
	if dec, err := url.PathUnescape(path); err != nil || !plainPath(dec) {
		return false
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == "" && strings.HasPrefix(u.Path, "/")
}

// plainPath: starts with one slash, no backslash, no control or invisible
// characters.
func plainPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsRune(p, '\\') {
		return false
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == utf8.RuneError || isInvisible(r) {
			return false
		}
	}
	return true
}

// isInvisible covers the spaces and format characters that render as nothing
// (zero-width, bidi controls, BOM): harmless to browsers but a way to make a
// link read as something else.
func isInvisible(r rune) bool {
	switch {
	case r == 0xa0, r == 0xad, r == 0x1680, r == 0x180e, r == 0x2028, r == 0x2029, r == 0x202f, r == 0x205f, r == 0x3000, r == 0xfeff:
		return true
	case r >= 0x2000 && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2060 && r <= 0x206f, r >= 0xfff9 && r <= 0xfffb:
		return true
	}
	return false
}
