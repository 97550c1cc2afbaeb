package web

import (
	"testing"

	"khcn/internal/i18n"
	"khcn/internal/store"
)

// An action without a label of its own reads as the verb and the kind of
// object; abbreviations in the kind keep their capitals ("Sửa chủ thể OCOP",
// not "Sửa chủ thể ocop"), in both languages.
func TestAuditLabelKeepsAbbreviations(t *testing.T) {
	for _, c := range []struct {
		lang         i18n.Lang
		action, kind string
		want         string
	}{
		{i18n.VI, "ocop.producer.update", "ocop_producer", "Sửa chủ thể OCOP"},
		{i18n.VI, "ocop.ip.update", "ocop_ip", "Sửa văn bằng SHTT"},
		{i18n.EN, "ocop.producer.update", "ocop_producer", "Edited OCOP producer"},
		{i18n.EN, "ocop.ip.update", "ocop_ip", "Edited IP title"},
		{i18n.EN, "ocop.plan.update", "ocop_plan", "Edited upgrade plan"},
	} {
		if i18n.Has("audit.act." + c.action) {
			t.Fatalf("%s has a label of its own; pick an action without one", c.action)
		}
		got := auditLine(c.lang, store.AuditEntry{Action: c.action, ObjectType: c.kind}, nil).Label
		if got != c.want {
			t.Errorf("%s %s: label %q, want %q", c.lang, c.action, got, c.want)
		}
	}
}
