//! Fetching one web address: http and https only, redirects followed, the
//! whole request within a time limit and the body within a size limit, and
//! every failure said in words a user can act on.

use std::io;
use std::time::Duration;

use ureq::ResponseExt as _;
use ureq::http::{StatusCode, Uri};

/// Limits on one fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchOptions {
    /// The whole request: connecting, redirects and reading the body.
    pub timeout: Duration,
    /// The largest body read; a larger one is refused, not cut.
    pub max_bytes: u64,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(20),
            max_bytes: 16 << 20,
        }
    }
}

/// What a fetch brought back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// The address answered from, after redirects.
    pub final_url: String,
    /// The `Content-Type` header as sent, when there was one.
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// The most redirects followed before giving up.
pub const MAX_REDIRECTS: u32 = 10;

/// Why a fetch failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("not a web address: {0}")]
    BadUrl(String),
    #[error("only http:// and https:// addresses can be fetched, not {0}")]
    Scheme(String),
    #[error("timed out after {}", seconds(.0))]
    Timeout(Duration),
    #[error("the server answered {}", status_text(*.0))]
    Status(u16),
    #[error("TLS error: {0}")]
    Tls(String),
    #[error("cannot connect to {host}: the name was not found (DNS)")]
    Dns { host: String },
    #[error("cannot connect to {host}: {reason}")]
    Connect { host: String, reason: String },
    #[error("more than {MAX_REDIRECTS} redirects")]
    TooManyRedirects,
    #[error("the answer is larger than the {limit} byte limit")]
    TooLarge { limit: u64 },
    #[error("the server's answer could not be read: {0}")]
    Protocol(String),
    #[error("reading the answer failed: {0}")]
    Io(#[source] io::Error),
}

/// "20 s", "1.5 s".
fn seconds(d: &Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// "404 Not Found"; the bare number for a code with no standard reason.
fn status_text(code: u16) -> String {
    match StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("{code} {reason}"),
        None => code.to_string(),
    }
}

/// The scheme of `url` in lowercase, when it has one (`scheme://…`).
pub(super) fn scheme_of(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once("://")?;
    let ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then(|| scheme.to_ascii_lowercase())
}

