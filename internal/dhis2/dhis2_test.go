package dhis2

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"khcn/internal/programme"
)

func TestPeriods(t *testing.T) {
	for _, c := range []struct {
		in   string
		year int
		kind programme.PeriodKind
	}{{"2024S1", 2024, programme.FirstHalf}, {"2024S2", 2024, programme.SecondHalf}, {"2024", 2024, programme.Year}, {" 2025S2 ", 2025, programme.SecondHalf}} {
		y, k, err := ParsePeriod(c.in)
		if err != nil || y != c.year || k != c.kind {
			t.Errorf("%q: %d %s %v", c.in, y, k, err)
		}
		if got := FormatPeriod(programme.Period{Year: y, Kind: k}); got != strings.TrimSpace(c.in) {
			t.Errorf("format %q: %q", c.in, got)
		}
	}
	for _, bad := range []string{"2024Q1", "202401", "2024S3", "24S1", "", "2024-H1"} {
		if _, _, err := ParsePeriod(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if got := FormatPeriod(programme.Period{Kind: programme.Custom, Code: "2024-Q3", Year: 2024}); got != "2024-Q3" {
		t.Errorf("custom: %q", got)
	}
}

// DHIS2's value forms go through the form's parser unchanged in meaning.
func TestValuesRoundTrip(t *testing.T) {
	for _, c := range []struct {
		t   programme.ValueType
		v   programme.Value
		out string
	}{
		{programme.Number, programme.NumValue(1234.5), "1234.5"},
		{programme.Number, programme.NumValue(12), "12"},
		{programme.Percent, programme.NumValue(82.75), "82.75"},
		{programme.Money, programme.MoneyValue(14837629000), "14837629000"},
		{programme.YesNo, programme.BoolValue(true), "true"},
		{programme.YesNo, programme.BoolValue(false), "false"},
		{programme.Text, programme.TextValue("Đã ban hành, 1.234 người"), "Đã ban hành, 1.234 người"},
	} {
		s := FormatValue(c.t, c.v)
		if s != c.out {
			t.Errorf("format %v: %q, want %q", c.v, s, c.out)
		}
		back, key := programme.ParseValue(c.t, FormRaw(c.t, s))
		if key != "" || !reflect.DeepEqual(back, c.v) {
			t.Errorf("%s %q back: %+v %s", c.t, s, back, key)
		}
	}
	// What the form refuses, DHIS2's values are refused for too.
	if _, key := programme.ParseValue(programme.Number, FormRaw(programme.Number, "12 ha")); key == "" {
		t.Error("12 ha accepted")
	}
	if _, key := programme.ParseValue(programme.YesNo, FormRaw(programme.YesNo, "maybe")); key == "" {
		t.Error("maybe accepted as yes/no")
	}
}

func TestCSV(t *testing.T) {
	vals := []DataValue{
		{DataElement: "C_ONLINE", Period: "2026", OrgUnit: "09022", Value: "72.5", Comment: "Có, theo báo cáo \"quý\"", LastUpdated: "2026-12-01T03:00:00Z"},
		{DataElement: "C_PLAN", Period: "2026", OrgUnit: "09022", Value: "true", FollowUp: true},
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, vals); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment,followup\n") {
		t.Fatalf("header: %q", b.String())
	}
	got, err := ReadCSV(&b)
	if err != nil || !reflect.DeepEqual(got, vals) {
		t.Fatalf("read back %+v %v", got, err)
	}
	// Without a header, in DHIS2's order; with one, by name in any order.
	got, err = ReadCSV(strings.NewReader("C_ONLINE,2026,09022,,,70\n"))
	if err != nil || len(got) != 1 || got[0].Value != "70" || got[0].OrgUnit != "09022" {
		t.Fatalf("no header: %+v %v", got, err)
	}
	got, err = ReadCSV(strings.NewReader("\ufeffvalue,orgunit,period,dataelement\n5,09022,2026S1,C_TASKS\n"))
	if err != nil || len(got) != 1 || got[0].DataElement != "C_TASKS" || got[0].Period != "2026S1" || got[0].Value != "5" {
		t.Fatalf("by name: %+v %v", got, err)
	}
	if _, err := ReadCSV(strings.NewReader("a,\"b\n")); err == nil {
		t.Error("broken CSV read")
	}
}

func TestJSONAndSummary(t *testing.T) {
	s, err := ReadJSON([]byte(`{"dataSet":"NQ57-HN","period":"2026","orgUnit":"hn-09022","dataValues":[{"dataElement":"C_ONLINE","value":"70"},{"dataElement":"C_TASKS","period":"2026","orgUnit":"hn-00376","value":"3"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	f := s.Filled()
	if f[0].Period != "2026" || f[0].OrgUnit != "hn-09022" || f[1].OrgUnit != "hn-00376" {
		t.Errorf("filled %+v", f)
	}
	if _, err := ReadJSON([]byte(`{"dataValues":[`)); err == nil {
		t.Error("broken JSON read")
	}
	var sum ImportSummary
	sum.ImportCount.Imported = 1
	sum.AddConflict(Conflict{Object: "C_ONLINE", Value: "x", ErrorCode: CodeValue, Indexes: []int{0}})
	sum.AddConflict(Conflict{Object: "C_ONLINE", Value: "x", ErrorCode: CodeValue, Indexes: []int{3}})
	sum.Summarise(4, true)
	if sum.Status != "ERROR" || sum.ImportCount.Ignored != 4 || sum.ImportCount.Imported != 0 || len(sum.Conflicts) != 1 ||
		!reflect.DeepEqual(sum.Conflicts[0].Indexes, []int{0, 3}) {
		t.Errorf("atomic summary %+v", sum)
	}
	sum = ImportSummary{ImportCount: ImportCount{Imported: 3, Ignored: 1}}
	sum.AddConflict(Conflict{Object: "X", ErrorCode: CodeDataElement, Indexes: []int{2}})
	sum.Summarise(4, false)
	if sum.Status != "WARNING" || sum.ImportCount.Imported != 3 {
		t.Errorf("per-value summary %+v", sum)
	}
	sum = ImportSummary{}
	sum.Summarise(0, true)
	if sum.Status != "SUCCESS" || sum.Conflicts == nil || sum.ResponseType != "ImportSummary" {
		t.Errorf("empty summary %+v", sum)
	}
}
