// Package scenarios holds the named states QA can put an operation in: the catalogue (data in
// *.yaml, embedded), its strict loader, and the engine that picks which scenario applies to a
// request.
package scenarios

import "embed"

// Default is the name of the scenario in force when none is chosen: the mock's normal behaviour.
const Default = "default"

// Token outcomes: the request's token is treated as expired, invalid or absent.
const (
	TokenExpired = "expired"
	TokenInvalid = "invalid"
	TokenMissing = "missing"
)

// MFA outcomes of signin.
const (
	MFARequired       = "required"
	MFAMandatorySuper = "mandatory-super"
)

// Scenario is one named state, with what it does to each operation it applies to.
type Scenario struct {
	Name       string             `yaml:"name"`
	Summary    string             `yaml:"summary"`
	Operations map[string]Outcome `yaml:"operations"`

	file string
	line int
}

// Source names the file and line the scenario was defined at.
func (s *Scenario) Source() (file string, line int) { return s.file, s.line }

// Outcome is what a scenario does to one operation. A non-zero Status answers with that error in
// the API's shape; otherwise the operation runs normally, shaped by the other fields.
type Outcome struct {
	// Status, Message, Code and Headers describe an error answer; Code is the Authiqa error code.
	Status  int               `yaml:"status"`
	Message string            `yaml:"message"`
	Code    string            `yaml:"code"`
	Headers map[string]string `yaml:"headers"`
	// Token treats the request's token as expired, invalid or missing.
	Token string `yaml:"token"`
	// MFA makes signin answer with a challenge: required or mandatory-super.
	MFA string `yaml:"mfa"`
	// AccountType is the persona: super, admin or user for Pria, parent or child for Authiqa.
	AccountType string `yaml:"accountType"`
	// Profile holds fields set on the returned profile, by their JSON names.
	Profile map[string]any `yaml:"profile"`
}

// IsError reports whether the outcome is an error answer.
func (o Outcome) IsError() bool { return o.Status != 0 }

//go:embed *.yaml
var embedded embed.FS
