// Command khcn-load is the load benchmark of issue 13: it starts the real
// khcn server (one process, or two sharing one PostgreSQL) on the national
// data set (`khcn demo --scale national`, loaded on first start), logs in a
// client of each role, and for every page of the set runs concurrent
// clients against it for a bounded time and count, then a bare net/http
// handler serving the same bytes in the same way, and prints per page
// requests per second, p50 and p99 of both, their ratio, the median of
// one request at a time, and the server's peak memory. A mixed phase
// then sends every page at once from clients of every role and anonymous
// visitors. Everything stays on loopback. It is not part of the test run:
//
//	go run ./cmd/khcn-load --data /tmp/khcn-national            # SQLite
//	go run ./cmd/khcn-load --database-url postgres://…/khcn_nat   # PostgreSQL
//	go run ./cmd/khcn-load --database-url … --servers 2           # scale-out
//
// --profile DIR saves a CPU profile and the allocations of each page under
// load (from the server's --debug-addr pprof listener on loopback).
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"
)

const password = "khcn-demo-2026"

// page is one page of the set, fetched as one role (empty: anonymous).
type page struct {
	Name, Login, Path string
}

// The set of issue 13: the home page of each role, /reports, a report
// page, the province and national dashboards, an indicator's page,
// /proposals, a call's proposal list, /actions, /recommendations,
// /ocop/products, /orgunits, /notifications, /san-pham, /public/calls.
var pages = []page{
	{"home (Sở specialist)", "chuyenvien", "/"},
	{"home (Sở leader)", "lanhdao.so", "/"},
	{"home (Sở admin)", "admin", "/"},
	{"home (unit officer)", "canbo.melinh", "/"},
	{"home (unit leader)", "lanhdao.melinh", "/"},
	{"home (council)", "chuyengia", "/"},
	{"home (ministry)", "bo.khcn", "/"},
	{"/reports", "chuyenvien", "/reports"},
	{"report page", "canbo.melinh", "/reports/gen-2025/hn-09022"},
	{"province dashboard", "chuyenvien", "/programmes/gen-programme/dashboard?scope=hn"},
	{"national dashboard", "bo.khcn", "/programmes/gen-programme/dashboard?scope=vn"},
	{"indicator page", "bo.khcn", "/programmes/gen-programme/indicators/gen-i001?scope=vn"},
	{"/proposals", "chuyenvien", "/proposals"},
	{"call's proposals", "bo.khcn", "/calls/gen-call-2027/proposals"},
	{"/actions", "chuyenvien", "/actions"},
	{"/recommendations", "chuyenvien", "/recommendations"},
	{"/ocop/products", "chuyenvien", "/ocop/products"},
	{"/orgunits", "bo.khcn", "/orgunits"},
	{"/notifications", "canbo.melinh", "/notifications"},
	{"/san-pham", "", "/san-pham"},
	{"/public/calls", "", "/public/calls"},
}

type options struct {
	data, databaseURL, khcn  string
	servers, clients, serial int
	duration, bareDuration   time.Duration
	maxRequests              int
	only, profile, markdown  string
	mixed                    time.Duration
	port                     int
	noCache                  bool
}

func main() {
	var o options
	flag.StringVar(&o.data, "data", "", "SQLite data folder of the national data set (created and loaded on first start)")
	flag.StringVar(&o.databaseURL, "database-url", "", "postgres://… database of the national data set (loaded on first start)")
	flag.StringVar(&o.khcn, "khcn", "", "khcn binary (default: go build ./cmd/khcn into a temp folder)")
	flag.IntVar(&o.servers, "servers", 1, "server processes (2 for scale-out: PostgreSQL only)")
	flag.IntVar(&o.clients, "clients", 32, "concurrent clients")
	flag.IntVar(&o.serial, "serial", 15, "requests one at a time per page, for the single-request median")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "load time per page against khcn")
	flag.DurationVar(&o.bareDuration, "bare-duration", 4*time.Second, "load time per page against the bare net/http handler")
	flag.DurationVar(&o.mixed, "mixed", 15*time.Second, "time of the mixed phase (every page at once); 0 skips it")
	flag.IntVar(&o.maxRequests, "max-requests", 20000, "at most this many requests per page and phase")
	flag.StringVar(&o.only, "only", "", "comma-separated substrings: run only the pages whose name contains one")
	flag.StringVar(&o.profile, "profile", "", "folder for CPU and allocation profiles of each page under load")
	flag.StringVar(&o.markdown, "markdown", "", "also write the results as a Markdown table to this file")
	flag.BoolVar(&o.noCache, "no-page-cache", false, "run the servers without the page cache (every view renders)")
	flag.IntVar(&o.port, "port", 18480, "first loopback port for the servers (debug listeners follow)")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "khcn-load:", err)
		os.Exit(1)
	}
}

