//! Why a JSON value did not fit a type, said without the input's text: the position (field
//! names the type declares) and the expected shape, never an unknown name or a value sent.
//!
//! serde's own sentences quote the input (`unknown field `x``, `invalid type: string "…"`),
//! so the value is deserialized again through `ValueDe`, whose error type `Misfit` keeps
//! only what comes from our types (`&'static` field and variant lists, `Expected` texts).

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, IntoDeserializer, Visitor};
use serde_json::{Map, Value};

/// What went wrong, in terms of the target type only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Misfit {
    UnknownField {
        known: &'static [&'static str],
    },
    UnknownVariant {
        known: &'static [&'static str],
    },
    MissingField(&'static str),
    DuplicateField(&'static str),
    /// Wrong type or value; the text says what was expected (from the type, e.g. "a string").
    Expected(String),
    /// A check of the type's own (its message may quote the input, so it is dropped).
    Invalid,
}

impl fmt::Display for Misfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Misfit::UnknownField { .. } => f.write_str("unknown field"),
            Misfit::UnknownVariant { known } => {
                write!(f, "unknown type; expected one of: {}", known.join(", "))
            }
            Misfit::MissingField(field) => write!(f, "missing field `{field}`"),
            Misfit::DuplicateField(field) => write!(f, "duplicate field `{field}`"),
            Misfit::Expected(expected) => write!(f, "expected {expected}"),
            Misfit::Invalid => f.write_str("invalid value"),
        }
    }
}

impl std::error::Error for Misfit {}

impl de::Error for Misfit {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Misfit::Invalid
    }
    fn invalid_type(_: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Misfit::Expected(expected.to_string())
    }
    fn invalid_value(_: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Misfit::Expected(expected.to_string())
    }
    fn invalid_length(_: usize, expected: &dyn de::Expected) -> Self {
        Misfit::Expected(expected.to_string())
    }
    fn unknown_variant(_: &str, known: &'static [&'static str]) -> Self {
        Misfit::UnknownVariant { known }
    }
    fn unknown_field(_: &str, known: &'static [&'static str]) -> Self {
        Misfit::UnknownField { known }
    }
    fn missing_field(field: &'static str) -> Self {
        Misfit::MissingField(field)
    }
    fn duplicate_field(field: &'static str) -> Self {
        Misfit::DuplicateField(field)
    }
}

/// Deserializes `value` as `T`, with a `Misfit` for an error.
pub fn check<T: DeserializeOwned>(value: &Value) -> Result<T, Misfit> {
    T::deserialize(ValueDe(value))
}

/// Deserializes `value` as `T`; on error, also the dotted path of the field at fault
/// (`settings.time_boxes.presenting`, `norms[1]`; empty at the top), made of names `T` declares only.
/// Suits plain structs; an internally tagged enum hides its inner path (see `locate`).
pub fn check_at<T: DeserializeOwned>(value: &Value) -> Result<T, (String, Misfit)> {
    serde_path_to_error::deserialize(ValueDe(value)).map_err(|error| {
        let mut segments: Vec<String> = error
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                serde_path_to_error::Segment::Seq { index } => Some(format!("[{index}]")),
                _ => None,
            })
            .collect();
        let misfit = error.into_inner();
        // An unknown key is the client's text: name the object it is in, not the key.
        if let Misfit::UnknownField { known } = misfit
            && segments
                .last()
                .is_some_and(|key| !known.contains(&key.as_str()))
        {
            segments.pop();
        }
        if let Misfit::MissingField(field) = misfit {
            segments.push(field.to_owned());
        }
        (segments.join(".").replace(".[", "["), misfit)
    })
}

/// A misfit and where: `field` is a field `T` declares (never a key the input made up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub field: Option<&'static str>,
    pub misfit: Misfit,
}

