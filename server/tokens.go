package server

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"authmock/session"
	"authmock/users"
)

// DefaultTokenEmail is the user of a minted token when none is named: the pages' example user.
const DefaultTokenEmail = "john.doe@mydomain.com"

// TokenRequest describes a token to mint for curl users, scripts and the console.
type TokenRequest struct {
	// API is "pria" (default) or "authiqa": it decides the claims and the account types.
	API string `json:"api"`
	// AccountType is super, admin or user (default) for Pria; parent (default) or child for Authiqa.
	AccountType string `json:"accountType"`
	// Email is the user; default DefaultTokenEmail.
	Email string `json:"email"`
	// TTL is the lifetime; default the configured token lifetime.
	TTL time.Duration `json:"-"`
	// Expired mints a token that expired a minute ago.
	Expired bool `json:"expired"`
}

// MintToken signs a token as the mock would issue it, with cfg's secret, seed and clock.
func MintToken(cfg Config, r TokenRequest) (string, error) {
	cfg = cfg.withDefaults()
	issuer, err := session.NewIssuer(cfg.JWTSecret, cfg.Clock)
	if err != nil {
		return "", err
	}
	return mint(issuer, users.New(cfg.Seed), cfg.TokenTTL, r)
}

func mint(issuer *session.Issuer, u *users.Generator, defaultTTL time.Duration, r TokenRequest) (string, error) {
	if r.Email == "" {
		r.Email = DefaultTokenEmail
	}
	if !isEmail(r.Email) {
		return "", fmt.Errorf("email %q is not a valid email address", r.Email)
	}
	ttl := r.TTL
	switch {
	case r.Expired:
		ttl = -time.Minute
	case ttl == 0:
		ttl = defaultTTL
	case ttl < 0:
		return "", fmt.Errorf("lifetime %v is negative; use expired for an expired token", ttl)
	}
	var c session.Claims
	switch r.API {
	case "", apiPria:
		types := []string{"super", "admin", "user"}
		if r.AccountType == "" {
			r.AccountType = "user"
		}
		if !slices.Contains(types, r.AccountType) {
			return "", fmt.Errorf("account type %q: pria accounts are %s", r.AccountType, strings.Join(types, ", "))
		}
		c = session.Claims{ID: u.UserID(r.Email), Email: r.Email, CustomerID: u.CustomerID(r.Email), AccountType: r.AccountType, SessionID: session.NewSessionID()}
	case apiAuthiqa:
		types := []string{"parent", "child"}
		if r.AccountType == "" {
			r.AccountType = "parent"
		}
		if !slices.Contains(types, r.AccountType) {
			return "", fmt.Errorf("account type %q: authiqa accounts are %s", r.AccountType, strings.Join(types, ", "))
		}
		c = session.Claims{UserID: u.AuthiqaUserID(r.Email), Email: r.Email, AccountType: r.AccountType}
	default:
		return "", fmt.Errorf("api %q: want pria or authiqa", r.API)
	}
	return issuer.Sign(c, ttl)
}
