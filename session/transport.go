package session

import "strings"

// Transport names where a token was found.
type Transport string

// The documented transports, in priority order.
const (
	TransportAccessToken Transport = "x-access-token"
	TransportBearer      Transport = "authorization"
	TransportQuery       Transport = "query"
	TransportBody        Transport = "body"
)

// Credentials are the token candidates a request carries, one per transport.
type Credentials struct {
	AccessToken   string // the x-access-token header
	Authorization string // the whole Authorization header
	Query         string // the token query parameter
	Body          string // the token field of the JSON body
}

// Token returns the token of the highest-priority transport that carries one: the x-access-token
// header, then Authorization: Bearer, then the token query parameter, then the body field.
func (c Credentials) Token() (string, Transport) {
	if t := strings.TrimSpace(c.AccessToken); t != "" {
		return t, TransportAccessToken
	}
	if t := BearerToken(c.Authorization); t != "" {
		return t, TransportBearer
	}
	if t := strings.TrimSpace(c.Query); t != "" {
		return t, TransportQuery
	}
	if t := strings.TrimSpace(c.Body); t != "" {
		return t, TransportBody
	}
	return "", ""
}

// BearerToken returns the token of an `Authorization: Bearer TOKEN` header value, or "" when the
// header uses another scheme or carries no token. The scheme is case-insensitive.
func BearerToken(header string) string {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}
