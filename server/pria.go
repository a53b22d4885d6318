package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"authmock/gen/pria"
	"authmock/scenarios"
	"authmock/session"
)

// priaAPI implements the Pria operations.
type priaAPI struct{ s *server }

var _ pria.StrictServerInterface = priaAPI{}

func priaError(format string, args ...any) pria.Error {
	return pria.Error{Success: false, Message: fmt.Sprintf(format, args...)}
}

// Signin signs any well-formed email and non-empty password in, or answers with an MFA challenge
// when the scenario asks for one.
func (a priaAPI) Signin(ctx context.Context, req pria.SigninRequestObject) (pria.SigninResponseObject, error) {
	if msg := checkSignin(req.Body); msg != "" {
		return pria.Signin400JSONResponse{BadRequestJSONResponse: pria.BadRequestJSONResponse(priaError("%s", msg))}, nil
	}
	o := scenarios.FromContext(ctx).Outcome
	accountType := priaAccountType(o.AccountType)
	var resp pria.SigninResponse
	if o.MFA != "" {
		ch := a.s.challenges.Issue(session.Challenge{
			Email:          req.Body.Email,
			AccountType:    string(accountType),
			MandatorySuper: o.MFA == scenarios.MFAMandatorySuper,
		})
		challenge := pria.MfaChallenge{MfaRequired: true, ChallengeId: ch.ID, MaskedEmail: maskEmail(ch.Email)}
		if ch.MandatorySuper {
			challenge.MandatorySuper = &ch.MandatorySuper
		}
		if err := resp.FromMfaChallenge(challenge); err != nil {
			return nil, err
		}
		return pria.Signin200JSONResponse(resp), nil
	}
	res, err := a.s.authResult(req.Body.Email, accountType, a.s.cfg.TokenTTL)
	if err != nil {
		return nil, err
	}
	if err := resp.FromAuthResult(res); err != nil {
		return nil, err
	}
	return pria.Signin200JSONResponse(resp), nil
}

// VerifyMfa completes a challenged signin with the mock's code.
func (a priaAPI) VerifyMfa(ctx context.Context, req pria.VerifyMfaRequestObject) (pria.VerifyMfaResponseObject, error) {
	b := req.Body
	switch {
	case b.ChallengeId == "":
		return pria.VerifyMfa400JSONResponse{BadRequestJSONResponse: pria.BadRequestJSONResponse(priaError("challengeId: required"))}, nil
	case !isObjectID(b.ChallengeId):
		return pria.VerifyMfa400JSONResponse{BadRequestJSONResponse: pria.BadRequestJSONResponse(priaError("challengeId: want 24 hexadecimal characters"))}, nil
	case b.Code == "":
		return pria.VerifyMfa400JSONResponse{BadRequestJSONResponse: pria.BadRequestJSONResponse(priaError("code: required"))}, nil
	case !isSixDigits(b.Code):
		return pria.VerifyMfa400JSONResponse{BadRequestJSONResponse: pria.BadRequestJSONResponse(priaError("code: want 6 digits"))}, nil
	}
	ch, err := a.s.challenges.Verify(b.ChallengeId, b.Code)
	switch err {
	case nil:
	case session.ErrCodeWrong:
		return pria.VerifyMfa401JSONResponse(priaError("Invalid verification code")), nil
	case session.ErrChallengeExpired:
		return pria.VerifyMfa401JSONResponse(priaError("Verification code expired")), nil
	default:
		return pria.VerifyMfa401JSONResponse(priaError("Invalid or expired challenge")), nil
	}
	res, err := a.s.authResult(ch.Email, pria.AccountType(ch.AccountType), a.s.cfg.TokenTTL)
	if err != nil {
		return nil, err
	}
	return pria.VerifyMfa200JSONResponse(res), nil
}

// SsoCallback signs in the user derived, stably, from the authorization code; its token lives
// 24 hours, as the SSO page says.
func (a priaAPI) SsoCallback(ctx context.Context, req pria.SsoCallbackRequestObject) (pria.SsoCallbackResponseObject, error) {
	switch {
	case strings.TrimSpace(req.Body.Code) == "":
		return pria.SsoCallback400JSONResponse{BadRequestJSONResponse: pria.BadRequestJSONResponse(priaError("code: required"))}, nil
	case strings.TrimSpace(req.Body.State) == "":
		return pria.SsoCallback400JSONResponse{BadRequestJSONResponse: pria.BadRequestJSONResponse(priaError("state: required"))}, nil
	}
	o := scenarios.FromContext(ctx).Outcome
	res, err := a.s.authResult(a.s.users.SSOEmail(req.Body.Code), priaAccountType(o.AccountType), session.SSOTTL)
	if err != nil {
		return nil, err
	}
	return pria.SsoCallback200JSONResponse(pria.SsoResult(res)), nil
}

