package registry

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// maxLookupBody bounds a /lookup request body: a filter is a few hundred bytes.
const maxLookupBody = 64 << 10

// LookupHandler serves the Beckn v1.1.1 registry API's POST /lookup from r
// (the chain registry, usually through a Cache): the request is a
// Subscription whose fields filter, the answer a JSON array of
// subscriptions. See the package README for the accepted fields and the
// answer's.
func LookupHandler(r Registry, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &lookupHandler{registry: r, log: log}
}

type lookupHandler struct {
	registry Registry
	log      *slog.Logger
}

func (h *lookupHandler) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeLookupError(w, http.StatusMethodNotAllowed, "method_not_allowed", "", "/lookup takes POST with a JSON filter")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, maxLookupBody))
	if err != nil {
		if _, tooLarge := errors.AsType[*http.MaxBytesError](err); tooLarge {
			writeLookupError(w, http.StatusRequestEntityTooLarge, "body_too_large", "", fmt.Sprintf("a /lookup body is at most %d bytes", maxLookupBody))
			return
		}
		writeLookupError(w, http.StatusBadRequest, "invalid_request", "", "reading the body: "+err.Error())
		return
	}
	f, path, err := parseLookupRequest(body)
	if err != nil {
		writeLookupError(w, http.StatusBadRequest, "invalid_request", path, err.Error())
		return
	}
	keys, err := h.registry.Lookup(req.Context(), f)
	switch {
	case errors.Is(err, ErrInvalidFilter):
		writeLookupError(w, http.StatusBadRequest, "invalid_request", "", err.Error())
		return
	case errors.Is(err, ErrTooManyResults):
		writeLookupError(w, http.StatusUnprocessableEntity, "too_many_results", "", err.Error())
		return
	case err != nil:
		h.log.Error("registry lookup failed", "err", err)
		writeLookupError(w, http.StatusServiceUnavailable, "registry_unavailable", "", "the registry could not be read; retry later")
		return
	}
	out := make([]subscription, len(keys))
	for i, k := range keys {
		out[i] = subscriptionOf(k)
	}
	writeJSON(w, http.StatusOK, out)
}

// lookupFields are the request's members, each a filter; any other member
// is refused, so that a filter the registry cannot apply is never ignored.
var lookupFields = []string{"subscriber_id", "type", "domain", "country", "city", "location", "key_id", "unique_key_id", "ukId", "status"}

// parseLookupRequest reads a /lookup body into a Filter. Member names are
// matched exactly (not ignoring case as encoding/json does), a member may
// appear once, and aliases (key_id, unique_key_id, ukId; country and city
// at the top or under location) must agree. null is taken as absent. It
// returns the path of the member at fault with the error.
func parseLookupRequest(body []byte) (Filter, string, error) {
	members, err := objectMembers(body, "")
	if err != nil {
		return Filter{}, "", err
	}
	var f Filter
	var keyIDs, countries, cities []namedValue
	for _, m := range members {
		if m.name == "location" {
			country, city, path, err := parseLocation(m.value)
			if err != nil {
				return Filter{}, path, err
			}
			countries = append(countries, namedValue{"location.country.code", country})
			cities = append(cities, namedValue{"location.city.code", city})
			continue
		}
		s, err := stringMember(m.name, m.value)
		if err != nil {
			return Filter{}, m.name, err
		}
		switch m.name {
		case "subscriber_id":
			f.SubscriberID = s
		case "type":
			f.Type = s
		case "domain":
			f.Domain = s
		case "status":
			f.Status = s
		case "country":
			countries = append(countries, namedValue{m.name, s})
		case "city":
			cities = append(cities, namedValue{m.name, s})
		case "key_id", "unique_key_id", "ukId":
			keyIDs = append(keyIDs, namedValue{m.name, s})
		default:
			return Filter{}, m.name, fmt.Errorf("%q is not a /lookup filter; the filters are %s", m.name, strings.Join(lookupFields, ", "))
		}
	}
	for _, alias := range []struct {
		dst    *string
		values []namedValue
	}{{&f.KeyID, keyIDs}, {&f.Country, countries}, {&f.City, cities}} {
		v, path, err := agree(alias.values)
		if err != nil {
			return Filter{}, path, err
		}
		*alias.dst = v
	}
	if _, err := (Filter{Type: f.Type}).Normalize(); err != nil {
		return Filter{}, "type", err
	}
	f, err = f.Normalize()
	if err != nil {
		return Filter{}, "status", err
	}
	return f, "", nil
}

type namedValue struct{ name, value string }

// agree returns the one value the non-empty aliases give, or an error
// naming the two that differ.
func agree(values []namedValue) (string, string, error) {
	var first namedValue
	for _, v := range values {
		switch {
		case v.value == "":
		case first.value == "":
			first = v
		case v.value != first.value:
			return "", v.name, fmt.Errorf("%s %q and %s %q disagree; give one", first.name, first.value, v.name, v.value)
		}
	}
	return first.value, "", nil
}

type member struct {
	name  string
	value json.RawMessage
}

