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
use std::time::{Duration, Instant};

use pastoe::facts::{ClientRenegFacts, RefusalKind};
use pastoe::probe::net::transport::{TcpTransport, Transport};
use pastoe::probe::tls::reneg;

const HOST: &str = "reneg.tlsproef.nl";
const TIMEOUT: Duration = Duration::from_secs(3);

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
    s_server_with_env(addr, cert, extra, &[])
}

fn s_server_with_env(
    addr: SocketAddr,
    cert: &(PathBuf, PathBuf),
    extra: &[&str],
    env: &[(&str, &std::ffi::OsStr)],
) -> Server {
    let child = Command::new("openssl")
        .envs(env.iter().copied())
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
    measure_within(addr, TIMEOUT)
}

fn measure_within(addr: SocketAddr, timeout: Duration) -> ClientRenegFacts {
    let _turn = support::in_process();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        // Through the one connector, under the per-address cap and rate.
        let stream = TcpTransport { addr }
            .connect(timeout)
            .await
            .expect("connect");
        reneg::measure(stream, Some(HOST), timeout).await
    })
}

/// sslyze's count on the same server (fixtures/oracles/sslyze-reneg: 11 attempts, as
/// internet.nl makes them).
fn sslyze(addr: SocketAddr) -> u32 {
    let out = Command::new(support::repo().join("fixtures/oracles/sslyze-reneg"))
        .args([HOST, &addr.ip().to_string(), &addr.port().to_string()])
        .output()
        .expect("run fixtures/oracles/sslyze-reneg (fixtures/oracles/install first)");
    assert!(
        out.status.success(),
        "sslyze {addr}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sslyze JSON");
    let completed = v["completed"]
        .as_u64()
        .unwrap_or_else(|| panic!("sslyze {addr}: {v}"));
    assert_eq!(v["accepts"].as_bool(), Some(completed == 11), "{v}");
    completed as u32
}

fn addr_of(ip: &str, port: u16) -> SocketAddr {
    SocketAddr::new(ip.parse().expect("an address"), port)
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
        assert_eq!(facts.refusal_kind, None);
        assert!(facts.secure);
        let suite = facts.cipher_suite.unwrap().to_string();
        let auth = if kind == "rsa" {
            "ECDHE_RSA"
        } else {
            "ECDHE_ECDSA"
        };
        assert!(suite.contains(auth), "{kind}: {suite}");
        assert_eq!(sslyze(server.addr), 11, "{kind}");
    }
    // Without extended master secret (turned off through the OpenSSL configuration, which
    // s_server has no option for) the classic master secret is used.
    let conf = dir.join("no-ems.cnf");
    std::fs::write(
        &conf,
        "openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = sys\n\
         [sys]\nOptions = -ExtendedMasterSecret\n",
    )
    .unwrap();
    let server = s_server_with_env(
        addr(1, 4433),
        &certificate(&dir, "rsa"),
        &["-client_renegotiation"],
        &[("OPENSSL_CONF", conf.as_os_str())],
    );
    let facts = measure(server.addr);
    assert_eq!(facts.completed, 11, "{facts:?}");
}

#[test]
fn openssl_default_refuses_with_no_renegotiation() {
    let dir = support::scratch_dir("reneg-default");
    let cert = certificate(&dir, "rsa");
    let server = s_server(addr(2, 4431), &cert, &[]);
    let facts = measure(server.addr);
    assert_eq!(facts.error, None);
    assert_eq!(facts.completed, 0, "{facts:?}");
    assert_eq!(facts.attempted, 1);
    assert_eq!(facts.refusal.as_deref(), Some("alert no_renegotiation"));
    assert_eq!(facts.refusal_kind, Some(RefusalKind::Alert));
    assert_eq!(sslyze(server.addr), 0);
}

/// What the proxy does once the client starts renegotiation number `after + 1`.
#[derive(Clone, Copy)]
enum Cut {
    /// Close both connections: the low limit of a server that allows `after`.
    Close,
    /// Forward nothing more from the client: a server that ignores the hello.
    Swallow,
}

/// A TCP proxy on `listen` in front of `upstream` that reads the client's record headers
/// (the content type is visible even in encrypted records): after the k-th
/// ChangeCipherSpec the client's first handshake record is its Finished and the second
/// the ClientHello of renegotiation k. From renegotiation `after + 1` on it cuts.
fn proxy(listen: SocketAddr, upstream: SocketAddr, after: u32, cut: Cut) {
    let listener = TcpListener::bind(listen).expect("bind proxy");
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(upstream) else {
                continue;
            };
            let (mut from_server, mut to_client) =
                (server.try_clone().unwrap(), client.try_clone().unwrap());
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut from_server, &mut to_client);
                let _ = to_client.shutdown(std::net::Shutdown::Both);
            });
            std::thread::spawn(move || forward_counting(client, server, after, cut));
        }
    });
}