// server is one khcn process.
type server struct {
	cmd         *exec.Cmd
	base, debug string
	peakRSS     float64
	mu          sync.Mutex
}

func run(o options) error {
	if (o.data == "") == (o.databaseURL == "") {
		return errors.New("give --data (SQLite) or --database-url (PostgreSQL)")
	}
	if o.servers < 1 || (o.servers > 1 && o.databaseURL == "") {
		return errors.New("--servers 2 needs --database-url: SQLite runs one instance")
	}
	bin := o.khcn
	if bin == "" {
		dir, err := os.MkdirTemp("", "khcn-load")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, "khcn")
		build := exec.Command("go", "build", "-o", bin, "./cmd/khcn")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("go build ./cmd/khcn (run from the repository): %w", err)
		}
	}
	var servers []*server
	defer func() {
		for _, s := range servers {
			s.cmd.Process.Signal(os.Interrupt)
			s.cmd.Wait()
		}
	}()
	for i := 0; i < o.servers; i++ {
		s, err := start(bin, o, i)
		if err != nil {
			return err
		}
		servers = append(servers, s)
		// The first server loads the data set on first start; the second
		// starts once it is ready.
		if err := s.waitReady(15 * time.Minute); err != nil {
			return err
		}
	}
	settle(servers[0].base)
	stop := make(chan struct{})
	defer close(stop)
	for _, s := range servers {
		go s.sampleRSS(stop)
	}
	bases := make([]string, len(servers))
	for i, s := range servers {
		bases[i] = s.base
	}
	sessions := map[string][]*http.Cookie{}
	for _, p := range pages {
		if p.Login == "" || sessions[p.Login] != nil {
			continue
		}
		c, err := login(bases[0], p.Login)
		if err != nil {
			return fmt.Errorf("login %s: %w", p.Login, err)
		}
		sessions[p.Login] = c
	}
	engine := "SQLite"
	if o.databaseURL != "" {
		engine = "PostgreSQL"
	}
	fmt.Printf("khcn-load: %s, %d server(s), %d clients, %s per page (bare %s), at most %d requests\n\n",
		engine, len(servers), o.clients, o.duration, o.bareDuration, o.maxRequests)
	var results []result
	for _, p := range pages {
		if !selected(o.only, p.Name) {
			continue
		}
		r, err := measure(o, servers, bases, sessions[p.Login], p)
		if err != nil {
			return fmt.Errorf("%s: %w", p.Name, err)
		}
		results = append(results, r)
		fmt.Fprintf(os.Stderr, "  %-22s %7.1f req/s  p50 %6.1f ms  p99 %6.1f ms  bare %8.0f req/s  ratio %5.1f%%  one at a time %5.1f ms  peak %4.0f MB\n",
			p.Name, r.khcn.rps, ms(r.khcn.p50), ms(r.khcn.p99), r.bare.rps, 100*r.khcn.rps/r.bare.rps, ms(r.single), r.peakMB)
	}
	var mix []mixed
	if o.mixed > 0 {
		mix = runMixed(o, bases, sessions)
	}
	peak := 0.0
	for _, s := range servers {
		peak = max(peak, s.hwm())
	}
	out := report(engine, o, len(servers), results, mix, peak)
	fmt.Print(out)
	if o.markdown != "" {
		return os.WriteFile(o.markdown, []byte(out), 0o644)
	}
	return nil
}

func selected(only, name string) bool {
	if only == "" {
		return true
	}
	for _, w := range strings.Split(only, ",") {
		if w != "" && strings.Contains(name, w) {
			return true
		}
	}
	return false
}

