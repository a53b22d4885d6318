package proxy_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"authmock/gen/authiqa"
	"authmock/gen/pria"
	"authmock/har"
	"authmock/proxy"
	"authmock/validator"
)

var (
	sharedOnce sync.Once
	sharedV    *validator.Validator
	sharedErr  error
)

// signinOp is the operationId of signin, as the embedded spec spells it.
func signinOp(t *testing.T) string {
	t.Helper()
	p, err := pria.GetSwagger()
	if err != nil {
		t.Fatal(err)
	}
	return p.Paths.Find("/api/auth/signin").Post.OperationID
}

func contract(t *testing.T) *validator.Validator {
	t.Helper()
	sharedOnce.Do(func() {
		p, err := pria.GetSwagger()
		if err != nil {
			sharedErr = err
			return
		}
		a, err := authiqa.GetSwagger()
		if err != nil {
			sharedErr = err
			return
		}
		sharedV, sharedErr = validator.New([]validator.Doc{{Name: "pria", T: p}, {Name: "authiqa", T: a}})
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedV
}

// logBuffer collects log lines from the proxy's goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

const (
	signinBody = `{"email":"john.doe@mydomain.com","password":"iLovePria123"}`
	mfaBody    = `{"mfaRequired":true,"challengeId":"6856fa89cbafcff8d98680f5","maskedEmail":"j*****e@example.com"}`
	tokenBody  = `{"token":"eyJ.e30.sig","profile":{"_id":"6430736fd62d650040420674","email":"jsmith@example.com","accountType":"user","credits":12}}`
)

// upstream answers every request with status and body as JSON.
func upstream(t *testing.T, status int, body string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

type setup struct {
	proxy *proxy.Proxy
	srv   *httptest.Server
	log   *logBuffer
}

func newProxy(t *testing.T, target string, cfg proxy.Config) setup {
	t.Helper()
	logs := &logBuffer{}
	cfg.Target = target
	cfg.Validator = contract(t)
	cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	cfg.Now = func() time.Time { return time.Date(2025, 6, 21, 17, 3, 12, 0, time.UTC) }
	p, err := proxy.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return setup{proxy: p, srv: srv, log: logs}
}

func post(t *testing.T, url, body string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, got
}

func TestProxy_forwardsUnchanged(t *testing.T) {
	var seen struct {
		method, uri, host, custom, body string
	}
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen.method, seen.uri, seen.host, seen.custom, seen.body = r.Method, r.RequestURI, r.Host, r.Header.Get("X-Custom"), string(b)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Upstream", "yes")
		_, _ = io.WriteString(w, mfaBody)
	}))
	defer up.Close()
	s := newProxy(t, up.URL, proxy.Config{})
	res, body := post(t, s.srv.URL+"/api/auth/signin?lang=en&__scenario=mfa", signinBody, "X-Custom", "kept")

	want := struct{ method, uri, host, custom, body string }{
		"POST", "/api/auth/signin?lang=en&__scenario=mfa", strings.TrimPrefix(up.URL, "http://"), "kept", signinBody,
	}
	if seen != want {
		t.Fatalf("upstream saw %+v\nwant %+v", seen, want)
	}
	if res.StatusCode != 200 || string(body) != mfaBody || res.Header.Get("X-Upstream") != "yes" || res.Header.Get(proxy.HeaderViolations) != "0" {
		t.Fatalf("client got %d %v %s", res.StatusCode, res.Header, body)
	}
}

func TestProxy_validates(t *testing.T) {
	op := signinOp(t)
	tests := []struct {
		name       string
		status     int
		body       string
		violations string
		logs       []string
	}{
		{name: "ok, clean token", status: 200, body: tokenBody, violations: "0"},
		{name: "ok, clean MFA challenge", status: 200, body: mfaBody, violations: "0"},
		{
			name: "nok, wrong type", status: 200, violations: "1",
			body: strings.Replace(tokenBody, `"credits":12`, `"credits":"12"`, 1),
			logs: []string{`level=WARN msg="contract violation: entry 0 POST /api/auth/signin response 200: /profile/credits: expected integer, got string" api=pria operation=` + op},
		},
		{
			name: "nok, missing field", status: 200, violations: "1",
			body: strings.Replace(tokenBody, `"token":"eyJ.e30.sig",`, ``, 1),
			logs: []string{`level=WARN msg="contract violation: entry 0 POST /api/auth/signin response 200: /token: required property is missing" api=pria operation=` + op},
		},
		{
			name: "nok, undeclared status", status: 418, body: `{}`, violations: "1",
			logs: []string{`level=WARN msg="contract violation: entry 0 POST /api/auth/signin response 418: status: expected one of `},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newProxy(t, upstream(t, tt.status, tt.body).URL, proxy.Config{})
			res, body := post(t, s.srv.URL+"/api/auth/signin", signinBody)
			if res.StatusCode != tt.status || string(body) != tt.body || res.Header.Get(proxy.HeaderViolations) != tt.violations {
				t.Fatalf("client got %d %s with %s violations, want %d %s with %s", res.StatusCode, body,
					res.Header.Get(proxy.HeaderViolations), tt.status, tt.body, tt.violations)
			}
			lines := strings.Split(strings.TrimSpace(s.log.String()), "\n")
			if len(tt.logs) == 0 && s.log.String() != "" || len(tt.logs) > 0 && len(lines) != len(tt.logs) {
				t.Fatalf("logs:\n%s\nwant %d lines", s.log, len(tt.logs))
			}
			for i, want := range tt.logs {
				if !strings.HasPrefix(lines[i], want) {
					t.Fatalf("log line %q\nwant prefix %q", lines[i], want)
				}
			}
		})
	}
}

