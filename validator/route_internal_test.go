package validator

import (
	"net/http/httptest"
	"reflect"
	"testing"

	"authmock/openapi"
)

// TestRouteMemo checks that a remembered route gives what the routers give, that the method is part
// of the key, and that paths no document declares are not remembered.
func TestRouteMemo(t *testing.T) {
	var docs []Doc
	for _, name := range []string{openapi.Pria, openapi.Authiqa} {
		doc, err := openapi.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, Doc{Name: name, T: doc})
	}
	v, err := New(docs)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, target string
		known          bool
		reason         string
	}{
		{"POST", "http://127.0.0.1:4010/api/auth/signin", true, ""},
		{"POST", "https://pria.praxislxp.com/api/auth/signin?__scenario=mfa-required", true, ""},
		{"GET", "http://127.0.0.1:4010/api/auth/signin", false, ReasonNoMethod},
		{"GET", "http://127.0.0.1:4010/auth/user-profile", true, ""},
		{"GET", "http://127.0.0.1:4010/nope", false, ReasonNoPath},
	}
	for range 2 { // the second pass reads the memo
		for _, tt := range tests {
			req := httptest.NewRequest(tt.method, tt.target, nil)
			route, op, got := v.route(req)
			wantRoute, wantOp, want := v.findRoute(req)
			if route != wantRoute || op != wantOp || !reflect.DeepEqual(got, want) {
				t.Fatalf("%s %s: route %v %v %+v, the routers give %v %v %+v", tt.method, tt.target, route, op, got, wantRoute, wantOp, want)
			}
			if got.Known != tt.known || got.Reason != tt.reason {
				t.Fatalf("%s %s: %+v, want known %v reason %q", tt.method, tt.target, got, tt.known, tt.reason)
			}
		}
	}
	if n := v.routes.Len(); n != 2 {
		t.Fatalf("%d routes remembered, want the 2 declared method and path pairs", n)
	}
}