func start(bin string, o options, i int) (*server, error) {
	addr := "127.0.0.1:" + strconv.Itoa(o.port+i)
	debug := "127.0.0.1:" + strconv.Itoa(o.port+100+i)
	args := []string{"demo", "--scale", "national", "--addr", addr, "--debug-addr", debug}
	if o.noCache {
		args = append(args, "--no-page-cache")
	}
	if o.databaseURL != "" {
		args = append(args, "--database-url", o.databaseURL)
	} else {
		args = append(args, "--data", o.data)
	}
	cmd := exec.Command(bin, args...)
	logf, err := os.Create(filepath.Join(os.TempDir(), fmt.Sprintf("khcn-load-server-%d.log", i+1)))
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "khcn-load: server %d (pid %d) on %s, log %s\n", i+1, cmd.Process.Pid, addr, logf.Name())
	return &server{cmd: cmd, base: "http://" + addr, debug: "http://" + debug}, nil
}

func (s *server) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if s.cmd.ProcessState != nil {
			return errors.New("server exited")
		}
		r, err := http.Get(s.base + "/readyz")
		if err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(500 * time.Millisecond)
	}
	return errors.New("server not ready in time")
}

// status reads a field (kB) of the server's /proc status, in MB.
func (s *server) status(field string) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

func (s *server) hwm() float64 { return s.status("VmHWM") }

// sampleRSS keeps the largest resident size seen since the last reset.
func (s *server) sampleRSS(stop chan struct{}) {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			rss := s.status("VmRSS")
			s.mu.Lock()
			s.peakRSS = max(s.peakRSS, rss)
			s.mu.Unlock()
		}
	}
}

func (s *server) resetPeak() float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.peakRSS
	s.peakRSS = 0
	return p
}

func login(base, name string) ([]*http.Cookie, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for attempt := 0; attempt < 10; attempt++ {
		r, err := c.PostForm(base+"/login", url.Values{"login": {name}, "password": {password}})
		if err != nil {
			return nil, err
		}
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
		if r.StatusCode == http.StatusSeeOther {
			u, _ := url.Parse(base)
			return jar.Cookies(u), nil
		}
		if r.StatusCode != http.StatusServiceUnavailable {
			return nil, fmt.Errorf("status %d", r.StatusCode)
		}
		time.Sleep(time.Second)
	}
	return nil, errors.New("login kept answering 503")
}

type stats struct {
	rps, p50, p99 float64 // seconds
	n, errors     int
}

type result struct {
	page         page
	bytes        int
	encoding     string
	khcn, bare   stats
	single       float64
	peakMB       float64
	statusCounts map[int]int
}

func ms(s float64) float64 { return s * 1000 }

