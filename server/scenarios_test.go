package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// request builds a valid request for an operation, with what it needs (a token, a challenge).
func (h *harness) request(opID string) (method, path string, body any, header []string) {
	h.t.Helper()
	switch opID {
	case "signin":
		return "POST", "/api/auth/signin", map[string]string{"email": "qa@example.com", "password": "x"}, nil
	case "verifyMfa":
		r := h.do("POST", "/api/auth/signin?__scenario=mfa-required", map[string]string{"email": "qa@example.com", "password": "x"})
		return "POST", "/api/auth/mfa/verify", map[string]string{"challengeId": r.json(h.t)["challengeId"].(string), "code": "123456"}, nil
	case "ssoCallback":
		return "POST", "/api/auth/sso_callback", map[string]string{"code": "c0de", "state": "st"}, nil
	case "refreshProfile":
		return "POST", "/api/user/refresh/profile", nil, []string{"x-access-token", h.signin("qa@example.com")}
	case "getUserProfile":
		return "GET", "/auth/user-profile", nil, []string{"Authorization", "Bearer " + h.signin("qa@example.com")}
	}
	h.t.Fatalf("no request for %s", opID)
	return
}

// TestEveryScenario runs every scenario of the catalogue on every operation it applies to, through
// the real chain, and checks the status it documents and the contract of the answer.
func TestEveryScenario(t *testing.T) {
	h := newHarness(t, Config{})
	want := map[string]int{
		"invalid-credentials": 401, "rate-limited": 429, "server-error": 500,
		"mfa-invalid-code": 401, "mfa-challenge-expired": 401, "sso-invalid-code": 401,
		"expired-jwt": 401, "invalid-token": 401, "account-inactive": 403,
		"user-not-found": 404, "internal-error": 500,
	}
	seen := 0
	list, err := Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range list {
		ops := sc.Operations
		if sc.Name == "default" {
			ops = []string{"signin", "verifyMfa", "ssoCallback", "refreshProfile", "getUserProfile"}
		}
		for _, op := range ops {
			t.Run(sc.Name+"/"+op, func(t *testing.T) {
				seen++
				method, path, body, header := h.request(op)
				status := want[sc.Name]
				if status == 0 {
					status = 200
				}
				if sc.Name == "missing-token" {
					status = map[string]int{"refreshProfile": 403, "getUserProfile": 401}[op]
				}
				for _, via := range []string{"query", "header"} {
					target, hdr := path, header
					if via == "query" {
						target += "?__scenario=" + sc.Name
					} else {
						hdr = append(append([]string{}, header...), "X-Mock-Scenario", sc.Name)
					}
					r := h.do(method, target, body, hdr...)
					if r.status != status {
						t.Fatalf("via %s: status %d, want %d: %s", via, r.status, status, r.body)
					}
					if got := r.header.Get("X-Mock-Scenario"); got != sc.Name {
						t.Errorf("via %s: X-Mock-Scenario = %q", via, got)
					}
					if op == "verifyMfa" && status == 200 {
						_, _, body, _ = h.request(op) // a challenge verifies once
					}
				}
			})
		}
	}
	if seen < 30 {
		t.Errorf("ran %d scenario/operation pairs; the catalogue should give more", seen)
	}
}

