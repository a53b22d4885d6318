package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"authmock/proxy"
	"authmock/server"
)

const proxyUsage = `usage: authmock proxy --target URL [--addr 127.0.0.1:4011] [--report FILE] [--format json|junit|har] [--strict] [--timeout 30s]

Forwards every request unchanged to the target and validates each exchange against the Pria and
Authiqa specs. Each response carries X-Contract-Violations; each violation is logged on stderr.
On SIGINT or SIGTERM the proxy drains the requests in flight, then writes the report.`

// runProxy is the proxy command. It serves until ctx is cancelled.
func runProxy(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("proxy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, proxyUsage)
		fs.PrintDefaults()
	}
	target := fs.String("target", "", "base URL of the real server, e.g. https://pria.praxislxp.com (required)")
	addr := fs.String("addr", "127.0.0.1:4011", "address to listen on")
	reportPath := fs.String("report", "", "file to write the report to on exit (default: none)")
	format := fs.String("format", proxy.FormatJSON, "report format: json, junit or har (the failing exchanges)")
	strict := fs.Bool("strict", false, "replace a violating response by a 502 problem")
	timeout := fs.Duration("timeout", 30*time.Second, "time allowed to each forwarded exchange")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	switch {
	case *target == "":
		return usageError(fs, stderr, "--target is required")
	case fs.NArg() > 0:
		return usageError(fs, stderr, "unexpected argument %q", fs.Arg(0))
	case *format != proxy.FormatJSON && *format != proxy.FormatJUnit && *format != proxy.FormatHAR:
		return usageError(fs, stderr, "unknown --format %q", *format)
	case *timeout <= 0:
		return usageError(fs, stderr, "--timeout must be positive")
	}
	v, err := server.NewValidator()
	if err != nil {
		fmt.Fprintln(stderr, "authmock proxy:", err)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	p, err := proxy.New(proxy.Config{Target: *target, Validator: v, Strict: *strict, Timeout: *timeout, Logger: logger})
	if err != nil {
		fmt.Fprintln(stderr, "authmock proxy:", err)
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, "authmock proxy:", err)
		return 2
	}
	// The server's own timeouts leave room for a slow upstream: the proxy bounds each exchange.
	srv := &http.Server{
		Handler:           p,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       *timeout, // a client that never finishes its body does not hold a connection
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    maxHeaderBytes,
	}
	fmt.Fprintf(stdout, "authmock proxy: listening on http://%s, forwarding to %s\n", ln.Addr(), *target)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	code := 0
	select {
	case <-ctx.Done():
		// Drain the requests in flight: each is bounded by --timeout.
		shutdownCtx, cancel := context.WithTimeout(context.Background(), *timeout+5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdownCtx); err != nil {
			fmt.Fprintln(stderr, "authmock proxy: shutting down:", err)
			code = 1
		}
	case err := <-served:
		fmt.Fprintln(stderr, "authmock proxy:", err)
		code = 1
	}
	if *reportPath != "" {
		if err := writeProxyReport(p, *reportPath, *format); err != nil {
			fmt.Fprintln(stderr, "authmock proxy:", err)
			return 1
		}
		fmt.Fprintf(stdout, "authmock proxy: report written to %s\n", *reportPath)
	}
	return code
}

// writeProxyReport writes the report to a temporary file renamed to path, so that path never holds
// half a report.
func writeProxyReport(p *proxy.Proxy, path, format string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".authmock-report-*")
	if err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("writing the report: %w", err)
	}
	if err := p.WriteReport(tmp, format); err != nil {
		tmp.Close()
		return fmt.Errorf("writing the report %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing the report %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}