// fetch is one request as the page's client: the raw bytes on the wire
// (gzip asked for, not undone), so khcn and the bare handler send the same.
func fetch(c *http.Client, base string, cookies []*http.Cookie, path string) (int, []byte, http.Header, error) {
	req, _ := http.NewRequest("GET", base+path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	for _, k := range cookies {
		req.AddCookie(k)
	}
	r, err := c.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	return r.StatusCode, b, r.Header, err
}

func newClient(n int) *http.Client {
	return &http.Client{Timeout: 60 * time.Second,
		Transport:     &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: n, MaxIdleConns: n, IdleConnTimeout: time.Minute},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// load runs clients against base+path until the time or the count is up.
func load(c *http.Client, bases []string, cookies []*http.Cookie, path string, clients, limit int, d time.Duration) (stats, map[int]int) {
	var mu sync.Mutex
	var lat []float64
	codes := map[int]int{}
	var count atomic.Int64
	end := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var mine []float64
			local := map[int]int{}
			for j := 0; time.Now().Before(end) && count.Add(1) <= int64(limit); j++ {
				t := time.Now()
				code, _, _, err := fetch(c, bases[(i+j)%len(bases)], cookies, path)
				if err != nil {
					code = -1
				}
				mine = append(mine, time.Since(t).Seconds())
				local[code]++
			}
			mu.Lock()
			lat = append(lat, mine...)
			for k, v := range local {
				codes[k] += v
			}
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	slices.Sort(lat)
	s := stats{n: len(lat), rps: float64(len(lat)) / elapsed}
	if len(lat) > 0 {
		s.p50, s.p99 = lat[len(lat)/2], lat[min(len(lat)-1, len(lat)*99/100)]
	}
	for k, v := range codes {
		if k != 200 {
			s.errors += v
		}
	}
	return s, codes
}

func measure(o options, servers []*server, bases []string, cookies []*http.Cookie, p page) (result, error) {
	c := newClient(o.clients)
	code, body, hdr, err := fetch(c, bases[0], cookies, p.Path)
	if err != nil {
		return result{}, err
	}
	if code != 200 {
		return result{}, fmt.Errorf("status %d", code)
	}
	r := result{page: p, bytes: len(body), encoding: hdr.Get("Content-Encoding")}
	var single []float64
	for i := 0; i < o.serial; i++ {
		t := time.Now()
		fetch(c, bases[i%len(bases)], cookies, p.Path)
		single = append(single, time.Since(t).Seconds())
	}
	slices.Sort(single)
	if len(single) > 0 {
		r.single = single[len(single)/2]
	}
	for _, s := range servers {
		s.resetPeak()
	}
	var profiles sync.WaitGroup
	if o.profile != "" {
		os.MkdirAll(o.profile, 0o755)
		name := slug(p.Name)
		save(servers[0].debug+"/debug/pprof/allocs", filepath.Join(o.profile, name+".allocs-before.pprof"))
		profiles.Add(1)
		go func() {
			defer profiles.Done()
			secs := max(1, int(o.duration.Seconds())-1)
			save(servers[0].debug+"/debug/pprof/profile?seconds="+strconv.Itoa(secs), filepath.Join(o.profile, name+".cpu.pprof"))
		}()
	}
	r.khcn, r.statusCounts = load(c, bases, cookies, p.Path, o.clients, o.maxRequests, o.duration)
	profiles.Wait()
	if o.profile != "" {
		save(servers[0].debug+"/debug/pprof/allocs", filepath.Join(o.profile, slug(p.Name)+".allocs-after.pprof"))
	}
	for _, s := range servers {
		r.peakMB = max(r.peakMB, s.resetPeak())
	}
	// The bare handler: the same bytes and headers, from net/http alone, in
	// this process, driven the same way.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return r, err
	}
	ct := hdr.Get("Content-Type")
	bare := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", ct)
		if r.encoding != "" {
			w.Header().Set("Content-Encoding", r.encoding)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	})}
	go bare.Serve(ln)
	bc := newClient(o.clients)
	r.bare, _ = load(bc, []string{"http://" + ln.Addr().String()}, nil, "/", o.clients, o.maxRequests*20, o.bareDuration)
	bare.Close()
	return r, nil
}

func save(u, file string) {
	r, err := http.Get(u)
	if err != nil {
		return
	}
	defer r.Body.Close()
	var b bytes.Buffer
	io.Copy(&b, r.Body)
	os.WriteFile(file, b.Bytes(), 0o644)
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

type mixed struct {
	name string
	st   stats
}

// runMixed sends every page of the set at once: each client is one of the
// pages' roles (anonymous visitors among them) and picks pages of its role
// at random, for o.mixed.
func runMixed(o options, bases []string, sessions map[string][]*http.Cookie) []mixed {
	c := newClient(o.clients)
	var mu sync.Mutex
	lat := map[string][]float64{}
	errs := map[string]int{}
	end := time.Now().Add(o.mixed)
	var sel []page
	for _, p := range pages {
		if selected(o.only, p.Name) {
			sel = append(sel, p)
		}
	}
	if len(sel) == 0 {
		return nil
	}
	var count atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < o.clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 13))
			for j := 0; time.Now().Before(end) && count.Add(1) <= int64(o.maxRequests); j++ {
				p := sel[rng.IntN(len(sel))]
				t := time.Now()
				code, _, _, err := fetch(c, bases[(i+j)%len(bases)], sessions[p.Login], p.Path)
				d := time.Since(t).Seconds()
				mu.Lock()
				lat[p.Name] = append(lat[p.Name], d)
				if err != nil || code != 200 {
					errs[p.Name]++
				}
				mu.Unlock()
			}
		}(i)
	}
	start := time.Now()
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	var out []mixed
	for _, p := range sel {
		l := lat[p.Name]
		slices.Sort(l)
		st := stats{n: len(l), rps: float64(len(l)) / elapsed, errors: errs[p.Name]}
		if len(l) > 0 {
			st.p50, st.p99 = l[len(l)/2], l[min(len(l)-1, len(l)*99/100)]
		}
		out = append(out, mixed{p.Name, st})
	}
	return out
}

