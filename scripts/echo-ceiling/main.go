// Command echo-ceiling is the ceiling of the peer benchmark (scripts/bench-peers.sh): a bare echo
// server that answers the benchmarked routes with fixed bytes, so that what it measures is the HTTP
// stack and the load generator, not a mock's work.
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"

	"github.com/labstack/echo/v4"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:4099", "address to listen on")
	signin := flag.String("signin", "", "file whose bytes POST /api/auth/signin answers (default: a small JSON object)")
	profile := flag.String("profile", "", "file whose bytes GET /auth/user-profile answers (default: a small JSON object)")
	flag.Parse()

	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	for _, r := range []struct{ method, path, file string }{
		{http.MethodPost, "/api/auth/signin", *signin},
		{http.MethodGet, "/auth/user-profile", *profile},
		{http.MethodGet, "/__mock/health", ""},
	} {
		body := []byte(`{"status":"ok"}`)
		if r.file != "" {
			b, err := os.ReadFile(r.file)
			if err != nil {
				fmt.Fprintln(os.Stderr, "echo-ceiling:", err)
				os.Exit(2)
			}
			body = b
		}
		e.Add(r.method, r.path, func(c echo.Context) error {
			return c.JSONBlob(http.StatusOK, body)
		})
	}
	if err := e.Start(*addr); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, "echo-ceiling:", err)
		os.Exit(1)
	}
}
