//! Strictness the derives cannot express: unit variants of an internally tagged enum that
//! refuse extra fields, and an enum's wire names read from its own `Deserialize`.
//!
//! serde's `deny_unknown_fields` covers struct variants only: a unit variant of an internally
//! tagged enum ignores whatever else its object holds. `#[serde(deserialize_with =
//! "crate::strict::no_fields")]` on such a variant makes it an empty struct on the way in,
//! while its Rust shape and its JSON stay the same.

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer};

/// Deserializes a unit variant's (absent) fields: an object with no key but the tag.
pub(crate) fn no_fields<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(), D::Error> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct NoFields {}
    NoFields::deserialize(deserializer).map(|NoFields {}| ())
}

/// The wire names of the `type` tag of the internally tagged enum `T`, in declaration order,
/// as its derived `Deserialize` knows them (so a new variant is never missing from a list).
pub fn tag_names<T: DeserializeOwned>() -> &'static [&'static str] {
    // A tag no variant has: the derive answers with its list of expected names.
    let probe = [("type", "\u{0}")];
    let deserializer = de::value::MapDeserializer::<_, NameList>::new(probe.into_iter());
    match T::deserialize(deserializer) {
        Err(NameList(Some(names))) => names,
        _ => &[],
    }
}

/// An error that keeps only the variant names an `unknown_variant` error expects.
#[derive(Debug)]
struct NameList(Option<&'static [&'static str]>);

impl std::fmt::Display for NameList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a variant")
    }
}

impl std::error::Error for NameList {}

impl de::Error for NameList {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        NameList(None)
    }

    fn unknown_variant(_: &str, expected: &'static [&'static str]) -> Self {
        NameList(Some(expected))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ClientMessage, Command};

    #[test]
    fn tag_names_come_from_the_types() {
        assert_eq!(
            tag_names::<ClientMessage>(),
            ["hello", "act", "check_question", "sync"]
        );
        let commands = tag_names::<Command>();
        assert_eq!(commands.len(), 29);
        assert_eq!(commands.first(), Some(&"acknowledge_norms"));
        assert!(commands.contains(&"lower_hand") && commands.contains(&"set_schedule"));
    }

    #[test]
    fn unit_variants_refuse_extra_fields_and_keep_their_wire_form() {
        for text in [
            r#"{"type":"start","x":1}"#,
            r#"{"type":"lower_hand","x":null}"#,
            r#"{"type":"advance","type2":"back"}"#,
        ] {
            assert!(serde_json::from_str::<Command>(text).is_err(), "{text}");
        }
        assert_eq!(
            serde_json::from_str::<Command>(r#"{"type":"start"}"#).unwrap(),
            Command::Start
        );
        assert_eq!(
            serde_json::to_string(&Command::LowerHand).unwrap(),
            r#"{"type":"lower_hand"}"#
        );
        assert!(serde_json::from_str::<ClientMessage>(r#"{"type":"sync","x":1}"#).is_err());
        assert_eq!(
            serde_json::from_str::<ClientMessage>(r#"{"type":"sync"}"#).unwrap(),
            ClientMessage::Sync
        );
    }
}
