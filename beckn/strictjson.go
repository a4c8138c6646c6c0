package beckn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// Go's encoding/json matches object keys to fields case-insensitively and
// keeps the last of duplicate keys; JavaScript and Python parsers keep the
// last duplicate too but match case exactly. A body with {"value":"100",
// "VALUE":"1"}, or with "TAGS" instead of "tags", would then read one way
// here and another way at the BAP, and the BPP's signature would cover
// both readings. checkStrictKeys refuses such bodies before they are
// decoded, so what the chain reads is what every parser reads.

// wireKeys are the folded JSON names of every field ParseConfirmTerms
// reads, gathered from the wire structs' tags.
var wireKeys = collectWireKeys(reflect.TypeFor[onConfirm](), map[string]string{})

func collectWireKeys(t reflect.Type, keys map[string]string) map[string]string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return keys
	}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			keys[foldKey(name)] = name
		}
		collectWireKeys(f.Type, keys)
	}
	return keys
}

// foldKey maps a key to what encoding/json's case-insensitive match treats
// as equal (including the Kelvin sign and the long s).
func foldKey(s string) string { return strings.ToUpper(strings.ToLower(s)) }

// checkStrictKeys walks body's tokens and refuses an object holding two keys
// that are equal or equal but for case, and a key that differs only in case
// from a key the terms are read from. Membership tests only: nothing is
// iterated, so the result depends on the body alone.
func checkStrictKeys(body []byte) error {
	type frame struct {
		object, wantKey bool
		seen            map[string]string
	}
	var stack []*frame
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].wantKey = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: not a Beckn on_confirm JSON object: %w", ErrInvalidBody, err)
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				stack = append(stack, &frame{object: true, wantKey: true, seen: map[string]string{}})
			case '[':
				stack = append(stack, &frame{})
			default: // '}' or ']'
				stack = stack[:len(stack)-1]
				valueDone()
			}
		default:
			top := (*frame)(nil)
			if n := len(stack); n > 0 {
				top = stack[n-1]
			}
			if top == nil || !top.object || !top.wantKey {
				valueDone()
				continue
			}
			key, _ := v.(string)
			folded := foldKey(key)
			if prev, dup := top.seen[folded]; dup {
				return fmt.Errorf("%w: key %q appears twice in one object (as %q and %q): parsers disagree on which counts", ErrInvalidBody, key, prev, key)
			}
			top.seen[folded] = key
			if want, read := wireKeys[folded]; read && key != want {
				return fmt.Errorf("%w: key %q must be spelled %q: parsers disagree on keys that differ in case", ErrInvalidBody, key, want)
			}
			top.wantKey = false
		}
	}
}
