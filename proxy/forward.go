package proxy

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// hopHeaders are the headers of one connection, which a proxy does not forward (RFC 9110 7.6.1).
var hopHeaders = []string{
	"Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization",
	"Te", "Trailer", "Transfer-Encoding", "Upgrade",
}

// outbound returns the request to send to the target: r's method, path, query, headers and body,
// for the target's host. The target's own path, if any, prefixes r's.
func (p *Proxy) outbound(ctx context.Context, r *http.Request, body []byte, complete bool) *http.Request {
	out := r.Clone(ctx)
	out.RequestURI = ""
	out.URL = p.targetURL(r.URL)
	out.Host = ""
	removeHopHeaders(out.Header)
	if r.ContentLength == 0 && len(body) == 0 {
		out.Body = nil
	} else if complete {
		out.Body = io.NopCloser(bytes.NewReader(body))
	} else {
		out.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
	}
	return out
}

// targetURL returns the URL of the target for u, a request's URL: the target's path, if any,
// prefixes u's.
func (p *Proxy) targetURL(u *url.URL) *url.URL {
	t := *p.target
	t.Path = strings.TrimSuffix(p.target.Path, "/") + u.Path
	if u.RawPath != "" {
		t.RawPath = strings.TrimSuffix(p.target.EscapedPath(), "/") + u.RawPath
	}
	t.RawQuery = u.RawQuery
	return &t
}

// removeHopHeaders removes the hop-by-hop headers, and those the Connection header names.
func removeHopHeaders(h http.Header) {
	for _, v := range h.Values("Connection") {
		for name := range strings.SplitSeq(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				h.Del(name)
			}
		}
	}
	for _, name := range hopHeaders {
		h.Del(name)
	}
}

// copyHeader copies the end-to-end headers of src into dst.
func copyHeader(dst, src http.Header) {
	for name, values := range src {
		dst[name] = append([]string(nil), values...)
	}
	removeHopHeaders(dst)
}

// readCapped reads r up to max bytes. complete says whether that was all of it; when not, r still
// holds the rest.
func readCapped(r io.Reader, max int64) (body []byte, complete bool, err error) {
	if r == nil || r == http.NoBody {
		return nil, true, nil
	}
	body, err = io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(body)) > max {
		// body holds max+1 bytes, r the rest.
		return body, false, nil
	}
	return body, true, nil
}

// gatewayStatus is the status of a failed forward: 504 when the timeout expired, 502 otherwise.
func gatewayStatus(ctx context.Context, err error) int {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return http.StatusGatewayTimeout
	}
	return http.StatusBadGateway
}

// decodeContent returns body without its Content-Encoding, for validation. It reports false for an
// encoding it cannot undo (br, zstd).
func decodeContent(h http.Header, body []byte, limit int64) ([]byte, bool) {
	var r io.ReadCloser
	var err error
	switch enc := strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding"))); enc {
	case "", "identity":
		return body, true
	case "gzip", "x-gzip":
		r, err = gzip.NewReader(bytes.NewReader(body))
	case "deflate":
		// HTTP's deflate is zlib; some servers send raw deflate.
		if r, err = zlib.NewReader(bytes.NewReader(body)); err != nil {
			r, err = flate.NewReader(bytes.NewReader(body)), nil
		}
	default:
		return nil, false
	}
	if err != nil {
		return nil, false
	}
	defer r.Close()
	// A few compressed bytes can expand without end: read at most limit, and validate nothing
	// longer.
	decoded, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil || int64(len(decoded)) > limit {
		return nil, false
	}
	return decoded, true
}
