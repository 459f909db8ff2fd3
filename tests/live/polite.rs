//! Politeness end to end: real probe code (the TLS engine with its full handshake and 0-RTT
//! test, port probes, SMTP, SSH, HTTP) against in-process servers on one loopback address,
//! under a cap of two connections per address. The kernel is the witness: a sampler counts
//! this process's open sockets to that address, which close() changes at once, before the
//! permit goes back. For HTTP the server side is a witness too: at every
//! accept it asks each connection it holds whether the client's FIN has arrived.
//!
//! Politeness is process-wide: every test here runs under the one configuration of the test
//! process (support::configure_process), and alone, so that no other test's connections
//! count in the statistics.

use std::collections::{HashMap, HashSet};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pastoe::probe::net::dns::{Dns, DnsConfig};
use pastoe::probe::net::http::{FetchRequest, HttpClient, HttpConfig};
use pastoe::probe::net::polite;
use pastoe::probe::net::smtp::{RetryPolicy, smtp_conversation};
use pastoe::probe::net::ssh::read_kexinit;
use pastoe::probe::net::tcp::probe_port;
use pastoe::probe::net::transport::TcpTransport;
use pastoe::probe::tls::engine::{EngineConfig, FullHandshake, enumerate};
use pastoe::probe::tls::handshake::HandshakeSetup;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::support;

const CAP: usize = support::PER_IP_CONNECTIONS;
const RATE: u32 = support::PER_IP_RATE;
const TIMEOUT: Duration = Duration::from_secs(5);
const HOST: &str = "polite.pastoe.test";

/// Taken by every test: the statistics are compared before and after, so no other test
/// of the process may connect meanwhile. The in-process servers listen on loopback, which
/// pastoe contacts only when told (the test process allows the test internet).
fn alone() -> support::serial::Turn {
    let turn = support::serial::alone();
    support::configure_process();
    turn
}

/// This process's sockets to `ip` that it has not closed yet (SYN_SENT, ESTABLISHED and
/// CLOSE_WAIT: the server closed, we have not), as (local, peer) address pairs. Asked of the
/// kernel through `ss` (sock_diag), which filters in the kernel.
fn sockets_to(ip: Ipv4Addr) -> HashSet<(String, String)> {
    let ip = ip.to_string();
    let mut args = vec!["-Htn"];
    for state in ["syn-sent", "established", "close-wait"] {
        args.extend(["state", state]);
    }
    args.extend(["dst", &ip]);
    let out = std::process::Command::new("ss")
        .args(&args)
        .output()
        .expect("ss (iproute2) lists the sockets");
    assert!(out.status.success(), "ss {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace().rev();
            let peer = fields.next()?.to_string();
            Some((fields.next()?.to_string(), peer))
        })
        .collect()
}

/// The sockets of two listings one after the other that both show them: they were all open
/// at once, at the moment between the two. One listing alone is no snapshot: the kernel
/// walks its table bucket by bucket, and on a busy machine that takes long enough to show a
/// socket closed during the walk next to its successor.
fn open_sockets_to(ip: Ipv4Addr) -> usize {
    let first = sockets_to(ip);
    sockets_to(ip).intersection(&first).count()
}

/// Samples [`open_sockets_to`] on its own thread until dropped; `peak` is the most seen.
struct Witness {
    peak: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Witness {
    fn watch(ip: Ipv4Addr) -> Witness {
        let peak = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (peak, stop) = (peak.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    peak.fetch_max(open_sockets_to(ip), Ordering::Relaxed);
                    std::thread::sleep(Duration::from_micros(200));
                }
            })
        };
        Witness {
            peak,
            stop,
            thread: Some(thread),
        }
    }

    fn peak(mut self) -> usize {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
        self.peak.load(Ordering::Relaxed)
    }
}

/// Servers on one address, each counting the connections it accepted.
struct Servers {
    ip: Ipv4Addr,
    accepted: Arc<AtomicUsize>,
    http_held: Arc<Held>,
}

/// The connections the HTTP server holds, and the most of them its clients had open at any
/// accept: the moment a client that does not keep to the cap shows, with an old connection
/// not closed yet as it opens a new one.
#[derive(Default)]
struct Held {
    /// A second handle on each connection, to look for the client's FIN.
    handles: Mutex<HashMap<usize, std::net::TcpStream>>,
    next: AtomicUsize,
    peak_open: AtomicUsize,
}

