package store

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/ncruces/go-sqlite3/util/vfsutil"
	"github.com/ncruces/go-sqlite3/vfs"
	"github.com/ncruces/go-sqlite3/vfs/adiantum"
	"golang.org/x/crypto/argon2"
)

// An encrypted project file is a 4 KiB plaintext header followed by the
// SQLite database, encrypted page by page with Adiantum (the driver's
// adiantum VFS). The header carries only what is needed to derive the key:
// a magic string, the Argon2id parameters and a random per-file salt, plus a
// short key check so that a wrong passphrase is reported before SQLite reads
// a single page. Nothing in it depends on the project's content.
//
// The per-file salt is why we do not use the VFS's own "textkey": that one
// derives every file's key with the same fixed salt.

const (
	headerSize  = 4096
	cryptMagic  = "fieldwork-crypt\x00"
	cryptVFS    = "fieldwork-adiantum"
	headerVFS   = "fieldwork-header"
	saltSize    = 16
	checkSize   = 16
	sqliteMagic = "SQLite format 3\x00"
)

// kdfParams are the Argon2id parameters written into each new header; old
// files keep the parameters they were created with.
type kdfParams struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
}

var defaultKDF = kdfParams{Time: 3, Memory: 64 * 1024, Threads: 4}

type cryptHeader struct {
	kdf   kdfParams
	salt  [saltSize]byte
	check [checkSize]byte
}

func (h *cryptHeader) marshal() []byte {
	b := make([]byte, headerSize)
	copy(b, cryptMagic)
	binary.LittleEndian.PutUint32(b[16:], 1) // header version
	binary.LittleEndian.PutUint32(b[20:], h.kdf.Time)
	binary.LittleEndian.PutUint32(b[24:], h.kdf.Memory)
	b[28] = h.kdf.Threads
	copy(b[32:], h.salt[:])
	copy(b[48:], h.check[:])
	return b
}

func parseCryptHeader(b []byte) (*cryptHeader, error) {
	if len(b) < 64 || string(b[:16]) != cryptMagic {
		return nil, errors.New("not an encrypted fieldwork project")
	}
	if v := binary.LittleEndian.Uint32(b[16:]); v != 1 {
		return nil, fmt.Errorf("encryption header version %d is newer than this fieldwork understands", v)
	}
	h := &cryptHeader{kdf: kdfParams{
		Time:    binary.LittleEndian.Uint32(b[20:]),
		Memory:  binary.LittleEndian.Uint32(b[24:]),
		Threads: b[28],
	}}
	if h.kdf.Time == 0 || h.kdf.Time > 100 || h.kdf.Memory < 8 || h.kdf.Memory > 4<<20 || h.kdf.Threads == 0 {
		return nil, errors.New("encryption header is damaged")
	}
	copy(h.salt[:], b[32:48])
	copy(h.check[:], b[48:64])
	return h, nil
}

func (h *cryptHeader) deriveKey(passphrase string) []byte {
	return argon2.IDKey([]byte(passphrase), h.salt[:], h.kdf.Time, h.kdf.Memory, h.kdf.Threads, 32)
}

func keyCheck(key []byte) [checkSize]byte {
	sum := sha256.Sum256(append([]byte("fieldwork key check\x00"), key...))
	var c [checkSize]byte
	copy(c[:], sum[:])
	return c
}

// fileKind tells what is at path: a plain SQLite file, an encrypted project,
// nothing (absent or empty), or something else.
type fileKind int

const (
	kindAbsent fileKind = iota
	kindPlain
	kindEncrypted
	kindForeign
)

func sniff(path string) (fileKind, []byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return kindAbsent, nil, nil
	}
	if err != nil {
		return 0, nil, err
	}
	defer f.Close()
	b := make([]byte, 64)
	n, err := io.ReadFull(f, b)
	switch {
	case n == 0:
		return kindAbsent, nil, nil
	case err != nil && !errors.Is(err, io.ErrUnexpectedEOF):
		return 0, nil, err
	case bytes.HasPrefix(b[:n], []byte(sqliteMagic)):
		return kindPlain, nil, nil
	case bytes.HasPrefix(b[:n], []byte(cryptMagic)):
		return kindEncrypted, b[:n], nil
	}
	return kindForeign, nil, nil
}

