//! Which `Host` a request may name: the defence against DNS rebinding.
//!
//! A web page the editor visits on `evil.example` can point that name at 127.0.0.1 once
//! the page is loaded; its scripts then reach the dev server as their own origin and may
//! read the drafts. The browser still sends `Host: evil.example`, so the server answers
//! only host names it knows to be its own — `localhost`, loopback addresses, the bound
//! address and the name given to `--bind` — and a misdirected request gets 421. The port
//! is not checked: it is not what a rebinding page forges, and a forwarded port (ssh -L)
//! changes it.
//!
//! Bound to an unspecified address (0.0.0.0 or ::), the server cannot know every address a
//! client may use to reach it: any IP literal is taken then, since a rebinding attack needs
//! a domain name, but no other name.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// What a `Host` header names, once parsed; its port is checked and dropped.
#[derive(Debug, PartialEq)]
enum Named {
    Ip(IpAddr),
    /// Lower case, without a final dot.
    Name(String),
}

/// The host names the server answers for.
pub(crate) struct Hosts {
    bound: IpAddr,
    /// The name `--bind` was given as, if it was not an address.
    bind_name: Option<String>,
    /// The body of a 421: which host names are served.
    served: String,
}

impl Hosts {
    /// For a server listening on `addr`, whose address `--bind` gave as `bind`.
    pub(crate) fn new(addr: SocketAddr, bind: &str) -> Hosts {
        let bind_name = match parse(bind) {
            Some(Named::Name(name)) if name != "localhost" => Some(name),
            _ => None,
        };
        Hosts {
            bound: addr.ip(),
            served: served(addr, bind_name.as_deref()),
            bind_name,
        }
    }

    /// Why a request whose `Host` headers are `values` is refused: its status and body.
    /// HTTP/1.1 requires one Host header; HTTP/1.0 may leave it out.
    pub(crate) fn refusal(&self, values: &[&str], http_1_1: bool) -> Option<(u16, String)> {
        let bad = |why: &str| Some((400, format!("bad request: {why}\n")));
        let value = match values {
            [] | [""] if http_1_1 => return bad("an HTTP/1.1 request must name its Host"),
            [] | [""] => return None,
            [value] => value,
            _ => return bad("more than one Host header"),
        };
        match parse(value) {
            None => bad("the Host header is not a host name or address"),
            Some(named) if self.allows(&named) => None,
            Some(_) => Some((421, self.served.clone())),
        }
    }

    fn allows(&self, named: &Named) -> bool {
        match named {
            Named::Ip(ip) => is_loopback(*ip) || *ip == self.bound || self.bound.is_unspecified(),
            Named::Name(name) => name == "localhost" || self.bind_name.as_ref() == Some(name),
        }
    }
}

