package server

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromiumPath finds the Chromium the browser test drives; "" when there is none. The test never
// downloads a browser.
func chromiumPath() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// fetched is what the page's fetch calls report back.
type fetched struct {
	Status   int            `json:"status"`
	Scenario string         `json:"scenario"`
	Body     map[string]any `json:"body"`
}

// fetchJS is a fetch from the page, reporting the status, the scenario applied and the JSON body.
func fetchJS(path string, init map[string]any) string {
	b, _ := json.Marshal(init)
	p, _ := json.Marshal(path)
	return `fetch(` + string(p) + `, ` + string(b) + `).then(async r => ({status: r.status, scenario: r.headers.get('X-Mock-Scenario'), body: await r.json()}))`
}

// TestConsoleInBrowser starts the real mock and drives the console in headless Chromium: switch
// this browser's scenario and back, mint a token and use it, move the clock until it expires.
func TestConsoleInBrowser(t *testing.T) {
	chromium := chromiumPath()
	if chromium == "" {
		t.Skip("chromium not installed: apt-get install -y chromium")
	}
	e, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e) // on 127.0.0.1
	defer srv.Close()

	// Chromium's helpers may still write in its profile for a moment after it exits, so remove it
	// with retries before t.TempDir's own cleanup looks at it.
	profile := filepath.Join(t.TempDir(), "chromium")
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1440, 900),
	)
	defer cancelAlloc()
	b, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithErrorf(t.Logf))
	defer cancelBrowser()

	// Collect the page's uncaught exceptions and console errors: there must be none.
	var mu sync.Mutex
	var pageErrors []string
	exceptions := chromedp.Events(b, runtime.ExceptionThrown)
	consoleCalls := chromedp.Events(b, runtime.ConsoleAPICalled)
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			mu.Lock()
			pageErrors = append(pageErrors, "exception: "+ev.ExceptionDetails.Text)
			mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range consoleCalls {
			if err != nil {
				return
			}
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				mu.Lock()
				pageErrors = append(pageErrors, "console.error")
				mu.Unlock()
			}
		}
	}()

	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	waitFor := func(step, predicate string) {
		t.Helper()
		if _, err := chromedp.Run(b, chromedp.Poll[bool](predicate, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("%s: waiting for %s: %v", step, predicate, err)
		}
	}
	fetch := func(step, js string) fetched {
		t.Helper()
		r, err := chromedp.Run(b, chromedp.Evaluate[fetched](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return r
	}
	signin := fetchJS("/api/auth/signin", map[string]any{
		"method":  "POST",
		"headers": map[string]string{"content-type": "application/json"},
		"body":    `{"email":"qa@example.com","password":"x"}`,
	})

	do("open the console", chromedp.Navigate(srv.URL+"/__mock/"), chromedp.WaitVisible(chromedp.ID("state-browser")))
	waitFor("the stylesheet and the script load", `document.styleSheets.length === 1 && document.styleSheets[0].cssRules.length > 50 && document.getElementById('requests-empty').hidden === false`)

	// (1) This browser's scenario applies to the browser's own requests.
	do("use mfa-required in this browser", chromedp.Click(chromedp.CSS(`button[data-action="use-browser"][data-scenario="mfa-required"]`)))
	waitFor("the page shows it", `document.getElementById('state-browser').textContent === 'mfa-required' && document.querySelector('li.scenario.is-browser').dataset.scenario === 'mfa-required'`)
	if r := fetch("signin", signin); r.Status != 200 || r.Scenario != "mfa-required" || r.Body["mfaRequired"] != true {
		t.Errorf("signin under mfa-required: %+v", r)
	}

	// (2) Reset: back to the default.
	do("reset", chromedp.Click(chromedp.ID("reset")))
	waitFor("the page shows the default", `document.getElementById('state-browser').textContent === 'default'`)
	if r := fetch("signin", signin); r.Status != 200 || r.Scenario != "default" || r.Body["mfaRequired"] != nil || r.Body["token"] == nil {
		t.Errorf("signin after reset: %+v", r)
	}

	// (3) Mint a token in the token helper and use it.
	do("mint a token", chromedp.Click(chromedp.ID("token-mint")))
	waitFor("the token appears", `document.getElementById('token-output').value !== ''`)
	token, err := chromedp.Run(b, chromedp.Value(chromedp.ID("token-output")))
	if err != nil {
		t.Fatal(err)
	}
	if c := claimsOf(t, token); c["email"] != DefaultTokenEmail || c["accountType"] != "user" || c["exp"].(float64)-c["iat"].(float64) != 6*3600 {
		t.Errorf("minted claims = %v", c)
	}
	refresh := fetchJS("/api/user/refresh/profile", map[string]any{"method": "POST", "headers": map[string]string{"x-access-token": token}})
	if r := fetch("refresh", refresh); r.Status != 200 || r.Body["success"] != true {
		t.Errorf("refresh with the minted token: %+v", r)
	}

	// (4) Move the clock twelve hours: the same token has expired.
	advance := chromedp.Click(chromedp.CSS(`button[data-action="clock-advance"][data-advance="6h"]`))
	do("+6h", advance)
	waitFor("the clock shows +6h", `document.getElementById('clock-offset').textContent === '+6h0m0s'`)
	do("+6h again", advance)
	waitFor("the clock shows +12h", `document.getElementById('clock-offset').textContent === '+12h0m0s'`)
	if r := fetch("refresh", refresh); r.Status != 401 || r.Body["message"] != "jwt expired" {
		t.Errorf("refresh twelve hours later: %+v", r)
	}

	// The request log shows the six requests live, newest first: two /__mock/use, two signins,
	// two refreshes.
	waitFor("the request log", `document.querySelectorAll('#requests tr').length === 6 && document.querySelector('#requests tr td:nth-child(4)').textContent === '401'`)
	waitFor("the toast fades", `document.getElementById('flash').hidden`)

	png, err := chromedp.Run(b, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, filepath.Join("..", "out", "e2e", "console.png"), png)
	if os.Getenv("AUTHMOCK_UPDATE_SCREENSHOT") == "1" {
		saveScreenshot(t, filepath.Join("..", "docs", "console.png"), png)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(pageErrors) > 0 {
		t.Errorf("the page reported errors: %v", pageErrors)
	}
}

func saveScreenshot(t *testing.T, path string, png []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}
