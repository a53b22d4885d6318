package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var servingLine = regexp.MustCompile(`serving Pria and Authiqa on http://(\S+) `)

// startServe runs `authmock serve` on a free port and returns its base URL, a stop function that
// sends the equivalent of SIGTERM and returns the exit code, and its output.
func startServe(t *testing.T, args ...string) (string, func() int, *syncBuffer, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- runServe(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), stdout, stderr) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := servingLine.FindStringSubmatch(stdout.String()); m != nil {
			stop := func() int {
				cancel()
				select {
				case code := <-done:
					return code
				case <-time.After(15 * time.Second):
					t.Fatal("serve did not stop")
					return -1
				}
			}
			t.Cleanup(func() { cancel() })
			return "http://" + m[1], stop, stdout, stderr
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d: %s", code, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s %s", stdout.String(), stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestServeBadInput is the table of bad input over real HTTP and the answer to each.
func TestServeBadInput(t *testing.T) {
	base, stop, stdout, _ := startServe(t, "--read-header-timeout", "300ms", "--read-timeout", "500ms", "--idle-timeout", "300ms")
	defer stop()
	signin := base + "/api/auth/signin"
	huge := strings.Repeat("x", 1<<20)
	tests := []struct {
		name        string
		method, url string
		contentType string
		body        string
		header      map[string]string
		status      int
		wantType    string
		wantBody    string
	}{
		{"ok, valid signin", "POST", signin, "application/json", `{"email":"a@b.co","password":"x"}`, nil, 200, "application/json", `"token"`},
		{"nok, not JSON", "POST", signin, "application/json", `{"email":`, nil, 400, "application/json", `"message":"body: invalid JSON`},
		{"nok, wrong type", "POST", signin, "application/json", `{"email":1,"password":"x"}`, nil, 400, "application/json", `"message":"email: expected string, got number"`},
		{"nok, missing field", "POST", signin, "application/json", `{"email":"a@b.co"}`, nil, 400, "application/json", `"message":"password: required"`},
		{"nok, wrong content type", "POST", signin, "text/plain", `hello`, nil, 415, "application/json", `"message":"body: Content-Type must be application/json"`},
		{"nok, body over 1 MiB", "POST", signin, "application/json", `{"email":"a@b.co","password":"` + huge + `"}`, nil, 413, "application/json", `"message":"body: larger than 1 MiB"`},
		{"nok, unknown path", "GET", base + "/nope", "", "", nil, 404, "application/problem+json", `"status":404`},
		{"nok, wrong method", "DELETE", signin, "", "", nil, 405, "application/problem+json", `"status":405`},
		{"nok, authiqa without token", "GET", base + "/auth/user-profile", "", "", nil, 401, "application/json", `"code":"UNAUTHORIZED"`},
		{"nok, pria without token", "POST", base + "/api/user/refresh/profile", "", "", nil, 403, "application/json", `"message":"Authentication Required"`},
		{"nok, bad scenario", "POST", signin + "?__scenario=nope", "application/json", `{"email":"a@b.co","password":"x"}`, nil, 400, "application/json", `unknown scenario \"nope\"`},
		{"nok, bad delay", "POST", signin + "?__delay=soon", "application/json", `{"email":"a@b.co","password":"x"}`, nil, 400, "application/json", `__delay`},
		{"nok, bad control body", "PUT", base + "/__mock/api/active", "application/json", `[`, nil, 400, "application/problem+json", `"detail":"body: want`},
		{"nok, headers over 64 KiB", "GET", base + "/__mock/health", "", "", map[string]string{"X-Big": strings.Repeat("y", 70<<10)}, 431, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, tt.url, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			// A connection of its own per case, as a new client would open.
			client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, b)
			}
			if tt.wantType != "" && !strings.HasPrefix(res.Header.Get("Content-Type"), tt.wantType) {
				t.Errorf("Content-Type %q, want %q", res.Header.Get("Content-Type"), tt.wantType)
			}
			if tt.wantType != "" && !json.Valid(b) {
				t.Errorf("body is not JSON: %s", b)
			}
			if !strings.Contains(string(b), tt.wantBody) {
				t.Errorf("body %s, want it to contain %s", b, tt.wantBody)
			}
		})
	}
	t.Run("nok, a slow client is cut by the read-header timeout", func(t *testing.T) {
		conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprint(conn, "GET /__mock/health HTTP/1.1\r\nHost: x\r\n") // never finishes the headers
		_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.ReadAll(conn); err != nil {
			t.Fatalf("connection not closed by the server: %v", err)
		}
	})
	t.Run("nok, a client that never finishes its body is cut by the read timeout", func(t *testing.T) {
		conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprint(conn, "POST /api/auth/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\":") // 90 bytes never come
		_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.ReadAll(conn); err != nil {
			t.Fatalf("connection not closed by the server: %v", err)
		}
	})
	t.Run("ok, one log line per request", func(t *testing.T) {
		if !regexp.MustCompile(`POST /api/auth/signin 200 scenario=default \S+`).MatchString(stdout.String()) {
			t.Errorf("log:\n%s", stdout.String())
		}
	})
}

