package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"authmock/gen/authiqa"
	"authmock/gen/pria"
	"authmock/server"
	"authmock/users"
)

// The hot paths end to end through the echo chain, as `make bench` runs them: the default mock and
// the --strict one, which validates every response before sending it.

const signinBody = `{"email":"john.doe@mydomain.com","password":"iLovePria123"}`

func newBenchServer(b *testing.B, cfg server.Config) *echo.Echo {
	b.Helper()
	e, err := server.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return e
}

func mintBenchToken(b *testing.B, r server.TokenRequest) string {
	b.Helper()
	tok, err := server.MintToken(server.Config{}, r)
	if err != nil {
		b.Fatal(err)
	}
	return tok
}

// newRequest builds a request as the server receives one. httptest.NewRequest would parse it from
// text through a fresh 4 KiB bufio.Reader, a cost of the harness that net/http does not have.
func newRequest(method, target, body string) *http.Request {
	var r *http.Request
	var err error
	if body == "" {
		r, err = http.NewRequest(method, target, http.NoBody)
	} else {
		r, err = http.NewRequest(method, target, strings.NewReader(body))
	}
	if err != nil {
		panic(err)
	}
	r.RemoteAddr = "127.0.0.1:50000"
	return r
}

// benchChain sends the request newReq builds through e once per iteration and fails on any status
// but 200.
func benchChain(b *testing.B, e *echo.Echo, newReq func() *http.Request) {
	b.Helper()
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, newReq())
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}

func BenchmarkChain(b *testing.B) {
	authiqaToken := mintBenchToken(b, server.TokenRequest{API: "authiqa"})
	priaToken := mintBenchToken(b, server.TokenRequest{})
	requests := []struct {
		name   string
		newReq func() *http.Request
	}{
		{"signin", func() *http.Request {
			r := newRequest(http.MethodPost, "/api/auth/signin", signinBody)
			r.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
			return r
		}},
		{"user-profile", func() *http.Request {
			r := newRequest(http.MethodGet, "/auth/user-profile", "")
			r.Header.Set(echo.HeaderAuthorization, "Bearer "+authiqaToken)
			return r
		}},
		{"refresh", func() *http.Request {
			r := newRequest(http.MethodPost, "/api/user/refresh/profile", "")
			r.Header.Set("X-Access-Token", priaToken)
			return r
		}},
	}
	for _, mode := range []struct {
		name string
		cfg  server.Config
	}{
		{"default", server.Config{}},
		{"strict", server.Config{Strict: true}},
	} {
		e := newBenchServer(b, mode.cfg)
		for _, rq := range requests {
			b.Run(mode.name+"/"+rq.name, func(b *testing.B) { benchChain(b, e, rq.newReq) })
		}
	}
}

// BenchmarkChainParallel is the default mock under concurrent callers, as the peer benchmark loads
// it: contention on shared state shows here and not in BenchmarkChain.
func BenchmarkChainParallel(b *testing.B) {
	e := newBenchServer(b, server.Config{})
	authiqaToken := mintBenchToken(b, server.TokenRequest{API: "authiqa"})
	b.Run("signin", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				r := newRequest(http.MethodPost, "/api/auth/signin", signinBody)
				r.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
				rec := httptest.NewRecorder()
				e.ServeHTTP(rec, r)
				if rec.Code != http.StatusOK {
					b.Errorf("status %d: %s", rec.Code, rec.Body)
					return
				}
			}
		})
	})
	b.Run("user-profile", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				r := newRequest(http.MethodGet, "/auth/user-profile", "")
				r.Header.Set(echo.HeaderAuthorization, "Bearer "+authiqaToken)
				rec := httptest.NewRecorder()
				e.ServeHTTP(rec, r)
				if rec.Code != http.StatusOK {
					b.Errorf("status %d: %s", rec.Code, rec.Body)
					return
				}
			}
		})
	})
}

