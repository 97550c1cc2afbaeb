package web_test

import (
	"html"
	"net/url"
	"regexp"
	"strings"
)

var (
	controlRE = regexp.MustCompile(`(?s)<input\b([^>]*)>|<textarea\b([^>]*)>(.*?)</textarea>|<select\b([^>]*)>(.*?)</select>`)
	optionRE  = regexp.MustCompile(`(?s)<option\b([^>]*)>(.*?)</option>`)
	anAttrRE  = regexp.MustCompile(`([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?`)
)

// formValues is what a browser would send from the page's POST form that
// posts to action, as it stands: inputs with their values, ticked boxes and
// radios, chosen options, text areas. Files and buttons are left out. The
// second result is false when the page has no such form.
func formValues(body, action string) (url.Values, bool) {
	for _, m := range formRE.FindAllStringSubmatch(body, -1) {
		if a := attrsOf(m[1]); a["action"] != action || !strings.EqualFold(a["method"], "post") {
			continue
		}
		out := url.Values{}
		for _, c := range controlRE.FindAllStringSubmatch(m[2], -1) {
			switch {
			case c[1] != "" || strings.HasPrefix(c[0], "<input"):
				addInput(out, attrsOf(c[1]))
			case strings.HasPrefix(c[0], "<textarea"):
				a := attrsOf(c[2])
				if name, ok := a["name"]; ok && !has(a, "disabled") {
					out.Add(name, strings.TrimPrefix(html.UnescapeString(c[3]), "\n"))
				}
			default:
				addSelect(out, attrsOf(c[4]), c[5])
			}
		}
		return out, true
	}
	return nil, false
}

func addInput(out url.Values, a map[string]string) {
	name, ok := a["name"]
	if !ok || has(a, "disabled") {
		return
	}
	switch strings.ToLower(a["type"]) {
	case "file", "submit", "button", "reset", "image":
	case "checkbox", "radio":
		if has(a, "checked") {
			v, ok := a["value"]
			if !ok {
				v = "on"
			}
			out.Add(name, v)
		}
	default:
		out.Add(name, a["value"])
	}
}

func addSelect(out url.Values, a map[string]string, options string) {
	name, ok := a["name"]
	if !ok || has(a, "disabled") {
		return
	}
	var first string
	var chosen []string
	for i, o := range optionRE.FindAllStringSubmatch(options, -1) {
		oa := attrsOf(o[1])
		v, ok := oa["value"]
		if !ok {
			v = strings.TrimSpace(html.UnescapeString(o[2]))
		}
		if i == 0 {
			first = v
		}
		if has(oa, "selected") {
			chosen = append(chosen, v)
		}
	}
	switch {
	case len(chosen) > 0 && has(a, "multiple"):
		out[name] = append(out[name], chosen...)
	case len(chosen) > 0:
		out.Add(name, chosen[len(chosen)-1])
	case !has(a, "multiple") && options != "":
		out.Add(name, first)
	}
}

func attrsOf(s string) map[string]string {
	out := map[string]string{}
	for _, m := range anAttrRE.FindAllStringSubmatch(s, -1) {
		out[strings.ToLower(m[1])] = html.UnescapeString(m[2])
	}
	return out
}

func has(a map[string]string, key string) bool {
	_, ok := a[key]
	return ok
}
