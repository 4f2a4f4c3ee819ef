//! A small JSON writer for the hot path (every `update`): literal keys, integers, enum names
//! and user strings escaped a word at a time, byte for byte what serde_json writes.

use serde::Serialize;
use serde::ser::{self, Impossible};

/// A value that writes its own JSON (the hot path's way round serde's per-field machinery).
pub trait WriteJson {
    fn write_json(&self, w: &mut JsonWriter<'_>);
}

/// Appends JSON to a buffer. The caller writes the structure (keys and punctuation) as
/// literal text; values go through the methods here. Only `str`s (cut, if at all, beside
/// ASCII bytes) and ASCII are ever appended, so the buffer stays valid UTF-8.
pub struct JsonWriter<'a> {
    out: &'a mut Vec<u8>,
    /// The first error of a value written through serde (events, or an enum that is not a
    /// plain unit variant), kept so that the many infallible writes need no `?`.
    error: Option<serde_json::Error>,
}

impl<'a> JsonWriter<'a> {
    pub fn new(out: &'a mut Vec<u8>) -> JsonWriter<'a> {
        JsonWriter { out, error: None }
    }

    /// Done: the first serde error, if any (the buffer then holds no usable JSON).
    pub fn finish(self) -> serde_json::Result<()> {
        self.error.map_or(Ok(()), Err)
    }

    /// Literal JSON text: keys, punctuation (the caller vouches that it is JSON).
    #[inline]
    pub fn raw(&mut self, json: &str) {
        self.out.extend_from_slice(json.as_bytes());
    }

    /// Most numbers in a snapshot (ids, counts) have one or two digits: those are written
    /// in place; the rest by itoa, serde_json's own formatter, so the digits are its digits.
    #[inline]
    pub fn int(&mut self, n: impl Into<u64>) {
        let n: u64 = n.into();
        if n < 10 {
            self.out.push(b'0' + n as u8);
        } else if n < 100 {
            self.out
                .extend_from_slice(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
        } else {
            self.out
                .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        }
    }

    #[inline]
    pub fn opt_int(&mut self, n: Option<impl Into<u64>>) {
        match n {
            Some(n) => self.int(n),
            None => self.null(),
        }
    }

    #[inline]
    pub fn bool(&mut self, b: bool) {
        self.raw(if b { "true" } else { "false" });
    }

    #[inline]
    pub fn null(&mut self) {
        self.raw("null");
    }

    #[inline]
    pub fn str(&mut self, s: &str) {
        escape_str(self.out, s);
    }

    #[inline]
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.null(),
        }
    }

    /// A unit enum variant, under the name its own `Serialize` gives it (serde's
    /// `rename_all` stays the one source of the wire names); anything else through serde.
    #[inline]
    pub fn variant<T: Serialize>(&mut self, value: &T) {
        match value.serialize(VariantName) {
            Ok(name) => self.str(name),
            Err(NotAUnitVariant) => self.serde(value),
        }
    }

    /// Any value, through serde_json (for what is small or rare).
    pub fn serde<T: Serialize + ?Sized>(&mut self, value: &T) {
        if let Err(e) = serde_json::to_writer(&mut *self.out, value) {
            self.error.get_or_insert(e);
        }
    }

    /// An array: `each` writes one element.
    #[inline]
    pub fn seq<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut each: impl FnMut(&mut Self, T),
    ) {
        self.out.push(b'[');
        let mut first = true;
        for item in items {
            if !first {
                self.out.push(b',');
            }
            first = false;
            each(self, item);
        }
        self.out.push(b']');
    }
}

/// Appends `s` as a JSON string, quotes included, escaped exactly as serde_json does it:
/// `\"`, `\\`, `\b`, `\t`, `\n`, `\f`, `\r`, other control bytes as `\u00xx`, the rest as is.
pub fn escape_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // `bytes[start..]` is not written yet.
    let mut start = 0;
    while let Some(at) = find_special(&bytes[start..]).map(|i| start + i) {
        // Special bytes are ASCII, so every cut falls between whole characters.
        out.extend_from_slice(&bytes[start..at]);
        escape_byte(out, bytes[at]);
        start = at + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// For each byte of `word`, its high bit set if the byte needs escaping; exact for the
/// lowest such byte (a borrow can only raise false flags above a true one).
#[inline]
fn special_mask(word: u64) -> u64 {
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (below_space | quote | backslash) & HIGHS
}

/// The index of the first byte that needs escaping, eight bytes at a time.
#[inline]
fn find_special(bytes: &[u8]) -> Option<usize> {
    let first_flagged = |mask: u64| (mask.trailing_zeros() / 8) as usize;
    let mut rest = bytes;
    let mut offset = 0;
    while let Some((word, after)) = rest.split_first_chunk::<8>() {
        let mask = special_mask(u64::from_le_bytes(*word));
        if mask != 0 {
            // Little-endian: the lowest flagged byte is the first in the text.
            return Some(offset + first_flagged(mask));
        }
        offset += 8;
        rest = after;
    }
    if rest.is_empty() {
        return None;
    }
    match bytes.split_last_chunk::<8>() {
        // The last eight bytes as one word: those it shares with words already read are
        // clean, so they raise no flag (a slice copy into a padded word would cost a call).
        Some((_, last)) => {
            let mask = special_mask(u64::from_le_bytes(*last));
            (mask != 0).then(|| bytes.len() - 8 + first_flagged(mask))
        }
        None => rest
            .iter()
            .position(|&b| b < 0x20 || b == b'"' || b == b'\\'),
    }
}

#[cold]
fn escape_byte(out: &mut Vec<u8>, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        b'\t' => b't',
        b'\n' => b'n',
        0x0c => b'f',
        b'\r' => b'r',
        _ => {
            let hex = [HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xf)]];
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', hex[0], hex[1]]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

/// A serializer that only answers a unit variant's name (the `&'static str` serde's derive
/// hands over), so the name costs a jump table, not a trip through serde_json.
struct VariantName;

#[derive(Debug)]
struct NotAUnitVariant;

impl std::fmt::Display for NotAUnitVariant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a unit variant")
    }
}

