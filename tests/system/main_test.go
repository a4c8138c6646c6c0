// Package system_test drives the compiled powershared binary: the wallet CLI,
// a network of validator processes, and the node's answers to bad input.
package system_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// binary is the powershared under test: $POWERSHARED (set by `make
// test-system`) or, when unset, a fresh build of ./cmd/powershared.
var binary string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

// runTests runs the tests, first building the binary when none is given; a
// function of its own so that the build directory is removed before TestMain
// exits.
func runTests(m *testing.M) int {
	binary = os.Getenv("POWERSHARED")
	if binary == "" {
		dir, err := os.MkdirTemp("", "powershared-bin")
		if err != nil {
			panic(err)
		}
		binary = filepath.Join(dir, "powershared")
		build := exec.Command("go", "build", "-o", binary, "../../cmd/powershared")
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			panic(fmt.Sprintf("building powershared: %v", err))
		}
		defer os.RemoveAll(dir)
	}
	return m.Run()
}

// result is what one powershared invocation printed and how it ended.
type result struct {
	stdout, stderr string
	err            error
}

func (r result) combined() string { return r.stdout + r.stderr }

// run executes powershared with args and returns its output.
func run(args ...string) result {
	cmd := exec.Command(binary, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return result{stdout: stdout.String(), stderr: stderr.String(), err: err}
}

// mustRun executes powershared and fails the test if it fails.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	r := run(args...)
	if r.err != nil {
		t.Fatalf("powershared %s: %v\n%s", strings.Join(args, " "), r.err, r.combined())
	}
	return r.stdout
}

// mustRunJSON executes powershared and decodes its JSON output into out.
func mustRunJSON(t *testing.T, out any, args ...string) {
	t.Helper()
	stdout := mustRun(t, args...)
	if err := json.Unmarshal([]byte(stdout), out); err != nil {
		t.Fatalf("powershared %s: output is not JSON: %v\n%s", strings.Join(args, " "), err, stdout)
	}
}

// mustRunWithInput executes powershared with input on its stdin.
func mustRunWithInput(t *testing.T, input string, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Stdin = strings.NewReader(input + "\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("powershared %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
