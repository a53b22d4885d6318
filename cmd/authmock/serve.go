package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"authmock/server"
)

// serverFlags are the flags that shape the mock, shared by serve, token and scenarios.
type serverFlags struct {
	secret    string
	ttl       time.Duration
	seed      int64
	mfaCode   string
	scenarios string
	rateLimit bool
}

func (f *serverFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.secret, "jwt-secret", os.Getenv("AUTHMOCK_JWT_SECRET"), "HS256 signing secret (env AUTHMOCK_JWT_SECRET; default: the public development secret)")
	fs.DurationVar(&f.ttl, "jwt-ttl", envSeconds("JWT_VALIDITY_SEC"), "lifetime of signin, MFA verify and refresh tokens (env JWT_VALIDITY_SEC in seconds; default 6h)")
	fs.Int64Var(&f.seed, "seed", 0, "seed of the fake users: the same seed gives the same users")
	fs.StringVar(&f.mfaCode, "mfa-code", "123456", "the 6-digit code MFA verify accepts")
	fs.StringVar(&f.scenarios, "scenarios", "", "directory of *.yaml scenarios that add to or override the built-in ones")
	fs.BoolVar(&f.rateLimit, "rate-limit", false, "enforce the documented 10 signins per minute per IP")
}

func (f *serverFlags) config() server.Config {
	cfg := server.Config{JWTSecret: f.secret, TokenTTL: f.ttl, Seed: f.seed, MFACode: f.mfaCode, RateLimit: f.rateLimit}
	if f.scenarios != "" {
		cfg.ScenarioDirs = []string{f.scenarios}
	}
	return cfg
}

// envSeconds reads a whole number of seconds from the environment; 0 when unset or bad (New then
// uses the default, and a bad value is reported by parseEnv).
func envSeconds(name string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(os.Getenv(name)))
	if err != nil || n <= 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}

func checkEnv() error {
	if v := os.Getenv("JWT_VALIDITY_SEC"); v != "" {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err != nil || n <= 0 {
			return fmt.Errorf("JWT_VALIDITY_SEC=%q: want a positive whole number of seconds", v)
		}
	}
	return nil
}

// maxHeaderBytes bounds the request headers; larger ones get 431.
const maxHeaderBytes = 64 << 10

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf serverFlags
	sf.register(fs)
	addr := fs.String("addr", "127.0.0.1:4010", "address to listen on")
	quiet := fs.Bool("quiet", false, "do not log one line per request")
	readHeader := fs.Duration("read-header-timeout", 10*time.Second, "cut clients that take longer to send the request headers")
	readAll := fs.Duration("read-timeout", 30*time.Second, "cut clients that take longer to send the whole request, body included")
	idle := fs.Duration("idle-timeout", 2*time.Minute, "close keep-alive connections idle this long")
	strict := fs.Bool("strict", false, "validate every response against the spec; a violation becomes a 500 problem naming it")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := checkEnv(); err != nil {
		fmt.Fprintln(stderr, "authmock serve:", err)
		return 2
	}
	tuneGC()
	cfg := sf.config()
	cfg.Strict = *strict
	if !*quiet {
		cfg.Log = stdout
	}
	e, err := server.New(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "authmock serve:", err)
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, "authmock serve:", err)
		return 1
	}
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); !net.ParseIP(host).IsLoopback() {
		fmt.Fprintf(stderr, "authmock serve: warning: listening on %s, beyond this machine: the mock issues valid tokens to anyone who asks\n", ln.Addr())
	}
	srv := &http.Server{
		Handler:           e,
		ReadHeaderTimeout: *readHeader,
		ReadTimeout:       *readAll,
		IdleTimeout:       *idle,
		MaxHeaderBytes:    maxHeaderBytes,
	}
	fmt.Fprintf(stdout, "authmock serving Pria and Authiqa on http://%s (specs at /__mock/openapi/, health at /__mock/health)\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintln(stderr, "authmock serve:", err)
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "authmock serve: shutting down:", err)
		return 1
	}
	return 0
}
