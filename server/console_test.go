package server

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"authmock/session"
)

// problemDetail checks that r is a problem+json answer with status and returns its detail.
func problemDetail(t *testing.T, r reply, status int) string {
	t.Helper()
	if r.status != status || r.header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("got %d %s %s, want a %d problem", r.status, r.header.Get("Content-Type"), r.body, status)
	}
	m := r.json(t)
	if m["status"] != float64(status) {
		t.Errorf("problem status = %v, want %d", m["status"], status)
	}
	d, _ := m["detail"].(string)
	return d
}

func TestConsolePage(t *testing.T) {
	h := newHarness(t, Config{})
	all, err := Scenarios()
	if err != nil {
		t.Fatal(err)
	}

	t.Run("ok, /__mock redirects to the page", func(t *testing.T) {
		r := h.doRaw("GET", "/__mock", nil)
		if r.status != 302 || r.header.Get("Location") != "/__mock/" {
			t.Errorf("%d Location %q", r.status, r.header.Get("Location"))
		}
	})
	t.Run("ok, the page lists every scenario of every operation, and both specs", func(t *testing.T) {
		r := h.doRaw("GET", "/__mock/", nil)
		if r.status != 200 || r.header.Get("Content-Type") != "text/html; charset=UTF-8" {
			t.Fatalf("%d %s", r.status, r.header.Get("Content-Type"))
		}
		if got := r.header.Get("Content-Security-Policy"); got != consoleCSP {
			t.Errorf("CSP = %q", got)
		}
		page := string(r.body)
		for _, sc := range all {
			if !strings.Contains(page, `data-action="use-browser" data-scenario="`+sc.Name+`"`) {
				t.Errorf("no use-in-this-browser button for %s", sc.Name)
			}
			if !strings.Contains(page, html.EscapeString(sc.Summary)) {
				t.Errorf("no summary for %s: %q", sc.Name, sc.Summary)
			}
		}
		for _, want := range []string{
			`href="/__mock/openapi/pria.yaml"`,
			`href="/__mock/openapi/authiqa.yaml"`,
			`<span class="method m-post">POST</span> <code>/api/auth/signin</code> <span class="opid">signin</span>`,
			`<span class="method m-get">GET</span> <code>/auth/user-profile</code> <span class="opid">getUserProfile</span>`,
			`value="http://example.com/api/auth/signin?__scenario=mfa-required"`,
			`value="` + html.EscapeString(`curl -s 'http://example.com/auth/user-profile?__scenario=child-account' -H "Authorization: Bearer $TOKEN"`) + `"`,
			`<code id="state-browser">default</code>`,
			`<code id="state-everyone">default</code>`,
			`<strong id="clock-offset">+0s</strong>`,
			`<code id="clock-now">2026-03-04 05:06:07 UTC</code>`,
			`<option value="">server default (6h0m0s)</option>`,
			`data-types="{&#34;authiqa&#34;:[&#34;parent&#34;,&#34;child&#34;],&#34;pria&#34;:[&#34;user&#34;,&#34;admin&#34;,&#34;super&#34;]}"`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("page lacks %s", want)
			}
		}
		// Operations in the order of their spec, Pria first.
		var at []int
		for _, id := range []string{"signin", "verifyMfa", "ssoCallback", "refreshProfile", "getUserProfile"} {
			at = append(at, strings.Index(page, `id="op-`+id+`"`))
		}
		if !slices.IsSorted(at) || at[0] < 0 {
			t.Errorf("operations at %v, want signin, verifyMfa, ssoCallback, refreshProfile, getUserProfile", at)
		}
		if ext := regexp.MustCompile(`(?i)(src|href)="(https?:)?//`).FindString(page); ext != "" {
			t.Errorf("the page loads something from elsewhere: %s", ext)
		}
	})
	t.Run("ok, the page marks this browser's and everyone's scenario", func(t *testing.T) {
		if r := h.doRaw("PUT", "/__mock/api/active", map[string]string{"scenario": "admin-account"}); r.status != 200 {
			t.Fatalf("%d %s", r.status, r.body)
		}
		defer h.doRaw("DELETE", "/__mock/api/active", nil)
		page := string(h.doRaw("GET", "/__mock/", nil, "Cookie", "authmock_scenario=mfa-required").body)
		for _, want := range []string{
			`<code id="state-browser">mfa-required</code>`,
			`<code id="state-everyone">admin-account</code>`,
			`<li class="scenario is-browser" data-scenario="mfa-required">`,
			`<li class="scenario is-everyone" data-scenario="admin-account">`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("page lacks %s", want)
			}
		}
	})
	t.Run("ok, an unknown cookie shows the default", func(t *testing.T) {
		page := string(h.doRaw("GET", "/__mock/", nil, "Cookie", "authmock_scenario=nope").body)
		if !strings.Contains(page, `<code id="state-browser">default</code>`) {
			t.Error("unknown cookie shown as is")
		}
	})
	for _, tt := range []struct {
		name, path, ctype string
	}{
		{"ok, stylesheet", "/__mock/assets/console.css", "text/css; charset=utf-8"},
		{"ok, script", "/__mock/assets/console.js", "text/javascript; charset=utf-8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want, err := consoleFS.ReadFile("console/" + strings.TrimPrefix(tt.path, "/__mock/assets/"))
			if err != nil {
				t.Fatal(err)
			}
			r := h.doRaw("GET", tt.path, nil)
			if r.status != 200 || r.header.Get("Content-Type") != tt.ctype || string(r.body) != string(want) {
				t.Errorf("%d %s, %d bytes", r.status, r.header.Get("Content-Type"), len(r.body))
			}
		})
	}
	t.Run("nok, unknown asset", func(t *testing.T) {
		if d := problemDetail(t, h.doRaw("GET", "/__mock/assets/index.html.tmpl", nil), 404); d != "assets: console.css, console.js" {
			t.Errorf("detail = %q", d)
		}
	})
}

