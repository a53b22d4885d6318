package users_test

import (
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"authmock/gen/authiqa"
	"authmock/users"
)

var (
	userIDPattern    = regexp.MustCompile(`^USR_[a-z0-9]{20}$`)
	publicKeyPattern = regexp.MustCompile(`^APK_[a-z0-9]{12}_[0-9]{10}$`)
	clientIDPattern  = regexp.MustCompile(`^[1-9][0-9]{11}-[a-z0-9]{32}\.apps\.googleusercontent\.com$`)
	googleIDPattern  = regexp.MustCompile(`^1[0-9]{20}$`)
)

// parentOnly are the members a child account never has.
var parentOnly = []string{"accountBalance", "availableBalance", "googleSsoConfig"}

// nullWhen lists the nullable members that are null exactly when a counter is zero.
var nullWhen = map[string]string{
	"lastPasswordChanged":        "passwordUpdateCount",
	"lastLoginAttempt":           "loginAttempts",
	"lastResetPasswordRequestAt": "resetPasswordRequestCount",
}

func TestAuthiqaUserValues(t *testing.T) {
	nullable := nullableProperties(t)
	for _, seed := range testSeeds {
		g := users.New(seed)
		for _, email := range testEmails {
			t.Run(strconv.FormatInt(seed, 10)+"/"+email, func(t *testing.T) {
				p := toJSON(t, g.AuthiqaUser(email, false))
				c := toJSON(t, g.AuthiqaUser(email, true))
				for shape, u := range map[string]map[string]any{"parent": p, "child": c} {
					checkAuthiqaShared(t, shape, g, email, u, nullable)
				}

				if p["accountType"] != "parent" || p["parentAccount"] != "ROOT" {
					t.Errorf("parent: accountType %v, parentAccount %v", p["accountType"], p["parentAccount"])
				}
				url, _ := p["organizationUrl"].(string)
				authURLs, _ := p["authUrls"].(map[string]any)
				if !strings.HasPrefix(url, "https://") || authURLs["signin"] != url+"/signin" || authURLs["signup"] != url+"/signup" {
					t.Errorf("parent: organizationUrl %v, authUrls %v", p["organizationUrl"], p["authUrls"])
				}
				balance, available := p["accountBalance"].(float64), p["availableBalance"].(float64)
				if available < 0 || available > balance || !twoDecimals(balance) || !twoDecimals(available) {
					t.Errorf("parent: accountBalance %v, availableBalance %v", balance, available)
				}
				notifications := map[string]bool{
					"lastLowBalanceNotificationAt":      available < 5,
					"lastCriticalBalanceNotificationAt": available < 1,
					"lastDepletedBalanceNotificationAt": available == 0,
				}
				for k, set := range notifications {
					if (p[k] != nil) != set {
						t.Errorf("parent: %s = %v with an available balance of %v", k, p[k], available)
					}
				}
				sso, _ := p["googleSsoConfig"].(map[string]any)
				if clientID, _ := sso["clientId"].(string); !clientIDPattern.MatchString(clientID) {
					t.Errorf("parent: googleSsoConfig %v", p["googleSsoConfig"])
				}
				if _, ok := sso["enabled"].(bool); !ok {
					t.Errorf("parent: googleSsoConfig %v", p["googleSsoConfig"])
				}

				if c["accountType"] != "child" || c["organizationUrl"] != nil || c["authUrls"] != nil {
					t.Errorf("child: accountType %v, organizationUrl %v, authUrls %v", c["accountType"], c["organizationUrl"], c["authUrls"])
				}
				if key, _ := c["parentAccount"].(string); !publicKeyPattern.MatchString(key) || key == c["publicKey"] {
					t.Errorf("child: parentAccount %v, publicKey %v", c["parentAccount"], c["publicKey"])
				}
				for _, k := range parentOnly {
					if _, ok := c[k]; ok {
						t.Errorf("child has %s", k)
					}
				}
				for k := range notifications {
					if c[k] != nil {
						t.Errorf("child: %s = %v", k, c[k])
					}
				}

				// What both shapes show of one identity is the same.
				for _, k := range []string{"userID", "username", "email", "publicKey", "accountStatus", "emailVerified", "createdAt", "updatedAt", "lastLogin", "organizationName", "domainRestrictionEnabled", "emailVerificationRequired", "authProvider", "lastLoginProvider", "googleId", "signInCount", "passwordUpdateCount", "lastPasswordChanged", "loginAttempts", "lastLoginAttempt"} {
					if !reflect.DeepEqual(p[k], c[k]) {
						t.Errorf("%s: parent %v, child %v", k, p[k], c[k])
					}
				}
			})
		}
	}
}

