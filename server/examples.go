package server

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// Prism's conventions for asking for a spec example instead of the mock's behaviour.
const (
	headerPrefer = "Prefer"
	paramCode    = "__code"
	paramExample = "__example"
)

// example is one spec example ready to send.
type example struct {
	name    string
	body    []byte
	headers map[string]string
}

// exampleSet holds an operation's examples by status, each list sorted by name.
type exampleSet struct {
	byStatus map[int][]example
	statuses []int // with at least one example
}

// loadExamples encodes every response example of every operation once, at start-up.
func loadExamples(routes map[routeKey]*operation) error {
	for _, op := range routes {
		set := &exampleSet{byStatus: map[int][]example{}}
		for code, ref := range op.responses.Map() {
			status, err := strconv.Atoi(code)
			if err != nil || ref.Value == nil {
				continue
			}
			headers := map[string]string{}
			for name, h := range ref.Value.Headers {
				if h.Value != nil && h.Value.Example != nil {
					headers[name] = fmt.Sprint(h.Value.Example)
				}
			}
			mt := ref.Value.Content.Get("application/json")
			if mt == nil {
				continue
			}
			var list []example
			for name, ex := range mt.Examples {
				if ex.Value == nil {
					continue
				}
				b, err := json.Marshal(ex.Value.Value)
				if err != nil {
					return fmt.Errorf("encoding example %s of %s %d: %w", name, op.id, status, err)
				}
				list = append(list, example{name: name, body: b, headers: headers})
			}
			if len(list) == 0 {
				continue
			}
			sort.Slice(list, func(i, j int) bool { return list[i].name < list[j].name })
			set.byStatus[status] = list
			set.statuses = append(set.statuses, status)
		}
		sort.Ints(set.statuses)
		op.examples = set
	}
	return nil
}

// preference is what a request asks for with Prefer, __code or __example.
type preference struct {
	code    int
	example string
}

// parsePrefer reads the code and example preferences of a Prefer header such as
// `code=401, example=invalid`; other preferences are ignored, as RFC 7240 allows.
func parsePrefer(h string) (preference, error) {
	var p preference
	for _, part := range strings.FieldsFunc(h, func(r rune) bool { return r == ',' || r == ';' }) {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		v = strings.Trim(strings.TrimSpace(v), `"`)
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "code":
			n, err := strconv.Atoi(v)
			if err != nil || n < 100 || n > 599 {
				return preference{}, fmt.Errorf("Prefer: code %q is not an HTTP status", v)
			}
			p.code = n
		case "example":
			p.example = v
		}
	}
	return p, nil
}

// serveExample answers with a spec example when the request asks for one, the way Prism does.
// The URL parameters win over the header.
func (s *server) serveExample(c echo.Context, op *operation, q url.Values) (done bool, err error) {
	code, name := q.Get(paramCode), q.Get(paramExample)
	h := c.Request().Header.Get(headerPrefer)
	if code == "" && name == "" && h == "" {
		return false, nil
	}
	p, perr := parsePrefer(h)
	if perr != nil {
		return true, writeAPIError(c, op.api, badRequest("%v", perr))
	}
	if code != "" {
		n, cerr := strconv.Atoi(code)
		if cerr != nil {
			return true, writeAPIError(c, op.api, badRequest("%s: %q is not an HTTP status", paramCode, code))
		}
		p.code = n
	}
	if name != "" {
		p.example = name
	}
	if p.code == 0 && p.example == "" {
		return false, nil
	}
	ex, eerr := op.examples.pick(p)
	if eerr != nil {
		return true, writeAPIError(c, op.api, badRequest("%v", eerr))
	}
	for k, v := range ex.headers {
		c.Response().Header().Set(k, v)
	}
	c.Response().Header().Set(headerScenario, "example:"+ex.name)
	return true, c.JSONBlob(ex.status, ex.body)
}

type chosenExample struct {
	example
	status int
}

// pick finds the example asked for: by status and name, by status (the first by name), or by
// name alone (looking at the success statuses first).
func (set *exampleSet) pick(p preference) (chosenExample, error) {
	statuses := set.statuses
	if p.code != 0 {
		if _, ok := set.byStatus[p.code]; !ok {
			return chosenExample{}, fmt.Errorf("no example for status %d; statuses with examples: %s", p.code, joinInts(set.statuses))
		}
		statuses = []int{p.code}
	}
	var names []string
	for _, st := range statuses {
		for _, ex := range set.byStatus[st] {
			if p.example == "" || ex.name == p.example {
				return chosenExample{example: ex, status: st}, nil
			}
			names = append(names, ex.name)
		}
	}
	return chosenExample{}, fmt.Errorf("no example %q; examples: %s", p.example, strings.Join(names, ", "))
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
