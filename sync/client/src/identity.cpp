#include "suara/sync/identity.h"

#include "suara/sync/protocol.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace suara::sync {
namespace {

// The key file holds one line: the base64 of libsodium's 64-byte secret key (seed + public key),
// the form the protocol's signRequest() takes. 88 characters, so a truncated file is detected.
constexpr size_t kMaxKeyFileBytes = 256;

Error sysError(const std::string& what, const std::filesystem::path& path) {
    return Error{what + " " + path.string() + ": " + std::strerror(errno)};
}

bool writeAll(int fd, const char* data, size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        data += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

void syncDirectory(const std::filesystem::path& dir) {
    // Without this the new directory entry may be lost on a power cut even though the file's data
    // was synced; the kiosk would then make a second key and lose its enrolment.
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// Writes a fresh key to a unique temporary file (mode 0600 from the start) and links it into
// place. link() fails with EEXIST if another process won the race; the caller then reads that
// process's key, so both end up with the same identity.
Status createKeyFile(const std::filesystem::path& path) {
    KeyPair pair = generateKeyPair();
    const std::string text = pair.secretKey + "\n";
    std::fill(pair.secretKey.begin(), pair.secretKey.end(), '\0');

    std::string tmpl = path.string() + ".tmp.XXXXXX";
    const int fd = ::mkstemp(tmpl.data()); // mkstemp creates the file with mode 0600
    if (fd < 0) {
        return sysError("cannot create a temporary key file next to", path);
    }
    const bool written =
        ::fchmod(fd, 0600) == 0 && writeAll(fd, text.data(), text.size()) && ::fsync(fd) == 0;
    const int savedErrno = errno;
    ::close(fd);
    if (!written) {
        ::unlink(tmpl.c_str());
        errno = savedErrno;
        return sysError("cannot write the key file", tmpl);
    }
    const int linked = ::link(tmpl.c_str(), path.c_str());
    const int linkErrno = errno;
    ::unlink(tmpl.c_str());
    if (linked != 0 && linkErrno != EEXIST) {
        errno = linkErrno;
        return sysError("cannot install the key file", path);
    }
    syncDirectory(path.parent_path());
    return Ok{};
}

Result<std::string> readKeyFile(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        return sysError("cannot open the key file", path);
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        return sysError("cannot stat the key file", path);
    }
    if ((st.st_mode & 077) != 0) {
        ::close(fd);
        return Error{"the key file " + path.string() +
                     " is accessible by other users; run `chmod 600` on it (the private key may be exposed)"};
    }
    if (st.st_size <= 0 || static_cast<size_t>(st.st_size) > kMaxKeyFileBytes) {
        ::close(fd);
        return Error{
            "the key file " + path.string() + " has " + std::to_string(st.st_size) +
            " bytes; it is damaged (restore it from backup, or remove it and enrol the kiosk again)"};
    }
    std::string text(static_cast<size_t>(st.st_size), '\0');
    size_t got = 0;
    while (got < text.size()) {
        const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            ::close(fd);
            return sysError("cannot read the key file", path);
        }
        got += static_cast<size_t>(n);
    }
    ::close(fd);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

} // namespace

Result<KioskIdentity> KioskIdentity::loadOrCreate(const std::filesystem::path& dataDir) {
    std::error_code ec;
    std::filesystem::create_directories(dataDir, ec);
    if (ec) {
        return Error{"cannot create the data directory " + dataDir.string() + ": " + ec.message()};
    }
    const std::filesystem::path path = dataDir / kKeyFileName;
    if (!std::filesystem::exists(path, ec)) {
        if (Status made = createKeyFile(path); !made) {
            return made.error();
        }
    }
    Result<std::string> secret = readKeyFile(path);
    if (!secret) {
        return secret.error();
    }
    Result<std::string> pub = publicKeyFromSecret(*secret);
    if (!pub) {
        return Error{"the key file " + path.string() + " does not hold a valid Ed25519 key (" +
                     pub.error().message +
                     "); restore it from backup, or remove it and enrol the kiosk again"};
    }
    KioskIdentity id;
    id.m_secretKey = std::move(*secret);
    id.m_publicKey = std::move(*pub);
    id.m_keyFile = path;
    return id;
}

} // namespace suara::sync
