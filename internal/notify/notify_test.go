package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"khcn/internal/civil"
	"khcn/internal/notify"
	"khcn/internal/smtptest"
	"khcn/internal/store"
)

func config(s *smtptest.Server) notify.SMTP {
	return notify.SMTP{Host: s.Host(), Port: s.Port(), From: "Sở KH&CN Hà Nội <khcn@sokhcn.hanoi.gov.vn>", TLS: notify.TLSNone, Timeout: 3 * time.Second}
}

func TestSendOverRealSMTP(t *testing.T) {
	srv := smtptest.Start(t)
	srv.RequireAuth("khcn", "mật-khẩu")
	srv.Reject("khong.ton.tai@khcn.demo.vn")
	cfg := config(srv)
	cfg.User, cfg.Password = "khcn", "mật-khẩu"
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := cfg.Dial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	e := notify.Email{ID: "0190a1b2-0000-7000-8000-000000000001", To: "canbo.melinh@khcn.demo.vn", Subject: "Kiến nghị đã được trả lời",
		Text: "Kiến nghị về tập huấn của Xã Mê Linh đã được trả lời.", Date: time.Date(2024, 7, 22, 8, 0, 0, 0, time.UTC)}
	if err := conn.Send(e); err != nil {
		t.Fatal(err)
	}
	bad := e
	bad.ID, bad.To = "0190a1b2-0000-7000-8000-000000000002", "khong.ton.tai@khcn.demo.vn"
	err = conn.Send(bad)
	if err == nil || !notify.Permanent(err) {
		t.Fatalf("rejected recipient: %v (permanent %v)", err, notify.Permanent(err))
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	m := msgs[0]
	if m.ID() != "<"+e.ID+"@sokhcn.hanoi.gov.vn>" || m.Header("Subject") != e.Subject || !strings.Contains(m.Text(), "Xã Mê Linh") {
		t.Errorf("got id %q subject %q text %q", m.ID(), m.Header("Subject"), m.Text())
	}
	if m.To[0] != e.To || m.Header("Auto-Submitted") != "auto-generated" {
		t.Errorf("envelope %v", m.To)
	}

	// Wrong password and a stopped server are failures worth retrying.
	cfg.Password = "sai"
	if _, err := cfg.Dial(ctx); err == nil || notify.Permanent(err) {
		t.Errorf("bad login: %v", err)
	}
	srv.Stop()
	if _, err := config(srv).Dial(ctx); err == nil || notify.Permanent(err) {
		t.Errorf("stopped server: %v", err)
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []notify.SMTP{
		{Host: "mail", From: "not an address", TLS: notify.TLSStartTLS},
		{Host: "mail", From: "a@b.vn", TLS: "ssl3"},
		{Host: "mail", From: "a@b.vn", TLS: notify.TLSNone, Port: 70000},
	} {
		if c.Validate() == nil {
			t.Errorf("accepted %+v", c)
		}
	}
	if (notify.SMTP{}).Validate() != nil || (notify.SMTP{}).Enabled() {
		t.Error("empty config means email off")
	}
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute}
	for i, w := range want {
		if got := notify.Backoff(i + 1); got != w {
			t.Errorf("after %d failures: %v, want %v", i+1, got, w)
		}
	}
	if notify.Backoff(40) != time.Hour {
		t.Error("backoff not capped at an hour")
	}
}

func TestStageOn(t *testing.T) {
	due := civil.New(2024, 12, 31)
	tm := notify.Timing{BeforeDays: 3, EscalateDays: 7, Enabled: true}
	cases := map[civil.Date]notify.Stage{
		due.AddDays(-4): notify.StageNone,
		due.AddDays(-3): notify.StageBefore,
		due.AddDays(-1): notify.StageBefore,
		due:             notify.StageDue,
		due.AddDays(1):  notify.StageOverdue,
		due.AddDays(6):  notify.StageOverdue,
		due.AddDays(7):  notify.StageEscalate,
		due.AddDays(70): notify.StageEscalate,
	}
	for day, want := range cases {
		if got := notify.StageOn(due, day, tm); got != want {
			t.Errorf("%s: %q, want %q", day, got, want)
		}
	}
	if notify.StageOn(due, due.AddDays(-1), notify.Timing{EscalateDays: 7, Enabled: true}) != notify.StageNone {
		t.Error("before reminder with BeforeDays 0")
	}
	if notify.StageOn(due, due.AddDays(100), notify.Timing{BeforeDays: 3, Enabled: true}) != notify.StageOverdue {
		t.Error("escalated with EscalateDays 0")
	}
	if notify.StageOn(due, due, notify.Timing{BeforeDays: 3, EscalateDays: 7}) != notify.StageNone {
		t.Error("disabled timing reminded")
	}
}

func TestComposeDigestGroupsInReadersLanguage(t *testing.T) {
	at := time.Date(2024, 7, 22, 1, 0, 0, 0, time.UTC)
	m := store.OutboxMsg{ID: "x", To: "a@b.vn", Lang: "vi", Kind: "digest", CreatedAt: at, Items: []store.OutboxItem{
		{Kind: "action.assigned", Key: "ntf.action.assigned", Args: []string{"Tuyên truyền Chương trình 07", "31/12/2024"}, Link: "/actions/1", At: at},
		{Kind: "recommendation.answered", Key: "ntf.rec.answered", Args: []string{"Tập huấn cho cán bộ"}, Link: "/recommendations/2", At: at},
		{Kind: "action.assigned", Key: "ntf.action.assigned", Args: []string{"Xây dựng nhãn hiệu", "31/12/2024"}, Link: "/actions/3", At: at},
	}}
	e := notify.Compose(m, "https://khcn.hanoi.gov.vn/")
	if !strings.Contains(e.Subject, "22/07/2024") || !strings.Contains(e.Subject, "3") {
		t.Errorf("subject %q", e.Subject)
	}
	for _, want := range []string{"Tuyên truyền Chương trình 07", "Xây dựng nhãn hiệu", "https://khcn.hanoi.gov.vn/actions/3", "https://khcn.hanoi.gov.vn/profile"} {
		if !strings.Contains(e.Text, want) || !strings.Contains(e.HTML, want) {
			t.Errorf("missing %q", want)
		}
	}
	// Both action items sit in one group, before the recommendation's.
	if strings.Index(e.Text, "Xây dựng nhãn hiệu") > strings.Index(e.Text, "Tập huấn cho cán bộ") {
		t.Error("items of one kind not grouped")
	}
	m.Lang = "en"
	if en := notify.Compose(m, "http://x"); en.Subject == e.Subject {
		t.Error("English reader got Vietnamese")
	}
}