impl Held {
    /// Holds `stream` and counts the open connections, this one included. The handle is
    /// kept until the returned guard is dropped.
    fn hold(self: &Arc<Held>, stream: TcpStream) -> (TcpStream, HeldGuard) {
        let stream = stream.into_std().unwrap();
        let handle = stream.try_clone().unwrap();
        let stream = TcpStream::from_std(stream).unwrap();
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        let mut handles = self.handles.lock().unwrap();
        handles.insert(id, handle);
        let open = handles.values().filter(|h| client_still_open(h)).count();
        self.peak_open.fetch_max(open, Ordering::SeqCst);
        let guard = HeldGuard {
            held: self.clone(),
            id,
        };
        (stream, guard)
    }
}

/// Neither the client's FIN nor a reset has arrived. Exact when asked, and a connection
/// stays open until one arrives, so connections found open one after the other were all
/// open at once. The server has read the request before the client closes (it answers
/// first), so a FIN is first in line.
fn client_still_open(handle: &std::net::TcpStream) -> bool {
    // tokio's sockets do not block: a peek with nothing to read says so.
    match handle.peek(&mut [0u8]) {
        Ok(n) => n > 0,
        Err(e) => e.kind() == std::io::ErrorKind::WouldBlock,
    }
}

/// Lets go of the handle of a connection the server is done with.
struct HeldGuard {
    held: Arc<Held>,
    id: usize,
}

impl Drop for HeldGuard {
    fn drop(&mut self) {
        if let Ok(mut handles) = self.held.handles.lock() {
            handles.remove(&self.id);
        }
    }
}

impl Servers {
    /// The connections accepted once the count has reached `expected` or stopped
    /// growing: a client's connect completes before the server's accept returns.
    async fn accepted(&self, expected: usize) -> usize {
        for _ in 0..100 {
            if self.accepted.load(Ordering::SeqCst) >= expected {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.accepted.load(Ordering::SeqCst)
    }

    /// The most connections the HTTP server's clients had open at once, as the server saw
    /// at its accepts.
    fn http_peak_open(&self) -> usize {
        self.http_held.peak_open.load(Ordering::SeqCst)
    }

    fn new(ip: Ipv4Addr) -> Servers {
        Servers {
            ip,
            accepted: Arc::new(AtomicUsize::new(0)),
            http_held: Arc::new(Held::default()),
        }
    }

    async fn listen(&self) -> (TcpListener, SocketAddr) {
        let listener = TcpListener::bind((self.ip, 0)).await.unwrap();
        let addr = listener.local_addr().unwrap();
        (listener, addr)
    }

    /// Accepts, says nothing, closes after a short while: every TLS hello is refused,
    /// every SMTP and SSH conversation ends without a greeting.
    async fn hold(&self) -> SocketAddr {
        let (listener, addr) = self.listen().await;
        let accepted = self.accepted.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                accepted.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(15)).await;
                    drop(socket);
                });
            }
        });
        addr
    }

    /// HTTP/1.1: answers each request with a small 200 after a moment (so that exchanges
    /// overlap) and keeps the connection open until the client closes it, as a keep-alive
    /// server does.
    async fn http(&self) -> SocketAddr {
        let (listener, addr) = self.listen().await;
        let (accepted, held) = (self.accepted.clone(), self.http_held.clone());
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                accepted.fetch_add(1, Ordering::SeqCst);
                let (mut socket, guard) = held.hold(socket);
                tokio::spawn(async move {
                    let _guard = guard;
                    let mut head = Vec::new();
                    let mut buf = [0u8; 1024];
                    loop {
                        match socket.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                        if head.windows(4).any(|w| w == b"\r\n\r\n") {
                            head.clear();
                            tokio::time::sleep(Duration::from_millis(5)).await;
                            let answer = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
                            if socket.write_all(answer).await.is_err() {
                                return;
                            }
                        }
                    }
                });
            }
        });
        addr
    }

    /// HTTPS with TLS 1.3 tickets that allow early data, answering every request with 200.
    async fn https(&self) -> SocketAddr {
        let (listener, addr) = self.listen().await;
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(vec![HOST.to_string()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(
            rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()),
        );
        let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], key)
        .unwrap();
        config.max_early_data_size = 16384;
        config.send_tls13_tickets = 2;
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let accepted = self.accepted.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                accepted.fetch_add(1, Ordering::SeqCst);
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let Ok(mut tls) = acceptor.accept(socket).await else {
                        return;
                    };
                    let mut head = Vec::new();
                    if let Some(mut early) = tls.get_mut().1.early_data() {
                        let _ = std::io::Read::read_to_end(&mut early, &mut head);
                    }
                    let mut buf = [0u8; 1024];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match tls.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
                    let _ = tls.write_all(answer.as_bytes()).await;
                    let _ = tls.flush().await;
                    // Wait for the client to close, as a keep-alive server does.
                    let _ = tls.read(&mut buf).await;
                });
            }
        });
        addr
    }
}