func TestProxy_strict(t *testing.T) {
	op := signinOp(t)
	wrong := strings.Replace(tokenBody, `"credits":12`, `"credits":"12"`, 1)
	tests := []struct {
		name        string
		body        string
		status      int
		contentType string
		problem     map[string]any
	}{
		{name: "ok, clean response goes through", body: tokenBody, status: 200, contentType: "application/json; charset=utf-8"},
		{
			name: "nok, violating response replaced", body: wrong, status: 502, contentType: "application/problem+json",
			problem: map[string]any{
				"type": "about:blank", "title": "Response violates the API contract", "status": 502.0,
				"detail": "POST /api/auth/signin: the upstream 200 response has 1 contract violation(s)",
				"violations": []any{map[string]any{
					"operation": op, "side": "response", "location": "body /profile/credits",
					"expected": "integer", "found": "string", "message": "expected integer, got string",
				}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newProxy(t, upstream(t, 200, tt.body).URL, proxy.Config{Strict: true})
			res, body := post(t, s.srv.URL+"/api/auth/signin", signinBody)
			if res.StatusCode != tt.status || res.Header.Get("Content-Type") != tt.contentType {
				t.Fatalf("client got %d %s: %s", res.StatusCode, res.Header.Get("Content-Type"), body)
			}
			if tt.problem == nil {
				if string(body) != tt.body {
					t.Fatalf("body %s", body)
				}
				return
			}
			var got map[string]any
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.problem) {
				t.Fatalf("problem:\n got %v\nwant %v", got, tt.problem)
			}
		})
	}
}

func TestProxy_upstreamFailures(t *testing.T) {
	// A port nothing listens on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()

	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer slow.Close()
	defer close(release)

	tests := []struct {
		name   string
		target string
		status int
		title  string
	}{
		{name: "nok, unreachable target", target: closed, status: 502, title: "Bad Gateway"},
		{name: "nok, slow target", target: slow.URL, status: 504, title: "Gateway Timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newProxy(t, tt.target, proxy.Config{Timeout: 100 * time.Millisecond})
			for i := range 2 { // the proxy keeps serving
				res, body := post(t, s.srv.URL+"/api/auth/signin", signinBody)
				var p struct {
					Title, Detail, Target string
					Status                int
				}
				if err := json.Unmarshal(body, &p); err != nil {
					t.Fatalf("request %d: %v: %s", i, err, body)
				}
				if res.StatusCode != tt.status || p.Status != tt.status || p.Title != tt.title || p.Target != tt.target ||
					!strings.HasPrefix(p.Detail, "POST "+tt.target+"/api/auth/signin: ") || res.Header.Get("Content-Type") != "application/problem+json" {
					t.Fatalf("request %d: %d %+v", i, res.StatusCode, p)
				}
			}
			counts := s.proxy.Report().Suites[0].Counts
			if counts.Total != 2 || counts.Skipped != 2 {
				t.Fatalf("counts %+v", counts)
			}
		})
	}
}

func TestProxy_bodyOverCap(t *testing.T) {
	var got string
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = string(b)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, mfaBody)
	}))
	defer up.Close()
	s := newProxy(t, up.URL, proxy.Config{MaxBody: 16})
	res, body := post(t, s.srv.URL+"/api/auth/signin", signinBody)
	// Both bodies go through whole; neither is validated, so neither counts as missing.
	if got != signinBody || string(body) != mfaBody || res.Header.Get(proxy.HeaderViolations) != "0" {
		t.Fatalf("upstream got %q; client got %q with %s violations", got, body, res.Header.Get(proxy.HeaderViolations))
	}
}

