package validator_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"authmock/validator"
)

const (
	signinPath  = "/api/auth/signin"
	refreshPath = "/api/user/refresh/profile"
	profilePath = "/auth/user-profile"
	jwt         = "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"
)

func TestValidate(t *testing.T) {
	p, a := docs(t)
	v := newValidator(t)
	signin := opID(t, p, "POST", signinPath)
	refresh := opID(t, p, "POST", refreshPath)
	profile := opID(t, a, "GET", profilePath)

	signinReq := requestExample(t, p, "POST", signinPath, "signin")
	token := responseExample(t, p, "POST", signinPath, 200, "token")
	mfa := responseExample(t, p, "POST", signinPath, 200, "mfaChallenge")
	refreshed := responseExample(t, p, "POST", refreshPath, 200, "refreshed")
	parent := responseExample(t, a, "GET", profilePath, 200, "parent")
	child := responseExample(t, a, "GET", profilePath, 200, "child")
	priaURL := "https://pria.praxislxp.com"
	authiqaURL := "https://api.authiqa.com"

	tests := []struct {
		name string
		ex   validator.Exchange
		want []validator.Violation
	}{
		{
			name: "ok, signin answered with a token",
			ex:   exchange(t, "POST", priaURL+signinPath, signinReq, 200, token),
		},
		{
			name: "ok, signin answered with an MFA challenge",
			ex:   exchange(t, "POST", priaURL+signinPath, signinReq, 200, mfa),
		},
		{
			name: "ok, local mock host",
			ex:   exchange(t, "POST", "http://127.0.0.1:4010"+signinPath, signinReq, 200, token),
		},
		{
			name: "ok, path only",
			ex:   exchange(t, "POST", signinPath, signinReq, 200, token),
		},
		{
			name: "ok, request only",
			ex:   exchange(t, "POST", signinPath, signinReq, 0, nil),
		},
		{
			name: "nok, wrong type in the response",
			ex: exchange(t, "POST", priaURL+signinPath, signinReq, 200, edit(t, token, func(m map[string]any) {
				m["profile"].(map[string]any)["credits"] = "12"
			})),
			want: []validator.Violation{{
				Operation: signin, Side: validator.SideResponse, Location: "body /profile/credits",
				Expected: "integer", Found: "string", Message: "expected integer, got string",
			}},
		},
		{
			name: "nok, every violation reported",
			ex: exchange(t, "POST", priaURL+signinPath, []byte(`{"email":1}`), 200, edit(t, token, func(m map[string]any) {
				m["profile"].(map[string]any)["accountType"] = "root"
				delete(m["profile"].(map[string]any), "email")
			})),
			want: []validator.Violation{
				{Operation: signin, Side: validator.SideRequest, Location: "body /email", Expected: "string", Found: "integer", Message: "expected string, got integer"},
				{Operation: signin, Side: validator.SideRequest, Location: "body /password", Expected: "required property", Found: "nothing", Message: "required property is missing"},
				{Operation: signin, Side: validator.SideResponse, Location: "body /profile/accountType", Expected: `one of "super", "admin", "user"`, Found: `"root"`, Message: `expected one of "super", "admin", "user", got "root"`},
				{Operation: signin, Side: validator.SideResponse, Location: "body /profile/email", Expected: "required property", Found: "nothing", Message: "required property is missing"},
			},
		},
		{
			name: "nok, missing required field in the response",
			ex: exchange(t, "POST", priaURL+signinPath, signinReq, 200, edit(t, token, func(m map[string]any) {
				delete(m, "token")
			})),
			want: []validator.Violation{{
				Operation: signin, Side: validator.SideResponse, Location: "body /token",
				Expected: "required property", Found: "nothing", Message: "required property is missing",
			}},
		},
		{
			name: "nok, empty password",
			ex:   exchange(t, "POST", priaURL+signinPath, []byte(`{"email":"a@b.c","password":""}`), 0, nil),
			want: []validator.Violation{{
				Operation: signin, Side: validator.SideRequest, Location: "body /password",
				Expected: "length >= 1", Found: "length 0", Message: "expected length >= 1, got length 0",
			}},
		},
		{
			name: "nok, MFA challenge with a malformed challengeId",
			ex: exchange(t, "POST", priaURL+signinPath, signinReq, 200, edit(t, mfa, func(m map[string]any) {
				m["challengeId"] = "abc"
			})),
			want: []validator.Violation{{
				Operation: signin, Side: validator.SideResponse, Location: "body /challengeId",
				Expected: "string matching ^[0-9a-f]{24}$", Found: `"abc"`, Message: `expected string matching ^[0-9a-f]{24}$, got "abc"`,
			}},
		},
		{
			name: "nok, response body of the wrong type",
			ex:   exchange(t, "POST", priaURL+signinPath, signinReq, 200, []byte(`[]`)),
			want: []validator.Violation{{
				Operation: signin, Side: validator.SideResponse, Location: "body",
				Expected: "object", Found: "array", Message: "expected object, got array",
			}},
		},
		{
			name: "nok, undeclared status",
			ex:   exchange(t, "POST", priaURL+signinPath, signinReq, 418, []byte(`{}`)),
			want: []validator.Violation{{
				Operation: signin, Side: validator.SideResponse, Location: "status",
				Expected: statuses(t, p, "POST", signinPath), Found: "418",
				Message: "expected " + statuses(t, p, "POST", signinPath) + ", got 418",
			}},
		},
		{
			name: "nok, missing token",
			ex:   exchange(t, "POST", priaURL+refreshPath, nil, 200, refreshed),
			want: []validator.Violation{{
				Operation: refresh, Side: validator.SideRequest, Location: "security",
				Expected: "one of header x-access-token, Authorization Bearer, query token, body token", Found: "no token",
				Message: "expected one of header x-access-token, Authorization Bearer, query token, body token, got no token",
			}},
		},
		{
			name: "ok, token in x-access-token",
			ex:   exchange(t, "POST", priaURL+refreshPath, nil, 200, refreshed, "x-access-token", jwt),
		},
		{
			name: "ok, token as a Bearer",
			ex:   exchange(t, "POST", priaURL+refreshPath, nil, 200, refreshed, "Authorization", "bearer "+jwt),
		},
		{
			name: "ok, token in the query",
			ex:   exchange(t, "POST", priaURL+refreshPath+"?token="+jwt, nil, 200, refreshed),
		},
		{
			name: "ok, token in the body",
			ex:   exchange(t, "POST", priaURL+refreshPath, []byte(`{"token":"`+jwt+`"}`), 200, refreshed),
		},
		{
			name: "nok, empty token in the body",
			ex:   exchange(t, "POST", priaURL+refreshPath, []byte(`{"token":""}`), 200, refreshed),
			want: []validator.Violation{{
				Operation: refresh, Side: validator.SideRequest, Location: "security",
				Expected: "one of header x-access-token, Authorization Bearer, query token, body token", Found: "no token",
				Message: "expected one of header x-access-token, Authorization Bearer, query token, body token, got no token",
			}},
		},
		{
			name: "nok, Basic credentials where a Bearer is required",
			ex:   exchange(t, "GET", authiqaURL+profilePath, nil, 200, parent, "Authorization", "Basic dTpw"),
			want: []validator.Violation{{
				Operation: profile, Side: validator.SideRequest, Location: "security",
				Expected: "Authorization Bearer", Found: "no token", Message: "expected Authorization Bearer, got no token",
			}},
		},
		{
			name: "ok, Authiqa parent account",
			ex:   exchange(t, "GET", authiqaURL+profilePath, nil, 200, parent, "Authorization", "Bearer "+jwt),
		},
		{
			name: "ok, Authiqa child account",
			ex:   exchange(t, "GET", authiqaURL+profilePath, nil, 200, child, "Authorization", "Bearer "+jwt),
		},
		{
			name: "nok, Authiqa child account with parent-only fields",
			ex: exchange(t, "GET", authiqaURL+profilePath, nil, 200, edit(t, child, func(m map[string]any) {
				user := m["data"].(map[string]any)["user"].(map[string]any)
				user["accountBalance"] = 25.5
				user["googleSsoConfig"] = map[string]any{"enabled": true}
			}), "Authorization", "Bearer "+jwt),
			want: []validator.Violation{
				{Operation: profile, Side: validator.SideResponse, Location: "body /data/user/accountBalance", Expected: "no such property", Found: "property accountBalance", Message: "property not allowed here"},
				{Operation: profile, Side: validator.SideResponse, Location: "body /data/user/googleSsoConfig", Expected: "no such property", Found: "property googleSsoConfig", Message: "property not allowed here"},
			},
		},
		{
			name: "nok, unexpected Content-Type",
			ex: func() validator.Exchange {
				ex := exchange(t, "GET", authiqaURL+profilePath, nil, 200, []byte("<html></html>"), "Authorization", "Bearer "+jwt)
				ex.Response.Header = http.Header{"Content-Type": {"text/html"}}
				return ex
			}(),
			want: []validator.Violation{{
				Operation: profile, Side: validator.SideResponse, Location: "header Content-Type",
				Expected: "application/json", Found: "text/html", Message: "expected application/json, got text/html",
			}},
		},
		{
			name: "nok, response body that is not JSON",
			ex:   exchange(t, "GET", authiqaURL+profilePath, nil, 200, []byte(`{"success":`), "Authorization", "Bearer "+jwt),
			want: []validator.Violation{{
				Operation: profile, Side: validator.SideResponse, Location: "body",
				Expected: "a body of type application/json; charset=utf-8", Found: "a body that does not decode",
				Message: "body does not decode: unexpected EOF within \"/success\" after offset 11",
			}},
		},
		{
			name: "ok, request body not recorded",
			ex: func() validator.Exchange {
				ex := exchange(t, "POST", priaURL+signinPath, nil, 200, token)
				ex.Request.BodyOmitted = true
				return ex
			}(),
		},
		{
			name: "nok, request body missing",
			ex:   exchange(t, "POST", priaURL+signinPath, nil, 200, token),
			want: []validator.Violation{{
				Operation: signin, Side: validator.SideRequest, Location: "body",
				Expected: "a body", Found: "nothing", Message: "required body is missing",
			}},
		},
		{
			name: "ok, body not recorded",
			ex: func() validator.Exchange {
				ex := exchange(t, "GET", authiqaURL+profilePath, nil, 200, nil, "Authorization", "Bearer "+jwt)
				ex.Response.BodyOmitted = true
				return ex
			}(),
		},
		{
			name: "nok, response header of the wrong type",
			ex: func() validator.Exchange {
				ex := exchange(t, "POST", priaURL+signinPath, signinReq, 429, []byte(`{"success":false,"message":"slow down"}`))
				ex.Response.Header = http.Header{"Content-Type": {"application/json"}, "Retry-After": {"soon"}}
				return ex
			}(),
			want: []validator.Violation{{
				Operation: signin, Side: validator.SideResponse, Location: "header Retry-After",
				Expected: "integer", Found: `"soon"`, Message: `expected integer, got "soon"`,
			}},
		},
		{
			name: "nok, response header out of range",
			ex: func() validator.Exchange {
				ex := exchange(t, "POST", priaURL+signinPath, signinReq, 429, []byte(`{"success":false,"message":"slow down"}`))
				ex.Response.Header = http.Header{"Content-Type": {"application/json"}, "Retry-After": {"-5"}}
				return ex
			}(),
			want: []validator.Violation{{
				Operation: signin, Side: validator.SideResponse, Location: "header Retry-After",
				Expected: ">= 0", Found: "-5", Message: "expected >= 0, got -5",
			}},
		},
		{
			name: "ok, 304 is never validated",
			ex:   exchange(t, "GET", authiqaURL+profilePath, nil, 304, nil, "Authorization", "Bearer "+jwt),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := v.Validate(context.Background(), tt.ex)
			if !res.Known {
				t.Fatalf("not known: %s", res.Reason)
			}
			if !reflect.DeepEqual(res.Violations, tt.want) {
				t.Fatalf("violations:\n got %#v\nwant %#v", res.Violations, tt.want)
			}
			if res.Failed() != (len(tt.want) > 0) {
				t.Fatalf("Failed() = %v", res.Failed())
			}
		})
	}
}

