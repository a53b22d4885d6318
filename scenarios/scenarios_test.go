package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// testOps mirrors the operations of the two specs.
var testOps = []Operation{
	{ID: "signin", API: "pria", Statuses: []int{200, 400, 401, 429, 500}},
	{ID: "verifyMfa", API: "pria", Statuses: []int{200, 400, 401, 429, 500}},
	{ID: "ssoCallback", API: "pria", Statuses: []int{200, 400, 401, 500}},
	{ID: "refreshProfile", API: "pria", Statuses: []int{200, 400, 401, 403, 500}, Secured: true},
	{ID: "getUserProfile", API: "authiqa", Statuses: []int{200, 400, 401, 403, 404, 500}, Secured: true},
}

func mustLoad(t *testing.T, dirs ...string) *Catalogue {
	t.Helper()
	c, err := Load(testOps, dirs...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEmbeddedCatalogue(t *testing.T) {
	c := mustLoad(t)
	want := map[string][]string{
		"signin":         {"default", "admin-account", "child-account", "invalid-credentials", "mfa-mandatory-super", "mfa-required", "rate-limited", "server-error", "super-account"},
		"verifyMfa":      {"default", "mfa-challenge-expired", "mfa-invalid-code", "server-error"},
		"ssoCallback":    {"default", "admin-account", "server-error", "sso-invalid-code", "super-account"},
		"refreshProfile": {"default", "expired-jwt", "google-workspace", "invalid-token", "missing-token", "server-error"},
		"getUserProfile": {"default", "account-inactive", "child-account", "expired-jwt", "internal-error", "invalid-token", "missing-token", "parent-account", "user-not-found"},
	}
	for op, names := range want {
		if got := c.Names(op); !reflect.DeepEqual(got, names) {
			t.Errorf("Names(%s) = %v\nwant %v", op, got, names)
		}
	}
	s, _ := c.Lookup("rate-limited")
	if o := s.Operations["signin"]; o.Status != 429 || o.Headers["Retry-After"] != "60" {
		t.Errorf("rate-limited = %+v", o)
	}
	if file, line := s.Source(); file != "scenarios/signin.yaml" || line == 0 {
		t.Errorf("Source = %s:%d", file, line)
	}
}

func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadRefusesBadFiles(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string // the error must contain this, after the file name
	}{
		{"nok, unknown key", "scenarios:\n  - name: x-y\n    summary: s\n    operatons:\n      signin: {mfa: required}\n", "bad.yaml: line 4: field operatons not found"},
		{"nok, unknown outcome key", "scenarios:\n  - name: x-y\n    summary: s\n    operations:\n      signin:\n        stauts: 401\n", "line 6: field stauts not found"},
		{"nok, syntax", "scenarios:\n  - name: [\n", "bad.yaml: line 2"},
		{"nok, empty", "", "bad.yaml: empty file"},
		{"nok, no list", "scenarios: []\n", "bad.yaml: no scenarios"},
		{"nok, wrong type", "scenarios:\n  - name: x-y\n    summary: s\n    operations:\n      signin:\n        status: many\n", "line 6: cannot unmarshal !!str `many` into int"},
		{"nok, no name", "scenarios:\n  - summary: s\n    operations:\n      signin: {mfa: required}\n", "bad.yaml:2: scenario without a name"},
		{"nok, redefines default", "scenarios:\n  - name: default\n    summary: s\n    operations:\n      signin: {mfa: required}\n", "bad.yaml:2: \"default\" is built in"},
		{"nok, bad name", "scenarios:\n  - name: Bad Name\n    summary: s\n    operations:\n      signin: {mfa: required}\n", "bad.yaml:2: scenario name \"Bad Name\""},
		{"nok, no summary", "scenarios:\n  - name: x-y\n    operations:\n      signin: {mfa: required}\n", "bad.yaml:2: scenario \"x-y\" has no summary"},
		{"nok, unknown operation", "scenarios:\n  - name: x-y\n    summary: s\n    operations:\n      signup: {mfa: required}\n", "bad.yaml:5: scenario \"x-y\": unknown operation \"signup\""},
		{"nok, undeclared status", "scenarios:\n  - name: x-y\n    summary: s\n    operations:\n      signin: {status: 418, message: teapot}\n", "bad.yaml:5: scenario \"x-y\", operation signin: status 418 is not declared"},
		{"nok, success status", "scenarios:\n  - name: x-y\n    summary: s\n    operations:\n      signin: {status: 200, message: ok}\n", "status 200 is not an error status"},
		{"nok, error without message", "scenarios:\n  - name: x-y\n    summary: s\n    operations:\n      signin: {status: 401}\n", "needs a message"},
		{"nok, authiqa error without code", "scenarios:\n  - name: x-y\n    summary: s\n    operations:\n      getUserProfile: {status: 404, message: gone}\n", "needs a code"},
		{"nok, token on unsecured", "scenarios:\n  - name: x-y\n    summary: s\n    operations:\n      signin: {token: expired}\n", "token outcomes apply only to secured operations"},
		{"nok, bad token", "scenarios:\n  - name: x-y\n    summary: s\n    operations:\n      refreshProfile: {token: stale}\n", "token \"stale\""},
		{"nok, mfa elsewhere", "scenarios:\n  - name: x-y\n    summary: s\n    operations:\n      ssoCallback: {mfa: required}\n", "mfa applies only to signin"},
		{"nok, pria parent", "scenarios:\n  - name: x-y\n    summary: s\n    operations:\n      signin: {accountType: parent}\n", "accountType \"parent\": want one of super, admin, user, child"},
		{"nok, child on refresh", "scenarios:\n  - name: x-y\n    summary: s\n    operations:\n      refreshProfile: {accountType: child}\n", "accountType \"child\": want one of super, admin, user"},
		{"nok, empty outcome", "scenarios:\n  - name: x-y\n    summary: s\n    operations:\n      signin: {}\n", "empty outcome"},
		{"nok, headers without status", "scenarios:\n  - name: x-y\n    summary: s\n    operations:\n      signin: {mfa: required, headers: {A: b}}\n", "need a status"},
		{"nok, duplicate", "scenarios:\n  - name: x-y\n    summary: s\n    operations:\n      signin: {mfa: required}\n  - name: x-y\n    summary: s\n    operations:\n      signin: {mfa: required}\n", "bad.yaml:6: scenario \"x-y\" is already defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeDir(t, map[string]string{"bad.yaml": tt.yaml})
			_, err := Load(testOps, dir)
			if err == nil {
				t.Fatal("loaded a bad file")
			}
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("err = %T %v, want *LoadError", err, err)
			}
			if !strings.HasPrefix(le.File, dir) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q\nwant it to contain %q and name a file in %s", err, tt.want, dir)
			}
		})
	}
	t.Run("nok, missing directory", func(t *testing.T) {
		if _, err := Load(testOps, filepath.Join(t.TempDir(), "nope")); err == nil {
			t.Fatal("loaded a missing directory")
		}
	})
}

