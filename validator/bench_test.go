package validator_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"authmock/validator"
)

// BenchmarkValidate is the validator on one exchange, the same one every time, with the verdict memo
// off (every body decoded and visited, as a body never seen) and on (the body's verdict found in the
// memo, as the same user's profile on every call); signin-response-new gives a new body every time
// (as the answers of a mock that signs a token per signin), which shows the memo's cost when it never
// helps.
func BenchmarkValidate(b *testing.B) {
	p, a := docs(b)
	signin := exchange(b, "POST", "https://pria.praxislxp.com/api/auth/signin",
		requestExample(b, p, "POST", "/api/auth/signin", "signin"),
		200, responseExample(b, p, "POST", "/api/auth/signin", 200, "token"))
	profile := exchange(b, "GET", "https://api.authiqa.com/auth/user-profile", nil,
		200, responseExample(b, a, "GET", "/auth/user-profile", 200, "parent"),
		"Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig")
	signinReq := httptest.NewRequest("POST", "http://127.0.0.1:4010/api/auth/signin", nil)
	// More distinct bodies than the memo notes, so that none is seen twice within its bounds.
	newBodies := make([][]byte, 8*validator.DefaultVerdicts)
	for i := range newBodies {
		newBodies[i] = edit(b, signin.Response.Body, func(m map[string]any) { m["token"] = fmt.Sprintf("token-%06d", i) })
	}
	ctx := context.Background()
	for _, mode := range []struct {
		name string
		v    *validator.Validator
	}{
		{"memo-off", newValidator(b, validator.WithVerdicts(0))},
		{"memo-on", newValidator(b)},
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
		b.Run("signin-response-new/"+mode.name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				body := newBodies[n%len(newBodies)]
				if r := v.ValidateResponse(ctx, signinReq, 200, signin.Response.Header, body); r.Failed() {
					b.Fatal(r.Violations)
				}
				n++
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
