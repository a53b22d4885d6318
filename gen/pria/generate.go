// Package pria holds the code generated from openapi/pria.yaml. Do not edit it by hand.
package pria

//go:generate go tool oapi-codegen -config cfg.yaml ../../openapi/pria.yaml
