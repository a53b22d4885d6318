package proxy

import (
	"fmt"
	"io"

	"authmock/har"
	"authmock/validator/report"
)

// Formats of WriteReport.
const (
	FormatJSON  = "json"
	FormatJUnit = "junit"
	FormatHAR   = "har"
)

// Report returns the report of the run so far: one suite, with every exchange counted and the last
// Config.Keep detailed.
func (p *Proxy) Report() *report.Report {
	records, counts := p.rec.records()
	s := &report.Suite{Name: p.rec.name, Counts: counts, Cases: make([]report.Case, 0, len(records))}
	for _, r := range records {
		s.Cases = append(s.Cases, r.c)
	}
	s.Dropped = counts.Total - len(s.Cases)
	return &report.Report{Suites: []*report.Suite{s}}
}

// WriteReport writes the report of the run to w in format: "json", "junit", or "har" (the failing
// exchanges kept, with their bodies).
func (p *Proxy) WriteReport(w io.Writer, format string) error {
	switch format {
	case FormatJSON:
		return p.Report().WriteJSON(w)
	case FormatJUnit:
		return p.Report().WriteJUnit(w)
	case FormatHAR:
		records, _ := p.rec.records()
		log := &har.Log{Creator: har.Creator{Name: "authmock proxy", Version: "1"}, Entries: []har.Entry{}}
		for _, r := range records {
			if r.ex == nil {
				continue
			}
			e := har.EntryOf(*r.ex, r.started, r.d)
			e.Request.URL = p.targetURL(r.ex.Request.URL).String()
			e.Comment = fmt.Sprintf("%d contract violation(s)", len(r.c.Violations))
			if r.truncated {
				e.Comment += fmt.Sprintf("; bodies cut at %d bytes", maxKeptBody)
			}
			log.Entries = append(log.Entries, e)
		}
		return har.Write(w, log)
	default:
		return fmt.Errorf("proxy: unknown report format %q", format)
	}
}
