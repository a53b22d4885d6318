package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"authmock/proxy"
	"authmock/server"
)

// soakReport is what a soak run measured.
type soakReport struct {
	Duration          string               `json:"duration"`
	Workers           int                  `json:"workers"`
	Requests          int64                `json:"requests"`
	Workflows         int64                `json:"workflows"`
	ByStep            map[string]int       `json:"byStep"`
	Unexpected        int64                `json:"unexpected"`
	UnexpectedSamples []string             `json:"unexpectedSamples,omitempty"`
	RSSStartKiB       int64                `json:"rssStartKiB"`
	RSSMiddleKiB      int64                `json:"rssMiddleKiB"`
	RSSEndKiB         int64                `json:"rssEndKiB"`
	Stores            map[string]soakStore `json:"stores"`
	GoroutinesBefore  int                  `json:"goroutinesBefore"`
	GoroutinesAfter   int                  `json:"goroutinesAfter"`
}

func runSoak(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	duration := fs.Duration("duration", 30*time.Second, "how long to drive traffic (at most 1h)")
	workers := fs.Int("workers", 8, "concurrent clients (1 to 256)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *duration <= 0 || *duration > time.Hour || *workers < 1 || *workers > 256 {
		fmt.Fprintln(stderr, "authmock soak: --duration must be in (0, 1h] and --workers in [1, 256]")
		return 2
	}
	rep, err := soak(ctx, *duration, *workers)
	if err != nil {
		fmt.Fprintln(stderr, "authmock soak:", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rep)
	} else {
		printSoak(stdout, rep)
	}
	if rep.Unexpected > 0 {
		return 1
	}
	return 0
}

func printSoak(w io.Writer, r *soakReport) {
	fmt.Fprintf(w, "duration        %s, %d workers\n", r.Duration, r.Workers)
	fmt.Fprintf(w, "requests        %d HTTP requests in %d workflows\n", r.Requests, r.Workflows)
	for _, step := range soakSteps {
		fmt.Fprintf(w, "  %-24s %d\n", step.name, r.ByStep[step.name])
	}
	fmt.Fprintf(w, "unexpected      %d\n", r.Unexpected)
	for _, s := range r.UnexpectedSamples {
		fmt.Fprintf(w, "  %s\n", s)
	}
	for _, name := range []string{"mfaChallenges", "requestLog", "rateLimitBuckets"} {
		st := r.Stores[name]
		fmt.Fprintf(w, "store %-17s %d of at most %d\n", name, st.Len, st.Max)
	}
	fmt.Fprintf(w, "resident memory start %d KiB, middle %d KiB, end %d KiB\n", r.RSSStartKiB, r.RSSMiddleKiB, r.RSSEndKiB)
	fmt.Fprintf(w, "goroutines      before %d, after %d\n", r.GoroutinesBefore, r.GoroutinesAfter)
}

// soakStore is a bounded store of the mock at the end of the run.
type soakStore struct {
	Len int `json:"len"`
	Max int `json:"max"`
}

// soakMaxChallenges is small, so that a short run fills the MFA challenge store and evicts.
const soakMaxChallenges = 1000

// soakStep is one kind of traffic and the statuses it must get.
type soakStep struct {
	name string
	run  func(c *soakClient, i int) error
}

var soakSteps = []soakStep{
	{"signin", func(c *soakClient, i int) error {
		_, err := c.signin(i, "")
		return err
	}},
	{"mfa signin + verify", func(c *soakClient, i int) error {
		var ch struct {
			ChallengeID string `json:"challengeId"`
		}
		if err := c.call("POST", "/api/auth/signin?__scenario=mfa-required", c.emailBody(i), 200, &ch); err != nil {
			return err
		}
		return c.call("POST", "/api/auth/mfa/verify", fmt.Sprintf(`{"challengeId":%q,"code":"123456"}`, ch.ChallengeID), 200, nil)
	}},
	{"abandoned mfa challenge", func(c *soakClient, i int) error {
		return c.call("POST", "/api/auth/signin?__scenario=mfa-required", c.emailBody(i), 200, nil)
	}},
	{"refresh", func(c *soakClient, i int) error {
		tok, err := c.signin(i, "")
		if err != nil {
			return err
		}
		return c.call("POST", "/api/user/refresh/profile", "", 200, nil, "x-access-token", tok)
	}},
	{"user profile", func(c *soakClient, i int) error {
		tok, err := c.signin(i, "")
		if err != nil {
			return err
		}
		return c.call("GET", "/auth/user-profile", "", 200, nil, "Authorization", "Bearer "+tok)
	}},
	{"error scenario", func(c *soakClient, i int) error {
		return c.call("POST", "/api/auth/signin?__scenario=invalid-credentials", c.emailBody(i), 401, nil)
	}},
	{"bad input", func(c *soakClient, i int) error {
		return c.call("POST", "/api/auth/signin", `{"email":`, 400, nil)
	}},
	{"through the proxy", func(c *soakClient, i int) error {
		// The validating proxy in front of the mock: the answer passes, with no violation.
		res, err := c.raw("POST", c.proxy+"/api/auth/signin", c.emailBody(i), "X-Forwarded-For", c.ip)
		if err != nil {
			return err
		}
		if res.StatusCode != 200 || res.Header.Get(proxy.HeaderViolations) != "0" {
			return fmt.Errorf("proxy signin: status %d, %s %q", res.StatusCode, proxy.HeaderViolations, res.Header.Get(proxy.HeaderViolations))
		}
		return nil
	}},
	{"scenario switch", func(c *soakClient, i int) error {
		// Server-wide switches to a scenario that changes no status, so the other workers' answers
		// stay predictable.
		if err := c.call("PUT", "/__mock/api/active", `{"scenario":"google-workspace"}`, 200, nil); err != nil {
			return err
		}
		if err := c.call("GET", "/__mock/use?scenario=parent-account", "", 200, nil); err != nil {
			return err
		}
		return c.call("DELETE", "/__mock/api/active", "", 200, nil)
	}},
}

