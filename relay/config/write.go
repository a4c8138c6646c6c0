package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/powershare/powershare/beckn"
)

const fileHeader = `powershare-relay configuration: one file per relay home (<home>/config.yaml).
Written by 'powershare-relay init'; edit freely. A key left out keeps its
default; unknown keys are refused. Durations are Go durations: 500ms, 5s,
1m30s, 1h. The flags of 'powershare-relay start' (--listen, --grpc, --rpc)
override this file.`

// Write writes cfg as a commented configuration file: every setting with
// its documentation and default. It refuses an invalid cfg and never
// overwrites: a file already at path is an error.
func Write(path string, cfg Config) (err error) {
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("not writing an invalid configuration:\n%w", err)
	}
	bz, err := Render(cfg)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s already exists: not overwriting it (edit it, or remove it to start over)", path)
		}
		return err
	}
	// A file that is not wholly on disk is removed: O_EXCL would otherwise
	// block the retry with a truncated configuration.
	defer func() {
		err = errors.Join(err, f.Close())
		if err != nil {
			err = errors.Join(err, os.Remove(path))
		}
	}()
	if _, err = f.Write(bz); err != nil {
		return err
	}
	return f.Sync()
}

// Render returns the commented YAML that Write writes.
func Render(cfg Config) ([]byte, error) {
	def := Default()
	root := renderStruct("", reflect.ValueOf(cfg), reflect.ValueOf(def))
	doc := &yaml.Node{Kind: yaml.DocumentNode, HeadComment: fileHeader, Content: []*yaml.Node{root}}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return spaceSections(buf.Bytes()), nil
}

func renderStruct(prefix string, v, def reflect.Value) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	t := v.Type()
	for i := range t.NumField() {
		key := join(prefix, yamlKey(t.Field(i)))
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: yamlKey(t.Field(i)), HeadComment: comment(key, def.Field(i))}
		var val *yaml.Node
		if v.Field(i).Kind() == reflect.Struct {
			val = renderStruct(key, v.Field(i), def.Field(i))
		} else {
			val = renderValue(v.Field(i))
		}
		m.Content = append(m.Content, k, val)
	}
	return m
}

// renderValue renders a leaf setting.
func renderValue(v reflect.Value) *yaml.Node {
	scalar := func(tag, value string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
	}
	switch {
	case v.Type() == durationType:
		return scalar("!!str", formatDuration(time.Duration(v.Int())))
	case v.Kind() == reflect.Slice:
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for i := range v.Len() {
			seq.Content = append(seq.Content, renderValue(v.Index(i)))
		}
		return seq
	case v.Kind() == reflect.String:
		n := scalar("!!str", v.String())
		if v.String() == "" {
			n.Style = yaml.DoubleQuotedStyle
		}
		return n
	case v.Kind() == reflect.Bool:
		return scalar("!!bool", strconv.FormatBool(v.Bool()))
	case v.Kind() == reflect.Float64:
		return scalar("!!float", strconv.FormatFloat(v.Float(), 'g', -1, 64))
	default:
		return scalar("!!int", strconv.FormatInt(v.Int(), 10))
	}
}

// comment is a key's documentation followed by its default.
func comment(key string, def reflect.Value) string {
	doc := docs[key]
	switch {
	case def.Kind() == reflect.Struct:
		return doc
	case key == "subscriber.id" || key == "subscriber.type" || key == "subscriber.url":
		return doc + "\nRequired (init sets it)."
	case key == "roles":
		return doc + "\nDefault: [] (the subscriber's type)."
	default:
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		if err := enc.Encode(renderValue(def)); err != nil {
			return doc
		}
		return doc + "\nDefault: " + strings.TrimSpace(buf.String()) + "."
	}
}

// spaceSections puts an empty line before every comment block, so that
// each documented setting stands apart.
func spaceSections(bz []byte) []byte {
	lines := strings.Split(string(bz), "\n")
	out := make([]string, 0, len(lines)*5/4)
	for i, line := range lines {
		isComment := strings.HasPrefix(strings.TrimSpace(line), "#")
		prev := ""
		if i > 0 {
			prev = strings.TrimSpace(lines[i-1])
		}
		// Not after a section's own key: its first setting follows it directly.
		if isComment && prev != "" && !strings.HasPrefix(prev, "#") && !strings.HasSuffix(prev, ":") {
			out = append(out, "")
		}
		out = append(out, line)
	}
	return []byte(strings.Join(out, "\n"))
}

// formatDuration writes a duration as one would type it: 1m, not 1m0s.
func formatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Init creates a relay home: the directory (mode 0700), the key file (mode
// 0600) and the configuration. It writes nothing if either file exists,
// and removes the key file again if the configuration cannot be written,
// so that a failed init can simply be repeated.
func Init(home string, cfg Config, kf beckn.KeyFile) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	cfgPath, keyPath := Path(home), cfg.KeyFilePath(home)
	for _, p := range []string{cfgPath, keyPath} {
		if _, err := os.Stat(p); err == nil {
			return fmt.Errorf("%s already exists: init never overwrites a relay home (use another --home, or remove it to start over)", p)
		} else if !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := os.MkdirAll(home, 0o700); err != nil {
		return fmt.Errorf("creating the relay home: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(keyPath), 0o700); err != nil {
		return fmt.Errorf("creating the key file's directory: %w", err)
	}
	if err := beckn.WriteKeyFile(keyPath, kf); err != nil {
		return fmt.Errorf("writing the key file: %w", err)
	}
	if err := Write(cfgPath, cfg); err != nil {
		return errors.Join(fmt.Errorf("writing the configuration: %w", err), os.Remove(keyPath))
	}
	return nil
}