// The answers of the hot paths are written from users encoded once (users.PriaJSON, AuthiqaJSON)
// rather than through the generated response types: they must be the generated types' bytes, byte
// for byte, with the same Content-Type.
func TestHotAnswersAreTheGeneratedEncoding(t *testing.T) {
	const seed = 3
	e := newServer(t, server.Config{Seed: seed})
	g := users.New(seed)
	emails := []string{"john.doe@mydomain.com", "Jane.Roe@Example.COM", "o&x+tag@weird.io"}

	for _, email := range emails {
		for _, typ := range []pria.AccountType{pria.User, pria.Admin, pria.Super} {
			target := "/api/auth/signin"
			if typ != pria.User {
				target += "?__scenario=" + string(typ) + "-account"
			}
			body, _ := json.Marshal(map[string]string{"email": email, "password": "x"})
			req := newRequest(http.MethodPost, target, string(body))
			req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
			got := serve(t, e, req)
			var resp pria.SigninResponse
			if err := resp.FromAuthResult(pria.AuthResult{Profile: g.PriaProfile(email, typ), Token: tokenOf(t, got)}); err != nil {
				t.Fatal(err)
			}
			sameAnswer(t, "signin "+email+" "+string(typ), got, func(w http.ResponseWriter) error {
				return pria.Signin200JSONResponse(resp).VisitSigninResponse(w)
			})

			tok, err := server.MintToken(server.Config{Seed: seed}, server.TokenRequest{Email: email, AccountType: string(typ)})
			if err != nil {
				t.Fatal(err)
			}
			req = newRequest(http.MethodPost, "/api/user/refresh/profile", "")
			req.Header.Set("X-Access-Token", tok)
			got = serve(t, e, req)
			want := pria.RefreshProfile200JSONResponse{Success: true, Token: tokenOf(t, got), Profile: g.PriaRefreshedProfile(email, typ)}
			sameAnswer(t, "refresh "+email+" "+string(typ), got, want.VisitRefreshProfileResponse)
		}
		for _, typ := range []string{"parent", "child"} {
			tok, err := server.MintToken(server.Config{Seed: seed}, server.TokenRequest{API: "authiqa", Email: email, AccountType: typ})
			if err != nil {
				t.Fatal(err)
			}
			req := newRequest(http.MethodGet, "/auth/user-profile", "")
			req.Header.Set(echo.HeaderAuthorization, "Bearer "+tok)
			var want authiqa.UserProfileResponse
			want.Success = true
			want.Data.Message = "User profile retrieved successfully"
			want.Data.User = g.AuthiqaUser(email, typ == "child")
			sameAnswer(t, "user-profile "+email+" "+typ, serve(t, e, req), authiqa.GetUserProfile200JSONResponse(want).VisitGetUserProfileResponse)
		}
	}
}

func newServer(t *testing.T, cfg server.Config) *echo.Echo {
	t.Helper()
	e, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func serve(t *testing.T, e *echo.Echo, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s %s: status %d: %s", req.Method, req.URL, rec.Code, rec.Body)
	}
	return rec
}

func tokenOf(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var v struct{ Token string }
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil || v.Token == "" {
		t.Fatalf("no token in %s (%v)", rec.Body, err)
	}
	return v.Token
}

// sameAnswer checks that got is what the generated visit writes.
func sameAnswer(t *testing.T, name string, got *httptest.ResponseRecorder, visit func(http.ResponseWriter) error) {
	t.Helper()
	want := httptest.NewRecorder()
	if err := visit(want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
		t.Errorf("%s: the answer is not the generated encoding:\n got %s\nwant %s", name, got.Body, want.Body)
	}
	if g, w := got.Header().Get(echo.HeaderContentType), want.Header().Get(echo.HeaderContentType); g != w {
		t.Errorf("%s: Content-Type %q, want %q", name, g, w)
	}
	// The hot answers declare their length, so that they are not sent in chunks.
	if g, w := got.Header().Get(echo.HeaderContentLength), strconv.Itoa(got.Body.Len()); g != w {
		t.Errorf("%s: Content-Length %q, want %s", name, g, w)
	}
}
