// Package proxy forwards HTTP traffic to a real Pria or Authiqa server and validates every exchange
// against the specs on the way: the client gets the real response, with a header that counts its
// contract violations, and the run keeps a bounded report of what it saw.
package proxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"authmock/validator"
	"authmock/validator/report"
)

// HeaderViolations is the response header that counts the contract violations of an exchange.
const HeaderViolations = "X-Contract-Violations"

// Config configures a Proxy. Target and Validator are required.
type Config struct {
	// Target is the base URL of the server to forward to, e.g. "https://pria.praxislxp.com".
	Target string
	// Validator validates every exchange.
	Validator *validator.Validator
	// Strict replaces a response that violates the contract by a 502 problem that lists the
	// violations. Default false: the real response goes through, violations counted in a header.
	Strict bool
	// Timeout bounds each forwarded exchange, from the request to the last byte of the response.
	// Default 30s.
	Timeout time.Duration
	// MaxBody caps the bytes of a body read for validation; a longer body is forwarded whole but
	// not validated. Default 10 MiB.
	MaxBody int64
	// Keep is how many exchanges the report details: the last ones. All are counted. Default 10,000.
	Keep int
	// Logger gets one line per violation and per upstream failure. Default slog.Default().
	Logger *slog.Logger
	// Transport forwards the requests. Default: a clone of http.DefaultTransport that keeps up to
	// MaxIdleConns connections to the target open between requests.
	Transport http.RoundTripper
	// Now is the clock of the report. Default time.Now.
	Now func() time.Time
}

// Proxy is an http.Handler that forwards to Config.Target and validates the traffic. It is safe for
// concurrent use.
type Proxy struct {
	cfg    Config
	target *url.URL
	rec    *recorder
	next   atomic.Int64
}

// New checks cfg and returns its Proxy.
func New(cfg Config) (*Proxy, error) {
	if cfg.Validator == nil {
		return nil, errors.New("proxy: no validator")
	}
	target, err := url.Parse(cfg.Target)
	if err != nil {
		return nil, fmt.Errorf("proxy: parsing the target: %w", err)
	}
	if target.Scheme != "http" && target.Scheme != "https" || target.Host == "" {
		return nil, fmt.Errorf("proxy: target %q is not an absolute http(s) URL", cfg.Target)
	}
	if target.RawQuery != "" || target.Fragment != "" {
		return nil, fmt.Errorf("proxy: target %q has a query or a fragment", cfg.Target)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 10 << 20
	}
	if cfg.Keep <= 0 {
		cfg.Keep = 10_000
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Transport == nil {
		cfg.Transport = newTransport()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Proxy{cfg: cfg, target: target, rec: newRecorder("proxy "+target.String(), cfg.Keep)}, nil
}

// MaxIdleConns is how many idle connections to the target the default transport keeps.
// http.DefaultTransport keeps 2 per host: a proxy with more concurrent clients than that opens and
// closes a connection to its one target for most requests.
const MaxIdleConns = 256

// newTransport returns the default transport: http.DefaultTransport's settings, with MaxIdleConns
// idle connections kept to the target.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = MaxIdleConns
	t.MaxIdleConnsPerHost = MaxIdleConns
	return t
}

// ServeHTTP forwards r to the target, validates the exchange and answers with the real response
// (or, in strict mode, a problem when the response violates the contract). When the target cannot
// be reached it answers 502, or 504 on a timeout.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	index := int(p.next.Add(1) - 1)
	started := p.cfg.Now()
	ctx, cancel := context.WithTimeout(r.Context(), p.cfg.Timeout)
	defer cancel()

	reqBody, reqComplete, err := readCapped(r.Body, p.cfg.MaxBody)
	if err != nil {
		p.fail(w, r, index, http.StatusBadRequest, fmt.Errorf("reading the request body: %w", err))
		return
	}
	out := p.outbound(ctx, r, reqBody, reqComplete)
	res, err := p.cfg.Transport.RoundTrip(out)
	if err != nil {
		p.fail(w, r, index, gatewayStatus(ctx, err), err)
		return
	}
	defer res.Body.Close()
	resBody, resComplete, err := readCapped(res.Body, p.cfg.MaxBody)
	if err != nil {
		p.fail(w, r, index, gatewayStatus(ctx, err), fmt.Errorf("reading the response body: %w", err))
		return
	}

	ex := validator.Exchange{
		Request: validator.Request{Method: r.Method, URL: r.URL, Header: r.Header, Body: reqBody},
		Response: validator.Response{
			Status: res.StatusCode, Header: res.Header, Body: resBody,
			BodyOmitted: !resComplete,
		},
	}
	if !reqComplete {
		// Only a complete body can be validated.
		ex.Request.Body, ex.Request.BodyOmitted = nil, true
	}
	if resComplete {
		// The client gets the bytes as they came; the validator, the body they encode.
		if decoded, ok := decodeContent(res.Header, resBody, p.cfg.MaxBody); ok {
			ex.Response.Body = decoded
		} else {
			ex.Response.BodyOmitted = true
		}
	}
	result := p.cfg.Validator.Validate(ctx, ex)
	c := report.NewCase(index, ex, result)
	c.Host = p.target.Host
	p.log(c)
	p.rec.add(c, ex, started, p.cfg.Now().Sub(started))

	if p.cfg.Strict && result.Count(validator.SideResponse) > 0 {
		writeProblem(w, violationProblem(c, result), len(result.Violations))
		return
	}
	copyHeader(w.Header(), res.Header)
	w.Header().Set(HeaderViolations, strconv.Itoa(len(result.Violations)))
	w.WriteHeader(res.StatusCode)
	if _, err := w.Write(resBody); err != nil {
		return
	}
	if !resComplete {
		_, _ = io.Copy(w, res.Body)
	}
}

// log writes one line per violation.
func (p *Proxy) log(c report.Case) {
	for _, v := range c.Violations {
		p.cfg.Logger.Warn("contract violation: "+c.Line(v), "api", c.API, "operation", c.Operation)
	}
}

// fail answers with a problem a request that could not be forwarded (an unreadable request body, a
// target that did not answer in time or at all), and records it as skipped.
func (p *Proxy) fail(w http.ResponseWriter, r *http.Request, index, status int, err error) {
	u := p.targetURL(r.URL)
	u.RawQuery = "" // it may carry a token
	detail := fmt.Sprintf("%s %s: %v", r.Method, u, err)
	p.cfg.Logger.Error("exchange failed: "+detail, "target", p.target.String(), "status", status)
	c := report.SkippedCase(index, r.Method, r.URL, status, http.StatusText(status)+": "+err.Error())
	c.Host = p.target.Host
	p.rec.add(c, validator.Exchange{}, p.cfg.Now(), 0)
	writeProblem(w, problem{
		Type:   "about:blank",
		Title:  http.StatusText(status),
		Status: status,
		Detail: detail,
		Target: p.target.String(),
	}, 0)
}
