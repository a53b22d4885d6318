package har

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// file is the top-level object of a HAR file.
type file struct {
	Log *Log `json:"log"`
}

// Read reads a HAR file from r; name names it in errors. A syntax error says the line and column;
// JSON that is not a HAR wraps ErrNotHAR.
func Read(r io.Reader, name string) (*Log, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading har %s: %w", name, err)
	}
	log, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("reading har %s: %w", name, err)
	}
	return log, nil
}

// ReadFile reads the HAR file at path.
func ReadFile(path string) (*Log, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading har %s: %w", path, err)
	}
	log, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("reading har %s: %w", path, err)
	}
	return log, nil
}

func parse(data []byte) (*Log, error) {
	// Windows tools write a byte order mark, which encoding/json refuses.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	f := new(file)
	if err := json.Unmarshal(data, f); err != nil {
		return nil, jsonError(data, err)
	}
	if f.Log == nil || f.Log.Entries == nil {
		return nil, fmt.Errorf("%w: missing log.entries", ErrNotHAR)
	}
	return f.Log, nil
}
