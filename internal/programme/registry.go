package programme

import (
	"time"

	"khcn/internal/civil"
	"khcn/internal/valid"
)

// Registries an indicator can be counted from. Each names what is counted,
// for the report's unit and the days its period covers.
const (
	RegistryTrainings      = "training.events"       // training courses held
	RegistryTrainingPeople = "training.participants" // people at training courses held
	RegistryCommunication  = "communication.events"  // publicity activities held
	RegistryIPGranted      = "ip.granted"            // IP titles granted (verified records)
	RegistryOcopRated      = "ocop.rated"            // products certified OCOP 3★ or more (verified records)
)

// Registries lists them in display order.
var Registries = []string{RegistryTrainings, RegistryTrainingPeople, RegistryCommunication, RegistryIPGranted, RegistryOcopRated}

// RegistrySpan is the days a registry is counted over for a period: the
// period's own span, or for a cumulative indicator everything from the
// programme's first year up to the period's end.
func RegistrySpan(ind Indicator, p Programme, per Period) (from, to civil.Date) {
	if ind.Cumulative {
		return civil.New(p.StartYear, time.January, 1), per.End
	}
	return per.Start, per.End
}

// CheckRegistry warns where a reported number differs from its registry's
// count and no comment says why. It never blocks sending: registries lag
// behind, and a unit may count what it has not yet recorded.
func CheckRegistry(inds []Indicator, vals map[string]Value, comments map[string]string, counts map[string]float64) valid.Errors {
	var e valid.Errors
	for _, ind := range inds {
		n, ok := counts[ind.Code]
		v := vals[ind.Code]
		if !ok || !v.Set || v.Num == n || comments[ind.Code] != "" {
			continue
		}
		e.Add(Field(ind.Code), "warn.val.registry", ind.Name, Format(ind.Type, v), Format(Number, NumValue(n)))
	}
	return e
}
