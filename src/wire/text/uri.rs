//! URIs as RFC 3986 §3 writes them (`URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]`),
//! for fields whose ABNF imports that rule. The WHATWG URL parser (the `url` crate) is more
//! forgiving than the grammar: it accepts spaces, backslashes, `https:host` without `//` and
//! stray `%`, and repairs them; a field that must be a URI is judged by the grammar instead.
#![forbid(unsafe_code)]

use std::net::Ipv6Addr;

/// The parts of a URI that checks look at, borrowed from the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uri<'a> {
    /// As written (schemes are case-insensitive, §3.1).
    pub scheme: &'a str,
    /// The authority after `//`, when the hier-part has one.
    pub authority: Option<&'a str>,
    /// The path (possibly empty), without query or fragment.
    pub path: &'a str,
}

impl Uri<'_> {
    /// Whether the scheme is `scheme`, compared as §3.1 says (case-insensitively).
    pub fn has_scheme(&self, scheme: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(scheme)
    }
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn is_sub_delim(b: u8) -> bool {
    matches!(
        b,
        b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
    )
}

/// Whether every byte of `s` is allowed by `ok` or starts a `pct-encoded` triplet (§2.1).
pub(crate) fn all_or_pct(s: &str, ok: impl Fn(u8) -> bool) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |j: usize| b.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
        } else if ok(b[i]) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

/// `pchar = unreserved / pct-encoded / sub-delims / ":" / "@"` (§3.3).
fn is_pchar(b: u8) -> bool {
    is_unreserved(b) || is_sub_delim(b) || matches!(b, b':' | b'@')
}

/// `IP-literal = "[" ( IPv6address / IPvFuture ) "]"` without the brackets (§3.2.2).
fn is_ip_literal(inner: &str) -> bool {
    if let Some(future) = inner.strip_prefix(['v', 'V']) {
        // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
        return match future.split_once('.') {
            Some((version, rest)) => {
                !version.is_empty()
                    && version.bytes().all(|b| b.is_ascii_hexdigit())
                    && !rest.is_empty()
                    && rest
                        .bytes()
                        .all(|b| is_unreserved(b) || is_sub_delim(b) || b == b':')
            }
            None => false,
        };
    }
    // The standard library reads exactly RFC 4291 §2.2's text forms, which §3.2.2's
    // IPv6address spells out (no zone identifier: that is RFC 6874's extension).
    inner.parse::<Ipv6Addr>().is_ok()
}

/// The `host` of an authority that [`parse`] accepted: without userinfo and port, an
/// IP-literal with its brackets (§3.2.2).
pub fn host(authority: &str) -> &str {
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    match host_port.find(']') {
        Some(end) if host_port.starts_with('[') => &host_port[..=end],
        _ => host_port.split_once(':').map_or(host_port, |(h, _)| h),
    }
}

/// `authority = [ userinfo "@" ] host [ ":" port ]` (§3.2).
fn is_authority(authority: &str) -> bool {
    let host_port = match authority.split_once('@') {
        Some((userinfo, rest)) => {
            if !all_or_pct(userinfo, |b| {
                is_unreserved(b) || is_sub_delim(b) || b == b':'
            }) {
                return false;
            }
            rest
        }
        None => authority,
    };
    let port = if let Some(literal) = host_port.strip_prefix('[') {
        let Some((inner, after)) = literal.split_once(']') else {
            return false;
        };
        if !is_ip_literal(inner) {
            return false;
        }
        match after.strip_prefix(':') {
            Some(port) => port,
            None if after.is_empty() => "",
            None => return false,
        }
    } else {
        // reg-name = *( unreserved / pct-encoded / sub-delims ), which covers IPv4address.
        let (host, port) = host_port.split_once(':').unwrap_or((host_port, ""));
        if !all_or_pct(host, |b| is_unreserved(b) || is_sub_delim(b)) {
            return false;
        }
        port
    };
    port.bytes().all(|b| b.is_ascii_digit())
}

