// The real suara-server binary, killed between storing an alert and sending it: after the restart
// the alert is sent, once. The rule is added with the CLI (`suara-server alert add`), which goes
// through the audited administration service.
#include "alert_fixture.h"

#include <cstdio>

using namespace suara;
using namespace suara::test;

namespace {

std::string run(const std::string& command) {
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[512];
    while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    REQUIRE(pclose(p) == 0);
    return out;
}

// suara-server serve in a child process; killed (SIGKILL) or stopped (SIGTERM) by the test.
pid_t startServer(const std::string& db, int port, const fs::path& config) {
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const std::string listen = "127.0.0.1:" + std::to_string(port);
        execl(SUARA_SERVER_BINARY, SUARA_SERVER_BINARY, "serve", "--db", db.c_str(), "--listen",
              listen.c_str(), "--config", config.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    httplib::Client c("127.0.0.1", port);
    REQUIRE(waitFor([&] {
        auto r = c.Get("/healthz");
        return r && r->status == 200;
    }));
    return pid;
}

void stopServer(pid_t pid, int sig) {
    kill(pid, sig);
    int status = 0;
    waitpid(pid, &status, 0);
}

} // namespace

TEST_CASE("a server killed between storing and sending sends the alert once after its restart", "[alerts]") {
    if (std::system((systemPython() + " -c 'import aiosmtpd' 2>/dev/null").c_str()) != 0)
        FAIL("python3-aiosmtpd is not installed (deploy/dev deps)");
    ServerFixture f;
    f.http->stop(); // the binary serves from here on; the fixture only signs and sends

    const std::string server = SUARA_SERVER_BINARY;
    const std::string id = run(server + " alert add --db '" + f.db +
                               "' --office 53.01 --rule negative --email kasi@example.go.id");
    CHECK(id == "1\n");
    CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'alert.rule-add' AND target = '1' AND via = "
                  "'cli'") == 1);
    CHECK(run(server + " alert list --db '" + f.db + "'").find("negative\t53.01\tthreshold=2") !=
          std::string::npos);

    SmtpSink smtp(freePort(), f.dir.path / "mail"); // not started: the mail server is down
    const fs::path config = f.dir.path / "server.toml";
    {
        std::ofstream out(config);
        out << "[dashboard]\nsecure_cookie = false\n"
            << "[smtp]\nurl = \"smtp://127.0.0.1:" << smtp.port() << "\"\nfrom = \"suara@example.go.id\"\n"
            << "[alerts]\ndashboard_url = \"https://suara.test/dashboard\"\nretry_base_s = 1\nretry_cap_s = "
               "1\n"
            << "tick_s = 3600\n";
    }
    const int port = freePort();
    pid_t pid = startServer(f.db, port, config);
    f.port = port;

    auto bad = makeResponse(ServerFixture::kKiosk, ServerFixture::kOffice, 1, 1, sync::nowUtcMs() - 60000);
    for (auto& p : bad.perception) p = 1;
    auto res = f.send({bad});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    // Stored, tried, failed: the alert waits in the outbox.
    REQUIRE(waitFor([&] { return f.count("SELECT count(*) FROM alert_outbox WHERE attempts >= 1") == 1; }));
    CHECK(f.count("SELECT count(*) FROM alert_outbox WHERE sent_at_ms IS NOT NULL") == 0);
    stopServer(pid, SIGKILL);

    smtp.start();
    pid = startServer(f.db, port, config);
    REQUIRE(waitFor(
        [&] { return f.count("SELECT count(*) FROM alert_outbox WHERE sent_at_ms IS NOT NULL") == 1; }));
    stopServer(pid, SIGTERM);
    const auto mails = smtp.messages();
    REQUIRE(mails.size() == 1);
    CHECK(decodedParts(mails[0]).find("Disdukcapil Kabupaten Kupang (53.01)") != std::string::npos);
    CHECK(f.count("SELECT count(*) FROM alerts") == 1);

    // A third start sends nothing more.
    pid = startServer(f.db, port, config);
    stopServer(pid, SIGTERM);
    CHECK(smtp.messages().size() == 1);

    // The CLI lists the alert and acknowledges it, audited.
    CHECK(run(server + " alert alerts --db '" + f.db + "' --open yes").find("negative\t53.01\topen") !=
          std::string::npos);
    run(server + " alert ack --db '" + f.db + "' --id 1 --comment 'Called the office'");
    CHECK(f.text("SELECT ack_comment FROM alerts") == "Called the office");
    CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'alert.ack'") == 1);
}
