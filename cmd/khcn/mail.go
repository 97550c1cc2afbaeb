package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"khcn/internal/app"
	"khcn/internal/notify"
)

// mailConfig holds the email settings of serve and demo (KHCN_SMTP_*). The
// password is read from the environment only, so it never shows in a
// process list.
type mailConfig struct {
	host, user, from, tls, baseURL string
	port, digestHour               int
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func (m *mailConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&m.host, "smtp-host", env("KHCN_SMTP_HOST", ""), "SMTP server; empty keeps notices in the app only")
	fs.IntVar(&m.port, "smtp-port", envInt("KHCN_SMTP_PORT", 0), "SMTP port (0: 587 for starttls, 465 for tls, 25 for none)")
	fs.StringVar(&m.user, "smtp-user", env("KHCN_SMTP_USER", ""), "SMTP login (password in KHCN_SMTP_PASSWORD)")
	fs.StringVar(&m.from, "smtp-from", env("KHCN_SMTP_FROM", ""), `sender, e.g. "Sở KH&CN Hà Nội <khcn@hanoi.gov.vn>"`)
	fs.StringVar(&m.tls, "smtp-tls", env("KHCN_SMTP_TLS", "starttls"), "starttls, tls, opportunistic or none")
	fs.StringVar(&m.baseURL, "base-url", env("KHCN_BASE_URL", ""), "address users reach khcn at, for links in email")
	fs.IntVar(&m.digestHour, "digest-hour", envInt("KHCN_DIGEST_HOUR", 7), "hour (Vietnam time) daily digests go out")
}

// settings checks the configuration and turns it into the app's settings.
func (m *mailConfig) settings(addr string) (app.MailSettings, error) {
	smtp := notify.SMTP{Host: m.host, Port: m.port, User: m.user, Password: os.Getenv("KHCN_SMTP_PASSWORD"), From: m.from,
		TLS: notify.TLSMode(strings.ToLower(m.tls))}
	if err := smtp.Validate(); err != nil {
		return app.MailSettings{}, err
	}
	if m.digestHour < 0 || m.digestHour > 23 {
		return app.MailSettings{}, fmt.Errorf("digest hour %d: use 0-23", m.digestHour)
	}
	base := m.baseURL
	if base == "" {
		base = "http://" + addr
	}
	return app.MailSettings{SMTP: smtp, BaseURL: base, DigestHour: m.digestHour}, nil
}
