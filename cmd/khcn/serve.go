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
		loaded, err := demo.Loaded(ctx, s)
		if err != nil {
			return err
		}
		if !loaded {
			log.Info("loading demo data (first start)")
			start := time.Now()
			if err := demo.Load(ctx, a); err != nil {
				return err
			}
			log.Info("demo data loaded", "seconds", time.Since(start).Seconds())
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

// serveUntilDone serves until ctx ends, then drains requests for up to 15 seconds.
func serveUntilDone(ctx context.Context, log *slog.Logger, a *app.App, srv *web.Server, ln net.Listener, c *config) error {
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	bg, stopBG := context.WithCancel(ctx)
	defer stopBG()
	go a.RunBackground(bg)
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
