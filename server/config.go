// Package server builds the authmock HTTP server: both APIs on one echo instance, their
// behaviour, the scenario engine in front of them, and the mock's own endpoints under /__mock/.
package server

import (
	"io"
	"time"

	"authmock/session"
)

// Config is everything New needs. The zero value of each field has the documented default.
type Config struct {
	// JWTSecret signs and verifies tokens. Default: session.DefaultSecret.
	JWTSecret string
	// TokenTTL is the lifetime of signin, MFA verify and refresh tokens (JWT_VALIDITY_SEC).
	// Default: 6 h. SSO tokens live 24 h, as the SSO page says.
	TokenTTL time.Duration
	// Seed picks the world of fake users. Default 0 is a valid seed.
	Seed int64
	// MFACode is the code MFA verify accepts. Default: "123456".
	MFACode string
	// MaxChallenges bounds the pending MFA challenges. Default: session.DefaultMaxChallenges.
	MaxChallenges int
	// ScenarioDirs are directories of *.yaml scenarios added to, or overriding, the built-in ones.
	ScenarioDirs []string
	// RateLimit enforces the documented 10 signins per minute per IP. Default: off.
	RateLimit bool
	// Strict validates every response of the APIs against its spec before sending it; a violating
	// response becomes a 500 problem naming the violations. Default: off.
	Strict bool
	// MaxDelay caps the __delay fault. Default: 30 s.
	MaxDelay time.Duration
	// Clock is the mock's notion of now. Default: the system clock behind an OffsetClock that the
	// console can move forward.
	Clock session.Clock
	// Log receives one line per request. Default: io.Discard.
	Log io.Writer
}

const (
	defaultMFACode  = "123456"
	defaultMaxDelay = 30 * time.Second
)

func (c Config) withDefaults() Config {
	if c.JWTSecret == "" {
		c.JWTSecret = session.DefaultSecret
	}
	if c.TokenTTL == 0 {
		c.TokenTTL = session.DefaultTTL
	}
	if c.MFACode == "" {
		c.MFACode = defaultMFACode
	}
	if c.MaxDelay == 0 {
		c.MaxDelay = defaultMaxDelay
	}
	if c.Clock == nil {
		c.Clock = &session.OffsetClock{}
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	return c
}
