// Command authmock serves the Pria and Authiqa mock, mints tokens, lists the scenarios, and
// validates real traffic against the specs.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd, args := os.Args[1], os.Args[2:]
	var code int
	switch cmd {
	case "serve":
		code = runServe(ctx, args, os.Stdout, os.Stderr)
	case "token":
		code = runToken(args, os.Stdout, os.Stderr)
	case "scenarios":
		code = runScenarios(args, os.Stdout, os.Stderr)
	case "soak":
		code = runSoak(ctx, args, os.Stdout, os.Stderr)
	case "validate":
		code = runValidate(args, os.Stdout, os.Stderr)
	case "proxy":
		code = runProxy(ctx, args, os.Stdout, os.Stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(os.Stdout, usage)
	default:
		fmt.Fprintf(os.Stderr, "authmock: unknown command %q\n%s\n", cmd, usage)
		code = 2
	}
	os.Exit(code)
}

const usage = `usage: authmock <command> [flags]
commands:
  serve      serve the Pria and Authiqa mock (default address 127.0.0.1:4010)
  token      print a signed token, for curl and scripts
  scenarios  list the scenario catalogue
  validate   check HAR files against the specs
  proxy      forward to a real server and validate the traffic
  soak       drive a mixed workload at an in-process mock and report statuses, memory, goroutines
Run 'authmock <command> -h' for the flags of a command.`
