// Package e2e drives the real product in a real headless browser (Debian's
// chromium, through chromedp): every user-facing flow has a test here. The
// browser starts once per test binary; each test gets its own server,
// database and browser tab.
package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"khcn/internal/demo"
	"khcn/internal/webtest"
)

var allocCtx context.Context

// ChromiumPath finds the system browser, or "".
func ChromiumPath() string {
	if p := os.Getenv("KHCN_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Main starts one browser for the whole test binary. Without chromium the
// tests skip, saying so, unless CI=true, where that is a failure.
func Main(m *testing.M) int {
	path := ChromiumPath()
	if path == "" {
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, "e2e: chromium is required in CI but was not found")
			return 1
		}
		fmt.Fprintln(os.Stderr, "e2e: SKIPPING browser tests: chromium not found (apt-get install chromium)")
		return 0
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1366, 768),
	)
	ctx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	allocCtx = ctx
	return m.Run()
}

// Browser is one tab on one fresh server.
type Browser struct {
	t   *testing.T
	Env *webtest.Env
	ctx context.Context
}

// Start gives the test a server with the given demo data and a browser tab.
func Start(t *testing.T, opt webtest.Options) *Browser {
	t.Helper()
	if allocCtx == nil {
		t.Skip("no browser")
	}
	env := webtest.SQLite(t, opt)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start browser tab: %v", err)
	}
	b := &Browser{t: t, Env: env, ctx: ctx}
	t.Cleanup(func() {
		if t.Failed() {
			b.saveEvidence()
		}
	})
	return b
}

// Run performs chromedp actions with a timeout, failing the test with the
// page's text when one fails.
func (b *Browser) Run(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v\npage %s:\n%s", err, b.location(), b.pageText())
	}
}

// Visit opens a path of the server.
func (b *Browser) Visit(path string) {
	b.t.Helper()
	b.Run(chromedp.Navigate(b.Env.URL+path), chromedp.WaitReady(chromedp.CSS("body")))
}

// Login signs in through the login form as a demo login.
func (b *Browser) Login(login string) {
	b.t.Helper()
	b.Visit("/login")
	b.Run(
		chromedp.SendKeys(chromedp.CSS(`#f-login`), login),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), demo.Password),
	)
	b.Click(`form[action="/login"] button[type=submit]`)
	b.Run(chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)))
}

// Logout presses the logout button.
func (b *Browser) Logout() {
	b.t.Helper()
	b.Click(`form[action="/logout"] button`)
	b.Run(chromedp.WaitVisible(chromedp.CSS(`a[href="/login"]`)))
}

// Choose picks an option of a select by value.
func (b *Browser) Choose(sel, value string) {
	b.t.Helper()
	b.Run(chromedp.SetValue(chromedp.CSS(sel), value))
}

// AcceptConfirms answers "OK" to the page's confirmation questions until the
// next page load.
func (b *Browser) AcceptConfirms() {
	b.t.Helper()
	get(b, chromedp.Evaluate[bool](`(function(){ window.confirm = function(){ return true }; return true })()`))
}

// Fill replaces the value of a field.
func (b *Browser) Fill(sel, text string) {
	b.t.Helper()
	get(b, chromedp.Evaluate[bool](fmt.Sprintf(`(function(){var e=document.querySelector(%q); e.value=""; return true})()`, sel)))
	if text != "" {
		b.Run(chromedp.SendKeys(chromedp.CSS(sel), text))
	}
}

// Click clicks a link or button and waits for the page it leads to.
func (b *Browser) Click(sel string) {
	b.t.Helper()
	b.navigating(chromedp.Click(chromedp.CSS(sel)))
}

// ClickStay clicks an element that does not load a new page.
func (b *Browser) ClickStay(sel string) {
	b.t.Helper()
	b.Run(chromedp.Click(chromedp.CSS(sel)))
}

// Submit submits the form around sel and waits for the result page.
func (b *Browser) Submit(sel string) {
	b.t.Helper()
	b.navigating(chromedp.Submit(chromedp.CSS(sel)))
}

// navigating runs an action that loads a new page and waits until the new
// document has replaced the old one and finished loading.
func (b *Browser) navigating(a chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	get(b, chromedp.Evaluate[bool](`window.__khcnOld = true`))
	b.Run(a)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		done, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.__khcnOld !== true && document.readyState === "complete"`))
		if err == nil && done {
			return
		}
		time.Sleep(30 * time.Millisecond)
	}
	b.t.Fatalf("no new page after action; still at %s", b.location())
}

// Text returns the visible text of the first element matching sel.
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	return get(b, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
}

// Value returns the current value of a form field.
func (b *Browser) Value(sel string) string {
	b.t.Helper()
	return get(b, chromedp.Value(chromedp.CSS(sel)))
}

// Has reports whether an element matching sel exists now.
func (b *Browser) Has(sel string) bool {
	n, _ := chromedp.Run(b.ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
	return n > 0
}

// MustSee fails unless the page's main text contains every want.
func (b *Browser) MustSee(want ...string) {
	b.t.Helper()
	text := b.pageText()
	for _, w := range want {
		if !strings.Contains(text, w) {
			b.t.Fatalf("page %s does not show %q:\n%s", b.location(), w, text)
		}
	}
}

// MustNotSee fails if the page's main text contains any of these.
func (b *Browser) MustNotSee(unwanted ...string) {
	b.t.Helper()
	text := b.pageText()
	for _, w := range unwanted {
		if strings.Contains(text, w) {
			b.t.Fatalf("page %s shows %q", b.location(), w)
		}
	}
}

// Path returns the current URL path with its query.
func (b *Browser) Path() string {
	return strings.TrimPrefix(b.location(), b.Env.URL)
}

func (b *Browser) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	return loc
}

func (b *Browser) pageText() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	return s
}

// saveEvidence keeps a screenshot of a failed test in KHCN_E2E_ARTIFACTS.
func (b *Browser) saveEvidence() {
	dir := os.Getenv("KHCN_E2E_ARTIFACTS")
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(80)); err == nil {
		os.MkdirAll(dir, 0o755)
		name := strings.NewReplacer("/", "_", " ", "_").Replace(b.t.Name()) + ".jpg"
		os.WriteFile(filepath.Join(dir, name), png, 0o644)
	}
}

// get runs one action that returns a value, failing the test on error.
func get[T any](b *Browser, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("browser: %v\npage %s:\n%s", err, b.location(), b.pageText())
	}
	return v
}
