package validator_test

import (
	"context"
	"net/http/httptest"
	"testing"
)

func BenchmarkValidate(b *testing.B) {
	p, a := docs(b)
	v := newValidator(b)
	signin := exchange(b, "POST", "https://pria.praxislxp.com/api/auth/signin",
		requestExample(b, p, "POST", "/api/auth/signin", "signin"),
		200, responseExample(b, p, "POST", "/api/auth/signin", 200, "token"))
	profile := exchange(b, "GET", "https://api.authiqa.com/auth/user-profile", nil,
		200, responseExample(b, a, "GET", "/auth/user-profile", 200, "parent"),
		"Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig")
	ctx := context.Background()
	b.Run("signin", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if r := v.Validate(ctx, signin); r.Failed() {
				b.Fatal(r.Violations)
			}
		}
	})
	b.Run("signin-response", func(b *testing.B) {
		req := httptest.NewRequest("POST", "http://127.0.0.1:4010/api/auth/signin", nil)
		b.ReportAllocs()
		for b.Loop() {
			if r := v.ValidateResponse(ctx, req, 200, signin.Response.Header, signin.Response.Body); r.Failed() {
				b.Fatal(r.Violations)
			}
		}
	})
	b.Run("user-profile", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if r := v.Validate(ctx, profile); r.Failed() {
				b.Fatal(r.Violations)
			}
		}
	})
}
