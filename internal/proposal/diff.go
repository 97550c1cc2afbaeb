package proposal

import (
	"strconv"
	"strings"

	"khcn/internal/locale"
)

// Snapshot is a version as it was sent to the Sở: the content with names
// resolved, so it stays readable whatever happens to the call afterwards.
type Snapshot struct {
	Content
	Areas       []string `json:",omitempty"`
	Indicators  []string `json:",omitempty"` // "programme · code · name"
	Attachments []string `json:",omitempty"` // file names
}

// Line is one labelled value of a proposal, in form order.
type Line struct {
	Key      string
	Label    Text   // label from the rule set (form fields)...
	LabelKey string // ...or a catalogue key (parts every form has)
	Value    string
	ValueKey string // a catalogue key shown instead of Value
	Form     string // the official form of the field (BM-09, BM-10) when the rule set combines several
}

// Lines lays a snapshot out in form order, for pages, documents and diffs.
func (r RuleSet) Lines(s Snapshot) []Line {
	var out []Line
	add := func(key, labelKey, value string) {
		out = append(out, Line{Key: key, LabelKey: labelKey, Value: value})
	}
	out = append(out, Line{Key: "task_type", LabelKey: "proposal.f.task_type", ValueKey: "proposal.type." + string(s.TaskType)})
	for _, f := range r.Fields {
		from := len(out)
		switch f.Kind {
		case KindMonths:
			v := ""
			if s.DurationMonths > 0 {
				v = strconv.Itoa(s.DurationMonths)
			}
			out = append(out, Line{Key: "duration_months", Label: f.Label, Value: v})
		case KindBudget:
			add("state_budget", "proposal.f.state_budget", locale.Money(s.StateBudget))
			add("other_budget", "proposal.f.other_budget", locale.Money(s.OtherBudget))
			add("total_budget", "proposal.f.total_budget", locale.Money(s.TotalBudget()))
		default:
			out = append(out, Line{Key: f.Key, Label: f.Label, Value: s.Text(f.Key)})
		}
		for i := from; i < len(out); i++ {
			out[i].Form = f.Form
		}
	}
	add("areas", "proposal.f.areas", strings.Join(s.Areas, "\n"))
	if r.Limits.IndicatorsAllowed {
		add("indicators", "proposal.f.indicators", strings.Join(s.Indicators, "\n"))
	}
	add("contact_name", "proposal.f.contact_name", s.Contact.Name)
	add("contact_title", "proposal.f.contact_title", s.Contact.Title)
	add("contact_phone", "proposal.f.contact_phone", s.Contact.Phone)
	add("contact_email", "proposal.f.contact_email", s.Contact.Email)
	add("attachments", "proposal.f.attachments", strings.Join(s.Attachments, "\n"))
	return out
}

// Change is one field that differs between two versions.
type Change struct {
	Label    Line // label of the field (from the newer version)
	Before   Line
	After    Line
	Segments []Segment // word by word, for text values
}

// Op says what a diff segment is.
type Op string

const (
	Same    Op = "same"
	Removed Op = "del"
	Added   Op = "ins"
)

// Segment is a run of words kept, removed or added.
type Segment struct {
	Op   Op
	Text string
}

// Diff lists the fields that differ from a to b, in form order, with a
// word-level diff of each value.
func (r RuleSet) Diff(a, b Snapshot) []Change {
	before := map[string]Line{}
	for _, l := range r.Lines(a) {
		before[l.Key] = l
	}
	var out []Change
	for _, l := range r.Lines(b) {
		old := before[l.Key]
		if old.Value == l.Value && old.ValueKey == l.ValueKey {
			continue
		}
		c := Change{Label: l, Before: old, After: l}
		if l.ValueKey == "" {
			c.Segments = WordDiff(old.Value, l.Value)
		}
		out = append(out, c)
	}
	return out
}

// maxDiffCells bounds the word-diff table; beyond it the whole value is shown
// as replaced, which is still correct, only coarser.
const maxDiffCells = 4_000_000

// WordDiff compares two texts word by word (longest common subsequence),
// keeping spaces and line breaks with the words.
func WordDiff(a, b string) []Segment {
	x, y := tokens(a), tokens(b)
	if len(x)*len(y) > maxDiffCells {
		return merge(nil, []Segment{{Removed, a}, {Added, b}})
	}
	// lcs[i][j] is the common length of x[i:] and y[j:].
	w := len(y) + 1
	lcs := make([]int32, (len(x)+1)*w)
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	var out []Segment
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			out = merge(out, []Segment{{Same, x[i]}})
			i, j = i+1, j+1
		case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
			out = merge(out, []Segment{{Removed, x[i]}})
			i++
		default:
			out = merge(out, []Segment{{Added, y[j]}})
			j++
		}
	}
	for ; i < len(x); i++ {
		out = merge(out, []Segment{{Removed, x[i]}})
	}
	for ; j < len(y); j++ {
		out = merge(out, []Segment{{Added, y[j]}})
	}
	return out
}

// merge appends segments, joining runs of the same kind and dropping empty ones.
func merge(out, segs []Segment) []Segment {
	for _, s := range segs {
		if s.Text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Op == s.Op {
			out[n-1].Text += s.Text
			continue
		}
		out = append(out, s)
	}
	return out
}

// tokens splits text into words with their trailing spaces.
func tokens(s string) []string {
	var out []string
	start := 0
	inSpace := false
	for i, r := range s {
		space := r == ' ' || r == '\n' || r == '\t'
		if !space && inSpace {
			out = append(out, s[start:i])
			start = i
		}
		inSpace = space
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}