func checkAuthiqaShared(t *testing.T, shape string, g *users.Generator, email string, u map[string]any, nullable []string) {
	t.Helper()
	if u["email"] != email || u["accountStatus"] != "active" {
		t.Errorf("%s: email %v, accountStatus %v", shape, u["email"], u["accountStatus"])
	}
	if id, _ := u["userID"].(string); !userIDPattern.MatchString(id) || id != g.AuthiqaUserID(email) {
		t.Errorf("%s: userID %v, AuthiqaUserID %s", shape, u["userID"], g.AuthiqaUserID(email))
	}
	created, _ := u["createdAt"].(float64)
	if key, _ := u["publicKey"].(string); !publicKeyPattern.MatchString(key) || !strings.HasSuffix(key, "_"+strconv.FormatFloat(created, 'f', -1, 64)) {
		t.Errorf("%s: publicKey %v, createdAt %v", shape, u["publicKey"], u["createdAt"])
	}
	if name, _ := u["username"].(string); name == "" || strings.ToLower(name) != name {
		t.Errorf("%s: username %v", shape, u["username"])
	}
	lastLogin, _ := u["lastLogin"].(float64)
	if created != math.Trunc(created) || created < 1.6e9 || lastLogin < created || lastLogin > float64(worldNow.Unix()) || u["updatedAt"] != lastLogin {
		t.Errorf("%s: createdAt %v, updatedAt %v, lastLogin %v", shape, u["createdAt"], u["updatedAt"], u["lastLogin"])
	}
	for _, k := range nullable {
		if _, ok := u[k]; !ok {
			t.Errorf("%s: nullable %s is absent, want it null or set", shape, k)
		}
	}
	if u["organizationId"] != nil || u["lockedUntil"] != nil {
		t.Errorf("%s: organizationId %v, lockedUntil %v", shape, u["organizationId"], u["lockedUntil"])
	}
	google := u["authProvider"] == "google"
	if id, _ := u["googleId"].(string); google != googleIDPattern.MatchString(id) || !google && u["googleId"] != nil {
		t.Errorf("%s: authProvider %v, googleId %v", shape, u["authProvider"], u["googleId"])
	}
	if u["lastLoginProvider"] != u["authProvider"] {
		t.Errorf("%s: lastLoginProvider %v, authProvider %v", shape, u["lastLoginProvider"], u["authProvider"])
	}
	for at, count := range nullWhen {
		if (u[at] == nil) != (u[count] == 0.0) {
			t.Errorf("%s: %s = %v with %s = %v", shape, at, u[at], count, u[count])
		}
	}
}

// nullableProperties returns the members the spec marks nullable.
func nullableProperties(t *testing.T) []string {
	var names []string
	for name, p := range schema(t, "authiqa.yaml", "AuthiqaUserFields").Properties {
		if p.Value.Nullable {
			names = append(names, name)
		}
	}
	if len(names) < 10 {
		t.Fatalf("only %d nullable members in the spec: %v", len(names), names)
	}
	return names
}

func twoDecimals(x float64) bool {
	return math.Abs(x*100-math.Round(x*100)) < 1e-6
}

func TestAuthiqaUserDecodesAsItsShape(t *testing.T) {
	g := users.New(1)
	const email = "john.doe@mydomain.com"
	tests := []struct {
		name  string
		child bool
		want  string
	}{
		{"ok, parent", false, "parent"},
		{"ok, child", true, "child"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := g.AuthiqaUser(email, tt.child)
			if d, err := u.Discriminator(); err != nil || d != tt.want {
				t.Fatalf("Discriminator = %q, %v, want %q", d, err, tt.want)
			}
			v, err := u.ValueByDiscriminator()
			if err != nil {
				t.Fatal(err)
			}
			switch v := v.(type) {
			case authiqa.ParentUser:
				if v.UserID != g.AuthiqaUserID(email) || v.AccountBalance == nil || v.GoogleSsoConfig == nil || *v.ParentAccount != "ROOT" {
					t.Errorf("parent = %+v", v)
				}
			case authiqa.ChildUser:
				if v.UserID != g.AuthiqaUserID(email) || v.OrganizationUrl != nil || v.AuthUrls != nil || *v.ParentAccount == "ROOT" {
					t.Errorf("child = %+v", v)
				}
			default:
				t.Errorf("decoded as %T", v)
			}
		})
	}
}

func TestAuthiqaOrganizationIsSharedByDomain(t *testing.T) {
	g := users.New(1)
	a := toJSON(t, g.AuthiqaUser("john.doe@mydomain.com", true))
	b := toJSON(t, g.AuthiqaUser("colleague@mydomain.com", true))
	c := toJSON(t, g.AuthiqaUser("a@b.co", true))
	if a["parentAccount"] != b["parentAccount"] || a["organizationName"] != b["organizationName"] {
		t.Errorf("children at mydomain.com: parents %v, %v; organisations %v, %v", a["parentAccount"], b["parentAccount"], a["organizationName"], b["organizationName"])
	}
	if a["userID"] == b["userID"] || a["parentAccount"] == c["parentAccount"] {
		t.Errorf("userIDs %v, %v; parents %v, %v", a["userID"], b["userID"], a["parentAccount"], c["parentAccount"])
	}
}

// A token may carry anything as its email: the user is still made, with the email as given.
func TestAuthiqaUserWithAnInvalidEmail(t *testing.T) {
	tests := []string{"not an email", "", "user123"}
	g := users.New(1)
	for _, email := range tests {
		t.Run("ok, "+strconv.Quote(email), func(t *testing.T) {
			for _, child := range []bool{false, true} {
				u := toJSON(t, g.AuthiqaUser(email, child))
				if u["email"] != email || u["userID"] != g.AuthiqaUserID(email) {
					t.Errorf("child %v: email %v, userID %v", child, u["email"], u["userID"])
				}
			}
		})
	}
}

func BenchmarkAuthiqaUser(b *testing.B) {
	for _, child := range []bool{false, true} {
		name := "parent"
		if child {
			name = "child"
		}
		b.Run(name, func(b *testing.B) {
			g := users.New(1)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				g.AuthiqaUser(testEmails[i%len(testEmails)], child)
				i++
			}
		})
	}
}
