package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"testing"

	"authmock/validator"
	"authmock/validator/report"
)

var wrongType = validator.Violation{
	Operation: "signin", Side: validator.SideResponse, Location: "body /profile/credits",
	Expected: "integer", Found: "string", Message: "expected integer, got string",
}

var noToken = validator.Violation{
	Operation: "refreshProfile", Side: validator.SideRequest, Location: "security",
	Expected: "header x-access-token", Found: "no token", Message: "expected header x-access-token, got no token",
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// sample is a report of one file: a failure, a pass, a skipped preflight and an unknown path.
func sample(unknownFails bool) *report.Report {
	s := &report.Suite{Name: "session.har"}
	signin := validator.Exchange{
		Request:  validator.Request{Method: "POST", URL: mustURL("https://pria.praxislxp.com/api/auth/signin")},
		Response: validator.Response{Status: 200},
	}
	s.Add(report.SkippedCase(0, "OPTIONS", signin.Request.URL, 204, "cors preflight"))
	s.Add(report.NewCase(1, signin, validator.Result{Known: true, API: "pria", OperationID: "signin", Violations: []validator.Violation{wrongType}}))
	s.Add(report.NewCase(2, signin, validator.Result{Known: true, API: "pria", OperationID: "signin"}))
	favicon := validator.Exchange{
		Request:  validator.Request{Method: "GET", URL: mustURL("https://pria.praxislxp.com/favicon.ico?v=2")},
		Response: validator.Response{Status: 200},
	}
	s.Add(report.NewCase(3, favicon, validator.Result{Reason: validator.ReasonNoPath}))
	return &report.Report{UnknownFails: unknownFails, Suites: []*report.Suite{s}}
}

func TestReport_WriteText(t *testing.T) {
	two := sample(false)
	refresh := validator.Exchange{
		Request:  validator.Request{Method: "POST", URL: mustURL("/api/user/refresh/profile?token=secret")},
		Response: validator.Response{Status: 403},
	}
	second := &report.Suite{Name: "other.har"}
	second.Add(report.NewCase(0, refresh, validator.Result{Known: true, API: "pria", OperationID: "refreshProfile", Violations: []validator.Violation{noToken}}))
	two.Suites = append(two.Suites, second)

	tests := []struct {
		name string
		r    *report.Report
		want string
	}{
		{
			name: "ok, one file",
			r:    sample(false),
			want: "entry 1 POST /api/auth/signin response 200: /profile/credits: expected integer, got string\n" +
				"4 exchanges: 1 passed, 1 failed, 1 skipped, 1 unknown; 1 violation\n",
		},
		{
			name: "ok, unknown exchanges fail",
			r:    sample(true),
			want: "entry 1 POST /api/auth/signin response 200: /profile/credits: expected integer, got string\n" +
				"entry 3 GET /favicon.ico: no operation for this path\n" +
				"4 exchanges: 1 passed, 1 failed, 1 skipped, 1 unknown; 1 violation\n",
		},
		{
			name: "ok, two files named, no query printed",
			r:    two,
			want: "session.har: entry 1 POST /api/auth/signin response 200: /profile/credits: expected integer, got string\n" +
				"other.har: entry 0 POST /api/user/refresh/profile request: security: expected header x-access-token, got no token\n" +
				"5 exchanges: 1 passed, 2 failed, 1 skipped, 1 unknown; 2 violations\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.r.WriteText(&buf); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tt.want {
				t.Fatalf("text:\n%s\nwant:\n%s", buf.String(), tt.want)
			}
		})
	}
}

func TestReport_Failed(t *testing.T) {
	clean := &report.Report{Suites: []*report.Suite{{Name: "clean.har"}}}
	clean.Suites[0].Add(report.Case{Outcome: report.Passed})
	unknownOnly := func(fails bool) *report.Report {
		r := &report.Report{UnknownFails: fails, Suites: []*report.Suite{{Name: "u.har"}}}
		r.Suites[0].Add(report.Case{Outcome: report.Unknown})
		return r
	}
	tests := []struct {
		name string
		r    *report.Report
		want bool
	}{
		{"ok, clean", clean, false},
		{"ok, unknown ignored", unknownOnly(false), false},
		{"nok, unknown fails", unknownOnly(true), true},
		{"nok, violation", sample(false), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.Failed(); got != tt.want {
				t.Fatalf("Failed() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReport_WriteJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := sample(false).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Totals report.Counts
		Suites []struct {
			Name  string
			Cases []report.Case
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := report.Counts{Total: 4, Passed: 1, Failed: 1, Skipped: 1, Unknown: 1, Violations: 1}
	if got.Totals != want || len(got.Suites) != 1 || got.Suites[0].Name != "session.har" || len(got.Suites[0].Cases) != 4 {
		t.Fatalf("json %+v", got)
	}
	c := got.Suites[0].Cases[1]
	if c.Index != 1 || c.Host != "pria.praxislxp.com" || c.Path != "/api/auth/signin" || c.Outcome != report.Failed ||
		len(c.Violations) != 1 || c.Violations[0] != wrongType {
		t.Fatalf("case %+v", c)
	}
	if u := got.Suites[0].Cases[3]; u.Path != "/favicon.ico" || u.Reason != validator.ReasonNoPath {
		t.Fatalf("unknown case %+v", u)
	}
}

func TestReport_WriteJUnit(t *testing.T) {
	var buf bytes.Buffer
	if err := sample(true).WriteJUnit(&buf); err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="authmock" tests="4" failures="2" skipped="1">
  <testsuite name="session.har" tests="4" failures="2" errors="0" skipped="1">
    <testcase name="entry 0 OPTIONS /api/auth/signin" classname="skipped">
      <skipped message="cors preflight"></skipped>
    </testcase>
    <testcase name="entry 1 POST /api/auth/signin" classname="pria.signin">
      <failure message="1 violation" type="contract">entry 1 POST /api/auth/signin response 200: /profile/credits: expected integer, got string</failure>
    </testcase>
    <testcase name="entry 2 POST /api/auth/signin" classname="pria.signin"></testcase>
    <testcase name="entry 3 GET /favicon.ico" classname="unknown">
      <failure message="no operation for this path" type="unknown"></failure>
    </testcase>
  </testsuite>
</testsuites>
`
	if buf.String() != want {
		t.Fatalf("junit:\n%s\nwant:\n%s", buf.String(), want)
	}
	var parsed struct {
		Suites []struct {
			Cases []struct {
				Name string `xml:"name,attr"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &parsed); err != nil || len(parsed.Suites[0].Cases) != 4 {
		t.Fatalf("parsed %+v: %v", parsed, err)
	}
}
