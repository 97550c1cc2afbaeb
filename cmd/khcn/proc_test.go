package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The tests here that start servers run the real binary, built once per
// test run into a temporary folder.
var built struct {
	once      sync.Once
	dir, path string
	err       error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

func binary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "khcn-bin-")
		if built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "khcn")
		out, err := exec.Command("go", "build", "-o", built.path, ".").CombinedOutput()
		if err != nil {
			built.err = &buildError{err, out}
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return "go build: " + e.err.Error() + "\n" + string(e.out) }

// proc is one running khcn process.
type proc struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	log    bytes.Buffer // stderr and stdout
	addr   string
	up     chan struct{} // closed when it listens
	exited chan struct{} // closed when it has exited
	err    error         // its exit status, once exited
}

var listening = regexp.MustCompile(`msg="khcn listening" addr=(\S+)`)

// start runs the binary with args (a free port is taken unless --addr is
// given) and returns at once; the process is killed when the test ends.
func start(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(binary(t), append(args, "--addr=127.0.0.1:0")...)
	cmd.Env = append(os.Environ(), env...)
	p := &proc{cmd: cmd, up: make(chan struct{}), exited: make(chan struct{})}
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan struct{})
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			p.mu.Lock()
			p.log.WriteString(sc.Text() + "\n")
			if m := listening.FindStringSubmatch(sc.Text()); m != nil && p.addr == "" {
				p.addr = m[1]
				close(p.up)
			}
			p.mu.Unlock()
		}
	}()
	go func() {
		err := cmd.Wait()
		pw.Close()
		<-lines
		p.mu.Lock()
		p.err = err
		p.mu.Unlock()
		close(p.exited)
	}()
	t.Cleanup(func() { p.kill(); <-p.exited })
	return p
}

// waitUp reports whether the process came up listening (false: it exited).
func (p *proc) waitUp(t *testing.T) bool {
	t.Helper()
	select {
	case <-p.up:
		return true
	case <-p.exited:
		return false
	case <-time.After(90 * time.Second):
		t.Fatalf("not up after 90 s:\n%s", p.output())
		return false
	}
}

func (p *proc) mustUp(t *testing.T) {
	t.Helper()
	if !p.waitUp(t) {
		t.Fatalf("server exited: %v\n%s", p.err, p.output())
	}
}

func (p *proc) output() string { p.mu.Lock(); defer p.mu.Unlock(); return p.log.String() }

func (p *proc) url(path string) string { return "http://" + p.addr + path }

// kill ends the process with SIGKILL: no shutdown code runs.
func (p *proc) kill() {
	p.cmd.Process.Signal(syscall.SIGKILL)
}

// stop ends the process with SIGTERM and waits for it.
func (p *proc) stop(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(30 * time.Second):
		t.Fatalf("no exit 30 s after SIGTERM:\n%s", p.output())
	}
	if p.err != nil {
		t.Errorf("exit after SIGTERM: %v\n%s", p.err, p.output())
	}
}

func (p *proc) status(t *testing.T, path string) int {
	t.Helper()
	r, err := http.Get(p.url(path))
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	return r.StatusCode
}
