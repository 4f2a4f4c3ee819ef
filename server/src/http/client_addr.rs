//! Who the client is: the TCP peer, unless the peer is a trusted reverse proxy; then the
//! rightmost hop in `X-Forwarded-For` (or `Forwarded: for=`) that is not itself trusted.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use axum::http::HeaderMap;

/// An address or a network (`10.0.0.0/8`, `::1`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    net: IpAddr,
    prefix: u8,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not an IP address or CIDR network (e.g. 10.0.0.1, 10.0.0.0/8, fd00::/8)")]
pub struct CidrError;

impl FromStr for Cidr {
    type Err = CidrError;

    fn from_str(text: &str) -> Result<Cidr, CidrError> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text, None),
        };
        let net: IpAddr = addr.parse().map_err(|_| CidrError)?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().map_err(|_| CidrError)?,
            None => max,
        };
        if prefix > max {
            return Err(CidrError);
        }
        Ok(Cidr { net, prefix })
    }
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.net, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => prefix_eq(
                u128::from(net.to_bits()),
                u128::from(ip.to_bits()),
                self.prefix,
                32,
            ),
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                prefix_eq(net.to_bits(), ip.to_bits(), self.prefix, 128)
            }
            _ => false,
        }
    }
}

fn prefix_eq(a: u128, b: u128, prefix: u8, width: u32) -> bool {
    let host_bits = width - u32::from(prefix);
    host_bits >= width || (a >> host_bits) == (b >> host_bits)
}

/// IPv4-mapped IPv6 (`::ffff:192.0.2.1`, what a dual-stack socket reports) as plain IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// The proxies whose forwarding headers are believed (none by default).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    pub fn new(networks: Vec<Cidr>) -> TrustedProxies {
        TrustedProxies(networks)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(ip))
    }

    /// The client's address for a request from `peer` with `headers`.
    pub fn client_ip(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer.ip());
        if !self.trusts(peer) {
            return peer;
        }
        // The proxy appends what it saw to the right; everything left of the first hop we
        // do not trust could have been written by the client.
        let hops = forwarded_for(headers);
        let mut client = peer;
        for hop in hops.iter().rev() {
            match hop {
                Some(ip) if self.trusts(*ip) => client = *ip,
                Some(ip) => return *ip,
                // A hop we cannot read: stop at the last one we could vouch for.
                None => return client,
            }
        }
        client
    }
}

/// The hops of `X-Forwarded-For` (every line, in order), or, without it, the `for=` of
/// `Forwarded`. `None` for a hop that is not an address (garbage, `unknown`, `_hidden`).
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let xff: Vec<_> = headers.get_all("x-forwarded-for").iter().collect();
    if !xff.is_empty() {
        return xff
            .iter()
            .flat_map(|value| match value.to_str() {
                Ok(text) => text.split(',').map(parse_hop).collect::<Vec<_>>(),
                Err(_) => vec![None],
            })
            .collect();
    }
    headers
        .get_all("forwarded")
        .iter()
        .flat_map(|value| match value.to_str() {
            Ok(text) => text
                .split(',')
                .map(|element| {
                    element.split(';').find_map(|pair| {
                        let (key, value) = pair.split_once('=')?;
                        key.trim()
                            .eq_ignore_ascii_case("for")
                            .then(|| value.trim().trim_matches('"'))
                    })
                })
                .map(|value| value.and_then(parse_hop))
                .collect::<Vec<_>>(),
            Err(_) => vec![None],
        })
        .collect()
}

