//! Client-initiated renegotiation (web.tls.client_reneg, mail.tls.client_reneg) against
//! real servers started by the test itself on 127.0.61.x: OpenSSL 3.0 `s_server` refusing
//! (its default) and allowing (`-client_renegotiation`), an allowing server behind a proxy
//! that closes after a few renegotiations (the low limit), nginx (refuses), and sslyze as
//! the oracle on the same servers. Then the test internet's own TLS and mail hosts.

use crate::support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use pastoe::facts::ClientRenegFacts;
use pastoe::probe::net::transport::{TcpTransport, Transport};
use pastoe::probe::tls::reneg;

const HOST: &str = "reneg.tlsproef.nl";
const TIMEOUT: Duration = Duration::from_secs(5);

/// A child process killed when the test ends, however it ends.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A key and self-signed certificate made with the openssl CLI: `rsa` or `ec`.
fn certificate(dir: &Path, kind: &str) -> (PathBuf, PathBuf) {
    let (cert, key) = (
        dir.join(format!("{kind}.crt")),
        dir.join(format!("{kind}.key")),
    );
    let newkey = if kind == "rsa" {
        "rsa:2048"
    } else {
        "ec:/dev/stdin"
    };
    let mut cmd = Command::new("openssl");
    cmd.args(["req", "-x509", "-nodes", "-days", "2", "-subj"])
        .arg(format!("/CN={HOST}"))
        .args(["-newkey", newkey, "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("openssl req");
    if kind == "ec" {
        let params = Command::new("openssl")
            .args(["ecparam", "-name", "prime256v1"])
            .output()
            .expect("openssl ecparam")
            .stdout;
        child.stdin.take().unwrap().write_all(&params).unwrap();
    } else {
        drop(child.stdin.take());
    }
    assert!(child.wait().unwrap().success(), "openssl req {kind}");
    (cert, key)
}

fn wait_listening(addr: SocketAddr) {
    let until = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        assert!(Instant::now() < until, "nothing listens on {addr}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `openssl s_server` in its echo mode, TLS 1.2 only, with `extra` options. Not `-www`:
/// that mode sleeps a second whenever a read would block, once per renegotiation. Its
/// stdin is a pipe that stays open (the child keeps it), so it never reads end-of-file.
fn s_server(addr: SocketAddr, cert: &(PathBuf, PathBuf), extra: &[&str]) -> Server {
    let child = Command::new("openssl")
        .args(["s_server", "-quiet", "-tls1_2", "-accept"])
        .arg(addr.to_string())
        .arg("-cert")
        .arg(&cert.0)
        .arg("-key")
        .arg(&cert.1)
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl s_server");
    let server = Server { child, addr };
    wait_listening(addr);
    server
}

fn measure(addr: SocketAddr) -> ClientRenegFacts {
    let _turn = support::in_process();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        // Through the one connector, under the per-address cap and rate.
        let stream = TcpTransport { addr }
            .connect(TIMEOUT)
            .await
            .expect("connect");
        reneg::measure(stream, Some(HOST), TIMEOUT).await
    })
}

fn addr(last: u8, port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 61, last], port))
}

#[test]
fn openssl_allowing_client_renegotiation_completes_eleven() {
    let dir = support::scratch_dir("reneg-allow");
    for (i, kind) in ["rsa", "ec"].into_iter().enumerate() {
        let cert = certificate(&dir, kind);
        let server = s_server(addr(1, 4431 + i as u16), &cert, &["-client_renegotiation"]);
        let facts = measure(server.addr);
        assert_eq!(facts.error, None, "{kind}");
        assert_eq!(facts.completed, 11, "{kind}: {facts:?}");
        assert_eq!(facts.attempted, 11);
        assert_eq!(facts.refusal, None);
        assert!(facts.secure);
    }
}
