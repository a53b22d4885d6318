package har

import (
	"context"
	"fmt"
	"net/url"

	"authmock/validator"
	"authmock/validator/report"
)

// Validate validates every entry of log with v, and returns them as the suite name: skipped
// entries (see SkipReason) with their reason, the others with their result. An entry that cannot be
// decoded is an error that says which.
func Validate(ctx context.Context, v *validator.Validator, log *Log, name string) (*report.Suite, error) {
	suite := &report.Suite{Name: name, Cases: make([]report.Case, 0, len(log.Entries))}
	for i := range log.Entries {
		e := &log.Entries[i]
		if reason := e.SkipReason(); reason != "" {
			u, _ := url.Parse(e.Request.URL)
			suite.Add(report.SkippedCase(i, e.Request.Method, u, e.Response.Status, reason))
			continue
		}
		ex, err := e.Exchange()
		if err != nil {
			return nil, fmt.Errorf("validating har %s: entry %d: %w", name, i, err)
		}
		suite.Add(report.NewCase(i, ex, v.Validate(ctx, ex)))
	}
	return suite, nil
}
