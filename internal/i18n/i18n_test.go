package i18n

import (
	"testing"
	"testing/fstest"
)

func TestCatalogueLoads(t *testing.T) {
	if len(Keys()) == 0 {
		t.Fatal("empty catalogue")
	}
	if got := T(VI, "app.name"); got == "app.name" {
		t.Fatal("app.name missing")
	}
	if got := T(EN, "no.such.key"); got != "no.such.key" {
		t.Fatal(got)
	}
}

func TestLoadRefusesDuplicatesAndGaps(t *testing.T) {
	dup := fstest.MapFS{
		"messages/a.json": {Data: []byte(`{"x":{"vi":"a","en":"a"}}`)},
		"messages/b.json": {Data: []byte(`{"x":{"vi":"b","en":"b"}}`)},
	}
	if _, err := load(dup); err == nil {
		t.Error("duplicate key accepted")
	}
	gap := fstest.MapFS{"messages/a.json": {Data: []byte(`{"x":{"vi":"a"}}`)}}
	if _, err := load(gap); err == nil {
		t.Error("missing English accepted")
	}
}

func TestPlaceholders(t *testing.T) {
	catalogue["test.ph"] = Msg{VI: "Hạn {0} ngày {1}", EN: "Due {0} on {1}"}
	defer delete(catalogue, "test.ph")
	if got := T(VI, "test.ph", 3, "05/02/2026"); got != "Hạn 3 ngày 05/02/2026" {
		t.Error(got)
	}
	if Parse("en-US") != EN || Parse("") != VI || Parse("fr") != VI {
		t.Error("Parse")
	}
}
