package server

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"authmock/openapi"
)

func TestMockEndpoints(t *testing.T) {
	h := newHarness(t, Config{})
	t.Run("ok, health", func(t *testing.T) {
		if r := h.doRaw("GET", "/__mock/health", nil); r.status != 200 || r.json(t)["status"] != "ok" {
			t.Errorf("%d %s", r.status, r.body)
		}
	})
	t.Run("ok, specs as written", func(t *testing.T) {
		for _, name := range []string{"pria.yaml", "authiqa.yaml"} {
			want, _ := openapi.FS.ReadFile(name)
			r := h.doRaw("GET", "/__mock/openapi/"+name, nil)
			if r.status != 200 || !bytes.Equal(r.body, want) {
				t.Errorf("%s: %d, %d bytes", name, r.status, len(r.body))
			}
		}
		if r := h.doRaw("GET", "/__mock/openapi/other.yaml", nil); r.status != 404 {
			t.Errorf("other spec: %d", r.status)
		}
	})
	t.Run("ok, catalogue", func(t *testing.T) {
		r := h.doRaw("GET", "/__mock/api/scenarios", nil)
		m := r.json(t)
		if m["active"] != "default" || m["cookie"] != "default" || len(m["scenarios"].([]any)) != 19 || len(m["operations"].([]any)) != 5 {
			t.Errorf("%s", r.body)
		}
	})
	t.Run("nok, unknown path is JSON 404", func(t *testing.T) {
		r := h.doRaw("GET", "/api/nope", nil)
		if r.status != 404 || r.header.Get("Content-Type") != "application/problem+json" || r.json(t)["status"] != float64(404) {
			t.Errorf("%d %s %s", r.status, r.header.Get("Content-Type"), r.body)
		}
	})
	t.Run("nok, wrong method is JSON 405", func(t *testing.T) {
		r := h.doRaw("GET", "/api/auth/signin", nil)
		if r.status != 405 || r.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%d %s %s", r.status, r.header.Get("Content-Type"), r.body)
		}
	})
	t.Run("nok, no other site reads the mock's own endpoints", func(t *testing.T) {
		for _, path := range []string{"/__mock/api/requests", "/__mock/api/scenarios", "/__mock/api/clock"} {
			r := h.doRaw("GET", path, nil, "Origin", "https://evil.example")
			if got := r.header.Get("Access-Control-Allow-Origin"); got != "" {
				t.Errorf("%s: Access-Control-Allow-Origin %q", path, got)
			}
		}
	})
	t.Run("ok, the request log does not keep query tokens", func(t *testing.T) {
		tok := h.signin("log@example.com")
		h.do("POST", "/api/user/refresh/profile?token="+tok+"&x=1", nil)
		r := h.doRaw("GET", "/__mock/api/requests?since=0", nil)
		if strings.Contains(string(r.body), tok) || !strings.Contains(string(r.body), "token=REDACTED") {
			t.Errorf("request log: %s", r.body)
		}
	})
	t.Run("ok, CORS preflight of x-access-token and Authorization", func(t *testing.T) {
		r := h.doRaw("OPTIONS", "/api/user/refresh/profile", nil,
			"Origin", "http://localhost:3000",
			"Access-Control-Request-Method", "POST",
			"Access-Control-Request-Headers", "x-access-token, authorization, content-type")
		if r.status != 204 || r.header.Get("Access-Control-Allow-Origin") != "http://localhost:3000" ||
			!strings.Contains(r.header.Get("Access-Control-Allow-Headers"), "x-access-token") ||
			r.header.Get("Access-Control-Allow-Credentials") != "true" {
			t.Errorf("%d %v", r.status, r.header)
		}
		get := h.do("POST", "/api/auth/signin", map[string]string{"email": "a@b.co", "password": "x"}, "Origin", "http://localhost:3000")
		if get.header.Get("Access-Control-Allow-Origin") != "http://localhost:3000" || !strings.Contains(get.header.Get("Access-Control-Expose-Headers"), "X-Mock-Scenario") {
			t.Errorf("%v", get.header)
		}
	})
}