func TestProxy_gzip(t *testing.T) {
	wrong := strings.Replace(tokenBody, `"credits":12`, `"credits":"12"`, 1)
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	_, _ = io.WriteString(zw, wrong)
	_ = zw.Close()
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(zipped.Bytes())
	}))
	defer up.Close()
	s := newProxy(t, up.URL, proxy.Config{})
	req, _ := http.NewRequest("POST", s.srv.URL+"/api/auth/signin", strings.NewReader(signinBody))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if !bytes.Equal(body, zipped.Bytes()) || res.Header.Get(proxy.HeaderViolations) != "1" {
		t.Fatalf("client got %q with %s violations", body, res.Header.Get(proxy.HeaderViolations))
	}
}

func TestProxy_reports(t *testing.T) {
	wrong := strings.Replace(tokenBody, `"credits":12`, `"credits":"12"`, 1)
	answers := []string{tokenBody, wrong, tokenBody}
	var n int
	var mu sync.Mutex
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		body := answers[n%len(answers)]
		n++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	}))
	defer up.Close()
	s := newProxy(t, up.URL, proxy.Config{Keep: 2})
	for range answers {
		post(t, s.srv.URL+"/api/auth/signin", signinBody)
	}

	t.Run("ok, json", func(t *testing.T) {
		var buf bytes.Buffer
		if err := s.proxy.WriteReport(&buf, proxy.FormatJSON); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Totals struct{ Total, Passed, Failed, Violations int }
			Suites []struct {
				Name    string
				Dropped int
				Cases   []struct {
					Index   int
					Outcome string
				}
			}
		}
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if got.Totals.Total != 3 || got.Totals.Passed != 2 || got.Totals.Failed != 1 || got.Totals.Violations != 1 {
			t.Fatalf("totals %+v", got.Totals)
		}
		s0 := got.Suites[0]
		if s0.Name != "proxy "+up.URL || s0.Dropped != 1 || len(s0.Cases) != 2 ||
			s0.Cases[0].Index != 1 || s0.Cases[0].Outcome != "failed" || s0.Cases[1].Index != 2 || s0.Cases[1].Outcome != "passed" {
			t.Fatalf("suite %+v", s0)
		}
	})
	t.Run("ok, junit", func(t *testing.T) {
		var buf bytes.Buffer
		if err := s.proxy.WriteReport(&buf, proxy.FormatJUnit); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
			Suites   []struct {
				Cases []struct {
					Name      string `xml:"name,attr"`
					Classname string `xml:"classname,attr"`
					Failure   *struct {
						Message string `xml:"message,attr"`
						Text    string `xml:",chardata"`
					} `xml:"failure"`
				} `xml:"testcase"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		cases := got.Suites[0].Cases
		if got.Tests != 2 || got.Failures != 1 || len(cases) != 2 || cases[0].Name != "entry 1 POST /api/auth/signin" ||
			cases[0].Classname != "pria."+signinOp(t) || cases[0].Failure == nil || cases[0].Failure.Message != "1 violation" ||
			cases[0].Failure.Text != "entry 1 POST /api/auth/signin response 200: /profile/credits: expected integer, got string" ||
			cases[1].Failure != nil {
			t.Fatalf("junit %+v", got)
		}
	})
	t.Run("ok, har of the failing exchanges", func(t *testing.T) {
		var buf bytes.Buffer
		if err := s.proxy.WriteReport(&buf, proxy.FormatHAR); err != nil {
			t.Fatal(err)
		}
		log, err := har.Read(&buf, "report.har")
		if err != nil {
			t.Fatal(err)
		}
		if len(log.Entries) != 1 {
			t.Fatalf("%d entries, want 1", len(log.Entries))
		}
		e := log.Entries[0]
		if e.Request.URL != up.URL+"/api/auth/signin" || e.Request.PostData.Text != signinBody ||
			*e.Response.Content.Text != wrong || e.Comment != "1 contract violation(s)" || e.StartedDateTime != "2025-06-21T17:03:12.000Z" {
			t.Fatalf("entry %+v", e)
		}
	})
	t.Run("nok, unknown format", func(t *testing.T) {
		err := s.proxy.WriteReport(io.Discard, "xml")
		if err == nil || err.Error() != `proxy: unknown report format "xml"` {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestNew(t *testing.T) {
	v := contract(t)
	tests := []struct {
		name string
		cfg  proxy.Config
		err  string
	}{
		{name: "ok, https target", cfg: proxy.Config{Target: "https://pria.praxislxp.com", Validator: v}},
		{name: "nok, no validator", cfg: proxy.Config{Target: "https://pria.praxislxp.com"}, err: "proxy: no validator"},
		{name: "nok, relative target", cfg: proxy.Config{Target: "pria.praxislxp.com", Validator: v}, err: `proxy: target "pria.praxislxp.com" is not an absolute http(s) URL`},
		{name: "nok, target with a query", cfg: proxy.Config{Target: "https://x.test/?a=1", Validator: v}, err: `proxy: target "https://x.test/?a=1" has a query or a fragment`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := proxy.New(tt.cfg)
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || err.Error() != tt.err) {
				t.Fatalf("err = %v, want %q", err, tt.err)
			}
		})
	}
}

// rawServer answers every connection with reply (or nothing) and closes it.
func rawServer(t *testing.T, reply string, reset bool) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				buf := make([]byte, 4096)
				_ = c.SetReadDeadline(time.Now().Add(time.Second))
				_, _ = c.Read(buf)
				if reset {
					if tcp, ok := c.(*net.TCPConn); ok {
						_ = tcp.SetLinger(0)
					}
				} else {
					_, _ = io.WriteString(c, reply)
				}
				c.Close()
			}(conn)
		}
	}()
	return "http://" + ln.Addr().String()
}

func TestProxy_faultyTargets(t *testing.T) {
	for _, tt := range []struct {
		name   string
		target string
	}{
		{"nok, target resets the connection", rawServer(t, "", true)},
		{"nok, target answers garbage", rawServer(t, "garbage, not HTTP\r\n\r\n", false)},
		{"nok, target closes mid-response", rawServer(t, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"tok", false)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newProxy(t, tt.target, proxy.Config{Timeout: 2 * time.Second})
			for i := range 2 {
				res, body := post(t, s.srv.URL+"/api/auth/signin", signinBody)
				if res.StatusCode != http.StatusBadGateway || res.Header.Get("Content-Type") != "application/problem+json" || !json.Valid(body) {
					t.Fatalf("request %d: %d %s %s", i, res.StatusCode, res.Header.Get("Content-Type"), body)
				}
			}
		})
	}
}

func TestProxy_recoversWhenTargetReturns(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // the target is down
	s := newProxy(t, "http://"+addr, proxy.Config{Timeout: time.Second})
	if res, body := post(t, s.srv.URL+"/api/auth/signin", signinBody); res.StatusCode != http.StatusBadGateway {
		t.Fatalf("target down: %d %s", res.StatusCode, body)
	}
	ln, err = net.Listen("tcp", addr) // the target comes back on the same address
	if err != nil {
		t.Skipf("port %s taken meanwhile: %v", addr, err)
	}
	up := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"success":false,"message":"Invalid email or password"}`)
	}))
	up.Listener.Close()
	up.Listener = ln
	up.Start()
	defer up.Close()
	res, body := post(t, s.srv.URL+"/api/auth/signin", signinBody)
	if res.StatusCode != http.StatusUnauthorized || res.Header.Get(proxy.HeaderViolations) != "0" {
		t.Fatalf("target back: %d %q %s", res.StatusCode, res.Header.Get(proxy.HeaderViolations), body)
	}
}

