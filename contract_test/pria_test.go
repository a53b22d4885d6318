package contracttest

import (
	"net/url"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"authmock/server"
)

func TestSigninIssuesToken(t *testing.T) {
	tg := getTarget(t)
	tok := tg.signin(t, "")
	c := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(tok, c); err != nil {
		t.Fatalf("token is not a JWT: %v", err)
	}
	for _, k := range []string{"_id", "email", "accountType", "sessionId", "iat", "exp"} {
		if _, ok := c[k]; !ok {
			t.Errorf("token lacks the documented claim %s", k)
		}
	}
}

func TestSigninMFAChallengeThenVerify(t *testing.T) {
	tg := getTarget(t)
	tg.needMock(t, "scenario mfa-required")
	ex := tg.send(t, true, "POST", tg.pria+"/api/auth/signin?__scenario=mfa-required", map[string]string{"email": tg.email, "password": tg.password})
	if ex.status != 200 || ex.body["mfaRequired"] != true {
		t.Fatalf("challenge: %d %s", ex.status, ex.raw)
	}
	v := tg.send(t, true, "POST", tg.pria+"/api/auth/mfa/verify", map[string]string{"challengeId": ex.body["challengeId"].(string), "code": "123456"})
	if v.status != 200 || v.body["token"] == nil {
		t.Errorf("verify: %d %s", v.status, v.raw)
	}
	bad := tg.send(t, true, "POST", tg.pria+"/api/auth/mfa/verify", map[string]string{"challengeId": ex.body["challengeId"].(string), "code": "123456"})
	if bad.status != 401 {
		t.Errorf("a used challenge: %d", bad.status)
	}
}

func TestSigninMandatorySuper(t *testing.T) {
	tg := getTarget(t)
	tg.needMock(t, "scenario mfa-mandatory-super")
	ex := tg.send(t, true, "POST", tg.pria+"/api/auth/signin?__scenario=mfa-mandatory-super", map[string]string{"email": tg.email, "password": tg.password})
	if ex.status != 200 || ex.body["mandatorySuper"] != true {
		t.Errorf("%d %s", ex.status, ex.raw)
	}
}

func TestSSOCallback(t *testing.T) {
	tg := getTarget(t)
	tg.needMock(t, "an authorization code only the identity provider can issue")
	ex := tg.send(t, true, "POST", tg.pria+"/api/auth/sso_callback", map[string]string{"code": "contract-code", "state": "contract-state"})
	if ex.status != 200 || ex.body["token"] == nil {
		t.Errorf("%d %s", ex.status, ex.raw)
	}
}

func TestRefreshTransports(t *testing.T) {
	tg := getTarget(t)
	tok := tg.signin(t, "")
	endpoint := tg.pria + "/api/user/refresh/profile"
	for _, tt := range []struct {
		name   string
		url    string
		body   any
		header []string
	}{
		{"ok, x-access-token", endpoint, nil, []string{"x-access-token", tok}},
		{"ok, bearer", endpoint, nil, []string{"Authorization", "Bearer " + tok}},
		{"ok, query", endpoint + "?token=" + url.QueryEscape(tok), nil, nil},
		{"ok, body", endpoint, map[string]string{"token": tok}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ex := tg.send(t, true, "POST", tt.url, tt.body, tt.header...)
			if ex.status != 200 || ex.body["success"] != true || ex.body["token"] == nil {
				t.Errorf("%d %s", ex.status, ex.raw)
			}
		})
	}
}

func TestRefreshTransportPriority(t *testing.T) {
	tg := getTarget(t)
	good := tg.signin(t, "")
	expired := tg.mint(t, server.TokenRequest{Email: tg.email, Expired: true})
	endpoint := tg.pria + "/api/user/refresh/profile"
	// Each time the higher-priority transport carries the expired token and wins.
	for _, tt := range []struct {
		name   string
		url    string
		body   any
		header []string
	}{
		{"x-access-token over bearer", endpoint, nil, []string{"x-access-token", expired, "Authorization", "Bearer " + good}},
		{"bearer over query", endpoint + "?token=" + url.QueryEscape(good), nil, []string{"Authorization", "Bearer " + expired}},
		{"query over body", endpoint + "?token=" + url.QueryEscape(expired), map[string]string{"token": good}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ex := tg.send(t, true, "POST", tt.url, tt.body, tt.header...)
			if ex.status != 401 || ex.body["message"] != "jwt expired" {
				t.Errorf("%d %s", ex.status, ex.raw)
			}
		})
	}
}

func TestTokenErrors(t *testing.T) {
	tg := getTarget(t)
	endpoint := tg.pria + "/api/user/refresh/profile"
	t.Run("nok, no token is 403 Authentication Required", func(t *testing.T) {
		ex := tg.send(t, false, "POST", endpoint, nil)
		if ex.status != 403 || ex.body["message"] != "Authentication Required" {
			t.Errorf("%d %s", ex.status, ex.raw)
		}
	})
	t.Run("nok, a bad signature is 401 invalid signature", func(t *testing.T) {
		ex := tg.send(t, true, "POST", endpoint, nil, "x-access-token", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJfaWQiOiI2NDMwNzM2ZmQ2MmQ2NTAwNDA0MjA2NzQiLCJlbWFpbCI6ImpvaG4uZG9lQG15ZG9tYWluLmNvbSIsImV4cCI6OTk5OTk5OTk5OX0.c2lnbmF0dXJl")
		if ex.status != 401 || ex.body["message"] != "invalid signature" {
			t.Errorf("%d %s", ex.status, ex.raw)
		}
	})
	t.Run("nok, an expired token is 401 jwt expired", func(t *testing.T) {
		ex := tg.send(t, true, "POST", endpoint, nil, "x-access-token", tg.mint(t, server.TokenRequest{Expired: true}))
		if ex.status != 401 || ex.body["message"] != "jwt expired" {
			t.Errorf("%d %s", ex.status, ex.raw)
		}
	})
}
