// Package authiqa holds the code generated from openapi/authiqa.yaml. Do not edit it by hand.
package authiqa

//go:generate go tool oapi-codegen -config cfg.yaml ../../openapi/authiqa.yaml
