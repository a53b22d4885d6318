package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// JUnit XML, as CI systems read it: one testsuite per suite, one testcase per case.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name       string           `xml:"name,attr"`
		Tests      int              `xml:"tests,attr"`
		Failures   int              `xml:"failures,attr"`
		Errors     int              `xml:"errors,attr"`
		Skipped    int              `xml:"skipped,attr"`
		Properties *junitProperties `xml:"properties,omitempty"`
		Cases      []junitCase      `xml:"testcase"`
	}
	junitProperties struct {
		List []junitProperty `xml:"property"`
	}
	junitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		Failure   *junitFailure `xml:"failure,omitempty"`
		Skipped   *junitSkipped `xml:"skipped,omitempty"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
	junitSkipped struct {
		Message string `xml:"message,attr"`
	}
)

// WriteJUnit writes r as JUnit XML: the classname of a testcase is "api.operation" ("unknown" or
// "skipped" otherwise), each violation is a line of its failure. Unknown exchanges are skipped
// testcases, or failures when UnknownFails.
func (r *Report) WriteJUnit(w io.Writer) error {
	out := junitSuites{Name: "authmock"}
	for _, s := range r.Suites {
		js := junitSuite{Name: s.Name, Tests: len(s.Cases)}
		if s.Dropped > 0 {
			js.Properties = &junitProperties{List: []junitProperty{
				{Name: "dropped", Value: strconv.Itoa(s.Dropped)},
				{Name: "total", Value: strconv.Itoa(s.Counts.Total)},
			}}
		}
		for _, c := range s.Cases {
			jc := junitCase{Name: c.Title(), Classname: classname(c)}
			switch {
			case r.failing(c):
				jc.Failure = failure(c)
				js.Failures++
			case c.Outcome == Skipped || c.Outcome == Unknown:
				jc.Skipped = &junitSkipped{Message: c.Reason}
				js.Skipped++
			}
			js.Cases = append(js.Cases, jc)
		}
		out.Tests += js.Tests
		out.Failures += js.Failures
		out.Skipped += js.Skipped
		out.Suites = append(out.Suites, js)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("writing junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func classname(c Case) string {
	switch {
	case c.API != "":
		return c.API + "." + c.Operation
	case c.Outcome == Unknown:
		return "unknown"
	default:
		return "skipped"
	}
}

func failure(c Case) *junitFailure {
	if c.Outcome == Unknown {
		return &junitFailure{Message: c.Reason, Type: "unknown"}
	}
	lines := make([]string, 0, len(c.Violations))
	for _, v := range c.Violations {
		lines = append(lines, c.Line(v))
	}
	return &junitFailure{Message: plural(len(c.Violations), "violation"), Type: "contract", Text: strings.Join(lines, "\n")}
}
