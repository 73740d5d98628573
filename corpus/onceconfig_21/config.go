package onceconfig_21

import (
	"strings"
	"sync"
)

// Settings is the parsed form of a key=value configuration text.
type Settings map[string]string

// Provider parses its source text once, on first use.
type Provider struct {
	once   sync.Once
	source string
	parsed Settings
	parses int
}

func NewProvider(source string) *Provider {
	return &Provider{source: source}
}

func (p *Provider) parse() {
	p.parses++
	s := make(Settings)
	for _, line := range strings.Split(p.source, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if ok {
			s[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	p.parsed = s
}

// Lookup returns the value of key, parsing the source if needed.
func (p *Provider) Lookup(key string) (string, bool) {
	p.once.Do(p.parse)
	v, ok := p.parsed[key]
	return v, ok
}

// Parses reports how many times the source was parsed.
func (p *Provider) Parses() int {
	p.once.Do(p.parse)
	return p.parses
}
