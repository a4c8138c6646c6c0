package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// maxFileBytes bounds the file Load reads: a configuration is a few KiB.
const maxFileBytes = 1 << 20

// Load reads a configuration file over the defaults: a key the file leaves
// out keeps its default. It refuses unknown keys, duplicate keys, values of
// the wrong kind and invalid settings, naming every offending key (with its
// line) and saying how to fix it. A loaded Config always lists its Roles.
func Load(path string) (Config, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Config{}, fmt.Errorf("no configuration at %s: create one with 'powershare-relay init --home <dir> ...'", path)
		}
		return Config{}, err
	}
	defer f.Close()
	bz, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return Config{}, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(bz) > maxFileBytes {
		return Config{}, fmt.Errorf("%s: larger than %d bytes; a configuration is a few KiB", path, maxFileBytes)
	}
	cfg, err := Parse(bz)
	if err != nil {
		return Config{}, fmt.Errorf("%s:\n%w", path, err)
	}
	return cfg, nil
}

// Parse is Load on the bytes of a file.
func Parse(bz []byte) (Config, error) {
	dec := yaml.NewDecoder(bytes.NewReader(bz))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return Config{}, errors.New("the file is empty: write one with 'powershare-relay init'")
		}
		return Config{}, fmt.Errorf("not valid YAML: %w", err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return Config{}, errors.New("more than one YAML document ('---'): a configuration is one document")
	}

	cfg := Default()
	l := &errorList{lines: map[string]int{}}
	decodeValue(l, "", &doc, reflect.ValueOf(&cfg).Elem())
	if err := l.err(); err != nil {
		return Config{}, err
	}
	cfg.normalise()
	if err := cfg.validate(l.lines); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// normalise upper-cases role names and fills in the default roles.
func (c *Config) normalise() {
	c.Subscriber.Type = Role(strings.ToUpper(string(c.Subscriber.Type)))
	for i, r := range c.Roles {
		c.Roles[i] = Role(strings.ToUpper(string(r)))
	}
	if len(c.Roles) == 0 && c.Subscriber.Type != "" {
		c.Roles = []Role{c.Subscriber.Type}
	}
}

var durationType = reflect.TypeFor[time.Duration]()

// decodeValue decodes node into v, recording the line of every key and an
// error for every key or value that does not fit. Unlike yaml's own
// decoder, whose errors name Go types, its errors name the file's keys.
func decodeValue(l *errorList, key string, n *yaml.Node, v reflect.Value) {
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return
		}
		n = n.Content[0]
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if key != "" && n.Tag == "!!null" {
		l.addAt(key, n.Line, `no value: write one (use "" for an empty string) or delete the line to keep the default`)
		return
	}
	switch {
	case v.Kind() == reflect.Struct:
		decodeMapping(l, key, n, v)
	case v.Type() == durationType:
		decodeDuration(l, key, n, v)
	case v.Kind() == reflect.Slice:
		decodeSequence(l, key, n, v)
	default:
		decodeScalar(l, key, n, v)
	}
}

func decodeMapping(l *errorList, key string, n *yaml.Node, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		where := key
		if where == "" {
			where = "(top level)"
		}
		l.addAt(where, n.Line, "expected a mapping of settings (key: value lines), got %s", describe(n))
		return
	}
	fields := structFields(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		path := join(key, k.Value)
		if seen[k.Value] {
			l.addAt(path, k.Line, "set twice: keep one of the two lines")
			continue
		}
		seen[k.Value] = true
		l.lines[path] = k.Line
		idx, ok := fields[k.Value]
		if !ok {
			l.addAt(path, k.Line, "unknown setting%s; the settings here are: %s", suggest(k.Value, fields), strings.Join(fieldNames(v.Type()), ", "))
			continue
		}
		decodeValue(l, path, val, v.Field(idx))
	}
}

func decodeDuration(l *errorList, key string, n *yaml.Node, v reflect.Value) {
	if n.Kind != yaml.ScalarNode {
		l.addAt(key, n.Line, "expected a duration such as 5s, 500ms or 1m30s, got %s", describe(n))
		return
	}
	d, err := time.ParseDuration(n.Value)
	if err != nil {
		l.addAt(key, n.Line, "%q is not a duration: write a number with a unit (ns, us, ms, s, m, h) such as 5s, 500ms or 1m30s", n.Value)
		return
	}
	v.SetInt(int64(d))
}

func decodeSequence(l *errorList, key string, n *yaml.Node, v reflect.Value) {
	if n.Kind != yaml.SequenceNode {
		l.addAt(key, n.Line, "expected a list such as [BPP] or [BAP, BPP], got %s", describe(n))
		return
	}
	out := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		decodeValue(l, fmt.Sprintf("%s[%d]", key, i), item, out.Index(i))
	}
	v.Set(out)
}

func decodeScalar(l *errorList, key string, n *yaml.Node, v reflect.Value) {
	if n.Kind != yaml.ScalarNode {
		l.addAt(key, n.Line, "expected a single value, got %s", describe(n))
		return
	}
	if v.Kind() == reflect.String {
		// Any scalar is a string: chain_id: 123 means "123".
		v.SetString(n.Value)
		return
	}
	target := reflect.New(v.Type())
	if err := n.Decode(target.Interface()); err != nil {
		l.addAt(key, n.Line, "%q is not %s", n.Value, kindName(v.Kind()))
		return
	}
	v.Set(target.Elem())
}

// describe names a node's shape for an error message.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	default:
		return fmt.Sprintf("%q", n.Value)
	}
}

func kindName(k reflect.Kind) string {
	switch k {
	case reflect.Bool:
		return "true or false"
	case reflect.Float32, reflect.Float64:
		return "a number such as 1.5"
	default:
		return "a whole number"
	}
}

// structFields maps a struct's YAML keys to its field indexes.
func structFields(t reflect.Type) map[string]int {
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		m[yamlKey(t.Field(i))] = i
	}
	return m
}

// fieldNames are a struct's YAML keys in the order of the file.
func fieldNames(t reflect.Type) []string {
	names := make([]string, t.NumField())
	for i := range t.NumField() {
		names[i] = yamlKey(t.Field(i))
	}
	return names
}

func yamlKey(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	return name
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// suggest names the known key closest to an unknown one, for typos such as
// max-body-bytes or grcp.
func suggest(unknown string, fields map[string]int) string {
	norm := strings.ReplaceAll(strings.ToLower(unknown), "-", "_")
	best, bestDist := "", 3
	for name := range fields {
		if d := editDistance(norm, name); d < bestDist || (d == bestDist && name < best) {
			best, bestDist = name, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance of two short keys.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
