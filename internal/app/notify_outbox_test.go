package app_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"khcn/internal/app"
	"khcn/internal/smtptest"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// The SMTP server goes away and comes back: what was queued meanwhile is
// retried with backoff and delivered once it is back, nothing twice.
func TestOutboxSurvivesSMTPOutage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := &clock{t: at(2024, 7, 22, 9, 0)}
		a := newApp(t, s, c, true)
		srv := smtptest.Start(t)
		a.Mail.SMTP, a.Mail.BaseURL = mailTo(srv), "https://khcn.example.vn"
		melinh, socson, so := actor(t, a, "canbo.melinh"), actor(t, a, "canbo.socson"), actor(t, a, "chuyenvien")

		notice(t, a, "Kiến nghị về tập huấn đã được tiếp nhận", melinh.User.ID, socson.User.ID, so.User.ID)
		notice(t, a, "Việc mới: tuyên truyền Chương trình 07", melinh.User.ID)
		if n, err := a.QueueEmails(ctx); err != nil || n != 3 {
			t.Fatalf("queued %d, %v (two notices of one user make one email)", n, err)
		}
		if n, err := a.DeliverEmails(ctx); err != nil || n != 3 {
			t.Fatalf("sent %d, %v", n, err)
		}
		var toMelinh smtptest.Message
		for _, m := range srv.Messages() {
			if m.To[0] == melinh.User.Email {
				toMelinh = m
			}
		}
		if body := toMelinh.Text(); !strings.Contains(body, "tuyên truyền Chương trình 07") || !strings.Contains(body, "tập huấn") ||
			!strings.Contains(body, "https://khcn.example.vn/") {
			t.Errorf("grouped email to Mê Linh:\n%s", body)
		}

		srv.Stop()
		notice(t, a, "Nhắc hạn trả lời kiến nghị", so.User.ID)
		notice(t, a, "Việc quá hạn", socson.User.ID)
		a.QueueEmails(ctx)
		if n, err := a.DeliverEmails(ctx); err == nil || n != 0 {
			t.Fatalf("server down: sent %d, err %v", n, err)
		}
		if st := outboxStates(t, s); st[store.OutboxPending] != 2 || st[store.OutboxSent] != 3 {
			t.Fatalf("after failure: %v", st)
		}
		// Nothing is retried before its backoff has passed.
		if n, err := a.DeliverEmails(ctx); n != 0 || err != nil {
			t.Fatalf("retried at once: %d %v", n, err)
		}
		c.Add(31 * time.Second)
		if _, err := a.DeliverEmails(ctx); err == nil {
			t.Fatal("second attempt should fail too")
		}
		srv.Restart()
		c.Add(30 * time.Second) // the second backoff is a minute
		if n, _ := a.DeliverEmails(ctx); n != 0 {
			t.Fatal("retried before the backoff")
		}
		c.Add(31 * time.Second)
		if n, err := a.DeliverEmails(ctx); err != nil || n != 2 {
			t.Fatalf("after restart: sent %d, %v", n, err)
		}
		if n, _ := a.DeliverEmails(ctx); n != 0 {
			t.Fatal("sent again")
		}
		if got := uniqueIDs(t, srv.Messages()); got != 5 {
			t.Errorf("%d distinct emails, want 5", got)
		}
		if st := outboxStates(t, s); st[store.OutboxSent] != 5 || st[store.OutboxPending] != 0 {
			t.Errorf("final states %v", st)
		}
	})
}