// newCryptHeader writes a fresh header to an empty file at path (created
// 0600) and returns the key for the passphrase.
func newCryptHeader(path, passphrase string) ([]byte, error) {
	h := &cryptHeader{kdf: defaultKDF}
	if _, err := rand.Read(h.salt[:]); err != nil {
		return nil, err
	}
	key := h.deriveKey(passphrase)
	h.check = keyCheck(key)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(h.marshal()); err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	return key, f.Close()
}

func init() {
	vfs.Register(headerVFS, offsetVFS{vfs.Find("")})
	vfs.Register(cryptVFS, adiantum.Wrap(vfs.Find(headerVFS), nil))
}

// offsetVFS hides the plaintext header of the main database file from the
// layers above it: SQLite and the cipher see the file as starting after it.
// Journals and WAL files have no header.
type offsetVFS struct{ vfs.VFS }

func (o offsetVFS) Open(name string, flags vfs.OpenFlag) (vfs.File, vfs.OpenFlag, error) {
	return o.OpenFilename(nil, flags)
}

func (o offsetVFS) OpenFilename(name *vfs.Filename, flags vfs.OpenFlag) (vfs.File, vfs.OpenFlag, error) {
	f, flags, err := vfsutil.WrapOpenFilename(o.VFS, name, flags)
	if err != nil || flags&vfs.OPEN_MAIN_DB == 0 {
		return f, flags, err
	}
	return &offsetFile{File: f}, flags, nil
}

type offsetFile struct{ vfs.File }

func (f *offsetFile) ReadAt(p []byte, off int64) (int, error) {
	return f.File.ReadAt(p, off+headerSize)
}

func (f *offsetFile) WriteAt(p []byte, off int64) (int, error) {
	return f.File.WriteAt(p, off+headerSize)
}

func (f *offsetFile) Size() (int64, error) {
	n, err := f.File.Size()
	return max(0, n-headerSize), err
}

func (f *offsetFile) Truncate(size int64) error { return f.File.Truncate(size + headerSize) }

func (f *offsetFile) SizeHint(size int64) error {
	return vfsutil.WrapSizeHint(f.File, size+headerSize)
}

func (f *offsetFile) ChunkSize(size int)                 { vfsutil.WrapChunkSize(f.File, size) }
func (f *offsetFile) Unwrap() vfs.File                   { return f.File }
func (f *offsetFile) SharedMemory() vfs.SharedMemory     { return vfsutil.WrapSharedMemory(f.File) }
func (f *offsetFile) LockState() vfs.LockLevel           { return vfsutil.WrapLockState(f.File) }
func (f *offsetFile) PersistWAL() bool                   { return vfsutil.WrapPersistWAL(f.File) }
func (f *offsetFile) SetPersistWAL(keep bool)            { vfsutil.WrapSetPersistWAL(f.File, keep) }
func (f *offsetFile) HasMoved() (bool, error)            { return vfsutil.WrapHasMoved(f.File) }
func (f *offsetFile) SyncSuper(super string) error       { return vfsutil.WrapSyncSuper(f.File, super) }
func (f *offsetFile) CommitPhaseTwo() error              { return vfsutil.WrapCommitPhaseTwo(f.File) }
func (f *offsetFile) CheckpointStart()                   { vfsutil.WrapCheckpointStart(f.File) }
func (f *offsetFile) CheckpointDone()                    { vfsutil.WrapCheckpointDone(f.File) }
func (f *offsetFile) BusyHandler(handler func() bool)    { vfsutil.WrapBusyHandler(f.File, handler) }
func (f *offsetFile) Pragma(n, v string) (string, error) { return vfsutil.WrapPragma(f.File, n, v) }
