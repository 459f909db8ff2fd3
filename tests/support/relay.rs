//! Pausable relays for fault injection: pastoe talks to the real servers of the test
//! internet through them, and a test makes them drop everything for a while, as a stopped
//! resolver or a web address that loses every packet would.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// A switch a relay checks for every query and connection.
#[derive(Clone, Default)]
pub struct Pause(Arc<AtomicBool>);

impl Pause {
    pub fn set(&self, paused: bool) {
        self.0.store(paused, Ordering::SeqCst);
    }

    fn on(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// DNS over UDP and TCP on `listen`, passed on to `upstream`; while paused every query is
/// dropped unanswered (a stopped resolver).
pub fn dns(listen: SocketAddr, upstream: SocketAddr) -> Pause {
    let pause = Pause::default();
    let udp = UdpSocket::bind(listen).unwrap_or_else(|e| panic!("bind udp {listen}: {e}"));
    let tcp = TcpListener::bind(listen).unwrap_or_else(|e| panic!("bind tcp {listen}: {e}"));
    let p = pause.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65535];
        while let Ok((n, client)) = udp.recv_from(&mut buf) {
            if p.on() {
                continue;
            }
            let (query, reply) = (buf[..n].to_vec(), udp.try_clone().unwrap());
            std::thread::spawn(move || {
                let Ok(up) = UdpSocket::bind("127.0.0.1:0") else {
                    return;
                };
                let _ = up.set_read_timeout(Some(Duration::from_secs(10)));
                let mut answer = [0u8; 65535];
                if up.send_to(&query, upstream).is_ok()
                    && let Ok(m) = up.recv(&mut answer)
                {
                    let _ = reply.send_to(&answer[..m], client);
                }
            });
        }
    });
    let p = pause.clone();
    std::thread::spawn(move || {
        for client in tcp.incoming().flatten() {
            let p = p.clone();
            std::thread::spawn(move || dns_tcp(client, upstream, &p));
        }
    });
    pause
}

fn dns_tcp(mut client: TcpStream, upstream: SocketAddr, pause: &Pause) {
    let _ = client.set_read_timeout(Some(Duration::from_secs(10)));
    loop {
        let mut len = [0u8; 2];
        if client.read_exact(&mut len).is_err() {
            return;
        }
        let mut query = vec![0u8; usize::from(u16::from_be_bytes(len))];
        if client.read_exact(&mut query).is_err() {
            return;
        }
        if pause.on() {
            continue;
        }
        let Ok(mut up) = TcpStream::connect(upstream) else {
            return;
        };
        let _ = up.set_read_timeout(Some(Duration::from_secs(10)));
        let mut answer_len = [0u8; 2];
        if up.write_all(&len).is_err()
            || up.write_all(&query).is_err()
            || up.read_exact(&mut answer_len).is_err()
        {
            return;
        }
        let mut answer = vec![0u8; usize::from(u16::from_be_bytes(answer_len))];
        if up.read_exact(&mut answer).is_err()
            || client.write_all(&answer_len).is_err()
            || client.write_all(&answer).is_err()
        {
            return;
        }
    }
}

/// TCP on `listen` for each of `ports`, passed on to the same port of `upstream`; while
/// paused a new connection is accepted and then hears nothing, and nothing it sends goes
/// on (a web address that drops every packet after the handshake).
pub fn tcp(listen: std::net::IpAddr, upstream: std::net::IpAddr, ports: &[u16]) -> Pause {
    let pause = Pause::default();
    for &port in ports {
        let listener = TcpListener::bind((listen, port))
            .unwrap_or_else(|e| panic!("bind {listen}:{port}: {e}"));
        let p = pause.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if p.on() {
                    // Held open, silent, until the scanner gives up.
                    std::thread::spawn(move || {
                        let mut sink = [0u8; 4096];
                        let mut client = client;
                        while matches!(client.read(&mut sink), Ok(n) if n > 0) {}
                    });
                    continue;
                }
                let Ok(server) = TcpStream::connect((upstream, port)) else {
                    continue;
                };
                splice(client, server);
            }
        });
    }
    pause
}

/// Copy both ways until either side closes.
fn splice(client: TcpStream, server: TcpStream) {
    let (Ok(mut c2), Ok(mut s2)) = (client.try_clone(), server.try_clone()) else {
        return;
    };
    let (mut client, mut server) = (client, server);
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut client, &mut server);
        let _ = server.shutdown(std::net::Shutdown::Write);
    });
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut s2, &mut c2);
        let _ = c2.shutdown(std::net::Shutdown::Write);
    });
}