func TestScenarioOutcomes(t *testing.T) {
	h := newHarness(t, Config{})
	t.Run("ok, personas travel in the token", func(t *testing.T) {
		for _, sc := range []string{"admin-account", "super-account"} {
			tok := h.signin("persona@example.com", "X-Mock-Scenario", sc)
			want := strings.TrimSuffix(sc, "-account")
			r := h.do("POST", "/api/user/refresh/profile", nil, "x-access-token", tok)
			if c := claimsOf(t, r.json(t)["token"].(string)); c["accountType"] != want || get(r.json(t), "profile", "accountType") != want {
				t.Errorf("%s: token %v, profile %v", sc, c["accountType"], get(r.json(t), "profile", "accountType"))
			}
		}
	})
	t.Run("ok, google-workspace", func(t *testing.T) {
		tok := h.signin("gw@example.com")
		r := h.do("POST", "/api/user/refresh/profile?__scenario=google-workspace", nil, "x-access-token", tok)
		p := r.json(t)["profile"].(map[string]any)
		if p["institutionGoogleOAuthEnabled"] != true || p["institutionGoogleWorkspaceEnabled"] != true || len(p["institutionGoogleOAuthScopes"].([]any)) == 0 {
			t.Errorf("profile = %v", p)
		}
		plain := h.do("POST", "/api/user/refresh/profile", nil, "x-access-token", tok).json(t)["profile"].(map[string]any)
		if plain["institutionGoogleOAuthEnabled"] != false {
			t.Errorf("google flags on without the scenario: %v", plain["institutionGoogleOAuthEnabled"])
		}
	})
	t.Run("ok, a child persona signed in travels to the Authiqa profile", func(t *testing.T) {
		tok := h.signin("kid@example.com", "X-Mock-Scenario", "child-account")
		if c := claimsOf(t, tok); c["accountType"] != "child" {
			t.Fatalf("token accountType = %v", c["accountType"])
		}
		r := h.do("GET", "/auth/user-profile", nil, "Authorization", "Bearer "+tok)
		if u := get(r.json(t), "data", "user", "accountType"); u != "child" || r.header.Get("X-Mock-Scenario") != "default" {
			t.Errorf("accountType = %v, scenario %s", u, r.header.Get("X-Mock-Scenario"))
		}
		ref := h.do("POST", "/api/user/refresh/profile", nil, "x-access-token", tok)
		if c := claimsOf(t, ref.json(t)["token"].(string)); c["accountType"] != "child" || get(ref.json(t), "profile", "accountType") != "user" {
			t.Errorf("refresh: token %v, profile %v", c["accountType"], get(ref.json(t), "profile", "accountType"))
		}
	})
	t.Run("ok, child-account overrides a parent token", func(t *testing.T) {
		tok := h.signin("fam@example.com")
		r := h.do("GET", "/auth/user-profile?__scenario=child-account", nil, "Authorization", "Bearer "+tok)
		if u := get(r.json(t), "data", "user", "accountType"); u != "child" {
			t.Errorf("accountType = %v", u)
		}
	})
	t.Run("ok, rate-limited carries Retry-After", func(t *testing.T) {
		r := h.do("POST", "/api/auth/signin?__scenario=rate-limited", map[string]string{"email": "a@b.co", "password": "x"})
		if r.header.Get("Retry-After") != "60" {
			t.Errorf("Retry-After = %q", r.header.Get("Retry-After"))
		}
	})
	t.Run("ok, authiqa errors carry their codes", func(t *testing.T) {
		tok := h.signin("err@example.com")
		for sc, code := range map[string]string{"account-inactive": "ACCOUNT_INACTIVE", "user-not-found": "USER_NOT_FOUND", "internal-error": "INTERNAL_ERROR", "expired-jwt": "UNAUTHORIZED"} {
			r := h.do("GET", "/auth/user-profile?__scenario="+sc, nil, "Authorization", "Bearer "+tok)
			if got := get(r.json(t), "error", "code"); got != code {
				t.Errorf("%s: code %v, want %s", sc, got, code)
			}
		}
	})
}

