package har

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// file is the top-level object of a HAR file.
type file struct {
	Log *Log `json:"log"`
}

// Read reads a HAR file from r; name names it in errors. A syntax error says the line and column;
// JSON that is not a HAR wraps ErrNotHAR.
func Read(r io.Reader, name string) (*Log, error) {
	data, err := io.ReadAll(r)
	return parseNamed(name, data, err)
}

// ReadFile reads the HAR file at path.
func ReadFile(path string) (*Log, error) {
	data, err := os.ReadFile(path)
	return parseNamed(path, data, err)
}

// parseNamed parses data, read with err, and names the file in any error.
func parseNamed(name string, data []byte, err error) (*Log, error) {
	if err == nil {
		var log *Log
		if log, err = parse(data); err == nil {
			return log, nil
		}
	}
	return nil, fmt.Errorf("reading har %s: %w", name, err)
}

// readOptions decode a HAR as leniently as encoding/json does, and no more: member names in any case
// (but "_" and "-" matter: "from_cache" is not "_fromCache"), the last of duplicate members, invalid
// UTF-8 replaced. The decoder is the JSON v2 one, which reads a HAR about three times faster than
// encoding/json.
var readOptions = json.JoinOptions(
	json.MatchCaseInsensitiveNames(true),
	jsonv1.MatchCaseSensitiveDelimiter(true),
	jsontext.AllowDuplicateNames(true),
	jsontext.AllowInvalidUTF8(true),
)

func parse(data []byte) (*Log, error) {
	// Windows tools write a byte order mark, which JSON decoders refuse.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	f := new(file)
	if err := json.Unmarshal(data, f, readOptions); err != nil {
		return nil, jsonError(data, err)
	}
	if f.Log == nil || f.Log.Entries == nil {
		return nil, fmt.Errorf("%w: missing log.entries", ErrNotHAR)
	}
	return f.Log, nil
}
