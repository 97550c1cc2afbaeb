package web

import (
	"net/url"
	"slices"
	"testing"
)

// The three-way merge, field by field: what only they changed is theirs,
// what only I changed is mine, what both changed differently is mine with
// a choice, and the result starts from their version.
func TestThreeWayMerge(t *testing.T) {
	base := url.Values{"title": {"Tên cũ"}, "goals": {"Mục tiêu cũ"}, "place": {"Hội trường A"}, "note": {"dòng 1\ndòng 2"},
		"areas": {"a1", "a2"}, "active": {"1"}, "same": {"x"}, "version": {"3"}}
	theirs := url.Values{"title": {"Tên mới của họ"}, "goals": {"Mục tiêu của họ"}, "place": {"Hội trường A"}, "note": {"dòng 1\ndòng 2"},
		"areas": {"a2", "a1"}, "active": {"1"}, "same": {"y"}, "version": {"4"}}
	mine := url.Values{"title": {"Tên cũ"}, "goals": {"Mục tiêu của tôi"}, "place": {"Hội trường B"}, "note": {"dòng 1\r\ndòng 2"},
		"areas": {"a1"}, "same": {"y"}, "version": {"3"}, "_base": {base.Encode()}, "_f": {"active", "areas"}}

	out, both := threeWay(mine, theirs)
	want := map[string][]string{
		"title":   {"Tên mới của họ"},   // only they changed it
		"goals":   {"Mục tiêu của tôi"}, // both changed it: mine, with a choice
		"place":   {"Hội trường B"},     // only I changed it
		"note":    {"dòng 1\r\ndòng 2"}, // the same text, line ends aside
		"areas":   {"a1"},               // I unticked a2; their order does not count
		"active":  nil,                  // I cleared the box (declared, absent)
		"same":    {"y"},                // both made the same change
		"version": {"4"},                // theirs: the next save succeeds
	}
	for k, v := range want {
		if !slices.Equal(out[k], v) {
			t.Errorf("%s = %q, want %q", k, out[k], v)
		}
	}
	if !slices.Equal(both, []string{"goals"}) || !slices.Equal(out[bothField], both) {
		t.Errorf("both changed: %v (form %v), want [goals]", both, out[bothField])
	}
	if nb, _ := baseOf(out); nb.Get("goals") != "Mục tiêu của họ" || nb.Has("version") {
		t.Errorf("the new base is not theirs: %v", nb)
	}

	// Without a base nothing can tell who changed what: what was posted is
	// kept and nothing is asked.
	delete(mine, "_base")
	out, both = threeWay(mine, theirs)
	if len(both) != 0 || out.Get("title") != "Tên cũ" || out.Get("version") != "4" || out.Has(baseField) {
		t.Errorf("without a base: %v %v", both, out)
	}
}

// The choice at a field both changed: "theirs" takes the stored value
// (the base of the merged form), "mine" keeps what is in the field; the
// machinery is gone once read.
func TestApplyPicks(t *testing.T) {
	base := url.Values{"goals": {"Mục tiêu của họ"}, "place": {"Hội trường A"}, "areas": {"a1", "a2"}}
	f := url.Values{"goals": {"Mục tiêu của tôi"}, "place": {"Hội trường B"}, "areas": {"a3"}, "title": {"Tên"},
		"_base": {base.Encode()}, "_both": {"goals", "place", "areas"}, "_pick.goals": {"theirs"}, "_pick.place": {"mine"},
		"_pick.areas": {"theirs"}, "_pick.title": {"theirs"}}
	applyPicks(f)
	want := url.Values{"goals": {"Mục tiêu của họ"}, "place": {"Hội trường B"}, "areas": {"a1", "a2"}, "title": {"Tên"}, "_base": {base.Encode()}}
	if f.Encode() != want.Encode() {
		t.Errorf("after the picks:\n%v\nwant\n%v", f, want)
	}
	// A tampered base cannot smuggle in the version.
	f = url.Values{"version": {"2"}, "_base": {"version=9"}, "_both": {"version"}, "_pick.version": {"theirs"}}
	applyPicks(f)
	if f.Get("version") != "2" {
		t.Errorf("version taken from the base: %v", f)
	}
}
