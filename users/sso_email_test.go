package users_test

import (
	"net/mail"
	"regexp"
	"testing"

	"authmock/users"
)

var ssoEmailPattern = regexp.MustCompile(`^[a-z]+\.[a-z]+@[a-z]+\.edu$`)

func TestSSOEmail(t *testing.T) {
	g := users.New(1)
	tests := []struct{ name, code string }{
		{"ok, a typical code", "4/0AfJohXn1sUkh3tYqJ9dX"},
		{"ok, an empty code", ""},
		{"ok, the same code in upper case is another code", "4/0AFJOHXN1SUKH3TYQJ9DX"},
		{"ok, a code with spaces and symbols", " code <with> \"quotes\" "},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := g.SSOEmail(tt.code)
			if again := users.New(1).SSOEmail(tt.code); again != got {
				t.Errorf("SSOEmail(%q) = %q, then %q", tt.code, got, again)
			}
			if !ssoEmailPattern.MatchString(got) {
				t.Errorf("SSOEmail(%q) = %q, want first.last@school.edu", tt.code, got)
			}
			if a, err := mail.ParseAddress(got); err != nil || a.Address != got {
				t.Errorf("SSOEmail(%q) = %q does not parse as itself: %v", tt.code, got, err)
			}
			if other, ok := seen[got]; ok {
				t.Errorf("codes %q and %q both give %q", other, tt.code, got)
			}
			seen[got] = tt.code
		})
	}
}
