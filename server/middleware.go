package server

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"authmock/scenarios"
	"authmock/session"
)

// Names of the mock's controls on API requests.
const (
	paramScenario  = "__scenario"
	headerScenario = "X-Mock-Scenario"
	cookieScenario = "authmock_scenario"
)

// operationMiddleware runs in front of one operation's handler: faults, Prism-style examples, the
// rate limit, then the scenario engine. It leaves the applied scenario and the request's token
// candidates in the request context for the handler.
func (s *server) operationMiddleware(op *operation) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			var q url.Values // read only; most requests have no query to parse
			if req.URL.RawQuery != "" {
				q = req.URL.Query()
			}
			if done, err := s.applyFaults(c, op, q); done || err != nil {
				return err
			}
			if done, err := s.serveExample(c, op, q); done || err != nil {
				return err
			}
			if s.limiter != nil && op.id == "signin" {
				if wait, ok := s.limiter.allow(c.RealIP()); !ok {
					c.Response().Header().Set(headerScenario, scenarios.Default)
					return writeAPIError(c, op.api, rateLimited(wait))
				}
			}

			sel := scenarios.Selection{Request: q.Get(paramScenario)}
			if sel.Request == "" {
				sel.Request = req.Header.Get(headerScenario)
			}
			if ck, err := req.Cookie(cookieScenario); err == nil {
				sel.Cookie = ck.Value
			}
			applied, err := s.engine.Resolve(op.id, sel)
			if err != nil {
				var se *scenarios.SelectionError
				if errors.As(err, &se) {
					return writeAPIError(c, op.api, badRequest("%s: %v", paramScenario, err))
				}
				return err
			}
			c.Response().Header().Set(headerScenario, applied.Name)
			o := applied.Outcome
			switch {
			case o.IsError():
				return writeAPIError(c, op.api, &apiError{Status: o.Status, Code: o.Code, Message: o.Message, Header: o.Headers})
			case o.Token != "":
				return writeAPIError(c, op.api, tokenError(op.api, scenarioTokenErrors[o.Token]))
			}

			ctx := scenarios.NewContext(req.Context(), applied)
			if op.secured {
				ctx = newContextWithCredentials(ctx, session.Credentials{
					AccessToken:   req.Header.Get("X-Access-Token"),
					Authorization: req.Header.Get(echo.HeaderAuthorization),
					Query:         q.Get("token"),
				})
			}
			c.SetRequest(req.WithContext(ctx))
			return next(c)
		}
	}
}

var scenarioTokenErrors = map[string]error{
	scenarios.TokenExpired: session.ErrTokenExpired,
	scenarios.TokenInvalid: session.ErrTokenInvalid,
	scenarios.TokenMissing: session.ErrTokenMissing,
}

type credentialsKey struct{}

func newContextWithCredentials(ctx context.Context, c session.Credentials) context.Context {
	return context.WithValue(ctx, credentialsKey{}, c)
}

func credentialsFromContext(ctx context.Context) session.Credentials {
	c, _ := ctx.Value(credentialsKey{}).(session.Credentials)
	return c
}

// requestLog writes one line per request (but the console's polling): method, path, status,
// scenario, latency; and keeps the requests the console lists (API operations and /__mock/use) in
// s.requests.
func (s *server) requestLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		record := s.recordable(c)
		var arrived time.Time
		var found *requestViolations // only strict mode finds violations: no allocation otherwise
		if record {
			arrived = s.clock.Now()
			if s.strict != nil {
				found = &requestViolations{}
				c.Set(requestViolationsKey, found)
			}
		}
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		req, res := c.Request(), c.Response()
		latency := time.Since(start)
		scenario := res.Header().Get(headerScenario)
		if record {
			e := requestEntry{Time: arrived, Method: req.Method, Path: req.URL.Path, Query: redactToken(req.URL), Status: res.Status, Scenario: scenario, Latency: latency}
			if found != nil {
				e.Violations = found.list
			}
			s.requests.add(e)
		}
		if s.quiet || isConsolePoll(c) {
			return nil // nothing to write, or the console's once-a-second reads would drown the log
		}
		if scenario == "" {
			scenario = "-"
		}
		s.log.Printf("%s %s %d scenario=%s %s", req.Method, req.URL.Path, res.Status, scenario, latency.Round(time.Microsecond))
		return nil
	}
}
