//! The network checks of `doctor`: an interface that can find partners on
//! the local network, the ports a node opens, whether partners' addresses
//! answer, and the clock against the alliances' newest change.

use std::fs;
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs, UdpSocket};
use std::time::Duration;

use super::doctor::{DoctorOptions, Finding};
use crate::network::PeerBook;

/// The interfaces that are up, not loopback, with an IPv4 address, and
/// (where the platform tells) multicast.
pub(super) fn multicast() -> Finding {
    let interfaces = if_addrs::get_if_addrs().unwrap_or_default();
    let mut names: Vec<String> = interfaces
        .iter()
        .filter(|i| !i.is_loopback() && i.ip().is_ipv4())
        .map(|i| i.name.clone())
        .filter(|name| multicast_flag(name).unwrap_or(true))
        .collect();
    names.sort();
    names.dedup();
    Finding::Multicast {
        known: cfg!(target_os = "linux"),
        interfaces: names,
    }
}

/// Whether interface `name` is up and does multicast, from Linux's sysfs.
fn multicast_flag(name: &str) -> Option<bool> {
    const IFF_UP: u32 = 0x1;
    const IFF_MULTICAST: u32 = 0x1000;
    let text = fs::read_to_string(format!("/sys/class/net/{name}/flags")).ok()?;
    let flags = u32::from_str_radix(text.trim().trim_start_matches("0x"), 16).ok()?;
    Some(flags & IFF_UP != 0 && flags & IFF_MULTICAST != 0)
}

/// Binds TCP and UDP on every interface, as a node does; names the
/// addresses of the node running now (`running`: the lock is held), as its
/// peer book says.
pub(super) fn ports(book: &PeerBook, running: bool) -> Finding {
    let tcp = TcpListener::bind("0.0.0.0:0").map(drop);
    let udp = UdpSocket::bind("0.0.0.0:0").map(drop);
    let error = tcp.and(udp).err().map(|e| rondetafel_sync::describe_io(&e));
    let running = if running && book.pid.is_some() {
        book.listen.clone()
    } else {
        Vec::new()
    };
    Finding::Ports { error, running }
}

/// Tries a TCP connection to each address this device dialled before (and
/// those given); QUIC-only addresses are left out.
pub(super) fn peers(book: &PeerBook, options: &DoctorOptions) -> Finding {
    let mut tried: Vec<String> = options.peers.clone();
    tried.extend(book.peers.values().filter_map(|p| p.address.clone()));
    tried.sort();
    tried.dedup();
    tried.retain(|a| socket_address(a).is_some());
    tried.truncate(10);
    let timeout = if options.peer_timeout.is_zero() {
        Duration::from_secs(3)
    } else {
        options.peer_timeout
    };
    let answered = tried
        .iter()
        .filter(|a| {
            socket_address(a).is_some_and(|s| TcpStream::connect_timeout(&s, timeout).is_ok())
        })
        .cloned()
        .collect();
    Finding::Peers { tried, answered }
}

/// The host and TCP port of a multiaddr such as `/ip4/192.0.2.1/tcp/4001`
/// or `/dns4/example.org/tcp/4001`.
pub(super) fn socket_address(multiaddr: &str) -> Option<SocketAddr> {
    let parts: Vec<&str> = multiaddr.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        [proto, host, "tcp", port, ..] if ["ip4", "ip6", "dns", "dns4", "dns6"].contains(proto) => {
            let port: u16 = port.parse().ok()?;
            (*host, port).to_socket_addrs().ok()?.next()
        }
        _ => None,
    }
}

/// Now, and whether a change is dated later than now (by more than ten
/// minutes): then this clock is behind the partners'.
pub(super) fn clock(newest_change: Option<i64>) -> Finding {
    let now = jiff::Timestamp::now();
    let ahead_of_clock = newest_change
        .and_then(|seconds| jiff::Timestamp::from_second(seconds).ok())
        .filter(|newest| newest.as_second() > now.as_second() + 600)
        .map(|newest| newest.to_string());
    Finding::Clock {
        now: now.to_string(),
        ahead_of_clock,
    }
}