impl std::error::Error for NotAUnitVariant {}

impl ser::Error for NotAUnitVariant {
    fn custom<T: std::fmt::Display>(_msg: T) -> Self {
        NotAUnitVariant
    }
}

/// The serializer methods `VariantName` refuses.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*);)*) => {
        $(
            fn $method(self, $(_: $arg),*) -> Result<&'static str, NotAUnitVariant> {
                Err(NotAUnitVariant)
            }
        )*
    };
}

impl ser::Serializer for VariantName {
    type Ok = &'static str;
    type Error = NotAUnitVariant;
    type SerializeSeq = Impossible<&'static str, NotAUnitVariant>;
    type SerializeTuple = Impossible<&'static str, NotAUnitVariant>;
    type SerializeTupleStruct = Impossible<&'static str, NotAUnitVariant>;
    type SerializeTupleVariant = Impossible<&'static str, NotAUnitVariant>;
    type SerializeMap = Impossible<&'static str, NotAUnitVariant>;
    type SerializeStruct = Impossible<&'static str, NotAUnitVariant>;
    type SerializeStructVariant = Impossible<&'static str, NotAUnitVariant>;

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<&'static str, NotAUnitVariant> {
        Ok(variant)
    }

    refuse! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<&'static str, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<&'static str, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<&'static str, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Self::Error> {
        Err(NotAUnitVariant)
    }
}

#[cfg(test)]
mod tests {
    use hotseat_protocol::snapshot::{HotSeatOutcome, PauseReason, QuestionStatus, TimerScope};
    use hotseat_protocol::{Phase, QuestionKind, ReportStatus, Role, SeatId, TurnKind};
    use proptest::prelude::*;

    use super::*;

    fn escaped(s: &str) -> String {
        let mut out = Vec::new();
        escape_str(&mut out, s);
        String::from_utf8(out).expect("valid UTF-8")
    }

    fn assert_as_serde(s: &str) {
        assert_eq!(escaped(s), serde_json::to_string(s).unwrap(), "{s:?}");
    }

    #[test]
    fn every_ascii_byte_alone_and_in_company_is_escaped_as_serde_does() {
        for byte in 0u8..=0x7f {
            let c = char::from(byte);
            assert_as_serde(&c.to_string());
            assert_as_serde(&format!("ab{c}cd{c}{c}efghijklmnop{c}"));
        }
    }

    #[test]
    fn tricky_strings_are_escaped_as_serde_does() {
        let all_controls: String = (0u8..0x20).map(char::from).collect();
        let long = "The quick brown fox, \"quoted\", back\\slashed.\n".repeat(200);
        for s in [
            "",
            "plain",
            "\"",
            "\\",
            "\\\"",
            "\"\"\"\"\"\"\"\"\"",
            &all_controls,
            "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}",
            "Zoë «quotes» — ‘curly’ 你好 \u{1F600}\u{202e}",
            "\u{2028}\u{2029}",
            "é\"é\\é\né",
            &long,
        ] {
            assert_as_serde(s);
        }
    }