func TestPrismConventions(t *testing.T) {
	h := newHarness(t, Config{})
	body := map[string]string{"email": "a@b.co", "password": "x"}
	tests := []struct {
		name    string
		target  string
		header  []string
		status  int
		example string
	}{
		{"ok, Prefer code", "/api/auth/signin", []string{"Prefer", "code=401"}, 401, "invalidCredentials"},
		{"ok, Prefer code and example", "/api/auth/signin", []string{"Prefer", "code=200, example=mfaChallenge"}, 200, "mfaChallenge"},
		{"ok, __code and __example", "/api/auth/signin?__code=200&__example=tokenNewerPage", nil, 200, "tokenNewerPage"},
		{"ok, example alone", "/api/auth/signin?__example=token", nil, 200, "token"},
		{"ok, 429 carries Retry-After", "/api/auth/signin?__code=429", nil, 429, "rateLimited"},
		{"ok, URL beats header", "/api/auth/signin?__code=500", []string{"Prefer", "code=401"}, 500, "serverError"},
		{"ok, other preferences ignored", "/api/auth/signin", []string{"Prefer", "respond-async, wait=5"}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.do("POST", tt.target, body, tt.header...)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.example != "" && r.header.Get("X-Mock-Scenario") != "example:"+tt.example {
				t.Errorf("X-Mock-Scenario = %q", r.header.Get("X-Mock-Scenario"))
			}
			if tt.status == 429 && r.header.Get("Retry-After") != "60" {
				t.Errorf("Retry-After = %q", r.header.Get("Retry-After"))
			}
		})
	}
	for _, tt := range []struct{ name, target, header, message string }{
		{"nok, undeclared code", "/api/auth/signin?__code=418", "", "no example for status 418; statuses with examples: 200, 400, 401, 413, 415, 429, 500"},
		{"nok, unknown example", "/api/auth/signin?__code=200&__example=nope", "", `no example "nope"; examples: mfaChallenge, token, tokenNewerPage`},
		{"nok, bad code", "/api/auth/signin?__code=abc", "", `__code: "abc" is not an HTTP status`},
		{"nok, bad Prefer", "/api/auth/signin", "code=abc", `Prefer: code "abc" is not an HTTP status`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.header != "" {
				hdr = []string{"Prefer", tt.header}
			}
			r := h.do("POST", tt.target, body, hdr...)
			if r.status != 400 || r.json(t)["message"] != tt.message {
				t.Errorf("%d %s, want %q", r.status, r.body, tt.message)
			}
		})
	}
}

func TestParsePrefer(t *testing.T) {
	tests := []struct {
		in   string
		want preference
		err  bool
	}{
		{"code=401", preference{code: 401}, false},
		{"code=200, example=token", preference{code: 200, example: "token"}, false},
		{`Code="404"; Example="x y"`, preference{code: 404, example: "x y"}, false},
		{"respond-async", preference{}, false},
		{"code=99", preference{}, true},
		{"code=", preference{}, true},
	}
	for _, tt := range tests {
		got, err := parsePrefer(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("parsePrefer(%q) = %+v, %v", tt.in, got, err)
		}
	}
}

func TestFaults(t *testing.T) {
	h := newHarness(t, Config{MaxDelay: 50 * time.Millisecond})
	body := map[string]string{"email": "a@b.co", "password": "x"}
	t.Run("ok, delay is capped", func(t *testing.T) {
		start := time.Now()
		r := h.do("POST", "/api/auth/signin?__delay=60000", body)
		if r.status != 200 || time.Since(start) < 50*time.Millisecond {
			t.Errorf("%d after %v", r.status, time.Since(start))
		}
	})
	t.Run("ok, a huge delay is capped, not overflowed", func(t *testing.T) {
		start := time.Now()
		r := h.do("POST", "/api/auth/signin?__delay=9300000000000", body)
		if r.status != 200 || time.Since(start) < 50*time.Millisecond {
			t.Errorf("%d after %v", r.status, time.Since(start))
		}
	})
	for _, tt := range []struct{ target, message string }{
		{"/api/auth/signin?__delay=abc", `__delay: want a whole number of milliseconds, got "abc"`},
		{"/api/auth/signin?__delay=-5", `__delay: want a whole number of milliseconds, got "-5"`},
		{"/api/auth/signin?__fault=explode", `__fault: unknown fault "explode"; faults: reset`},
	} {
		r := h.do("POST", tt.target, body)
		if r.status != 400 || r.json(t)["message"] != tt.message {
			t.Errorf("%s: %d %s", tt.target, r.status, r.body)
		}
	}
	t.Run("ok, reset closes the connection without a response", func(t *testing.T) {
		srv := httptest.NewServer(h.e)
		defer srv.Close()
		res, err := http.Post(srv.URL+"/api/auth/signin?__fault=reset", "application/json", strings.NewReader(`{"email":"a@b.co","password":"x"}`))
		if err == nil {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			t.Fatalf("got a response: %d %s", res.StatusCode, b)
		}
		// and the server keeps serving
		res, err = http.Post(srv.URL+"/api/auth/signin", "application/json", strings.NewReader(`{"email":"a@b.co","password":"x"}`))
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("after reset: %v", err)
		}
		res.Body.Close()
	})
}

