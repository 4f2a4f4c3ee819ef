//! Which web pages may open a WebSocket to this server.
//!
//! Policy: a request with an `Origin` header must name an allowed origin (the public URL's
//! origin, plus any `--allowed-origin`). A request without one is allowed: browsers always
//! send `Origin` on WebSocket upgrades, so its absence means a non-browser client (the load
//! generator, a native app), which no cross-site page can make.

#[derive(Debug, Clone)]
pub struct OriginPolicy {
    allowed: Vec<String>,
}

impl OriginPolicy {
    pub fn new(public_url: &str, extra: &[String]) -> OriginPolicy {
        let mut allowed: Vec<String> = extra.iter().map(|o| normalize(o)).collect();
        allowed.push(normalize(public_url));
        OriginPolicy { allowed }
    }

    pub fn allows(&self, origin: Option<&str>) -> bool {
        match origin {
            None => true,
            Some(origin) => self.allowed.iter().any(|a| *a == normalize(origin)),
        }
    }
}

/// `scheme://host[:port]`, lower case, without a path or trailing slash.
fn normalize(url: &str) -> String {
    let url = url.trim().to_ascii_lowercase();
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url.as_str()));
    let host = rest.split('/').next().unwrap_or("");
    format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_origin_and_listed_ones_pass_others_do_not() {
        let policy = OriginPolicy::new(
            "http://127.0.0.1:8080/",
            &["https://Circle.Example.org".into()],
        );
        assert!(policy.allows(Some("http://127.0.0.1:8080")));
        assert!(policy.allows(Some("https://circle.example.org")));
        assert!(!policy.allows(Some("https://evil.example")));
        assert!(!policy.allows(Some("http://127.0.0.1:9090")));
        assert!(!policy.allows(Some("null")));
        assert!(policy.allows(None), "non-browser clients send no Origin");
    }
}
