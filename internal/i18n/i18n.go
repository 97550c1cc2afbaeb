// Package i18n holds the message catalogues. Vietnamese is the default language
// and English the second; every key has both. Catalogues are JSON files under
// messages/, one per area of the product, so features do not edit one shared file.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Lang is a supported UI language.
type Lang string

const (
	VI Lang = "vi"
	EN Lang = "en"
)

// Parse returns the supported language for s, defaulting to Vietnamese.
func Parse(s string) Lang {
	if strings.HasPrefix(strings.ToLower(s), "en") {
		return EN
	}
	return VI
}

// Msg is one message in both languages.
type Msg struct {
	VI string `json:"vi"`
	EN string `json:"en"`
}

//go:embed messages/*.json
var files embed.FS

var catalogue = mustLoad(files)

func mustLoad(fsys fs.FS) map[string]Msg {
	c, err := load(fsys)
	if err != nil {
		panic(err)
	}
	return c
}

func load(fsys fs.FS) (map[string]Msg, error) {
	names, err := fs.Glob(fsys, "messages/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := map[string]Msg{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var m map[string]Msg
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", path.Base(name), err)
		}
		for k, v := range m {
			if _, dup := out[k]; dup {
				return nil, fmt.Errorf("i18n: key %q defined twice (again in %s)", k, path.Base(name))
			}
			if v.VI == "" || v.EN == "" {
				return nil, fmt.Errorf("i18n: key %q in %s lacks a language", k, path.Base(name))
			}
			out[k] = v
		}
	}
	return out, nil
}

// Has reports whether key is in the catalogue.
func Has(key string) bool { _, ok := catalogue[key]; return ok }

// Keys lists every key, for tests.
func Keys() []string {
	keys := make([]string, 0, len(catalogue))
	for k := range catalogue {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// T translates key into lang. Args fill {0}, {1}… placeholders. A missing key
// shows itself, so it is seen in review rather than crashing a page.
func T(lang Lang, key string, args ...any) string {
	m, ok := catalogue[key]
	if !ok {
		return key
	}
	s := m.VI
	if lang == EN {
		s = m.EN
	}
	for i, a := range args {
		s = strings.ReplaceAll(s, fmt.Sprintf("{%d}", i), fmt.Sprint(a))
	}
	return s
}
