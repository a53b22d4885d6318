package session

import "testing"

func TestCredentialsToken(t *testing.T) {
	tests := []struct {
		name  string
		creds Credentials
		want  string
		from  Transport
	}{
		{"ok, all four: x-access-token wins", Credentials{"h", "Bearer b", "q", "body"}, "h", TransportAccessToken},
		{"ok, bearer beats query and body", Credentials{"", "Bearer b", "q", "body"}, "b", TransportBearer},
		{"ok, bearer scheme is case-insensitive", Credentials{"", "bearer b", "", ""}, "b", TransportBearer},
		{"ok, query beats body", Credentials{"", "", "q", "body"}, "q", TransportQuery},
		{"ok, body last", Credentials{"", "", "", "body"}, "body", TransportBody},
		{"ok, basic auth is not a token", Credentials{"", "Basic dXNlcjpwYXNz", "", "body"}, "body", TransportBody},
		{"ok, blank header skipped", Credentials{"  ", "Bearer ", "", ""}, "", ""},
		{"ok, none", Credentials{}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, from := tt.creds.Token()
			if got != tt.want || from != tt.from {
				t.Errorf("Token() = %q, %q; want %q, %q", got, from, tt.want, tt.from)
			}
		})
	}
}
