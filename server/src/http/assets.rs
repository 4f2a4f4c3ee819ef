//! The embedded browser client's files, compressed once (brotli and gzip) and served in the
//! encoding the browser accepts, with an `ETag`, so a reload transfers only what changed.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{LazyLock, OnceLock};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use rust_embed::RustEmbed;
use sha2::{Digest, Sha256};

#[derive(RustEmbed)]
#[folder = "../web-client/"]
#[include = "*.html"]
#[include = "assets/*"]
struct Client;

/// One file in each encoding worth keeping.
struct Asset {
    mime: &'static str,
    /// A hash of the content: the same file gives the same tag after every restart.
    tag: String,
    identity: Bytes,
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
}

/// How a response body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Brotli,
    Gzip,
}

impl Encoding {
    fn suffix(self) -> &'static str {
        match self {
            Encoding::Identity => "",
            Encoding::Brotli => "-br",
            Encoding::Gzip => "-gz",
        }
    }
}

/// Every file's path; each is read and compressed once, when first asked for (a few
/// milliseconds per file at brotli's best level in a release build).
static ASSETS: LazyLock<HashMap<String, OnceLock<Option<Asset>>>> = LazyLock::new(|| {
    Client::iter()
        .map(|path| (path.to_string(), OnceLock::new()))
        .collect()
});

fn asset(path: &str) -> Option<&'static Asset> {
    ASSETS
        .get(path)?
        .get_or_init(|| Client::get(path).map(|file| Asset::new(path, file.data.into_owned())))
        .as_ref()
}

impl Asset {
    fn new(path: &str, data: Vec<u8>) -> Asset {
        let mime = mime_of(path);
        let digest = Sha256::digest(&data);
        let tag = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        let text = !matches!(mime, "image/png" | "audio/wav" | "application/octet-stream");
        // Keep a compressed form only where it is smaller.
        let smaller = |packed: Vec<u8>| (packed.len() < data.len()).then(|| Bytes::from(packed));
        let (brotli, gzip) = if text {
            (smaller(brotli(&data)), smaller(gzip(&data)))
        } else {
            (None, None)
        };
        Asset {
            mime,
            tag,
            identity: Bytes::from(data),
            brotli,
            gzip,
        }
    }

    fn etag(&self, encoding: Encoding) -> String {
        format!("\"{}{}\"", self.tag, encoding.suffix())
    }

    fn body(&self, encoding: Encoding) -> &Bytes {
        match encoding {
            Encoding::Brotli => self.brotli.as_ref().unwrap_or(&self.identity),
            Encoding::Gzip => self.gzip.as_ref().unwrap_or(&self.identity),
            Encoding::Identity => &self.identity,
        }
    }
}

/// The file at `path` for a request with these headers: 200 in the best accepted encoding,
/// 304 when the browser already holds this version, 404 when there is no such file.
/// The caller adds the headers every page and file carries (security, caching).
pub fn respond(path: &str, request: &HeaderMap) -> Response {
    let Some(asset) = asset(path) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let accepted = request
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let encoding = choose(accepted, asset.brotli.is_some(), asset.gzip.is_some());
    let etag = asset.etag(encoding);
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|held| matches_tag(held, &asset.tag));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Response::new(Body::from(asset.body(encoding).clone()))
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.mime));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if !fresh {
        match encoding {
            Encoding::Brotli if asset.brotli.is_some() => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            }
            Encoding::Gzip if asset.gzip.is_some() => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
            _ => {}
        }
    }
    response
}

/// The best encoding the `Accept-Encoding` value allows (RFC 9110 §12.5.3): brotli, then
/// gzip, else the file as it is. A coding with `q=0` is refused.
pub fn choose(accepted: &str, have_brotli: bool, have_gzip: bool) -> Encoding {
    // Each coding's verdict when the value names it; `*` speaks for the others.
    let mut brotli = None;
    let mut gzip = None;
    let mut star = false;
    for item in accepted.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").map(str::trim))
            .filter_map(|q| q.parse::<f32>().ok())
            .next()
            .unwrap_or(1.0);
        let ok = q > 0.0;
        match coding.as_str() {
            "br" => brotli = Some(ok),
            "gzip" | "x-gzip" => gzip = Some(ok),
            "*" => star = ok,
            _ => {}
        }
    }
    if have_brotli && brotli.unwrap_or(star) {
        Encoding::Brotli
    } else if have_gzip && gzip.unwrap_or(star) {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// Whether an `If-None-Match` value names this content, in any of its encodings (the weak
/// comparison RFC 9110 §13.1.2 asks for).
fn matches_tag(held: &str, tag: &str) -> bool {
    held.split(',').any(|item| {
        let item = item.trim();
        if item == "*" {
            return true;
        }
        let item = item.strip_prefix("W/").unwrap_or(item).trim_matches('"');
        let item = ["-br", "-gz"]
            .iter()
            .find_map(|suffix| item.strip_suffix(suffix))
            .unwrap_or(item);
        item == tag
    })
}

fn mime_of(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        Some("wav") => "audio/wav",
        _ => "application/octet-stream",
    }
}

fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 3);
    {
        // Quality 11, window 22: the smallest files; done once per start.
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        let _ = writer.write_all(data);
    }
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_accepted_encoding_is_chosen() {
        let chrome = "gzip, deflate, br, zstd";
        assert_eq!(choose(chrome, true, true), Encoding::Brotli);
        assert_eq!(choose(chrome, false, true), Encoding::Gzip);
        assert_eq!(choose("gzip", true, true), Encoding::Gzip);
        assert_eq!(choose("br;q=0, gzip", true, true), Encoding::Gzip);
        assert_eq!(choose("br;q=0, gzip;q=0", true, true), Encoding::Identity);
        assert_eq!(choose("", true, true), Encoding::Identity);
        assert_eq!(choose("identity", true, true), Encoding::Identity);
        assert_eq!(choose("*", true, true), Encoding::Brotli);
        assert_eq!(choose("*, br;q=0", true, true), Encoding::Gzip);
    }

    #[test]
    fn a_held_tag_matches_in_any_encoding() {
        assert!(matches_tag("\"abc\"", "abc"));
        assert!(matches_tag("\"abc-br\"", "abc"));
        assert!(matches_tag("W/\"abc-gz\"", "abc"));
        assert!(matches_tag("\"x\", \"abc\"", "abc"));
        assert!(matches_tag("*", "abc"));
        assert!(!matches_tag("\"abd\"", "abc"));
        assert!(!matches_tag("", "abc"));
    }

    #[test]
    fn every_text_file_is_smaller_compressed_and_unpacks_to_itself() {
        for path in ASSETS.keys() {
            let asset = super::asset(path).expect(path);
            if asset.mime.starts_with("text/") {
                let packed = asset.brotli.as_ref().expect(path);
                let mut unpacked = Vec::new();
                brotli::BrotliDecompress(&mut &packed[..], &mut unpacked).expect(path);
                assert_eq!(unpacked, asset.identity, "{path}");
                let packed = asset.gzip.as_ref().expect(path);
                let mut unpacked = Vec::new();
                std::io::copy(
                    &mut flate2::read::GzDecoder::new(&packed[..]),
                    &mut unpacked,
                )
                .expect(path);
                assert_eq!(unpacked, asset.identity, "{path}");
            }
        }
    }
}
