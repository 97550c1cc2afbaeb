package programme

import (
	"testing"

	"khcn/internal/civil"
	"khcn/internal/orgunit"
)

func TestRegistryValidation(t *testing.T) {
	base := Indicator{Code: "PUB_TRAINED", Name: "Số lượt cán bộ được tập huấn", Type: Number, Direction: Up, Aggregation: Sum,
		ReporterKinds: []orgunit.Kind{orgunit.District}}
	for _, tc := range []struct {
		name string
		edit func(*Indicator)
		bad  bool
	}{
		{"none", func(*Indicator) {}, false},
		{"known registry", func(i *Indicator) { i.Registry = RegistryTrainingPeople }, false},
		{"unknown registry", func(i *Indicator) { i.Registry = "budget.spent" }, true},
		{"percent", func(i *Indicator) { i.Registry, i.Type, i.Aggregation = RegistryTrainings, Percent, Avg }, true},
		{"formula", func(i *Indicator) {
			i.Registry, i.Aggregation, i.Formula, i.ReporterKinds = RegistryTrainings, Formula, "A + B", nil
		}, true},
	} {
		ind := base
		tc.edit(&ind)
		if got := ind.Validate().Has("registry"); got != tc.bad {
			t.Errorf("%s: registry error %v, want %v (%v)", tc.name, got, tc.bad, ind.Validate())
		}
	}
}

func TestRegistrySpan(t *testing.T) {
	p := Programme{StartYear: 2021, EndYear: 2025}
	per := Period{Start: civil.New(2023, 12, 15), End: civil.New(2024, 6, 14)}
	if from, to := RegistrySpan(Indicator{}, p, per); from != per.Start || to != per.End {
		t.Errorf("periodic span %v–%v", from, to)
	}
	if from, to := RegistrySpan(Indicator{Cumulative: true}, p, per); from != civil.New(2021, 1, 1) || to != per.End {
		t.Errorf("cumulative span %v–%v", from, to)
	}
}

func TestCheckRegistry(t *testing.T) {
	inds := []Indicator{{Code: "A", Name: "Lớp tập huấn", Type: Number}, {Code: "B", Name: "Tin bài", Type: Number}, {Code: "C", Name: "Khác", Type: Number}}
	vals := map[string]Value{"A": NumValue(12), "B": NumValue(5), "C": NumValue(1)}
	counts := map[string]float64{"A": 9, "B": 5}
	w := CheckRegistry(inds, vals, map[string]string{}, counts)
	if len(w) != 1 || w[Field("A")].Key != "warn.val.registry" || w[Field("A")].Args[1] != "12" || w[Field("A")].Args[2] != "9" {
		t.Fatalf("warnings %+v", w)
	}
	if w := CheckRegistry(inds, vals, map[string]string{"A": "Hai lớp chưa nhập sổ"}, counts); len(w) != 0 {
		t.Errorf("an explained difference still warns: %+v", w)
	}
	if w := CheckRegistry(inds, map[string]Value{}, nil, counts); len(w) != 0 {
		t.Errorf("a missing value warns about the registry: %+v", w)
	}
}
