package locale

import (
	"bytes"
	"slices"
	"testing"
)

// Stored keys sort as the collation does: đ after d, tones after letters.
func TestKeyOrdersAsCollation(t *testing.T) {
	names := []string{"Đông Anh", "Dương Nội", "Ô Chợ Dừa", "Ba Vì", "Hòa Lạc", "Hoà Bình", "Hóa", "Sóc Sơn", "Mê Linh", "Ứng Hòa", "An Khánh"}
	want := slices.Clone(names)
	SortStrings(want)
	got := slices.Clone(names)
	slices.SortFunc(got, func(a, b string) int { return bytes.Compare(Key(a), Key(b)) })
	if !slices.Equal(got, want) {
		t.Fatalf("by key %v, by collation %v", got, want)
	}
	if slices.Index(want, "Dương Nội") > slices.Index(want, "Đông Anh") {
		t.Fatalf("đ before d: %v", want)
	}
}