/// Why `object` is not a `T`, and at which of its fields when that can be told: the field
/// whose removal changes the error. Only names from `T`'s own field list are returned.
/// `None` when it fits.
pub fn locate<T: DeserializeOwned>(object: &Value) -> Option<Located> {
    let misfit = check::<T>(object).err()?;
    let field = object.as_object().and_then(|map| {
        let known = known_fields::<T>(map);
        known.iter().copied().find(|field| {
            *field != "type"
                && map.contains_key(*field)
                && check::<T>(&without(map, field)).err().as_ref() != Some(&misfit)
        })
    });
    Some(Located { field, misfit })
}

/// The fields `T` declares for the shape of `map` (its variant, for a tagged enum): an
/// extra key no type declares brings the list with the error.
fn known_fields<T: DeserializeOwned>(map: &Map<String, Value>) -> &'static [&'static str] {
    let mut probe = map.clone();
    // Sorted first (serde_json's map keeps keys in order), so no other problem comes first.
    probe.insert("\u{0}".to_owned(), Value::Null);
    match check::<T>(&Value::Object(probe)) {
        Err(Misfit::UnknownField { known }) => known,
        _ => &[],
    }
}

fn without(map: &Map<String, Value>, field: &str) -> Value {
    let mut map = map.clone();
    map.remove(field);
    Value::Object(map)
}

/// A `Deserializer` over a borrowed JSON value, generic in its error type (serde_json's
/// own is fixed to `serde_json::Error`).
struct ValueDe<'a>(&'a Value);

impl<'a> IntoDeserializer<'a, Misfit> for ValueDe<'a> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for ValueDe<'de> {
    type Error = Misfit;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => {
                let mut seq = de::value::SeqDeserializer::new(items.iter().map(ValueDe));
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Value::Object(map) => {
                let entries = map.iter().map(|(k, v)| (k.as_str(), ValueDe(v)));
                let mut access = de::value::MapDeserializer::new(entries);
                let value = visitor.visit_map(&mut access)?;
                access.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Misfit> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Misfit> {
        match self.0 {
            Value::String(s) => {
                visitor.visit_enum(IntoDeserializer::<Misfit>::into_deserializer(s.as_str()))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use hotseat_protocol::Command;
    use serde_json::json;

    use super::*;

    #[test]
    fn a_misfit_names_the_declared_field_and_the_expected_shape_only() {
        let located = locate::<Command>(&json!({"type": "ask", "text": 5})).unwrap();
        assert_eq!(located.field, Some("text"));
        assert_eq!(located.misfit.to_string(), "expected a string");

        let located = locate::<Command>(&json!({"type": "ask", "text": "Why?", "zqx": 1}));
        let located = located.unwrap();
        assert_eq!(
            (located.field, located.misfit.to_string().as_str()),
            (None, "unknown field")
        );

        let located = locate::<Command>(&json!({"type": "zqdance"})).unwrap();
        assert!(matches!(located.misfit, Misfit::UnknownVariant { .. }));
        assert!(!located.misfit.to_string().contains("zq"));

        let located = locate::<Command>(&json!({"type": "give_floor"})).unwrap();
        assert_eq!(located.misfit, Misfit::MissingField("seat"));
        assert!(locate::<Command>(&json!({"type": "give_floor", "seat": 2})).is_none());
        assert!(locate::<Command>(&json!({"type": "start"})).is_none());
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        inner: Option<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        secs: u32,
    }

    #[test]
    fn a_path_holds_declared_names_only() {
        let at = |value| check_at::<Outer>(&value).unwrap_err();
        let (path, misfit) = at(json!({"name": "a", "inner": {"secs": "zq"}}));
        assert_eq!(
            (path.as_str(), misfit.to_string()),
            ("inner.secs", "expected u32".into())
        );
        let (path, misfit) = at(json!({"name": "a", "inner": {"secs": 1, "zqKey": 1}}));
        assert_eq!(
            (path.as_str(), misfit.to_string()),
            ("inner", "unknown field".into())
        );
        let (path, _) = at(json!({"name": "a", "zqKey": 1}));
        assert_eq!(path, "");
        let (path, _) = at(json!({"inner": null}));
        assert_eq!(path, "name");
    }
}
