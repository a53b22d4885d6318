package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"authmock/gen/pria"
	"authmock/scenarios"
	"authmock/session"
	"authmock/validator"
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
	// The token carries the persona as chosen (an Authiqa child persona too, for the Authiqa
	// profile to read); the Pria profile shows the nearest documented account type.
	persona := tokenAccountType(o.AccountType)
	accountType := priaAccountType(persona)
	var resp pria.SigninResponse
	if o.MFA != "" {
		ch := a.s.challenges.Issue(session.Challenge{
			Email:          req.Body.Email,
			AccountType:    persona,
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
	u, err := a.s.users.PriaJSON(req.Body.Email, accountType)
	if err != nil {
		return nil, err
	}
	token, err := a.s.issuer.Sign(session.Claims{
		ID:          u.ID,
		Email:       req.Body.Email,
		CustomerID:  u.CustomerID,
		AccountType: persona,
		SessionID:   session.NewSessionID(),
	}, a.s.cfg.TokenTTL)
	if err != nil {
		return nil, err
	}
	return signinAnswer{profile: u.Profile, token: token}, nil
}

// signinAnswer is signin's 200 without MFA: the bytes pria.Signin200JSONResponse writes for
// {profile, token}, with the profile users.PriaJSON encoded once. Through the generated union every
// signin drew the profile, encoded it into the union, and had encoding/json scan and copy those
// bytes again: two thirds of a signin's time (docs/benchmarks.md).
type signinAnswer struct{ profile, token string }

func (r signinAnswer) VisitSigninResponse(w http.ResponseWriter) error {
	return writeObject(w, http.StatusOK,
		rawMember{"profile", r.profile},
		rawMember{"token", jsonString(r.token)},
	)
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
	res, err := a.s.authResult(ch.Email, ch.AccountType, a.s.cfg.TokenTTL)
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
	res, err := a.s.authResult(a.s.users.SSOEmail(req.Body.Code), tokenAccountType(o.AccountType), session.SSOTTL)
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
	u, uerr := a.s.users.PriaJSON(claims.Email, accountType)
	if uerr != nil {
		// A signed email the profile cannot be written with: the generated encoder below fails on it.
		u.ID, u.CustomerID = a.s.users.UserID(claims.Email), a.s.users.CustomerID(claims.Email)
	}
	fresh := session.Claims{
		ID:          orDefault(claims.ID, u.ID),
		Email:       claims.Email,
		CustomerID:  orDefault(claims.CustomerID, u.CustomerID),
		AccountType: tokenAccountType(claims.AccountType), // the same account type: a sliding session
		SessionID:   claims.SessionID,
	}
	if fresh.SessionID == "" {
		fresh.SessionID = session.NewSessionID()
	}
	token, err := a.s.issuer.Sign(fresh, a.s.cfg.TokenTTL)
	if err != nil {
		return nil, err
	}
	patch := scenarios.FromContext(ctx).Outcome.Profile
	if uerr == nil && patch == nil && fresh.ID == u.ID && fresh.CustomerID == u.CustomerID {
		return refreshAnswer{profile: u.Refreshed, token: token}, nil
	}
	profile := a.s.users.PriaRefreshedProfile(claims.Email, accountType)
	profile.UnderscoreId = fresh.ID
	profile.CustomerId = &fresh.CustomerID
	if patch != nil {
		if err := applyPatch(&profile, patch); err != nil {
			return nil, fmt.Errorf("applying the scenario's profile fields: %w", err)
		}
	}
	return pria.RefreshProfile200JSONResponse{Success: true, Token: token, Profile: profile}, nil
}

// refreshAnswer is refresh's 200 when the profile is the user's as generated (the token's ids are
// the user's and no scenario patches it): the bytes pria.RefreshProfile200JSONResponse writes, with
// the profile users.PriaJSON encoded once.
type refreshAnswer struct{ profile, token string }

func (r refreshAnswer) VisitRefreshProfileResponse(w http.ResponseWriter) error {
	return writeObject(w, http.StatusOK,
		rawMember{"profile", r.profile},
		rawMember{"success", "true"},
		rawMember{"token", jsonString(r.token)},
	)
}

// authResult signs a token for the user, with the persona's account type, and returns it with the
// profile.
func (s *server) authResult(email, persona string, ttl time.Duration) (pria.AuthResult, error) {
	accountType := priaAccountType(persona)
	token, err := s.issuer.Sign(session.Claims{
		ID:          s.users.UserID(email),
		Email:       email,
		CustomerID:  s.users.CustomerID(email),
		AccountType: persona,
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

// isEmail accepts what the spec's format email means: see validator.CheckEmail.
func isEmail(s string) bool { return validator.CheckEmail(s) == nil }

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

// tokenAccountType is the account type a token carries for a persona: the persona, or user.
func tokenAccountType(persona string) string {
	if persona == "" {
		return string(pria.User)
	}
	return persona
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

// rawMember is a member of a JSON object whose value is already encoded.
type rawMember struct {
	name  string // a plain identifier, written between quotes as it is
	value string // JSON
}

// appendObject appends the JSON object of members, in order, to b. The answers built with it mirror
// generated types member for member, in the order encoding/json writes their fields; the tests in
// chain_test.go compare them with the generated encoding byte for byte.
func appendObject(b []byte, members ...rawMember) []byte {
	b = append(b, '{')
	for i, m := range members {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, m.name...)
		b = append(b, '"', ':')
		b = append(b, m.value...)
	}
	return append(b, '}')
}

// jsonString returns s as a JSON string.
func jsonString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err) // unreachable: every string has an encoding
	}
	return string(b)
}

// objectLen is the length of the JSON object of members.
func objectLen(members []rawMember) int {
	n := 2
	for _, m := range members {
		n += len(m.name) + len(m.value) + 4 // quotes, colon, comma or closing brace
	}
	return n
}

// writeObject answers with status and the JSON object of members as the generated Visit methods do:
// Content-Type application/json, then the object and the newline json.Encoder ends a value with, in
// one Write.
func writeObject(w http.ResponseWriter, status int, members ...rawMember) error {
	buf := answerBuffers.Get().(*[]byte)
	defer answerBuffers.Put(buf)
	b := slices.Grow((*buf)[:0], objectLen(members)+1)
	b = append(appendObject(b, members...), '\n')
	*buf = b
	h := w.Header()
	h.Set("Content-Type", "application/json")
	// The length is known: net/http sends the answer in one piece rather than in chunks.
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, err := w.Write(b) // a Writer keeps nothing of b: it can go back to the pool
	return err
}

// answerBuffers are the buffers writeObject assembles answers in: an answer is a few KiB, and
// allocating one per request was a quarter of the bytes a signin allocated.
var answerBuffers = sync.Pool{New: func() any { return new([]byte) }}

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
