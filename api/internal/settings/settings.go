// Package settings stores Roster's instance-wide settings as a key/value
// table. Each key is registered with its kind, default and validation by the
// file of this package that owns it, and read through typed accessors. A key
// that was never changed has its default value.
package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Key names a setting, such as "accessRequests.enabled".
type Key string

// Kind is the type of a setting's value.
type Kind string

// Kinds of settings. A duration is a string such as "36h" or "14d", or
// "never" where the definition allows it.
const (
	KindBoolean  Kind = "boolean"
	KindString   Kind = "string"
	KindDuration Kind = "duration"
)

// Never is the duration value that means no limit.
const Never = "never"

// Errors returned by the store.
var (
	ErrStale = errors.New("settings changed since they were read")
)

// ValidationError lists invalid settings by key.
type ValidationError struct {
	Fields map[string]string
}

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for k, v := range e.Fields {
		parts = append(parts, k+": "+v)
	}
	sort.Strings(parts)
	return "invalid settings: " + strings.Join(parts, "; ")
}

// Definition describes one setting.
type Definition struct {
	Key         Key
	Kind        Kind
	Description string
	// Default is a bool for booleans and a string otherwise.
	Default any
	// MaxLength bounds a string's length in characters.
	MaxLength int
	// Min and Max bound a duration.
	Min, Max time.Duration
	// AllowNever accepts "never" as a duration.
	AllowNever bool
	// Options, when set, are the only values a string or duration may take.
	Options []string
}

var registry = map[Key]Definition{}

// register adds definitions; each file of this package registers the
// settings it owns from an init function. A duplicate key or a default that
// fails its own validation is a programming error and panics.
func register(defs ...Definition) {
	for _, d := range defs {
		if _, dup := registry[d.Key]; dup {
			panic(fmt.Sprintf("settings: %s registered twice", d.Key))
		}
		if _, err := d.normalize(d.Default); err != nil {
			panic(fmt.Sprintf("settings: default of %s is invalid: %v", d.Key, err))
		}
		registry[d.Key] = d
	}
}

// Definitions returns every registered setting, ordered by key.
func Definitions() []Definition {
	out := make([]Definition, 0, len(registry))
	for _, d := range registry {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Lookup returns the definition of key.
func Lookup(key Key) (Definition, bool) {
	d, ok := registry[key]
	return d, ok
}

// decode reads a JSON value for the setting and returns it normalised.
func (d Definition) decode(raw json.RawMessage) (any, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("not a JSON value: %v", err)
	}
	return d.normalize(v)
}

// normalize checks v against the definition and returns its stored form.
func (d Definition) normalize(v any) (any, error) {
	switch d.Kind {
	case KindBoolean:
		b, ok := v.(bool)
		if !ok {
			return nil, errors.New("must be true or false")
		}
		return b, nil
	case KindString:
		s, ok := v.(string)
		if !ok {
			return nil, errors.New("must be a string")
		}
		s = strings.TrimSpace(s)
		if d.MaxLength > 0 && len([]rune(s)) > d.MaxLength {
			return nil, fmt.Errorf("at most %d characters", d.MaxLength)
		}
		return s, d.checkOption(s)
	case KindDuration:
		s, ok := v.(string)
		if !ok {
			return nil, errors.New(`must be a string such as "36h" or "14d"`)
		}
		s = strings.TrimSpace(s)
		if err := d.checkOption(s); err != nil {
			return nil, err
		}
		if s == Never {
			if !d.AllowNever {
				return nil, errors.New(`"never" is not allowed for this setting`)
			}
			return s, nil
		}
		dur, err := ParseDuration(s)
		if err != nil {
			return nil, err
		}
		if dur < d.Min {
			return nil, fmt.Errorf("must be at least %s", FormatDuration(d.Min))
		}
		if d.Max > 0 && dur > d.Max {
			return nil, fmt.Errorf("must be at most %s", FormatDuration(d.Max))
		}
		return s, nil
	}
	return nil, fmt.Errorf("unknown kind %q", d.Kind)
}

func (d Definition) checkOption(s string) error {
	if len(d.Options) == 0 {
		return nil
	}
	for _, o := range d.Options {
		if o == s {
			return nil
		}
	}
	return fmt.Errorf("%q is not one of %s", s, strings.Join(d.Options, ", "))
}

// ParseDuration reads a positive duration written in days ("14d") or as a
// Go duration ("36h", "90m").
func ParseDuration(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err == nil && days > 0 && days <= 36500 {
			return time.Duration(days) * 24 * time.Hour, nil
		}
	} else if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return d, nil
	}
	return 0, fmt.Errorf("%q is not a duration such as 36h or 14d", s)
}

// FormatDuration writes whole days as "14d" and anything else as a Go
// duration.
func FormatDuration(d time.Duration) string {
	if d > 0 && d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	return d.String()
}

// Snapshot is the value of every setting at one moment.
type Snapshot struct {
	values map[Key]any
}

func (s Snapshot) value(key Key, kind Kind) any {
	d, ok := registry[key]
	if !ok || d.Kind != kind {
		panic(fmt.Sprintf("settings: %s is not a registered %s setting", key, kind))
	}
	if v, ok := s.values[key]; ok {
		return v
	}
	return d.Default
}

// Bool returns a boolean setting. It panics when key is not a registered
// boolean setting.
func (s Snapshot) Bool(key Key) bool { return s.value(key, KindBoolean).(bool) }

// String returns a string setting. It panics when key is not a registered
// string setting.
func (s Snapshot) String(key Key) string { return s.value(key, KindString).(string) }

// Duration returns a duration setting, or 0 when it is "never". It panics
// when key is not a registered duration setting.
func (s Snapshot) Duration(key Key) time.Duration {
	raw := s.value(key, KindDuration).(string)
	if raw == Never {
		return 0
	}
	d, err := ParseDuration(raw)
	if err != nil {
		// Stored values were validated on write; one that no longer parses
		// falls back to the default.
		d, _ = ParseDuration(registry[key].Default.(string))
	}
	return d
}

// Raw returns the value of key as the API shows it, and whether it was
// changed from its default.
func (s Snapshot) Raw(key Key) (any, bool) {
	if v, ok := s.values[key]; ok {
		return v, true
	}
	return registry[key].Default, false
}