// RefreshProfile verifies the token from the first transport that carries one, and answers with a
// fresh token for the same session (a later exp) and the stripped profile.
func (a priaAPI) RefreshProfile(ctx context.Context, req pria.RefreshProfileRequestObject) (pria.RefreshProfileResponseObject, error) {
	creds := credentialsFromContext(ctx)
	if req.Body != nil && req.Body.Token != nil {
		creds.Body = *req.Body.Token
	}
	tok, _ := creds.Token()
	claims, err := a.s.issuer.Verify(tok)
	if err != nil {
		e := tokenError(apiPria, err)
		if e.Status == 403 {
			return pria.RefreshProfile403JSONResponse{TokenMissingJSONResponse: pria.TokenMissingJSONResponse(priaError("%s", e.Message))}, nil
		}
		return pria.RefreshProfile401JSONResponse{TokenInvalidJSONResponse: pria.TokenInvalidJSONResponse(priaError("%s", e.Message))}, nil
	}
	accountType := priaAccountType(claims.AccountType)
	fresh := session.Claims{
		ID:          orDefault(claims.ID, a.s.users.UserID(claims.Email)),
		Email:       claims.Email,
		CustomerID:  orDefault(claims.CustomerID, a.s.users.CustomerID(claims.Email)),
		AccountType: string(accountType),
		SessionID:   orDefault(claims.SessionID, session.NewSessionID()),
	}
	token, err := a.s.issuer.Sign(fresh, a.s.cfg.TokenTTL)
	if err != nil {
		return nil, err
	}
	profile := a.s.users.PriaRefreshedProfile(claims.Email, accountType)
	profile.UnderscoreId = fresh.ID
	profile.CustomerId = &fresh.CustomerID
	if patch := scenarios.FromContext(ctx).Outcome.Profile; patch != nil {
		if err := applyPatch(&profile, patch); err != nil {
			return nil, fmt.Errorf("applying the scenario's profile fields: %w", err)
		}
	}
	return pria.RefreshProfile200JSONResponse{Success: true, Token: token, Profile: profile}, nil
}

// authResult signs a token for the user and returns it with the profile.
func (s *server) authResult(email string, accountType pria.AccountType, ttl time.Duration) (pria.AuthResult, error) {
	token, err := s.issuer.Sign(session.Claims{
		ID:          s.users.UserID(email),
		Email:       email,
		CustomerID:  s.users.CustomerID(email),
		AccountType: string(accountType),
		SessionID:   session.NewSessionID(),
	}, ttl)
	if err != nil {
		return pria.AuthResult{}, err
	}
	return pria.AuthResult{Token: token, Profile: s.users.PriaProfile(email, accountType)}, nil
}

// checkSignin returns what is wrong with a signin body, naming the field, or "".
func checkSignin(b *pria.SigninRequest) string {
	switch {
	case b.Email == "":
		return "email: required"
	case !isEmail(b.Email):
		return "email: not a valid email address"
	case b.Password == "":
		return "password: required"
	}
	return ""
}

// isEmail accepts a bare address (no display name, no angle brackets).
func isEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == ""
}

func isObjectID(s string) bool {
	if len(s) != 24 {
		return false
	}
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// priaAccountType maps a persona or a token's account type to Pria's: super, admin or user.
func priaAccountType(t string) pria.AccountType {
	switch pria.AccountType(t) {
	case pria.Super, pria.Admin:
		return pria.AccountType(t)
	}
	return pria.User
}

// maskEmail masks the local part as the signin page shows: first and last characters kept,
// five stars between (j*****e@example.com).
func maskEmail(email string) string {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" {
		return "*****"
	}
	r := []rune(local)
	last := ""
	if len(r) > 1 {
		last = string(r[len(r)-1])
	}
	return string(r[0]) + "*****" + last + "@" + domain
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// applyPatch sets the fields of patch, by JSON name, on *v.
func applyPatch[T any](v *T, patch map[string]any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	for k, val := range patch {
		m[k] = val
	}
	if b, err = json.Marshal(m); err != nil {
		return err
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		return err
	}
	*v = out
	return nil
}
