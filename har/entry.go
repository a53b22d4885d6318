package har

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"authmock/validator"
)

// Reasons an entry is skipped: it is not an exchange the contract covers.
const (
	SkipPreflight   = "cors preflight"
	SkipNoResponse  = "no response"
	SkipNotModified = "304 not modified"
	SkipFromCache   = "served from the browser cache"
)

// SkipReason says why e is not a contract exchange, or returns "" when it is one: a CORS preflight
// (any OPTIONS request), a request that got no response (status 0), a 304, or a response the browser
// served from its cache (Chrome's _fromCache, Safari's _fetchType, Firefox's cache.afterRequest).
func (e *Entry) SkipReason() string {
	switch {
	case strings.EqualFold(e.Request.Method, http.MethodOptions):
		return SkipPreflight
	case e.FromCache != "",
		strings.Contains(strings.ToLower(e.FetchType), "cache"),
		e.Cache.has("afterRequest"), e.Cache.has("beforeRequest"):
		return SkipFromCache
	case e.Response.Status == 0:
		return SkipNoResponse
	case e.Response.Status == http.StatusNotModified:
		return SkipNotModified
	}
	return ""
}

func (c Cache) has(key string) bool {
	_, ok := c[key]
	return ok
}

// Exchange returns e as a validator exchange. An error says which part of e cannot be decoded.
func (e *Entry) Exchange() (validator.Exchange, error) {
	u, err := url.Parse(e.Request.URL)
	if err != nil {
		return validator.Exchange{}, fmt.Errorf("request.url: %w", err)
	}
	req := validator.Request{Method: e.Request.Method, URL: u, Header: header(e.Request.Headers)}
	if pd := e.Request.PostData; pd != nil {
		if req.Body, err = decode(pd.Text, pd.Encoding); err != nil {
			return validator.Exchange{}, fmt.Errorf("request.postData: %w", err)
		}
		if req.Header.Get("Content-Type") == "" && pd.MimeType != "" {
			req.Header.Set("Content-Type", pd.MimeType)
		}
	}
	res := validator.Response{Status: e.Response.Status, Header: header(e.Response.Headers)}
	if c := e.Response.Content; c.Text == nil {
		res.BodyOmitted = c.Size > 0
	} else if res.Body, err = decode(*c.Text, c.Encoding); err != nil {
		return validator.Exchange{}, fmt.Errorf("response.content: %w", err)
	}
	return validator.Exchange{Request: req, Response: res}, nil
}

// header returns the headers of a HAR list as an http.Header, leaving out HTTP/2 pseudo-headers
// (":authority", ":path"...) that Chrome lists with the others.
func header(list []NameValue) http.Header {
	h := make(http.Header, len(list))
	// One array holds the first value of every name, as net/textproto does.
	values := make([]string, len(list))
	for i, nv := range list {
		if strings.HasPrefix(nv.Name, ":") {
			continue
		}
		key := textproto.CanonicalMIMEHeaderKey(nv.Name)
		if prev, ok := h[key]; ok {
			h[key] = append(prev, nv.Value)
			continue
		}
		values[i] = nv.Value
		h[key] = values[i : i+1 : i+1]
	}
	return h
}

func decode(text, encoding string) ([]byte, error) {
	switch strings.ToLower(encoding) {
	case "":
		return []byte(text), nil
	case "base64":
		b, err := base64.StdEncoding.DecodeString(text)
		if err != nil {
			return nil, fmt.Errorf("decoding base64: %w", err)
		}
		return b, nil
	default:
		return nil, fmt.Errorf("unknown encoding %q", encoding)
	}
}

// timeFormat is the ISO 8601 form of startedDateTime that browsers write, to the millisecond.
const timeFormat = "2006-01-02T15:04:05.000Z07:00"

// EntryOf returns the HAR entry of an exchange that started at started and took d. A body that is
// not UTF-8 text is written in base64.
func EntryOf(ex validator.Exchange, started time.Time, d time.Duration) Entry {
	e := Entry{
		StartedDateTime: started.UTC().Format(timeFormat),
		Time:            float64(d) / float64(time.Millisecond),
		Request: Request{
			Method:      ex.Request.Method,
			HTTPVersion: "HTTP/1.1",
			Cookies:     []Cookie{},
			Headers:     nameValues(ex.Request.Header),
			QueryString: []NameValue{},
			HeadersSize: -1,
			BodySize:    int64(len(ex.Request.Body)),
		},
		Response: Response{
			Status:      ex.Response.Status,
			StatusText:  http.StatusText(ex.Response.Status),
			HTTPVersion: "HTTP/1.1",
			Cookies:     []Cookie{},
			Headers:     nameValues(ex.Response.Header),
			Content:     content(ex.Response.Header.Get("Content-Type"), ex.Response.Body),
			RedirectURL: ex.Response.Header.Get("Location"),
			HeadersSize: -1,
			BodySize:    int64(len(ex.Response.Body)),
		},
		Cache:   Cache{},
		Timings: Timings{Send: 0, Wait: float64(d) / float64(time.Millisecond), Receive: 0},
	}
	if u := ex.Request.URL; u != nil {
		e.Request.URL = u.String()
		q := u.Query()
		for _, name := range sortedKeys(q) {
			for _, v := range q[name] {
				e.Request.QueryString = append(e.Request.QueryString, NameValue{Name: name, Value: v})
			}
		}
	}
	if len(ex.Request.Body) > 0 {
		text, enc := encode(ex.Request.Body)
		e.Request.PostData = &PostData{MimeType: ex.Request.Header.Get("Content-Type"), Text: text, Encoding: enc}
	}
	return e
}

func content(mimeType string, body []byte) Content {
	text, enc := encode(body)
	return Content{Size: int64(len(body)), MimeType: mimeType, Text: &text, Encoding: enc}
}

func encode(body []byte) (text, encoding string) {
	if utf8.Valid(body) {
		return string(body), ""
	}
	return base64.StdEncoding.EncodeToString(body), "base64"
}

func nameValues(h http.Header) []NameValue {
	list := make([]NameValue, 0, len(h))
	for _, name := range sortedKeys(h) {
		for _, v := range h[name] {
			list = append(list, NameValue{Name: name, Value: v})
		}
	}
	return list
}

func sortedKeys[M ~map[string][]string](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