    #[test]
    fn a_special_byte_is_found_at_every_offset_of_a_word_and_its_tail() {
        let specials = ["\"", "\\", "\u{0}", "\u{1f}", "\n", "\u{8}"];
        for len in 0..=24 {
            for at in 0..len {
                for special in specials {
                    // Neighbours just beside the specials' values, and multibyte text.
                    for fill in ["a", "!", "#", "[", "]", " ", "é"] {
                        let mut s: Vec<String> = vec![fill.to_owned(); len];
                        s[at] = special.to_owned();
                        assert_as_serde(&s.concat());
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn any_string_is_escaped_as_serde_does(s in any::<String>()) {
            prop_assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap());
        }

        #[test]
        fn any_string_of_ascii_and_controls_is_escaped_as_serde_does(
            s in "[\\x00-\\x7f]{0,40}"
        ) {
            prop_assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap());
        }

        #[test]
        fn integers_are_written_as_serde_does(a in any::<u64>(), b in any::<u32>()) {
            prop_assert_eq!(written(|w| w.int(a)), serde_json::to_string(&a).unwrap());
            prop_assert_eq!(written(|w| w.int(b)), serde_json::to_string(&b).unwrap());
        }
    }

    #[test]
    fn short_and_long_numbers_are_written_as_serde_does() {
        let edges = [u64::from(u32::MAX), u64::MAX - 1, u64::MAX];
        for n in (0..=10_000u64).chain(edges) {
            assert_eq!(written(|w| w.int(n)), serde_json::to_string(&n).unwrap());
        }
        assert_eq!(written(|w| w.int(u32::MAX)), u32::MAX.to_string());
    }

    fn written(write: impl FnOnce(&mut JsonWriter<'_>)) -> String {
        let mut out = Vec::new();
        let mut w = JsonWriter::new(&mut out);
        write(&mut w);
        w.finish().expect("no serde error");
        String::from_utf8(out).expect("valid UTF-8")
    }

    fn assert_as_serde_writes<T: Serialize>(value: &T) {
        assert_eq!(
            written(|w| w.variant(value)),
            serde_json::to_string(value).unwrap()
        );
    }

    fn assert_variants<T: Serialize>(values: &[T]) {
        values.iter().for_each(assert_as_serde_writes);
    }

    #[test]
    fn enum_values_carry_serdes_names() {
        use Phase::*;
        assert_variants(&[
            Lobby, Opening, CheckIn, Presenting, Questions, Learnings, Commitment, Closing, Ended,
        ]);
        assert_variants(&[Role::Facilitator, Role::Member]);
        assert_variants(&[
            TurnKind::CheckIn,
            TurnKind::Presenting,
            TurnKind::Asking,
            TurnKind::Answering,
            TurnKind::Learning,
            TurnKind::Committing,
        ]);
        assert_variants(&[
            ReportStatus::Done,
            ReportStatus::Partly,
            ReportStatus::NotDone,
        ]);
        assert_variants(&[
            QuestionKind::Open,
            QuestionKind::Closed,
            QuestionKind::Advice,
        ]);
        assert_variants(&[
            QuestionStatus::Asked,
            QuestionStatus::Answered,
            QuestionStatus::Noted,
            QuestionStatus::SetAside,
        ]);
        assert_variants(&[
            HotSeatOutcome::Committed,
            HotSeatOutcome::InsightOnly,
            HotSeatOutcome::Skipped,
            HotSeatOutcome::Unfinished,
        ]);
        assert_variants(&[TimerScope::Phase, TimerScope::Turn]);
        assert_variants(&[PauseReason::Facilitator, PauseReason::FloorAway]);
    }

    #[test]
    fn what_is_not_a_unit_variant_goes_through_serde() {
        #[derive(Serialize)]
        #[serde(tag = "type", rename_all = "snake_case")]
        enum Tagged {
            Unit,
        }
        #[derive(Serialize)]
        enum Newtype {
            Seat(SeatId),
        }
        assert_as_serde_writes(&Tagged::Unit);
        assert_as_serde_writes(&Newtype::Seat(SeatId(7)));
        assert_as_serde_writes(&Some(Role::Member));
        assert_as_serde_writes(&None::<Role>);
        assert_as_serde_writes(&"text \"quoted\"");
    }

    #[test]
    fn values_and_arrays_are_written_as_serde_does() {
        let names = ["Ana", "B\"o", ""];
        let json = written(|w| {
            w.raw("[");
            w.bool(true);
            w.raw(",");
            w.bool(false);
            w.raw(",");
            w.opt_int(None::<u32>);
            w.raw(",");
            w.opt_int(Some(0u64));
            w.raw(",");
            w.opt_str(None);
            w.raw(",");
            w.opt_str(Some("x\ty"));
            w.raw(",");
            w.seq(names, |w, n| w.str(n));
            w.raw(",");
            w.seq(Vec::<u32>::new(), |w, n| w.int(n));
            w.raw(",");
            w.serde(&[SeatId(1), SeatId(2)]);
            w.raw("]");
        });
        let expected = serde_json::to_string(&(
            true,
            false,
            None::<u32>,
            Some(0u64),
            None::<&str>,
            Some("x\ty"),
            names,
            Vec::<u32>::new(),
            [SeatId(1), SeatId(2)],
        ))
        .unwrap();
        assert_eq!(json, expected);
    }

    #[test]
    fn a_serde_error_is_reported_by_finish() {
        struct Fails;
        impl Serialize for Fails {
            fn serialize<S: ser::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(ser::Error::custom("no"))
            }
        }
        let mut out = Vec::new();
        let mut w = JsonWriter::new(&mut out);
        w.variant(&Fails);
        w.int(1u8);
        assert!(w.finish().is_err());
    }
}