// TestProxy_keepsConnectionsToTheTarget checks that the default transport keeps its connections to
// the target between requests when more clients than http.DefaultTransport's 2 idle connections
// per host are served at once: rounds of concurrent requests reuse the first round's connections.
func TestProxy_keepsConnectionsToTheTarget(t *testing.T) {
	var mu sync.Mutex
	opened := 0
	target := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(5 * time.Millisecond) // so that the round's requests overlap
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{}`)
	}))
	target.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			mu.Lock()
			opened++
			mu.Unlock()
		}
	}
	target.Start()
	t.Cleanup(target.Close)
	s := newProxy(t, target.URL, proxy.Config{})
	const clients, rounds = 16, 5
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	t.Cleanup(client.CloseIdleConnections)
	for range rounds {
		var wg sync.WaitGroup
		for range clients {
			wg.Go(func() {
				res, err := client.Get(s.srv.URL + "/somewhere")
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
			})
		}
		wg.Wait()
	}
	mu.Lock()
	defer mu.Unlock()
	// At most one connection per client, whatever the round; with 2 idle connections kept, each
	// round after the first would open about clients-2 more.
	if opened > clients {
		t.Fatalf("the proxy opened %d connections to the target for %d rounds of %d clients, want at most %d", opened, rounds, clients, clients)
	}
}