/// The body of a 421: the host names served, and the address to open instead.
fn served(addr: SocketAddr, bind_name: Option<&str>) -> String {
    let bound = addr.ip();
    let mut own = String::new();
    if bound.is_unspecified() {
        own.push_str(", any IP address");
    } else if !is_loopback(bound) {
        own.push_str(&format!(", {}", literal(bound)));
    }
    if let Some(name) = bind_name {
        own.push_str(&format!(", {name}"));
    }
    // Where a browser reaches the server: the bound address, or loopback.
    let open = match bound {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!(
        "misdirected request: this server answers only for localhost, 127.0.0.1 (any \
         127.x.x.x) and [::1]{own}, with any port, as a defence against DNS rebinding: open \
         {}\n",
        url_of(SocketAddr::new(open, addr.port()))
    )
}

/// The URL of the server's root at `addr`.
pub(crate) fn url_of(addr: SocketAddr) -> String {
    match addr {
        SocketAddr::V4(a) => format!("http://{}:{}/", a.ip(), a.port()),
        SocketAddr::V6(a) => format!("http://[{}]:{}/", a.ip(), a.port()),
    }
}

/// `::ffff:127.0.0.1` is loopback too.
fn is_loopback(ip: IpAddr) -> bool {
    ip.to_canonical().is_loopback()
}

/// An address as a `Host` header writes it.
fn literal(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// `host`, `host:port`, `1.2.3.4:port`, `[::1]:port` (RFC 9110, 7.2), or `None` when it
/// is none of these. A name may only hold letters, digits, `.`, `-` and `_`.
fn parse(value: &str) -> Option<Named> {
    if let Some(rest) = value.strip_prefix('[') {
        return parse_v6(rest);
    }
    let (host, port) = match value.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (value, None),
    };
    if !valid_port(port) || host.is_empty() {
        return None;
    }
    if let Ok(v4) = host.parse::<Ipv4Addr>() {
        return Some(Named::Ip(IpAddr::V4(v4)));
    }
    let name = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
    (!name.is_empty() && name.chars().all(allowed)).then_some(Named::Name(name))
}

/// What follows the `[` of an IPv6 literal: `::1]` or `::1]:port`.
fn parse_v6(rest: &str) -> Option<Named> {
    let (v6, after) = rest.split_once(']')?;
    let port = match after {
        "" => None,
        _ => Some(after.strip_prefix(':')?),
    };
    let ip = v6.parse::<Ipv6Addr>().ok()?;
    valid_port(port).then_some(Named::Ip(IpAddr::V6(ip)))
}

/// No port, an empty one (RFC 3986 allows `host:`), or a number that is a port.
fn valid_port(port: Option<&str>) -> bool {
    port.is_none_or(|p| {
        p.is_empty() || (p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(hosts: &Hosts, value: &str) -> u16 {
        hosts
            .refusal(&[value], true)
            .map_or(200, |(status, _)| status)
    }

    #[test]
    fn host_values_are_parsed_with_or_without_a_port() {
        let ip = |s: &str| Some(Named::Ip(s.parse().unwrap()));
        let name = |s: &str| Some(Named::Name(s.into()));
        assert_eq!(parse("127.0.0.1"), ip("127.0.0.1"));
        assert_eq!(parse("127.0.0.1:1111"), ip("127.0.0.1"));
        assert_eq!(parse("[::1]:1111"), ip("::1"));
        assert_eq!(parse("[::1]"), ip("::1"));
        assert_eq!(parse("LocalHost.:80"), name("localhost"));
        assert_eq!(parse("localhost:"), name("localhost"));
        for bad in [
            "",
            ":80",
            "[::1",
            "[::1]x",
            "[nope]",
            "::1",
            "a:b",
            "a:99999",
            "a b",
            "a@b",
            "a/b",
            ".",
            "127.0.0.1:-1",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn loopback_serves_loopback_names_only() {
        let hosts = Hosts::new("127.0.0.1:1111".parse().unwrap(), "127.0.0.1");
        for ok in [
            "localhost",
            "localhost:1111",
            "127.0.0.1",
            "127.9.8.7:1",
            "[::1]:2",
            "[::ffff:127.0.0.1]",
        ] {
            assert_eq!(status(&hosts, ok), 200, "{ok}");
        }
        for misdirected in [
            "evil.example",
            "127.0.0.1.nip.io",
            "10.0.0.1",
            "[::2]",
            "localhost.evil",
        ] {
            assert_eq!(status(&hosts, misdirected), 421, "{misdirected}");
        }
        assert_eq!(status(&hosts, "a b"), 400);
        assert_eq!(hosts.refusal(&[], true).map(|r| r.0), Some(400));
        assert_eq!(hosts.refusal(&[], false), None, "HTTP/1.0 may leave it out");
        assert_eq!(
            hosts
                .refusal(&["localhost", "localhost"], true)
                .map(|r| r.0),
            Some(400)
        );
    }

    #[test]
    fn the_bound_address_and_the_bind_name_are_served() {
        let hosts = Hosts::new("192.0.2.7:1111".parse().unwrap(), "preview.lan");
        assert_eq!(status(&hosts, "192.0.2.7:1111"), 200);
        assert_eq!(status(&hosts, "Preview.LAN"), 200);
        assert_eq!(status(&hosts, "localhost"), 200);
        assert_eq!(status(&hosts, "192.0.2.8"), 421);
        let (_, body) = hosts.refusal(&["evil.example"], true).unwrap();
        assert!(body.contains(", 192.0.2.7, preview.lan,"), "{body}");
        assert!(body.contains("open http://192.0.2.7:1111/"), "{body}");
    }

    #[test]
    fn an_unspecified_address_serves_every_ip_but_no_other_name() {
        for (bound, open) in [("0.0.0.0", "127.0.0.1"), ("::", "[::1]")] {
            let ip: IpAddr = bound.parse().unwrap();
            let hosts = Hosts::new(SocketAddr::new(ip, 1111), bound);
            for ok in ["192.0.2.7", "[2001:db8::1]:1111", "localhost", "127.0.0.1"] {
                assert_eq!(status(&hosts, ok), 200, "{bound}: {ok}");
            }
            assert_eq!(status(&hosts, "my-laptop.local"), 421, "{bound}");
            let (_, body) = hosts.refusal(&["my-laptop.local"], true).unwrap();
            assert!(body.contains("[::1], any IP address,"), "{body}");
            assert!(
                body.contains(&format!("open http://{open}:1111/")),
                "{body}"
            );
        }
    }
}
