// Command khcn is the whole product in one binary: the web server, the
// migrations, the demo, user administration, backup and restore.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `khcn — quản lý khoa học, công nghệ và đổi mới sáng tạo

Usage:
  khcn [serve]            run the web server (default)
  khcn demo               load the demo data on first start, print the logins, serve
                          (--scale national: 34 provinces, 3,321 communes, 3,3 million values)
  khcn migrate            apply database migrations and exit
  khcn user add           --login L --name N --role R --unit UNIT_ID [--email E] (password from KHCN_PASSWORD or prompt)
  khcn user passwd        --login L (password from KHCN_PASSWORD or prompt)
  khcn user disable       --login L
  khcn token add          --login L [--write] [--expires DAYS] [--name N]   print a new API token for that user
  khcn backup             --out FILE   online, consistent copy of the database
  khcn restore            --in FILE    load a backup into an empty database
  khcn version

Settings (flag, or environment variable):
  --addr          KHCN_ADDR           listen address (127.0.0.1:8080)
  --data          KHCN_DATA           data folder for the SQLite file (./data)
  --database-url  KHCN_DATABASE_URL   postgres://… to use PostgreSQL instead of SQLite
  --secure        KHCN_SECURE         Secure cookies and HSTS (set behind TLS)
  --trust-proxy   KHCN_TRUST_PROXY    honour X-Forwarded-For/-Proto from a reverse proxy
  --log-format    KHCN_LOG_FORMAT     text or json

Email (serve and demo; see docs/NOTIFICATIONS.md):
  --smtp-host     KHCN_SMTP_HOST      SMTP server; empty keeps notices in the app only
  --smtp-port     KHCN_SMTP_PORT      port (default 587 starttls, 465 tls, 25 none)
  --smtp-user     KHCN_SMTP_USER      login; the password is read from KHCN_SMTP_PASSWORD only
  --smtp-from     KHCN_SMTP_FROM      sender, e.g. "Sở KH&CN Hà Nội <khcn@hanoi.gov.vn>"
  --smtp-tls      KHCN_SMTP_TLS       starttls (default), tls, opportunistic or none
  --base-url      KHCN_BASE_URL       address users reach khcn at, for links in email
  --digest-hour   KHCN_DIGEST_HOUR    hour (Vietnam time) daily digests go out (7)
`

func main() {
	args := os.Args[1:]
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, cmd, args)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "khcn:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cmd string, args []string) error {
	switch cmd {
	case "serve":
		return serve(ctx, args, false)
	case "demo":
		return serve(ctx, args, true)
	case "migrate":
		return migrate(ctx, args)
	case "user":
		return userCmd(ctx, args)
	case "token":
		return tokenCmd(ctx, args)
	case "backup":
		return backup(ctx, args)
	case "restore":
		return restore(ctx, args)
	case "version":
		fmt.Println("khcn", version)
		return nil
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	}
	fmt.Fprint(os.Stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func newLogger(format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}
