package validator_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"authmock/validator"
)

// BenchmarkValidate is the validator on one exchange: "fresh" decodes and visits every body (the
// verdict memo off, as for a body never seen), "remembered" finds the response body's verdict in
// the memo (a body seen before, e.g. the same user's profile).
func BenchmarkValidate(b *testing.B) {
	p, a := docs(b)
	signin := exchange(b, "POST", "https://pria.praxislxp.com/api/auth/signin",
		requestExample(b, p, "POST", "/api/auth/signin", "signin"),
		200, responseExample(b, p, "POST", "/api/auth/signin", 200, "token"))
	profile := exchange(b, "GET", "https://api.authiqa.com/auth/user-profile", nil,
		200, responseExample(b, a, "GET", "/auth/user-profile", 200, "parent"),
		"Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig")
	signinReq := httptest.NewRequest("POST", "http://127.0.0.1:4010/api/auth/signin", nil)
	ctx := context.Background()
	for _, mode := range []struct {
		name string
		v    *validator.Validator
	}{
		{"fresh", newValidator(b, validator.WithVerdicts(0))},
		{"remembered", newValidator(b)},
	} {
		v := mode.v
		b.Run("signin/"+mode.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if r := v.Validate(ctx, signin); r.Failed() {
					b.Fatal(r.Violations)
				}
			}
		})
		b.Run("signin-response/"+mode.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if r := v.ValidateResponse(ctx, signinReq, 200, signin.Response.Header, signin.Response.Body); r.Failed() {
					b.Fatal(r.Violations)
				}
			}
		})
		b.Run("user-profile/"+mode.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if r := v.Validate(ctx, profile); r.Failed() {
					b.Fatal(r.Violations)
				}
			}
		})
	}
}
