//! Unguessable identifiers and secrets: room ids (128 random bits), facilitator secrets and
//! seat tokens (256 random bits), compared in constant time and never printed.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use subtle::ConstantTimeEq;

/// `n` bytes from the operating system's random source, URL-safe base64 without padding.
fn random_text<const N: usize>() -> String {
    let mut bytes = [0u8; N];
    // The OS random source failing is not recoverable: a guessable secret is worse than none.
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A new room id: 128 random bits (22 characters). Not a secret on its own: it is the
/// members' link. It is never guessable.
pub fn room_id() -> String {
    random_text::<16>()
}

/// True for strings shaped like a room id (so junk never reaches a map lookup or a log).
pub fn looks_like_room_id(s: &str) -> bool {
    s.len() == 22
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A facilitator secret or seat token: 256 random bits.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn generate() -> Secret {
        Secret(random_text::<32>())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// A short, non-reversible tag for a room id, for logs: enough to follow one room, not
/// enough to join it.
pub fn log_tag(room_id: &str) -> &str {
    room_id.get(..6).unwrap_or("?")
}

/// SHA-256 of a secret or token: what storage keeps instead of the secret itself. Tokens
/// carry 256 random bits, so a fast hash is enough: nothing here can be guessed to invert.
pub fn hash(token: &str) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(token.as_bytes()).into()
}

/// Whether `candidate` is the token behind `stored`, compared in constant time.
pub fn hash_matches(stored: &[u8; 32], candidate: &str) -> bool {
    hashes_match(stored, &hash(candidate))
}

/// Two hashes compared in constant time (for checking one candidate against many seats).
pub fn hashes_match(stored: &[u8; 32], candidate: &[u8; 32]) -> bool {
    candidate.ct_eq(stored).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_secrets_are_long_random_and_distinct() {
        let a = room_id();
        assert_eq!(a.len(), 22, "128 bits in base64url");
        assert!(looks_like_room_id(&a));
        assert_ne!(a, room_id());
        let s = Secret::generate();
        assert_eq!(s.expose().len(), 43, "256 bits in base64url");
        assert!(hash_matches(&hash(s.expose()), s.expose()));
        assert!(!hash_matches(
            &hash(s.expose()),
            Secret::generate().expose()
        ));
        assert!(!hash_matches(&hash(s.expose()), ""));
        assert_eq!(format!("{s:?}"), "Secret(..)");
        let stored = hash(s.expose());
        assert!(hash_matches(&stored, s.expose()));
        assert!(!hash_matches(&stored, "guess"));
    }

    #[test]
    fn junk_is_not_a_room_id() {
        assert!(!looks_like_room_id("../../etc/passwd"));
        assert!(!looks_like_room_id(""));
        assert!(!looks_like_room_id("aaaaaaaaaaaaaaaaaaaaa!"));
    }
}
