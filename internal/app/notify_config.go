package app

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"time"

	"khcn/internal/notify"
)

// MailSettings say how and when email goes out.
type MailSettings struct {
	SMTP notify.SMTP
	// BaseURL is the address users reach the product at, for links in email.
	BaseURL string
	// DigestHour is the hour (Vietnam time, 0-23) daily digests go out.
	DigestHour int
	// Instance names this server when it claims outbox rows; empty means a
	// name made from the host name and a random suffix.
	Instance string
}

var processInstance = func() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return host + "-" + hex.EncodeToString(b)
}()

func (a *App) instance() string {
	if a.Mail.Instance != "" {
		return a.Mail.Instance
	}
	return processInstance
}

// Outbox timing. A claim outlives a whole batch of sends (each bounded by
// the SMTP timeout), and is renewed before each message, so a slow server
// never lets a second instance take a message that is being sent.
const (
	outboxEvery = 15 * time.Second
	outboxBatch = 10
	claimLease  = 10 * time.Minute
)
