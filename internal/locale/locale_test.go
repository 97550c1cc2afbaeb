package locale

import (
	"slices"
	"testing"
	"time"

	"khcn/internal/civil"
)

func TestNumbers(t *testing.T) {
	cases := []struct {
		got, want string
	}{
		{Int(0), "0"},
		{Int(999), "999"},
		{Int(1234567), "1.234.567"},
		{Int(-14837629000), "-14.837.629.000"},
		{Decimal(1234567.89, 2), "1.234.567,89"},
		{Decimal(8.25, 2), "8,25"},
		{Decimal(12, 2), "12"},
		{Decimal(-0.5, 1), "-0,5"},
		{Percent(87.54), "87,5%"},
		{MillionDong(1_500_000_000), "1.500"},
		{MillionDong(2_750_500), "2,751"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q want %q", c.got, c.want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	ok := map[string]float64{
		"1.234.567": 1234567, "1.234.567,5": 1234567.5, "8,25": 8.25, "12": 12,
		"-3": -3, "1234.5": 1234.5, "0.123": 0.123, "1.234": 1234, " 42 ": 42,
	}
	for in, want := range ok {
		got, err := ParseNumber(in)
		if err != nil || got != want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "N/A", "abc", "1,2,3", "12.34.5", "1e5", "--1", ".", "NaN", "Inf", "1.2345,6"} {
		if _, err := ParseNumber(in); err == nil {
			t.Errorf("ParseNumber(%q) accepted", in)
		}
	}
	if _, err := ParseMoney("1,5"); err == nil {
		t.Error("money with decimals accepted")
	}
	if v, err := ParseMoney("1.500.000.000"); err != nil || v != 1_500_000_000 {
		t.Errorf("ParseMoney = %v %v", v, err)
	}
}

func TestDates(t *testing.T) {
	d := civil.New(2026, 2, 5)
	if got := Date(d); got != "05/02/2026" {
		t.Error(got)
	}
	if got := LongDate(d); got != "ngày 05 tháng 02 năm 2026" {
		t.Error(got)
	}
	if got := LongDate(civil.New(2024, 7, 15)); got != "ngày 15 tháng 7 năm 2024" {
		t.Error(got)
	}
	for in, want := range map[string]civil.Date{"1/7/2025": civil.New(2025, 7, 1), "30/06/2025": civil.New(2025, 6, 30), "2025-07-01": civil.New(2025, 7, 1)} {
		got, err := ParseDate(in)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %v %v", in, got, err)
		}
	}
	for _, in := range []string{"31/02/2025", "00/01/2025", "1/13/2025", "hôm qua", ""} {
		if _, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) accepted", in)
		}
	}
	// 23:30 UTC on 30/6 is already 1/7 in Hanoi.
	if got := Today(time.Date(2025, 6, 30, 23, 30, 0, 0, time.UTC)); got != civil.New(2025, 7, 1) {
		t.Error(got)
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Mê Linh":                   "me linh",
		"Đông  Anh":                 "dong anh",
		"NÔNG NGHIỆP công nghệ cao": "nong nghiep cong nghe cao",
		"hoà":                       "hoa",
		"hòa":                       "hoa",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q want %q", in, got, want)
		}
	}
}

func TestVietnameseSort(t *testing.T) {
	got := []string{"Đông Anh", "Ba Vì", "Ứng Hòa", "Dương Nội", "Ân Thi", "An Khánh", "Ô Chợ Dừa", "Ông Ích Khiêm", "Yên Nghĩa"}
	SortStrings(got)
	want := []string{"An Khánh", "Ân Thi", "Ba Vì", "Dương Nội", "Đông Anh", "Ô Chợ Dừa", "Ông Ích Khiêm", "Ứng Hòa", "Yên Nghĩa"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v", got)
	}
	// Tones sort after letters: a à ả ã á ạ.
	tones := []string{"ạ", "á", "ã", "ả", "à", "a"}
	SortStrings(tones)
	if !slices.Equal(tones, []string{"a", "à", "ả", "ã", "á", "ạ"}) {
		t.Errorf("tones %v", tones)
	}
}
