package server

import (
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"authmock/gen/authiqa"
	"authmock/gen/pria"
	"authmock/scenarios"
	"authmock/session"
	"authmock/users"
)

// server is the state behind the handlers.
type server struct {
	cfg        Config
	log        *log.Logger
	issuer     *session.Issuer
	challenges *session.Challenges
	users      *users.Generator
	engine     *scenarios.Engine
	routes     map[routeKey]*operation // every API operation
	quiet      bool                    // no request log lines: Config.Log is io.Discard
	limiter    *rateLimiter
	strict     echo.MiddlewareFunc  // nil unless Config.Strict
	clock      *session.OffsetClock // cfg.Clock, which the console moves forward
	requests   *requestRing         // the last requests, for the console
	console    *console
}

// New builds the whole mock from cfg: both APIs on one echo instance behind the scenario engine,
// and the mock's own endpoints under /__mock/. Bad configuration is refused here, with what to fix.
func New(cfg Config) (*echo.Echo, error) {
	cfg = cfg.withDefaults()
	// One offset clock behind the issuer, the challenges and the limiter, so that moving it moves all.
	clock, ok := cfg.Clock.(*session.OffsetClock)
	if !ok {
		clock = &session.OffsetClock{Base: cfg.Clock}
	}
	cfg.Clock = clock
	specs, err := loadSpecs()
	if err != nil {
		return nil, err
	}
	routes := operationsOf(specs)
	cat, err := scenarios.Load(scenarioOperations(routes), cfg.ScenarioDirs...)
	if err != nil {
		return nil, fmt.Errorf("loading scenarios: %w", err)
	}
	issuer, err := session.NewIssuer(cfg.JWTSecret, cfg.Clock)
	if err != nil {
		return nil, fmt.Errorf("configuring tokens: %w", err)
	}
	if cfg.TokenTTL < 0 {
		return nil, fmt.Errorf("token lifetime %v is negative", cfg.TokenTTL)
	}
	if !isSixDigits(cfg.MFACode) {
		return nil, fmt.Errorf("mfa code %q: want 6 digits", cfg.MFACode)
	}
	if err := loadExamples(routes); err != nil {
		return nil, err
	}
	console, err := newConsole(specs)
	if err != nil {
		return nil, err
	}
	s := &server{
		cfg:        cfg,
		log:        log.New(cfg.Log, "", log.LstdFlags|log.LUTC),
		issuer:     issuer,
		challenges: session.NewChallenges(cfg.Clock, cfg.MFACode, cfg.MaxChallenges),
		users:      users.New(cfg.Seed),
		engine:     scenarios.NewEngine(cat),
		routes:     routes,
		quiet:      cfg.Log == io.Discard,
		clock:      clock,
		requests:   newRequestRing(requestLogCapacity),
		console:    console,
	}
	if cfg.Strict {
		v, err := newValidator(specs)
		if err != nil {
			return nil, err
		}
		s.strict = s.strictMiddleware(v)
	}
	if cfg.RateLimit {
		s.limiter = newRateLimiter(cfg.Clock, signinLimit, signinWindow, maxLimiterKeys)
	}

	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = s.errorHandler
	// The client's address is the peer's, or X-Forwarded-For's when the peer is this machine (a
	// local reverse proxy, or a local load test): no remote client can pick its rate-limit bucket.
	e.IPExtractor = echo.ExtractIPFromXFFHeader(echo.TrustLinkLocal(false), echo.TrustPrivateNet(false))
	e.Use(s.requestLog)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true}))
	e.Use(middleware.CORSWithConfig(corsConfig))
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{
		Limit: "1M",
		// An operation that takes no body (Authiqa's GET) never reads it, so its size does not
		// matter, and its spec declares no 413 to answer with.
		Skipper: func(c echo.Context) bool {
			op := s.routes[routeKey{c.Request().Method, c.Path()}]
			return op != nil && !op.takesBody
		},
	}))

	r := &routeRegistrar{e: e, s: s}
	pria.RegisterHandlers(r, pria.NewStrictHandler(priaAPI{s}, nil))
	authiqa.RegisterHandlers(r, authiqa.NewStrictHandler(authiqaAPI{s}, nil))
	s.registerControl(e)
	return e, nil
}

// corsConfig lets any origin call the mock, with credentials (for the scenario cookie), and
// preflight any request header, x-access-token and Authorization included.
var corsConfig = middleware.CORSConfig{
	// The mock's own endpoints are for its console, on the same origin: no other site may read
	// them (the request log, minted tokens) with the browser's credentials.
	Skipper:          func(c echo.Context) bool { return strings.HasPrefix(c.Request().URL.Path, controlPrefix+"/") },
	AllowOrigins:     []string{"*"},
	AllowCredentials: true,
	// Reflecting the caller's origin with credentials is what a local mock should do; a real
	// service must not.
	UnsafeWildcardOriginWithAllowCredentials: true,
	ExposeHeaders:                            []string{"X-Mock-Scenario", "Retry-After", "X-Contract-Violations"},
	MaxAge:                                   600,
}

// routeRegistrar is the echo router the generated code registers its handlers on: it puts the
// operation's middleware in front of each handler, bound to its operation once, at start-up.
type routeRegistrar struct {
	e *echo.Echo
	s *server
}

func (r *routeRegistrar) add(method, path string, h echo.HandlerFunc, m []echo.MiddlewareFunc) *echo.Route {
	if op := r.s.routes[routeKey{method, path}]; op != nil {
		m = append([]echo.MiddlewareFunc{r.s.operationMiddleware(op)}, m...)
		if r.s.strict != nil {
			m = append([]echo.MiddlewareFunc{r.s.strict}, m...)
		}
	}
	return r.e.Add(method, path, h, m...)
}

func (r *routeRegistrar) CONNECT(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add("CONNECT", p, h, m)
}
func (r *routeRegistrar) DELETE(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add("DELETE", p, h, m)
}
func (r *routeRegistrar) GET(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add("GET", p, h, m)
}
func (r *routeRegistrar) HEAD(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add("HEAD", p, h, m)
}
func (r *routeRegistrar) OPTIONS(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add("OPTIONS", p, h, m)
}
func (r *routeRegistrar) PATCH(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add("PATCH", p, h, m)
}
func (r *routeRegistrar) POST(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add("POST", p, h, m)
}
func (r *routeRegistrar) PUT(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add("PUT", p, h, m)
}
func (r *routeRegistrar) TRACE(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add("TRACE", p, h, m)
}

func isSixDigits(s string) bool {
	if len(s) != 6 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
