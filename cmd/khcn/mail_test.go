package main

import (
	"strings"
	"testing"

	"khcn/internal/notify"
)

// KHCN_SMTP_* configure email; flags win over the environment; the
// password comes from the environment only; mistakes stop the start.
func TestMailSettings(t *testing.T) {
	t.Setenv("KHCN_SMTP_HOST", "mail.hanoi.gov.vn")
	t.Setenv("KHCN_SMTP_PORT", "465")
	t.Setenv("KHCN_SMTP_USER", "khcn")
	t.Setenv("KHCN_SMTP_PASSWORD", "bí-mật")
	t.Setenv("KHCN_SMTP_FROM", "Sở KH&CN Hà Nội <khcn@hanoi.gov.vn>")
	t.Setenv("KHCN_SMTP_TLS", "tls")
	var m mailConfig
	c, err := parse("serve", []string{"--digest-hour=6"}, m.register)
	if err != nil {
		t.Fatal(err)
	}
	s, err := m.settings(c.addr)
	if err != nil {
		t.Fatal(err)
	}
	want := notify.SMTP{Host: "mail.hanoi.gov.vn", Port: 465, User: "khcn", Password: "bí-mật", From: "Sở KH&CN Hà Nội <khcn@hanoi.gov.vn>", TLS: notify.TLSImplicit}
	if s.SMTP != want || s.DigestHour != 6 || s.BaseURL != "http://127.0.0.1:8080" {
		t.Fatalf("settings %+v", s)
	}
	for _, bad := range [][]string{{"--smtp-tls=ssl3"}, {"--smtp-from=không phải địa chỉ"}, {"--digest-hour=24"}} {
		var m mailConfig
		c, err := parse("serve", bad, m.register)
		if err == nil {
			_, err = m.settings(c.addr)
		}
		if err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	t.Setenv("KHCN_SMTP_HOST", "")
	var off mailConfig
	c, _ = parse("serve", nil, off.register)
	if s, err := off.settings(c.addr); err != nil || s.SMTP.Enabled() {
		t.Errorf("no host should mean email off: %+v %v", s, err)
	}
	if !strings.Contains(usage, "KHCN_SMTP_PASSWORD") {
		t.Error("usage does not document the password variable")
	}
}
