//! The optional creation code (`--create-code`): on a private server, only people who know
//! it can create circles. Never printed; compared in constant time.

use std::str::FromStr;

use crate::secret;

#[derive(Clone)]
pub struct CreateCode([u8; 32]);

/// An empty code would look like a private server and let anyone in: refused at start.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("the creation code is empty; leave it unset for a server where anyone may create circles")]
pub struct EmptyCreateCode;

impl FromStr for CreateCode {
    type Err = EmptyCreateCode;

    fn from_str(code: &str) -> Result<CreateCode, EmptyCreateCode> {
        if code.trim().is_empty() {
            return Err(EmptyCreateCode);
        }
        Ok(CreateCode::new(code))
    }
}

impl CreateCode {
    pub fn new(code: &str) -> CreateCode {
        // Comparing hashes keeps the comparison's time independent of the code's length.
        CreateCode(secret::hash(code.trim()))
    }

    /// Whether `candidate` is the code (surrounding spaces, as pasted, do not count).
    pub fn matches(&self, candidate: &str) -> bool {
        secret::hash_matches(&self.0, candidate.trim())
    }
}

impl std::fmt::Debug for CreateCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CreateCode(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_code_matches_and_it_never_prints() {
        let code = CreateCode::new("sesame 42");
        assert!(code.matches("sesame 42"));
        assert!(code.matches(" sesame 42\n"));
        assert!(!code.matches("sesame 43"));
        assert!(!code.matches(""));
        assert!(!format!("{code:?}").contains("sesame"));
        assert_eq!(" ".parse::<CreateCode>().err(), Some(EmptyCreateCode));
    }
}
