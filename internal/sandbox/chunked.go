package sandbox

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// errBodyTooLarge reports a decoded body over the size limit.
var errBodyTooLarge = errors.New("decoded body exceeds the size limit")

// isAWSChunked reports whether r's body uses the aws-chunked content
// encoding, which the SDK sends for streaming uploads with a trailing
// checksum over HTTPS and for SigV4 streaming signatures.
func isAWSChunked(header http.Header) bool {
	if strings.HasPrefix(header.Get("X-Amz-Content-Sha256"), "STREAMING-") {
		return true
	}
	for _, coding := range strings.Split(header.Get("Content-Encoding"), ",") {
		if strings.TrimSpace(coding) == "aws-chunked" {
			return true
		}
	}
	return false
}

// decodeAWSChunked reads an aws-chunked body and returns its payload and
// its trailing headers, keyed by lower-case name. It accepts both chunk
// forms: "SIZE\r\n" for unsigned payloads and "SIZE;chunk-signature=SIG\r\n"
// for signed ones, whose signatures it does not check.
func decodeAWSChunked(r *bufio.Reader, limit int64) ([]byte, map[string]string, error) {
	var payload bytes.Buffer
	for {
		size, err := readChunkSize(r)
		if err != nil {
			return nil, nil, err
		}
		if size == 0 {
			break
		}
		if int64(payload.Len())+size > limit {
			return nil, nil, errBodyTooLarge
		}
		if _, err := io.CopyN(&payload, r, size); err != nil {
			return nil, nil, fmt.Errorf("read %d-byte chunk: %w", size, err)
		}
		if err := expectEmptyLine(r); err != nil {
			return nil, nil, err
		}
	}

	trailers, err := readTrailers(r)
	if err != nil {
		return nil, nil, err
	}
	return payload.Bytes(), trailers, nil
}

func readChunkSize(r *bufio.Reader) (int64, error) {
	line, err := readLine(r)
	if err != nil {
		return 0, fmt.Errorf("read chunk header: %w", err)
	}
	sizeText, _, _ := strings.Cut(line, ";")
	size, err := strconv.ParseInt(sizeText, 16, 64)
	if err != nil || size < 0 {
		return 0, fmt.Errorf("invalid chunk size %q", sizeText)
	}
	return size, nil
}

func expectEmptyLine(r *bufio.Reader) error {
	line, err := readLine(r)
	if err != nil {
		return fmt.Errorf("read chunk end: %w", err)
	}
	if line != "" {
		return fmt.Errorf("chunk data longer than its size, extra %q", line)
	}
	return nil
}

// readTrailers reads "name:value" lines up to an empty line. A body that
// ends without that last empty line is accepted.
func readTrailers(r *bufio.Reader) (map[string]string, error) {
	trailers := map[string]string{}
	for {
		line, err := readLine(r)
		if errors.Is(err, io.EOF) {
			return trailers, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read trailer: %w", err)
		}
		if line == "" {
			return trailers, nil
		}

		name, value, found := strings.Cut(line, ":")
		if !found {
			return nil, fmt.Errorf("invalid trailer %q, expected name:value", line)
		}
		trailers[strings.ToLower(strings.TrimSpace(name))] = strings.TrimSpace(value)
	}
}

// readLine reads one CRLF-terminated line without the CRLF. A line longer
// than r's buffer is an error, so a body with no line breaks cannot make
// the decoder buffer all of it.
func readLine(r *bufio.Reader) (string, error) {
	line, err := r.ReadSlice('\n')
	if errors.Is(err, io.EOF) {
		if len(line) == 0 {
			return "", io.EOF
		}
		return "", io.ErrUnexpectedEOF
	}
	if err != nil {
		return "", err
	}
	if !bytes.HasSuffix(line, []byte("\r\n")) {
		return "", fmt.Errorf("line %q does not end in CRLF", line)
	}
	return string(line[:len(line)-2]), nil
}
