package sandbox

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestDecodeAWSChunked(t *testing.T) {
	signature := "chunk-signature=" + strings.Repeat("a", 64)
	tests := []struct {
		name     string
		body     string
		payload  string
		trailers map[string]string
	}{
		{
			name:     "unsigned with trailer",
			body:     "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n",
			payload:  "hello",
			trailers: map[string]string{"x-amz-checksum-crc32": "NhCmhg=="},
		},
		{
			name: "signed chunks",
			body: "3;" + signature + "\r\nhel\r\n" +
				"2;" + signature + "\r\nlo\r\n" +
				"0;" + signature + "\r\n\r\n",
			payload: "hello",
		},
		{
			name:     "no final empty line",
			body:     "2\r\nhi\r\n0\r\nx-amz-checksum-sha256:abc\r\n",
			payload:  "hi",
			trailers: map[string]string{"x-amz-checksum-sha256": "abc"},
		},
		{
			name:    "empty payload",
			body:    "0\r\n\r\n",
			payload: "",
		},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			payload, trailers, err := decodeAWSChunked(bufio.NewReader(strings.NewReader(test.body)), 1<<20)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if string(payload) != test.payload {
				t.Errorf("payload = %q, want %q", payload, test.payload)
			}
			for name, want := range test.trailers {
				if trailers[name] != want {
					t.Errorf("trailer %s = %q, want %q", name, trailers[name], want)
				}
			}
		})
	}
}

func TestDecodeAWSChunkedRejects(t *testing.T) {
	tests := map[string]string{
		"bad size":         "zz\r\nhello\r\n0\r\n\r\n",
		"negative size":    "-1\r\nhello\r\n0\r\n\r\n",
		"short chunk":      "9\r\nhello\r\n0\r\n\r\n",
		"long chunk":       "3\r\nhello\r\n0\r\n\r\n",
		"no final chunk":   "5\r\nhello\r\n",
		"bare LF":          "5\nhello\n0\n\n",
		"invalid trailer":  "0\r\nno-colon\r\n\r\n",
		"truncated header": "5",
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			_, _, err := decodeAWSChunked(bufio.NewReader(strings.NewReader(body)), 1<<20)
			if err == nil {
				t.Errorf("decode(%q) succeeded, want an error", body)
			}
		})
	}
}

func TestDecodeAWSChunkedLimit(t *testing.T) {
	body := "5\r\nhello\r\n0\r\n\r\n"
	_, _, err := decodeAWSChunked(bufio.NewReader(strings.NewReader(body)), 4)
	if !errors.Is(err, errBodyTooLarge) {
		t.Errorf("error = %v, want errBodyTooLarge", err)
	}
}

// startTLSHandler serves Handler over HTTPS, where the SDK sends upload
// bodies aws-chunked with a trailing checksum. The counter it returns
// counts the aws-chunked requests the server received.
func startTLSHandler(t *testing.T) (*s3.Client, *atomic.Int64) {
	t.Helper()
	chunked := new(atomic.Int64)
	handler := Handler(sandboxAccessKey)
	server := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Encoding") == "aws-chunked" {
			chunked.Add(1)
		}
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(server.Close)
	client := newTestClient(server.URL, staticCredentials(sandboxAccessKey),
		aws.RequestChecksumCalculationWhenSupported, server.Client())

	ctx := testContext(t)
	_, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("tls-bucket")})
	if err != nil {
		t.Fatalf("CreateBucket: %v", err)
	}
	return client, chunked
}

func TestPutObjectAWSChunked(t *testing.T) {
	client, chunked := startTLSHandler(t)
	ctx := testContext(t)
	algorithms := []types.ChecksumAlgorithm{
		types.ChecksumAlgorithmCrc32, types.ChecksumAlgorithmCrc32c,
		types.ChecksumAlgorithmCrc64nvme, types.ChecksumAlgorithmSha1, types.ChecksumAlgorithmSha256,
	}
	// 200 KiB spans several of the SDK's 64 KiB chunks.
	content := strings.Repeat("sandbox ", 25*1024)

	for _, algorithm := range algorithms {
		t.Run(string(algorithm), func(t *testing.T) {
			key := aws.String("chunked/" + string(algorithm))
			// An io.Reader that cannot seek is streamed, never buffered.
			_, err := client.PutObject(ctx, &s3.PutObjectInput{
				Bucket: aws.String("tls-bucket"), Key: key,
				Body:              io.MultiReader(strings.NewReader(content)),
				ContentLength:     aws.Int64(int64(len(content))),
				ChecksumAlgorithm: algorithm,
			})
			if err != nil {
				t.Fatalf("PutObject: %v", err)
			}

			object, err := client.GetObject(ctx, &s3.GetObjectInput{
				Bucket: aws.String("tls-bucket"), Key: key, ChecksumMode: types.ChecksumModeEnabled,
			})
			if err != nil {
				t.Fatalf("GetObject: %v", err)
			}
			if body := readBody(t, object.Body); body != content {
				t.Errorf("body has %d bytes, want the %d bytes put", len(body), len(content))
			}
			if encoding := aws.ToString(object.ContentEncoding); encoding != "" {
				t.Errorf("Content-Encoding = %q, want none", encoding)
			}
		})
	}
	if n := chunked.Load(); n != int64(len(algorithms)) {
		t.Errorf("server received %d aws-chunked requests, want %d", n, len(algorithms))
	}
}

