package server

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
	"gopkg.in/yaml.v3"

	"authmock/openapi"
	"authmock/scenarios"
)

// The console's page and its assets, embedded so that the console works offline.
//
//go:embed console/index.html.tmpl console/console.css console/console.js
var consoleFS embed.FS

// consoleAssets are the files served under /__mock/assets/, with their content types.
var consoleAssets = map[string]string{
	"console.css": "text/css; charset=utf-8",
	"console.js":  "text/javascript; charset=utf-8",
}

// consoleCSP keeps the page to its own origin: no CDN, no inline script.
const consoleCSP = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// tokenAccountTypes are the account types the token helper offers, the default first. They are
// the ones mint accepts; TestConsoleToken mints every one.
var tokenAccountTypes = map[string][]string{
	apiPria:    {"user", "admin", "super"},
	apiAuthiqa: {"parent", "child"},
}

// maxClockOffset bounds how far the console can move the clock: far enough for any token
// lifetime, short of overflowing a time.Duration.
const maxClockOffset = 10 * 365 * 24 * time.Hour

// console is what the QA console needs that does not change while the mock runs.
type console struct {
	page    *template.Template
	titles  map[string]string        // API name -> spec title
	order   map[string]int           // "METHOD path" -> position in its spec
	samples map[string]requestSample // operationId -> how curl calls it
}

// requestSample is how the curl line of an operation calls it: the spec's request example and
// the header of its first security scheme.
type requestSample struct {
	body string // JSON, empty when the operation takes no required body
	auth string // e.g. `x-access-token: $TOKEN`
}

// newConsole parses the page and derives from the specs what the page shows of each operation.
func newConsole(specs []spec) (*console, error) {
	page, err := template.New("index.html.tmpl").Funcs(template.FuncMap{"lower": strings.ToLower}).
		ParseFS(consoleFS, "console/index.html.tmpl")
	if err != nil {
		return nil, fmt.Errorf("parsing the console page: %w", err)
	}
	c := &console{page: page, titles: map[string]string{}, order: map[string]int{}, samples: map[string]requestSample{}}
	for _, sp := range specs {
		c.titles[sp.api] = sp.doc.Info.Title
		paths, err := specPathOrder(sp.api)
		if err != nil {
			return nil, err
		}
		for p, item := range sp.doc.Paths.Map() {
			for method, op := range item.Operations() {
				c.order[method+" "+p] = paths[p]
				c.samples[op.OperationID] = sampleOf(sp.doc, op)
			}
		}
	}
	return c, nil
}

// specPathOrder returns the position of each path in the spec file, so that the console lists
// operations in the order the spec tells them (signin before verify).
func specPathOrder(api string) (map[string]int, error) {
	b, err := openapi.FS.ReadFile(api + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("reading the %s spec: %w", api, err)
	}
	var doc struct {
		Paths yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("reading the %s spec: %w", api, err)
	}
	order := map[string]int{}
	for i := 0; i+1 < len(doc.Paths.Content); i += 2 {
		order[doc.Paths.Content[i].Value] = i / 2
	}
	return order, nil
}

// sampleOf derives an operation's curl sample from its spec: the first request example (by
// name) of a required JSON body, and the first security scheme.
func sampleOf(doc *openapi3.T, op *openapi3.Operation) requestSample {
	var s requestSample
	if rb := op.RequestBody; rb != nil && rb.Value != nil && rb.Value.Required {
		if mt := rb.Value.Content.Get(echo.MIMEApplicationJSON); mt != nil {
			example := mt.Example
			names := make([]string, 0, len(mt.Examples))
			for name := range mt.Examples {
				names = append(names, name)
			}
			sort.Strings(names)
			if example == nil && len(names) > 0 {
				if ex := mt.Examples[names[0]]; ex != nil && ex.Value != nil {
					example = ex.Value.Value
				}
			}
			if b, err := json.Marshal(example); err == nil && example != nil {
				s.body = string(b)
			}
		}
	}
	reqs := doc.Security
	if op.Security != nil {
		reqs = *op.Security
	}
	if len(reqs) == 0 || len(reqs[0]) == 0 || doc.Components == nil {
		return s
	}
	names := make([]string, 0, len(reqs[0]))
	for name := range reqs[0] {
		names = append(names, name)
	}
	sort.Strings(names)
	ref := doc.Components.SecuritySchemes[names[0]]
	switch {
	case ref == nil || ref.Value == nil:
	case ref.Value.Type == "apiKey" && ref.Value.In == "header":
		s.auth = ref.Value.Name + ": $TOKEN"
	case ref.Value.Type == "http" && strings.EqualFold(ref.Value.Scheme, "bearer"):
		s.auth = "Authorization: Bearer $TOKEN"
	}
	return s
}

// registerConsole adds the console's page, its assets and its JSON to the /__mock group g and its
// /api group.
func (s *server) registerConsole(e *echo.Echo, g, api *echo.Group) {
	e.GET(controlPrefix, func(c echo.Context) error {
		return c.Redirect(http.StatusFound, controlPrefix+"/")
	})
	g.GET("/", s.serveConsole)
	g.GET("/assets/:file", serveConsoleAsset)
	api.POST("/token", s.mintToken, sameOriginWrites)
	api.GET("/clock", s.getClock)
	api.POST("/clock", s.setClock, sameOriginWrites)
	api.DELETE("/clock", s.resetClock, sameOriginWrites)
	api.GET("/requests", s.listRequests)
}

// isConsolePoll reports whether the request is one the console's page repeats on a timer.
func isConsolePoll(c echo.Context) bool {
	if c.Request().Method != http.MethodGet {
		return false
	}
	p := c.Path()
	return p == controlPrefix+"/api/requests" || p == controlPrefix+"/api/clock"
}

