package session

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func fixedIssuer(t *testing.T, now *time.Time) *Issuer {
	t.Helper()
	is, err := NewIssuer("test-secret", ClockFunc(func() time.Time { return *now }))
	if err != nil {
		t.Fatal(err)
	}
	return is
}

func TestSignVerify(t *testing.T) {
	now := t0
	is := fixedIssuer(t, &now)
	tok, err := is.Sign(Claims{ID: "6430736fd62d650040420674", Email: "a@b.co", AccountType: "user", SessionID: "s%3Aabc"}, DefaultTTL)
	if err != nil {
		t.Fatal(err)
	}
	c, err := is.Verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != "6430736fd62d650040420674" || c.Email != "a@b.co" || c.AccountType != "user" || c.SessionID != "s%3Aabc" {
		t.Errorf("claims = %+v", c)
	}
	if got := c.IssuedAt.Unix(); got != t0.Unix() {
		t.Errorf("iat = %d, want %d", got, t0.Unix())
	}
	if got := c.ExpiresAt.Unix() - c.IssuedAt.Unix(); got != 21600 {
		t.Errorf("lifetime = %d s, want 21600", got)
	}

	now = t0.Add(DefaultTTL + time.Second)
	if _, err := is.Verify(tok); !errors.Is(err, ErrTokenExpired) {
		t.Errorf("after expiry: err = %v, want ErrTokenExpired", err)
	}
}

func TestSignNegativeTTLIsExpired(t *testing.T) {
	now := t0
	is := fixedIssuer(t, &now)
	tok, err := is.Sign(Claims{Email: "a@b.co", AccountType: "user"}, -time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := is.Verify(tok); !errors.Is(err, ErrTokenExpired) {
		t.Errorf("err = %v, want ErrTokenExpired", err)
	}
}

func TestNewIssuerRefusesEmptySecret(t *testing.T) {
	if _, err := NewIssuer("", nil); err == nil {
		t.Fatal("empty secret accepted")
	}
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestVerifyRefusesForgedTokens(t *testing.T) {
	now := t0
	is := fixedIssuer(t, &now)
	exp := t0.Add(time.Hour).Unix()
	good, _ := is.Sign(Claims{Email: "a@b.co", AccountType: "user"}, time.Hour)
	parts := strings.Split(good, ".")

	signWith := func(secret string, m jwt.SigningMethod, c jwt.Claims) string {
		s, err := jwt.NewWithClaims(m, c).SignedString([]byte(secret))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"nok, empty", "", ErrTokenMissing},
		{"nok, not a jwt", "hello", ErrTokenInvalid},
		{"nok, alg none", b64(`{"alg":"none","typ":"JWT"}`) + "." + b64(`{"email":"a@b.co","accountType":"super","exp":`+itoa(exp)+`}`) + ".", ErrTokenInvalid},
		{"nok, other secret", signWith("other", jwt.SigningMethodHS256, jwt.MapClaims{"email": "a@b.co", "exp": exp}), ErrTokenInvalid},
		{"nok, RS256 header on an HS256 key", b64(`{"alg":"RS256","typ":"JWT"}`) + "." + parts[1] + "." + parts[2], ErrTokenInvalid},
		{"nok, HS512", signWith("test-secret", jwt.SigningMethodHS512, jwt.MapClaims{"email": "a@b.co", "exp": exp}), ErrTokenInvalid},
		{"nok, tampered payload", parts[0] + "." + b64(`{"email":"a@b.co","accountType":"super","exp":`+itoa(exp)+`}`) + "." + parts[2], ErrTokenInvalid},
		{"nok, exp missing", signWith("test-secret", jwt.SigningMethodHS256, jwt.MapClaims{"email": "a@b.co"}), ErrTokenInvalid},
		{"nok, nbf in the future", signWith("test-secret", jwt.SigningMethodHS256, jwt.MapClaims{"email": "a@b.co", "exp": exp, "nbf": t0.Add(time.Minute).Unix()}), ErrTokenInvalid},
		{"nok, expired and badly signed", signWith("other", jwt.SigningMethodHS256, jwt.MapClaims{"email": "a@b.co", "exp": t0.Add(-time.Hour).Unix()}), ErrTokenInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := is.Verify(tt.token)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v (claims %+v)", err, tt.want, c)
			}
		})
	}
	t.Run("ok, the good token", func(t *testing.T) {
		if _, err := is.Verify(good); err != nil {
			t.Fatal(err)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestNewSessionAndObjectIDs(t *testing.T) {
	id := NewObjectID()
	if len(id) != 24 || strings.Trim(id, "0123456789abcdef") != "" {
		t.Errorf("object id %q is not 24 hex", id)
	}
	if NewObjectID() == id {
		t.Error("two object ids are equal")
	}
	if s := NewSessionID(); !strings.HasPrefix(s, "s%3A") || len(s) != 4+32 {
		t.Errorf("session id %q", s)
	}
}
