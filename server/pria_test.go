package server

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestSigninDefault(t *testing.T) {
	h := newHarness(t, Config{})
	r := h.do("POST", "/api/auth/signin", map[string]string{"email": "John.Doe@Example.com", "password": "iLovePria123"})
	if r.status != 200 || r.header.Get("X-Mock-Scenario") != "default" {
		t.Fatalf("status %d scenario %q: %s", r.status, r.header.Get("X-Mock-Scenario"), r.body)
	}
	m := r.json(t)
	if got := get(m, "profile", "email"); got != "John.Doe@Example.com" {
		t.Errorf("profile email = %v, want the one given", got)
	}
	c := claimsOf(t, m["token"].(string))
	for _, k := range []string{"_id", "email", "customerId", "accountType", "sessionId", "iat", "exp"} {
		if _, ok := c[k]; !ok {
			t.Errorf("token lacks %s: %v", k, c)
		}
	}
	if len(c) != 7 {
		t.Errorf("token claims = %v, want exactly the documented seven", c)
	}
	if c["_id"] != get(m, "profile", "_id") || c["customerId"] != get(m, "profile", "customerId") {
		t.Errorf("token and profile disagree: %v vs %v/%v", c, get(m, "profile", "_id"), get(m, "profile", "customerId"))
	}
	if !strings.HasPrefix(c["customerId"].(string), "cus_") || c["accountType"] != "user" {
		t.Errorf("claims = %v", c)
	}
	if iat, exp := c["iat"].(float64), c["exp"].(float64); iat != float64(t0.Unix()) || exp-iat != 21600 {
		t.Errorf("iat %v exp %v: want now and now+21600", iat, exp)
	}
}

func TestSigninBadBodies(t *testing.T) {
	h := newHarness(t, Config{})
	tests := []struct {
		name        string
		body        any
		contentType string
		status      int
		message     string
	}{
		{"nok, not JSON", "{email", "application/json", 400, "body: invalid JSON"},
		{"nok, wrong type", `{"email": 5, "password": "x"}`, "application/json", 400, "email: expected string, got number"},
		{"nok, password wrong type", `{"email": "a@b.co", "password": true}`, "application/json", 400, "password: expected string, got bool"},
		{"nok, missing email", `{"password": "x"}`, "application/json", 400, "email: required"},
		{"nok, malformed email", `{"email": "not-an-email", "password": "x"}`, "application/json", 400, "email: not a valid email address"},
		{"nok, display-name email", `{"email": "Jo <a@b.co>", "password": "x"}`, "application/json", 400, "email: not a valid email address"},
		{"nok, non-ASCII email", `{"email": "jöhn@exämple.com", "password": "x"}`, "application/json", 400, "email: not a valid email address"},
		{"nok, local part over 64", `{"email": "` + strings.Repeat("a", 65) + `@b.co", "password": "x"}`, "application/json", 400, "email: not a valid email address"},
		{"nok, empty password", `{"email": "a@b.co", "password": ""}`, "application/json", 400, "password: required"},
		{"nok, empty body", "", "application/json", 400, "email: required"},
		{"nok, array body", `[1]`, "application/json", 400, "body: expected"},
		{"nok, form body", "email=a@b.co", "text/plain", 415, "body: Content-Type must be application/json"},
		{"nok, over 1 MiB", `{"email": "a@b.co", "password": "` + strings.Repeat("x", 1<<20) + `"}`, "application/json", 413, "body: larger than 1 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.doRaw("POST", "/api/auth/signin", tt.body, "Content-Type", tt.contentType)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			m := r.json(t)
			if m["success"] != false || !strings.HasPrefix(m["message"].(string), tt.message) {
				t.Errorf("body = %s, want message starting %q", r.body, tt.message)
			}
			checkResponseOnly(t, h, "POST", "/api/auth/signin", r)
		})
	}
}

