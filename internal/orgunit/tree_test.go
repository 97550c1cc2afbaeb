package orgunit

import (
	"testing"

	"khcn/internal/civil"
)

// A small reorganisation: district D (communes a, b, c) ends on 30/6; new
// commune X takes a whole and part of b, new commune Y takes the rest of b and c.
func sample() *Set {
	old, cut := civil.New(2020, 1, 1), civil.New(2025, 6, 30)
	newFrom := civil.New(2025, 7, 1)
	units := []Unit{
		{ID: "p", Name: "Tỉnh", Kind: Province, Path: "/p/", ValidFrom: old},
		{ID: "d", Name: "Huyện Đông", Kind: District, ParentID: "p", Path: "/p/d/", ValidFrom: old, ValidTo: cut},
		{ID: "a", Name: "Ân", Kind: Commune, ParentID: "d", Path: "/p/d/a/", ValidFrom: old, ValidTo: cut},
		{ID: "b", Name: "Bình", Kind: Commune, ParentID: "d", Path: "/p/d/b/", ValidFrom: old, ValidTo: cut},
		{ID: "c", Name: "An", Kind: Commune, ParentID: "d", Path: "/p/d/c/", ValidFrom: old, ValidTo: cut},
		{ID: "x", Name: "Xuân", Kind: Commune, ParentID: "p", Path: "/p/x/", ValidFrom: newFrom},
		{ID: "y", Name: "Yên", Kind: Commune, ParentID: "p", Path: "/p/y/", ValidFrom: newFrom},
	}
	links := []Link{
		{FromID: "a", ToID: "x", Share: Whole},
		{FromID: "b", ToID: "x", Share: Part},
		{FromID: "b", ToID: "y", Share: Part},
		{FromID: "c", ToID: "y", Share: Whole},
	}
	return NewSet(units, links)
}

func ids(ls []Lineage) map[string]bool {
	m := map[string]bool{}
	for _, l := range ls {
		m[l.Unit.ID] = l.Whole
	}
	return m
}

func TestUnitsOnDate(t *testing.T) {
	s := sample()
	before := s.On(civil.New(2025, 6, 30))
	if len(before) != 5 {
		t.Fatalf("before: %d", len(before))
	}
	// Vietnamese order: An, Ân, Bình, Huyện Đông, Tỉnh.
	if before[0].Name != "An" || before[1].Name != "Ân" {
		t.Errorf("order %s %s", before[0].Name, before[1].Name)
	}
	if got := len(s.On(civil.New(2025, 7, 1))); got != 3 {
		t.Errorf("after: %d", got)
	}
	if kids := s.Children("d", civil.New(2024, 1, 1)); len(kids) != 3 {
		t.Errorf("children in 2024: %d", len(kids))
	}
	if kids := s.Children("d", civil.New(2026, 1, 1)); len(kids) != 0 {
		t.Errorf("children in 2026: %d", len(kids))
	}
}

func TestSuccessors(t *testing.T) {
	s := sample()
	today := civil.New(2026, 1, 1)
	if got := ids(s.SuccessorsOn("a", today)); len(got) != 1 || !got["x"] {
		t.Errorf("a → %v", got)
	}
	if got := ids(s.SuccessorsOn("b", today)); len(got) != 2 || got["x"] || got["y"] {
		t.Errorf("b → %v (both partial)", got)
	}
	// A district without links follows its communes, always partially.
	if got := ids(s.SuccessorsOn("d", today)); len(got) != 2 || got["x"] || got["y"] {
		t.Errorf("d → %v", got)
	}
	// A unit still valid is its own successor.
	if got := ids(s.SuccessorsOn("x", today)); len(got) != 1 || !got["x"] {
		t.Errorf("x → %v", got)
	}
}

func TestFormedFromAndAncestry(t *testing.T) {
	s := sample()
	got := ids(s.FormedFrom("x", civil.New(2025, 6, 30)))
	if len(got) != 2 || !got["a"] || got["b"] {
		t.Errorf("x formed from %v", got)
	}
	if anc := s.Ancestors("b"); len(anc) != 2 || anc[0].ID != "p" || anc[1].ID != "d" {
		t.Errorf("ancestors %v", anc)
	}
	if d := s.Descendants("p"); len(d) != 6 {
		t.Errorf("descendants %d", len(d))
	}
	u := s.Get("b")
	if !u.Within("/p/d/") || u.Within("/p/x/") || u.Within("") {
		t.Error("Within")
	}
	if !u.ValidOn(civil.New(2025, 6, 30)) || u.ValidOn(civil.New(2025, 7, 1)) || u.Current() {
		t.Error("ValidOn")
	}
}
