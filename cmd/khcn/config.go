package main

import (
	"flag"
	"os"
	"strconv"

	"khcn/internal/web"
)

// config holds the settings shared by the subcommands; each flag falls back
// to its KHCN_* environment variable, then to a default.
type config struct {
	addr        string
	data        string
	databaseURL string
	secure      bool
	trustProxy  bool
	proxies     string
	logFormat   string
	debugAddr   string
	noCache     bool
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envBool(name string) bool {
	b, _ := strconv.ParseBool(os.Getenv(name))
	return b
}

func (c *config) register(fs *flag.FlagSet) {
	fs.StringVar(&c.addr, "addr", env("KHCN_ADDR", "127.0.0.1:8080"), "listen address")
	fs.StringVar(&c.data, "data", env("KHCN_DATA", "./data"), "data folder (SQLite file)")
	fs.StringVar(&c.databaseURL, "database-url", env("KHCN_DATABASE_URL", ""), "postgres://… URL; empty means SQLite")
	fs.BoolVar(&c.secure, "secure", envBool("KHCN_SECURE"), "Secure cookies and HSTS (behind TLS)")
	fs.BoolVar(&c.trustProxy, "trust-proxy", envBool("KHCN_TRUST_PROXY"), "trust X-Forwarded-* headers from --trusted-proxies")
	fs.StringVar(&c.proxies, "trusted-proxies", env("KHCN_TRUSTED_PROXIES", web.DefaultTrustedProxies),
		"comma-separated CIDR ranges of the reverse proxies whose X-Forwarded-* headers count")
	fs.StringVar(&c.logFormat, "log-format", env("KHCN_LOG_FORMAT", "text"), "text or json")
	fs.BoolVar(&c.noCache, "no-page-cache", envBool("KHCN_NO_PAGE_CACHE"), "render every page afresh (to measure without the page cache)")
	fs.StringVar(&c.debugAddr, "debug-addr", env("KHCN_DEBUG_ADDR", ""), "loopback address for net/http/pprof (e.g. 127.0.0.1:6060); empty: off")
}

func parse(name string, args []string, extra func(*flag.FlagSet)) (*config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	c := &config{}
	c.register(fs)
	if extra != nil {
		extra(fs)
	}
	return c, fs.Parse(args)
}
