package session_test

import (
	"errors"
	"testing"
	"time"

	"authmock/session"
)

// Verify remembers the tokens it has checked: what it returns for one must still be the caller's
// own, and a remembered token must still expire.
func TestVerifyRemembersTokensSafely(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	is, err := session.NewIssuer("test-secret", session.ClockFunc(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := is.Sign(benchClaims, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	first, err := is.Verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	first.Email = "changed@x.co"
	first.ExpiresAt.Time = now.Add(100 * time.Hour)
	first.Audience = append(first.Audience, "changed")
	second, err := is.Verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	if second.Email != benchClaims.Email || !second.ExpiresAt.Equal(now.Add(time.Hour)) || len(second.Audience) != 0 {
		t.Errorf("a change to the claims of one Verify shows in the next: %+v", second)
	}
	now = now.Add(time.Hour + time.Second)
	if _, err := is.Verify(tok); !errors.Is(err, session.ErrTokenExpired) || err.Error() != "token expired: token has invalid claims: token is expired" {
		t.Errorf("a remembered token past its exp: err = %v, want ErrTokenExpired", err)
	}
}

func benchIssuer(b *testing.B) *session.Issuer {
	b.Helper()
	is, err := session.NewIssuer(session.DefaultSecret, nil)
	if err != nil {
		b.Fatal(err)
	}
	return is
}

// benchClaims are the claims of a signin token.
var benchClaims = session.Claims{
	ID:          "6430736fd62d650040420674",
	Email:       "john.doe@mydomain.com",
	CustomerID:  "cus_NffrFeUfNV2Hib",
	AccountType: "user",
	SessionID:   "s%3A0123456789abcdef0123456789abcdef",
}

func BenchmarkIssuer_Sign(b *testing.B) {
	is := benchIssuer(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := is.Sign(benchClaims, session.DefaultTTL); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIssuer_Verify is the verification of a token seen before (the common case: a client
// sends its token until it refreshes it); BenchmarkIssuer_VerifyFirst that of a token never seen.
func BenchmarkIssuer_Verify(b *testing.B) {
	is := benchIssuer(b)
	tok, err := is.Sign(benchClaims, session.DefaultTTL)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := is.Verify(tok); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewSessionID(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = session.NewSessionID()
	}
}

func BenchmarkIssuer_VerifyFirst(b *testing.B) {
	is := benchIssuer(b)
	toks := make([]string, 4096) // more than the issuer remembers
	for i := range toks {
		c := benchClaims
		c.SessionID = session.NewSessionID()
		var err error
		if toks[i], err = is.Sign(c, session.DefaultTTL); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := is.Verify(toks[i%len(toks)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
