// The byte-level primitives of the protocol: gzip (zlib), SHA-256, base64, nonces and Ed25519
// (libsodium). Everything returns values; nothing here throws or logs.
#include "suara/sync/protocol.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <sodium.h>
#include <zlib.h>

namespace suara::sync {

namespace {

void ensureSodium() {
    // sodium_init is thread-safe and idempotent; a failure means no usable CSPRNG, a broken host.
    static const int rc = sodium_init();
    assert(rc >= 0 && "libsodium failed to initialise (no entropy source?)");
    (void)rc;
}

std::string toHex(const unsigned char* bytes, size_t n) {
    std::string hex(n * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes, n);
    hex.pop_back();
    return hex;
}

} // namespace

// [SECTION] gzip

Result<std::string> gzipCompress(std::string_view data, int level) {
    z_stream zs{};
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        return Error{"gzip: deflateInit2 failed"};
    }
    std::string out;
    out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    const size_t written = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) return Error{"gzip: deflate did not finish"};
    out.resize(written);
    return out;
}

Result<std::string> gunzip(std::string_view data, size_t maxInflated) {
    if (data.size() < 18 || static_cast<unsigned char>(data[0]) != 0x1f ||
        static_cast<unsigned char>(data[1]) != 0x8b) {
        return Error{"body is not gzip data"};
    }
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK) return Error{"gzip: inflateInit2 failed"};
    std::string out;
    char chunk[64 * 1024];
    size_t offset = 0;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (zs.avail_in == 0 && offset < data.size()) {
            const size_t n = std::min<size_t>(data.size() - offset, 1u << 30);
            zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + offset));
            zs.avail_in = static_cast<uInt>(n);
            offset += n;
        }
        zs.next_out = reinterpret_cast<Bytef*>(chunk);
        zs.avail_out = sizeof chunk;
        rc = inflate(&zs, Z_NO_FLUSH);
        const size_t produced = sizeof chunk - zs.avail_out;
        if (rc != Z_OK && rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && produced > 0)) {
            const std::string why = zs.msg ? zs.msg : "inflate error";
            inflateEnd(&zs);
            if (rc == Z_BUF_ERROR) return Error{"gzip stream is truncated"};
            return Error{"gzip data is corrupt: " + why};
        }
        if (out.size() + produced > maxInflated) {
            inflateEnd(&zs);
            return Error{"inflated body exceeds " + std::to_string(maxInflated) + " bytes"};
        }
        out.append(chunk, produced);
        if (rc != Z_STREAM_END && produced == 0 && zs.avail_in == 0 && offset >= data.size()) {
            inflateEnd(&zs);
            return Error{"gzip stream is truncated"};
        }
    }
    const bool trailing = zs.avail_in > 0 || offset < data.size();
    inflateEnd(&zs);
    if (trailing) return Error{"unexpected bytes after the gzip stream"};
    return out;
}

// [SECTION] Hashing and encoding

std::string sha256Hex(std::string_view data) {
    ensureSodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return toHex(digest, sizeof digest);
}

std::string base64Encode(std::string_view bytes) {
    ensureSodium();
    const size_t len = sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    std::string out(len, '\0');
    sodium_bin2base64(out.data(), len, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(len - 1); // drop the terminating NUL
    return out;
}

Result<std::string> base64Decode(std::string_view text) {
    ensureSodium();
    std::string out(text.size() / 4 * 3 + 3, '\0');
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                          nullptr, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size()) {
        return Error{"not valid base64"};
    }
    out.resize(len);
    return out;
}

std::string randomNonce() {
    ensureSodium();
    unsigned char bytes[16];
    randombytes_buf(bytes, sizeof bytes);
    return toHex(bytes, sizeof bytes);
}

// [SECTION] Ed25519

KeyPair generateKeyPair() {
    ensureSodium();
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    KeyPair kp{base64Encode({reinterpret_cast<const char*>(pk), sizeof pk}),
               base64Encode({reinterpret_cast<const char*>(sk), sizeof sk})};
    sodium_memzero(sk, sizeof sk);
    return kp;
}

namespace {

Result<std::string> decodeKey(std::string_view b64, size_t bytes, const char* what) {
    auto raw = base64Decode(b64);
    if (!raw || raw->size() != bytes) {
        return Error{std::string(what) + " must be base64 of " + std::to_string(bytes) + " bytes"};
    }
    return raw;
}

} // namespace