func TestScenarioSelection(t *testing.T) {
	h := newHarness(t, Config{})
	signin := map[string]string{"email": "sel@example.com", "password": "x"}
	scenarioOf := func(r reply) string { return r.header.Get("X-Mock-Scenario") }

	t.Run("nok, unknown name lists the valid ones", func(t *testing.T) {
		r := h.do("POST", "/api/auth/signin?__scenario=nope", signin)
		want := `__scenario: unknown scenario "nope" for signin; valid scenarios: default, admin-account, child-account, invalid-credentials, mfa-mandatory-super, mfa-required, rate-limited, server-error, super-account`
		if r.status != 400 || r.json(t)["message"] != want {
			t.Errorf("%d %s", r.status, r.body)
		}
	})
	t.Run("nok, a name for another operation", func(t *testing.T) {
		r := h.do("POST", "/api/auth/signin", signin, "X-Mock-Scenario", "user-not-found")
		if r.status != 400 || !strings.Contains(r.json(t)["message"].(string), "does not apply") {
			t.Errorf("%d %s", r.status, r.body)
		}
	})
	t.Run("nok, authiqa bad name in its own shape", func(t *testing.T) {
		r := h.do("GET", "/auth/user-profile?__scenario=mfa-required", nil, "Authorization", "Bearer x")
		if r.status != 400 || get(r.json(t), "error", "code") != "BAD_REQUEST" {
			t.Errorf("%d %s", r.status, r.body)
		}
	})
	t.Run("ok, precedence: request, cookie, server-wide, default", func(t *testing.T) {
		use := h.doRaw("GET", "/__mock/use?scenario=invalid-credentials", nil)
		if use.status != 200 {
			t.Fatalf("use: %d %s", use.status, use.body)
		}
		cookie := use.header.Get("Set-Cookie")
		name, value, _ := strings.Cut(strings.Split(cookie, ";")[0], "=")
		if name != "authmock_scenario" || value != "invalid-credentials" {
			t.Fatalf("Set-Cookie = %q", cookie)
		}
		ck := "authmock_scenario=" + value
		if r := h.doRaw("PUT", "/__mock/api/active", `{"scenario": "mfa-required"}`); r.status != 200 {
			t.Fatalf("PUT active: %d %s", r.status, r.body)
		}
		if got := scenarioOf(h.do("POST", "/api/auth/signin", signin)); got != "mfa-required" {
			t.Errorf("server-wide: %s", got)
		}
		if got := scenarioOf(h.do("POST", "/api/auth/signin", signin, "Cookie", ck)); got != "invalid-credentials" {
			t.Errorf("cookie over server-wide: %s", got)
		}
		if got := scenarioOf(h.do("POST", "/api/auth/signin?__scenario=admin-account", signin, "Cookie", ck)); got != "admin-account" {
			t.Errorf("request over cookie: %s", got)
		}
		tok := h.signin("sel@example.com", "X-Mock-Scenario", "default")
		if got := scenarioOf(h.do("POST", "/api/user/refresh/profile", nil, "Cookie", ck, "x-access-token", tok)); got != "default" {
			t.Errorf("a sticky scenario touched an operation it does not apply to: %s", got)
		}
		if r := h.doRaw("DELETE", "/__mock/api/active", nil); r.status != 200 {
			t.Fatalf("DELETE active: %d", r.status)
		}
		if got := scenarioOf(h.do("POST", "/api/auth/signin", signin)); got != "default" {
			t.Errorf("after reset: %s", got)
		}
		clear := h.doRaw("GET", "/__mock/use?scenario=default", nil)
		if !strings.Contains(clear.header.Get("Set-Cookie"), "Max-Age=0") {
			t.Errorf("clearing cookie: %q", clear.header.Get("Set-Cookie"))
		}
	})
	t.Run("nok, bad control requests", func(t *testing.T) {
		for _, tt := range []struct{ method, target, body, detail string }{
			{"GET", "/__mock/use", "", "scenario: required"},
			{"GET", "/__mock/use?scenario=nope", "", `scenario: unknown scenario "nope"`},
			{"PUT", "/__mock/api/active", `{"scenario": "nope"}`, `scenario: unknown scenario "nope"`},
			{"PUT", "/__mock/api/active", `{"scenaro": "x"}`, "body: want"},
			{"PUT", "/__mock/api/active", `not json`, "body: want"},
			{"PUT", "/__mock/api/active", `{}`, "scenario: required"},
		} {
			r := h.doRaw(tt.method, tt.target, tt.body)
			if r.status != 400 || r.header.Get("Content-Type") != "application/problem+json" || !strings.HasPrefix(fmt.Sprint(r.json(t)["detail"]), tt.detail) {
				t.Errorf("%s %s %s: %d %s", tt.method, tt.target, tt.body, r.status, r.body)
			}
		}
	})
}

func TestScenarioDirs(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mine.yaml"), []byte("scenarios:\n  - name: locked\n    summary: s\n    operations:\n      signin: {status: 429, message: Locked, headers: {Retry-After: \"900\"}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Config{ScenarioDirs: []string{dir}})
	r := h.do("POST", "/api/auth/signin?__scenario=locked", map[string]string{"email": "a@b.co", "password": "x"})
	if r.status != 429 || r.header.Get("Retry-After") != "900" {
		t.Errorf("%d %v", r.status, r.header)
	}

	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "bad.yaml"), []byte("scenarios:\n  - name: x\n    sumary: s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := New(Config{ScenarioDirs: []string{bad}})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(bad, "bad.yaml")+": line 3: field sumary not found") {
		t.Errorf("err = %v", err)
	}
}
