package hanoi

import (
	"testing"

	"khcn/internal/civil"
	"khcn/internal/orgunit"
)

func load(t *testing.T) *orgunit.Set {
	t.Helper()
	units, links, err := Units()
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 795 {
		t.Fatalf("links = %d, want 795", len(links))
	}
	return orgunit.NewSet(units, links)
}

func count(us []*orgunit.Unit, k orgunit.Kind) int {
	n := 0
	for _, u := range us {
		if u.Kind == k {
			n++
		}
	}
	return n
}

func TestUnitsBeforeAndAfterReorganisation(t *testing.T) {
	s := load(t)
	before := s.On(civil.New(2025, 6, 30))
	after := s.On(civil.New(2025, 7, 1))
	if n := count(before, orgunit.District); n != 30 {
		t.Errorf("districts on 30/6/2025 = %d", n)
	}
	if n := count(before, orgunit.Commune); n != 526 {
		t.Errorf("communes on 30/6/2025 = %d", n)
	}
	if n := count(after, orgunit.District); n != 0 {
		t.Errorf("districts on 1/7/2025 = %d", n)
	}
	if n := count(after, orgunit.Commune); n != 126 {
		t.Errorf("communes on 1/7/2025 = %d", n)
	}
	// Before 2014 there was no Bắc Từ Liêm.
	if s.Get(DistrictID("021")).ValidOn(civil.New(2010, 1, 1)) {
		t.Error("Bắc Từ Liêm valid in 2010")
	}
}

func TestSuccessorsAndFormedFrom(t *testing.T) {
	s := load(t)
	today := civil.New(2026, 11, 26)
	meLinh := DistrictID("250")
	succ := s.SuccessorsOn(meLinh, today)
	found := false
	for _, l := range succ {
		if l.Unit.Kind != orgunit.Commune || !l.Unit.Current() {
			t.Errorf("successor %s is not a current commune", l.Unit.Name)
		}
		if l.Whole {
			t.Errorf("district successor %s marked whole", l.Unit.Name)
		}
		if l.Unit.ID == CommuneID("09022") {
			found = true
		}
	}
	if !found {
		t.Errorf("xã Mê Linh not among Mê Linh district's successors: %v", succ)
	}
	// xã Sóc Sơn took thị trấn Sóc Sơn whole.
	var ttSocSon string
	for _, c := range s.Children(DistrictID("016"), civil.Date{}) {
		if c.Name == "Sóc Sơn" && c.Type == orgunit.TypeThiTran {
			ttSocSon = c.ID
		}
	}
	got := s.SuccessorsOn(ttSocSon, today)
	if len(got) != 1 || got[0].Unit.ID != CommuneID("00376") || !got[0].Whole {
		t.Errorf("thị trấn Sóc Sơn → %+v", got)
	}
	from := s.FormedFrom(CommuneID("00376"), civil.New(2024, 7, 19))
	if len(from) < 2 {
		t.Fatalf("xã Sóc Sơn formed from %d units", len(from))
	}
	for _, l := range from {
		if l.Unit.Kind != orgunit.Commune || l.Unit.Current() {
			t.Errorf("formed from %s, not a former commune", l.Unit.Name)
		}
	}
	if anc := s.Ancestors(ttSocSon); len(anc) != 2 || anc[0].ID != CityID || anc[1].ID != DistrictID("016") {
		t.Errorf("ancestors %v", anc)
	}
	if n := len(s.Descendants(DistrictID("016"))); n < 20 {
		t.Errorf("Sóc Sơn district has %d descendants", n)
	}
}