func report(engine string, o options, servers int, rs []result, mix []mixed, peak float64) string {
	var b bytes.Buffer
	cache := "page cache on"
	if o.noCache {
		cache = "page cache off"
	}
	fmt.Fprintf(&b, "\n### %s, %d server(s), %d clients, %s per page (bare net/http %s), %s, %s\n\n", engine, servers, o.clients, o.duration, o.bareDuration,
		cache, time.Now().UTC().Format("02/01/2006 15:04 UTC"))
	tw := tabwriter.NewWriter(&b, 0, 2, 1, ' ', tabwriter.Debug)
	fmt.Fprintln(tw, "| page\t role\t bytes\t khcn req/s\t p50 ms\t p99 ms\t bare req/s\t bare p50 ms\t ratio\t one at a time ms\t peak MB\t non-200 |")
	fmt.Fprintln(tw, "|---\t---\t---:\t---:\t---:\t---:\t---:\t---:\t---:\t---:\t---:\t---: |")
	for _, r := range rs {
		role := r.page.Login
		if role == "" {
			role = "anonymous"
		}
		enc := ""
		if r.encoding != "" {
			enc = " " + r.encoding
		}
		fmt.Fprintf(tw, "| %s\t %s\t %s%s\t %s\t %s\t %s\t %s\t %s\t %s%%\t %s\t %s\t %d |\n", r.page.Name, role, num(float64(r.bytes), 0), enc,
			num(r.khcn.rps, 0), num(ms(r.khcn.p50), 1), num(ms(r.khcn.p99), 1), num(r.bare.rps, 0), num(ms(r.bare.p50), 2),
			num(100*r.khcn.rps/r.bare.rps, 2), num(ms(r.single), 1), num(r.peakMB, 0), r.khcn.errors)
	}
	tw.Flush()
	if len(mix) > 0 {
		fmt.Fprintf(&b, "\nMixed traffic, every page at once for %s (%d clients):\n\n", o.mixed, o.clients)
		tw = tabwriter.NewWriter(&b, 0, 2, 1, ' ', tabwriter.Debug)
		fmt.Fprintln(tw, "| page\t requests\t req/s\t p50 ms\t p99 ms\t non-200 |")
		fmt.Fprintln(tw, "|---\t---:\t---:\t---:\t---:\t---: |")
		total := 0.0
		for _, m := range mix {
			total += m.st.rps
			fmt.Fprintf(tw, "| %s\t %d\t %s\t %s\t %s\t %d |\n", m.name, m.st.n, num(m.st.rps, 1), num(ms(m.st.p50), 1), num(ms(m.st.p99), 1), m.st.errors)
		}
		fmt.Fprintf(tw, "| all\t \t %s\t \t \t  |\n", num(total, 0))
		tw.Flush()
	}
	fmt.Fprintf(&b, "\nServer peak memory (VmHWM, largest process): %s MB\n", num(peak, 0))
	return b.String()
}

// num prints Vietnamese style: 1.234.567 and 8,25.
func num(x float64, decimals int) string {
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "," + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// settle waits (at most five minutes) until the data stops changing: on a
// fresh data set the reminder jobs first write hundreds of thousands of
// notices, and pages measured meanwhile would all be computed afresh. The
// public calls page's ETag carries the data stamp.
func settle(base string) {
	etag := func() string {
		r, err := http.Get(base + "/public/calls")
		if err != nil {
			return ""
		}
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
		return r.Header.Get("ETag")
	}
	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		a := etag()
		if a == "" {
			return // no page cache, no stamp to watch: a short pause instead
		}
		time.Sleep(5 * time.Second)
		if b := etag(); a == b {
			return
		}
		fmt.Fprintln(os.Stderr, "khcn-load: waiting for the data to settle (background jobs writing)")
	}
}
