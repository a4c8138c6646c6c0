package config

import (
	"fmt"
	"strings"
)

// Error is one problem with one setting: the key's dotted path (for example
// chain.grpc), the line of the file when known, and what is wrong and how to
// fix it.
type Error struct {
	Key     string
	Line    int
	Problem string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s (line %d): %s", e.Key, e.Line, e.Problem)
	}
	return fmt.Sprintf("%s: %s", e.Key, e.Problem)
}

// errorList collects every problem of a file, so that an operator fixes them
// in one go rather than one per run.
type errorList struct {
	errs  []error
	lines map[string]int // key -> line, from the file that was loaded
}

func (l *errorList) add(key, format string, args ...any) {
	l.errs = append(l.errs, &Error{Key: key, Line: l.lines[key], Problem: fmt.Sprintf(format, args...)})
}

func (l *errorList) addAt(key string, line int, format string, args ...any) {
	l.errs = append(l.errs, &Error{Key: key, Line: line, Problem: fmt.Sprintf(format, args...)})
}

// err returns nil, or every problem, one per line.
func (l *errorList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	return &Errors{List: l.errs}
}

// Errors are the problems of one configuration, in the order of the file.
type Errors struct {
	List []error
}

func (e *Errors) Error() string {
	msgs := make([]string, len(e.List))
	for i, err := range e.List {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap lets errors.As find each *Error.
func (e *Errors) Unwrap() []error { return e.List }