Result<std::string> publicKeyFromSecret(std::string_view secretKeyB64) {
    auto sk = decodeKey(secretKeyB64, crypto_sign_SECRETKEYBYTES, "Ed25519 secret key");
    if (!sk) return sk.error();
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_ed25519_sk_to_pk(pk, reinterpret_cast<const unsigned char*>(sk->data()));
    sodium_memzero(sk->data(), sk->size());
    return base64Encode({reinterpret_cast<const char*>(pk), sizeof pk});
}

Status checkPublicKey(std::string_view publicKeyB64) {
    auto pk = decodeKey(publicKeyB64, crypto_sign_PUBLICKEYBYTES, "Ed25519 public key");
    if (!pk) return pk.error();
    return Ok{};
}

Result<std::string> signMessage(std::string_view secretKeyB64, std::string_view message) {
    auto sk = decodeKey(secretKeyB64, crypto_sign_SECRETKEYBYTES, "Ed25519 secret key");
    if (!sk) return sk.error();
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         reinterpret_cast<const unsigned char*>(sk->data()));
    sodium_memzero(sk->data(), sk->size());
    return base64Encode({reinterpret_cast<const char*>(sig), sizeof sig});
}

Status verifySignature(std::string_view publicKeyB64, std::string_view message,
                       std::string_view signatureB64) {
    auto pk = decodeKey(publicKeyB64, crypto_sign_PUBLICKEYBYTES, "Ed25519 public key");
    if (!pk) return pk.error();
    auto sig = base64Decode(signatureB64);
    if (!sig || sig->size() != crypto_sign_BYTES) return Error{"signature must be base64 of 64 bytes"};
    if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                    reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                    reinterpret_cast<const unsigned char*>(pk->data())) != 0) {
        return Error{"signature does not verify"};
    }
    return Ok{};
}

// [SECTION] Signing input

std::string signingInputV1(std::string_view method, std::string_view path, int64_t timestampMs,
                           std::string_view nonce, std::string_view body) {
    std::string s;
    s.reserve(method.size() + path.size() + nonce.size() + 96);
    s.append(method).append("\n").append(path).append("\n").append(std::to_string(timestampMs)).append("\n");
    s.append(nonce).append("\n").append(sha256Hex(body));
    return s;
}

std::string signingInputV2(const RequestToSign& r) {
    std::string s;
    s.reserve(r.method.size() + r.path.size() + r.kioskId.size() + r.softwareVersion.size() + r.nonce.size() +
              r.query.size() + 112);
    s.append("suara/2\n").append(r.method).append("\n").append(r.path).append("\n");
    s.append(r.kioskId).append("\n").append(r.softwareVersion).append("\n");
    s.append(std::to_string(r.timestampMs)).append("\n").append(r.nonce).append("\n");
    s.append(sha256Hex(r.body)).append("\n").append(r.query);
    return s;
}

std::string signingInput(const RequestToSign& r) {
    assert((r.protocol == 1 || r.protocol == 2) && "signingInput: the caller checks the version first");
    if (r.protocol == 1) return signingInputV1(r.method, r.path, r.timestampMs, r.nonce, r.body);
    return signingInputV2(r);
}

std::vector<std::pair<std::string, std::string>> SignedHeaders::list() const {
    std::vector<std::pair<std::string, std::string>> out = {
        {std::string(kHeaderProtocol), std::to_string(protocol)},
        {std::string(kHeaderKiosk), kioskId},
    };
    if (protocol >= 2) out.emplace_back(std::string(kHeaderKioskVersion), softwareVersion);
    out.emplace_back(std::string(kHeaderTimestamp), std::to_string(timestampMs));
    out.emplace_back(std::string(kHeaderNonce), nonce);
    out.emplace_back(std::string(kHeaderSignature), signature);
    return out;
}

Result<SignedHeaders> signRequest(std::string_view secretKeyB64, RequestToSign request) {
    if (Status st = checkProtocolVersion(request.protocol); !st) return st.error();
    SignedHeaders h;
    h.protocol = request.protocol;
    h.kioskId = std::string(request.kioskId);
    h.softwareVersion = std::string(request.softwareVersion);
    h.timestampMs = request.timestampMs;
    h.nonce = request.nonce.empty() ? randomNonce() : std::string(request.nonce);
    request.nonce = h.nonce;
    auto sig = signMessage(secretKeyB64, signingInput(request));
    if (!sig) return sig.error();
    h.signature = std::move(*sig);
    return h;
}

} // namespace suara::sync
