//! Who may talk to the server: only the book's own pages.
//!
//! The server listens on 127.0.0.1, but any website the reader has open can
//! still send requests there, and a site whose name an attacker points at
//! 127.0.0.1 (DNS rebinding) is even same-origin with it. So every request
//! must name the served site in `Host`, any `Origin` it carries must be the
//! site's, and a request that runs code must carry the site's `Origin` (a
//! browser always sends one with a POST). Anything else gets 403.

/// The names the site is served under on `port`.
fn hosts(port: u16) -> [String; 2] {
    [format!("127.0.0.1:{port}"), format!("localhost:{port}")]
}

/// Why a request is refused, or `Ok` when it comes from the site's pages.
/// `host` and `origin` are the request's headers; `runs_code` is true for
/// the runner's endpoints.
pub fn check(
    host: Option<&str>,
    origin: Option<&str>,
    runs_code: bool,
    port: u16,
) -> Result<(), String> {
    let allowed = hosts(port);
    let host = host.unwrap_or_default().trim().to_ascii_lowercase();
    if !allowed.contains(&host) {
        return Err(format!(
            "Host {host:?} is not this server's (127.0.0.1:{port} or localhost:{port})"
        ));
    }
    match origin.map(|origin| origin.trim().to_ascii_lowercase()) {
        Some(origin)
            if !allowed
                .iter()
                .any(|host| origin == format!("http://{host}")) =>
        {
            Err(format!(
                "Origin {origin:?} is another site; only the book's own pages may ask this"
            ))
        }
        None if runs_code => {
            Err("a request to run code must come from the book's pages (no Origin header)".into())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sites_own_requests_pass() {
        let origin = Some("http://127.0.0.1:3000");
        assert_eq!(check(Some("127.0.0.1:3000"), origin, true, 3000), Ok(()));
        assert_eq!(
            check(
                Some("localhost:3000"),
                Some("http://localhost:3000"),
                true,
                3000
            ),
            Ok(())
        );
        // A page or file opened directly carries no Origin.
        assert_eq!(check(Some("127.0.0.1:3000"), None, false, 3000), Ok(()));
    }

    #[test]
    fn a_foreign_host_is_refused_as_dns_rebinding() {
        let origin = Some("http://evil.example:3000");
        assert!(check(Some("evil.example:3000"), origin, false, 3000).is_err());
        assert!(check(Some("127.0.0.1:3001"), None, false, 3000).is_err());
        assert!(check(None, None, false, 3000).is_err());
    }

    #[test]
    fn a_foreign_origin_is_refused() {
        let host = Some("127.0.0.1:3000");
        assert!(check(host, Some("https://evil.example"), true, 3000).is_err());
        assert!(check(host, Some("http://127.0.0.1:3001"), false, 3000).is_err());
        assert!(check(host, Some("null"), true, 3000).is_err());
    }

    #[test]
    fn running_code_needs_an_origin() {
        assert!(check(Some("127.0.0.1:3000"), None, true, 3000).is_err());
    }
}