// A recipient the server refuses for good is given up at once and shown to
// the administrator, who can send it again.
func TestOutboxPermanentFailure(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: at(2024, 7, 22, 9, 0)}
	a := newApp(t, testdb.SQLite(t), c, true)
	srv := smtptest.Start(t)
	a.Mail.SMTP = mailTo(srv)
	melinh, admin := actor(t, a, "canbo.melinh"), actor(t, a, "admin")
	srv.Reject(melinh.User.Email)
	notice(t, a, "x", melinh.User.ID)
	a.QueueEmails(ctx)
	a.DeliverEmails(ctx)
	st, err := a.MailStatus(ctx, admin)
	if err != nil || len(st.Failed) != 1 || !strings.Contains(st.Failed[0].LastError, "550") {
		t.Fatalf("failed list: %+v, %v", st.Failed, err)
	}
	if _, err := a.MailStatus(ctx, melinh); err == nil {
		t.Error("an officer sees the outbox")
	}
	if err := a.RequeueEmail(ctx, admin, st.Failed[0].ID); err != nil {
		t.Fatal(err)
	}
	if st := outboxStates(t, a.Store); st[store.OutboxPending] != 1 {
		t.Errorf("requeued: %v", st)
	}
}

// Two servers on one database, SMTP down then up: every email goes out
// exactly once.
func TestTwoInstancesSendEachEmailOnce(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		file := "sqlite:" + filepath.Join(t.TempDir(), "shared.db")
		twoInstances(t, file)
	})
	t.Run("postgres", func(t *testing.T) {
		if u, _ := testdb.PostgresURL(); u == "" {
			testdb.Engines(t) // fails in CI, says why otherwise
			t.Skip("PostgreSQL not configured")
		}
		twoInstances(t, testdb.NewPostgresURL(t))
	})
}