/// `url` with the characters an address may not hold as they are (spaces,
/// controls, anything not ASCII) percent-encoded as UTF-8, as a browser
/// sends them: addresses copied from an address bar often carry them. The
/// host is left as it is (a name in another script is refused, not
/// converted).
fn percent_encode_path(url: &str) -> String {
    let host_end = url
        .find("://")
        .map(|at| at + 3)
        .and_then(|start| url[start..].find(['/', '?', '#']).map(|end| start + end))
        .unwrap_or(url.len());
    let (head, tail) = url.split_at(host_end);
    let mut out = String::with_capacity(url.len());
    out.push_str(head);
    for c in tail.chars() {
        if c.is_ascii_graphic() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Fetches `url` (http or https) within the limits of `opts`.
pub fn fetch(url: &str, opts: &FetchOptions) -> Result<Fetched, FetchError> {
    let url = url.trim();
    match scheme_of(url).as_deref() {
        Some("http" | "https") => {}
        Some(other) => return Err(FetchError::Scheme(format!("{other}://"))),
        None => return Err(FetchError::BadUrl(url.to_owned())),
    }
    let uri: Uri = percent_encode_path(url)
        .parse()
        .map_err(|e| FetchError::BadUrl(format!("{url} ({e})")))?;
    let host = uri.host().unwrap_or(url).to_owned();
    if host.is_empty() {
        return Err(FetchError::BadUrl(url.to_owned()));
    }
    let mapped = |e| map_error(e, &host, opts);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .max_redirects(MAX_REDIRECTS)
        .user_agent(concat!("crosscheck/", env!("CARGO_PKG_VERSION")))
        .accept("text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.5")
        .build()
        .into();
    let mut response = agent.get(uri).call().map_err(mapped)?;
    let final_url = response.get_uri().to_string();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    // A body declared too large is refused before a byte of it is read.
    if response
        .body()
        .content_length()
        .is_some_and(|n| n > opts.max_bytes)
    {
        return Err(FetchError::TooLarge {
            limit: opts.max_bytes,
        });
    }
    let bytes = response
        .body_mut()
        .with_config()
        .limit(opts.max_bytes)
        .read_to_vec()
        .map_err(mapped)?;
    Ok(Fetched {
        final_url,
        content_type,
        bytes,
    })
}

fn map_error(e: ureq::Error, host: &str, opts: &FetchOptions) -> FetchError {
    use ureq::Error as E;
    let connect = |reason: String| FetchError::Connect {
        host: host.to_owned(),
        reason,
    };
    match e {
        E::StatusCode(code) => FetchError::Status(code),
        E::Timeout(_) => FetchError::Timeout(opts.timeout),
        E::HostNotFound => FetchError::Dns {
            host: host.to_owned(),
        },
        E::ConnectionFailed => connect("the connection failed".into()),
        E::BadUri(s) => FetchError::BadUrl(s),
        E::Http(e) => FetchError::BadUrl(e.to_string()),
        E::RequireHttpsOnly(s) => FetchError::Scheme(s),
        E::TooManyRedirects => FetchError::TooManyRedirects,
        E::RedirectFailed => FetchError::Protocol("a redirect could not be followed".into()),
        E::BodyExceedsLimit(limit) => FetchError::TooLarge { limit },
        E::Tls(s) => FetchError::Tls(s.to_owned()),
        E::Pem(e) => FetchError::Tls(format!("{e:?}")),
        E::Rustls(e) => FetchError::Tls(e.to_string()),
        E::TlsRequired => FetchError::Tls("the connection is not encrypted".into()),
        E::LargeResponseHeader(..) => FetchError::Protocol("the headers are too large".into()),
        E::Protocol(e) => FetchError::Protocol(e.to_string()),
        E::Decompress(_, e) => FetchError::Protocol(format!("cannot decompress the body: {e}")),
        E::Io(e) => match e.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
                FetchError::Timeout(opts.timeout)
            }
            io::ErrorKind::ConnectionRefused => connect("the connection was refused".into()),
            io::ErrorKind::HostUnreachable | io::ErrorKind::NetworkUnreachable => {
                connect("the host cannot be reached".into())
            }
            io::ErrorKind::AddrNotAvailable | io::ErrorKind::NetworkDown => connect(e.to_string()),
            _ => FetchError::Io(e),
        },
        other => FetchError::Protocol(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_well() {
        assert_eq!(
            FetchError::Timeout(Duration::from_secs(20)).to_string(),
            "timed out after 20 s"
        );
        assert_eq!(
            FetchError::Status(404).to_string(),
            "the server answered 404 Not Found"
        );
        assert_eq!(
            FetchError::Status(599).to_string(),
            "the server answered 599"
        );
        assert_eq!(
            FetchError::Connect {
                host: "example.org".into(),
                reason: "the connection was refused".into()
            }
            .to_string(),
            "cannot connect to example.org: the connection was refused"
        );
    }

    #[test]
    fn schemes_are_checked_before_any_connection() {
        let opts = FetchOptions::default();
        assert!(matches!(
            fetch("ftp://example.org/a", &opts),
            Err(FetchError::Scheme(s)) if s == "ftp://"
        ));
        assert!(matches!(
            fetch("file:///etc/passwd", &opts),
            Err(FetchError::Scheme(_))
        ));
        assert!(matches!(
            fetch("example.org/a", &opts),
            Err(FetchError::BadUrl(_))
        ));
        assert!(matches!(
            fetch("http://", &opts),
            Err(FetchError::BadUrl(_))
        ));
        assert!(matches!(
            fetch("http://exa mple.org/", &opts),
            Err(FetchError::BadUrl(_))
        ));
        assert_eq!(
            percent_encode_path("https://a.example/café au lait?q=é#ç"),
            "https://a.example/caf%C3%A9%20au%20lait?q=%C3%A9#%C3%A7"
        );
        assert_eq!(
            percent_encode_path("https://a.example"),
            "https://a.example"
        );
        assert_eq!(scheme_of("HTTPS://a"), Some("https".into()));
        assert_eq!(scheme_of("://a"), None);
    }
}
