package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"authmock/server"
)

var proxyLine = regexp.MustCompile(`listening on http://(\S+),`)

// TestProxyCommand runs authmock proxy in front of the mock, sends traffic through it, stops it as
// SIGTERM would, and reads back the report it writes on the way out.
func TestProxyCommand(t *testing.T) {
	e, err := server.New(server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	upstream := httptest.NewServer(e)
	defer upstream.Close()
	reportPath := filepath.Join(t.TempDir(), "report.json")

	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- runProxy(ctx, []string{"--target", upstream.URL, "--addr", "127.0.0.1:0", "--report", reportPath}, stdout, stderr)
	}()
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == ""; {
		if m := proxyLine.FindStringSubmatch(stdout.String()); m != nil {
			base = "http://" + m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("proxy did not start: %s %s", stdout.String(), stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}

	post := func(query string) *http.Response {
		res, err := http.Post(base+"/api/auth/signin"+query, "application/json", strings.NewReader(`{"email":"a@b.co","password":"x"}`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := post(""); res.StatusCode != 200 || res.Header.Get("X-Contract-Violations") != "0" {
		t.Errorf("clean exchange: %d %q", res.StatusCode, res.Header.Get("X-Contract-Violations"))
	}
	// A request the spec refuses (no password) is a request violation, reported.
	res, err := http.Post(base+"/api/auth/signin", "application/json", strings.NewReader(`{"email":"a@b.co"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 400 || res.Header.Get("X-Contract-Violations") == "0" {
		t.Errorf("violating exchange: %d %q", res.StatusCode, res.Header.Get("X-Contract-Violations"))
	}

	cancel() // what SIGTERM does through signal.NotifyContext
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("proxy did not stop")
	}
	b, err := os.ReadFile(reportPath)
	if err != nil {
		t.Fatalf("no report on stop: %v", err)
	}
	var rep map[string]any
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, b)
	}
	if !strings.Contains(string(b), `"signin"`) || !strings.Contains(stdout.String(), "report written to "+reportPath) {
		t.Errorf("report: %s\nstdout: %s", b, stdout.String())
	}
	if !strings.Contains(stderr.String(), "password") {
		t.Errorf("the violation was not logged: %s", stderr.String())
	}
}
