//! Politeness end to end: real probe code (the TLS engine with its full handshake and 0-RTT
//! test, port probes, SMTP, SSH, HTTP) against in-process servers on one loopback address,
//! under a cap of two connections per address. The kernel's socket table is the witness:
//! a sampler counts this process's open sockets to that address, which close() changes at
//! once, before the permit goes back.
//!
//! Politeness is process-wide and this file is its own process: every test here runs under
//! the one configuration of [`configure`].

use std::net::{Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

use pastoe::net::dns::{Dns, DnsConfig};
use pastoe::net::http::{FetchRequest, HttpClient, HttpConfig};
use pastoe::net::polite::{self, PolitenessConfig};
use pastoe::net::smtp::{RetryPolicy, smtp_conversation};
use pastoe::net::ssh::read_kexinit;
use pastoe::net::tcp::probe_port;
use pastoe::tls::handshake::HandshakeSetup;
use pastoe::tls::probe::{EngineConfig, FullHandshake, enumerate};
use pastoe::tls::transport::TcpTransport;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const CAP: usize = 2;
const RATE: u32 = 400;
const TIMEOUT: Duration = Duration::from_secs(5);
const HOST: &str = "polite.pastoe.test";

/// Taken by every test: the statistics are compared before and after, so the tests of
/// this process must not overlap.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn configure() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        polite::configure(PolitenessConfig {
            max_connections_per_ip: CAP,
            connections_per_second_per_ip: NonZeroU32::new(RATE).unwrap(),
        })
        .unwrap();
    });
}

/// This process's sockets to `ip` that it has not closed yet: SYN_SENT, ESTABLISHED and
/// CLOSE_WAIT (the server closed, we have not) in /proc/net/tcp.
fn open_sockets_to(ip: Ipv4Addr) -> usize {
    let wanted = format!("{:08X}:", u32::from_le_bytes(ip.octets()));
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    table
        .lines()
        .skip(1)
        .filter(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            fields.len() > 3
                && fields[2].starts_with(&wanted)
                && matches!(fields[3], "01" | "02" | "08")
        })
        .count()
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

    fn new(ip: Ipv4Addr) -> Servers {
        Servers {
            ip,
            accepted: Arc::new(AtomicUsize::new(0)),
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

    /// HTTP/1.1: answers each request with a small 200 and keeps the connection open
    /// until the client closes it, as a keep-alive server does.
    async fn http(&self) -> SocketAddr {
        let (listener, addr) = self.listen().await;
        let accepted = self.accepted.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                accepted.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 1024];
                    loop {
                        match socket.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                        if head.windows(4).any(|w| w == b"\r\n\r\n") {
                            head.clear();
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
    let _serial = SERIAL.lock().await;
    configure();
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
    let after = polite::stats();
    assert_eq!(after.peak_per_ip, CAP);
    // Which address reached it first depends on the other test of this process.
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_rate_holds_beyond_the_burst() {
    let _serial = SERIAL.lock().await;
    configure();
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
