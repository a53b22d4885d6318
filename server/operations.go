package server

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"

	"authmock/openapi"
	"authmock/scenarios"
	"authmock/validator"
)

// API names, as scenarios and errors know them.
const (
	apiPria    = openapi.Pria
	apiAuthiqa = openapi.Authiqa
)

// routeKey names an operation by method and path, as echo routes it.
type routeKey struct{ method, path string }

// operation is one operation of one spec, as the server needs it.
type operation struct {
	api       string
	id        string
	method    string
	path      string
	secured   bool
	statuses  []int
	responses *openapi3.Responses
	examples  *exampleSet // its response examples, ready to send
	takesBody bool        // it declares a request body
}

// spec is one loaded API spec with its raw bytes for /__mock/openapi/.
type spec struct {
	api string
	doc *openapi3.T
}

func loadSpecs() ([]spec, error) {
	var out []spec
	for _, name := range []string{openapi.Pria, openapi.Authiqa} {
		doc, err := openapi.Load(name)
		if err != nil {
			return nil, err
		}
		out = append(out, spec{api: name, doc: doc})
	}
	return out, nil
}

// operationsOf lists the operations of the specs by method and path.
func operationsOf(specs []spec) map[routeKey]*operation {
	ops := map[routeKey]*operation{}
	for _, s := range specs {
		for path, item := range s.doc.Paths.Map() {
			for method, op := range item.Operations() {
				o := &operation{
					api:       s.api,
					id:        op.OperationID,
					method:    method,
					path:      path,
					secured:   op.Security == nil && len(s.doc.Security) > 0 || op.Security != nil && len(*op.Security) > 0,
					responses: op.Responses,
					takesBody: op.RequestBody != nil,
				}
				for code := range op.Responses.Map() {
					if n, err := strconv.Atoi(code); err == nil {
						o.statuses = append(o.statuses, n)
					}
				}
				sort.Ints(o.statuses)
				ops[routeKey{method, path}] = o
			}
		}
	}
	return ops
}

// scenarioOperations describes the operations to the scenario loader.
func scenarioOperations(ops map[routeKey]*operation) []scenarios.Operation {
	out := make([]scenarios.Operation, 0, len(ops))
	for _, o := range ops {
		out = append(out, scenarios.Operation{ID: o.id, API: o.api, Statuses: o.statuses, Secured: o.secured})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// declares reports whether the operation declares a response with this status.
func (o *operation) declares(status int) bool {
	return o.responses.Value(strconv.Itoa(status)) != nil
}

// NewValidator returns the contract validator over both specs, formats checked: what strict mode,
// the proxy, HAR validation and the contract tests all check exchanges with.
func NewValidator() (*validator.Validator, error) {
	specs, err := loadSpecs()
	if err != nil {
		return nil, err
	}
	return newValidator(specs)
}

// newValidator builds the contract validator over the specs.
func newValidator(specs []spec) (*validator.Validator, error) {
	docs := make([]validator.Doc, len(specs))
	for i, sp := range specs {
		docs[i] = validator.Doc{Name: sp.api, T: sp.doc}
	}
	v, err := validator.New(docs, validator.WithFormatValidation())
	if err != nil {
		return nil, fmt.Errorf("building the validator: %w", err)
	}
	return v, nil
}
