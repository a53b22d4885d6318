package validator

import "testing"

func TestTemplateless(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ok, no parameter", "/api/auth/signin", "/api/auth/signin"},
		{"ok, two parameters", "/a/{id}/b/{name}", "/a/{}/b/{}"},
		{"ok, unclosed brace", "/a/{id", "/a/{id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := templateless(tt.in); got != tt.want {
				t.Fatalf("templateless(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
