package cli

import (
	"fmt"
	"io"
	"sync"
	"time"
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
		line += fmt.Sprintf(" %d %s", p.counts[k], k)
	}
	fmt.Fprintf(p.w, "\r\033[K%s", line)
}