fn forward_counting(mut client: TcpStream, mut server: TcpStream, after: u32, cut: Cut) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let (mut ccs_seen, mut handshakes_since_ccs) = (0u32, 0u32);
    let mut cutting = false;
    loop {
        let n = match client.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        while buf.len() >= 5 {
            let len = 5 + usize::from(u16::from_be_bytes([buf[3], buf[4]]));
            if buf.len() < len {
                break;
            }
            let record: Vec<u8> = buf.drain(..len).collect();
            match record[0] {
                20 => {
                    ccs_seen += 1;
                    handshakes_since_ccs = 0;
                }
                22 if ccs_seen > 0 => {
                    handshakes_since_ccs += 1;
                    if handshakes_since_ccs == 2 && ccs_seen > after {
                        cutting = true;
                    }
                }
                _ => {}
            }
            if cutting {
                match cut {
                    Cut::Close => {
                        let _ = client.shutdown(std::net::Shutdown::Both);
                        let _ = server.shutdown(std::net::Shutdown::Both);
                        return;
                    }
                    Cut::Swallow => continue,
                }
            }
            if server.write_all(&record).is_err() {
                return;
            }
        }
    }
    let _ = server.shutdown(std::net::Shutdown::Both);
}

#[test]
fn a_server_that_stops_after_four_has_a_low_limit() {
    let dir = support::scratch_dir("reneg-limit");
    let cert = certificate(&dir, "ec");
    let server = s_server(addr(3, 4431), &cert, &["-client_renegotiation"]);
    let front = addr(3, 4432);
    proxy(front, server.addr, 4, Cut::Close);
    let facts = measure(front);
    assert_eq!(facts.error, None);
    assert_eq!(facts.completed, 4, "{facts:?}");
    assert_eq!(facts.attempted, 5);
    assert_eq!(facts.refusal.as_deref(), Some("connection closed"));
    assert_eq!(facts.refusal_kind, Some(RefusalKind::Closed));
    assert_eq!(sslyze(front), 4);
}

#[test]
fn a_server_that_ignores_the_hello_costs_the_timeout() {
    let dir = support::scratch_dir("reneg-ignore");
    let cert = certificate(&dir, "rsa");
    let server = s_server(addr(4, 4431), &cert, &["-client_renegotiation"]);
    let front = addr(4, 4432);
    proxy(front, server.addr, 1, Cut::Swallow);
    let started = Instant::now();
    let timeout = Duration::from_secs(2);
    let facts = measure_within(front, timeout);
    let took = started.elapsed();
    assert_eq!(facts.completed, 1, "{facts:?}");
    assert_eq!(facts.refusal.as_deref(), Some("no answer within 2 s"));
    assert_eq!(facts.refusal_kind, Some(RefusalKind::Silent));
    assert!(
        took >= timeout && took < timeout + Duration::from_secs(1),
        "{took:?}"
    );
}

/// In the engine the renegotiation connection counts against the endpoint's budget as
/// every probe does: a server that goes silent after one renegotiation costs what is left
/// of a 2 s budget, not the 6 s timeout of one probe.
#[test]
fn the_engine_keeps_renegotiation_within_the_budget() {
    use pastoe::probe::tls::engine::{EngineConfig, enumerate};
    let dir = support::scratch_dir("reneg-budget");
    let cert = certificate(&dir, "rsa");
    let server = s_server(addr(7, 4431), &cert, &["-client_renegotiation"]);
    let front = addr(7, 4432);
    proxy(front, server.addr, 1, Cut::Swallow);
    let (timeout, budget) = (Duration::from_secs(6), Duration::from_secs(2));
    let config = EngineConfig {
        budget,
        ..EngineConfig::mail(timeout)
    };
    let _turn = support::in_process();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let started = Instant::now();
    let facts = runtime.block_on(enumerate(&TcpTransport { addr: front }, HOST, config, None));
    let took = started.elapsed();
    let reneg = facts.client_reneg.expect("TLS 1.2 is measured");
    assert!(
        took < budget + Duration::from_secs(1),
        "{took:?}: {reneg:?}"
    );
    assert!(reneg.completed <= 1, "{reneg:?}");
}

