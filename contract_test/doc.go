// Package contracttest checks the documented behaviour of the Pria and Authiqa APIs, every exchange
// validated against the specs. It runs against an in-process mock by default, and against any
// deployment when CONTRACT_BASE_URL is set (see the README's "Contract tests").
package contracttest
