package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"

	"authmock/gen/authiqa"
	"authmock/gen/pria"
	"authmock/har"
	"authmock/validator"
	"authmock/validator/report"
)

const validateUsage = `usage: authmock validate [--format text|json|junit] [--unknown ignore|warn|fail] FILE.har...

Checks every exchange of HAR files (as Chrome, Firefox and Safari export them) against the Pria and
Authiqa specs. CORS preflights, 304s and responses served from the browser cache are skipped.
Entries are numbered from 0, as in log.entries. Exit status: 0 clean, 1 violations, 2 unreadable
input or bad flags.`

// runValidate is the validate command.
func runValidate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, validateUsage)
		fs.PrintDefaults()
	}
	format := fs.String("format", "text", "report format: text, json or junit")
	unknown := fs.String("unknown", "warn", "exchanges no spec declares: ignore, warn (on stderr) or fail")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	write, ok := reportWriters[*format]
	if !ok {
		return usageError(fs, stderr, "unknown --format %q", *format)
	}
	switch *unknown {
	case "ignore", "warn", "fail":
	default:
		return usageError(fs, stderr, "unknown --unknown %q", *unknown)
	}
	if fs.NArg() == 0 {
		return usageError(fs, stderr, "no HAR file given")
	}
	v, err := contractValidator()
	if err != nil {
		fmt.Fprintln(stderr, "authmock validate:", err)
		return 2
	}
	rep := &report.Report{UnknownFails: *unknown == "fail"}
	code := 0
	for _, path := range fs.Args() {
		suite, err := validateHAR(v, path, func(c report.Case) {
			if c.Outcome == report.Unknown && *unknown == "warn" {
				fmt.Fprintf(stderr, "warning: %s: %s: %s\n", path, c.Title(), c.Reason)
			}
		})
		if err != nil {
			fmt.Fprintln(stderr, "authmock validate:", err)
			code = 2
			continue
		}
		rep.Suites = append(rep.Suites, suite)
	}
	if err := write(rep, stdout); err != nil {
		fmt.Fprintln(stderr, "authmock validate: writing the report:", err)
		return 2
	}
	if code == 0 && rep.Failed() {
		code = 1
	}
	return code
}

// reportWriters are the writers of --format.
var reportWriters = map[string]func(*report.Report, io.Writer) error{
	"text":  (*report.Report).WriteText,
	"json":  (*report.Report).WriteJSON,
	"junit": (*report.Report).WriteJUnit,
}

func usageError(fs *flag.FlagSet, stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "authmock %s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	fs.Usage()
	return 2
}

// contractValidator builds the validator of both specs, as embedded in the generated code.
func contractValidator() (*validator.Validator, error) {
	p, err := pria.GetSwagger()
	if err != nil {
		return nil, fmt.Errorf("loading the pria spec: %w", err)
	}
	a, err := authiqa.GetSwagger()
	if err != nil {
		return nil, fmt.Errorf("loading the authiqa spec: %w", err)
	}
	return validator.New([]validator.Doc{{Name: "pria", T: p}, {Name: "authiqa", T: a}}, validator.WithFormatValidation())
}

// validateHAR validates every entry of the HAR file at path, calling seen with each case.
func validateHAR(v *validator.Validator, path string, seen func(report.Case)) (*report.Suite, error) {
	log, err := har.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	suite := &report.Suite{Name: path, Cases: make([]report.Case, 0, len(log.Entries))}
	for i := range log.Entries {
		e := &log.Entries[i]
		var c report.Case
		if reason := e.SkipReason(); reason != "" {
			u, _ := url.Parse(e.Request.URL)
			c = report.SkippedCase(i, e.Request.Method, u, e.Response.Status, reason)
		} else {
			ex, err := e.Exchange()
			if err != nil {
				return nil, fmt.Errorf("reading har %s: entry %d: %w", path, i, err)
			}
			c = report.NewCase(i, ex, v.Validate(ctx, ex))
		}
		seen(c)
		suite.Add(c)
	}
	return suite, nil
}
