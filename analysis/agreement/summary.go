package agreement

import "math"

// Summary is every statistic of one set of reliability data, as a report
// shows them. A statistic that is not defined on the data is NaN.
type Summary struct {
	Level Level
	// Units counts the pairable units (two or more values), Coders the
	// coders who gave values, N the pairable values.
	Units, Coders, N int
	PercentAgreement float64
	Alpha            float64
	// CohenKappa is computed when exactly two coders gave values,
	// FleissKappa when three or more did (on the units all of them coded);
	// otherwise NaN.
	CohenKappa, FleissKappa float64
	// Bootstrap is set when resamples were asked for.
	Bootstrap *Bootstrap
}

// Summarize computes the summary of d at level; boot.Resamples > 0 adds
// Krippendorff's bootstrap of alpha.
func Summarize(d *Data, level Level, boot BootstrapOptions) (Summary, error) {
	s := Summary{Level: level, Coders: d.CodersWithValues(), CohenKappa: math.NaN(), FleissKappa: math.NaN()}
	a, err := d.Alpha(level)
	if err != nil {
		return s, err
	}
	s.Alpha, s.Units, s.N = a.Alpha, a.Units, a.N
	s.PercentAgreement = d.PercentAgreement().Value
	switch {
	case s.Coders == 2:
		k, err := d.CohenKappa()
		if err != nil {
			return s, err
		}
		s.CohenKappa = k.Value
	case s.Coders >= 3:
		k, err := d.FleissKappa()
		if err != nil {
			return s, err
		}
		s.FleissKappa = k.Value
	}
	if boot.Resamples > 0 {
		b := a.Bootstrap(boot)
		s.Bootstrap = &b
	}
	return s, nil
}

// Flag is "below 0.667" or "below 0.800" when alpha falls short of
// Krippendorff's bars, "" otherwise (and when alpha is not defined).
func (s Summary) Flag() string {
	switch {
	case math.IsNaN(s.Alpha):
		return ""
	case s.Alpha < MinTentative:
		return "below 0.667"
	case s.Alpha < MinReliable:
		return "below 0.800"
	}
	return ""
}
