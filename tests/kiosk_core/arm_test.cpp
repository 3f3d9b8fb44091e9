// The arm socket: a real Unix socket, a listener thread, and the client of the `arm` subcommand.
#include "kiosk_test_support.h"
#include "suara/kiosk/arm.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace suara::kiosk;

TEST_CASE("arm: the client arms a listening kiosk", "[kiosk][arm]") {
    kiosk_test::TempDir dir("arm");
    auto sock = dir / "arm.sock";
    std::atomic<int> woken{0};
    {
        auto listener = ArmListener::start(sock, [&] { woken.fetch_add(1); });
        REQUIRE(listener.ok());
        CHECK((*listener)->takeArms() == 0);
        REQUIRE(sendArm(sock).ok());
        REQUIRE(sendArm(sock).ok());
        CHECK((*listener)->takeArms() == 2); // counted before the client got "OK"
        CHECK(woken == 2);
        CHECK((*listener)->takeArms() == 0);
        // A second listener on the same path refuses to steal it.
        auto second = ArmListener::start(sock);
        REQUIRE_FALSE(second.ok());
        CHECK_THAT(second.error().message, Catch::Contains("already listening"));
    }
    CHECK_FALSE(std::filesystem::exists(sock)); // removed on shutdown
    auto nobody = sendArm(sock, 500);
    REQUIRE_FALSE(nobody.ok());
    CHECK_THAT(nobody.error().message, Catch::Contains("is suara-kiosk running?"));
}

TEST_CASE("arm: a stale socket file is replaced and garbage is not an arm", "[kiosk][arm]") {
    kiosk_test::TempDir dir("arm");
    auto sock = dir / "arm.sock";
    { // a socket file left behind by a crashed kiosk: bound, then closed without unlink
        int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strcpy(addr.sun_path, sock.c_str());
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        ::close(fd);
    }
    REQUIRE(std::filesystem::exists(sock));
    auto listener = ArmListener::start(sock);
    REQUIRE(listener.ok());
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strcpy(addr.sun_path, sock.c_str());
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::send(fd, "HELLO\n", 6, 0) == 6);
    char buf[8] = {};
    CHECK(::recv(fd, buf, sizeof buf - 1, 0) > 0);
    CHECK(std::string(buf) == "ERR\n");
    ::close(fd);
    CHECK((*listener)->takeArms() == 0);
    // A client that connects and says nothing is dropped without blocking the next one.
    int silent = ::socket(AF_UNIX, SOCK_STREAM, 0);
    REQUIRE(::connect(silent, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(sendArm(sock, 3000).ok());
    ::close(silent);
    CHECK((*listener)->takeArms() == 1);
}

TEST_CASE("arm: a peer outside the arm group is refused and arms nothing", "[kiosk][arm]") {
    kiosk_test::TempDir dir("arm");
    auto sock = dir / "arm.sock";
    // A group this process is not in (root is not exempt either, so this runs as any user).
    gid_t stranger = 4242;
    std::vector<gid_t> mine(static_cast<size_t>(::getgroups(0, nullptr)));
    ::getgroups(static_cast<int>(mine.size()), mine.data());
    while (stranger == ::getegid() || std::find(mine.begin(), mine.end(), stranger) != mine.end()) ++stranger;

    const mode_t oldMask = ::umask(0); // the socket must not inherit a loose umask
    auto listener = ArmListener::start(sock, {}, stranger);
    ::umask(oldMask);
    REQUIRE(listener.ok());
    struct stat st {};
    REQUIRE(::stat(sock.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0660);

    auto denied = sendArm(sock, 500);
    REQUIRE_FALSE(denied.ok());
    CHECK_THAT(denied.error().message, Catch::Contains("not in the kiosk's arm_group"));
    CHECK((*listener)->takeArms() == 0);
    CHECK((*listener)->refused() == 1);
    listener->reset();

    auto own = ArmListener::start(sock, {}, ::getegid());
    REQUIRE(own.ok());
    REQUIRE(sendArm(sock).ok());
    CHECK((*own)->takeArms() == 1);
    CHECK((*own)->refused() == 0);
}
