package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The relay reads bodies with its own small JSON parser rather than
// encoding/json because it must see what encoding/json hides: keys that
// appear twice in one object, or twice but for case (Go keeps the last and
// matches case-insensitively; other parsers keep the first or match
// exactly, so such a body reads differently at each hop while one
// signature covers all readings), and the exact byte span of each value,
// so the message is passed on as the sender signed it. It builds a tree of
// the whole body in one pass, linear in its size, with nesting bounded.

// maxDepth bounds nesting. Beckn payloads, JSON-LD attribute bags
// included, stay well under it; deeper bodies are refused, not parsed.
const maxDepth = 64

// jsonKind is the type of a JSON value.
type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

// name is the kind as errors name it.
func (k jsonKind) name() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

// value is one parsed JSON value: its kind, its byte span in the body and,
// for containers, its members or elements.
type value struct {
	kind       jsonKind
	start, end int  // body[start:end] is the value's text
	escaped    bool // a string with backslash escapes
	members    []member
	elems      []*value
}

// member is one key of an object and its value.
type member struct {
	key   string // decoded
	start int    // offset of the key's opening quote
	val   *value
}

// syntaxError is where and why a body is no JSON.
type syntaxError struct {
	path string
	msg  string
}

// parser holds the state of one parse. The first ambiguity (a duplicate
// key) is recorded and parsing goes on, so the caller can still read
// context.version to learn which dialect to refuse the body in.
type parser struct {
	b         []byte
	i         int
	depth     int
	path      []pathSeg
	ambiguous *syntaxError
	chunk     []value
}

// parseJSON parses body, which must be one JSON value with nothing after
// it. It returns the tree, or a syntax error, and the first ambiguity.
func parseJSON(body []byte) (root *value, syntaxErr, ambiguous *syntaxError) {
	if !utf8.Valid(body) {
		return nil, &syntaxError{msg: "the body is not UTF-8 text"}, nil
	}
	p := &parser{b: body}
	p.skipSpace()
	if p.i == len(p.b) {
		return nil, &syntaxError{msg: "the body is empty: a JSON object with context and message is expected"}, nil
	}
	root, err := p.value()
	if err != nil {
		return nil, err, nil
	}
	p.skipSpace()
	if p.i != len(p.b) {
		return nil, &syntaxError{msg: fmt.Sprintf("data after the JSON value at byte %d", p.i)}, nil
	}
	return root, nil, p.ambiguous
}

// newValue takes a value from the current chunk, so a body's values cost
// a few allocations rather than one each.
func (p *parser) newValue(k jsonKind) *value {
	if len(p.chunk) == cap(p.chunk) {
		p.chunk = make([]value, 0, 32)
	}
	p.chunk = append(p.chunk, value{kind: k, start: p.i})
	return &p.chunk[len(p.chunk)-1]
}

func (p *parser) fail(format string, args ...any) *syntaxError {
	return &syntaxError{path: renderPath(p.path), msg: fmt.Sprintf(format, args...)}
}

func (p *parser) skipSpace() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value() (*value, *syntaxError) {
	if p.i >= len(p.b) {
		return nil, p.fail("the body ends in the middle of a JSON value")
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		v := p.newValue(jsonString)
		if err := p.str(v); err != nil {
			return nil, err
		}
		return v, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", jsonBool)
	case c == 'f':
		return p.literal("false", jsonBool)
	case c == 'n':
		return p.literal("null", jsonNull)
	default:
		return nil, p.fail("invalid character %q at byte %d where a JSON value starts", c, p.i)
	}
}

func (p *parser) literal(word string, k jsonKind) (*value, *syntaxError) {
	if !bytes.HasPrefix(p.b[p.i:], []byte(word)) {
		return nil, p.fail("invalid literal at byte %d (true, false or null expected)", p.i)
	}
	v := p.newValue(k)
	p.i += len(word)
	v.end = p.i
	return v, nil
}

func (p *parser) digits() int {
	n := 0
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
		n++
	}
	return n
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *parser) number() (*value, *syntaxError) {
	v := p.newValue(jsonNumber)
	if p.b[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.b) && p.b[p.i] == '0':
		p.i++
	case p.digits() == 0:
		return nil, p.fail("invalid number at byte %d", v.start)
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if p.digits() == 0 {
			return nil, p.fail("invalid number at byte %d: digits must follow the decimal point", v.start)
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if p.digits() == 0 {
			return nil, p.fail("invalid number at byte %d: digits must follow the exponent", v.start)
		}
	}
	v.end = p.i
	return v, nil
}

// str reads a string into v (p.b[p.i] is its opening quote).
func (p *parser) str(v *value) *syntaxError {
	start := p.i
	p.i++
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			v.end = p.i
			return nil
		case c == '\\':
			v.escaped = true
			if p.i+1 >= len(p.b) {
				return p.fail("unterminated string at byte %d", start)
			}
			switch p.b[p.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.i += 2
			case 'u':
				if p.i+6 > len(p.b) || !isHex4(p.b[p.i+2:p.i+6]) {
					return p.fail("invalid \\u escape at byte %d", p.i)
				}
				p.i += 6
			default:
				return p.fail("invalid escape \\%c at byte %d", p.b[p.i+1], p.i)
			}
		case c < 0x20:
			return p.fail("control character 0x%02x inside a string at byte %d: it must be escaped", c, p.i)
		default:
			p.i++
		}
	}
	return p.fail("unterminated string at byte %d", start)
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// text is the decoded content of a string value.
func (p *parser) text(v *value) string { return stringText(p.b, v) }

