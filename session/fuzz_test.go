package session

import (
	"errors"
	"testing"
	"time"
)

// FuzzVerify feeds arbitrary tokens to Verify: it never panics, never accepts a token it did not
// sign, and always answers with one of the three token errors.
func FuzzVerify(f *testing.F) {
	now := t0
	is, err := NewIssuer("fuzz-secret", ClockFunc(func() time.Time { return now }))
	if err != nil {
		f.Fatal(err)
	}
	good, _ := is.Sign(Claims{Email: "a@b.co", AccountType: "user"}, time.Hour)
	for _, s := range []string{"", "a.b.c", good, good + "x", "eyJhbGciOiJub25lIn0.e30.", "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjk5OTk5OTk5OTl9.", "..", "Bearer x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		c, err := is.Verify(token)
		if err == nil {
			if token != good {
				t.Fatalf("accepted a token it did not sign: %q (%+v)", token, c)
			}
			return
		}
		if !errors.Is(err, ErrTokenMissing) && !errors.Is(err, ErrTokenInvalid) && !errors.Is(err, ErrTokenExpired) {
			t.Fatalf("unclassified error %v", err)
		}
	})
}

// FuzzCredentials checks the transport choice on arbitrary header values: the token returned is
// always one of the candidates, trimmed, and empty only when every candidate is blank.
func FuzzCredentials(f *testing.F) {
	f.Add("tok", "Bearer b", "q", "body")
	f.Add("", "bearer   spaced  ", "", "")
	f.Add(" ", "Basic x", "", "")
	f.Fuzz(func(t *testing.T, access, authz, query, body string) {
		tok, from := Credentials{access, authz, query, body}.Token()
		switch from {
		case TransportAccessToken, TransportQuery, TransportBody, TransportBearer:
			if tok == "" {
				t.Fatalf("empty token from %s", from)
			}
		case "":
			if tok != "" {
				t.Fatalf("token %q from no transport", tok)
			}
		default:
			t.Fatalf("unknown transport %q", from)
		}
	})
}
