package session

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"authmock/memo"
)

// DefaultSecret is the development signing secret used when none is configured. It is public:
// tokens signed with it prove nothing outside the mock.
const DefaultSecret = "authmock-development-secret"

// DefaultTTL is the documented JWT_VALIDITY_SEC default (21,600 seconds).
const DefaultTTL = 6 * time.Hour

// SSOTTL is the lifetime the SSO callback page states for its tokens.
const SSOTTL = 24 * time.Hour

// Claims is the JWT payload. The Pria fields are the documented ones (`_id`, `email`, `customerId`,
// `accountType`, `sessionId`, `iat`, `exp`); tokens minted for Authiqa carry `userID` instead of
// `_id` and an account type of parent or child.
type Claims struct {
	ID          string `json:"_id,omitempty"`
	UserID      string `json:"userID,omitempty"`
	Email       string `json:"email"`
	CustomerID  string `json:"customerId,omitempty"`
	AccountType string `json:"accountType"`
	SessionID   string `json:"sessionId,omitempty"`
	jwt.RegisteredClaims
}

// Issuer signs and verifies HS256 tokens with one secret and one clock.
type Issuer struct {
	secret []byte
	clock  Clock
	parser *jwt.Parser
	// validator runs the parser's checks of the claims (exp required, exp and nbf against the clock)
	// on the tokens in verified: the time moves, the signature does not.
	validator *jwt.Validator
	verified  *memo.Map[string, Claims]
}

// maxVerifiedTokens bounds the tokens whose signature Verify remembers: a few hundred bytes each.
const maxVerifiedTokens = 1024

// NewIssuer returns an Issuer. An empty secret is refused: a token signed with it would verify
// against anything.
func NewIssuer(secret string, clock Clock) (*Issuer, error) {
	if secret == "" {
		return nil, errors.New("jwt secret is empty")
	}
	if clock == nil {
		clock = ClockFunc(time.Now)
	}
	opts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(clock.Now),
	}
	return &Issuer{
		secret:    []byte(secret),
		clock:     clock,
		parser:    jwt.NewParser(opts...),
		validator: jwt.NewValidator(opts...),
		verified:  memo.New[string, Claims](maxVerifiedTokens),
	}, nil
}

// Clock returns the issuer's clock.
func (is *Issuer) Clock() Clock { return is.clock }

// Sign fills iat and exp (now plus ttl; a negative ttl gives an already expired token) and signs c.
func (is *Issuer) Sign(c Claims, ttl time.Duration) (string, error) {
	now := is.clock.Now()
	c.IssuedAt = jwt.NewNumericDate(now)
	c.ExpiresAt = jwt.NewNumericDate(now.Add(ttl))
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(is.secret)
	if err != nil {
		return "", fmt.Errorf("signing token: %w", err)
	}
	return s, nil
}

// Verify checks the token's algorithm, signature and expiry and returns its claims. Errors are
// ErrTokenMissing, ErrTokenExpired or ErrTokenInvalid, wrapping the parser's reason.
//
// A client sends the same token again and again until it refreshes it, so Verify remembers the
// tokens whose algorithm and signature it has checked, with their claims: for those it only runs the
// claims' checks against the clock again. A token that fails them goes through the parser again,
// for the parser's own error.
func (is *Issuer) Verify(token string) (*Claims, error) {
	if token == "" {
		return nil, ErrTokenMissing
	}
	if c, ok := is.verified.Get(token); ok && is.validator.Validate(&c) == nil {
		c = c.clone() // the memory keeps its own: the caller may change what it gets
		return &c, nil
	}
	var c Claims
	_, err := is.parser.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return is.secret, nil })
	switch {
	case err == nil:
		is.verified.Put(token, c.clone())
		return &c, nil
	case errors.Is(err, jwt.ErrTokenExpired) && !errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return nil, fmt.Errorf("%w: %v", ErrTokenExpired, err)
	default:
		return nil, fmt.Errorf("%w: %v", ErrTokenInvalid, err)
	}
}

// clone returns a copy of c that shares no memory with it.
func (c Claims) clone() Claims {
	c.Audience = slices.Clone(c.Audience)
	c.ExpiresAt = cloneDate(c.ExpiresAt)
	c.NotBefore = cloneDate(c.NotBefore)
	c.IssuedAt = cloneDate(c.IssuedAt)
	return c
}

func cloneDate(d *jwt.NumericDate) *jwt.NumericDate {
	if d == nil {
		return nil
	}
	v := *d
	return &v
}

// NewSessionID returns a fresh server-side session identifier in the shape of the documented
// example (`s%3A` followed by random characters, as an express-session cookie id).
func NewSessionID() string {
	return "s%3A" + randomHex(16)
}

// NewObjectID returns a random 24-hex identifier, the shape of a MongoDB ObjectId.
func NewObjectID() string { return randomHex(12) }

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err)) // rand.Read never fails on supported platforms
	}
	return hex.EncodeToString(b)
}