// stringText decodes the string value v of body.
func stringText(body []byte, v *value) string {
	raw := body[v.start:v.end]
	if !v.escaped {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		// The parser checked the escapes; this cannot fail on its output.
		return string(raw[1 : len(raw)-1])
	}
	return s
}

func (p *parser) enter() *syntaxError {
	p.depth++
	if p.depth > maxDepth {
		return p.fail("the body nests deeper than %d levels", maxDepth)
	}
	return nil
}

func (p *parser) object() (*value, *syntaxError) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	v := p.newValue(jsonObject)
	p.i++ // {
	p.skipSpace()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		v.end = p.i
		p.depth--
		return v, nil
	}
	var folded map[string]string // for large objects; small ones are scanned
	for {
		p.skipSpace()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return nil, p.fail("a quoted object key expected at byte %d", p.i)
		}
		kv := value{kind: jsonString, start: p.i}
		if err := p.str(&kv); err != nil {
			return nil, err
		}
		key := stringText(p.b, &kv)
		folded = p.checkKey(v, key, folded)
		p.skipSpace()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return nil, p.fail("':' expected after object key %q at byte %d", key, p.i)
		}
		p.i++
		p.skipSpace()
		p.path = append(p.path, pathSeg{key: key})
		val, err := p.value()
		if err != nil {
			return nil, err
		}
		p.path = p.path[:len(p.path)-1]
		v.members = append(v.members, member{key: key, start: kv.start, val: val})
		p.skipSpace()
		if p.i < len(p.b) && p.b[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.b) && p.b[p.i] == '}' {
			p.i++
			v.end = p.i
			p.depth--
			return v, nil
		}
		return nil, p.fail("',' or '}' expected at byte %d", p.i)
	}
}

// smallObject is how many keys an object may have before duplicates are
// looked up in a map rather than by scanning.
const smallObject = 16

// checkKey records the first key of object v that equals an earlier key or
// equals it but for case.
func (p *parser) checkKey(v *value, key string, folded map[string]string) map[string]string {
	if len(v.members) < smallObject {
		for _, m := range v.members {
			if strings.EqualFold(m.key, key) {
				p.ambiguity(key, m.key)
				break
			}
		}
		return folded
	}
	if folded == nil {
		folded = make(map[string]string, 2*len(v.members))
		for _, m := range v.members {
			folded[foldKey(m.key)] = m.key
		}
	}
	f := foldKey(key)
	if prev, dup := folded[f]; dup {
		p.ambiguity(key, prev)
	}
	folded[f] = key
	return folded
}

func (p *parser) ambiguity(key, prev string) {
	if p.ambiguous != nil {
		return
	}
	path := renderPath(append(p.path, pathSeg{key: key}))
	if key == prev {
		p.ambiguous = &syntaxError{path: path, msg: fmt.Sprintf("key %q appears twice in one object: parsers disagree on which one counts", key)}
		return
	}
	p.ambiguous = &syntaxError{path: path, msg: fmt.Sprintf("keys %q and %q differ only in case: parsers disagree on which one counts", prev, key)}
}

// foldKey maps a key to a form equal for exactly the keys strings.EqualFold
// (and encoding/json's field matching) treats as equal: each rune becomes
// the smallest rune of its simple case-folding orbit.
func foldKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			continue
		}
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}

func (p *parser) array() (*value, *syntaxError) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	v := p.newValue(jsonArray)
	p.i++ // [
	p.skipSpace()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		v.end = p.i
		p.depth--
		return v, nil
	}
	for {
		p.skipSpace()
		p.path = append(p.path, pathSeg{index: len(v.elems), isIndex: true})
		el, err := p.value()
		if err != nil {
			return nil, err
		}
		p.path = p.path[:len(p.path)-1]
		v.elems = append(v.elems, el)
		p.skipSpace()
		if p.i < len(p.b) && p.b[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.b) && p.b[p.i] == ']' {
			p.i++
			v.end = p.i
			p.depth--
			return v, nil
		}
		return nil, p.fail("',' or ']' expected at byte %d", p.i)
	}
}

// pathSeg is one step of a JSON path: an object key or an array index.
type pathSeg struct {
	key     string
	index   int
	isIndex bool
}

// renderPath writes a path as Beckn's error.paths does: keys joined by
// dots, indexes in brackets ("message.order.items[0].id"); a key that is
// no plain name is written as a quoted bracket (`tags["a.b"]`).
func renderPath(segs []pathSeg) string {
	var b strings.Builder
	for _, s := range segs {
		switch {
		case s.isIndex:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
		case plainKey(s.key):
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.key)
		default:
			b.WriteString("[")
			b.WriteString(strconv.Quote(s.key))
			b.WriteString("]")
		}
	}
	return b.String()
}

// plainKey is whether a key can be written in a dotted path unquoted.
func plainKey(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if !(r == '_' || r == '@' || r == ':' || r == '-' || r == '$' ||
			'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// join appends a key to a rendered path.
func join(path, key string) string {
	if plainKey(key) {
		if path == "" {
			return key
		}
		return path + "." + key
	}
	return path + "[" + strconv.Quote(key) + "]"
}

// index appends an array index to a rendered path.
func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }
