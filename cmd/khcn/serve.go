package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"khcn/internal/app"
	"khcn/internal/demo"
	"khcn/internal/store"
	"khcn/internal/web"
)

func serve(ctx context.Context, args []string, withDemo bool) error {
	var mail mailConfig
	var scale string
	c, err := parse("serve", args, func(fs *flag.FlagSet) {
		mail.register(fs)
		if withDemo {
			fs.StringVar(&scale, "scale", env("KHCN_DEMO_SCALE", "city"), "demo data: city (Hà Nội) or national (34 provinces, 3,321 communes)")
		}
	})
	if err != nil {
		return err
	}
	mailSettings, err := mail.settings(c.addr)
	if err != nil {
		return err
	}
	proxies, err := web.ParseProxies(c.proxies)
	if err != nil {
		return err
	}
	log := newLogger(c.logFormat)
	unlock, err := lockData(c)
	if err != nil {
		return err
	}
	defer unlock()
	s, err := store.Open(ctx, c.databaseURL, c.data)
	if err != nil {
		return err
	}
	defer s.Close()
	a := app.New(s, log)
	a.Mail = mailSettings
	national := false
	switch scale {
	case "", "city":
	case "national":
		national = true
	default:
		return fmt.Errorf("--scale %q: use city or national", scale)
	}
	loadNational := false
	if national {
		loaded, err := demo.NationalLoaded(ctx, s)
		if err != nil {
			return err
		}
		if loadNational = !loaded; loadNational {
			if err := demo.SeedNationalUnits(ctx, s); err != nil {
				return err
			}
		}
	}
	if err := a.SeedReference(ctx); err != nil {
		return err
	}
	if loadNational {
		log.Info("loading the national demo data (first start)")
		start := time.Now()
		if err := demo.LoadNational(ctx, a, log); err != nil {
			return err
		}
		log.Info("national demo data loaded", "seconds", time.Since(start).Seconds())
	} else if withDemo && !national {
		if err := loadDemo(ctx, log, a); err != nil {
			return err
		}
	}
	srv, err := web.New(a, web.Config{Secure: c.secure, TrustProxy: c.trustProxy, TrustedProxies: proxies, NoPageCache: c.noCache})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	if c.debugAddr != "" {
		if err := serveDebug(ctx, log, c.debugAddr); err != nil {
			return err
		}
	}
	if withDemo {
		demo.PrintLogins(os.Stdout, ln.Addr().String())
		if national {
			demo.PrintNationalLogins(os.Stdout)
		}
	}
	return serveUntilDone(ctx, log, a, srv, ln, c)
}

// demoWait is how long a demo server waits for another one loading the demo
// into the same PostgreSQL database.
const demoWait = 5 * time.Minute

// loadDemo loads the demo data into a database without it. Demo servers
// started at once on one PostgreSQL database agree on one loader (q.Once);
// the others wait until it has finished. A SQLite data folder has one server
// anyway (lockData).
func loadDemo(ctx context.Context, log *slog.Logger, a *app.App) error {
	loaded, err := demo.Loaded(ctx, a.Store)
	if err != nil || loaded {
		return err
	}
	first := true
	if a.Store.Dialect() == store.Postgres {
		err := a.Store.Tx(ctx, func(q store.Q) error {
			var err error
			first, err = q.Once(ctx, "demo.load", time.Now())
			return err
		})
		if err != nil {
			return err
		}
	}
	if first {
		log.Info("loading demo data (first start)")
		start := time.Now()
		if err := demo.Load(ctx, a); err != nil {
			return err
		}
		if err := a.Store.Tx(ctx, func(q store.Q) error { _, err := q.Once(ctx, "demo.loaded", time.Now()); return err }); err != nil {
			return err
		}
		log.Info("demo data loaded", "seconds", time.Since(start).Seconds())
		return nil
	}
	log.Info("another server is loading the demo data into this database; waiting for it")
	for deadline := time.Now().Add(demoWait); ; {
		done, err := a.Store.Read().OnceTaken(ctx, "demo.loaded")
		if err != nil || done {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("máy chủ khác bắt đầu nạp dữ liệu mẫu vào cơ sở dữ liệu này nhưng sau %s vẫn chưa xong; nếu máy chủ đó đã dừng, hãy chạy demo trên một cơ sở dữ liệu trống. "+
				"Another server began loading the demo data into this database and has not finished after %s; if it stopped, run the demo on an empty database", demoWait, demoWait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// serveUntilDone serves until ctx ends, then drains requests for up to 15 seconds.
func serveUntilDone(ctx context.Context, log *slog.Logger, a *app.App, srv *web.Server, ln net.Listener, c *config) error {
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	bg, stopBG := context.WithCancel(ctx)
	defer stopBG()
	bgDone := make(chan struct{})
	go func() { a.RunBackground(bg); close(bgDone) }()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("khcn listening", "addr", ln.Addr().String(), "engine", a.Store.Dialect().String(), "version", version)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	stopBG()
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	select { // a job's run under way ends before the database closes
	case <-bgDone:
	case <-sctx.Done():
	}
	return nil
}

func migrate(ctx context.Context, args []string) error {
	c, err := parse("migrate", args, nil)
	if err != nil {
		return err
	}
	s, err := store.Open(ctx, c.databaseURL, c.data)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := app.New(s, newLogger(c.logFormat)).SeedReference(ctx); err != nil {
		return err
	}
	fmt.Printf("khcn: schema up to date on %s\n", s.Dialect())
	return nil
}