func TestValidate_unknown(t *testing.T) {
	v := newValidator(t)
	tests := []struct {
		name, method, url, reason string
	}{
		{"nok, unknown path", "GET", "https://pria.praxislxp.com/favicon.ico", validator.ReasonNoPath},
		{"nok, unknown path under a known one", "POST", "https://pria.praxislxp.com/api/auth/signin/extra", validator.ReasonNoPath},
		{"nok, undeclared method", "GET", "https://pria.praxislxp.com/api/auth/signin", validator.ReasonNoMethod},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := v.Validate(context.Background(), exchange(t, tt.method, tt.url, nil, 200, []byte(`{}`)))
			want := validator.Result{Reason: tt.reason}
			if !reflect.DeepEqual(res, want) {
				t.Fatalf("result = %+v, want %+v", res, want)
			}
		})
	}
}

// controlDoc declares the mock's control parameters strictly, so that a test can tell whether the
// validator sees them.
const controlDoc = `
openapi: 3.0.3
info: {title: control, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: __delay, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
        - {name: Prefer, in: header, schema: {type: string, enum: [never]}}
        - {name: X-Mock-Scenario, in: header, schema: {type: string, enum: [never]}}
      responses:
        "200": {description: ok}
`

func TestValidate_controlParams(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(controlDoc))
	if err != nil {
		t.Fatal(err)
	}
	v, err := validator.New([]validator.Doc{{Name: "control", T: doc}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		url  string
		want []validator.Violation
	}{
		{name: "ok, control parameters ignored", url: "/things?__delay=soon&__scenario=x"},
		{
			name: "nok, other parameters still checked",
			url:  "/things?__delay=soon&limit=many",
			want: []validator.Violation{{
				Operation: "listThings", Side: validator.SideRequest, Location: "query limit",
				Expected: "integer", Found: `"many"`, Message: `expected integer, got "many"`,
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := exchange(t, "GET", tt.url, nil, 200, nil, "Prefer", "code=500", "X-Mock-Scenario", "slow")
			before := ex.Request.URL.String()
			res := v.Validate(context.Background(), ex)
			if !reflect.DeepEqual(res.Violations, tt.want) {
				t.Fatalf("violations:\n got %#v\nwant %#v", res.Violations, tt.want)
			}
			if got := ex.Request.URL.String(); got != before {
				t.Fatalf("caller's URL changed to %s", got)
			}
			if ex.Request.Header.Get("Prefer") != "code=500" || ex.Request.Header.Get("X-Mock-Scenario") != "slow" {
				t.Fatalf("caller's header changed: %v", ex.Request.Header)
			}
		})
	}
}

func TestValidateResponse(t *testing.T) {
	p, _ := docs(t)
	v := newValidator(t)
	token := responseExample(t, p, "POST", signinPath, 200, "token")
	tests := []struct {
		name   string
		status int
		body   []byte
		want   []validator.Violation
	}{
		{name: "ok, token", status: 200, body: token},
		{
			name: "nok, wrong type", status: 200,
			body: edit(t, token, func(m map[string]any) { m["token"] = 42 }),
			want: []validator.Violation{{
				Operation: opID(t, p, "POST", signinPath), Side: validator.SideResponse, Location: "body /token",
				Expected: "string", Found: "integer", Message: "expected string, got integer",
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The request body is not read: an invalid one must not matter.
			req := httptest.NewRequest("POST", "http://127.0.0.1:4010"+signinPath, strings.NewReader("not json"))
			res := v.ValidateResponse(context.Background(), req, tt.status, jsonHeader, tt.body)
			if !res.Known || !reflect.DeepEqual(res.Violations, tt.want) {
				t.Fatalf("result = %+v, want violations %#v", res, tt.want)
			}
		})
	}
}

func TestValidate_formatValidation(t *testing.T) {
	p, _ := docs(t)
	body := []byte(`{"email":"not an address","password":"x"}`)
	tests := []struct {
		name string
		opts []validator.Option
		want []validator.Violation
	}{
		{name: "ok, email format not checked by default"},
		{
			name: "nok, email format checked with WithFormatValidation",
			opts: []validator.Option{validator.WithFormatValidation()},
			want: []validator.Violation{{
				Operation: opID(t, p, "POST", signinPath), Side: validator.SideRequest, Location: "body /email",
				Expected: "string in format email", Found: `"not an address"`, Message: `expected string in format email, got "not an address"`,
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newValidator(t, tt.opts...)
			res := v.Validate(context.Background(), exchange(t, "POST", signinPath, body, 0, nil))
			if !reflect.DeepEqual(res.Violations, tt.want) {
				t.Fatalf("violations:\n got %#v\nwant %#v", res.Violations, tt.want)
			}
		})
	}
}

func TestNew(t *testing.T) {
	p, _ := docs(t)
	tests := []struct {
		name string
		docs []validator.Doc
		err  string
	}{
		{name: "ok, one document", docs: []validator.Doc{{Name: "pria", T: p}}},
		{name: "nok, nil document", docs: []validator.Doc{{Name: "pria"}}, err: `validator: document 0 ("pria") is nil`},
		{
			name: "nok, operation declared twice",
			docs: []validator.Doc{{Name: "one", T: p}, {Name: "two", T: p}},
			err:  "is declared by both one and two",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := validator.New(tt.docs)
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("err = %v, want %q", err, tt.err)
			}
		})
	}
}

func TestViolation_String(t *testing.T) {
	tests := []struct {
		name string
		v    validator.Violation
		want string
	}{
		{"ok, body pointer", validator.Violation{Location: "body /profile/credits", Message: "expected integer, got string"}, "/profile/credits: expected integer, got string"},
		{"ok, whole body", validator.Violation{Location: "body", Message: "expected object, got array"}, "body: expected object, got array"},
		{"ok, status", validator.Violation{Location: "status", Message: "expected one of 200, got 418"}, "status: expected one of 200, got 418"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.String(); got != tt.want {
				t.Fatalf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestValidate_concurrent validates from several goroutines at once, for the race detector: the
// proxy and the mock's strict mode share one Validator.
func TestValidate_concurrent(t *testing.T) {
	p, a := docs(t)
	v := newValidator(t)
	signin := exchange(t, "POST", signinPath, requestExample(t, p, "POST", signinPath, "signin"),
		200, responseExample(t, p, "POST", signinPath, 200, "mfaChallenge"))
	profile := exchange(t, "GET", profilePath, nil, 200, edit(t, responseExample(t, a, "GET", profilePath, 200, "child"),
		func(m map[string]any) { m["data"].(map[string]any)["user"].(map[string]any)["accountBalance"] = 1 }),
		"Authorization", "Bearer "+jwt)
	var wg sync.WaitGroup
	failures := make(chan string, 16)
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if r := v.Validate(context.Background(), signin); r.Failed() {
					failures <- "signin: " + r.Violations[0].String()
					return
				}
				if r := v.Validate(context.Background(), profile); len(r.Violations) != 1 {
					failures <- "profile: " + r.String()
					return
				}
			}
		})
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Fatal(f)
	}
}

func TestCheckEmail(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{"john.doe@mydomain.com", true},
		{"x+tag@sub.domain.io", true},
		{strings.Repeat("a", 64) + "@b.co", true},
		{strings.Repeat("a", 65) + "@b.co", false},
		{"a@" + strings.Repeat("b", 250) + ".co", false},
		{"jöhn@exämple.com", false},
		{"John <john@example.com>", false},
		{"<john@example.com>", false},
		{"not-an-email", false},
		{"", false},
	} {
		if err := validator.CheckEmail(tt.in); (err == nil) != tt.ok {
			t.Errorf("CheckEmail(%q) = %v, want ok %v", tt.in, err, tt.ok)
		}
	}
}
