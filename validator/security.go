package validator

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// errNoToken is what authenticate returns when a scheme's credential is absent.
var errNoToken = errors.New("no token")

// authenticate checks that the credential a security scheme names is present and not empty. It never
// verifies a token: a contract test only checks that the client sends one where the spec says.
func authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	req := in.RequestValidationInput.Request
	s := in.SecurityScheme
	var present bool
	switch s.Type {
	case "apiKey":
		switch s.In {
		case "header":
			present = strings.TrimSpace(req.Header.Get(s.Name)) != ""
		case "query":
			present = in.RequestValidationInput.GetQueryParams().Get(s.Name) != ""
		case "cookie":
			c, err := req.Cookie(s.Name)
			present = err == nil && c.Value != ""
		}
	case "http":
		present = hasAuthorization(req.Header, s.Scheme)
	case "oauth2", "openIdConnect":
		present = hasAuthorization(req.Header, "bearer")
	}
	if !present {
		return in.NewError(errNoToken)
	}
	return nil
}

// hasAuthorization reports whether the Authorization header uses scheme (case-insensitively) and
// carries a credential after it.
func hasAuthorization(h http.Header, scheme string) bool {
	v := strings.TrimSpace(h.Get("Authorization"))
	name, cred, ok := strings.Cut(v, " ")
	return ok && strings.EqualFold(name, scheme) && strings.TrimSpace(cred) != ""
}

// declaresBodyToken reports whether op's JSON request body has a "token" property: Pria's fourth
// token transport, which no security scheme can express.
func declaresBodyToken(op *openapi3.Operation) bool {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return false
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return false
	}
	_, ok := mt.Schema.Value.Properties["token"]
	return ok
}

// hasBodyToken reports whether body is a JSON object with a non-empty string "token".
func hasBodyToken(body []byte) bool {
	var v struct {
		Token any `json:"token"`
	}
	if json.Unmarshal(body, &v) != nil {
		return false
	}
	s, ok := v.Token.(string)
	return ok && strings.TrimSpace(s) != ""
}

// describeSecurity lists the ways op accepts a token, as "header x-access-token", "Authorization
// Bearer", "query token" and, when the body declares one, "body token".
func describeSecurity(doc *openapi3.T, reqs openapi3.SecurityRequirements, bodyToken bool) string {
	var schemes openapi3.SecuritySchemes
	if doc.Components != nil {
		schemes = doc.Components.SecuritySchemes
	}
	ways := make([]string, 0, len(reqs)+1)
	for _, req := range reqs {
		names := make([]string, 0, len(req))
		for name := range req {
			names = append(names, name)
		}
		sort.Strings(names)
		parts := make([]string, 0, len(names))
		for _, name := range names {
			parts = append(parts, describeScheme(name, schemes[name]))
		}
		ways = append(ways, strings.Join(parts, " and "))
	}
	if bodyToken {
		ways = append(ways, "body token")
	}
	if len(ways) == 1 {
		return ways[0]
	}
	return "one of " + strings.Join(ways, ", ")
}

func describeScheme(name string, ref *openapi3.SecuritySchemeRef) string {
	if ref == nil || ref.Value == nil {
		return name
	}
	s := ref.Value
	switch s.Type {
	case "apiKey":
		return s.In + " " + s.Name
	case "http":
		if strings.EqualFold(s.Scheme, "bearer") {
			return "Authorization Bearer"
		}
		return "Authorization " + s.Scheme
	default:
		return "Authorization Bearer"
	}
}
