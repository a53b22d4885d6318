package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"

	"authmock/session"
)

// decodeControlBody decodes a JSON control body strictly into v; it returns a problem detail
// naming the body when that fails, or "".
func decodeControlBody(c echo.Context, v any, want string) string {
	dec := json.NewDecoder(io.LimitReader(c.Request().Body, maxControlBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return "body: want " + want + ": " + err.Error()
	}
	if dec.More() {
		return "body: want " + want + ": more than one JSON value"
	}
	return ""
}

// tokenOrder is the body of POST /__mock/api/token.
type tokenOrder struct {
	API         string `json:"api"`
	AccountType string `json:"accountType"`
	Email       string `json:"email"`
	TTL         string `json:"ttl"`
	Expired     bool   `json:"expired"`
}

// tokenAnswer is the answer of POST /__mock/api/token: the token and what it says.
type tokenAnswer struct {
	Token     string          `json:"token"`
	Claims    *session.Claims `json:"claims"`
	ExpiresAt time.Time       `json:"expiresAt"`
}

// mintToken mints a token as the mock would issue it, with the mock's secret, users and clock.
func (s *server) mintToken(c echo.Context) error {
	var o tokenOrder
	if msg := decodeControlBody(c, &o, `{"api", "accountType", "email", "ttl", "expired"}`); msg != "" {
		return writeProblem(c, http.StatusBadRequest, msg)
	}
	if o.API == "" {
		o.API = apiPria
	}
	types, ok := tokenAccountTypes[o.API]
	if !ok {
		return writeProblem(c, http.StatusBadRequest, "api: "+quote(o.API)+": want pria or authiqa")
	}
	if o.AccountType != "" && !slices.Contains(types, o.AccountType) {
		return writeProblem(c, http.StatusBadRequest, "accountType: "+quote(o.AccountType)+": "+o.API+" accounts are "+strings.Join(types, ", "))
	}
	if o.Email != "" && !isEmail(o.Email) {
		return writeProblem(c, http.StatusBadRequest, "email: "+quote(o.Email)+" is not a valid email address")
	}
	r := TokenRequest{API: o.API, AccountType: o.AccountType, Email: o.Email, Expired: o.Expired}
	if o.TTL != "" {
		d, err := time.ParseDuration(o.TTL)
		switch {
		case err != nil:
			return writeProblem(c, http.StatusBadRequest, "ttl: "+quote(o.TTL)+" is not a duration such as 6h, 1h or 5m")
		case d <= 0:
			return writeProblem(c, http.StatusBadRequest, "ttl: "+quote(o.TTL)+" is not positive; set expired for an expired token")
		}
		r.TTL = d
	}
	tok, err := mint(s.issuer, s.users, s.cfg.TokenTTL, r)
	if err != nil {
		return fmt.Errorf("minting a token: %w", err)
	}
	var claims session.Claims
	if _, _, err := jwt.NewParser().ParseUnverified(tok, &claims); err != nil {
		return fmt.Errorf("decoding the minted token: %w", err)
	}
	return c.JSON(http.StatusOK, tokenAnswer{Token: tok, Claims: &claims, ExpiresAt: claims.ExpiresAt.UTC()})
}