func TestMFASigninThenVerify(t *testing.T) {
	h := newHarness(t, Config{})
	r := h.do("POST", "/api/auth/signin?__scenario=mfa-required", map[string]string{"email": "jane.roe@example.com", "password": "x"})
	m := r.json(t)
	if r.status != 200 || m["mfaRequired"] != true || m["maskedEmail"] != "j*****e@example.com" || m["token"] != nil {
		t.Fatalf("challenge = %d %s", r.status, r.body)
	}
	if _, ok := m["mandatorySuper"]; ok {
		t.Errorf("mandatorySuper present outside the super-mandatory gate: %s", r.body)
	}
	id := m["challengeId"].(string)

	wrong := h.do("POST", "/api/auth/mfa/verify", map[string]string{"challengeId": id, "code": "000000"})
	if wrong.status != 401 || wrong.json(t)["message"] != "Invalid verification code" {
		t.Errorf("wrong code: %d %s", wrong.status, wrong.body)
	}
	ok := h.do("POST", "/api/auth/mfa/verify", map[string]string{"challengeId": id, "code": "123456"})
	if ok.status != 200 {
		t.Fatalf("verify: %d %s", ok.status, ok.body)
	}
	direct := h.do("POST", "/api/auth/signin", map[string]string{"email": "jane.roe@example.com", "password": "x"})
	if get(ok.json(t), "profile", "_id") != get(direct.json(t), "profile", "_id") {
		t.Error("verify gave another user than signin would have")
	}
	again := h.do("POST", "/api/auth/mfa/verify", map[string]string{"challengeId": id, "code": "123456"})
	if again.status != 401 {
		t.Errorf("a used challenge verified again: %d", again.status)
	}
	unknown := h.do("POST", "/api/auth/mfa/verify", map[string]string{"challengeId": "0123456789abcdef01234567", "code": "123456"})
	if unknown.status != 401 {
		t.Errorf("unknown challenge: %d", unknown.status)
	}

	r = h.do("POST", "/api/auth/signin?__scenario=mfa-required", map[string]string{"email": "jane.roe@example.com", "password": "x"})
	id = r.json(t)["challengeId"].(string)
	h.clock.advance(10*time.Minute + time.Second)
	late := h.do("POST", "/api/auth/mfa/verify", map[string]string{"challengeId": id, "code": "123456"})
	if late.status != 401 || late.json(t)["message"] != "Verification code expired" {
		t.Errorf("expired challenge: %d %s", late.status, late.body)
	}
}

func TestMFAMandatorySuper(t *testing.T) {
	h := newHarness(t, Config{MFACode: "654321"})
	r := h.do("POST", "/api/auth/signin", map[string]string{"email": "boss@example.com", "password": "x"}, "X-Mock-Scenario", "mfa-mandatory-super")
	m := r.json(t)
	if m["mandatorySuper"] != true || r.header.Get("X-Mock-Scenario") != "mfa-mandatory-super" {
		t.Fatalf("challenge: %s", r.body)
	}
	ok := h.do("POST", "/api/auth/mfa/verify", map[string]string{"challengeId": m["challengeId"].(string), "code": "654321"})
	if ok.status != 200 {
		t.Fatalf("verify with the configured code: %d %s", ok.status, ok.body)
	}
	if c := claimsOf(t, ok.json(t)["token"].(string)); c["accountType"] != "super" {
		t.Errorf("accountType = %v, want super", c["accountType"])
	}
}

func TestVerifyBadBodies(t *testing.T) {
	h := newHarness(t, Config{})
	for _, tt := range []struct{ body, message string }{
		{`{"code": "123456"}`, "challengeId: required"},
		{`{"challengeId": "xyz", "code": "123456"}`, "challengeId: want 24 hexadecimal characters"},
		{`{"challengeId": "0123456789abcdef01234567"}`, "code: required"},
		{`{"challengeId": "0123456789abcdef01234567", "code": "12ab56"}`, "code: want 6 digits"},
		{`{"challengeId": "0123456789abcdef01234567", "code": 123456}`, "code: expected string, got number"},
	} {
		t.Run("nok, "+tt.message, func(t *testing.T) {
			r := h.doRaw("POST", "/api/auth/mfa/verify", tt.body)
			if r.status != 400 || r.json(t)["message"] != tt.message {
				t.Errorf("%d %s, want 400 %q", r.status, r.body, tt.message)
			}
			checkResponseOnly(t, h, "POST", "/api/auth/mfa/verify", r)
		})
	}
}

