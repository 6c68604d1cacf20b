package cli

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/s3play/s3play/actions"
)

// progressLine redraws one status line on a terminal at most every 200 ms.
type progressLine struct {
	w      io.Writer
	step   string
	mu     sync.Mutex
	counts map[string]int64
	order  []string
	last   time.Time
}

func newProgressLine(w io.Writer, step string) *progressLine {
	return &progressLine{w: w, step: step, counts: map[string]int64{}}
}

// Add records n more units of the named work and redraws when due.
func (p *progressLine) Add(what string, n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.counts[what]; !ok {
		p.order = append(p.order, what)
	}
	p.counts[what] += n
	if time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	line := p.step + ":"
	for _, k := range p.order {
		line += " " + progressCount(p.counts[k], k)
	}
	fmt.Fprintf(p.w, "\r\033[K%s", line)
}

// progressCount formats a count with its label, such as "3 objects moved".
// Actions name their work with a plural noun and a verb, so for a count of
// 1 the noun loses its final s: "1 object moved".
func progressCount(n int64, label string) string {
	if n != 1 {
		return actions.FormatCount(n) + " " + label
	}
	noun, rest, _ := strings.Cut(label, " ")
	return strings.TrimSpace("1 " + strings.TrimSuffix(noun, "s") + " " + rest)
}
