package server

import (
	"bytes"
	"net/http/httptest"
	"testing"
)

// FuzzParsePrefer: no panic, and an accepted code is an HTTP status.
func FuzzParsePrefer(f *testing.F) {
	for _, s := range []string{"code=401", "code=200, example=token", `Code="404"; Example="x y"`, "respond-async, wait=5", "code=", "=,;="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		p, err := parsePrefer(h)
		if err == nil && p.code != 0 && (p.code < 100 || p.code > 599) {
			t.Fatalf("accepted code %d", p.code)
		}
	})
}

// FuzzRequestBodies sends arbitrary bodies to every operation that reads one, through the real
// chain in strict mode: never a panic, never a 5xx for the client's input, always a JSON answer.
func FuzzRequestBodies(f *testing.F) {
	e, err := New(Config{Strict: true})
	if err != nil {
		f.Fatal(err)
	}
	paths := []string{"/api/auth/signin", "/api/auth/mfa/verify", "/api/auth/sso_callback", "/api/user/refresh/profile"}
	seeds := []string{
		`{"email":"a@b.co","password":"x"}`, `{"email":5}`, `{"challengeId":"0123456789abcdef01234567","code":"123456"}`,
		`{"code":"c","state":"s"}`, `{"token":"x.y.z"}`, `{`, `[]`, `null`, `"str"`, `{"email":"a@b.co","password":"x","extra":{"deep":[1,2,{}]}}`,
		"\x00\xff", `{"email":"\ud800@b.co","password":"x"}`,
	}
	for i, s := range seeds {
		f.Add(uint8(i), []byte(s), "application/json")
	}
	f.Add(uint8(0), []byte("a=b"), "application/x-www-form-urlencoded")
	f.Add(uint8(1), []byte("<x/>"), "application/xml")
	f.Fuzz(func(t *testing.T, which uint8, body []byte, contentType string) {
		req := httptest.NewRequest("POST", paths[int(which)%len(paths)], bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %q (%s) -> %d %s", req.URL.Path, body, contentType, rec.Code, rec.Body.Bytes())
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json" && ct != "application/problem+json" && ct != "application/json; charset=UTF-8" {
			t.Fatalf("Content-Type %q: %s", ct, rec.Body.Bytes())
		}
	})
}
