package server

import (
	"bytes"
	"encoding/json"
	"net/http"

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
			buf := &bufferedWriter{header: orig.Header(), status: http.StatusOK}
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

func (w *bufferedWriter) Header() http.Header         { return w.header }
func (w *bufferedWriter) WriteHeader(status int)      { w.status = status }
func (w *bufferedWriter) Write(b []byte) (int, error) { return w.body.Write(b) }