func twoInstances(t *testing.T, url string) {
	ctx := context.Background()
	open := func() *store.Store {
		s, err := store.Open(ctx, url, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	c := &clock{t: at(2024, 7, 22, 9, 0)}
	srv := smtptest.Start(t)
	a1 := newApp(t, open(), c, true)
	a2 := newApp(t, open(), c, false)
	for i, a := range []*app.App{a1, a2} {
		a.Mail.SMTP, a.Mail.Instance = mailTo(srv), fmt.Sprintf("server-%d", i+1)
	}
	users, err := a1.Users(ctx, actor(t, a1, "admin"))
	if err != nil {
		t.Fatal(err)
	}
	// Each user gets notices; 30 more emails wait in the outbox directly.
	for _, u := range users {
		notice(t, a1, "Thông báo cho "+u.Name, u.ID)
	}
	err = a1.Store.Tx(ctx, func(q store.Q) error {
		for i := 0; i < 30; i++ {
			err := q.InsertOutbox(ctx, store.OutboxMsg{ID: store.NewID(), To: fmt.Sprintf("nguoi%02d@khcn.demo.vn", i), Lang: "vi", Kind: "notice",
				Items: []store.OutboxItem{{Kind: "test.notice", Key: "ntf.test_text", Args: []string{fmt.Sprint(i)}}}, CreatedAt: c.Now()})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	both := func(fn func(a *app.App)) {
		var wg sync.WaitGroup
		for _, a := range []*app.App{a1, a2} {
			wg.Add(1)
			go func() { defer wg.Done(); fn(a) }()
		}
		wg.Wait()
	}
	both(func(a *app.App) { a.QueueEmails(ctx) })
	want := 30 + len(users)
	if n := outboxStates(t, a1.Store)[store.OutboxPending]; n != want {
		t.Fatalf("%d emails queued, want %d (one per user, none twice)", n, want)
	}

	srv.Stop()
	both(func(a *app.App) { a.DeliverEmails(ctx) })
	if len(srv.Messages()) != 0 || outboxStates(t, a1.Store)[store.OutboxPending] != want {
		t.Fatal("mail lost or sent while the server was down")
	}
	srv.Restart()
	c.Add(time.Minute)
	for round := 0; round < 5 && outboxStates(t, a1.Store)[store.OutboxPending] > 0; round++ {
		both(func(a *app.App) {
			if _, err := a.DeliverEmails(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	if got := uniqueIDs(t, srv.Messages()); got != want || len(srv.Messages()) != want {
		t.Fatalf("%d messages, %d distinct, want %d", len(srv.Messages()), got, want)
	}
	if st := outboxStates(t, a1.Store); st[store.OutboxSent] != want {
		t.Errorf("states %v", st)
	}
}

// A daily-digest user gets one email at the digest hour with everything of
// the day, grouped; nothing when there is nothing.
func TestDailyDigest(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := &clock{t: at(2024, 7, 22, 6, 0)}
		a := newApp(t, s, c, true)
		srv := smtptest.Start(t)
		a.Mail.SMTP, a.Mail.DigestHour = mailTo(srv), 7
		leader := actor(t, a, "lanhdao.so")
		if err := a.UpdateProfile(ctx, leader, app.ProfileInput{Name: leader.User.Name, Email: leader.User.Email, Lang: "vi", Digest: "daily",
			Version: leader.User.Version}); err != nil {
			t.Fatal(err)
		}
		notice(t, a, "Kiến nghị mới của xã Mê Linh", leader.User.ID)
		notice(t, a, "Kiến nghị mới của xã Sóc Sơn", leader.User.ID)
		notice(t, a, "Việc quá hạn của xã Gia Lâm", leader.User.ID)
		if n, _ := a.QueueEmails(ctx); n != 0 {
			t.Fatal("a digest user's notices were emailed at once")
		}
		if n, _ := a.SendDigests(ctx); n != 0 {
			t.Fatal("digest before the digest hour")
		}
		c.Set(at(2024, 7, 22, 7, 5))
		if n, err := a.SendDigests(ctx); n != 1 || err != nil {
			t.Fatalf("digests %d, %v", n, err)
		}
		if n, _ := a.SendDigests(ctx); n != 0 {
			t.Fatal("second digest on the same day")
		}
		a.DeliverEmails(ctx)
		msgs := srv.Messages()
		if len(msgs) != 1 {
			t.Fatalf("%d emails", len(msgs))
		}
		body := msgs[0].Text()
		for _, want := range []string{"xã Mê Linh", "xã Sóc Sơn", "xã Gia Lâm", "22/07/2024"} {
			if !strings.Contains(body+msgs[0].Header("Subject"), want) {
				t.Errorf("digest lacks %q:\n%s", want, body)
			}
		}
		// The next day there is nothing new: no empty digest.
		c.Set(at(2024, 7, 23, 8, 0))
		if n, _ := a.SendDigests(ctx); n != 0 {
			t.Fatal("empty digest built")
		}
		a.DeliverEmails(ctx)
		if len(srv.Messages()) != 1 {
			t.Fatal("empty digest sent")
		}
	})
}

// The schedule runs inside the server process: starting the background
// jobs is enough for a notice to reach the mailbox. With email off, notices
// stay in the app and nothing waits to be mailed later.
func TestBackgroundJobsSendEmail(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: at(2024, 7, 22, 9, 0)}
	a := newApp(t, testdb.SQLite(t), c, true)
	melinh := actor(t, a, "canbo.melinh")

	notice(t, a, "Thông báo khi chưa có máy chủ thư", melinh.User.ID)
	runJobs(t, a, func() bool {
		ns, _ := a.Store.Read().Notifications(ctx, melinh.User.ID, 10)
		return len(ns) == 1 && ns[0].EmailState == store.EmailNone
	})

	srv := smtptest.Start(t)
	a.Mail.SMTP = mailTo(srv)
	notice(t, a, "Việc mới: báo cáo Chương trình 07", melinh.User.ID)
	runJobs(t, a, func() bool { return len(srv.Messages()) == 1 })
	if !strings.Contains(srv.Messages()[0].Text(), "báo cáo Chương trình 07") || strings.Contains(srv.Messages()[0].Text(), "chưa có máy chủ") {
		t.Errorf("email: %s", srv.Messages()[0].Text())
	}
}

// runJobs runs the background jobs until done reports true (or fails after
// ten seconds), then stops them.
func runJobs(t *testing.T, a *app.App, done func() bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { a.RunBackground(ctx); close(stopped) }()
	defer func() { cancel(); <-stopped }()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if done() {
			return
		}
	}
	t.Fatal("the background jobs did not do it")
}
