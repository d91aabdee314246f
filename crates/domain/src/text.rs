//! Input normalisation for codes (plates, VIN, engine numbers, phone and ID numbers, SMS codes).
//!
//! Users type on phone keyboards that switch between half-width and full-width forms, paste values
//! with spaces or hyphens, and type lower case. Everything is folded to one canonical form before it
//! is checked, so the checks themselves only deal with upper-case half-width ASCII (plus the Chinese
//! characters of plates).

/// Maps one full-width ASCII variant (U+FF01..=U+FF5E) to its half-width form and the ideographic
/// space (U+3000) to an ASCII space; every other character is returned unchanged.
///
/// ```
/// use beian_domain::text::to_half_width;
/// assert_eq!(to_half_width('Ａ'), 'A');
/// assert_eq!(to_half_width('１'), '1');
/// assert_eq!(to_half_width('\u{3000}'), ' ');
/// assert_eq!(to_half_width('京'), '京');
/// ```
pub fn to_half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Whether `c` (already mapped by [`to_half_width`]) is a separator that carries no meaning inside a
/// code: any white space, zero-width characters, hyphens and dashes, and middle dots (as in the
/// display form `京A·12345`).
pub fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            // zero-width space / joiners, word joiner, byte-order mark
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
            // hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign
            | '-' | '\u{2010}'..='\u{2014}' | '\u{2212}'
            // middle dots: Latin, katakana, half-width katakana, bullet, hyphenation point,
            // bullet operator, dot operator
            | '\u{00B7}' | '\u{30FB}' | '\u{FF65}' | '\u{2022}' | '\u{2027}' | '\u{2219}' | '\u{22C5}'
        )
}

/// Normalises a code typed or pasted by the user.
///
/// Converts full-width ASCII and the ideographic space to half-width, removes every separator (see
/// [`is_separator`]; this also trims), and upper-cases ASCII letters. Other characters (such as the
/// Chinese province character of a plate) are kept as they are. The result is idempotent:
/// `normalize(&normalize(s)) == normalize(s)`.
///
/// Meant for codes only, not for names or free text, whose inner spaces are meaningful.
///
/// ```
/// use beian_domain::normalize;
/// assert_eq!(normalize(" 粤ｂ·１２３-45 "), "粤B12345");
/// ```
pub fn normalize(input: &str) -> String {
    input
        .chars()
        .map(to_half_width)
        .filter(|&c| !is_separator(c))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_table() {
        let cases: &[(&str, &str)] = &[
            ("", ""),
            ("   ", ""),
            ("\u{3000}\u{3000}", ""),
            ("京a12345", "京A12345"),
            ("  京A12345\t\n", "京A12345"),
            ("粤Ｂ１２３４５", "粤B12345"),
            ("京A·12345", "京A12345"),
            ("京A・12345", "京A12345"),
            ("京A 123 45", "京A12345"),
            ("京A-12345", "京A12345"),
            ("京A－12345", "京A12345"),
            ("京A\u{3000}12345", "京A12345"),
            ("\u{FEFF}京A12345\u{200B}", "京A12345"),
            ("ｓｈａｎｇｈａｉ", "SHANGHAI"),
            ("1m8gdm9axkp042788", "1M8GDM9AXKP042788"),
            ("138 0013 8000", "13800138000"),
            ("+86-138-0013-8000", "+8613800138000"),
            ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
            ("沪ad12345", "沪AD12345"),
            // Non-ASCII letters are not upper-cased (only ASCII is).
            ("é", "é"),
            // The full-width full stop becomes an ASCII dot, which is not a separator.
            ("２００．５", "200.5"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize(input), *expected, "input {input:?}");
        }
    }

    #[test]
    fn half_width_range_edges() {
        assert_eq!(to_half_width('\u{FF01}'), '!');
        assert_eq!(to_half_width('\u{FF5E}'), '~');
        assert_eq!(to_half_width('\u{FF00}'), '\u{FF00}');
        assert_eq!(to_half_width('\u{FF5F}'), '\u{FF5F}');
        assert_eq!(to_half_width('ｚ'), 'z');
    }

    #[test]
    fn normalize_is_idempotent_on_samples() {
        for s in ["京ａ·1２3-45", "  x\u{3000}y ", "－－", "ABC", "＋８６"] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once);
        }
    }
}