/// Servers that are not TLS, or stall before their flight: an error on the initial
/// handshake within the timeout, never a panic or a hang.
#[test]
fn hostile_servers_give_an_error_within_the_timeout() {
    let garbage = TcpListener::bind(addr(5, 4431)).expect("bind");
    let stall = TcpListener::bind(addr(5, 4432)).expect("bind");
    let huge = TcpListener::bind(addr(5, 4433)).expect("bind");
    std::thread::spawn(move || {
        for mut s in garbage.incoming().flatten() {
            let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n");
            std::thread::sleep(Duration::from_secs(3));
        }
    });
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in stall.incoming().flatten() {
            held.push(s);
        }
    });
    // An endless stream of maximal handshake records of zeros.
    std::thread::spawn(move || {
        for mut s in huge.incoming().flatten() {
            std::thread::spawn(move || {
                let mut record = vec![22, 3, 3, 0x40, 0x00];
                record.resize(5 + 0x4000, 0);
                while s.write_all(&record).is_ok() {}
            });
        }
    });
    let timeout = Duration::from_secs(1);
    for (port, kind) in [
        (4431, pastoe::facts::ErrorKind::Protocol),
        (4432, pastoe::facts::ErrorKind::Timeout),
        (4433, pastoe::facts::ErrorKind::Protocol),
    ] {
        let started = Instant::now();
        let facts = measure_within(addr(5, port), timeout);
        assert!(
            started.elapsed() < timeout + Duration::from_millis(500),
            "{port}"
        );
        let error = facts.error.unwrap_or_else(|| panic!("{port}: no error"));
        assert_eq!(error.kind, kind, "{port}: {error:?}");
        assert_eq!((facts.completed, facts.attempted), (0, 0));
    }
}

/// nginx, as the test internet runs it (Debian's OpenSSL 3.0), TLS 1.2 and 1.3.
fn nginx(dir: &Path, listen: SocketAddr, cert: &(PathBuf, PathBuf)) -> Server {
    let conf = dir.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "daemon off;\nmaster_process off;\nerror_log stderr;\npid {pid};\n\
             events {{}}\nhttp {{\n  access_log off;\n  server {{\n    listen {listen} ssl;\n\
             ssl_certificate {cert};\n    ssl_certificate_key {key};\n\
             ssl_protocols TLSv1.2 TLSv1.3;\n    location / {{ return 200 ok; }}\n  }}\n}}\n",
            pid = dir.join("nginx.pid").display(),
            cert = cert.0.display(),
            key = cert.1.display(),
        ),
    )
    .unwrap();
    let child = Command::new("nginx")
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(&conf)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nginx");
    let server = Server {
        child,
        addr: listen,
    };
    wait_listening(listen);
    server
}

#[test]
fn nginx_refuses() {
    let dir = support::scratch_dir("reneg-nginx");
    let cert = certificate(&dir, "rsa");
    let server = nginx(&dir, addr(6, 4431), &cert);
    let facts = measure(server.addr);
    assert_eq!(facts.error, None);
    assert_eq!(facts.completed, 0, "{facts:?}");
    assert_eq!(facts.refusal.as_deref(), Some("alert no_renegotiation"));
    assert_eq!(sslyze(server.addr), 0);
}

/// The engine on the test internet: its nginx hosts refuse (as sslyze says), a TLS
/// 1.3-only host is not applicable; over STARTTLS the postfix of mx.proefnet.nl refuses and
/// the TLS 1.0-only mx.oudeland.nl cannot be measured.
#[test]
fn test_internet_hosts() {
    use pastoe::rules::Status::{NotApplicable, Pass};
    const CHECK: &str = "web.tls.client_reneg";
    let doc = support::scan(
        &[
            "modern.tlsproef.nl",
            "tls12only.tlsproef.nl",
            "old.tlsproef.nl",
            "tls13only.tlsproef.nl",
        ],
        &["--only", CHECK],
    )
    .doc();
    support::assert_verdicts(
        &doc,
        &[
            ("modern.tlsproef.nl", CHECK, Pass, "not_allowed"),
            ("tls12only.tlsproef.nl", CHECK, Pass, "not_allowed"),
            ("old.tlsproef.nl", CHECK, Pass, "not_allowed"),
            (
                "tls13only.tlsproef.nl",
                CHECK,
                NotApplicable,
                "not_applicable",
            ),
        ],
    );
    let modern = support::finding(&doc, "modern.tlsproef.nl", CHECK);
    assert!(
        modern.message.en.contains("alert no_renegotiation"),
        "{}",
        modern.message.en
    );
    // modern.tlsproef.nl (fixtures/net/hosts.toml)
    assert_eq!(sslyze(addr_of("127.0.6.1", 443)), 0);

    const MAIL: &str = "mail.tls.client_reneg";
    let mail = support::scan(&["proefnet.nl"], &["--only", MAIL]).doc();
    let found: Vec<(&str, &str)> = mail
        .findings
        .iter()
        .filter(|f| f.check == MAIL)
        .map(|f| (f.subject.as_str(), f.outcome.as_str()))
        .collect();
    assert!(
        found.contains(&("mx.proefnet.nl", "not_allowed")),
        "{found:?}"
    );
    assert!(
        found.contains(&("mx.oudeland.nl", "not_measured")),
        "{found:?}"
    );
}
