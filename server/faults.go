package server

import (
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
)

// Fault controls, accepted on any operation.
const (
	paramDelay = "__delay"
	paramFault = "__fault"
	faultReset = "reset"
)

// applyFaults waits __delay milliseconds (capped at MaxDelay) and, for __fault=reset, closes the
// connection without a response. done reports that the request has been dealt with.
func (s *server) applyFaults(c echo.Context, op *operation, q url.Values) (done bool, err error) {
	if v := q.Get(paramDelay); v != "" {
		ms, perr := strconv.Atoi(v)
		if perr != nil || ms < 0 {
			return true, writeAPIError(c, op.api, badRequest("%s: want a whole number of milliseconds, got %q", paramDelay, v))
		}
		d := s.cfg.MaxDelay
		if int64(ms) < int64(d/time.Millisecond) { // compared in milliseconds: ms*1e6 could overflow
			d = time.Duration(ms) * time.Millisecond
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-c.Request().Context().Done():
			t.Stop()
			return true, nil
		}
	}
	switch v := q.Get(paramFault); v {
	case "":
		return false, nil
	case faultReset:
		return true, resetConnection(c)
	default:
		return true, writeAPIError(c, op.api, badRequest("%s: unknown fault %q; faults: %s", paramFault, v, faultReset))
	}
}

// resetConnection closes the client's connection with no response (a TCP reset where the
// connection allows it), as a crashed or unreachable server would.
func resetConnection(c echo.Context) error {
	conn, _, err := c.Response().Hijack()
	if err != nil {
		// Not hijackable (HTTP/2 or a test recorder): abort the handler, which makes net/http drop
		// the connection without writing a response.
		panic(errAbort)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	return conn.Close()
}

// errAbort makes net/http close the connection without a response.
var errAbort = http.ErrAbortHandler
