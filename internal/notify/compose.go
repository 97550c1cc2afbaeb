package notify

import (
	"bytes"
	"html/template"
	"io"
	"strings"
	texttemplate "text/template"

	"khcn/internal/civil"
	"khcn/internal/i18n"
	"khcn/internal/locale"
	"khcn/internal/store"
)

// Group is the notices of one kind inside an email.
type Group struct {
	Label string
	Items []Line
}

// Line is one notice as the reader sees it.
type Line struct {
	Text string
	When string
	URL  string
}

// Compose writes an outbox message in its reader's language. Links are made
// absolute with baseURL (the address users reach the product at).
func Compose(m store.OutboxMsg, baseURL string) Email {
	lang := i18n.Parse(m.Lang)
	base := strings.TrimRight(baseURL, "/")
	groups := group(lang, m.Items, base)
	n := len(m.Items)
	var subject string
	switch {
	case m.Kind == "digest":
		subject = i18n.T(lang, "ntf.mail.digest_subject", locale.Date(civil.Of(m.CreatedAt.In(locale.Zone))), n)
	case n == 1:
		subject = i18n.T(lang, "ntf.mail.subject_one", locale.Shorten(groups[0].Items[0].Text, 120))
	default:
		subject = i18n.T(lang, "ntf.mail.subject_many", n)
	}
	data := mailData{Subject: subject, Groups: groups, Intro: i18n.T(lang, "ntf.mail.intro"),
		Footer: i18n.T(lang, "ntf.mail.footer", base+"/profile"), Open: i18n.T(lang, "ntf.mail.open")}
	if m.Kind == "digest" {
		data.Intro = i18n.T(lang, "ntf.mail.digest_intro", n)
	}
	return Email{ID: m.ID, To: m.To, Subject: subject, Text: render(textMail, data), HTML: render(htmlMail, data), Date: m.CreatedAt}
}

// group sorts notices under the label of their kind's area ("action.due" →
// "ntf.group.action"), keeping the order in which they came.
func group(lang i18n.Lang, items []store.OutboxItem, base string) []Group {
	var out []Group
	index := map[string]int{}
	for _, it := range items {
		area, _, _ := strings.Cut(it.Kind, ".")
		key := "ntf.group." + area
		if !i18n.Has(key) {
			key = "ntf.group.other"
		}
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, Group{Label: i18n.T(lang, key)})
		}
		args := make([]any, len(it.Args))
		for j, a := range it.Args {
			args[j] = a
		}
		line := Line{Text: i18n.T(lang, it.Key, args...), When: locale.DateTime(it.At)}
		if it.Link != "" {
			line.URL = base + it.Link
		}
		out[i].Items = append(out[i].Items, line)
	}
	return out
}

type mailData struct {
	Subject, Intro, Footer, Open string
	Groups                       []Group
}

var textMail = texttemplate.Must(texttemplate.New("text").Parse(`{{.Intro}}
{{range .Groups}}
{{.Label}}
{{range .Items}}- {{.Text}} ({{.When}}){{if .URL}}
  {{.URL}}{{end}}
{{end}}{{end}}
--
{{.Footer}}
`))

var htmlMail = template.Must(template.New("html").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1b1f24">
<p>{{.Intro}}</p>
{{range .Groups}}<h3>{{.Label}}</h3>
<ul>{{range .Items}}<li>{{.Text}} <small>({{.When}})</small>{{if .URL}} &ndash; <a href="{{.URL}}">{{$.Open}}</a>{{end}}</li>{{end}}</ul>
{{end}}<hr><p><small>{{.Footer}}</small></p>
</body></html>`))

type tmpl interface {
	Execute(w io.Writer, data any) error
}

func render(t tmpl, d mailData) string {
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return d.Subject
	}
	return b.String()
}
