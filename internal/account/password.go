package account

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters: RFC 9106's second recommendation (64 MiB, 3 passes)
// halved in memory so two cores can take a burst of logins.
const (
	argonTime    = 2
	argonMemory  = 32 * 1024
	argonThreads = 2
	argonKeyLen  = 32
	// maxArgonMemory refuses stored hashes that would cost more than this
	// (KiB) to check: every check holds its memory while it runs.
	maxArgonMemory = 64 * 1024
)

// Each argon2id run holds its memory (32 MiB) until it ends, so a burst of
// logins must not run them all at once: at most hashSlots run together, and
// a login waits at most HashWait for a slot before it is told to try again
// in a moment. A run keeps argonThreads cores busy, so more slots than
// cores/argonThreads only add memory; at most 2 slots hold 64 MiB, which the
// garbage collector's headroom doubles at worst.
var hashSlots = make(chan struct{}, max(1, min(runtime.GOMAXPROCS(0)/argonThreads, 2)))

// HashWait is how long a password check waits for a free slot.
const HashWait = 3 * time.Second

// ErrBusy says every hashing slot stayed taken for HashWait.
var ErrBusy = errors.New("password checks busy")

// OccupyHashSlotsForTest takes every hashing slot until release is called,
// so tests can see the busy answer without racing real logins.
func OccupyHashSlotsForTest() (release func()) {
	for range cap(hashSlots) {
		hashSlots <- struct{}{}
	}
	return func() {
		for range cap(hashSlots) {
			<-hashSlots
		}
	}
}

// argonKey runs argon2id in a slot, waiting at most wait (0: as long as ctx lasts).
func argonKey(ctx context.Context, wait time.Duration, pw, salt []byte, t, m uint32, p uint8, n uint32) ([]byte, error) {
	var timeout <-chan time.Time
	if wait > 0 {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		timeout = timer.C
	}
	select {
	case hashSlots <- struct{}{}:
	case <-timeout:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-hashSlots }()
	return argon2.IDKey(pw, salt, t, m, p, n), nil
}

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 10

// ErrWeakPassword is returned for passwords shorter than MinPasswordLen.
var ErrWeakPassword = errors.New("password too short")

// CheckPasswordPolicy validates a new password.
func CheckPasswordPolicy(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return ErrWeakPassword
	}
	return nil
}

// HashPassword returns an encoded argon2id hash in the PHC string format. It
// waits for a hashing slot as long as it takes: new passwords are set by
// people already logged in, or on the command line.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key, err := argonKey(context.Background(), 0, []byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	if err != nil {
		return "", err
	}
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the encoded hash. It waits at most
// HashWait for a hashing slot, then returns ErrBusy.
func CheckPassword(ctx context.Context, encoded, pw string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, nil
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > maxArgonMemory || t > 16 {
		return false, nil
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || len(want) > 64 {
		return false, nil
	}
	got, err := argonKey(ctx, HashWait, []byte(pw), salt, t, m, p, uint32(len(want)))
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// DummyCheck spends the same time (and waits for a slot the same way) as a
// real check, so a login for an unknown account cannot be told apart.
func DummyCheck(ctx context.Context, pw string) error {
	_, err := CheckPassword(ctx, dummyHash, pw)
	return err
}

var dummyHash, _ = HashPassword("khcn-dummy-password")
