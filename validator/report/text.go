package report

import (
	"bufio"
	"fmt"
	"io"
)

// WriteText writes one line per violation, "entry 12 POST /api/auth/signin response 200:
// /profile/credits: expected integer, got string" (prefixed with the suite's name when r has several
// suites), one line per unknown exchange when they fail, then a summary line.
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, s := range r.Suites {
		prefix := ""
		if len(r.Suites) > 1 {
			prefix = s.Name + ": "
		}
		for _, c := range s.Cases {
			if c.Outcome == Unknown && r.UnknownFails {
				fmt.Fprintf(bw, "%s%s: %s\n", prefix, c.Title(), c.Reason)
			}
			for _, v := range c.Violations {
				fmt.Fprintf(bw, "%s%s\n", prefix, c.Line(v))
			}
		}
	}
	n := r.Totals()
	fmt.Fprintf(bw, "%s: %d passed, %d failed, %d skipped, %d unknown; %s\n",
		plural(n.Total, "exchange"), n.Passed, n.Failed, n.Skipped, n.Unknown, plural(n.Violations, "violation"))
	return bw.Flush()
}

// plural returns "1 violation", "2 violations".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
