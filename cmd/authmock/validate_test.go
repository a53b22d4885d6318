package main

import (
	"bytes"
	"encoding/xml"
	"path/filepath"
	"strings"
	"testing"
)

func fixture(name string) string { return filepath.Join("..", "..", "testdata", "har", name) }

func TestValidateCommand(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a line the output must hold
		stderr string
	}{
		{"ok, chrome export", []string{fixture("clean.har")}, 0, "", ""},
		{"ok, firefox export", []string{fixture("clean-firefox.har")}, 0, "", ""},
		{"ok, safari export", []string{fixture("clean-safari.har")}, 0, "", ""},
		{"ok, local traffic", []string{fixture("clean-local.har")}, 0, "", ""},
		{"nok, wrong type", []string{fixture("wrong-type.har")}, 1, "/profile/credits: expected integer, got string", ""},
		{"nok, missing field", []string{fixture("missing-field.har")}, 1, "response 200", ""},
		{"nok, undeclared status", []string{fixture("undeclared-status.har")}, 1, "status", ""},
		{"nok, missing token", []string{fixture("missing-token.har")}, 1, "security", ""},
		{"nok, not JSON", []string{fixture("not-json.har")}, 2, "", "line 21, column 25"},
		{"nok, not a HAR", []string{fixture("not-a-har.har")}, 2, "", "missing log.entries"},
		{"nok, no such file", []string{fixture("nope.har")}, 2, "", "nope.har"},
		{"nok, no file", nil, 2, "", "no HAR file given"},
		{"nok, bad format", []string{"--format", "xml", fixture("clean.har")}, 2, "", `unknown --format "xml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := runValidate(tt.args, &out, &errb)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out.String(), errb.String())
			}
			if !strings.Contains(out.String(), tt.stdout) || !strings.Contains(errb.String(), tt.stderr) {
				t.Errorf("stdout %q (want %q)\nstderr %q (want %q)", out.String(), tt.stdout, errb.String(), tt.stderr)
			}
		})
	}
	t.Run("ok, the line format", func(t *testing.T) {
		var out, errb bytes.Buffer
		runValidate([]string{fixture("wrong-type.har")}, &out, &errb)
		if !strings.Contains(out.String(), "entry 2 POST /api/auth/mfa/verify response 200: /profile/credits: expected integer, got string") {
			t.Errorf("stdout %q", out.String())
		}
	})
	t.Run("ok, junit parses", func(t *testing.T) {
		var out, errb bytes.Buffer
		if code := runValidate([]string{"--format", "junit", fixture("wrong-type.har"), fixture("clean.har")}, &out, &errb); code != 1 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		var suites struct {
			Suites []struct {
				Name     string `xml:"name,attr"`
				Failures int    `xml:"failures,attr"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal(out.Bytes(), &suites); err != nil {
			t.Fatalf("junit: %v\n%s", err, out.String())
		}
		if len(suites.Suites) != 2 || suites.Suites[0].Failures == 0 || suites.Suites[1].Failures != 0 {
			t.Errorf("suites = %+v", suites.Suites)
		}
	})
}
