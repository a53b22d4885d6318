package validator_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"reflect"
	"testing"

	"authmock/validator"
)

// TestVerdicts checks that a body validated before gets the verdict a fresh validation gives, for
// a valid body and a violating one, and that a body that differs, if only by a byte, is validated
// again.
func TestVerdicts(t *testing.T) {
	p, _ := docs(t)
	token := responseExample(t, p, "POST", signinPath, 200, "token")
	wrongType := edit(t, token, func(m map[string]any) { m["token"] = 42 })
	notJSON := []byte(`{"token":`)
	remembering := newValidator(t)
	fresh := newValidator(t, validator.WithVerdicts(0))
	req := httptest.NewRequest("POST", "http://127.0.0.1:4010"+signinPath, nil)
	validate := func(v *validator.Validator, body []byte) validator.Result {
		return v.ValidateResponse(context.Background(), req, 200, jsonHeader, body)
	}
	// Each body twice in a row, then again after the others: the first two calls of each visit it
	// (the second fills the memo when it passed), the later ones read it.
	bodies := [][]byte{token, wrongType, notJSON, token, wrongType, notJSON}
	for i, body := range bodies {
		for range 2 {
			got, want := validate(remembering, body), validate(fresh, body)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("body %d (%.40s): remembered %+v, fresh %+v", i, body, got, want)
			}
		}
	}
	if r := validate(remembering, wrongType); len(r.Violations) != 1 || r.Violations[0].Location != "body /token" {
		t.Fatalf("a remembered violation is lost: %+v", r)
	}
	if r := validate(remembering, notJSON); len(r.Violations) != 1 {
		t.Fatalf("a remembered decoding failure is lost: %+v", r)
	}

	// The same length, one byte apart: "token" holds a string, then a number.
	valid := edit(t, token, func(m map[string]any) { m["token"] = "1" })
	invalid := bytes.Replace(valid, []byte(`"token":"1"`), []byte(`"token": 1 `), 1)
	if len(valid) != len(invalid) || bytes.Equal(valid, invalid) {
		t.Fatalf("the two bodies must differ and have the same length: %s", invalid)
	}
	if r := validate(remembering, valid); r.Failed() {
		t.Fatalf("the valid body: %+v", r)
	}
	if r := validate(remembering, invalid); len(r.Violations) != 1 || r.Violations[0].Location != "body /token" {
		t.Fatalf("a changed body got the verdict of the first one: %+v", r)
	}

	// A body over the memo's limit is validated every time, with the same result.
	long := edit(t, token, func(m map[string]any) { m["token"] = string(bytes.Repeat([]byte("x"), 20<<10)) })
	for range 2 {
		if r := validate(remembering, long); r.Failed() {
			t.Fatalf("a long valid body: %+v", r)
		}
	}
}
