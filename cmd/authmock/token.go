package main

import (
	"flag"
	"fmt"
	"io"

	"authmock/server"
)

func runToken(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf serverFlags
	sf.register(fs)
	var r server.TokenRequest
	fs.StringVar(&r.API, "api", "pria", "pria or authiqa")
	fs.StringVar(&r.AccountType, "account-type", "", "super, admin or user (pria; default user), parent or child (authiqa; default parent)")
	fs.StringVar(&r.Email, "email", server.DefaultTokenEmail, "the token's user")
	fs.DurationVar(&r.TTL, "ttl", 0, "lifetime (default: the token lifetime, 6h)")
	fs.BoolVar(&r.Expired, "expired", false, "mint a token that has already expired")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := checkEnv(); err != nil {
		fmt.Fprintln(stderr, "authmock token:", err)
		return 2
	}
	tok, err := server.MintToken(sf.config(), r)
	if err != nil {
		fmt.Fprintln(stderr, "authmock token:", err)
		return 2
	}
	fmt.Fprintln(stdout, tok)
	return 0
}
