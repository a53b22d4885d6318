// Package har reads and writes HTTP Archive (HAR 1.2) files, as the devtools of Chrome, Firefox and
// Safari export them, and adapts their entries to validator exchanges and back.
//
// Reading is lenient about what does not matter to a contract test (the many "_" fields of each
// browser, missing timings) and strict about what does: a file that is not JSON, or not a HAR, is an
// error that names the file and the line and column.
package har

import "encoding/json"

// Log is the "log" object of a HAR file.
type Log struct {
	Version string            `json:"version"`
	Creator Creator           `json:"creator"`
	Browser *Creator          `json:"browser,omitempty"`
	Pages   []json.RawMessage `json:"pages,omitempty"`
	Entries []Entry           `json:"entries"`
	Comment string            `json:"comment,omitempty"`
}

// Creator names the application that wrote a HAR file, or the browser it recorded.
type Creator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Comment string `json:"comment,omitempty"`
}

// Entry is one exchange of a HAR file.
type Entry struct {
	Pageref         string   `json:"pageref,omitempty"`
	StartedDateTime string   `json:"startedDateTime"`
	Time            float64  `json:"time"`
	Request         Request  `json:"request"`
	Response        Response `json:"response"`
	Cache           Cache    `json:"cache"`
	Timings         Timings  `json:"timings"`
	ServerIPAddress string   `json:"serverIPAddress,omitempty"`
	Connection      string   `json:"connection,omitempty"`
	Comment         string   `json:"comment,omitempty"`
	// FromCache is Chrome's mark of a response served from its cache: "memory" or "disk".
	FromCache string `json:"_fromCache,omitempty"`
	// FetchType is Safari's account of where a response came from, e.g. "Network Load" or
	// "Memory Cache".
	FetchType string `json:"_fetchType,omitempty"`
}

// Request is the request of an Entry.
type Request struct {
	Method      string      `json:"method"`
	URL         string      `json:"url"`
	HTTPVersion string      `json:"httpVersion"`
	Cookies     []Cookie    `json:"cookies"`
	Headers     []NameValue `json:"headers"`
	QueryString []NameValue `json:"queryString"`
	PostData    *PostData   `json:"postData,omitempty"`
	HeadersSize int64       `json:"headersSize"`
	BodySize    int64       `json:"bodySize"`
}

// Response is the response of an Entry. Status 0 means there was none (blocked, cancelled, failed).
type Response struct {
	Status      int         `json:"status"`
	StatusText  string      `json:"statusText"`
	HTTPVersion string      `json:"httpVersion"`
	Cookies     []Cookie    `json:"cookies"`
	Headers     []NameValue `json:"headers"`
	Content     Content     `json:"content"`
	RedirectURL string      `json:"redirectURL"`
	HeadersSize int64       `json:"headersSize"`
	BodySize    int64       `json:"bodySize"`
}

// NameValue is a header or a query parameter.
type NameValue struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	Comment string `json:"comment,omitempty"`
}

// Cookie is a cookie of a request or a response. Only its name and value are kept.
type Cookie struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// PostData is the body of a request. Encoding "base64" is not in HAR 1.2 but some tools write it.
type PostData struct {
	MimeType string      `json:"mimeType"`
	Params   []NameValue `json:"params,omitempty"`
	Text     string      `json:"text"`
	Encoding string      `json:"encoding,omitempty"`
}

// Content is the body of a response. A nil Text means the body was not recorded.
type Content struct {
	Size        int64   `json:"size"`
	Compression int64   `json:"compression,omitempty"`
	MimeType    string  `json:"mimeType"`
	Text        *string `json:"text,omitempty"`
	Encoding    string  `json:"encoding,omitempty"`
}

// Cache is the cache object of an Entry. Chrome and Safari write it empty; Firefox writes
// "afterRequest" (possibly null) for a response it served from its cache. Its members are kept raw,
// so that a null member is still seen.
type Cache map[string]json.RawMessage

// Timings are the phases of an Entry, in milliseconds; -1 for a phase that does not apply.
type Timings struct {
	Blocked float64 `json:"blocked,omitempty"`
	DNS     float64 `json:"dns,omitempty"`
	Connect float64 `json:"connect,omitempty"`
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
	SSL     float64 `json:"ssl,omitempty"`
}
