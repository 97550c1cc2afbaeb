package council_test

import (
	"testing"

	"khcn/internal/council"
	"khcn/internal/hanoi"
	"khcn/internal/orgunit"
)

// On the real Hà Nội map: today's Xã Mê Linh was formed from communes of
// the former Mê Linh, Đan Phượng and Đông Anh districts (Đại Mạch, in
// part), so a member from it is recused from what those districts filed,
// and not from Gia Lâm or Sóc Sơn, which gave it nothing. Followed
// sideways through the part-splits, the walk reached most of the city.
func TestRecusalOnTheHanoiMap(t *testing.T) {
	units, links, err := hanoi.Units()
	if err != nil {
		t.Fatal(err)
	}
	set := orgunit.NewSet(units, links)
	own := council.Related(set, hanoi.CommuneID("09022"))
	for code, want := range map[string]bool{"250": true, "273": true, "017": true, "018": false, "016": false} {
		if got := own[hanoi.DistrictID(code)]; got != want {
			t.Errorf("member of Xã Mê Linh, proposal of the former district %s: recused %v, want %v", code, got, want)
		}
	}
	if own[hanoi.CommuneID("00565")] {
		t.Error("member of Xã Mê Linh recused from today's Xã Gia Lâm")
	}
	if n := len(own); n > 40 {
		t.Errorf("a member of Xã Mê Linh is recused from %d units", n)
	}
}
