package contracttest

import (
	"testing"

	"authmock/server"
)

func TestAuthiqaProfile(t *testing.T) {
	tg := getTarget(t)
	endpoint := tg.authiqa + "/auth/user-profile"
	token := tg.token
	if tg.mock {
		token = tg.mint(t, server.TokenRequest{API: "authiqa"})
	}
	if token == "" {
		t.Skip("set CONTRACT_TOKEN to an Authiqa JWT to read the profile on the deployment")
	}
	ex := tg.send(t, true, "GET", endpoint, nil, "Authorization", "Bearer "+token)
	if ex.status != 200 || ex.body["success"] != true {
		t.Fatalf("%d %s", ex.status, ex.raw)
	}
}

func TestAuthiqaParentAndChild(t *testing.T) {
	tg := getTarget(t)
	endpoint := tg.authiqa + "/auth/user-profile"
	for _, tt := range []struct{ accountType, balance string }{{"parent", "present"}, {"child", "absent"}} {
		t.Run(tt.accountType, func(t *testing.T) {
			tok := tg.mint(t, server.TokenRequest{API: "authiqa", AccountType: tt.accountType})
			ex := tg.send(t, true, "GET", endpoint, nil, "Authorization", "Bearer "+tok)
			user, _ := ex.body["data"].(map[string]any)["user"].(map[string]any)
			_, has := user["accountBalance"]
			if ex.status != 200 || user["accountType"] != tt.accountType || has != (tt.balance == "present") {
				t.Errorf("%d %s", ex.status, ex.raw)
			}
		})
	}
}

func TestAuthiqaErrorEnvelope(t *testing.T) {
	tg := getTarget(t)
	endpoint := tg.authiqa + "/auth/user-profile"
	t.Run("nok, no token", func(t *testing.T) {
		ex := tg.send(t, false, "GET", endpoint, nil)
		errBody, _ := ex.body["error"].(map[string]any)
		if ex.status != 401 || ex.body["success"] != false || errBody["code"] != "UNAUTHORIZED" {
			t.Errorf("%d %s", ex.status, ex.raw)
		}
	})
	for sc, want := range map[string]struct {
		status int
		code   string
	}{"account-inactive": {403, "ACCOUNT_INACTIVE"}, "user-not-found": {404, "USER_NOT_FOUND"}, "internal-error": {500, "INTERNAL_ERROR"}} {
		t.Run("nok, "+sc, func(t *testing.T) {
			tg.needMock(t, "scenario "+sc)
			tok := tg.mint(t, server.TokenRequest{API: "authiqa"})
			ex := tg.send(t, true, "GET", endpoint+"?__scenario="+sc, nil, "Authorization", "Bearer "+tok)
			errBody, _ := ex.body["error"].(map[string]any)
			if ex.status != want.status || errBody["code"] != want.code {
				t.Errorf("%d %s", ex.status, ex.raw)
			}
		})
	}
}
