package wire

import (
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

// tree is a parsed body. Its nodes refer to each other by index and hold
// no pointers, so a body's tree is a few flat allocations the garbage
// collector need not scan; every key and unescaped string is a substring
// of the body, read on demand.
type tree struct {
	s     string   // the body
	vals  []value  // every value and every key
	mems  []member // the members of the objects, each object's contiguous
	elems []int32  // the elements of the arrays, each array's contiguous
}

// value is one JSON value: its kind and byte span in the body, and for a
// container the range of its members (mems) or elements (elems).
type value struct {
	kind       jsonKind
	escaped    bool  // a string with backslash escapes
	start, end int32 // body[start:end] is the value's text
	first, n   int32
}

// member is a key (a string value) and its value, as indexes into vals.
type member struct{ key, val int32 }

func (t *tree) node(i int32) *value { return &t.vals[i] }

// members are the members of an object in body order (none for others).
func (t *tree) members(v *value) []member {
	if v == nil || v.kind != jsonObject {
		return nil
	}
	return t.mems[v.first : v.first+v.n]
}

// elements are the elements of an array in order (none for others).
func (t *tree) elements(v *value) []int32 {
	if v == nil || v.kind != jsonArray {
		return nil
	}
	return t.elems[v.first : v.first+v.n]
}

func (t *tree) key(m member) string  { return t.text(&t.vals[m.key]) }
func (t *tree) val(m member) *value  { return &t.vals[m.val] }
func (t *tree) text(v *value) string { return stringText(t.s, v) }

// stringText decodes the string value v of body: a substring of it unless
// the string has escapes.
func stringText(body string, v *value) string {
	raw := body[v.start:v.end]
	if !v.escaped {
		return raw[1 : len(raw)-1]
	}
	var s string
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		// The parser checked the escapes; this cannot fail on its output.
		return raw[1 : len(raw)-1]
	}
	return s
}

// syntaxError is where and why a body is no JSON.
type syntaxError struct {
	path string
	msg  string
}

// parser holds the state of one parse. The first ambiguity (a duplicate
// key) is recorded and parsing goes on, so the caller can still read
// context.version to learn which dialect to refuse the body in. The
// members and elements of the containers being read wait on stacks and
// move, contiguous, into the tree when their container closes.
type parser struct {
	t         *tree
	i         int
	depth     int
	path      []pathSeg
	ambiguous *syntaxError
	mstack    []member
	estack    []int32
}

// maxBody keeps every offset within an int32; callers bound bodies to far
// less.
const maxBody = 1<<31 - 1

// parseJSON parses body, which must be one JSON value with nothing after
// it. It returns the tree and its root, or a syntax error, and the first
// ambiguity.
func parseJSON(body string) (t *tree, root *value, syntaxErr, ambiguous *syntaxError) {
	if len(body) > maxBody {
		return nil, nil, &syntaxError{msg: "the body is larger than 2 GiB"}, nil
	}
	if !utf8.ValidString(body) {
		return nil, nil, &syntaxError{msg: "the body is not UTF-8 text"}, nil
	}
	// Sizes from the density of Beckn bodies (compact, a value or key
	// per 10 to 14 bytes, a member per 20 to 30, an element per 150 or
	// more), so most bodies allocate each slice once.
	p := &parser{
		t: &tree{
			s:     body,
			vals:  make([]value, 0, len(body)/8+16),
			mems:  make([]member, 0, len(body)/16+8),
			elems: make([]int32, 0, len(body)/64+8),
		},
		mstack: make([]member, 0, 32),
		estack: make([]int32, 0, 16),
	}
	p.skipSpace()
	if p.i == len(body) {
		return nil, nil, &syntaxError{msg: "the body is empty: a JSON object with context and message is expected"}, nil
	}
	r, err := p.value()
	if err != nil {
		return nil, nil, err, nil
	}
	p.skipSpace()
	if p.i != len(body) {
		return nil, nil, &syntaxError{msg: fmt.Sprintf("data after the JSON value at byte %d", p.i)}, nil
	}
	return p.t, p.t.node(r), nil, p.ambiguous
}