async fn http_client() -> HttpClient {
    let dns = Dns::new(&DnsConfig {
        // Never asked: every URL below is an address.
        server: Some("127.0.0.1:53".parse().unwrap()),
        trust_anchor: None,
        timeout: TIMEOUT,
        attempts: 1,
    })
    .await
    .unwrap();
    let config = HttpConfig {
        timeout: TIMEOUT,
        user_agent: "pastoe-test".into(),
        ca_file: None,
    };
    HttpClient::new(&config, dns).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_connection_path_keeps_to_the_cap_on_one_address() {
    let _alone = alone();
    let ip = Ipv4Addr::new(127, 88, 0, 1);
    let servers = Servers::new(ip);
    let (hold, http, https) = (
        servers.hold().await,
        servers.http().await,
        servers.https().await,
    );
    let setup = HandshakeSetup::new(None).unwrap();
    let before = polite::stats();
    let witness = Witness::watch(ip);
    let started = Instant::now();

    // The TLS engine (six probes at a time) on a server that refuses every hello, and on
    // a TLS 1.3 server with 0-RTT, where the full handshake and the 0-RTT test's two
    // connections also run; SMTP, SSH, port probes and HTTP at the same time, all on `ip`.
    let refused = TcpTransport { addr: hold };
    let tls = TcpTransport { addr: https };
    let full = FullHandshake {
        setup: &setup,
        zero_rtt_http_host: Some(HOST),
    };
    let engines = futures_util::future::join_all(
        [&refused, &tls, &refused]
            .map(|t| enumerate(t, HOST, EngineConfig::new(TIMEOUT), Some(full))),
    );
    let ports = futures_util::future::join_all((0..40).map(|_| probe_port(hold, TIMEOUT)));
    let smtp =
        futures_util::future::join_all((0..4).map(|_| {
            smtp_conversation(hold, "pastoe.test", TIMEOUT, RetryPolicy::new(0, TIMEOUT))
        }));
    let ssh = futures_util::future::join_all((0..4).map(|_| read_kexinit(hold, HOST, TIMEOUT)));
    let client = http_client().await;
    let url = format!("http://{http}/");
    let fetches = futures_util::future::join_all((0..12).map(|_| {
        client.fetch(FetchRequest {
            url: &url,
            max_redirects: 0,
            body_limit: Some(1024),
            accept_encoding: None,
        })
    }));
    let (engines, ports, smtp, ssh, fetches) =
        tokio::time::timeout(Duration::from_secs(60), async {
            tokio::join!(engines, ports, smtp, ssh, fetches)
        })
        .await
        .expect("everything finishes under a cap of two: no deadlock");
    let elapsed = started.elapsed();
    let peak = witness.peak();

    // What the probes saw is what they see without politeness.
    assert!(engines[0].error.is_some(), "{:?}", engines[0]);
    let tls13 = &engines[1];
    assert!(
        tls13.error.is_none() && tls13.incomplete.is_none(),
        "{tls13:#?}"
    );
    assert!(tls13.chain.is_some(), "the full handshake ran");
    let zero_rtt = tls13.zero_rtt.as_ref().expect("the 0-RTT test ran");
    assert!(
        zero_rtt.early_data_offered && zero_rtt.resumed,
        "{zero_rtt:?}"
    );
    assert!(ports.iter().all(|p| p.open), "{ports:?}");
    assert!(smtp.iter().all(|s| s.error.is_some()));
    assert!(ssh.iter().all(|s| s.error.is_some()));
    assert!(
        fetches
            .iter()
            .all(|f| f.error.is_none() && f.final_response().is_some_and(|h| h.status == 200)),
        "{fetches:?}"
    );

    // The address never had more than the cap open, and the cap was used.
    assert!(peak <= CAP, "{peak} connections were open at once to {ip}");
    let http_peak = servers.http_peak_open();
    assert!(http_peak <= CAP, "the HTTP server found {http_peak} open");
    let after = polite::stats();
    assert_eq!(after.peak_per_ip, CAP);
    // Which address reached it first depends on the other tests of this process.
    assert!(after.peak_ip.is_some());
    // One permit per TCP connection and per HTTP exchange (an address URL: one address).
    let engine_connections: u64 = engines.iter().map(|e| u64::from(e.connections)).sum();
    let expected =
        engine_connections + 40 + smtp.iter().map(|s| u64::from(s.attempts)).sum::<u64>() + 4 + 12;
    let accepted = servers.accepted(expected as usize).await as u64;
    assert_eq!(accepted, expected);
    assert_eq!(after.permits - before.permits, accepted);
    // Beyond the burst, the rate spaces the connections.
    let beyond_burst = accepted.saturating_sub(u64::from(RATE));
    assert!(
        elapsed.as_secs_f64() >= beyond_burst as f64 / f64::from(RATE),
        "{accepted} connections in {elapsed:?}"
    );
    eprintln!(
        "{accepted} connections in {elapsed:?}, peak {peak} open; stats {}",
        serde_json::to_string(&after).unwrap()
    );
}

/// HTTP keeps to the cap by construction: each exchange is one connection made by the one
/// connector, and its permit goes back when that connection is closed. Sixty HTTP fetches
/// at once to one address, whose server answers and then keeps every connection open until
/// the client closes it: the server never finds more than the cap open at once, and
/// nothing in the client waits after an exchange for that to be so. HTTPS fetches to
/// another port of the address run alongside and share the cap.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn http_keeps_to_the_cap_by_construction() {
    let _alone = alone();
    let ip = Ipv4Addr::new(127, 88, 0, 3);
    let servers = Servers::new(ip);
    let (http, https) = (servers.http().await, servers.https().await);
    let (http_url, https_url) = (format!("http://{http}/"), format!("https://{https}/"));
    let client = http_client().await;
    let before = polite::stats();
    let witness = Witness::watch(ip);
    let started = Instant::now();
    let (plain, tls) = (60, 20);
    let fetch = |url| {
        client.fetch(FetchRequest {
            url,
            max_redirects: 0,
            body_limit: Some(1024),
            accept_encoding: None,
        })
    };
    let fetches = futures_util::future::join_all(
        std::iter::repeat_n(http_url.as_str(), plain)
            .chain(std::iter::repeat_n(https_url.as_str(), tls))
            .map(fetch),
    );
    let fetches = tokio::time::timeout(Duration::from_secs(60), fetches)
        .await
        .expect("the fetches finish under a cap of two");
    let elapsed = started.elapsed();
    let peak = witness.peak();

    for (i, fetch) in fetches.iter().enumerate() {
        let hop = fetch.final_response();
        assert!(
            fetch.error.is_none() && hop.is_some_and(|h| h.status == 200),
            "{fetch:?}"
        );
        // The HTTPS ones went through TLS and recorded the (self-signed) certificate.
        let summary = hop.and_then(|h| h.tls.as_ref());
        assert_eq!(summary.is_some(), i >= plain, "{fetch:?}");
        if let Some(summary) = summary {
            assert!(
                summary.leaf.is_some() && summary.certificate_error.is_some(),
                "{summary:?}"
            );
        }
    }
    assert_eq!(servers.accepted(plain + tls).await, plain + tls);
    // One permit per exchange: the permit of its one connection.
    assert_eq!(
        (polite::stats().permits - before.permits) as usize,
        plain + tls
    );
    let server_peak = servers.http_peak_open();
    assert!(peak <= CAP, "{peak} connections were open at once to {ip}");
    assert!(
        server_peak <= CAP,
        "the HTTP server found {server_peak} connections open at once"
    );
    // The cap was reached, so the server could have seen more.
    assert_eq!(server_peak, CAP);
    eprintln!(
        "{} fetches in {elapsed:?}, peak {peak} open ({server_peak} at the HTTP server)",
        plain + tls
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_rate_holds_beyond_the_burst() {
    let _alone = alone();
    let ip = Ipv4Addr::new(127, 88, 0, 2);
    let servers = Servers::new(ip);
    let hold = servers.hold().await;
    let n = RATE as usize + 100;
    let started = Instant::now();
    let ports = futures_util::future::join_all((0..n).map(|_| probe_port(hold, TIMEOUT))).await;
    let elapsed = started.elapsed();
    assert!(ports.iter().all(|p| p.open));
    // The burst goes at once; the hundred after it take a quarter of a second at 400/s.
    assert!(
        elapsed >= Duration::from_millis(240),
        "{n} connections at {RATE}/s took {elapsed:?}"
    );
    assert_eq!(servers.accepted(n).await, n);
}
