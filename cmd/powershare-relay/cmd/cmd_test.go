package cmd_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/cmd/powershare-relay/cmd"
	"github.com/powershare/powershare/relay/config"
)

// run executes powershare-relay with args and returns its standard output.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := cmd.NewRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetIn(strings.NewReader(""))
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

// initHome creates a BPP relay home and returns its directory.
func initHome(t *testing.T, extra ...string) string {
	t.Helper()
	home := filepath.Join(t.TempDir(), "bpp")
	args := append([]string{"init", "--home", home, "--subscriber-id", "bpp.example.com", "--type", "BPP",
		"--url", "https://bpp.example.com/beckn"}, extra...)
	_, err := run(t, args...)
	require.NoError(t, err)
	return home
}

func TestInitWritesTheConfigAndAKeyFileOnlyItsOwnerReads(t *testing.T) {
	home := filepath.Join(t.TempDir(), "bpp")
	out, err := run(t, "init", "--home", home, "--subscriber-id", "bpp.example.com", "--type", "bpp",
		"--url", "https://bpp.example.com/beckn", "--domain", "ONDC:RET10", "--key-id", "k-2026", "--country", "IND", "--city", "std:080")
	require.NoError(t, err)
	require.Contains(t, out, "powershare-relay subscribe --home "+home)

	info, err := os.Stat(filepath.Join(home, "keys.json"))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	info, err = os.Stat(home)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o700), info.Mode().Perm())

	kf, err := beckn.ReadKeyFile(filepath.Join(home, "keys.json"))
	require.NoError(t, err)
	require.Equal(t, "k-2026", kf.KeyID)
	require.Len(t, kf.MLDSAPublicKey, 1952, "init draws an ML-DSA-65 key")

	cfg, err := config.Load(filepath.Join(home, "config.yaml"))
	require.NoError(t, err)
	require.Equal(t, config.Subscriber{ID: "bpp.example.com", Type: config.RoleBPP, URL: "https://bpp.example.com/beckn",
		Domain: "ONDC:RET10", Country: "IND", City: "std:080"}, cfg.Subscriber)
	require.Equal(t, []config.Role{config.RoleBPP}, cfg.Roles)
	require.Equal(t, config.DefaultListen, cfg.Listen)
	require.Equal(t, config.DefaultGRPC, cfg.Chain.GRPC)
}

func TestInitListensWhereALoopbackURLPoints(t *testing.T) {
	home := filepath.Join(t.TempDir(), "bap")
	_, err := run(t, "init", "--home", home, "--subscriber-id", "bap.localhost.test", "--type", "BAP", "--url", "http://127.0.0.1:8082/beckn")
	require.NoError(t, err)
	cfg, err := config.Load(config.Path(home))
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:8082", cfg.Listen)

	home = filepath.Join(t.TempDir(), "bg")
	_, err = run(t, "init", "--home", home, "--subscriber-id", "bg.localhost.test", "--type", "BG",
		"--url", "http://localhost:8083/beckn", "--listen", "0.0.0.0:9000")
	require.NoError(t, err)
	cfg, err = config.Load(config.Path(home))
	require.NoError(t, err)
	require.Equal(t, "0.0.0.0:9000", cfg.Listen)
}

func TestInitNeverOverwrites(t *testing.T) {
	for _, existing := range []string{"config.yaml", "keys.json"} {
		t.Run(existing, func(t *testing.T) {
			home := t.TempDir()
			path := filepath.Join(home, existing)
			require.NoError(t, os.WriteFile(path, []byte("precious\n"), 0o600))

			_, err := run(t, "init", "--home", home, "--subscriber-id", "bpp.example.com", "--type", "BPP", "--url", "https://bpp.example.com/beckn")
			require.ErrorContains(t, err, path+" already exists")

			bz, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Equal(t, "precious\n", string(bz))
			entries, err := os.ReadDir(home)
			require.NoError(t, err)
			require.Len(t, entries, 1, "init wrote nothing else")
		})
	}

	// A second init of a complete home keeps its keys.
	home := initHome(t)
	before, err := os.ReadFile(filepath.Join(home, "keys.json"))
	require.NoError(t, err)
	_, err = run(t, "init", "--home", home, "--subscriber-id", "bpp.example.com", "--type", "BPP", "--url", "https://bpp.example.com/beckn")
	require.ErrorContains(t, err, "already exists")
	after, err := os.ReadFile(filepath.Join(home, "keys.json"))
	require.NoError(t, err)
	require.Equal(t, before, after)
}

