package contracttest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"authmock/server"
	"authmock/validator"
)

// target is where the tests send their requests, and what they may assume of it.
type target struct {
	pria, authiqa string // base URLs
	mock          bool   // the in-process mock: scenarios and minted tokens are available
	email         string
	password      string
	token         string // a valid token for the deployment, when not the mock
	client        *http.Client
	v             *validator.Validator
}

var (
	setupOnce sync.Once
	shared    *target
	setupErr  error
)

// TestMain starts the in-process mock unless CONTRACT_BASE_URL points elsewhere.
func TestMain(m *testing.M) {
	code := m.Run()
	if closeMock != nil {
		closeMock()
	}
	os.Exit(code)
}

var closeMock func()

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func getTarget(t *testing.T) *target {
	t.Helper()
	setupOnce.Do(func() {
		v, err := server.NewValidator()
		if err != nil {
			setupErr = err
			return
		}
		tg := &target{client: &http.Client{Timeout: 30 * time.Second}, v: v}
		if base := os.Getenv("CONTRACT_BASE_URL"); base != "" {
			tg.pria = strings.TrimRight(base, "/")
			tg.authiqa = strings.TrimRight(env("CONTRACT_AUTHIQA_URL", base), "/")
			tg.email = os.Getenv("CONTRACT_EMAIL")
			tg.password = os.Getenv("CONTRACT_PASSWORD")
			tg.token = os.Getenv("CONTRACT_TOKEN")
		} else {
			e, err := server.New(server.Config{Strict: true})
			if err != nil {
				setupErr = err
				return
			}
			srv := httptest.NewServer(e)
			closeMock = srv.Close
			tg.pria, tg.authiqa, tg.mock = srv.URL, srv.URL, true
			tg.email, tg.password = "contract@example.com", "contract-password"
		}
		shared = tg
	})
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	return shared
}

// needMock skips a test that needs scenario control or minted tokens on a real deployment.
func (tg *target) needMock(t *testing.T, why string) {
	t.Helper()
	if !tg.mock {
		t.Skipf("needs the mock's scenarios or tokens (%s); CONTRACT_BASE_URL points at a deployment", why)
	}
}

// needCredentials skips a test that signs in when the deployment's credentials are not given.
func (tg *target) needCredentials(t *testing.T) {
	t.Helper()
	if tg.email == "" || tg.password == "" {
		t.Skip("set CONTRACT_EMAIL and CONTRACT_PASSWORD to sign in on the deployment")
	}
}

// exchange is one request and its answer.
type exchange struct {
	status int
	header http.Header
	body   map[string]any
	raw    []byte
}

// send makes a request and checks both halves against the specs; a request that is wrong on
// purpose (missing token) passes requestOK=false so only its response is held to the contract.
func (tg *target) send(t *testing.T, requestOK bool, method, url string, body any, header ...string) exchange {
	t.Helper()
	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, url, bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := tg.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	result := tg.v.Validate(context.Background(), validator.Exchange{
		Request:  validator.RequestOf(req, raw),
		Response: validator.ResponseOf(res, got),
	})
	if !result.Known {
		t.Errorf("%s %s: no operation of either spec", method, url)
	}
	for _, v := range result.Violations {
		if v.Side == validator.SideRequest && !requestOK {
			continue
		}
		t.Errorf("%s %s -> %d: %s violation: %s", method, req.URL.Path, res.StatusCode, v.Side, v)
	}
	ex := exchange{status: res.StatusCode, header: res.Header, raw: got}
	_ = json.Unmarshal(got, &ex.body)
	return ex
}

// signin signs in and returns a token: with the deployment's credentials, or any on the mock.
func (tg *target) signin(t *testing.T, query string) string {
	t.Helper()
	tg.needCredentials(t)
	ex := tg.send(t, true, "POST", tg.pria+"/api/auth/signin"+query, map[string]string{"email": tg.email, "password": tg.password})
	if ex.status != 200 {
		t.Fatalf("signin: %d %s", ex.status, ex.raw)
	}
	tok, _ := ex.body["token"].(string)
	if tok == "" {
		t.Skipf("signin answered without a token (an MFA challenge?): %s", ex.raw)
	}
	return tok
}

// mint returns a token minted as the mock would, for the mock only.
func (tg *target) mint(t *testing.T, r server.TokenRequest) string {
	t.Helper()
	tg.needMock(t, "a minted token")
	tok, err := server.MintToken(server.Config{}, r)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}
