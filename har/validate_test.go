package har_test

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"authmock/gen/authiqa"
	"authmock/gen/pria"
	"authmock/har"
	"authmock/validator"
	"authmock/validator/report"
)

func TestValidate_fixtures(t *testing.T) {
	p, err := pria.GetSwagger()
	if err != nil {
		t.Fatal(err)
	}
	a, err := authiqa.GetSwagger()
	if err != nil {
		t.Fatal(err)
	}
	v, err := validator.New([]validator.Doc{{Name: "pria", T: p}, {Name: "authiqa", T: a}}, validator.WithFormatValidation())
	if err != nil {
		t.Fatal(err)
	}
	refresh := slices.Sorted(func(yield func(string) bool) {
		for code := range p.Paths.Find("/api/user/refresh/profile").Post.Responses.Map() {
			if !yield(code) {
				return
			}
		}
	})
	tests := []struct {
		file   string
		counts report.Counts
		lines  []string
	}{
		{file: "clean.har", counts: report.Counts{Total: 19, Passed: 13, Skipped: 5, Unknown: 1}},
		{file: "clean-local.har", counts: report.Counts{Total: 2, Passed: 2}},
		{file: "clean-firefox.har", counts: report.Counts{Total: 4, Passed: 2, Skipped: 2}},
		{file: "clean-safari.har", counts: report.Counts{Total: 4, Passed: 3, Skipped: 1}},
		{
			file: "wrong-type.har", counts: report.Counts{Total: 3, Passed: 1, Failed: 1, Skipped: 1, Violations: 1},
			lines: []string{"entry 2 POST /api/auth/mfa/verify response 200: /profile/credits: expected integer, got string"},
		},
		{
			file: "missing-field.har", counts: report.Counts{Total: 2, Failed: 1, Skipped: 1, Violations: 1},
			lines: []string{"entry 1 GET /auth/user-profile response 200: /data/user/email: required property is missing"},
		},
		{
			file: "undeclared-status.har", counts: report.Counts{Total: 2, Passed: 1, Failed: 1, Violations: 1},
			lines: []string{"entry 1 POST /api/user/refresh/profile response 502: status: expected one of " + strings.Join(refresh, ", ") + ", got 502"},
		},
		{
			file: "missing-token.har", counts: report.Counts{Total: 1, Failed: 1, Violations: 1},
			lines: []string{"entry 0 POST /api/user/refresh/profile request: security: expected one of header x-access-token, Authorization Bearer, query token, body token, got no token"},
		},
	}
	for _, tt := range tests {
		t.Run("ok, "+tt.file, func(t *testing.T) {
			log, err := har.ReadFile(filepath.Join(fixtures, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			suite, err := har.Validate(context.Background(), v, log, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, c := range suite.Cases {
				for _, vi := range c.Violations {
					lines = append(lines, c.Line(vi))
				}
			}
			if suite.Counts != tt.counts || !reflect.DeepEqual(lines, tt.lines) {
				t.Fatalf("counts %+v, lines:\n%s\nwant %+v, lines:\n%s", suite.Counts, strings.Join(lines, "\n"), tt.counts, strings.Join(tt.lines, "\n"))
			}
		})
	}
	t.Run("nok, undecodable entry", func(t *testing.T) {
		text := "%%%"
		log := &har.Log{Entries: []har.Entry{{
			Request:  har.Request{Method: "GET", URL: "https://api.authiqa.com/auth/user-profile"},
			Response: har.Response{Status: 200, Content: har.Content{Text: &text, Encoding: "base64"}},
		}}}
		_, err := har.Validate(context.Background(), v, log, "bad.har")
		want := "validating har bad.har: entry 0: response.content: decoding base64: illegal base64 data at input byte 0"
		if err == nil || err.Error() != want {
			t.Fatalf("err = %v, want %q", err, want)
		}
	})
}
