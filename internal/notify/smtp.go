// Package notify turns notifications into email: the SMTP mailer, the
// composition of single notices and digests in the reader's language, the
// retry schedule of the outbox, and when reminders fall due. The outbox
// itself lives in the database (store) and is worked by jobs in package app.
package notify

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLSMode says how the connection to the SMTP server is protected.
type TLSMode string

const (
	// TLSStartTLS requires STARTTLS (submission port 587).
	TLSStartTLS TLSMode = "starttls"
	// TLSImplicit connects over TLS from the start (port 465).
	TLSImplicit TLSMode = "tls"
	// TLSOpportunistic uses STARTTLS when the server offers it.
	TLSOpportunistic TLSMode = "opportunistic"
	// TLSNone sends in clear text; only for a relay on the same host.
	TLSNone TLSMode = "none"
)

// SMTP is how to reach the mail server (KHCN_SMTP_*). An empty Host turns
// email off: notices stay in the app and queued emails wait.
type SMTP struct {
	Host     string
	Port     int // 0 = the mode's usual port
	User     string
	Password string
	From     string // "Sở KH&CN Hà Nội <khcn@hanoi.gov.vn>"
	TLS      TLSMode
	Timeout  time.Duration // per connection and command; 0 = 20s
}

// Enabled reports whether email is configured.
func (c SMTP) Enabled() bool { return c.Host != "" }

// Validate checks a configuration at start-up, so mistakes show at once
// rather than as failed sends.
func (c SMTP) Validate() error {
	if !c.Enabled() {
		return nil
	}
	switch c.TLS {
	case TLSStartTLS, TLSImplicit, TLSOpportunistic, TLSNone:
	default:
		return fmt.Errorf("smtp: TLS mode %q: use starttls, tls, opportunistic or none", c.TLS)
	}
	if c.Port < 0 || c.Port > 65535 {
		return fmt.Errorf("smtp: bad port %d", c.Port)
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("smtp: sender address %q: %w", c.From, err)
	}
	return nil
}

func (c SMTP) port() int {
	if c.Port != 0 {
		return c.Port
	}
	switch c.TLS {
	case TLSImplicit:
		return 465
	case TLSNone:
		return 25
	}
	return 587
}

func (c SMTP) options() []gomail.Option {
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 20 * time.Second
	}
	opts := []gomail.Option{gomail.WithPort(c.port()), gomail.WithTimeout(timeout)}
	switch c.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSOpportunistic:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if c.User != "" {
		// Over TLS the best mechanism the server offers is used. Without TLS
		// go-mail would pick none of the clear-text ones, so PLAIN is named;
		// it still refuses to send the password anywhere but to localhost.
		mech := gomail.SMTPAuthAutoDiscover
		if c.TLS == TLSNone {
			mech = gomail.SMTPAuthPlain
		}
		opts = append(opts, gomail.WithSMTPAuth(mech), gomail.WithUsername(c.User), gomail.WithPassword(c.Password))
	}
	return opts
}

// Conn is an open session with the SMTP server, for sending a batch.
type Conn struct {
	client *gomail.Client
	from   string
}

// Dial opens a session.
func (c SMTP) Dial(ctx context.Context) (*Conn, error) {
	client, err := gomail.NewClient(c.Host, c.options()...)
	if err != nil {
		return nil, err
	}
	if err := client.DialWithContext(ctx); err != nil {
		return nil, err
	}
	return &Conn{client: client, from: c.From}, nil
}

// Send delivers one email over the session.
func (cn *Conn) Send(e Email) error {
	m, err := e.message(cn.from)
	if err != nil {
		return err
	}
	return cn.client.Send(m)
}

// Close ends the session.
func (cn *Conn) Close() error { return cn.client.Close() }

// Permanent reports whether the server refused a message for good (a 5xx
// reply to the sender, a recipient or the content), so retrying is useless.
// Connection and authentication trouble is never permanent: it may be fixed.
func Permanent(err error) bool {
	var se *gomail.SendError
	if !errors.As(err, &se) || se.IsTemp() {
		return false
	}
	switch se.Reason {
	case gomail.ErrSMTPMailFrom, gomail.ErrSMTPRcptTo, gomail.ErrSMTPData, gomail.ErrSMTPDataClose:
		return se.ErrorCode() >= 500 && se.ErrorCode() < 600
	}
	return false
}

// Email is one composed message.
type Email struct {
	ID      string // outbox ID; the Message-ID is built from it
	To      string
	Subject string
	Text    string
	HTML    string
	Date    time.Time
}

// MessageID is stable for an outbox row, so that a message sent again after
// a crash between sending and recording it is recognised as the same one.
func (e Email) MessageID(domain string) string { return e.ID + "@" + domain }

func (e Email) message(from string) (*gomail.Msg, error) {
	m := gomail.NewMsg()
	if err := m.From(from); err != nil {
		return nil, err
	}
	if err := m.To(e.To); err != nil {
		return nil, err
	}
	addr, _ := mail.ParseAddress(from)
	domain := "khcn.local"
	if addr != nil {
		if i := strings.LastIndex(addr.Address, "@"); i >= 0 {
			domain = addr.Address[i+1:]
		}
	}
	m.SetMessageIDWithValue(e.MessageID(domain))
	m.SetDateWithValue(e.Date)
	m.Subject(e.Subject)
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetBulk()
	m.SetBodyString(gomail.TypeTextPlain, e.Text)
	if e.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, e.HTML)
	}
	return m, nil
}
