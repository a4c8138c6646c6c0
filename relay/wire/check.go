package wire

import "strings"

// checker walks a parsed body and records the first way it breaks the
// rules; after that every step is a no-op, so validation code reads as a
// list of requirements without an error check after each.
type checker struct {
	t    *tree
	d    Dialect
	kind errKind // the kind of failure the current checks report
	err  *Error
}

func (c *checker) failf(path, format string, args ...any) {
	if c.err == nil {
		c.err = invalid(c.d, c.kind, path, format, args...)
	}
}

// get finds the member of obj spelled as one of names, the accepted
// spellings of one field (the dialect's own first). It refuses the field
// given in two spellings and a key equal to a spelling but for case, as a
// case-insensitive reader (encoding/json) would take it for the field and
// an exact one would not. It returns the value (nil if absent) and its
// path, in the sender's spelling when present.
func (c *checker) get(obj *value, objPath string, names ...string) (*value, string) {
	if c.err != nil || obj == nil {
		return nil, join(objPath, names[0])
	}
	var found *value
	foundKey := ""
	for _, m := range c.t.members(obj) {
		key := c.t.key(m)
		for _, n := range names {
			switch {
			case key == n && found != nil:
				c.failf(join(objPath, key), "the field is given twice, as %q and %q: send one", foundKey, key)
				return nil, join(objPath, key)
			case key == n:
				found, foundKey = c.t.val(m), key
			case strings.EqualFold(key, n):
				c.failf(join(objPath, key), "key %q must be spelled %s", key, spellings(names))
				return nil, join(objPath, key)
			}
		}
	}
	if found == nil {
		return nil, join(objPath, names[0])
	}
	return found, join(objPath, foundKey)
}

func spellings(names []string) string {
	if len(names) == 1 {
		return "\"" + names[0] + "\""
	}
	return "\"" + names[0] + "\" or \"" + names[1] + "\""
}

// present is whether v is given: absent and null are not.
func present(v *value) bool { return v != nil && v.kind != jsonNull }

// object is the object member of obj named names; nil when absent (a
// failure when required) or not an object (always a failure).
func (c *checker) object(obj *value, objPath string, required bool, names ...string) (*value, string) {
	v, path := c.get(obj, objPath, names...)
	switch {
	case c.err != nil:
		return nil, path
	case !present(v):
		if required {
			c.failf(path, "is required (an object)")
		}
		return nil, path
	case v.kind != jsonObject:
		c.failf(path, "must be an object, not %s", v.kind.name())
		return nil, path
	}
	return v, path
}

// array is the array member of obj named names, as object is; nonEmpty
// refuses [] too.
func (c *checker) array(obj *value, objPath string, required, nonEmpty bool, names ...string) (*value, string) {
	v, path := c.get(obj, objPath, names...)
	switch {
	case c.err != nil:
		return nil, path
	case !present(v):
		if required {
			c.failf(path, "is required (an array)")
		}
		return nil, path
	case v.kind != jsonArray:
		c.failf(path, "must be an array, not %s", v.kind.name())
		return nil, path
	case nonEmpty && v.n == 0:
		c.failf(path, "must not be empty")
		return nil, path
	}
	return v, path
}

// str is the string member of obj named names; "" when absent or empty
// (a failure when required), a failure when not a string.
func (c *checker) str(obj *value, objPath string, required bool, names ...string) (string, string) {
	v, path := c.get(obj, objPath, names...)
	switch {
	case c.err != nil:
		return "", path
	case !present(v):
		if required {
			c.failf(path, "is required (a string)")
		}
		return "", path
	case v.kind != jsonString:
		c.failf(path, "must be a string, not %s", v.kind.name())
		return "", path
	}
	s := c.t.text(v)
	if s == "" && required {
		c.failf(path, "must not be empty")
	}
	return s, path
}

// boolean is the boolean member of obj named names, false when absent.
func (c *checker) boolean(obj *value, objPath string, names ...string) bool {
	v, path := c.get(obj, objPath, names...)
	switch {
	case c.err != nil || !present(v):
		return false
	case v.kind != jsonBool:
		c.failf(path, "must be true or false, not %s", v.kind.name())
		return false
	}
	return c.t.s[v.start] == 't'
}

// eachObject checks that every element of the array arr is an object and
// calls f with it and its path.
func (c *checker) eachObject(arr *value, path string, f func(el *value, path string)) {
	if arr == nil {
		return
	}
	for i, e := range c.t.elements(arr) {
		el := c.t.node(e)
		if c.err != nil {
			return
		}
		p := index(path, i)
		if el.kind != jsonObject {
			c.failf(p, "must be an object, not %s", el.kind.name())
			return
		}
		if f != nil {
			f(el, p)
		}
	}
}
