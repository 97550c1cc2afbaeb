package api

import (
	"bytes"
	"html/template"
	"sort"

	"khcn/internal/i18n"
)

// The page at /api/docs: the route table as HTML, rendered here (no
// script, no CDN), in the caller's language for its headings.

var docsTmpl = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T "api.docs.title"}}</title>
<link rel="stylesheet" href="/static/app.css">
</head>
<body>
<main id="main" class="api-docs">
<h1>{{.T "api.docs.title"}}</h1>
<p>{{.T "api.docs.intro"}}</p>
<p><a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1)</p>
<h2>{{.T "api.docs.auth"}}</h2>
<p>{{.T "api.docs.auth_text"}}</p>
<pre>curl -H 'Authorization: Bearer khcn_…' -H 'Accept-Language: vi' {{.Base}}/api/v1/me</pre>
{{range .Tags}}
<section>
<h2>{{.Name}}</h2>
{{range .Routes}}
<article id="{{.ID}}">
<h3><code>{{.Method}} {{.Path}}</code></h3>
<p>{{.Shown}}{{if .Access}} — <em>{{.Access}}</em>{{end}}</p>
{{if .Description}}<p>{{.Description}}</p>{{end}}
{{if .Params}}<div class="scroll"><table><thead><tr><th>{{$.T "api.docs.param"}}</th><th>{{$.T "api.docs.meaning"}}</th></tr></thead><tbody>
{{range .Params}}<tr><td><code>{{.Name}}</code>{{if .Required}} *{{end}}</td><td>{{.Description}}</td></tr>{{end}}
</tbody></table></div>{{end}}
{{range .Examples}}
<h4>{{$.T "api.docs.example"}}: {{.Name}}</h4>
<pre>{{.Method}} {{.URL}}{{range $k, $v := .Header}}
{{$k}}: {{$v}}{{end}}{{if .Body}}

{{.Body}}{{end}}</pre>
<p>→ {{.Status}}</p>
{{if .Want}}<pre>{{.Want}}</pre>{{end}}
{{end}}
</article>
{{end}}
</section>
{{end}}
<h2>{{.T "api.docs.problems"}}</h2>
<dl>
{{range .Problems}}<dt id="problem-{{.Code}}"><code>{{.Code}}</code></dt><dd>{{.Text}}</dd>
{{end}}
</dl>
</main>
</body>
</html>
`))

type docsRoute struct {
	Route
	ID     string
	Access string
	Shown  string // the summary in the reader's language
}

type prob struct{ Code, Text string }

type docsData struct {
	Lang     i18n.Lang
	Tags     []*docsTag
	Problems []prob
	Base     string
}

// T translates a heading.
func (d docsData) T(key string) string { return i18n.T(d.Lang, key) }

type docsTag struct {
	Name   string
	Routes []docsRoute
}

func (x *API) docsPage(c *Ctx) (any, error) {
	lang := c.Lang
	byTag := map[string]*docsTag{}
	var tags []*docsTag
	for _, rt := range x.routes {
		t := byTag[rt.Tag]
		if t == nil {
			t = &docsTag{Name: rt.Tag}
			byTag[rt.Tag] = t
			tags = append(tags, t)
		}
		acc := ""
		switch rt.Access {
		case Public:
			acc = i18n.T(lang, "api.docs.public")
		case Read:
			acc = i18n.T(lang, "api.docs.read")
		case Write:
			acc = i18n.T(lang, "api.docs.write")
		}
		exs := make([]Example, len(rt.Examples))
		for i, ex := range rt.Examples {
			if ex.Method == "" {
				ex.Method = rt.Method
			}
			exs[i] = ex
		}
		rt.Examples = exs
		shown := rt.Summary
		if lang == i18n.VI && rt.SummaryVI != "" {
			shown = rt.SummaryVI
		}
		t.Routes = append(t.Routes, docsRoute{Route: rt, ID: operationID(rt), Access: acc, Shown: shown})
	}
	var probs []prob
	codes := append([]string{}, problemCodes...)
	sort.Strings(codes)
	for _, code := range codes {
		probs = append(probs, prob{code, i18n.T(lang, "api.problem."+code)})
	}
	var b bytes.Buffer
	err := docsTmpl.Execute(&b, docsData{Lang: lang, Tags: tags, Problems: probs, Base: "http://" + c.R.Host})
	if err != nil {
		return nil, err
	}
	return Raw{Type: "text/html; charset=utf-8", Body: b.Bytes()}, nil
}
