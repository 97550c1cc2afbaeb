package followup

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"khcn/internal/locale"
)

// SectionDraft is one recommendation read from section V (Kiến nghị, đề
// xuất) of a programme report.
type SectionDraft struct {
	Title       string
	Description string
	CategoryID  string
}

// bullet matches the markers people type before an item: "-", "+", "*",
// "•", "1.", "2)", "a)", "b.".
var bullet = regexp.MustCompile(`^\s*(?:[-+*•–]+|\d{1,2}[.)]|[a-zđ][.)])\s*`)

// titleMax is the longest title a recommendation takes.
const titleMax = 300

// FromSection reads section V one item per line. Lines that end in ":"
// introduce the list ("Đề nghị Sở KH&CN:") and are not items; very short
// lines are noise.
func FromSection(text string) []SectionDraft {
	var out []SectionDraft
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(bullet.ReplaceAllString(strings.TrimSpace(line), ""))
		if utf8.RuneCountInString(line) < 10 || strings.HasSuffix(line, ":") {
			continue
		}
		out = append(out, SectionDraft{Title: shorten(line, titleMax), Description: line, CategoryID: GuessCategory(line)})
	}
	return out
}

// shorten cuts s to at most n runes at a word boundary, marking the cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	if i := strings.LastIndex(string(r), " "); i > len(string(r))/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

// categoryWords are what each story category's recommendations say,
// without diacritics. The first category whose words appear wins, so the
// specific ones come first.
var categoryWords = []struct {
	ID    string
	Words []string
}{
	{"pollution", []string{"o nhiem", "chat thai", "nuoc thai", "moi truong", "lang nghe", "khu cong nghiep", "cum cong nghiep"}},
	{"ip_ocop", []string{"ocop", "nhan hieu", "so huu tri tue", "chi dan dia ly", "thuong hieu"}},
	{"training", []string{"tap huan", "dao tao", "boi duong", "trao doi kinh nghiem"}},
	{"hitech_agri", []string{"cong nghe cao", "mo hinh", "nong nghiep", "chan nuoi", "trong trot"}},
	{"digital_gov", []string{"chuyen doi so", "chinh quyen so", "phan mem", "du lieu"}},
}

// GuessCategory picks the story category a recommendation's text most
// likely belongs to; the Sở can change it when routing. "other" when
// nothing fits.
func GuessCategory(text string) string {
	words := strings.FieldsFunc(locale.Fold(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	f := " " + strings.Join(words, " ") + " "
	for _, c := range categoryWords {
		for _, w := range c.Words {
			if strings.Contains(f, " "+w+" ") {
				return c.ID
			}
		}
	}
	return "other"
}
