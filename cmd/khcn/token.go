package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"khcn/internal/app"
	"khcn/internal/i18n"
	"khcn/internal/store"
)

// tokenOut receives the secret (a test reads it).
var tokenOut io.Writer = os.Stdout

// tokenCmd: khcn token add --login NAME [--write] [--expires DAYS] [--name N]
// prints a new API token for that user (a person or a service account).
func tokenCmd(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("token: want add")
	}
	var login, name string
	var write bool
	var days int
	c, err := parse("token add", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&login, "login", "", "the user the token acts as")
		fs.StringVar(&name, "name", "command line", "what the token is for, shown in its owner's list")
		fs.BoolVar(&write, "write", false, "allow writes (default: read-only)")
		fs.IntVar(&days, "expires", app.DefaultTokenDays, "days until the token expires")
	})
	if err != nil {
		return err
	}
	if login == "" {
		return errors.New("token: --login is required")
	}
	if days < 1 {
		return errors.New("days: " + i18n.T(i18n.VI, "err.token_days", app.MaxTokenDays))
	}
	s, err := store.Open(ctx, c.databaseURL, c.data)
	if err != nil {
		return err
	}
	defer s.Close()
	a := app.New(s, newLogger(c.logFormat))
	id, err := a.UserIDByLogin(ctx, login)
	if err != nil {
		return fmt.Errorf("no user %q", login)
	}
	secret, t, err := a.CreateToken(ctx, app.System(), app.TokenInput{UserID: id, Name: name, Write: write, Days: days})
	if err != nil {
		return describe(err)
	}
	mode := "read-only"
	if t.Write {
		mode = "read-write"
	}
	fmt.Fprintf(os.Stderr, "token %q for %s, %s, expires %s (shown once; only its hash is kept)\n", t.Name, login, mode, t.ExpiresAt.Format("02/01/2006"))
	fmt.Fprintln(tokenOut, secret)
	return nil
}