// newValue starts a value of kind k at the current offset.
func (p *parser) newValue(k jsonKind) int32 {
	p.t.vals = append(p.t.vals, value{kind: k, start: int32(p.i)})
	return int32(len(p.t.vals) - 1)
}

func (p *parser) finish(v int32) { p.t.vals[v].end = int32(p.i) }

func (p *parser) fail(format string, args ...any) *syntaxError {
	return &syntaxError{path: renderPath(p.path), msg: fmt.Sprintf(format, args...)}
}

func (p *parser) skipSpace() {
	b := p.t.s
	for p.i < len(b) {
		switch b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value() (int32, *syntaxError) {
	b := p.t.s
	if p.i >= len(b) {
		return 0, p.fail("the body ends in the middle of a JSON value")
	}
	switch c := b[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", jsonBool)
	case c == 'f':
		return p.literal("false", jsonBool)
	case c == 'n':
		return p.literal("null", jsonNull)
	default:
		return 0, p.fail("invalid character %q at byte %d where a JSON value starts", c, p.i)
	}
}

func (p *parser) literal(word string, k jsonKind) (int32, *syntaxError) {
	if !strings.HasPrefix(p.t.s[p.i:], word) {
		return 0, p.fail("invalid literal at byte %d (true, false or null expected)", p.i)
	}
	v := p.newValue(k)
	p.i += len(word)
	p.finish(v)
	return v, nil
}

func (p *parser) digits() int {
	b, n := p.t.s, 0
	for p.i < len(b) && b[p.i] >= '0' && b[p.i] <= '9' {
		p.i++
		n++
	}
	return n
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *parser) number() (int32, *syntaxError) {
	b, start := p.t.s, p.i
	v := p.newValue(jsonNumber)
	if b[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(b) && b[p.i] == '0':
		p.i++
	case p.digits() == 0:
		return 0, p.fail("invalid number at byte %d", start)
	}
	if p.i < len(b) && b[p.i] == '.' {
		p.i++
		if p.digits() == 0 {
			return 0, p.fail("invalid number at byte %d: digits must follow the decimal point", start)
		}
	}
	if p.i < len(b) && (b[p.i] == 'e' || b[p.i] == 'E') {
		p.i++
		if p.i < len(b) && (b[p.i] == '+' || b[p.i] == '-') {
			p.i++
		}
		if p.digits() == 0 {
			return 0, p.fail("invalid number at byte %d: digits must follow the exponent", start)
		}
	}
	p.finish(v)
	return v, nil
}

// str reads a string (p.t.s[p.i] is its opening quote).
func (p *parser) str() (int32, *syntaxError) {
	b, start := p.t.s, p.i
	v := p.newValue(jsonString)
	p.i++
	for p.i < len(b) {
		c := b[p.i]
		switch {
		case c == '"':
			p.i++
			p.finish(v)
			return v, nil
		case c == '\\':
			p.t.vals[v].escaped = true
			if p.i+1 >= len(b) {
				return 0, p.fail("unterminated string at byte %d", start)
			}
			switch b[p.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.i += 2
			case 'u':
				if p.i+6 > len(b) || !isHex4(b[p.i+2:p.i+6]) {
					return 0, p.fail("invalid \\u escape at byte %d", p.i)
				}
				p.i += 6
			default:
				return 0, p.fail("invalid escape \\%c at byte %d", b[p.i+1], p.i)
			}
		case c < 0x20:
			return 0, p.fail("control character 0x%02x inside a string at byte %d: it must be escaped", c, p.i)
		default:
			p.i++
		}
	}
	return 0, p.fail("unterminated string at byte %d", start)
}

func isHex4(b string) bool {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func (p *parser) enter() *syntaxError {
	p.depth++
	if p.depth > maxDepth {
		return p.fail("the body nests deeper than %d levels", maxDepth)
	}
	return nil
}

func (p *parser) object() (int32, *syntaxError) {
	if err := p.enter(); err != nil {
		return 0, err
	}
	b := p.t.s
	v := p.newValue(jsonObject)
	p.i++ // {
	p.skipSpace()
	mark := len(p.mstack)
	if p.i < len(b) && b[p.i] == '}' {
		return p.closeObject(v, mark), nil
	}
	var folded map[string]string // for large objects; small ones are scanned
	for {
		p.skipSpace()
		if p.i >= len(b) || b[p.i] != '"' {
			return 0, p.fail("a quoted object key expected at byte %d", p.i)
		}
		k, err := p.str()
		if err != nil {
			return 0, err
		}
		key := p.t.text(p.t.node(k))
		folded = p.checkKey(p.mstack[mark:], key, folded)
		p.skipSpace()
		if p.i >= len(b) || b[p.i] != ':' {
			return 0, p.fail("':' expected after object key %q at byte %d", key, p.i)
		}
		p.i++
		p.skipSpace()
		p.path = append(p.path, pathSeg{key: key})
		val, err := p.value()
		if err != nil {
			return 0, err
		}
		p.path = p.path[:len(p.path)-1]
		p.mstack = append(p.mstack, member{key: k, val: val})
		p.skipSpace()
		if p.i < len(b) && b[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(b) && b[p.i] == '}' {
			return p.closeObject(v, mark), nil
		}
		return 0, p.fail("',' or '}' expected at byte %d", p.i)
	}
}

// closeObject moves the object's members from the stack into the tree.
func (p *parser) closeObject(v int32, mark int) int32 {
	p.i++ // }
	p.depth--
	p.finish(v)
	p.t.vals[v].first, p.t.vals[v].n = int32(len(p.t.mems)), int32(len(p.mstack)-mark)
	p.t.mems = append(p.t.mems, p.mstack[mark:]...)
	p.mstack = p.mstack[:mark]
	return v
}

// smallObject is how many keys an object may have before duplicates are
// looked up in a map rather than by scanning.
const smallObject = 16

// checkKey records the first key of an object (whose earlier members are
// members) that equals an earlier key or equals it but for case.
func (p *parser) checkKey(members []member, key string, folded map[string]string) map[string]string {
	if len(members) < smallObject {
		for _, m := range members {
			if prev := p.t.key(m); strings.EqualFold(prev, key) {
				p.ambiguity(key, prev)
				break
			}
		}
		return folded
	}
	if folded == nil {
		folded = make(map[string]string, 2*len(members))
		for _, m := range members {
			k := p.t.key(m)
			folded[foldKey(k)] = k
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
// one chosen rune of its simple case-folding orbit, the lower-case ASCII
// letter where the orbit has one (so "K", "k" and the Kelvin sign all
// become "k"), else the smallest. A lower-case ASCII key is its own fold,
// without an allocation.
func foldKey(s string) string {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] < utf8.RuneSelf && !('A' <= s[i] && s[i] <= 'Z')
	}
	if plain {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < utf8.RuneSelf {
			return foldRune(f)
		}
		least = min(least, f)
	}
	return least
}

func (p *parser) array() (int32, *syntaxError) {
	if err := p.enter(); err != nil {
		return 0, err
	}
	b := p.t.s
	v := p.newValue(jsonArray)
	p.i++ // [
	p.skipSpace()
	mark := len(p.estack)
	if p.i < len(b) && b[p.i] == ']' {
		return p.closeArray(v, mark), nil
	}
	for {
		p.skipSpace()
		p.path = append(p.path, pathSeg{index: len(p.estack) - mark, isIndex: true})
		el, err := p.value()
		if err != nil {
			return 0, err
		}
		p.path = p.path[:len(p.path)-1]
		p.estack = append(p.estack, el)
		p.skipSpace()
		if p.i < len(b) && b[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(b) && b[p.i] == ']' {
			return p.closeArray(v, mark), nil
		}
		return 0, p.fail("',' or ']' expected at byte %d", p.i)
	}
}

// closeArray moves the array's elements from the stack into the tree.
func (p *parser) closeArray(v int32, mark int) int32 {
	p.i++ // ]
	p.depth--
	p.finish(v)
	p.t.vals[v].first, p.t.vals[v].n = int32(len(p.t.elems)), int32(len(p.estack)-mark)
	p.t.elems = append(p.t.elems, p.estack[mark:]...)
	p.estack = p.estack[:mark]
	return v
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
