package app

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"khcn/internal/locale"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// MaxFileSize is the largest upload accepted (20 MB).
const MaxFileSize = 20 << 20

// FileKind is an accepted kind of upload, recognised by its content.
type FileKind string

const (
	KindPDF  FileKind = "pdf"
	KindDOCX FileKind = "docx"
	KindXLSX FileKind = "xlsx"
	KindPNG  FileKind = "png"
	KindJPEG FileKind = "jpeg"
)

// Documents are the kinds accepted for attachments and evidence.
var Documents = []FileKind{KindPDF, KindDOCX, KindXLSX, KindPNG, KindJPEG}

// Images are the kinds accepted for photos.
var Images = []FileKind{KindPNG, KindJPEG}

var contentTypes = map[FileKind]string{
	KindPDF:  "application/pdf",
	KindDOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	KindXLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	KindPNG:  "image/png",
	KindJPEG: "image/jpeg",
}

// DetectKind recognises a file by its bytes, never by its name: a renamed
// executable is refused. Office files are zips with their own part names.
func DetectKind(data []byte) (FileKind, bool) {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return KindPDF, true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return KindPNG, true
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return KindJPEG, true
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return "", false
		}
		var types, word, xl bool
		for _, f := range zr.File {
			switch {
			case f.Name == "[Content_Types].xml":
				types = true
			case strings.HasPrefix(f.Name, "word/"):
				word = true
			case strings.HasPrefix(f.Name, "xl/"):
				xl = true
			}
		}
		if types && word {
			return KindDOCX, true
		}
		if types && xl {
			return KindXLSX, true
		}
	}
	return "", false
}

// FileInput is an upload to attach to an object.
type FileInput struct {
	OwnerType, OwnerID, Purpose string
	Name                        string
	Data                        []byte
	Field                       string     // form field, for error messages
	Allowed                     []FileKind // empty means Documents
}

// CheckFile validates an upload's size and kind, returning the problem at the
// form field.
func CheckFile(in FileInput) (FileKind, valid.Errors) {
	var e valid.Errors
	field := in.Field
	if field == "" {
		field = "file"
	}
	allowed := in.Allowed
	if len(allowed) == 0 {
		allowed = Documents
	}
	if len(in.Data) == 0 {
		e.Add(field, "err.file_empty")
		return "", e
	}
	if len(in.Data) > MaxFileSize {
		e.Add(field, "err.file_too_big", MaxFileSize>>20)
		return "", e
	}
	kind, ok := DetectKind(in.Data)
	if ok {
		ok = false
		for _, k := range allowed {
			ok = ok || k == kind
		}
	}
	if !ok {
		names := make([]string, len(allowed))
		for i, k := range allowed {
			names[i] = strings.ToUpper(string(k))
		}
		e.Add(field, "err.file_type", strings.Join(names, ", "))
		return "", e
	}
	return kind, nil
}

// SaveFile stores an upload inside the caller's transaction; the caller has
// already checked that the actor may change the owner.
func (a *App) SaveFile(ctx context.Context, q store.Q, actor Actor, in FileInput) (store.File, error) {
	kind, e := CheckFile(in)
	if e != nil {
		return store.File{}, e
	}
	sum := sha256.Sum256(in.Data)
	f := store.File{ID: store.NewID(), OwnerType: in.OwnerType, OwnerID: in.OwnerID, Purpose: in.Purpose,
		Name: cleanFileName(in.Name, kind), ContentType: contentTypes[kind], Size: int64(len(in.Data)),
		SHA256: hex.EncodeToString(sum[:]), UploadedAt: a.Now().UTC()}
	if actor.User != nil {
		f.UploadedBy = actor.User.ID
	}
	if err := q.InsertFile(ctx, f, in.Data); err != nil {
		return f, err
	}
	return f, Audit(ctx, q, actor, "file.upload", in.OwnerType, in.OwnerID, "", nil,
		map[string]any{"file": f.ID, "name": f.Name, "size": f.Size, "sha256": f.SHA256})
}

// cleanFileName keeps a readable Vietnamese name without path parts or
// control characters, with the extension of the detected kind.
func cleanFileName(name string, kind FileKind) string {
	name = locale.NFC(filepath.Base(strings.ReplaceAll(name, `\`, "/")))
	name = strings.Map(func(r rune) rune {
		if r < 32 || r == 127 || strings.ContainsRune(`"<>|:*?`, r) {
			return -1
		}
		return r
	}, name)
	base := strings.TrimSuffix(name, filepath.Ext(name))
	for utf8.RuneCountInString(base) > 120 {
		_, size := utf8.DecodeLastRuneInString(base)
		base = base[:len(base)-size]
	}
	if strings.TrimSpace(base) == "" || base == "." {
		base = "tep-dinh-kem"
	}
	ext := string(kind)
	if kind == KindJPEG {
		ext = "jpg"
	}
	return base + "." + ext
}

// FileReader decides whether an actor may read the files of one owner.
type FileReader func(ctx context.Context, a *App, actor Actor, ownerID string) error

// OpenFile returns a file and its bytes if the actor may read its owner.
func (a *App) OpenFile(ctx context.Context, actor Actor, id string) (store.File, []byte, error) {
	q := a.Store.Read()
	f, err := q.File(ctx, id)
	if err != nil {
		return f, nil, err
	}
	check, ok := a.wired.fileReaders[f.OwnerType]
	if !ok {
		return f, nil, ErrNotFound
	}
	if err := check(ctx, a, actor, f.OwnerID); err != nil {
		return f, nil, err
	}
	data, err := q.FileData(ctx, id)
	return f, data, err
}