// sameOriginWrites refuses changes from other sites: a page elsewhere must not switch scenarios,
// mint tokens or move the clock through the browser of someone who has the console open. Requests
// without an Origin header (curl, scripts) pass. Every PUT, POST and DELETE under /__mock/api/
// carries it (TestOriginCheck walks the routes to make sure).
func sameOriginWrites(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		switch req.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		origin := req.Header.Get(echo.HeaderOrigin)
		if origin == "" {
			return next(c)
		}
		if u, err := url.Parse(origin); err != nil || !strings.EqualFold(u.Host, req.Host) {
			return writeProblem(c, http.StatusForbidden, "Origin: "+quote(origin)+" is not this server ("+req.Host+"); changes are taken from the console's own page, or from tools that send no Origin")
		}
		return next(c)
	}
}

// serveConsoleAsset serves the console's stylesheet and script.
func serveConsoleAsset(c echo.Context) error {
	name := c.Param("file")
	ctype, ok := consoleAssets[name]
	if !ok {
		return writeProblem(c, http.StatusNotFound, "assets: console.css, console.js")
	}
	b, err := consoleFS.ReadFile(path.Join("console", name))
	if err != nil {
		return fmt.Errorf("reading console asset %s: %w", name, err)
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.Blob(http.StatusOK, ctype, b)
}

// consolePage is what the page template renders.
type consolePage struct {
	Base            string // scheme and host the browser reached the mock at
	BrowserScenario string
	ServerScenario  string
	APIs            []consoleAPI
	Clock           clockAnswer
	TokenAPIs       []string
	TokenTypes      []string // the account types of the first API
	TokenTypesJSON  string   // every API's account types, for the script
	TokenTTL        string
	DefaultEmail    string
	Capacity        int
	Strict          bool
}

// consoleAPI is one API on the page, its operations in the order of its spec.
type consoleAPI struct {
	Name       string
	Title      string
	Spec       string
	Operations []consoleOperation
}

// consoleOperation is one operation on the page, with the scenarios that apply to it.
type consoleOperation struct {
	ID        string
	Method    string
	Path      string
	Scenarios []consoleScenario
}

// consoleScenario is one scenario of one operation, with its link and curl line.
type consoleScenario struct {
	Name    string
	Summary string
	Link    string
	Curl    string
}

// serveConsole renders the QA console.
func (s *server) serveConsole(c echo.Context) error {
	types, err := json.Marshal(tokenAccountTypes)
	if err != nil {
		return err
	}
	p := consolePage{
		Base:            c.Scheme() + "://" + c.Request().Host,
		BrowserScenario: s.browserScenario(c),
		ServerScenario:  s.engine.Active(),
		Clock:           s.clockNow(),
		TokenAPIs:       []string{apiPria, apiAuthiqa},
		TokenTypes:      tokenAccountTypes[apiPria],
		TokenTypesJSON:  string(types),
		TokenTTL:        s.cfg.TokenTTL.String(),
		DefaultEmail:    DefaultTokenEmail,
		Capacity:        requestLogCapacity,
		Strict:          s.cfg.Strict,
	}
	cat := s.engine.Catalogue()
	for _, name := range []string{apiPria, apiAuthiqa} {
		a := consoleAPI{Name: name, Title: s.console.titles[name], Spec: controlPrefix + "/openapi/" + name + ".yaml"}
		for _, op := range cat.Operations() {
			if op.API != name {
				continue
			}
			r := s.routeByID(op.ID)
			o := consoleOperation{ID: op.ID, Method: r.method, Path: r.path}
			for _, sc := range cat.Names(op.ID) {
				o.Scenarios = append(o.Scenarios, consoleScenario{
					Name:    sc,
					Summary: scenarioSummary(cat, sc),
					Link:    p.Base + r.path + "?" + paramScenario + "=" + url.QueryEscape(sc),
					Curl:    curlLine(r.method, p.Base+r.path+"?"+paramScenario+"="+url.QueryEscape(sc), s.console.samples[op.ID]),
				})
			}
			a.Operations = append(a.Operations, o)
		}
		sort.SliceStable(a.Operations, func(i, j int) bool {
			oi, oj := a.Operations[i], a.Operations[j]
			return s.console.order[oi.Method+" "+oi.Path] < s.console.order[oj.Method+" "+oj.Path]
		})
		p.APIs = append(p.APIs, a)
	}
	var buf bytes.Buffer
	if err := s.console.page.Execute(&buf, p); err != nil {
		return fmt.Errorf("rendering the console: %w", err)
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", consoleCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	return c.HTMLBlob(http.StatusOK, buf.Bytes())
}

// browserScenario is the sticky scenario of the browser's cookie, or the default.
func (s *server) browserScenario(c echo.Context) string {
	if ck, err := c.Cookie(cookieScenario); err == nil && s.engine.Valid(ck.Value) {
		return ck.Value
	}
	return scenarios.Default
}

// scenarioSummary is the one-line summary of a scenario, the default's included.
func scenarioSummary(cat *scenarios.Catalogue, name string) string {
	if sc, ok := cat.Lookup(name); ok {
		return sc.Summary
	}
	return "The mock's normal behaviour."
}

// curlLine is a shell command that calls the operation at link, with the spec's sample body and
// a $TOKEN header when the operation is secured.
func curlLine(method, link string, sample requestSample) string {
	var b strings.Builder
	b.WriteString("curl -s")
	if method != http.MethodGet {
		b.WriteString(" -X " + method)
	}
	b.WriteString(" " + shellQuote(link))
	if sample.auth != "" {
		b.WriteString(` -H "` + sample.auth + `"`)
	}
	if sample.body != "" {
		b.WriteString(" -H 'content-type: application/json' -d " + shellQuote(sample.body))
	}
	return b.String()
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