func TestSSOCallback(t *testing.T) {
	h := newHarness(t, Config{})
	a := h.do("POST", "/api/auth/sso_callback", map[string]string{"code": "abc", "state": "s1"})
	b := h.do("POST", "/api/auth/sso_callback", map[string]string{"code": "abc", "state": "s2"})
	c := h.do("POST", "/api/auth/sso_callback", map[string]string{"code": "other", "state": "s1"})
	if a.status != 200 || b.status != 200 || c.status != 200 {
		t.Fatalf("statuses %d %d %d", a.status, b.status, c.status)
	}
	if get(a.json(t), "profile", "email") != get(b.json(t), "profile", "email") {
		t.Error("the same code gave two users")
	}
	if get(a.json(t), "profile", "email") == get(c.json(t), "profile", "email") {
		t.Error("two codes gave the same user")
	}
	cl := claimsOf(t, a.json(t)["token"].(string))
	if exp, iat := cl["exp"].(float64), cl["iat"].(float64); exp-iat != 24*3600 {
		t.Errorf("SSO token lifetime %v s, want 24 h", exp-iat)
	}
	for _, tt := range []struct{ body, message string }{
		{`{"state": "s"}`, "code: required"},
		{`{"code": "c", "state": "  "}`, "state: required"},
	} {
		r := h.doRaw("POST", "/api/auth/sso_callback", tt.body)
		if r.status != 400 || r.json(t)["message"] != tt.message {
			t.Errorf("%s: %d %s", tt.body, r.status, r.body)
		}
	}
}

func TestRefreshSlidesTheSession(t *testing.T) {
	h := newHarness(t, Config{})
	tok := h.signin("slide@example.com")
	first := claimsOf(t, tok)
	h.clock.advance(5 * time.Hour)
	r := h.do("POST", "/api/user/refresh/profile", nil, "x-access-token", tok)
	if r.status != 200 {
		t.Fatalf("refresh: %d %s", r.status, r.body)
	}
	m := r.json(t)
	next := claimsOf(t, m["token"].(string))
	for _, k := range []string{"_id", "email", "accountType", "sessionId", "customerId"} {
		if next[k] != first[k] {
			t.Errorf("%s changed: %v -> %v", k, first[k], next[k])
		}
	}
	if want := float64(t0.Add(11 * time.Hour).Unix()); next["exp"] != want {
		t.Errorf("exp = %v, want %v (refresh time + 6 h)", next["exp"], want)
	}
	if m["success"] != true || get(m, "profile", "_id") != first["_id"] {
		t.Errorf("refresh body: %s", r.body)
	}
	for _, stripped := range []string{"password", "permissions", "__v", "created"} {
		if _, ok := m["profile"].(map[string]any)[stripped]; ok {
			t.Errorf("refreshed profile has %s", stripped)
		}
	}
	// The first token has expired by now (t0+6h); the refreshed one is still good.
	h.clock.advance(2 * time.Hour)
	if r := h.do("POST", "/api/user/refresh/profile", nil, "x-access-token", tok); r.status != 401 || r.json(t)["message"] != "jwt expired" {
		t.Errorf("old token after 7 h: %d %s", r.status, r.body)
	}
	if r := h.do("POST", "/api/user/refresh/profile", nil, "x-access-token", m["token"].(string)); r.status != 200 {
		t.Errorf("refreshed token after 7 h: %d %s", r.status, r.body)
	}
}

