package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"authmock/openapi"
	"authmock/scenarios"
)

// The mock's own endpoints.
const (
	controlPrefix = "/__mock"
	// maxControlBody bounds the JSON bodies the control API reads.
	maxControlBody = 64 << 10
)

func (s *server) registerControl(e *echo.Echo) {
	g := e.Group(controlPrefix)
	g.GET("/health", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	g.GET("/openapi/:file", serveSpec)
	g.GET("/use", s.useScenario)
	// Not api.Use: a group's middleware makes echo answer 404 where 405 is due.
	api := g.Group("/api")
	api.GET("/scenarios", s.listScenarios)
	api.GET("/stats", s.stats)
	api.PUT("/active", s.setActive, sameOriginWrites)
	api.DELETE("/active", s.clearActive, sameOriginWrites)
	s.registerConsole(e, g, api)
}

// serveSpec serves openapi/pria.yaml and openapi/authiqa.yaml as they are written.
func serveSpec(c echo.Context) error {
	name := c.Param("file")
	if name != "pria.yaml" && name != "authiqa.yaml" {
		return writeProblem(c, http.StatusNotFound, "specs: pria.yaml, authiqa.yaml")
	}
	b, err := openapi.FS.ReadFile(name)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/yaml", b)
}

// useScenario sets this browser's sticky scenario in a cookie; "default" clears it.
func (s *server) useScenario(c echo.Context) error {
	name := c.QueryParam("scenario")
	if name == "" {
		return writeProblem(c, http.StatusBadRequest, "scenario: required, e.g. /__mock/use?scenario=mfa-required")
	}
	if !s.engine.Valid(name) {
		return writeProblem(c, http.StatusBadRequest, "scenario: unknown scenario "+quote(name)+"; valid scenarios: "+strings.Join(s.allScenarioNames(), ", "))
	}
	ck := &http.Cookie{Name: cookieScenario, Value: name, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode}
	if name == scenarios.Default {
		ck.Value, ck.MaxAge = "", -1
	}
	c.SetCookie(ck)
	return c.JSON(http.StatusOK, map[string]string{"cookie": name})
}

// scenarioView is one scenario in the catalogue listing.
type scenarioView struct {
	Name       string   `json:"name"`
	Summary    string   `json:"summary"`
	Operations []string `json:"operations"`
}

// operationView is one operation in the catalogue listing.
type operationView struct {
	API       string   `json:"api"`
	ID        string   `json:"operationId"`
	Method    string   `json:"method"`
	Path      string   `json:"path"`
	Scenarios []string `json:"scenarios"`
}

type catalogueView struct {
	Active     string          `json:"active"`
	Cookie     string          `json:"cookie"`
	Scenarios  []scenarioView  `json:"scenarios"`
	Operations []operationView `json:"operations"`
}

// listScenarios lists the catalogue, the server-wide scenario and this browser's.
func (s *server) listScenarios(c echo.Context) error {
	cat := s.engine.Catalogue()
	v := catalogueView{Active: s.engine.Active(), Cookie: scenarios.Default}
	if ck, err := c.Cookie(cookieScenario); err == nil && s.engine.Valid(ck.Value) {
		v.Cookie = ck.Value
	}
	for _, sc := range cat.All() {
		v.Scenarios = append(v.Scenarios, scenarioView{Name: sc.Name, Summary: sc.Summary, Operations: sc.OperationIDs()})
	}
	for _, op := range cat.Operations() {
		r := s.routeByID(op.ID)
		v.Operations = append(v.Operations, operationView{API: op.API, ID: op.ID, Method: r.method, Path: r.path, Scenarios: cat.Names(op.ID)})
	}
	return c.JSON(http.StatusOK, v)
}

// setActive sets the server-wide scenario from {"scenario": NAME}.
func (s *server) setActive(c echo.Context) error {
	var body struct {
		Scenario *string `json:"scenario"`
	}
	dec := json.NewDecoder(io.LimitReader(c.Request().Body, maxControlBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		return writeProblem(c, http.StatusBadRequest, "body: want {\"scenario\": NAME}: "+err.Error())
	}
	if body.Scenario == nil {
		return writeProblem(c, http.StatusBadRequest, "scenario: required")
	}
	if err := s.engine.SetActive(*body.Scenario); err != nil {
		var se *scenarios.SelectionError
		if errors.As(err, &se) {
			return writeProblem(c, http.StatusBadRequest, "scenario: "+err.Error())
		}
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"active": s.engine.Active()})
}

// clearActive goes back to the default server-wide.
func (s *server) clearActive(c echo.Context) error {
	_ = s.engine.SetActive(scenarios.Default)
	return c.JSON(http.StatusOK, map[string]string{"active": s.engine.Active()})
}

func (s *server) allScenarioNames() []string {
	names := []string{scenarios.Default}
	for _, sc := range s.engine.Catalogue().All() {
		names = append(names, sc.Name)
	}
	return names
}

func (s *server) routeByID(id string) *operation {
	for _, op := range s.routes {
		if op.id == id {
			return op
		}
	}
	return &operation{}
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

// ScenarioInfo describes one scenario of the catalogue.
type ScenarioInfo struct {
	Name       string
	Summary    string
	Operations []string
}

// Scenarios loads the catalogue (the built-in scenarios, then dirs) and describes it, the
// built-in default first.
func Scenarios(dirs ...string) ([]ScenarioInfo, error) {
	specs, err := loadSpecs()
	if err != nil {
		return nil, err
	}
	cat, err := scenarios.Load(scenarioOperations(operationsOf(specs)), dirs...)
	if err != nil {
		return nil, err
	}
	out := []ScenarioInfo{{Name: scenarios.Default, Summary: "The mock's normal behaviour.", Operations: []string{"*"}}}
	for _, s := range cat.All() {
		out = append(out, ScenarioInfo{Name: s.Name, Summary: s.Summary, Operations: s.OperationIDs()})
	}
	return out, nil
}