// objectMembers reads body as one JSON object and returns its members in
// order, refusing a repeated name. path names the object in errors.
func objectMembers(body []byte, path string) ([]member, error) {
	what := "the body"
	if path != "" {
		what = path
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("%s must be a JSON object", what)
	}
	var members []member
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%s is not valid JSON: %w", what, err)
		}
		name, ok := tok.(string) // inside an object, the token before a value is its name
		if !ok {
			return nil, fmt.Errorf("%s is not valid JSON: a member name is not a string", what)
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, fmt.Errorf("%s is not valid JSON at %q: %w", what, name, err)
		}
		if seen[name] {
			return nil, fmt.Errorf("%s holds %q twice", what, name)
		}
		seen[name] = true
		members = append(members, member{name, value})
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("%s is not valid JSON: %w", what, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s must hold one JSON object and nothing after it", what)
	}
	return members, nil
}

// stringMember reads a member that must be a JSON string (or null).
func stringMember(name string, value json.RawMessage) (string, error) {
	if string(value) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(value, &s); err != nil {
		return "", fmt.Errorf("%q must be a string", name)
	}
	return s, nil
}

// parseLocation reads location: {"country": {"code": C}, "city": {"code": C}},
// each part optional.
func parseLocation(value json.RawMessage) (country, city, path string, err error) {
	if string(value) == "null" {
		return "", "", "", nil
	}
	members, err := objectMembers(value, "location")
	if err != nil {
		return "", "", "location", err
	}
	for _, m := range members {
		path := "location." + m.name
		if m.name != "country" && m.name != "city" {
			return "", "", path, fmt.Errorf("%q is not a /lookup filter; location filters by country.code and city.code", path)
		}
		var code string
		if string(m.value) != "null" {
			parts, err := objectMembers(m.value, path)
			if err != nil {
				return "", "", path, err
			}
			for _, p := range parts {
				if p.name != "code" {
					return "", "", path + "." + p.name, fmt.Errorf("%q is not a /lookup filter; %s filters by code", path+"."+p.name, path)
				}
				if code, err = stringMember(path+".code", p.value); err != nil {
					return "", "", path + ".code", err
				}
			}
		}
		if m.name == "country" {
			country = code
		} else {
			city = code
		}
	}
	return country, city, "", nil
}

// subscription is one entry of the /lookup answer: Beckn v1.1.1's
// Subscription with the names other registries use beside it, so that
// clients of either read it (url and subscriber_url; key_id, ukId and
// unique_key_id; location and top-level country and city).
type subscription struct {
	SubscriberID     string    `json:"subscriber_id"`
	URL              string    `json:"url"`
	SubscriberURL    string    `json:"subscriber_url"`
	Type             string    `json:"type"`
	Domain           string    `json:"domain"`
	Location         *location `json:"location,omitempty"`
	Country          string    `json:"country,omitempty"`
	City             string    `json:"city,omitempty"`
	KeyID            string    `json:"key_id"`
	UKID             string    `json:"ukId"`
	UniqueKeyID      string    `json:"unique_key_id"`
	SigningPublicKey string    `json:"signing_public_key"`
	EncrPublicKey    string    `json:"encr_public_key"`
	MLDSAPublicKey   string    `json:"mldsa_public_key,omitempty"`
	ValidFrom        string    `json:"valid_from"`
	ValidUntil       string    `json:"valid_until"`
	Status           string    `json:"status"`
	Created          string    `json:"created"`
	Updated          string    `json:"updated"`
}

type location struct {
	Country *code `json:"country,omitempty"`
	City    *code `json:"city,omitempty"`
}

type code struct {
	Code string `json:"code"`
}

func subscriptionOf(k Key) subscription {
	b64 := base64.StdEncoding.EncodeToString
	s := subscription{
		SubscriberID: k.SubscriberID, URL: k.URL, SubscriberURL: k.URL, Type: k.Type, Domain: k.Domain,
		Country: k.Country, City: k.City, KeyID: k.KeyID, UKID: k.KeyID, UniqueKeyID: k.KeyID,
		SigningPublicKey: b64(k.SigningPublicKey), EncrPublicKey: b64(k.EncrPublicKey),
		ValidFrom: rfc3339(k.ValidFrom), ValidUntil: rfc3339(k.ValidUntil), Status: k.Status,
		Created: rfc3339(k.Created), Updated: rfc3339(k.Updated),
	}
	if k.HasMLDSA() {
		s.MLDSAPublicKey = b64(k.MLDSAPublicKey)
	}
	if k.Country != "" || k.City != "" {
		s.Location = &location{}
		if k.Country != "" {
			s.Location.Country = &code{k.Country}
		}
		if k.City != "" {
			s.Location.City = &code{k.City}
		}
	}
	return s
}

// rfc3339 writes a time in UTC, with its fraction of a second when it has one.
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

type lookupError struct {
	Error struct {
		Code    string `json:"code"`
		Path    string `json:"path,omitempty"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeLookupError(w http.ResponseWriter, status int, code, path, message string) {
	var e lookupError
	e.Error.Code, e.Error.Path, e.Error.Message = code, path, message
	writeJSON(w, status, e)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":{"code":"internal","message":"encoding the answer failed"}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", fmt.Sprint(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