func TestRefreshTokenTransports(t *testing.T) {
	h := newHarness(t, Config{})
	good := h.signin("transport@example.com")
	expired, err := MintToken(Config{Clock: h.clock}, TokenRequest{Email: "transport@example.com", Expired: true})
	if err != nil {
		t.Fatal(err)
	}
	q := url.QueryEscape
	tests := []struct {
		name    string
		target  string
		body    any
		header  []string
		status  int
		message string
	}{
		{"ok, x-access-token", "/api/user/refresh/profile", nil, []string{"x-access-token", good}, 200, ""},
		{"ok, bearer", "/api/user/refresh/profile", nil, []string{"Authorization", "Bearer " + good}, 200, ""},
		{"ok, query", "/api/user/refresh/profile?token=" + q(good), nil, nil, 200, ""},
		{"ok, body", "/api/user/refresh/profile", map[string]string{"token": good}, nil, 200, ""},
		{"nok, x-access-token beats bearer", "/api/user/refresh/profile", nil, []string{"x-access-token", expired, "Authorization", "Bearer " + good}, 401, "jwt expired"},
		{"nok, bearer beats query", "/api/user/refresh/profile?token=" + q(good), nil, []string{"Authorization", "Bearer " + expired}, 401, "jwt expired"},
		{"nok, query beats body", "/api/user/refresh/profile?token=" + q(expired), map[string]string{"token": good}, nil, 401, "jwt expired"},
		{"nok, no token", "/api/user/refresh/profile", nil, nil, 403, "Authentication Required"},
		{"nok, garbage", "/api/user/refresh/profile", nil, []string{"x-access-token", "garbage"}, 401, "invalid signature"},
		{"nok, alg none", "/api/user/refresh/profile", nil, []string{"x-access-token", "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJlbWFpbCI6ImFAYi5jbyIsImV4cCI6OTk5OTk5OTk5OX0."}, 401, "invalid signature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r reply
			if tt.status == 403 {
				r = h.doRaw("POST", tt.target, tt.body, tt.header...) // no token is a request violation
				checkResponseOnly(t, h, "POST", "/api/user/refresh/profile", r)
			} else {
				r = h.do("POST", tt.target, tt.body, tt.header...)
			}
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.message != "" && r.json(t)["message"] != tt.message {
				t.Errorf("message = %v, want %q", r.json(t)["message"], tt.message)
			}
		})
	}
}

func TestStableUsers(t *testing.T) {
	one := newHarness(t, Config{Seed: 7})
	two := newHarness(t, Config{Seed: 7})
	other := newHarness(t, Config{Seed: 8})
	body := map[string]string{"email": "stable@example.com", "password": "x"}
	a := one.do("POST", "/api/auth/signin", body).json(t)["profile"]
	b := two.do("POST", "/api/auth/signin", body).json(t)["profile"]
	c := other.do("POST", "/api/auth/signin", body).json(t)["profile"]
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("same seed, same email, two profiles:\n%v\n%v", a, b)
	}
	if get(a.(map[string]any), "_id") == get(c.(map[string]any), "_id") {
		t.Error("another seed gave the same user")
	}
}

func TestRateLimit(t *testing.T) {
	h := newHarness(t, Config{RateLimit: true})
	body := map[string]string{"email": "a@b.co", "password": "x"}
	for i := 0; i < 10; i++ {
		if r := h.do("POST", "/api/auth/signin", body); r.status != 200 {
			t.Fatalf("request %d: %d", i+1, r.status)
		}
	}
	r := h.do("POST", "/api/auth/signin", body)
	if r.status != 429 || r.header.Get("Retry-After") != "60" {
		t.Fatalf("11th: %d Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	if r := h.do("POST", "/api/auth/signin", body, peerAddr, "198.51.100.7:1234"); r.status != 200 {
		t.Errorf("another client: %d", r.status)
	}
	for _, spoof := range []string{"X-Forwarded-For", "X-Real-IP"} {
		if r := h.do("POST", "/api/auth/signin", body, spoof, "10.9.8.7"); r.status != 429 {
			t.Errorf("a remote client picked its bucket with %s: %d", spoof, r.status)
		}
	}
	local := []string{peerAddr, "127.0.0.1:5555", "X-Forwarded-For", "203.0.113.9"}
	if r := h.do("POST", "/api/auth/signin", body, local...); r.status != 200 {
		t.Errorf("X-Forwarded-For from a local proxy is the client: %d", r.status)
	}
	h.clock.advance(time.Minute)
	if r := h.do("POST", "/api/auth/signin", body); r.status != 200 {
		t.Errorf("after the window: %d", r.status)
	}
	// The clock moved back (the console's reset) does not lock the client out until it catches up.
	h.clock.advance(24 * time.Hour)
	for i := 0; i < 10; i++ {
		h.do("POST", "/api/auth/signin", body)
	}
	h.clock.advance(-24 * time.Hour)
	if r := h.do("POST", "/api/auth/signin", body); r.status != 200 {
		t.Errorf("after the clock went back: %d Retry-After %s", r.status, r.header.Get("Retry-After"))
	}
	if h2 := newHarness(t, Config{}); h2.do("POST", "/api/auth/signin?x=1", body).status != 200 {
		t.Error("off by default")
	}
}
