package account

import "time"

// Backoff is a throttle policy for password guesses against one key (a
// login, an address, a known browser): Free attempts, then after each attempt
// a lock that starts at First and doubles up to Max. The count starts again
// Window after its first attempt, or when the key is cleared by a success.
type Backoff struct {
	Free       int
	First, Max time.Duration
	Window     time.Duration
}

// LockAfter is how long the key stays locked after its n-th attempt.
func (b Backoff) LockAfter(n int) time.Duration {
	if n < b.Free {
		return 0
	}
	d := b.First
	for i := b.Free; i < n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// MostPerWindow is how many attempts a patient guesser gets through in one
// window, trying again the moment each lock ends.
func (b Backoff) MostPerWindow() int {
	if b.First <= 0 {
		return -1 // never locks
	}
	n, at := 0, time.Duration(0)
	for at < b.Window {
		n++
		at += b.LockAfter(n)
	}
	return n
}

// The login policies (README, Security). A login, as tried from browsers and
// addresses its owner has never used, gets 5 free attempts, then waits 1, 2,
// 4, 8 and then 16 minutes between attempts: at most 98 guesses a day. Each
// browser and each address the owner has logged in from has an allowance of
// its own, so the owner gets back in within a minute of their own mistakes
// whatever a stranger does. An address gets 30 free attempts at logins it is a
// stranger to, then the same back-off, which slows only that address.
var (
	LoginBackoff   = Backoff{Free: 5, First: time.Minute, Max: 16 * time.Minute, Window: 24 * time.Hour}
	AddressBackoff = Backoff{Free: 30, First: time.Minute, Max: 16 * time.Minute, Window: 24 * time.Hour}
)
