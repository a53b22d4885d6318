// Command wait-ready polls a URL every millisecond until it answers 2xx, then prints the milliseconds
// elapsed since -since (Unix nanoseconds, taken just before the server was started), so that
// scripts/bench-peers.sh can time a server's start-up to its first answer; -o saves that answer's
// body. It is the script's only HTTP client, so that the script needs no curl.
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

type headers []string

func (h *headers) String() string     { return strings.Join(*h, ", ") }
func (h *headers) Set(v string) error { *h = append(*h, v); return nil }

func main() {
	url := flag.String("url", "", "URL to poll")
	method := flag.String("method", http.MethodGet, "request method")
	body := flag.String("body", "", "request body")
	since := flag.Int64("since", time.Now().UnixNano(), "Unix nanoseconds the start-up is timed from")
	timeout := flag.Duration("timeout", 60*time.Second, "give up after this long")
	out := flag.String("o", "", "file to write the body of the first 2xx answer to")
	var hs headers
	flag.Var(&hs, "H", "request header `Name: value` (repeatable)")
	flag.Parse()

	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(*timeout)
	for time.Now().Before(deadline) {
		req, err := http.NewRequest(*method, *url, strings.NewReader(*body))
		if err != nil {
			fmt.Fprintln(os.Stderr, "wait-ready:", err)
			os.Exit(2)
		}
		for _, h := range hs {
			k, v, _ := strings.Cut(h, ":")
			req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
		}
		if res, err := client.Do(req); err == nil {
			b, rerr := io.ReadAll(res.Body)
			res.Body.Close()
			if rerr == nil && res.StatusCode >= 200 && res.StatusCode < 300 {
				elapsed := float64(time.Now().UnixNano()-*since) / 1e6
				if *out != "" {
					if err := os.WriteFile(*out, b, 0o644); err != nil {
						fmt.Fprintln(os.Stderr, "wait-ready:", err)
						os.Exit(2)
					}
				}
				fmt.Printf("%.1f\n", elapsed)
				return
			}
		}
		time.Sleep(time.Millisecond)
	}
	fmt.Fprintf(os.Stderr, "wait-ready: %s %s: no 2xx answer within %v\n", *method, *url, *timeout)
	os.Exit(1)
}
