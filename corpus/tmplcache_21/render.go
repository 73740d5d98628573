package tmplcache_21

import (
	"strings"
	"sync"
)

// Template is a parsed text with {{name}} placeholders.
type Template struct {
	parts []string
}

func parse(src string) *Template {
	return &Template{parts: strings.Split(src, "{{")}
}

func (t *Template) Execute(vars map[string]string) string {
	var b strings.Builder
	b.WriteString(t.parts[0])
	for _, p := range t.parts[1:] {
		name, rest, _ := strings.Cut(p, "}}")
		b.WriteString(vars[name])
		b.WriteString(rest)
	}
	return b.String()
}

// Mailer renders messages from a template parsed on first use.
type Mailer struct {
	src  string
	mu   sync.Mutex
	tmpl *Template
}

func (m *Mailer) template() *Template {
	if m.tmpl == nil {
		m.mu.Lock()
		if m.tmpl == nil {
			m.tmpl = parse(m.src)
		}
		m.mu.Unlock()
	}
	return m.tmpl
}

// Render fills the template for one recipient.
func (m *Mailer) Render(name, order string) string {
	return m.template().Execute(map[string]string{"name": name, "order": order})
}
