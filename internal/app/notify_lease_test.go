package app_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"khcn/internal/notify"
	"khcn/internal/smtptest"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// A server dies holding a batch of mail (here: it claimed the batch, then
// hung on an SMTP server that never answers, and its process went away).
// Another server leaves the batch alone while the claim's lease runs, and
// sends it within about a minute; the lease used to be 10 minutes.
func TestDeadServersMailTakenBack(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := &clock{t: at(2024, 7, 22, 9, 0)}
		dead, alive := newApp(t, s, c, false), newApp(t, s, c, false)
		dead.Mail.Instance, alive.Mail.Instance = "server-dead", "server-alive"

		// An SMTP server that accepts connections and never says a word.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		go func() {
			for {
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				defer conn.Close()
			}
		}()
		port := ln.Addr().(*net.TCPAddr).Port
		dead.Mail.SMTP = notify.SMTP{Host: "127.0.0.1", Port: port, From: "KH&CN <thongbao@khcn.demo.vn>", TLS: notify.TLSNone, Timeout: 2 * time.Second}
		srv := smtptest.Start(t)
		alive.Mail.SMTP = mailTo(srv)

		const n = 3
		err = s.Tx(ctx, func(q store.Q) error {
			for i := 0; i < n; i++ {
				if err := q.InsertOutbox(ctx, store.OutboxMsg{ID: store.NewID(), To: fmt.Sprintf("nguoi%d@khcn.demo.vn", i), Lang: "vi", Kind: "notice",
					Items: []store.OutboxItem{{Kind: "test.notice", Key: "ntf.test_text", Args: []string{fmt.Sprint(i)}}}, CreatedAt: c.Now()}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		dctx, die := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { _, err := dead.DeliverEmails(dctx); done <- err }()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			if held(t, s, "server-dead") == n {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the first server never claimed the batch")
			}
		}
		die() // the process goes away: nothing more runs on its behalf
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Logf("dead server's last error: %v", err)
		}
		if held(t, s, "server-dead") != n {
			t.Fatal("the dead server released its claims (this test needs them held)")
		}

		c.Add(30 * time.Second)
		if sent, err := alive.DeliverEmails(ctx); err != nil || sent != 0 {
			t.Fatalf("within the lease: sent %d, %v (another server's live claim was taken)", sent, err)
		}
		c.Add(30 * time.Second) // a minute after the claim
		if sent, err := alive.DeliverEmails(ctx); err != nil || sent != n {
			t.Fatalf("a minute later: sent %d, %v, want %d (the dead server's claims were not taken back)", sent, err, n)
		}
		if got := uniqueIDs(t, srv.Messages()); got != n {
			t.Errorf("%d distinct emails, want %d", got, n)
		}
	})
}

// held counts the pending messages a server holds a claim on.
func held(t *testing.T, s *store.Store, by string) int {
	t.Helper()
	msgs, err := s.Read().OutboxList(context.Background(), store.OutboxPending, 100)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range msgs {
		if m.ClaimedBy == by && !m.ClaimedUntil.IsZero() {
			n++
		}
	}
	return n
}
