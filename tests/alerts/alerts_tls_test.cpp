// Alert e-mail over TLS: the real mailer (libcurl) against a real SMTP server on loopback
// (smtp_sink.py, python3-aiosmtpd) that requires STARTTLS, or speaks implicit TLS (smtps://), and
// requires AUTH. The certificates are made at test time by openssl in the test's directory: a
// regional CA and a server certificate for 127.0.0.1 it signed, and an unrelated CA with a server
// certificate of its own (the "wrong" one). Every failure case checks the log line, the outbox row
// afterwards, and that the mail arrives exactly once when the cause is fixed.
#include "alert_fixture.h"

#include <fcntl.h>

using namespace suara;
using namespace suara::test;
using sync::AlertRule;
namespace ak = sync::alert_kind;

namespace {

bool smtpAvailable() {
    return std::system((systemPython() + " -c 'import aiosmtpd' 2>/dev/null").c_str()) == 0;
}

void sh(const std::string& command) {
    // openssl only, with arguments written here; no user input reaches the shell.
    INFO(command);
    REQUIRE(std::system((command + " >/dev/null 2>&1").c_str()) == 0);
}

// Two CAs, each with a server certificate for 127.0.0.1 and localhost: `ca` is the regional CA the
// server is told to trust, `other` signs the certificate of a mail server it must not trust.
struct Pki {
    fs::path caPem, serverPem, serverKey;
    fs::path otherCaPem, otherServerPem, otherServerKey;

    explicit Pki(const fs::path& dir) {
        fs::create_directories(dir);
        const std::string p = dir.string() + "/";
        std::ofstream(dir / "ext.cnf") << "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                                       << "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n";
        auto pair = [&](const std::string& ca, const std::string& cn, const std::string& server) {
            sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "
               "'/CN=" +
               cn +
               "' -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign " +
               "-keyout " + p + ca + ".key -out " + p + ca + ".pem");
            sh("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=localhost "
               "-keyout " +
               p + server + ".key -out " + p + server + ".csr");
            sh("openssl x509 -req -days 2 -in " + p + server + ".csr -CA " + p + ca + ".pem -CAkey " + p +
               ca + ".key -CAcreateserial -extfile " + p + "ext.cnf -out " + p + server + ".pem");
        };
        pair("ca", "Suara Regional Test CA", "server");
        pair("other-ca", "Some Other CA", "other-server");
        caPem = dir / "ca.pem";
        serverPem = dir / "server.pem";
        serverKey = dir / "server.key";
        otherCaPem = dir / "other-ca.pem";
        otherServerPem = dir / "other-server.pem";
        otherServerKey = dir / "other-server.key";
    }
};

