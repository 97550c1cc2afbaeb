package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/i18n"
	"khcn/internal/store"
	"khcn/internal/valid"
)

func userCmd(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New("user: want add, passwd or disable")
	}
	sub, args := args[0], args[1:]
	var login, name, role, unit, email string
	c, err := parse("user "+sub, args, func(fs *flag.FlagSet) {
		fs.StringVar(&login, "login", "", "login name")
		fs.StringVar(&name, "name", "", "full name")
		fs.StringVar(&role, "role", "", "so_admin, so_specialist, so_leader, unit_officer, unit_leader or council")
		fs.StringVar(&unit, "unit", "", "org unit ID, e.g. hn-skhcn or hn-09022")
		fs.StringVar(&email, "email", "", "email address")
	})
	if err != nil {
		return err
	}
	if login == "" {
		return errors.New("user: --login is required")
	}
	s, err := store.Open(ctx, c.databaseURL, c.data)
	if err != nil {
		return err
	}
	defer s.Close()
	a := app.New(s, newLogger(c.logFormat))
	switch sub {
	case "add":
		pw, err := password()
		if err != nil {
			return err
		}
		id, err := a.CreateUser(ctx, app.System(), app.UserInput{Login: login, Name: name, Email: email,
			Role: account.Role(role), UnitID: unit, Password: pw})
		if err != nil {
			return describe(err)
		}
		fmt.Println("created user", login, id)
	case "passwd":
		id, err := a.UserIDByLogin(ctx, login)
		if err != nil {
			return fmt.Errorf("no user %q", login)
		}
		pw, err := password()
		if err != nil {
			return err
		}
		if err := a.ResetPassword(ctx, app.System(), id, pw); err != nil {
			return describe(err)
		}
		fmt.Println("password changed; the user's sessions were ended")
	case "disable":
		id, err := a.UserIDByLogin(ctx, login)
		if err != nil {
			return fmt.Errorf("no user %q", login)
		}
		if err := a.SetUserDisabled(ctx, app.System(), id, true); err != nil {
			return err
		}
		fmt.Println("disabled", login, "and ended their sessions")
	default:
		return fmt.Errorf("user: unknown subcommand %q", sub)
	}
	return nil
}

// password reads KHCN_PASSWORD or one line from standard input.
func password() (string, error) {
	if pw := os.Getenv("KHCN_PASSWORD"); pw != "" {
		return pw, nil
	}
	fmt.Fprint(os.Stderr, "Password: ")
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password given (set KHCN_PASSWORD or type it)")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// describe spells out validation problems by field for the terminal.
func describe(err error) error {
	var ve valid.Errors
	if !errors.As(err, &ve) {
		return err
	}
	var parts []string
	for field, p := range ve {
		parts = append(parts, field+": "+i18n.T(i18n.VI, p.Key, p.Args...))
	}
	sort.Strings(parts)
	return errors.New(strings.Join(parts, "; "))
}
