// Package smtptest is a small but real SMTP server on loopback for tests: it
// speaks enough of RFC 5321 (EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP,
// QUIT) for a real client to deliver to it, keeps what it received, and can
// be stopped and restarted on the same port to play an outage.
package smtptest

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one accepted email.
type Message struct {
	From string
	To   []string
	Raw  string
}

// Header returns a decoded header of the message.
func (m Message) Header(name string) string {
	msg, err := mail.ReadMessage(strings.NewReader(m.Raw))
	if err != nil {
		return ""
	}
	v, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get(name))
	if err != nil {
		return msg.Header.Get(name)
	}
	return v
}

// ID is the Message-ID header.
func (m Message) ID() string { return m.Header("Message-ID") }

// Text returns the decoded text/plain part (or the whole body).
func (m Message) Text() string {
	msg, err := mail.ReadMessage(strings.NewReader(m.Raw))
	if err != nil {
		return ""
	}
	return textOf(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
}

func textOf(ctype, enc string, body io.Reader) string {
	mt, params, _ := mime.ParseMediaType(ctype)
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				return ""
			}
			if t := textOf(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); t != "" {
				return t
			}
		}
	}
	if mt != "" && mt != "text/plain" {
		return ""
	}
	switch strings.ToLower(enc) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	b, _ := io.ReadAll(body)
	return string(b)
}

// Server is a running (or stopped) test SMTP server.
type Server struct {
	t    testing.TB
	addr string

	mu       sync.Mutex
	ln       net.Listener
	conns    map[net.Conn]bool
	msgs     []Message
	user     string
	password string
	reject   map[string]bool
	wg       sync.WaitGroup
}

// Start listens on a free loopback port; the server stops when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{t: t, conns: map[net.Conn]bool{}, reject: map[string]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	s.serve(ln)
	t.Cleanup(s.Stop)
	return s
}

// Host and Port say where the server listens (also while stopped).
func (s *Server) Host() string { h, _, _ := net.SplitHostPort(s.addr); return h }

// Port is the server's TCP port.
func (s *Server) Port() int {
	_, p, _ := net.SplitHostPort(s.addr)
	n, _ := strconv.Atoi(p)
	return n
}

// RequireAuth makes the server demand AUTH PLAIN with these credentials.
func (s *Server) RequireAuth(user, password string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user, s.password = user, password
}

// Reject makes the server refuse a recipient for good (550).
func (s *Server) Reject(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reject[strings.ToLower(addr)] = true
}

// Stop closes the listener and every open connection, as a crash or an
// outage would.
func (s *Server) Stop() {
	s.mu.Lock()
	if s.ln != nil {
		s.ln.Close()
		s.ln = nil
	}
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// Restart listens again on the same port.
func (s *Server) Restart() {
	s.t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ {
		if ln, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatalf("smtptest: restart on %s: %v", s.addr, err)
	}
	s.serve(ln)
}

// Messages returns a copy of what was accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

func (s *Server) serve(ln net.Listener) {
	s.mu.Lock()
	s.ln = ln
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns[c] = true
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.session(c)
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
		}
	}()
}

// session runs one SMTP conversation.
func (s *Server) session(c net.Conn) {
	r := bufio.NewReader(c)
	reply := func(format string, args ...any) bool {
		_, err := fmt.Fprintf(c, format+"\r\n", args...)
		return err == nil
	}
	s.mu.Lock()
	needAuth := s.user != ""
	s.mu.Unlock()
	authed := !needAuth
	var from string
	var to []string
	reply("220 smtptest ESMTP ready")
	for {
		c.SetReadDeadline(time.Now().Add(30 * time.Second))
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			ext := "250-smtptest\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n"
			if needAuth {
				ext += "250-AUTH PLAIN\r\n"
			}
			reply("%s250 SMTPUTF8", ext)
		case "HELO":
			reply("250 smtptest")
		case "AUTH":
			authed = s.auth(r, c, arg)
		case "MAIL":
			if !authed {
				reply("530 5.7.0 Authentication required")
				continue
			}
			from, to = addrOf(arg), nil
			reply("250 2.1.0 OK")
		case "RCPT":
			addr := addrOf(arg)
			s.mu.Lock()
			bad := s.reject[strings.ToLower(addr)]
			s.mu.Unlock()
			if bad {
				reply("550 5.1.1 No such user")
				continue
			}
			to = append(to, addr)
			reply("250 2.1.5 OK")
		case "DATA":
			if from == "" || len(to) == 0 {
				reply("503 5.5.1 Need MAIL and RCPT")
				continue
			}
			reply("354 End data with <CR><LF>.<CR><LF>")
			raw, err := readData(r)
			if err != nil {
				return
			}
			s.mu.Lock()
			s.msgs = append(s.msgs, Message{From: from, To: to, Raw: raw})
			s.mu.Unlock()
			from, to = "", nil
			reply("250 2.0.0 OK queued")
		case "RSET":
			from, to = "", nil
			reply("250 2.0.0 OK")
		case "NOOP":
			reply("250 2.0.0 OK")
		case "QUIT":
			reply("221 2.0.0 Bye")
			return
		default:
			reply("502 5.5.2 Command not implemented")
		}
	}
}

func (s *Server) auth(r *bufio.Reader, c net.Conn, arg string) bool {
	mech, resp, _ := strings.Cut(arg, " ")
	if !strings.EqualFold(mech, "PLAIN") {
		fmt.Fprint(c, "504 5.5.4 Unrecognized authentication type\r\n")
		return false
	}
	if resp == "" {
		fmt.Fprint(c, "334 \r\n")
		line, err := r.ReadString('\n')
		if err != nil {
			return false
		}
		resp = strings.TrimSpace(line)
	}
	b, err := base64.StdEncoding.DecodeString(resp)
	parts := bytes.Split(b, []byte{0})
	s.mu.Lock()
	ok := err == nil && len(parts) == 3 && string(parts[1]) == s.user && string(parts[2]) == s.password
	s.mu.Unlock()
	if !ok {
		fmt.Fprint(c, "535 5.7.8 Authentication credentials invalid\r\n")
		return false
	}
	fmt.Fprint(c, "235 2.7.0 Authentication successful\r\n")
	return true
}

func addrOf(arg string) string {
	i, j := strings.IndexByte(arg, '<'), strings.IndexByte(arg, '>')
	if i < 0 || j < i {
		return ""
	}
	return arg[i+1 : j]
}

var errTooBig = errors.New("smtptest: message too big")

// readData reads a DATA body up to the lone dot, undoing dot-stuffing.
func readData(r *bufio.Reader) (string, error) {
	var b strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return "", err
		}
		if line == ".\r\n" || line == ".\n" {
			return b.String(), nil
		}
		line = strings.TrimPrefix(line, ".") // dot-stuffing
		b.WriteString(line)
		if b.Len() > 10<<20 {
			return "", errTooBig
		}
	}
}