func TestConsoleSamples(t *testing.T) {
	specs, err := loadSpecs()
	if err != nil {
		t.Fatal(err)
	}
	c, err := newConsole(specs)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		op   string
		want requestSample
	}{
		{"ok, signin: the spec's request example", "signin", requestSample{body: `{"email":"john.doe@mydomain.com","password":"iLovePria123"}`}},
		{"ok, verifyMfa", "verifyMfa", requestSample{body: `{"challengeId":"6856fa89cbafcff8d98680f5","code":"123456"}`}},
		{"ok, refresh: optional body left out, first scheme", "refreshProfile", requestSample{auth: "x-access-token: $TOKEN"}},
		{"ok, user-profile: bearer", "getUserProfile", requestSample{auth: "Authorization: Bearer $TOKEN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.samples[tt.op]; got != tt.want {
				t.Errorf("sample = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestCurlLine(t *testing.T) {
	tests := []struct {
		name   string
		method string
		link   string
		sample requestSample
		want   string
	}{
		{"ok, POST with a body", "POST", "http://h/api/auth/signin?__scenario=x", requestSample{body: `{"a":"b"}`},
			`curl -s -X POST 'http://h/api/auth/signin?__scenario=x' -H 'content-type: application/json' -d '{"a":"b"}'`},
		{"ok, GET with a token", "GET", "http://h/auth/user-profile?__scenario=x", requestSample{auth: "Authorization: Bearer $TOKEN"},
			`curl -s 'http://h/auth/user-profile?__scenario=x' -H "Authorization: Bearer $TOKEN"`},
		{"ok, single quotes in the body", "POST", "http://h/p", requestSample{body: `{"a":"it's"}`},
			`curl -s -X POST 'http://h/p' -H 'content-type: application/json' -d '{"a":"it'\''s"}'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := curlLine(tt.method, tt.link, tt.sample); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestConsoleToken(t *testing.T) {
	h := newHarness(t, Config{})
	tests := []struct {
		name    string
		body    any
		claims  map[string]any // exact, but for _id, userID, customerId and sessionId, checked for shape
		expires time.Time
	}{
		{"ok, pria user by default", map[string]any{},
			map[string]any{"email": DefaultTokenEmail, "accountType": "user", "iat": t0.Unix(), "exp": t0.Add(6 * time.Hour).Unix(), "_id": "", "customerId": "", "sessionId": ""},
			t0.Add(6 * time.Hour)},
		{"ok, pria super for an hour", map[string]any{"api": "pria", "accountType": "super", "email": "qa@example.com", "ttl": "1h"},
			map[string]any{"email": "qa@example.com", "accountType": "super", "iat": t0.Unix(), "exp": t0.Add(time.Hour).Unix(), "_id": "", "customerId": "", "sessionId": ""},
			t0.Add(time.Hour)},
		{"ok, authiqa child for five minutes", map[string]any{"api": "authiqa", "accountType": "child", "ttl": "5m"},
			map[string]any{"email": DefaultTokenEmail, "accountType": "child", "iat": t0.Unix(), "exp": t0.Add(5 * time.Minute).Unix(), "userID": ""},
			t0.Add(5 * time.Minute)},
		{"ok, authiqa parent by default", map[string]any{"api": "authiqa"},
			map[string]any{"email": DefaultTokenEmail, "accountType": "parent", "iat": t0.Unix(), "exp": t0.Add(6 * time.Hour).Unix(), "userID": ""},
			t0.Add(6 * time.Hour)},
		{"ok, already expired", map[string]any{"accountType": "admin", "expired": true},
			map[string]any{"email": DefaultTokenEmail, "accountType": "admin", "iat": t0.Unix(), "exp": t0.Add(-time.Minute).Unix(), "_id": "", "customerId": "", "sessionId": ""},
			t0.Add(-time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.doRaw("POST", "/__mock/api/token", tt.body)
			if r.status != 200 {
				t.Fatalf("%d %s", r.status, r.body)
			}
			m := r.json(t)
			if m["expiresAt"] != tt.expires.Format(time.RFC3339) {
				t.Errorf("expiresAt = %v, want %s", m["expiresAt"], tt.expires.Format(time.RFC3339))
			}
			claims := m["claims"].(map[string]any)
			inToken := claimsOf(t, m["token"].(string))
			if len(claims) != len(tt.claims) || len(inToken) != len(tt.claims) {
				t.Errorf("claims %v, in the token %v, want the keys of %v", claims, inToken, tt.claims)
			}
			for k, want := range tt.claims {
				got, inTok := claims[k], inToken[k]
				if got != inTok {
					t.Errorf("%s: answer says %v, token says %v", k, got, inTok)
				}
				switch w := want.(type) {
				case int64:
					if got != float64(w) {
						t.Errorf("%s = %v, want %d", k, got, w)
					}
				case string:
					s, _ := got.(string)
					if w == "" && s == "" || w != "" && s != w {
						t.Errorf("%s = %v, want %q", k, got, w)
					}
				}
			}
		})
	}
	t.Run("ok, every account type the console offers mints", func(t *testing.T) {
		for api, types := range tokenAccountTypes {
			for _, typ := range types {
				r := h.doRaw("POST", "/__mock/api/token", map[string]any{"api": api, "accountType": typ})
				if r.status != 200 || claimsOf(t, r.json(t)["token"].(string))["accountType"] != typ {
					t.Errorf("%s %s: %d %s", api, typ, r.status, r.body)
				}
			}
		}
	})
	t.Run("ok, the minted token works against the API", func(t *testing.T) {
		tok := h.doRaw("POST", "/__mock/api/token", map[string]any{}).json(t)["token"].(string)
		if r := h.do("POST", "/api/user/refresh/profile", nil, "x-access-token", tok); r.status != 200 {
			t.Errorf("refresh: %d %s", r.status, r.body)
		}
		child := h.doRaw("POST", "/__mock/api/token", map[string]any{"api": "authiqa", "accountType": "child"}).json(t)["token"].(string)
		if r := h.do("GET", "/auth/user-profile", nil, "Authorization", "Bearer "+child); r.status != 200 || get(r.json(t), "data", "user", "accountType") != "child" {
			t.Errorf("user-profile: %d %s", r.status, r.body)
		}
		expired := h.doRaw("POST", "/__mock/api/token", map[string]any{"expired": true}).json(t)["token"].(string)
		if r := h.do("POST", "/api/user/refresh/profile", nil, "x-access-token", expired); r.status != 401 || r.json(t)["message"] != "jwt expired" {
			t.Errorf("expired: %d %s", r.status, r.body)
		}
	})

	bad := []struct {
		name   string
		body   any
		detail string // exact, or a prefix when it ends in "..."
	}{
		{"nok, unknown api", map[string]any{"api": "okta"}, `api: "okta": want pria or authiqa`},
		{"nok, account type of the other api", map[string]any{"api": "pria", "accountType": "child"}, `accountType: "child": pria accounts are user, admin, super`},
		{"nok, unknown authiqa account type", map[string]any{"api": "authiqa", "accountType": "admin"}, `accountType: "admin": authiqa accounts are parent, child`},
		{"nok, ttl not a duration", map[string]any{"ttl": "6 hours"}, `ttl: "6 hours" is not a duration such as 6h, 1h or 5m`},
		{"nok, negative ttl", map[string]any{"ttl": "-1h"}, `ttl: "-1h" is not positive; set expired for an expired token`},
		{"nok, zero ttl", map[string]any{"ttl": "0s"}, `ttl: "0s" is not positive; set expired for an expired token`},
		{"nok, bad ttl, expired or not", map[string]any{"ttl": "soon", "expired": true}, `ttl: "soon" is not a duration such as 6h, 1h or 5m`},
		{"nok, bad email", map[string]any{"email": "nope"}, `email: "nope" is not a valid email address`},
		{"nok, ttl as a number", map[string]any{"ttl": 3600}, `body: want {"api", "accountType", "email", "ttl", "expired"}: json: cannot unmarshal number into Go struct field tokenOrder.ttl of type string`},
		{"nok, unknown field", map[string]any{"lifetime": "1h"}, `body: want {"api", "accountType", "email", "ttl", "expired"}: json: unknown field "lifetime"`},
		{"nok, not JSON", "{", `body: want {"api", "accountType", "email", "ttl", "expired"}: unexpected EOF`},
		{"nok, two values", `{} {}`, `body: want {"api", "accountType", "email", "ttl", "expired"}: more than one JSON value`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if d := problemDetail(t, h.doRaw("POST", "/__mock/api/token", tt.body), 400); d != tt.detail {
				t.Errorf("detail = %q\nwant     %q", d, tt.detail)
			}
		})
	}
}

// clockBody is what GET, POST and DELETE /__mock/api/clock answer at offset d from t0.
func clockBody(d time.Duration) map[string]any {
	return map[string]any{"now": t0.Add(d).Format(time.RFC3339), "offset": d.String(), "offsetSeconds": d.Seconds()}
}

func TestConsoleClock(t *testing.T) {
	h := newHarness(t, Config{})
	tok := h.doRaw("POST", "/__mock/api/token", map[string]any{}).json(t)["token"].(string) // lives 6 h
	refresh := func(t *testing.T, wantStatus int, wantMessage string) {
		t.Helper()
		r := h.do("POST", "/api/user/refresh/profile", nil, "x-access-token", tok)
		if r.status != wantStatus || wantMessage != "" && r.json(t)["message"] != wantMessage {
			t.Errorf("refresh: %d %s, want %d %s", r.status, r.body, wantStatus, wantMessage)
		}
	}
	steps := []struct {
		name    string
		method  string
		body    any
		offset  time.Duration
		refresh int
	}{
		{"ok, starts on the base clock", "GET", nil, 0, 200},
		{"ok, advance an hour: the token still works", "POST", map[string]string{"advance": "1h"}, time.Hour, 200},
		{"ok, advance five more: the token has expired", "POST", map[string]string{"advance": "5h"}, 6 * time.Hour, 401},
		{"ok, a later GET keeps the offset", "GET", nil, 6 * time.Hour, 401},
		{"ok, set the offset back to 30 minutes", "POST", map[string]string{"offset": "30m"}, 30 * time.Minute, 200},
		{"ok, advance a day", "POST", map[string]string{"advance": "24h"}, 24*time.Hour + 30*time.Minute, 401},
		{"ok, reset", "DELETE", nil, 0, 200},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			r := h.doRaw(st.method, "/__mock/api/clock", st.body)
			if r.status != 200 {
				t.Fatalf("%d %s", r.status, r.body)
			}
			got, want := r.json(t), clockBody(st.offset)
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s = %v, want %v", k, got[k], v)
				}
			}
			if len(got) != len(want) {
				t.Errorf("body %s, want the keys of %v", r.body, want)
			}
			if st.refresh == 401 {
				refresh(t, 401, "jwt expired")
			} else {
				refresh(t, 200, "")
			}
		})
	}
	t.Run("ok, the base clock keeps running under the offset", func(t *testing.T) {
		h.doRaw("POST", "/__mock/api/clock", map[string]string{"advance": "2h"})
		h.clock.advance(time.Minute)
		defer h.doRaw("DELETE", "/__mock/api/clock", nil)
		if got := h.doRaw("GET", "/__mock/api/clock", nil).json(t)["now"]; got != t0.Add(2*time.Hour+time.Minute).Format(time.RFC3339) {
			t.Errorf("now = %v", got)
		}
	})

	bad := []struct {
		name   string
		body   any
		detail string
	}{
		{"nok, negative advance", map[string]string{"advance": "-1h"}, `advance: "-1h" is negative; the clock only moves forward (DELETE resets it)`},
		{"nok, advance not a duration", map[string]string{"advance": "a day"}, `advance: "a day" is not a duration such as 1h, 6h or 24h`},
		{"nok, offset not a duration", map[string]string{"offset": "6"}, `offset: "6" is not a duration such as 1h, 6h or 24h`},
		{"nok, too far", map[string]string{"offset": "87601h"}, `offset: would put the clock more than 87600h0m0s ahead`},
		{"nok, both", map[string]string{"advance": "1h", "offset": "1h"}, `body: want {"advance": DURATION} or {"offset": DURATION}, one of the two`},
		{"nok, neither", map[string]string{}, `body: want {"advance": DURATION} or {"offset": DURATION}, one of the two`},
		{"nok, unknown field", map[string]string{"to": "1h"}, `body: want {"advance": DURATION} or {"offset": DURATION}: json: unknown field "to"`},
		{"nok, no body", nil, `body: want {"advance": DURATION} or {"offset": DURATION}: EOF`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if d := problemDetail(t, h.doRaw("POST", "/__mock/api/clock", tt.body), 400); d != tt.detail {
				t.Errorf("detail = %q\nwant     %q", d, tt.detail)
			}
			if got := h.doRaw("GET", "/__mock/api/clock", nil).json(t)["offset"]; got != "0s" {
				t.Errorf("a refused move moved the clock to %v", got)
			}
		})
	}
	t.Run("nok, an advance that would overflow", func(t *testing.T) {
		h.doRaw("POST", "/__mock/api/clock", map[string]string{"advance": "1h"})
		defer h.doRaw("DELETE", "/__mock/api/clock", nil)
		if d := problemDetail(t, h.doRaw("POST", "/__mock/api/clock", map[string]string{"advance": "9223372036854775807ns"}), 400); d != "advance: would put the clock more than 87600h0m0s ahead" {
			t.Errorf("detail = %q", d)
		}
		if got := h.doRaw("GET", "/__mock/api/clock", nil).json(t)["offset"]; got != "1h0m0s" {
			t.Errorf("offset = %v", got)
		}
	})
	t.Run("nok, advancing past the bound", func(t *testing.T) {
		h.doRaw("POST", "/__mock/api/clock", map[string]string{"offset": "87000h"})
		defer h.doRaw("DELETE", "/__mock/api/clock", nil)
		if d := problemDetail(t, h.doRaw("POST", "/__mock/api/clock", map[string]string{"advance": "601h"}), 400); d != "advance: would put the clock more than 87600h0m0s ahead" {
			t.Errorf("detail = %q", d)
		}
	})
}

// The console's clock moves everything that tells time: the issuer (above), the MFA challenges and
// the rate limit.
func TestConsoleClockMovesEverything(t *testing.T) {
	body := map[string]string{"email": "jane.roe@example.com", "password": "x"}
	t.Run("ok, MFA challenges expire", func(t *testing.T) {
		h := newHarness(t, Config{})
		id := h.do("POST", "/api/auth/signin?__scenario=mfa-required", body).json(t)["challengeId"].(string)
		h.doRaw("POST", "/__mock/api/clock", map[string]string{"advance": "10m1s"})
		r := h.do("POST", "/api/auth/mfa/verify", map[string]string{"challengeId": id, "code": "123456"})
		if r.status != 401 || r.json(t)["message"] != "Verification code expired" {
			t.Errorf("%d %s", r.status, r.body)
		}
	})
	t.Run("ok, the rate limit window ends", func(t *testing.T) {
		h := newHarness(t, Config{RateLimit: true})
		for range 10 {
			h.do("POST", "/api/auth/signin", body)
		}
		if r := h.do("POST", "/api/auth/signin", body); r.status != 429 {
			t.Fatalf("11th: %d", r.status)
		}
		h.doRaw("POST", "/__mock/api/clock", map[string]string{"advance": "1m"})
		if r := h.do("POST", "/api/auth/signin", body); r.status != 200 {
			t.Errorf("after the window: %d %s", r.status, r.body)
		}
	})
	t.Run("ok, an OffsetClock given in Config is the one moved", func(t *testing.T) {
		oc := &session.OffsetClock{Base: &testClock{now: t0}}
		h := newHarness(t, Config{Clock: oc})
		h.doRaw("POST", "/__mock/api/clock", map[string]string{"advance": "2h"})
		if oc.Offset() != 2*time.Hour {
			t.Errorf("offset = %v", oc.Offset())
		}
	})
}

func TestOriginCheck(t *testing.T) {
	h := newHarness(t, Config{})
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		origin string
		status int
	}{
		{"ok, no Origin (curl)", "PUT", "/__mock/api/active", map[string]string{"scenario": "default"}, "", 200},
		{"ok, same origin", "PUT", "/__mock/api/active", map[string]string{"scenario": "default"}, "http://example.com", 200},
		{"ok, same origin, host in capitals", "POST", "/__mock/api/clock", map[string]string{"offset": "0s"}, "http://EXAMPLE.com", 200},
		{"ok, reads from anywhere", "GET", "/__mock/api/clock", nil, "http://evil.example", 200},
		{"nok, another site", "PUT", "/__mock/api/active", map[string]string{"scenario": "mfa-required"}, "http://evil.example", 403},
		{"nok, another port", "POST", "/__mock/api/token", map[string]string{}, "http://example.com:3000", 403},
		{"nok, opaque origin", "DELETE", "/__mock/api/clock", nil, "null", 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.origin != "" {
				hdr = []string{"Origin", tt.origin}
			}
			r := h.doRaw(tt.method, tt.path, tt.body, hdr...)
			if tt.status == 200 {
				if r.status != 200 {
					t.Errorf("%d %s", r.status, r.body)
				}
				return
			}
			want := `Origin: "` + tt.origin + `" is not this server (example.com); changes are taken from the console's own page, or from tools that send no Origin`
			if d := problemDetail(t, r, 403); d != want {
				t.Errorf("detail = %q", d)
			}
		})
	}
	if got := h.doRaw("GET", "/__mock/api/scenarios", nil).json(t)["active"]; got != "default" {
		t.Errorf("a refused request changed the server-wide scenario to %v", got)
	}
	t.Run("ok, every change under /__mock/api/ is guarded", func(t *testing.T) {
		var guarded []string
		for _, rt := range h.e.Routes() {
			if !strings.HasPrefix(rt.Path, "/__mock/api/") || rt.Method == "GET" || rt.Method == "HEAD" || rt.Method == "OPTIONS" {
				continue
			}
			r := h.doRaw(rt.Method, rt.Path, map[string]string{}, "Origin", "http://evil.example")
			if r.status != 403 {
				t.Errorf("%s %s from another site: %d %s", rt.Method, rt.Path, r.status, r.body)
			}
			guarded = append(guarded, rt.Method+" "+rt.Path)
		}
		slices.Sort(guarded)
		want := []string{"DELETE /__mock/api/active", "DELETE /__mock/api/clock", "POST /__mock/api/clock", "POST /__mock/api/token", "PUT /__mock/api/active"}
		if !slices.Equal(guarded, want) {
			t.Errorf("changes under /__mock/api/: %v, want %v", guarded, want)
		}
	})
}