/// Reads `value` as an RFC 3986 `URI` (absolute, with a scheme; a fragment allowed);
/// `None` when the grammar does not produce it.
pub fn parse(value: &str) -> Option<Uri<'_>> {
    let (scheme, rest) = value.split_once(':')?;
    let mut s = scheme.bytes();
    if !s.next().is_some_and(|b| b.is_ascii_alphabetic())
        || !s.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    {
        return None;
    }
    let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (hier, query) = rest.split_once('?').unwrap_or((rest, ""));
    // query and fragment = *( pchar / "/" / "?" ); a second "#" is not allowed.
    let tail = |b: u8| is_pchar(b) || matches!(b, b'/' | b'?');
    if !all_or_pct(query, tail) || !all_or_pct(fragment, tail) {
        return None;
    }
    let (authority, path) = match hier.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            let (authority, path) = after.split_at(end);
            if !is_authority(authority) {
                return None;
            }
            (Some(authority), path)
        }
        // path-absolute, path-rootless or path-empty: as hier does not start with "//",
        // each is a run of segments of pchar separated by "/".
        None => (None, hier),
    };
    if !all_or_pct(path, |b| is_pchar(b) || b == b'/') {
        return None;
    }
    Some(Uri {
        scheme,
        authority,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn host_of_an_authority() {
        for (authority, want) in [
            ("ca.example", "ca.example"),
            ("user:pw@ca.example:8443", "ca.example"),
            ("[2001:db8::1]:443", "[2001:db8::1]"),
            ("user@", ""),
            (":443", ""),
        ] {
            assert!(
                parse(&format!("https://{authority}/")).is_some(),
                "{authority}"
            );
            assert_eq!(host(authority), want, "{authority}");
        }
    }

    #[test]
    fn uris_of_the_grammar() {
        for ok in [
            "https://example.nl/.well-known/security.txt",
            "HTTPS://Example.NL",
            "https://example.nl",
            "https://example.nl:443/a?b=c#d",
            "https://example.nl:/",
            "https://user:pw@example.nl/",
            "https://[2001:db8::1]/",
            "https://[2001:db8::192.0.2.1]:8443/x",
            "https://[v7.fe80::1]/",
            "https://127.0.0.1/",
            "https://ex%41mple.nl/%20",
            "https://example.nl/a/../b;c=d/",
            "https://example.nl/?q=1?2/3#frag/?",
            "mailto:security@example.nl",
            "mailto:security@example.nl?subject=Kwetsbaarheid%20gevonden",
            "tel:+31-70-1234567",
            "openpgp4fpr:4CA0EB1A7B1D8F20EB390CFC88F76871A19363B5",
            "dns:security.example.nl?type=OPENPGPKEY",
            "urn:ietf:rfc:9116",
            "file:///etc/passwd",
            "x:",
            "a+b-c.d:/path",
            "https:/only-path",
            "https:example.nl",
            "mailto:",
        ] {
            assert!(parse(ok).is_some(), "{ok}");
        }
        for bad in [
            "",
            "security@example.nl",
            "//example.nl/security",
            "/.well-known/security.txt",
            "1http://example.nl/",
            "ht tp://example.nl/",
            "https://exa mple.nl/",
            "https://example.nl/ a",
            "https://example.nl/\\a",
            "https://example.nl/%zz",
            "https://example.nl/%4",
            "https://example.nl/a#b#c",
            "https://example.nl:80a/",
            "https://[2001:db8::1/",
            "https://[2001:db8::g]/",
            "https://[fe80::1%25eth0]/",
            "https://[v.x]/",
            "https://[v7.]/",
            "https://[::1]x/",
            "https://exa[mple.nl/",
            "https://a@b@example.nl/",
            "https://example.nl/<script>",
            "https://example.nl/\"",
            "https://example.nl/{x}",
            "https://voorbeeld.nl/ë",
            "https://bücher.example/",
            "mailto:a@b.nl\t",
            ":no-scheme",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn parts() {
        let u = parse("HTTPS://a.nl:8443/csaf/provider-metadata.json?x#y").unwrap();
        assert!(u.has_scheme("https"));
        assert_eq!(u.authority, Some("a.nl:8443"));
        assert_eq!(u.path, "/csaf/provider-metadata.json");
        let u = parse("mailto:a@b.nl").unwrap();
        assert_eq!((u.scheme, u.authority, u.path), ("mailto", None, "a@b.nl"));
    }

    proptest! {
        #[test]
        fn never_panics(s in ".*") {
            let _ = parse(&s);
        }

        #[test]
        fn https_urls_parse(host in "[a-z0-9-]{1,20}(\\.[a-z0-9-]{1,10}){0,3}", path in "(/[A-Za-z0-9._~!$&'()*+,;=:@-]{0,10}){0,4}") {
            let s = format!("https://{host}{path}");
            prop_assert!(parse(&s).is_some(), "{}", s);
        }
    }
}
