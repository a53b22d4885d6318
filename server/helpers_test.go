package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"

	"authmock/validator"
)

// t0 is the tests' fixed "now".
var t0 = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// testClock is a clock the tests move by hand.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// harness is a mock built from a Config, with a contract check on every exchange.
type harness struct {
	t     *testing.T
	e     *echo.Echo
	clock *testClock
	v     *validator.Validator
}

var (
	validatorOnce sync.Once
	sharedV       *validator.Validator
	validatorErr  error
)

// contract returns a validator over both specs, with formats checked.
func contract(t *testing.T) *validator.Validator {
	t.Helper()
	validatorOnce.Do(func() { sharedV, validatorErr = NewValidator() })
	if validatorErr != nil {
		t.Fatal(validatorErr)
	}
	return sharedV
}

// newHarness builds the mock in strict mode, as the tests run it: the mock refuses to send a
// response that breaks its spec, and the harness checks every exchange again from outside.
func newHarness(t *testing.T, cfg Config) *harness {
	t.Helper()
	cfg.Strict = true
	return newHarnessAsIs(t, cfg)
}

// newHarnessAsIs builds the mock from cfg as given.
func newHarnessAsIs(t *testing.T, cfg Config) *harness {
	t.Helper()
	clock := &testClock{now: t0}
	if cfg.Clock == nil {
		cfg.Clock = clock
	}
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, e: e, clock: clock, v: contract(t)}
}

// peerAddr, given as a header name to do, sets the request's peer address instead.
const peerAddr = ":peer"

// reply is a recorded response.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

// do sends a request through the real echo chain and checks the exchange against the specs:
// every API exchange must be valid, unless the request itself is deliberately bad (wantBadRequest).
func (h *harness) do(method, target string, body any, header ...string) reply {
	h.t.Helper()
	return h.send(true, method, target, body, header...)
}

// doRaw sends without the contract check: for requests that are wrong on purpose.
func (h *harness) doRaw(method, target string, body any, header ...string) reply {
	h.t.Helper()
	return h.send(false, method, target, body, header...)
}

func (h *harness) send(check bool, method, target string, body any, header ...string) reply {
	h.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	case []byte:
		raw = b
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			h.t.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, target, bytes.NewReader(raw))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		switch header[i] {
		case peerAddr:
			req.RemoteAddr = header[i+1]
			continue
		case "Content-Type":
			req.Header.Del("Content-Type")
		}
		req.Header.Add(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.e.ServeHTTP(rec, req)
	res := rec.Result()
	got, _ := io.ReadAll(res.Body)
	if check {
		r := h.v.Validate(context.Background(), validator.Exchange{
			Request:  validator.RequestOf(req, raw),
			Response: validator.ResponseOf(res, got),
		})
		if !r.Known && strings.HasPrefix(req.URL.Path, "/api/") || !r.Known && strings.HasPrefix(req.URL.Path, "/auth/") {
			h.t.Errorf("%s %s: the validator knows no such operation", method, target)
		}
		for _, v := range r.Violations {
			h.t.Errorf("%s %s -> %d: contract violation: %s\nbody: %s", method, target, res.StatusCode, v, got)
		}
	}
	return reply{status: res.StatusCode, header: res.Header, body: got}
}

// signin signs email in and returns the token.
func (h *harness) signin(email string, header ...string) string {
	h.t.Helper()
	r := h.do("POST", "/api/auth/signin", map[string]string{"email": email, "password": "pw"}, header...)
	if r.status != 200 {
		h.t.Fatalf("signin: %d %s", r.status, r.body)
	}
	tok, _ := r.json(h.t)["token"].(string)
	if tok == "" {
		h.t.Fatalf("signin gave no token: %s", r.body)
	}
	return tok
}

// claimsOf decodes a token's payload without verifying it.
func claimsOf(t *testing.T, token string) jwt.MapClaims {
	t.Helper()
	c := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(token, c); err != nil {
		t.Fatalf("not a JWT: %q: %v", token, err)
	}
	return c
}

func get(m map[string]any, path ...string) any {
	var v any = m
	for _, p := range path {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = mm[p]
	}
	return v
}

// checkResponseOnly checks the response side of an exchange whose request is wrong on purpose.
func checkResponseOnly(t *testing.T, h *harness, method, path string, r reply) {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	res := h.v.Validate(context.Background(), validator.Exchange{
		Request:  validator.RequestOf(req, nil),
		Response: validator.Response{Status: r.status, Header: r.header, Body: r.body},
	})
	if !res.Known {
		t.Errorf("%s %s: the validator knows no such operation", method, path)
	}
	for _, v := range res.Violations {
		if v.Side == validator.SideResponse {
			t.Errorf("%s %s -> %d: response violation: %s\nbody: %s", method, path, r.status, v, r.body)
		}
	}
}