func TestServeDrainsOnStop(t *testing.T) {
	base, stop, _, _ := startServe(t, "--quiet")
	type result struct {
		status int
		err    error
	}
	got := make(chan result, 1)
	go func() {
		res, err := http.Post(base+"/api/auth/signin?__delay=500", "application/json", strings.NewReader(`{"email":"a@b.co","password":"x"}`))
		if err != nil {
			got <- result{err: err}
			return
		}
		res.Body.Close()
		got <- result{status: res.StatusCode}
	}()
	time.Sleep(100 * time.Millisecond) // the request is in flight
	if code := stop(); code != 0 {
		t.Errorf("exit code %d", code)
	}
	if r := <-got; r.err != nil || r.status != 200 {
		t.Errorf("in-flight request: %+v", r)
	}
	if _, err := http.Get(base + "/__mock/health"); err == nil {
		t.Error("still serving after stop")
	}
}

func TestServeWarnsBeyondLoopback(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- runServe(ctx, []string{"--addr", "0.0.0.0:0", "--quiet"}, stdout, stderr) }()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(stdout.String(), "serving") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if !strings.Contains(stderr.String(), "warning: listening on ") || !strings.Contains(stderr.String(), "issues valid tokens to anyone") {
		t.Errorf("stderr = %q", stderr.String())
	}
}

func TestServeRefusesBadConfig(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--mfa-code", "12"}, `mfa code "12": want 6 digits`},
		{[]string{"--scenarios", "/nonexistent"}, "loading scenarios"},
		{[]string{"--nope"}, "flag provided but not defined: -nope"},
		{[]string{"--addr", "256.0.0.1:99999"}, "authmock serve:"},
	} {
		var out, errb bytes.Buffer
		code := runServe(context.Background(), tt.args, &out, &errb)
		if code == 0 || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("%v: code %d, stderr %q", tt.args, code, errb.String())
		}
	}
}

func TestTokenAndScenariosCommands(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runToken([]string{"--api", "authiqa", "--account-type", "child"}, &out, &errb); code != 0 || strings.Count(strings.TrimSpace(out.String()), ".") != 2 {
		t.Errorf("token: %d %q %q", code, out.String(), errb.String())
	}
	out.Reset()
	errb.Reset()
	if code := runToken([]string{"--account-type", "child"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "pria accounts are super, admin, user") {
		t.Errorf("bad token: %d %q", code, errb.String())
	}
	out.Reset()
	if code := runScenarios(nil, &out, &errb); code != 0 {
		t.Fatalf("scenarios: %d", code)
	}
	sc := bufio.NewScanner(strings.NewReader(out.String()))
	lines := 0
	for sc.Scan() {
		lines++
	}
	if lines != 21 || !strings.Contains(out.String(), "mfa-required") || !strings.HasPrefix(out.String(), "NAME") {
		t.Errorf("scenarios printed %d lines:\n%s", lines, out.String())
	}
}
