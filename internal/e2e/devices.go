package e2e

import (
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/device"
)

func emulatePhone() chromedp.Action[chromedp.Void] { return chromedp.Emulate(device.IPhone12) }
