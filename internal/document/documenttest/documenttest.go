// Package documenttest checks generated files the way a user opens them: in
// LibreOffice. Text converts a .docx or .xlsx to PDF with LibreOffice in
// headless mode and returns the text of the result; a .pdf is read with
// poppler's pdftotext. Without LibreOffice the test skips, saying so, unless
// CI=true, where that is a failure.
package documenttest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var mu sync.Mutex // one LibreOffice at a time per test binary

// Text returns the text of a generated document after LibreOffice opened it.
func Text(t testing.TB, data []byte, ext string) string {
	t.Helper()
	need(t, "pdftotext")
	dir := t.TempDir()
	in := filepath.Join(dir, "doc."+ext)
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := in
	if ext != "pdf" {
		need(t, "soffice")
		mu.Lock()
		cmd := exec.Command("soffice", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--norestore",
			"--convert-to", "pdf", "--outdir", dir, in)
		out, err := cmd.CombinedOutput()
		mu.Unlock()
		pdf = filepath.Join(dir, "doc.pdf")
		if _, statErr := os.Stat(pdf); err != nil || statErr != nil {
			t.Fatalf("LibreOffice could not open the %s: %v\n%s", ext, err, out)
		}
	}
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// Pages returns the number of pages of a PDF.
func Pages(t testing.TB, pdf []byte) int {
	t.Helper()
	need(t, "pdfinfo")
	f := filepath.Join(t.TempDir(), "doc.pdf")
	os.WriteFile(f, pdf, 0o644)
	out, err := exec.Command("pdfinfo", f).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "Pages:") {
			n := 0
			for _, r := range strings.TrimSpace(strings.TrimPrefix(l, "Pages:")) {
				n = n*10 + int(r-'0')
			}
			return n
		}
	}
	return 0
}

// Squash removes spaces so text checks survive the column layout of
// pdftotext, which can split or pad words.
func Squash(s string) string { return strings.Join(strings.Fields(s), "") }

func need(t testing.TB, tool string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI", tool)
		}
		t.Skipf("SKIPPING document check: %s not installed", tool)
	}
}