func TestLoadOverrideAndAdd(t *testing.T) {
	dir := writeDir(t, map[string]string{"mine.yaml": `
scenarios:
  - name: invalid-credentials
    summary: Our own wording.
    operations:
      signin:
        status: 401
        message: Wrong password, friend
  - name: locked-out
    summary: Too many attempts.
    operations:
      signin:
        status: 429
        message: Locked
        headers: {Retry-After: "900"}
`})
	c := mustLoad(t, dir)
	s, _ := c.Lookup("invalid-credentials")
	if s.Operations["signin"].Message != "Wrong password, friend" {
		t.Errorf("override not applied: %+v", s.Operations["signin"])
	}
	if _, ok := c.Lookup("locked-out"); !ok {
		t.Error("added scenario missing")
	}
	if _, ok := c.Lookup("mfa-required"); !ok {
		t.Error("embedded scenario lost")
	}
}

func TestResolvePrecedence(t *testing.T) {
	e := NewEngine(mustLoad(t))
	tests := []struct {
		name   string
		op     string
		active string
		sel    Selection
		want   string
		err    error
	}{
		{"ok, nothing chosen", "signin", "", Selection{}, "default", nil},
		{"ok, server-wide", "signin", "mfa-required", Selection{}, "mfa-required", nil},
		{"ok, cookie beats server-wide", "signin", "mfa-required", Selection{Cookie: "admin-account"}, "admin-account", nil},
		{"ok, request beats cookie", "signin", "mfa-required", Selection{Request: "invalid-credentials", Cookie: "admin-account"}, "invalid-credentials", nil},
		{"ok, request default beats sticky", "signin", "mfa-required", Selection{Request: "default", Cookie: "admin-account"}, "default", nil},
		{"ok, sticky cookie that does not apply falls through", "getUserProfile", "child-account", Selection{Cookie: "mfa-required"}, "child-account", nil},
		{"ok, sticky server-wide that does not apply", "verifyMfa", "mfa-required", Selection{}, "default", nil},
		{"ok, stale cookie ignored", "signin", "", Selection{Cookie: "gone"}, "default", nil},
		{"nok, unknown per-request name", "signin", "", Selection{Request: "nope"}, "", ErrUnknown},
		{"nok, per-request name for another operation", "signin", "", Selection{Request: "user-not-found"}, "", ErrNotApplicable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := e.SetActive(tt.active); err != nil {
				t.Fatal(err)
			}
			got, err := e.Resolve(tt.op, tt.sel)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if got.Name != tt.want {
				t.Errorf("Resolve = %q, want %q", got.Name, tt.want)
			}
		})
	}
	t.Run("nok, selection error lists valid names", func(t *testing.T) {
		_, err := e.Resolve("verifyMfa", Selection{Request: "nope"})
		want := `unknown scenario "nope" for verifyMfa; valid scenarios: default, mfa-challenge-expired, mfa-invalid-code, server-error`
		if err == nil || err.Error() != want {
			t.Errorf("err = %v\nwant %s", err, want)
		}
	})
	t.Run("nok, unknown server-wide", func(t *testing.T) {
		if err := e.SetActive("nope"); !errors.Is(err, ErrUnknown) {
			t.Errorf("err = %v", err)
		}
		if err := e.SetActive("default"); err != nil || e.Active() != "default" {
			t.Errorf("reset: %v %s", err, e.Active())
		}
	})
}