func TestUploadPartAWSChunked(t *testing.T) {
	client, chunked := startTLSHandler(t)
	ctx := testContext(t)
	bucket, key := aws.String("tls-bucket"), aws.String("chunked/multipart")

	upload, err := client.CreateMultipartUpload(ctx,
		&s3.CreateMultipartUploadInput{Bucket: bucket, Key: key})
	if err != nil {
		t.Fatalf("CreateMultipartUpload: %v", err)
	}
	part, err := client.UploadPart(ctx, &s3.UploadPartInput{
		Bucket: bucket, Key: key, UploadId: upload.UploadId, PartNumber: aws.Int32(1),
		Body: strings.NewReader("only part"),
	})
	if err != nil {
		t.Fatalf("UploadPart: %v", err)
	}
	_, err = client.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
		Bucket: bucket, Key: key, UploadId: upload.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{
			{ETag: part.ETag, PartNumber: aws.Int32(1)},
		}},
	})
	if err != nil {
		t.Fatalf("CompleteMultipartUpload: %v", err)
	}

	object, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: key})
	if err != nil {
		t.Fatalf("GetObject: %v", err)
	}
	if body := readBody(t, object.Body); body != "only part" {
		t.Errorf("body = %q, want the decoded part", body)
	}
	if n := chunked.Load(); n != 1 {
		t.Errorf("server received %d aws-chunked requests, want 1 (the part)", n)
	}
}

// signedPut sends a PutObject request by hand, signed only as far as the
// sandbox checks: the access key id in the Authorization header.
func signedPut(t *testing.T, url, body string, header map[string]string) *http.Response {
	t.Helper()
	request, err := http.NewRequest(http.MethodPut, url, strings.NewReader(body))
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	request.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+sandboxAccessKey+
		"/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0")
	for name, value := range header {
		request.Header.Set(name, value)
	}
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		t.Fatalf("PUT %s: %v", url, err)
	}
	t.Cleanup(func() { response.Body.Close() })
	return response
}

func TestPutObjectChecksumMismatch(t *testing.T) {
	server := httptest.NewServer(Handler(sandboxAccessKey))
	t.Cleanup(server.Close)
	if response := signedPut(t, server.URL+"/checked", "", nil); response.StatusCode != 200 {
		t.Fatalf("CreateBucket status = %d", response.StatusCode)
	}

	tests := []struct {
		name   string
		body   string
		header map[string]string
		code   string
	}{
		{"header", "hello", map[string]string{"X-Amz-Checksum-Crc32": "AAAAAA=="}, "BadDigest"},
		{"malformed header", "hello",
			map[string]string{"X-Amz-Checksum-Sha256": "abc"}, "InvalidRequest"},
		{"trailer", "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n",
			map[string]string{"Content-Encoding": "aws-chunked", "X-Amz-Decoded-Content-Length": "5"},
			"BadDigest"},
		{"decoded length", "5\r\nhello\r\n0\r\n\r\n",
			map[string]string{"Content-Encoding": "aws-chunked", "X-Amz-Decoded-Content-Length": "6"},
			"IncompleteBody"},
		{"malformed chunk", "zz\r\n",
			map[string]string{"Content-Encoding": "aws-chunked"}, "InvalidRequest"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			response := signedPut(t, server.URL+"/checked/object", test.body, test.header)
			if response.StatusCode != http.StatusBadRequest {
				t.Errorf("status = %d, want 400", response.StatusCode)
			}
			body, _ := io.ReadAll(response.Body)
			if !strings.Contains(string(body), "<Code>"+test.code+"</Code>") {
				t.Errorf("body = %s, want code %s", body, test.code)
			}
		})
	}
}