func TestInitRefusesBadFlagsAndWritesNothing(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown type", []string{"--subscriber-id", "x.example.com", "--type", "seller", "--url", "https://x.example.com/beckn"}, "--type"},
		{"bad subscriber id", []string{"--subscriber-id", "Not An Id", "--type", "BPP", "--url", "https://x.example.com/beckn"}, "subscriber.id"},
		{"plain http off loopback", []string{"--subscriber-id", "x.example.com", "--type", "BPP", "--url", "http://x.example.com/beckn"}, "subscriber.url"},
		{"bad domain", []string{"--subscriber-id", "x.example.com", "--type", "BPP", "--url", "https://x.example.com/beckn", "--domain", "a b"}, "subscriber.domain"},
		{"key id with a pipe", []string{"--subscriber-id", "x.example.com", "--type", "BPP", "--url", "https://x.example.com/beckn", "--key-id", "a|b"}, "--key-id"},
		{"bad listen", []string{"--subscriber-id", "x.example.com", "--type", "BPP", "--url", "https://x.example.com/beckn", "--listen", "nowhere"}, "listen"},
		{"missing url", []string{"--subscriber-id", "x.example.com", "--type", "BPP"}, `"url" not set`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			home := filepath.Join(t.TempDir(), "home")
			_, err := run(t, append([]string{"init", "--home", home}, tc.args...)...)
			require.ErrorContains(t, err, tc.want)
			_, statErr := os.Stat(home)
			require.True(t, os.IsNotExist(statErr), "nothing written")
		})
	}
}

func TestKeysShowJSONIsTheKeyFilesPublicHalf(t *testing.T) {
	home := initHome(t)
	kf, err := beckn.ReadKeyFile(filepath.Join(home, "keys.json"))
	require.NoError(t, err)

	out, err := run(t, "keys", "show", "--home", home, "-o", "json")
	require.NoError(t, err)
	var shown map[string]string
	require.NoError(t, json.Unmarshal([]byte(out), &shown))
	b64 := base64.StdEncoding.EncodeToString
	require.Equal(t, map[string]string{
		"key_id":             kf.KeyID,
		"signing_public_key": b64(kf.SigningPublicKey),
		"encr_public_key":    b64(kf.EncrPublicKey),
		"mldsa_public_key":   b64(kf.MLDSAPublicKey),
	}, shown)
	require.NotContains(t, out, b64(kf.SigningPrivateKey))
}

func TestKeysShowTextPrintsThePowersharedCommand(t *testing.T) {
	home := initHome(t, "--country", "IND", "--city", "std:080")
	kf, err := beckn.ReadKeyFile(filepath.Join(home, "keys.json"))
	require.NoError(t, err)
	b64 := base64.StdEncoding.EncodeToString

	out, err := run(t, "keys", "show", "--home", home)
	require.NoError(t, err)
	require.Contains(t, out, "signing_public_key: "+b64(kf.SigningPublicKey))
	require.Contains(t, out, "powershared tx beckn subscribe bpp.example.com https://bpp.example.com/beckn bpp deg:p2p-trading"+
		" --key-id key-1 --signing-public-key "+b64(kf.SigningPublicKey)+" --encr-public-key "+b64(kf.EncrPublicKey)+
		" --mldsa-public-key "+b64(kf.MLDSAPublicKey)+" --country IND --city std:080 --from <relay-key>")
	require.NotContains(t, out, b64(kf.SigningPrivateKey))
	require.NotContains(t, out, b64(kf.EncrPrivateKey))
}

func TestKeysShowRefuses(t *testing.T) {
	_, err := run(t, "keys", "show", "--home", t.TempDir())
	require.ErrorContains(t, err, "powershare-relay init")

	home := initHome(t)
	_, err = run(t, "keys", "show", "--home", home, "-o", "yaml")
	require.ErrorContains(t, err, "text or json")

	// A key file others may read is refused, with the fix.
	require.NoError(t, os.Chmod(filepath.Join(home, "keys.json"), 0o644))
	_, err = run(t, "keys", "show", "--home", home)
	require.ErrorContains(t, err, "chmod 600")
}

func TestStartRefusesBadOverridesBeforeRunning(t *testing.T) {
	home := initHome(t)
	_, err := run(t, "start", "--home", home, "--grpc", "no-port")
	require.ErrorContains(t, err, "--grpc (chain.grpc)")
	_, err = run(t, "start", "--home", t.TempDir())
	require.ErrorContains(t, err, "powershare-relay init")
}

func TestVersion(t *testing.T) {
	out, err := run(t, "version", "-o", "json")
	require.NoError(t, err)
	var info map[string]string
	require.NoError(t, json.Unmarshal([]byte(out), &info))
	require.Equal(t, "powershare-relay", info["name"])
	require.NotEmpty(t, info["version"])
	require.NotEmpty(t, info["commit"])

	out, err = run(t, "version")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(out, "powershare-relay "+info["version"]+"\n"), out)
}
