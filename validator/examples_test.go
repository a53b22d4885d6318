package validator_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"authmock/validator"
)

// TestValidate_specExamples validates, for every operation of both specs, an exchange made of the
// request example and each response example the spec gives: all of them must be clean.
func TestValidate_specExamples(t *testing.T) {
	p, a := docs(t)
	v := newValidator(t)
	hosts := map[string]string{"pria": "https://pria.praxislxp.com", "authiqa": "https://api.authiqa.com"}
	n := 0
	for _, d := range []validator.Doc{{Name: "pria", T: p}, {Name: "authiqa", T: a}} {
		for _, path := range d.T.Paths.InMatchingOrder() {
			for method, op := range d.T.Paths.Value(path).Operations() {
				var reqBody []byte
				if op.RequestBody != nil {
					if mt := op.RequestBody.Value.Content.Get("application/json"); mt != nil {
						for _, name := range sortedNames(mt.Examples) {
							reqBody = mustJSON(t, mt.Examples[name].Value.Value)
							break
						}
					}
				}
				var creds []string
				if op.Security == nil || len(*op.Security) > 0 {
					creds = []string{"Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln"}
				}
				for _, code := range sortedNames(op.Responses.Map()) {
					status, err := strconv.Atoi(code)
					if err != nil {
						continue
					}
					mt := op.Responses.Value(code).Value.Content.Get("application/json")
					if mt == nil {
						continue
					}
					for _, name := range sortedNames(mt.Examples) {
						resBody := mustJSON(t, mt.Examples[name].Value.Value)
						n++
						t.Run(fmt.Sprintf("ok, %s %s %d %s", d.Name, op.OperationID, status, name), func(t *testing.T) {
							ex := exchange(t, method, hosts[d.Name]+path, reqBody, status, resBody, creds...)
							res := v.Validate(context.Background(), ex)
							if !res.Known || res.API != d.Name || res.OperationID != op.OperationID || res.Path != path || res.Method != method {
								t.Fatalf("result = %+v, want known %s %s %s %s", res, d.Name, op.OperationID, method, path)
							}
							if len(res.Violations) != 0 {
								t.Fatalf("violations = %v, want none", res.Violations)
							}
						})
					}
				}
			}
		}
	}
	// Every operation has at least one example: signin alone has six.
	if n < 20 {
		t.Fatalf("%d examples validated, want at least 20", n)
	}
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// opID returns the operationId of an operation as the embedded document spells it.
func opID(tb testing.TB, doc *openapi3.T, method, path string) string {
	tb.Helper()
	op := doc.Paths.Find(path).GetOperation(method)
	if op == nil {
		tb.Fatalf("no %s %s", method, path)
	}
	return op.OperationID
}

// statuses returns the declared statuses of an operation, as the status violation lists them.
func statuses(tb testing.TB, doc *openapi3.T, method, path string) string {
	tb.Helper()
	codes := sortedNames(doc.Paths.Find(path).GetOperation(method).Responses.Map())
	s := "one of "
	for i, c := range codes {
		if i > 0 {
			s += ", "
		}
		s += c
	}
	return s
}
