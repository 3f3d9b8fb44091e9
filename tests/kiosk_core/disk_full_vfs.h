// A shim SQLite VFS that plays a full disk, for the disk-full tests that must run as any user (no
// tmpfs, no root). It wraps the default VFS and becomes the default while a DiskFullVfs lives;
// when full() is set, a write that would grow a file (the database, its WAL or journal) fails
// with SQLITE_FULL, as ENOSPC does, while writes into space the file already has still succeed,
// which is what a real full file system does too. Clearing it is "space returns".
#pragma once

#include <atomic>
#include <cassert>
#include <cstddef>
#include <sqlite3.h>

namespace kiosk_test {

class DiskFullVfs {
public:
    DiskFullVfs() {
        assert(s_active == nullptr && "one DiskFullVfs at a time");
        m_real = sqlite3_vfs_find(nullptr);
        m_vfs.iVersion = 2;
        m_vfs.szOsFile = static_cast<int>(kRealOffset) + m_real->szOsFile;
        m_vfs.mxPathname = m_real->mxPathname;
        m_vfs.zName = "suara-disk-full";
        m_vfs.pAppData = this;
        m_vfs.xOpen = open;
        m_vfs.xDelete = [](sqlite3_vfs* v, const char* n, int s) { return real(v)->xDelete(real(v), n, s); };
        m_vfs.xAccess = [](sqlite3_vfs* v, const char* n, int f, int* o) {
            return real(v)->xAccess(real(v), n, f, o);
        };
        m_vfs.xFullPathname = [](sqlite3_vfs* v, const char* n, int k, char* o) {
            return real(v)->xFullPathname(real(v), n, k, o);
        };
        m_vfs.xRandomness = [](sqlite3_vfs* v, int n, char* o) {
            return real(v)->xRandomness(real(v), n, o);
        };
        m_vfs.xSleep = [](sqlite3_vfs* v, int us) { return real(v)->xSleep(real(v), us); };
        m_vfs.xCurrentTime = [](sqlite3_vfs* v, double* t) { return real(v)->xCurrentTime(real(v), t); };
        m_vfs.xGetLastError = [](sqlite3_vfs* v, int n, char* o) {
            return real(v)->xGetLastError(real(v), n, o);
        };
        m_vfs.xCurrentTimeInt64 = [](sqlite3_vfs* v, sqlite3_int64* t) {
            return real(v)->xCurrentTimeInt64(real(v), t);
        };
        s_active = this;
        sqlite3_vfs_register(&m_vfs, 1);
    }
    ~DiskFullVfs() {
        sqlite3_vfs_unregister(&m_vfs);
        sqlite3_vfs_register(m_real, 1); // the real one is the default again
        s_active = nullptr;
    }
    DiskFullVfs(const DiskFullVfs&) = delete;
    DiskFullVfs& operator=(const DiskFullVfs&) = delete;

    void setFull(bool full) { m_full = full; }
    bool full() const { return m_full; }
    // Writes refused since construction.
    long refused() const { return m_refused; }

private:
    struct File {
        sqlite3_file base;
        sqlite3_file* real;
        DiskFullVfs* owner;
    };
    static constexpr size_t kRealOffset = (sizeof(File) + 15) & ~size_t{15};

    static sqlite3_vfs* real(sqlite3_vfs* v) { return static_cast<DiskFullVfs*>(v->pAppData)->m_real; }
    static File* self(sqlite3_file* f) { return reinterpret_cast<File*>(f); }
    static sqlite3_file* under(sqlite3_file* f) { return self(f)->real; }

    static int write(sqlite3_file* file, const void* buf, int amount, sqlite3_int64 offset) {
        File* f = self(file);
        if (f->owner->m_full) {
            sqlite3_int64 size = 0;
            f->real->pMethods->xFileSize(f->real, &size);
            if (offset + amount > size) {
                ++f->owner->m_refused;
                return SQLITE_FULL;
            }
        }
        return f->real->pMethods->xWrite(f->real, buf, amount, offset);
    }
    static int truncate(sqlite3_file* file, sqlite3_int64 size) {
        File* f = self(file);
        sqlite3_int64 now = 0;
        f->real->pMethods->xFileSize(f->real, &now);
        if (f->owner->m_full && size > now) {
            ++f->owner->m_refused;
            return SQLITE_FULL;
        }
        return f->real->pMethods->xTruncate(f->real, size);
    }
    static int fileControl(sqlite3_file* f, int op, void* arg) {
        // A size hint would let the real VFS grow the file behind our back (fallocate).
        if (self(f)->owner->m_full && op == SQLITE_FCNTL_SIZE_HINT) return SQLITE_FULL;
        return under(f)->pMethods->xFileControl(under(f), op, arg);
    }
    static int fetch(sqlite3_file*, sqlite3_int64, int, void** pp) {
        *pp = nullptr; // every write goes through xWrite
        return SQLITE_OK;
    }

    static constexpr sqlite3_io_methods kIo = {
        3,
        [](sqlite3_file* f) { return under(f)->pMethods->xClose(under(f)); },
        [](sqlite3_file* f, void* b, int n, sqlite3_int64 o) {
            return under(f)->pMethods->xRead(under(f), b, n, o);
        },
        write,
        truncate,
        [](sqlite3_file* f, int flags) { return under(f)->pMethods->xSync(under(f), flags); },
        [](sqlite3_file* f, sqlite3_int64* s) { return under(f)->pMethods->xFileSize(under(f), s); },
        [](sqlite3_file* f, int l) { return under(f)->pMethods->xLock(under(f), l); },
        [](sqlite3_file* f, int l) { return under(f)->pMethods->xUnlock(under(f), l); },
        [](sqlite3_file* f, int* o) { return under(f)->pMethods->xCheckReservedLock(under(f), o); },
        fileControl,
        [](sqlite3_file* f) { return under(f)->pMethods->xSectorSize(under(f)); },
        [](sqlite3_file* f) { return under(f)->pMethods->xDeviceCharacteristics(under(f)); },
        [](sqlite3_file* f, int p, int sz, int e, void volatile** o) {
            return under(f)->pMethods->xShmMap(under(f), p, sz, e, o);
        },
        [](sqlite3_file* f, int o, int n, int fl) {
            return under(f)->pMethods->xShmLock(under(f), o, n, fl);
        },
        [](sqlite3_file* f) { under(f)->pMethods->xShmBarrier(under(f)); },
        [](sqlite3_file* f, int d) { return under(f)->pMethods->xShmUnmap(under(f), d); },
        fetch,
        [](sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; },
    };

    static int open(sqlite3_vfs* v, const char* name, sqlite3_file* file, int flags, int* outFlags) {
        File* f = self(file);
        f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kRealOffset);
        f->owner = static_cast<DiskFullVfs*>(v->pAppData);
        f->base.pMethods = nullptr;
        const int rc = real(v)->xOpen(real(v), name, f->real, flags, outFlags);
        if (rc != SQLITE_OK) return rc;
        f->base.pMethods = &kIo;
        return SQLITE_OK;
    }

    sqlite3_vfs m_vfs{};
    sqlite3_vfs* m_real = nullptr;
    std::atomic<bool> m_full{false};
    std::atomic<long> m_refused{0};
    static inline DiskFullVfs* s_active = nullptr;
};

} // namespace kiosk_test
