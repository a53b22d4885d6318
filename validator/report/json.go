package report

import (
	"encoding/json"
	"io"
)

// WriteJSON writes r as an indented JSON document: {"unknownFails", "totals", "suites"}.
func (r *Report) WriteJSON(w io.Writer) error {
	out := struct {
		UnknownFails bool     `json:"unknownFails"`
		Totals       Counts   `json:"totals"`
		Suites       []*Suite `json:"suites"`
	}{r.UnknownFails, r.Totals(), r.Suites}
	if out.Suites == nil {
		out.Suites = []*Suite{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
