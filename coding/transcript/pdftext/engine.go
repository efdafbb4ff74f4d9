// Package pdftext reads the text layer of a PDF, line by line with each
// line's place on the page, using PDFium compiled to WebAssembly
// (github.com/klippa-app/go-pdfium on the wazero runtime: pure Go, no cgo).
//
// The engine is started on first use, once per process. Compiling PDFium's
// 6 MB WebAssembly module takes seconds, so the compiled code is kept in
// the user's cache folder (os.UserCacheDir()/fieldwork/wazero) and later
// processes start in a fraction of that. PDFium sees no file system: it
// reads only the bytes it is given.
package pdftext

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// memoryLimitPages caps PDFium's memory at 2 GiB (64 KiB pages), so a
// hostile file fails instead of taking the machine.
const memoryLimitPages = 32768

// Timeout bounds PDFium's work on one step of a file: opening it, or
// reading one page. Past it the engine is stopped and Extract fails with
// ErrTimeout (a crafted file can make a PDF reader loop).
var Timeout = time.Minute

// engine is the process's one PDFium pool.
var engine struct {
	once     sync.Once
	mu       sync.Mutex // guards started
	docMu    sync.Mutex // one document at a time
	pool     pdfium.Pool
	err      error
	started  bool
	took     time.Duration
	cacheDir string
}

// CacheDir returns the folder that holds wazero's compiled code:
// os.UserCacheDir()/fieldwork/wazero, or "" when the system has no cache
// folder (the engine then compiles in memory every time).
func CacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil || dir == "" {
		return ""
	}
	return filepath.Join(dir, "fieldwork", "wazero")
}

// Started reports whether the engine is running, so a caller can say that
// it is starting (which takes seconds the first time) before calling
// Extract.
func Started() bool {
	engine.mu.Lock()
	defer engine.mu.Unlock()
	return engine.started
}

// Start starts the engine if it is not running and returns how long that
// took (zero when it was running already). Extract calls it; calling it
// first lets a program time it or show progress.
func Start() (time.Duration, error) {
	first := false
	engine.once.Do(func() {
		first = true
		t0 := time.Now()
		engine.cacheDir = CacheDir()
		engine.pool, engine.err = startPool(engine.cacheDir)
		if engine.err != nil && engine.cacheDir != "" {
			// A damaged cache (a file cut short by a full disk, say) must
			// not stop PDF imports for good: compile afresh, and empty
			// the cache so that the next process fills it again.
			if engine.pool, engine.err = startPool(""); engine.err == nil {
				_ = os.RemoveAll(engine.cacheDir)
			}
		}
		engine.took = time.Since(t0)
		engine.mu.Lock()
		engine.started = engine.err == nil
		engine.mu.Unlock()
	})
	if engine.err != nil {
		return 0, engine.err
	}
	if first {
		return engine.took, nil
	}
	return 0, nil
}

// startPool compiles PDFium (or loads it from the compilation cache in
// dir) and starts a pool of one worker.
func startPool(dir string) (pdfium.Pool, error) {
	rc := wazero.NewRuntimeConfig().
		// PDFium's module lowers setjmp/longjmp to exception handling.
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithMemoryLimitPages(memoryLimitPages).
		// Lets the timeout stop a document that makes PDFium loop.
		WithCloseOnContextDone(true)
	if dir != "" {
		// A cache that cannot be made is not fatal: compile in memory.
		if err := os.MkdirAll(dir, 0o700); err == nil {
			if cache, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
				rc = rc.WithCompilationCache(cache)
			}
		}
	}
	pool, err := webassembly.Init(webassembly.Config{
		MinIdle:       1,
		MaxIdle:       1,
		MaxTotal:      1,
		ReuseWorkers:  true,
		RuntimeConfig: rc,
		// No mount: PDFium reads the bytes it is given and nothing else.
		FSConfig: wazero.NewFSConfig(),
		Stdout:   io.Discard,
		Stderr:   io.Discard,
	})
	if err != nil {
		return nil, fmt.Errorf("start the PDF engine (PDFium): %w", err)
	}
	return pool, nil
}

// instance borrows the engine's PDFium instance; the caller closes it.
func instance() (pdfium.Pdfium, error) {
	if _, err := Start(); err != nil {
		return nil, err
	}
	// Documents are read one at a time (docMu), so the instance is free.
	inst, err := engine.pool.GetInstance(time.Minute)
	if err != nil {
		return nil, fmt.Errorf("the PDF engine is busy: %w", err)
	}
	return inst, nil
}

// ErrTimeout is returned when PDFium spent longer than Timeout on one step
// of a file (opening it, or one page).
var ErrTimeout = errors.New("the PDF engine took too long on this file")

// withDeadline runs f on an instance and stops the instance when a step
// of f takes longer than Timeout; f calls alive after each step (a page)
// to start the next one's clock. A panic in the engine becomes an error.
func withDeadline(f func(inst pdfium.Pdfium, alive func()) error) (err error) {
	engine.docMu.Lock()
	defer engine.docMu.Unlock()
	inst, err := instance()
	if err != nil {
		return err
	}
	var killed atomic.Bool
	timer := time.AfterFunc(Timeout, func() {
		killed.Store(true)
		_ = inst.Kill()
	})
	alive := func() { timer.Reset(Timeout) }
	defer func() {
		timer.Stop()
		if r := recover(); r != nil {
			err = fmt.Errorf("the PDF engine failed: %v", r)
		}
		if killed.Load() {
			// The killed instance went back to the pool, which makes a
			// new one; it must not be closed.
			err = ErrTimeout
			return
		}
		_ = inst.Close()
	}()
	return f(inst, alive)
}
