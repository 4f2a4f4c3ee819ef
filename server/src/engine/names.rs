//! Display names: what a name may contain, the form it is kept and shown in, and when two
//! names are one (so that nobody can take a name that looks like someone else's).
//!
//! The rule, as `docs/protocol.md` states it:
//! - The name is normalised to NFC; runs of whitespace become one space, the ends are trimmed.
//!   That is the form kept and shown, and its length is counted in Unicode scalar values
//!   (`char`s, what JavaScript's `[...name].length` counts), at most `NAME_MAX_CHARS`.
//! - Refused (`invalid_name`): any control, format, private-use or unassigned character
//!   (general categories Cc, Cf, Co, Cn: bidi overrides and isolates, zero-width characters,
//!   the BOM, tabs and newlines), line and paragraph separators (Zl, Zp), other characters
//!   Unicode lists as default-ignorable (they display as nothing: Hangul fillers, the
//!   combining grapheme joiner), and a name with nothing visible left.
//! - Two names are one (`name_taken`) when their skeletons match: NFKC (full-width and other
//!   compatibility forms), full case folding, whitespace collapsed, then the UTS #39 skeleton
//!   (confusable characters mapped to one prototype). The skeleton is taken twice, with and
//!   without case folding, because folding first hides confusables that differ in case
//!   ("Ivan" written with a lower-case L).

use hotseat_protocol::limits::NAME_MAX_CHARS;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

use super::RuleError;

/// The name as it is kept and shown, or why it cannot be one.
pub fn name(raw: &str) -> Result<String, RuleError> {
    // Checked on every character typed, ends included: a trailing U+2028 is no less hidden.
    if raw.chars().any(is_invisible) {
        return Err(RuleError::InvalidName(
            "a name cannot contain invisible or direction-changing characters",
        ));
    }
    let shown = collapse_whitespace(&raw.nfc().collect::<String>());
    if !shown.chars().any(is_visible) {
        return Err(RuleError::InvalidName(
            "a name needs at least one visible character",
        ));
    }
    if shown.chars().count() > NAME_MAX_CHARS {
        return Err(RuleError::InvalidName("a name is at most 40 characters"));
    }
    Ok(shown)
}

/// Whether two names would read as one name on screen.
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (Sameness::of(a), Sameness::of(b));
    a.folded == b.folded || a.cased == b.cased
}

/// A name's two skeletons: case-folded (so "dara" is "Dara") and as written (so that "I"
/// still stands for "l", which folding would turn into an "i").
struct Sameness {
    folded: String,
    cased: String,
}

impl Sameness {
    fn of(name: &str) -> Sameness {
        let compatible: String = name.nfkc().collect();
        let folded = unicase::UniCase::unicode(compatible.as_str()).to_folded_case();
        Sameness {
            folded: skeleton(&folded),
            cased: skeleton(&compatible),
        }
    }
}

/// The UTS #39 skeleton of the whitespace-collapsed text (its own definition drops the
/// default-ignorable characters and applies NFD before and after mapping).
fn skeleton(text: &str) -> String {
    unicode_security::skeleton(&collapse_whitespace(text)).collect()
}

/// Runs of whitespace (any Unicode White_Space) become one U+0020; the ends are trimmed.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Characters that are invisible, change the text's direction or break the line.
fn is_invisible(c: char) -> bool {
    // Group "Other": Cc, Cf, Co, Cn (and Cs, which a `char` never is).
    c.general_category_group() == GeneralCategoryGroup::Other
        || matches!(
            c.general_category(),
            GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator
        )
        // The Braille blank: a So symbol that draws an empty cell, a trailing one unseen.
        || c == '\u{2800}'
        // Variation selectors are default-ignorable too, but only choose how the character
        // before them is drawn (the emoji "❤️" carries one), and the skeleton ignores them.
        || (!is_variation_selector(c) && is_default_ignorable(c))
}

/// Default_Ignorable_Code_Point, read from the skeleton, which drops exactly these: a single
/// character's skeleton is empty only then (no confusable prototype is empty).
fn is_default_ignorable(c: char) -> bool {
    let mut buffer = [0; 4];
    unicode_security::skeleton(c.encode_utf8(&mut buffer))
        .next()
        .is_none()
}

fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// A character that draws something by itself: not a space, not a mark riding on another
/// character (variation selectors are marks too).
fn is_visible(c: char) -> bool {
    !c.is_whitespace() && c.general_category_group() != GeneralCategoryGroup::Mark
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_composed_trimmed_and_collapsed() {
        assert_eq!(name("  Ana  ").unwrap(), "Ana");
        assert_eq!(name("Ana \u{3000}\u{A0} Bo").unwrap(), "Ana Bo");
        assert_eq!(name("E\u{301}mile").unwrap(), "\u{C9}mile");
        // Compatibility forms are kept as typed: only sameness sees through them.
        assert_eq!(name("\u{FF24}ara").unwrap(), "\u{FF24}ara");
        assert_eq!(
            name("Ana \u{2764}\u{FE0F}").unwrap(),
            "Ana \u{2764}\u{FE0F}"
        );
    }

    #[test]
    fn length_is_counted_in_chars_after_composing() {
        assert_eq!(name(&"e\u{301}".repeat(40)).unwrap(), "\u{E9}".repeat(40));
        assert!(name(&"x".repeat(41)).is_err());
        assert!(name(&format!("{}  {}", "x".repeat(20), "y".repeat(19))).is_ok());
    }

    #[test]
    fn invisible_and_direction_changing_characters_are_refused() {
        for bad in [
            "Ana\u{7}",
            "Ana\n",
            "A\tna",
            "\u{202E}ana",
            "Ana\u{2066}",
            "A\u{200B}na",
            "A\u{200C}na",
            "A\u{200D}na",
            "\u{FEFF}Ana",
            "Ana\u{2028}",
            "Ana\u{2029}",
            "A\u{AD}na",
            "A\u{61C}na",
            "Ana\u{E000}",
            "Ana\u{3164}",
            "A\u{34F}na",
            "Ana\u{115F}",
            "Ana\u{FFA0}",
            "Ana\u{E0041}",
            "Ana\u{378}",
            "Ana\u{2800}",
        ] {
            assert!(name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_name_needs_something_visible() {
        for bad in [
            "",
            "   ",
            "\u{3000}",
            "\u{301}",
            " \u{301}\u{308} ",
            "\u{FE0F}",
        ] {
            assert!(name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn default_ignorables_are_read_from_the_crate() {
        for c in ['\u{200B}', '\u{3164}', '\u{34F}', '\u{FE0F}', '\u{180B}'] {
            assert!(is_default_ignorable(c), "{c:?}");
        }
        for c in ['a', ' ', '\u{301}', '\u{738B}', '\u{2800}', '\u{E9}'] {
            assert!(!is_default_ignorable(c), "{c:?}");
        }
    }

    #[test]
    fn lookalikes_are_one_name() {
        for (a, b) in [
            ("Dara", "D\u{430}ra"),
            ("Dara", "\u{FF24}\u{FF41}\u{FF52}\u{FF41}"),
            ("\u{C9}mile", "E\u{301}mile"),
            ("Dara", "dara"),
            ("Dara", "DARA"),
            ("Da ra", "Da  ra"),
            ("Da ra", "Da\u{A0}ra"),
            ("Facilitator", "FaciIitator"),
            ("Facilitator", "F\u{430}\u{441}ilitator"),
            ("Stra\u{DF}e", "STRASSE"),
            ("Ivan", "lvan"),
        ] {
            assert!(same_name(a, b), "{a:?} and {b:?}");
        }
    }

    #[test]
    fn different_names_stay_different() {
        for (a, b) in [
            ("Dara", "Dana"),
            ("\u{C9}mile", "Emile"),
            ("Zo\u{EB}", "Zoe"),
            ("Jos\u{E9}", "Jose"),
            ("\u{141}ukasz", "Lukasz"),
            ("Ana", "Ana Bo"),
            ("\u{738B}\u{82B3}", "\u{738B}\u{82B1}"),
            ("Ольга", "Olga"),
        ] {
            assert!(!same_name(a, b), "{a:?} and {b:?}");
        }
    }
}
