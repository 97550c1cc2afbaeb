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

// Outbox timing. A claim is a short lease that the claiming server renews
// every claimRenew while it works on the batch (and before each message), so
// a batch held by a server that died goes back to the others within about a
// minute (the lease, then the next outbox run), never while its owner is
// still sending. Mail is therefore at-least-once: a server that dies after
// the SMTP server took a message but before it was marked sent lets another
// server send it again, with the same Message-ID.
const (
	outboxEvery = 15 * time.Second
	outboxBatch = 10
	claimLease  = 45 * time.Second
	claimRenew  = claimLease / 3
)
