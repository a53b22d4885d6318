package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"

	"authmock/validator"
)

// strictProblem is the body of a response the mock refused to send because it broke the spec.
type strictProblem struct {
	problem
	Violations []validator.Violation `json:"violations"`
}

// strictMiddleware validates every response of an operation before it leaves: a response that
// breaks the spec becomes a 500 problem naming the violations, so the mock never lies about its
// own contract. The response is buffered, so it costs one copy per request.
func (s *server) strictMiddleware(v *validator.Validator) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			res := c.Response()
			orig := res.Writer
			buf := bufferedWriters.Get().(*bufferedWriter)
			defer buf.release()
			buf.header, buf.status = orig.Header(), http.StatusOK
			res.Writer = buf
			err := next(c)
			if err != nil {
				c.Error(err) // render into the buffer, so the error answer is checked too
			}
			res.Writer = orig
			result := v.ValidateResponse(c.Request().Context(), c.Request(), buf.status, buf.header, buf.body.Bytes())
			attachViolations(c, result.Violations)
			if result.Count(validator.SideResponse) == 0 {
				orig.WriteHeader(buf.status)
				_, werr := orig.Write(buf.body.Bytes())
				return werr
			}
			body := strictProblem{problem: problem{
				Type:   "about:blank",
				Title:  "the mock's response breaks its spec",
				Status: http.StatusInternalServerError,
				Detail: result.String(),
			}}
			for _, vi := range result.Violations {
				if vi.Side == validator.SideResponse {
					body.Violations = append(body.Violations, vi)
				}
			}
			b, merr := json.Marshal(body)
			if merr != nil {
				return merr
			}
			s.log.Printf("strict: %s %s: %s", c.Request().Method, c.Request().URL.Path, result.String())
			h := orig.Header()
			h.Del("Content-Length")
			h.Set(echo.HeaderContentType, "application/problem+json")
			res.Status = http.StatusInternalServerError
			orig.WriteHeader(http.StatusInternalServerError)
			_, werr := orig.Write(b)
			return werr
		}
	}
}

// bufferedWriter holds a response until it has been validated.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

// bufferedWriters are reused: growing a new buffer to a few KiB for every response was a third of
// the allocations strict mode adds to a request. Nothing keeps a response's bytes after it has been
// validated and written (the validator copies what it remembers).
var bufferedWriters = sync.Pool{New: func() any { return new(bufferedWriter) }}

// maxPooledBody bounds the buffers kept for reuse, so that one large response does not stay in
// memory.
const maxPooledBody = 64 << 10

func (w *bufferedWriter) release() {
	if w.body.Cap() > maxPooledBody {
		return
	}
	w.header = nil
	w.body.Reset()
	bufferedWriters.Put(w)
}

func (w *bufferedWriter) Header() http.Header         { return w.header }
func (w *bufferedWriter) WriteHeader(status int)      { w.status = status }
func (w *bufferedWriter) Write(b []byte) (int, error) { return w.body.Write(b) }