// Everything written to stderr (the server's log: the delivery worker's lines) while it lives goes
// to a file as well as being readable through text().
class StderrCapture {
public:
    explicit StderrCapture(fs::path file) : m_file(std::move(file)) {
        std::fflush(stderr);
        m_saved = dup(STDERR_FILENO);
        const int fd = open(m_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
        REQUIRE(fd >= 0);
        dup2(fd, STDERR_FILENO);
        close(fd);
    }
    ~StderrCapture() {
        std::fflush(stderr);
        dup2(m_saved, STDERR_FILENO);
        close(m_saved);
    }
    std::string text() const {
        std::ifstream in(m_file);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

private:
    fs::path m_file;
    int m_saved = -1;
};

// The fixture's worker, restarted with `smtp` (the config a `serve` would have read).
void configure(AlertFixture& f, const sync::alerts::SmtpConfig& smtp) {
    f.worker.reset();
    f.deliveryOptions.smtp = smtp;
    f.worker = std::make_unique<sync::alerts::DeliveryWorker>(*f.store, f.engine.get(), f.deliveryOptions);
}

sync::alerts::SmtpConfig tlsConfig(const AlertFixture& f, const std::string& scheme, const fs::path& caFile,
                                   const fs::path& passwordFile) {
    sync::alerts::SmtpConfig smtp = f.deliveryOptions.smtp;
    smtp.url = scheme + "://127.0.0.1:" + std::to_string(f.smtp.port());
    smtp.requireStartTls = scheme == "smtp";
    smtp.caFile = caFile.string();
    smtp.username = "suara";
    smtp.passwordFile = passwordFile.string();
    return smtp;
}

// One negative response for the office's rule: one alert, one e-mail delivery in the outbox.
void raiseOneAlert(AlertFixture& f, uint64_t seed) {
    AlertRule rule;
    rule.kind = ak::kNegative;
    rule.office = ServerFixture::kOffice;
    f.addRule(rule);
    REQUIRE(f.send({f.responseNow(seed, 1)})->status == 200);
    REQUIRE(f.count("SELECT count(*) FROM alert_outbox WHERE channel = 'email'") == 1);
}

// After a fix: sent exactly once, marked sent, and nothing goes out again even a day later.
void checkDeliveredOnce(AlertFixture& f) {
    REQUIRE(waitFor([&] { return f.allSent(); }));
    CHECK(f.worker->deliverDue(sync::nowUtcMs() + 24 * 3600 * 1000) == 0);
    CHECK(f.smtp.messages().size() == 1);
    CHECK(f.count("SELECT count(*) FROM alert_outbox") == 1);
    CHECK(f.count("SELECT count(*) FROM alert_outbox WHERE sent_at_ms IS NOT NULL AND last_error = ''") == 1);
}

} // namespace

TEST_CASE("alert mail over STARTTLS and over SMTPS with AUTH, trusting the regional CA from ca_file",
          "[alerts][tls]") {
    if (!smtpAvailable()) FAIL("python3-aiosmtpd is not installed (deploy/dev deps)");
    for (const std::string scheme : {"smtp", "smtps"}) {
        CAPTURE(scheme);
        AlertFixture f;
        const Pki pki(f.dir.path / "pki");
        const fs::path passwordFile = f.dir.path / "smtp-password";
        std::ofstream(passwordFile) << "s3cret-pass\n";
        f.smtp.start("suara:s3cret-pass", scheme == "smtp" ? "starttls" : "smtps", pki.serverPem,
                     pki.serverKey);
        configure(f, tlsConfig(f, scheme, pki.caPem, passwordFile));
        raiseOneAlert(f, 70);
        REQUIRE(waitFor([&] { return f.allSent(); }));
        const auto mails = f.smtp.messages();
        REQUIRE(mails.size() == 1);
        CHECK(mails[0].find("X-Envelope-To: kasi@example.go.id") != std::string::npos);
        CHECK(decodedParts(mails[0]).find("Disdukcapil Kabupaten Kupang") != std::string::npos);
        // First attempt, first login: the sink requires TLS before AUTH and AUTH before MAIL.
        CHECK(f.count("SELECT attempts FROM alert_outbox") == 1);
        CHECK(f.smtp.authFailures() == 0);
    }
}

TEST_CASE("a mail server certificate the CA file does not vouch for: logged, kept, sent once when fixed",
          "[alerts][tls]") {
    if (!smtpAvailable()) FAIL("python3-aiosmtpd is not installed (deploy/dev deps)");
    for (const std::string scheme : {"smtp", "smtps"}) {
        CAPTURE(scheme);
        AlertFixture f;
        const Pki pki(f.dir.path / "pki");
        const fs::path passwordFile = f.dir.path / "smtp-password";
        std::ofstream(passwordFile) << "s3cret-pass\n";
        const std::string tls = scheme == "smtp" ? "starttls" : "smtps";
        StderrCapture log(f.dir.path / "stderr.log");
        if (scheme == "smtp") {
            // The sink presents another CA's certificate; the config trusts the regional CA.
            f.smtp.start("suara:s3cret-pass", tls, pki.otherServerPem, pki.otherServerKey);
            configure(f, tlsConfig(f, scheme, pki.caPem, passwordFile));
        } else {
            // The sink is right, the config names the wrong CA file.
            f.smtp.start("suara:s3cret-pass", tls, pki.serverPem, pki.serverKey);
            configure(f, tlsConfig(f, scheme, pki.otherCaPem, passwordFile));
        }
        raiseOneAlert(f, 71);
        REQUIRE(waitFor([&] { return f.count("SELECT attempts FROM alert_outbox") >= 2; }));

        // Still in the outbox, not sent, with the reason; nothing reached the mail server's DATA
        // (nor its AUTH: the handshake failed first).
        CHECK(f.count("SELECT count(*) FROM alert_outbox WHERE sent_at_ms IS NULL") == 1);
        const std::string reason = f.text("SELECT last_error FROM alert_outbox");
        const std::string expected =
            "the mail server's certificate is not signed by the CA in [smtp] ca_file " +
            (scheme == "smtp" ? pki.caPem : pki.otherCaPem).string();
        CHECK(reason.rfind("smtp: ", 0) == 0);
        CHECK(reason.find(expected) != std::string::npos);
        CHECK(f.smtp.messages().empty());
        CHECK(f.smtp.authFailures() == 0);
        const std::string logged = log.text();
        CHECK(logged.find("to kasi@example.go.id failed (attempt 1): smtp: ") != std::string::npos);
        CHECK(logged.find(expected) != std::string::npos);

        if (scheme == "smtp") {
            f.smtp.stop(); // the mail server gets its proper certificate, on the same port
            f.smtp.start("suara:s3cret-pass", tls, pki.serverPem, pki.serverKey);
        } else {
            configure(f, tlsConfig(f, scheme, pki.caPem, passwordFile)); // the config is corrected
        }
        checkDeliveredOnce(f);
        CHECK(log.text().find("delivered by email to kasi@example.go.id") != std::string::npos);
    }
}

TEST_CASE("a wrong SMTP password over TLS: logged, kept in the outbox, sent once with the right one",
          "[alerts][tls]") {
    if (!smtpAvailable()) FAIL("python3-aiosmtpd is not installed (deploy/dev deps)");
    AlertFixture f;
    const Pki pki(f.dir.path / "pki");
    const fs::path passwordFile = f.dir.path / "smtp-password";
    std::ofstream(passwordFile) << "wrong-pass\n";
    StderrCapture log(f.dir.path / "stderr.log");
    f.smtp.start("suara:s3cret-pass", "starttls", pki.serverPem, pki.serverKey);
    configure(f, tlsConfig(f, "smtp", pki.caPem, passwordFile));
    raiseOneAlert(f, 72);
    REQUIRE(waitFor([&] { return f.count("SELECT attempts FROM alert_outbox") >= 2; }));

    CHECK(f.count("SELECT count(*) FROM alert_outbox WHERE sent_at_ms IS NULL") == 1);
    const std::string reason = f.text("SELECT last_error FROM alert_outbox");
    const std::string expected =
        "the mail server refused the login of \"suara\": check [smtp] username and the "
        "password in " +
        passwordFile.string();
    CHECK(reason.find("(reply 535)") != std::string::npos);
    CHECK(reason.find(expected) != std::string::npos);
    CHECK(log.text().find(expected) != std::string::npos);
    CHECK(f.smtp.authFailures() >= 2); // each attempt got as far as AUTH, over TLS, and was refused
    CHECK(f.smtp.messages().empty());

    // The password file is read at each send: fixing it needs no restart.
    std::ofstream(passwordFile) << "s3cret-pass\n";
    checkDeliveredOnce(f);
}