type soakClient struct {
	base     string
	proxy    string
	client   *http.Client
	buf      bytes.Buffer
	requests *atomic.Int64
	ip       string // the current workflow's client address
}

// ip is the client address of workflow i: many clients, so the rate limiter keeps many buckets
// and each stays under the documented 10 signins a minute.
func ip(i int) string { return fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255) }

func (c *soakClient) emailBody(i int) string {
	// Many distinct users, so per-user state (challenges, caches) is exercised and must stay bounded.
	return fmt.Sprintf(`{"email":"soak%d@example.com","password":"x"}`, i%5000)
}

func (c *soakClient) signin(i int, query string) (string, error) {
	var res struct {
		Token string `json:"token"`
	}
	if err := c.call("POST", "/api/auth/signin"+query, c.emailBody(i), 200, &res); err != nil {
		return "", err
	}
	return res.Token, nil
}

// raw sends a request to url and reads the whole answer into c.buf.
func (c *soakClient) raw(method, url, body string, header ...string) (*http.Response, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return nil, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	c.requests.Add(1)
	res, err := c.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer res.Body.Close()
	c.buf.Reset()
	if _, err := c.buf.ReadFrom(res.Body); err != nil {
		return nil, fmt.Errorf("%s %s: reading: %w", method, url, err)
	}
	return res, nil
}

func (c *soakClient) call(method, path, body string, want int, out any, header ...string) error {
	res, err := c.raw(method, c.base+path, body, append(header, "X-Forwarded-For", c.ip)...)
	if err != nil {
		return err
	}
	if res.StatusCode != want {
		return fmt.Errorf("%s %s: status %d, want %d: %.200s", method, path, res.StatusCode, want, c.buf.String())
	}
	if out != nil {
		return json.Unmarshal(c.buf.Bytes(), out)
	}
	return nil
}

// soak serves the mock on loopback and drives the mixed workload for d with n workers.
func soak(ctx context.Context, d time.Duration, n int) (*soakReport, error) {
	rep := &soakReport{Duration: d.String(), Workers: n, ByStep: map[string]int{}}
	rep.GoroutinesBefore = runtime.NumGoroutine()
	rep.RSSStartKiB = residentKiB()

	e, err := server.New(server.Config{RateLimit: true, MaxChallenges: soakMaxChallenges})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	base := "http://" + ln.Addr().String()

	v, err := server.NewValidator()
	if err != nil {
		return nil, err
	}
	p, err := proxy.New(proxy.Config{Target: base, Validator: v, Keep: 1000, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	pln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	psrv := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = psrv.Serve(pln) }()
	proxyBase := "http://" + pln.Addr().String()

	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	transport := &http.Transport{MaxIdleConnsPerHost: n}
	var (
		requests, workflows atomic.Int64
		unexpected          atomic.Int64
		mu                  sync.Mutex
		wg                  sync.WaitGroup
	)
	counts := make([]atomic.Int64, len(soakSteps))
	middle := time.AfterFunc(d/2, func() { atomic.StoreInt64(&rep.RSSMiddleKiB, residentKiB()) })
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			c := &soakClient{base: base, client: &http.Client{Transport: transport, Timeout: 10 * time.Second}, proxy: proxyBase, requests: &requests}
			for i := w; ctx.Err() == nil; i += n {
				k := i % len(soakSteps)
				c.ip = ip(i)
				err := soakSteps[k].run(c, i)
				workflows.Add(1)
				counts[k].Add(1)
				if err != nil && ctx.Err() == nil {
					unexpected.Add(1)
					mu.Lock()
					if len(rep.UnexpectedSamples) < 10 {
						rep.UnexpectedSamples = append(rep.UnexpectedSamples, err.Error())
					}
					mu.Unlock()
				}
			}
		}(w)
	}
	wg.Wait()
	middle.Stop()
	stats := &soakClient{base: base, client: &http.Client{Transport: transport, Timeout: 10 * time.Second}, requests: &requests}
	if err := stats.call("GET", "/__mock/api/stats", "", 200, &rep.Stores); err != nil {
		return nil, err
	}
	for name, st := range rep.Stores {
		if st.Len > st.Max {
			unexpected.Add(1)
			rep.UnexpectedSamples = append(rep.UnexpectedSamples, fmt.Sprintf("store %s holds %d, over its bound %d", name, st.Len, st.Max))
		}
	}
	shutdown, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	if err := psrv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return nil, err
	}
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return nil, err
	}
	transport.CloseIdleConnections()
	rep.Requests, rep.Workflows, rep.Unexpected = requests.Load(), workflows.Load(), unexpected.Load()
	for k, s := range soakSteps {
		rep.ByStep[s.name] = int(counts[k].Load())
	}
	runtime.GC()
	rep.RSSEndKiB = residentKiB()
	// Let finished goroutines exit before counting.
	for i := 0; i < 50 && runtime.NumGoroutine() > rep.GoroutinesBefore; i++ {
		time.Sleep(20 * time.Millisecond)
	}
	rep.GoroutinesAfter = runtime.NumGoroutine()
	return rep, nil
}

// residentKiB reads this process's resident memory from /proc (0 where there is none).
func residentKiB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}