/// One hop: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]`, `[2001:db8::1]:4711`.
fn parse_hop(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Some(canonical(addr.ip()));
    }
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    inner.parse::<IpAddr>().ok().map(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies::new(list.iter().map(|c| c.parse().unwrap()).collect())
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    fn peer(text: &str) -> SocketAddr {
        text.parse().unwrap()
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn cidrs_parse_and_match() {
        let net: Cidr = "10.0.0.0/8".parse().unwrap();
        assert!(net.contains(ip("10.200.1.1")));
        assert!(net.contains(ip("::ffff:10.0.0.1")));
        assert!(!net.contains(ip("11.0.0.1")));
        let v6: Cidr = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12::1")));
        assert!(!v6.contains(ip("fe80::1")));
        assert!("0.0.0.0/0".parse::<Cidr>().unwrap().contains(ip("8.8.8.8")));
        assert!("::1".parse::<Cidr>().unwrap().contains(ip("::1")));
        for bad in [
            "",
            "10.0.0.0/33",
            "::/129",
            "proxy",
            "10.0.0.0/x",
            "10.0.0/8",
        ] {
            assert_eq!(bad.parse::<Cidr>(), Err(CidrError), "{bad}");
        }
    }

    #[test]
    fn without_trusted_proxies_the_headers_are_ignored() {
        let none = TrustedProxies::default();
        let spoofed = headers(&[("x-forwarded-for", "1.2.3.4"), ("forwarded", "for=5.6.7.8")]);
        assert_eq!(
            none.client_ip(peer("198.51.100.7:5000"), &spoofed),
            ip("198.51.100.7")
        );
        // A trusted list that does not hold the peer changes nothing either.
        let other = proxies(&["10.0.0.1"]);
        assert_eq!(
            other.client_ip(peer("198.51.100.7:5000"), &spoofed),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn the_rightmost_untrusted_hop_wins_over_spoofed_leftmost_entries() {
        let trusted = proxies(&["10.0.0.0/8"]);
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.5, 10.0.0.3")]);
        assert_eq!(
            trusted.client_ip(peer("10.0.0.2:80"), &h),
            ip("203.0.113.5")
        );
        // Several header lines are one list, in order.
        let h = headers(&[
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-for", "203.0.113.5"),
        ]);
        assert_eq!(
            trusted.client_ip(peer("10.0.0.2:80"), &h),
            ip("203.0.113.5")
        );
    }

    #[test]
    fn ports_and_bracketed_ipv6_are_read() {
        let trusted = proxies(&["127.0.0.1", "::1"]);
        let h = headers(&[("x-forwarded-for", "[2001:db8::7]:4711")]);
        assert_eq!(
            trusted.client_ip(peer("127.0.0.1:1"), &h),
            ip("2001:db8::7")
        );
        let h = headers(&[("x-forwarded-for", "192.0.2.8:4711")]);
        assert_eq!(trusted.client_ip(peer("[::1]:1"), &h), ip("192.0.2.8"));
        let h = headers(&[("x-forwarded-for", "2001:db8::9")]);
        assert_eq!(
            trusted.client_ip(peer("127.0.0.1:1"), &h),
            ip("2001:db8::9")
        );
        let h = headers(&[(
            "forwarded",
            "for=6.6.6.6, for=\"[2001:db8::cafe]:443\";proto=https;by=10.0.0.1",
        )]);
        assert_eq!(
            trusted.client_ip(peer("127.0.0.1:1"), &h),
            ip("2001:db8::cafe")
        );
        let h = headers(&[("forwarded", "proto=https;For=192.0.2.60")]);
        assert_eq!(trusted.client_ip(peer("127.0.0.1:1"), &h), ip("192.0.2.60"));
    }

    #[test]
    fn garbage_stops_at_the_last_trusted_hop() {
        let trusted = proxies(&["10.0.0.0/8"]);
        for value in ["not-an-ip", "unknown", "", "1.2.3.4, ???", "999.1.1.1"] {
            let h = headers(&[("x-forwarded-for", value)]);
            assert_eq!(
                trusted.client_ip(peer("10.0.0.2:80"), &h),
                ip("10.0.0.2"),
                "{value:?}"
            );
        }
        let h = headers(&[("x-forwarded-for", "203.0.113.5, junk, 10.0.0.9")]);
        assert_eq!(trusted.client_ip(peer("10.0.0.2:80"), &h), ip("10.0.0.9"));
        let h = headers(&[("forwarded", "for=_hidden")]);
        assert_eq!(trusted.client_ip(peer("10.0.0.2:80"), &h), ip("10.0.0.2"));
        // No header at all from a trusted proxy: the proxy is the client.
        assert_eq!(
            trusted.client_ip(peer("10.0.0.2:80"), &HeaderMap::new()),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn x_forwarded_for_is_preferred_over_forwarded() {
        let trusted = proxies(&["127.0.0.1"]);
        let h = headers(&[
            ("forwarded", "for=6.6.6.6"),
            ("x-forwarded-for", "192.0.2.44"),
        ]);
        assert_eq!(trusted.client_ip(peer("127.0.0.1:1"), &h), ip("192.0.2.44"));
    }
}
