package server

import (
	"strings"
	"testing"
)

func TestUserProfile(t *testing.T) {
	h := newHarness(t, Config{})
	mint := func(r TokenRequest) string {
		t.Helper()
		tok, err := MintToken(Config{Clock: h.clock}, r)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	priaToken := h.signin("parent@example.com")
	child := mint(TokenRequest{API: "authiqa", AccountType: "child", Email: "kid@example.com"})
	parent := mint(TokenRequest{API: "authiqa", Email: "parent@example.com"})
	expired := mint(TokenRequest{API: "authiqa", Email: "parent@example.com", Expired: true})
	forged, err := MintToken(Config{JWTSecret: "another-secret", Clock: h.clock}, TokenRequest{API: "authiqa"})
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name        string
		header      []string
		status      int
		accountType string
		message     string
	}{
		{"ok, a pria token is a parent", []string{"Authorization", "Bearer " + priaToken}, 200, "parent", ""},
		{"ok, authiqa parent", []string{"Authorization", "Bearer " + parent}, 200, "parent", ""},
		{"ok, authiqa child", []string{"Authorization", "Bearer " + child}, 200, "child", ""},
		{"nok, expired", []string{"Authorization", "Bearer " + expired}, 401, "", "Authentication token has expired"},
		{"nok, another secret", []string{"Authorization", "Bearer " + forged}, 401, "", "Invalid or missing authentication token"},
		{"nok, x-access-token is not an Authiqa transport", []string{"x-access-token", parent}, 401, "", "Invalid or missing authentication token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r reply
			if tt.header[0] == "x-access-token" {
				r = h.doRaw("GET", "/auth/user-profile", nil, tt.header...)
				checkResponseOnly(t, h, "GET", "/auth/user-profile", r)
			} else {
				r = h.do("GET", "/auth/user-profile", nil, tt.header...)
			}
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			m := r.json(t)
			if tt.status != 200 {
				if get(m, "error", "code") != "UNAUTHORIZED" || get(m, "error", "message") != tt.message || m["success"] != false {
					t.Errorf("error body = %s", r.body)
				}
				return
			}
			user := get(m, "data", "user").(map[string]any)
			if user["accountType"] != tt.accountType || get(m, "data", "message") != "User profile retrieved successfully" {
				t.Errorf("user = %v", user)
			}
			_, hasBalance := user["accountBalance"]
			_, hasSSO := user["googleSsoConfig"]
			if (tt.accountType == "parent") != (hasBalance && hasSSO) {
				t.Errorf("%s account: balance %v, googleSsoConfig %v", tt.accountType, hasBalance, hasSSO)
			}
		})
	}
}

// A body sent to Authiqa's GET is never read: however large, the answer is the operation's own.
func TestUserProfileIgnoresBodies(t *testing.T) {
	h := newHarness(t, Config{})
	r := h.doRaw("GET", "/auth/user-profile", strings.Repeat("x", 2<<20))
	if r.status != 401 || get(r.json(t), "error", "code") != "UNAUTHORIZED" {
		t.Errorf("%d %s", r.status, r.body)
	}
	checkResponseOnly(t, h, "GET", "/auth/user-profile", r)
}