func TestNewRefusesBadConfig(t *testing.T) {
	for _, tt := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"nok, mfa code", Config{MFACode: "12345"}, `mfa code "12345": want 6 digits`},
		{"nok, negative ttl", Config{TokenTTL: -time.Hour}, "token lifetime -1h0m0s is negative"},
		{"nok, missing scenarios dir", Config{ScenarioDirs: []string{"/nonexistent/dir"}}, "loading scenarios: reading scenarios directory"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.cfg); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestMintToken(t *testing.T) {
	clock := &testClock{now: t0}
	tests := []struct {
		name string
		req  TokenRequest
		want map[string]any
		err  string
	}{
		{"ok, pria default", TokenRequest{}, map[string]any{"email": DefaultTokenEmail, "accountType": "user"}, ""},
		{"ok, pria admin", TokenRequest{API: "pria", AccountType: "admin", Email: "x@y.io"}, map[string]any{"email": "x@y.io", "accountType": "admin"}, ""},
		{"ok, authiqa child", TokenRequest{API: "authiqa", AccountType: "child"}, map[string]any{"accountType": "child"}, ""},
		{"ok, ttl", TokenRequest{TTL: time.Minute}, map[string]any{"exp": float64(t0.Add(time.Minute).Unix())}, ""},
		{"ok, expired", TokenRequest{Expired: true}, map[string]any{"exp": float64(t0.Add(-time.Minute).Unix())}, ""},
		{"nok, pria child", TokenRequest{AccountType: "child"}, nil, `account type "child": pria accounts are super, admin, user`},
		{"nok, authiqa admin", TokenRequest{API: "authiqa", AccountType: "admin"}, nil, `account type "admin": authiqa accounts are parent, child`},
		{"nok, api", TokenRequest{API: "other"}, nil, `api "other": want pria or authiqa`},
		{"nok, email", TokenRequest{Email: "nope"}, nil, `email "nope" is not a valid email address`},
		{"nok, negative ttl", TokenRequest{TTL: -time.Minute}, nil, "lifetime -1m0s is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := MintToken(Config{Clock: clock}, tt.req)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c := claimsOf(t, tok)
			for k, v := range tt.want {
				if c[k] != v {
					t.Errorf("%s = %v, want %v", k, c[k], v)
				}
			}
		})
	}
}

func TestStrictMode(t *testing.T) {
	h := newHarness(t, Config{Strict: true})
	t.Run("ok, valid answers pass untouched", func(t *testing.T) {
		r := h.do("POST", "/api/auth/signin", map[string]string{"email": "a@b.co", "password": "x"})
		if r.status != 200 || r.json(t)["token"] == nil {
			t.Fatalf("%d %s", r.status, r.body)
		}
		if r := h.do("POST", "/api/auth/signin?__scenario=rate-limited", map[string]string{"email": "a@b.co", "password": "x"}); r.status != 429 || r.header.Get("Retry-After") != "60" {
			t.Errorf("error answers pass too: %d %v", r.status, r.header)
		}
		if r := h.doRaw("POST", "/api/auth/signin", "{bad"); r.status != 400 {
			t.Errorf("decode errors pass too: %d %s", r.status, r.body)
		}
	})
	t.Run("nok, a lying answer becomes a 500 problem", func(t *testing.T) {
		// A scenario that sets a profile field outside its enum makes the mock lie.
		dir := t.TempDir()
		writeFile(t, dir, "lie.yaml", "scenarios:\n  - name: lie\n    summary: s\n    operations:\n      refreshProfile:\n        profile: {accountType: owner}\n")
		lying := newHarness(t, Config{ScenarioDirs: []string{dir}, Strict: true})
		tok := lying.signin("liar@example.com")
		r := lying.doRaw("POST", "/api/user/refresh/profile?__scenario=lie", nil, "x-access-token", tok)
		if r.status != 500 || r.header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("%d %s", r.status, r.body)
		}
		v := r.json(t)["violations"].([]any)[0].(map[string]any)
		if v["location"] != "body /profile/accountType" || v["side"] != "response" {
			t.Errorf("violation = %v", v)
		}
		plain := newHarnessAsIs(t, Config{ScenarioDirs: []string{dir}})
		tok = plain.signin("liar@example.com")
		if r := plain.doRaw("POST", "/api/user/refresh/profile?__scenario=lie", nil, "x-access-token", tok); r.status != 200 {
			t.Errorf("without --strict the lie goes out: %d", r.status)
		}
	})
}

func writeFile(t *testing.T, dir, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestStats(t *testing.T) {
	h := newHarness(t, Config{RateLimit: true, MaxChallenges: 3})
	for i := 0; i < 5; i++ {
		h.do("POST", "/api/auth/signin?__scenario=mfa-required", map[string]string{"email": "a@b.co", "password": "x"}, peerAddr, fmt.Sprintf("192.0.2.%d:1234", i))
	}
	r := h.doRaw("GET", "/__mock/api/stats", nil)
	want := `{"mfaChallenges":{"len":3,"max":3},"requestLog":{"len":5,"max":200},"rateLimitBuckets":{"len":5,"max":10000}}`
	if r.status != 200 || strings.TrimSpace(string(r.body)) != want {
		t.Errorf("%d %s\nwant %s", r.status, r.body, want)
	}
}
