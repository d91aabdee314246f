//! Penalty decision numbers (处罚决定书编号).

/// Length of a decision number.
pub const DECISION_NUMBER_LEN: usize = 16;

/// Whether `s` is a decision number: exactly 16 ASCII digits, taken as is (no trimming or
/// normalisation, so it is suitable for checking values received from the server or in URLs).
pub fn is_decision_number(s: &str) -> bool {
    s.len() == DECISION_NUMBER_LEN && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("1101051234567890", true),
            ("0000000000000000", true),
            ("110105123456789", false),
            ("11010512345678901", false),
            ("110105123456789X", false),
            (" 1101051234567890", false),
            ("１１０１０５１２３４５６７８９０", false),
            ("1101-0512-3456-7890", false),
            ("", false),
        ];
        for (s, ok) in cases {
            assert_eq!(is_decision_number(s), ok, "{s:?}");
        }
    }
}
