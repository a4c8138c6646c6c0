package wire

import (
	"errors"
	"net/http"
)

// Ack statuses.
const (
	StatusACK  = "ACK"
	StatusNACK = "NACK"
)

// The response bodies. v1 (core 1.1.1): {"message":{"ack":{"status":...}},
// "error":{"code","paths","message"}}. v2 (beckn.yaml): Ack is
// {"status","signature"} with the counter-signature, NackBadRequest and
// NackUnauthorized add "error", AckNoCallback is an Ack with an "error",
// ServerError is only {"error"}; Error is {"errorCode","errorMessage"},
// and the path goes in errorDetails, the place the spec leaves for detail.
type (
	ackV1 struct {
		Message ackV1Message `json:"message"`
		Error   *errorV1     `json:"error,omitempty"`
	}
	ackV1Message struct {
		Ack ackV1Status `json:"ack"`
	}
	ackV1Status struct {
		Status string `json:"status"`
	}
	errorV1 struct {
		Code    string `json:"code,omitempty"`
		Paths   string `json:"paths,omitempty"`
		Message string `json:"message"`
	}
	ackV2 struct {
		Status string   `json:"status,omitempty"`
		Error  *errorV2 `json:"error,omitempty"`
	}
	errorV2 struct {
		ErrorCode    string          `json:"errorCode,omitempty"`
		ErrorMessage string          `json:"errorMessage"`
		ErrorDetails *errorV2Details `json:"errorDetails,omitempty"`
	}
	errorV2Details struct {
		Path string `json:"path"`
	}
)

// Ack is the synchronous answer to a message accepted for processing:
// HTTP 200 and {"message":{"ack":{"status":"ACK"}}} in v1, {"status":"ACK"}
// in v2, where the server must add the counter-signature
// (AttachCounterSignature) before sending it.
func Ack(d Dialect) (status int, body []byte) {
	if d == V2 {
		return http.StatusOK, []byte(`{"status":"ACK"}`)
	}
	return http.StatusOK, []byte(`{"message":{"ack":{"status":"ACK"}}}`)
}

// Nack is the synchronous answer to a refused message, with e's status:
// in v1 a NACK with error{code,paths,message}; in v2 by status: 400 and
// 401 a NACK with the error (to be counter-signed), 409 an Ack that no
// callback follows (AckNoCallback, to be counter-signed), 5xx a
// ServerError body with only the error. A nil e is an internal error.
func Nack(d Dialect, e *Error) (status int, body []byte) {
	if e == nil {
		e = Internal(d, "the receiver failed to process the message")
	}
	status = e.HTTPStatus
	if status == 0 {
		status = http.StatusBadRequest
	}
	var v any
	if d == V2 {
		ev := &errorV2{ErrorCode: e.Code, ErrorMessage: e.Message}
		if e.Path != "" {
			ev.ErrorDetails = &errorV2Details{Path: e.Path}
		}
		a := ackV2{Status: StatusNACK, Error: ev}
		switch {
		case status == http.StatusConflict:
			a.Status = StatusACK
		case status >= http.StatusInternalServerError:
			a.Status = ""
		}
		v = a
	} else {
		v = ackV1{Message: ackV1Message{Ack: ackV1Status{Status: StatusNACK}}, Error: &errorV1{Code: e.Code, Paths: e.Path, Message: e.Message}}
	}
	body, err := marshal(v)
	if err != nil {
		// Strings always marshal; keep the status even so.
		body = []byte(`{"message":{"ack":{"status":"NACK"}}}`)
	}
	return status, body
}

// NeedsCounterSignature is whether a response of d with this status is an
// Ack the v2 spec requires to carry the receiver's counter-signature:
// Ack (200), NackBadRequest (400), NackUnauthorized (401) and
// AckNoCallback (409) do; ServerError (5xx) and every v1 response do not.
func NeedsCounterSignature(d Dialect, status int) bool {
	if d != V2 {
		return false
	}
	switch status {
	case http.StatusOK, http.StatusBadRequest, http.StatusUnauthorized, http.StatusConflict:
		return true
	}
	return false
}

// Response is a synchronous answer read back by the sender of a message.
type Response struct {
	// Dialect is the shape the answer has.
	Dialect Dialect
	// Status is ACK or NACK; "" for a v2 ServerError, which has none.
	Status string
	// Code, Path and Message are the error's, if any.
	Code, Path, Message string
	// CounterSignature is the v2 Ack's signature, as sent; "" if none.
	CounterSignature string
}

// Acked is whether the receiver accepted the message.
func (r Response) Acked() bool { return r.Status == StatusACK }

// ReadResponse reads the body of a synchronous answer in either dialect's
// shape. A body in neither shape is an error: the caller treats it as no
// answer.
func ReadResponse(body []byte) (Response, error) {
	text := string(body)
	t, root, syntaxErr, ambiguous := parseJSON(text)
	switch {
	case syntaxErr != nil:
		return Response{}, errors.New("the response is no JSON: " + syntaxErr.msg)
	case ambiguous != nil:
		return Response{}, errors.New("the response is ambiguous: " + ambiguous.path + ": " + ambiguous.msg)
	case root.kind != jsonObject:
		return Response{}, errors.New("the response is no JSON object")
	}
	c := &checker{t: t, d: V1}
	var r Response
	if msg, _ := c.object(root, "", false, "message"); msg != nil {
		r.Dialect = V1
		ack, ackPath := c.object(msg, "message", true, "ack")
		r.Status, _ = c.str(ack, ackPath, true, "status")
		if e, ePath := c.object(root, "", false, "error"); e != nil {
			r.Code, _ = c.str(e, ePath, false, "code")
			r.Path, _ = c.str(e, ePath, false, "paths")
			r.Message, _ = c.str(e, ePath, false, "message")
		}
	} else {
		r.Dialect = V2
		r.Status, _ = c.str(root, "", false, "status")
		r.CounterSignature, _ = c.str(root, "", false, "signature")
		if e, ePath := c.object(root, "", false, "error"); e != nil {
			r.Code, _ = c.str(e, ePath, false, "errorCode")
			r.Message, _ = c.str(e, ePath, false, "errorMessage")
			if det, detPath := c.object(e, ePath, false, "errorDetails"); det != nil {
				r.Path, _ = c.str(det, detPath, false, "path")
			}
		} else if r.Status == "" {
			c.failf("status", "is required")
		}
	}
	if c.err != nil {
		return Response{}, c.err
	}
	if r.Status != "" && r.Status != StatusACK && r.Status != StatusNACK {
		return Response{}, errors.New("the response status is " + r.Status + ", not ACK or NACK")
	}
	return r, nil
}
