package e2e

import (
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/device"
)

func emulatePhone() chromedp.Action[chromedp.Void] { return chromedp.Emulate(device.IPhone12) }

// emulateDesktop is an office screen, 1280 px wide.
func emulateDesktop() chromedp.Action[chromedp.Void] { return chromedp.EmulateViewport(1280, 800) }
