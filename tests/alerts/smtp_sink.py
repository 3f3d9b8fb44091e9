#!/usr/bin/env python3
"""A real SMTP server on loopback for the alert tests (Debian python3-aiosmtpd).

  smtp_sink.py --port N --dir DIR [--auth USER:PASSWORD] [--tls starttls|smtps --cert PEM --key PEM]

Each message it accepts is written to DIR/<n>.eml (written to a temporary name, then renamed, so a
reader never sees half a message). With --auth the server requires SMTP AUTH (PLAIN or LOGIN) with
that user and password: without --tls in the clear (loopback only), with --tls only over TLS.
--tls starttls offers STARTTLS and requires it before anything but EHLO/NOOP/QUIT (require_starttls);
--tls smtps speaks TLS from the first byte (implicit TLS, as on port 465). --cert is the server's
certificate chain and --key its key (PEM). Every failed AUTH is counted in DIR/auth-failures
(one line each) so a test can tell a refused login from a connection that never got that far.
Prints "ready" on stdout once it listens; stops on SIGTERM.
"""
import argparse, os, signal, ssl, sys, threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Store:
    def __init__(self, directory):
        self.directory = directory
        self.lock = threading.Lock()
        self.n = len([f for f in os.listdir(directory) if f.endswith(".eml")])

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.n += 1
            name = os.path.join(self.directory, "%04d.eml" % self.n)
        data = b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n" + envelope.original_content
        with open(name + ".tmp", "wb") as f:
            f.write(data)
        os.rename(name + ".tmp", name)
        return "250 OK"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--auth", default="")
    p.add_argument("--tls", choices=["none", "starttls", "smtps"], default="none")
    p.add_argument("--cert", default="")
    p.add_argument("--key", default="")
    a = p.parse_args()
    kwargs = {}
    if a.auth:
        user, password = a.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
                  and auth_data.password.decode() == password)
            if not ok:
                with open(os.path.join(a.dir, "auth-failures"), "a") as f:
                    f.write("refused\n")
            # handled=False: aiosmtpd answers a refusal with 535 itself (the default, handled=True,
            # answers nothing and the client waits until its timeout).
            return AuthResult(success=ok, handled=False)

        # auth_require_tls looks at STARTTLS only (aiosmtpd 1.4 does not count implicit TLS), so it
        # is set for starttls; an smtps session is TLS from the first byte anyway.
        kwargs = dict(authenticator=authenticator, auth_required=True, auth_require_tls=a.tls == "starttls")
    if a.tls != "none":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.cert, a.key)
        if a.tls == "starttls":
            kwargs.update(tls_context=context, require_starttls=True)
        else:
            kwargs.update(ssl_context=context)
    controller = Controller(Store(a.dir), hostname="127.0.0.1", port=a.port, **kwargs)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    sys.exit(main())
