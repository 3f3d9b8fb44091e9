// The citizen's side of a storage failure: with the disk full the submit shows the polite apology,
// nothing is stored (and nothing stored before is damaged), and "Coba lagi" succeeds once space
// returns. Needs root and mount(8) for a 4 MiB tmpfs; elsewhere it is skipped with a warning.
#include "ui_harness.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

using namespace suara;
using namespace suara::kiosk;
using suara::kiosk::test::UiHarness;

namespace {

int run(const std::string& cmd) {
    return std::system((cmd + " >/dev/null 2>&1").c_str());
}

// A small tmpfs that is always unmounted again.
class TinyFs {
public:
    explicit TinyFs(std::filesystem::path at) : m_at(std::move(at)) {
        std::filesystem::create_directories(m_at);
        m_mounted = ::geteuid() == 0 &&
                    run("mount -t tmpfs -o size=4m,mode=0755 suara-ui-test " + m_at.string()) == 0;
    }
    ~TinyFs() {
        if (m_mounted) run("umount -l " + m_at.string());
        std::error_code ec;
        std::filesystem::remove_all(m_at, ec);
    }
    bool mounted() const { return m_mounted; }

private:
    std::filesystem::path m_at;
    bool m_mounted = false;
};

void fill(const std::filesystem::path& file) {
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    REQUIRE(fd >= 0);
    std::vector<char> block(4096, 'x');
    while (::write(fd, block.data(), block.size()) > 0) {
    }
    while (::write(fd, block.data(), 1) > 0) {
    }
    ::close(fd);
}

} // namespace

TEST_CASE("disk full: the apology, no half-stored response, and a retry once space returns",
          "[kiosk][ui][fault]") {
    const auto mountPoint =
        std::filesystem::temp_directory_path() / ("suara-ui-tinyfs-" + std::to_string(::getpid()));
    TinyFs fs(mountPoint);
    if (!fs.mounted()) {
        WARN("not root or mount(8) unavailable: disk-full UI test skipped");
        return;
    }
    UiHarness h(ImVec2(1024, 600), [&](KioskConfig& c) { c.dataDir = mountPoint / "data"; });

    // One response stored while there is space.
    h.runToComment(4);
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
    h.tap("##thanks/finish");
    h.advance(h.config.cooldownS * 1000 + 100);

    // The disk fills up; the next citizen's submit fails politely.
    fill(mountPoint / "filler");
    h.runToComment(2);
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::SubmitFailed; }));
    h.frame();
    REQUIRE(h.screen() == "##apology");
    CHECK_FALSE(h.session->lastError().empty());
    REQUIRE(h.store->lastError().has_value());
    auto count = h.store->responseCount();
    REQUIRE(count.ok());
    CHECK(*count == 1);

    // Still full: "Coba lagi" fails again and changes nothing.
    h.tap("##apology/retry");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::SubmitFailed; }));
    count = h.store->responseCount();
    REQUIRE(count.ok());
    CHECK(*count == 1);

    // Space returns: the same answers are stored once.
    std::filesystem::remove(mountPoint / "filler");
    const std::string uuid = h.session->sessionUuid();
    h.frame();
    h.tap("##apology/retry");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
    auto rows = h.store->responses(0, INT64_MAX);
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 2);
    CHECK(rows->at(1).response.uuid == uuid);
    CHECK(rows->at(1).response.perception == std::vector<uint8_t>(18, 2));
    auto check = h.store->integrityCheck();
    REQUIRE(check.ok());
    CHECK(*check == "ok");
}
