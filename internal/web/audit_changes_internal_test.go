package web

import (
	"reflect"
	"testing"
)

// The log shows what an edit changed, field by field, not two whole
// records; bookkeeping fields are left out; a new record lists what it was
// created with.
func TestAuditChanges(t *testing.T) {
	before := `{"ID":"p1","Title":"Hoa ly Mê Linh","Stars":3,"Version":4,"UpdatedAt":"2026-12-01T00:00:00Z","TitleFold":"hoa ly me linh","Tags":["a"]}`
	after := `{"ID":"p1","Title":"Hoa ly Mê Linh","Stars":4,"Version":5,"UpdatedAt":"2026-12-06T00:00:00Z","TitleFold":"hoa ly me linh","Tags":["a","b"],"Note":"Đạt 4 sao"}`
	got, more := auditChanges(before, after)
	want := []auditChange{{"Note", "", "Đạt 4 sao"}, {"Stars", "3", "4"}, {"Tags", `["a"]`, `["a","b"]`}}
	if !reflect.DeepEqual(got, want) || more != 0 {
		t.Errorf("changes %+v (+%d), want %+v", got, more, want)
	}
	created, _ := auditChanges("", `{"ID":"u1","Name":"Xã Mê Linh","Version":1,"Empty":""}`)
	if !reflect.DeepEqual(created, []auditChange{{"ID", "", "u1"}, {"Name", "", "Xã Mê Linh"}}) {
		t.Errorf("created %+v", created)
	}
	if c, _ := auditChanges("not json", "{}"); c != nil {
		t.Errorf("a record that is not an object: %+v", c)
	}
}
