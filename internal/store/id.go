package store

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

var idMu sync.Mutex
var lastMS int64
var seq uint16

// NewID returns a UUIDv7 string: time-ordered, so indexes stay compact, and
// made in Go, so no engine needs sequences (several app servers can share one
// PostgreSQL, or a distributed engine, without coordination).
func NewID() string {
	var b [16]byte
	rand.Read(b[:])
	idMu.Lock()
	ms := time.Now().UnixMilli()
	if ms <= lastMS {
		ms = lastMS
		seq++
		if seq > 0x0fff { // counter full: borrow the next millisecond
			ms++
			seq = 0
		}
	} else {
		seq = uint16(b[6]&0x07)<<8 | uint16(b[7]) // random start, room to count up
	}
	lastMS = ms
	s := seq
	idMu.Unlock()
	b[0], b[1], b[2], b[3], b[4], b[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	b[6] = 0x70 | byte(s>>8)&0x0f
	b[7] = byte(s)
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return string(out[:])
}
