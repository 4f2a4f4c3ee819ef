//! Checks on what people type: display names, free text, norms and due dates.

use hotseat_protocol::limits::{NORM_MAX_CHARS, NORMS_MAX};

use super::RuleError;

// Display names have rules of their own (normalisation, invisible characters, lookalikes).
pub use super::names::{name, same_name};

/// A question, learning or commitment: trimmed, non-empty, at most `max` characters.
pub fn required(raw: &str, max: usize) -> Result<String, RuleError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(RuleError::InvalidText("the text cannot be empty"));
    }
    if trimmed.chars().count() > max {
        return Err(RuleError::InvalidText("the text is too long"));
    }
    Ok(trimmed.to_owned())
}

/// An optional note: blank becomes `None`.
pub fn optional(raw: Option<&str>, max: usize) -> Result<Option<String>, RuleError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => required(text, max).map(Some),
    }
}

/// A list of norms: 1 to 12, each trimmed, non-empty and short.
pub fn norms(raw: &[String]) -> Result<Vec<String>, RuleError> {
    if raw.is_empty() || raw.len() > NORMS_MAX {
        return Err(RuleError::InvalidText("a circle has 1 to 12 norms"));
    }
    raw.iter()
        .map(|norm| required(norm, NORM_MAX_CHARS))
        .collect()
}

/// A calendar date written `YYYY-MM-DD` (a real date: no 31 April).
pub fn due_date(raw: Option<&str>) -> Result<Option<String>, RuleError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let bytes = raw.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return Err(RuleError::InvalidDate);
    }
    let number = |range: std::ops::Range<usize>| raw[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(RuleError::InvalidDate),
    };
    if year < 2000 || day == 0 || day > days_in_month {
        return Err(RuleError::InvalidDate);
    }
    Ok(Some(raw.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real() {
        assert_eq!(
            due_date(Some("2026-12-01")).unwrap().as_deref(),
            Some("2026-12-01")
        );
        assert_eq!(due_date(Some(" ")).unwrap(), None);
        assert_eq!(
            due_date(Some("2028-02-29")).unwrap().as_deref(),
            Some("2028-02-29")
        );
        for bad in [
            "2027-02-29",
            "2026-04-31",
            "2026-13-01",
            "2026-00-10",
            "26-1-1",
            "2026/12/01",
            "next week",
            "2026-12-1x",
        ] {
            assert_eq!(due_date(Some(bad)), Err(RuleError::InvalidDate), "{bad}");
        }
    }

    #[test]
    fn norms_are_bounded() {
        assert!(norms(&[]).is_err());
        assert!(norms(&vec!["Be kind".to_owned(); 13]).is_err());
        assert!(norms(&["  ".to_owned()]).is_err());
        assert_eq!(norms(&[" Listen ".to_owned()]).unwrap(), vec!["Listen"]);
    }
}
