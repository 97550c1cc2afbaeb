package demo

import (
	"context"

	"khcn/internal/app"
	"khcn/internal/hanoi"
)

// The issuing units' settings: who signs the Sở's documents and the
// communes' papers, before anything is issued (the list published in
// December 2024 is signed as these say).

func loadDocuments(ctx context.Context, a *app.App) error {
	admin, err := loginActor(ctx, a, "admin")
	if err != nil {
		return err
	}
	signers := []struct{ unit, authority, title, name string }{
		{hanoi.SoID, "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Văn Đức"},
		{MeLinh, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Đỗ Thị Lan"},
		{SocSon, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Văn Thắng"},
		{GiaLam, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Bùi Quang Huy"},
		{DongAnh, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Ngô Văn Tiến"},
	}
	for _, s := range signers {
		pg, err := a.DocIssuer(ctx, admin, s.unit)
		if err != nil {
			return err
		}
		iss := pg.Issuer
		iss.Authority, iss.Title, iss.Signer = s.authority, s.title, s.name
		if err := a.SaveDocIssuer(ctx, admin, iss); err != nil {
			return err
		}
	}
	return nil
}
