package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"authmock/gen/authiqa"
	"authmock/gen/pria"
	"authmock/session"
)

// apiError is an error answer in an API's shape: status, message and, for Authiqa, a code.
type apiError struct {
	Status  int
	Code    string // Authiqa error code; derived from Status when empty
	Message string
	Header  map[string]string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.Status, e.Message) }

func badRequest(format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Message: fmt.Sprintf(format, args...)}
}

// authiqaCodes are the codes of the Authiqa error table, by status.
var authiqaCodes = map[int]authiqa.ErrorResponseErrorCode{
	http.StatusBadRequest:          authiqa.BADREQUEST,
	http.StatusUnauthorized:        authiqa.UNAUTHORIZED,
	http.StatusForbidden:           authiqa.ACCOUNTINACTIVE,
	http.StatusNotFound:            authiqa.USERNOTFOUND,
	http.StatusInternalServerError: authiqa.INTERNALERROR,
}

// tokenError maps a session error to each API's documented answer. It is the one place token
// failures become statuses.
func tokenError(api string, err error) *apiError {
	if api == apiAuthiqa {
		msg := "Invalid or missing authentication token"
		if errors.Is(err, session.ErrTokenExpired) {
			msg = "Authentication token has expired"
		}
		return &apiError{Status: http.StatusUnauthorized, Code: string(authiqa.UNAUTHORIZED), Message: msg}
	}
	switch {
	case errors.Is(err, session.ErrTokenMissing):
		return &apiError{Status: http.StatusForbidden, Message: "Authentication Required"}
	case errors.Is(err, session.ErrTokenExpired):
		return &apiError{Status: http.StatusUnauthorized, Message: "jwt expired"}
	default:
		return &apiError{Status: http.StatusUnauthorized, Message: "invalid signature"}
	}
}

// writeAPIError writes e in the shape of api.
func writeAPIError(c echo.Context, api string, e *apiError) error {
	for k, v := range e.Header {
		c.Response().Header().Set(k, v)
	}
	if api == apiAuthiqa {
		code := authiqa.ErrorResponseErrorCode(e.Code)
		if code == "" {
			code = authiqaCodes[e.Status]
			if code == "" {
				code = authiqa.INTERNALERROR
			}
		}
		body := authiqa.ErrorResponse{Success: false}
		body.Error.Code = code
		body.Error.Message = e.Message
		return c.JSON(e.Status, body)
	}
	return c.JSON(e.Status, pria.Error{Success: false, Message: e.Message})
}

// problem is an application/problem+json body, used for the mock's own endpoints and for paths
// that belong to no API.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
}

func writeProblem(c echo.Context, status int, detail string) error {
	b, err := json.Marshal(problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail})
	if err != nil {
		return err
	}
	return c.Blob(status, "application/problem+json", b)
}

// errorHandler is the central HTTPErrorHandler: every error of every route is rendered here, in
// the shape of the API the route belongs to, or as a problem for anything else.
func (s *server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	op := s.routes[routeKey{c.Request().Method, c.Path()}]
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = s.classify(err)
	}
	if ae.Status >= 500 {
		fmt.Fprintf(s.cfg.Log, "error: %s %s: %v\n", c.Request().Method, c.Request().URL.Path, err)
	}
	var werr error
	if op != nil && op.declares(ae.Status) {
		werr = writeAPIError(c, op.api, ae)
	} else {
		werr = writeProblem(c, ae.Status, ae.Message)
	}
	if werr != nil {
		fmt.Fprintf(s.cfg.Log, "error: writing error response: %v\n", werr)
	}
}

// classify turns echo's and the decoder's errors into answers that name the problem.
func (s *server) classify(err error) *apiError {
	var he *echo.HTTPError
	if !errors.As(err, &he) {
		return &apiError{Status: http.StatusInternalServerError, Message: "Internal Server Error"}
	}
	msg := fmt.Sprint(he.Message)
	switch he.Code {
	case http.StatusNotFound:
		msg = "no such path"
	case http.StatusMethodNotAllowed:
		msg = "method not allowed for this path"
	case http.StatusUnsupportedMediaType:
		msg = "body: Content-Type must be application/json"
	case http.StatusRequestEntityTooLarge:
		msg = "body: larger than 1 MiB"
	case http.StatusBadRequest:
		msg = describeDecodeError(he)
	}
	if he.Code >= 500 {
		msg = "Internal Server Error"
	}
	return &apiError{Status: he.Code, Message: msg}
}

// describeDecodeError names the field of a JSON decoding failure.
func describeDecodeError(he *echo.HTTPError) string {
	var te *json.UnmarshalTypeError
	if errors.As(he.Internal, &te) {
		field := te.Field
		if field == "" {
			field = "body"
		}
		return fmt.Sprintf("%s: expected %s, got %s", field, jsonKind(te.Type.Kind().String()), te.Value)
	}
	if errors.Is(he.Internal, io.ErrUnexpectedEOF) {
		return "body: invalid JSON: unexpected end of input"
	}
	var se *json.SyntaxError
	if errors.As(he.Internal, &se) {
		return fmt.Sprintf("body: invalid JSON at offset %d: %s", se.Offset, se.Error())
	}
	if he.Internal != nil {
		return "body: " + he.Internal.Error()
	}
	return strings.TrimSpace(fmt.Sprint(he.Message))
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "int", "int64", "int32", "float64", "float32":
		return "number"
	case "map", "struct":
		return "object"
	case "slice", "array":
		return "array"
	}
	return goKind
}
