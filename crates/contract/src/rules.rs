//! The rules the server enforces on request fields, stated once: the stub checks the lengths with
//! these constants, and its OpenAPI generation writes every rule into the document (`minLength`,
//! `maxLength`, `pattern`, `minItems`), so a generic client or contract tester knows exactly which
//! requests the server accepts.
//!
//! The patterns mirror the `beian-domain` parsers, which are lenient the way users type: they fold
//! full-width forms to half-width, drop separators (Unicode white space, hyphens and dashes, middle
//! dots, zero-width characters) and upper-case ASCII letters. A pattern admits exactly the inputs
//! its parser accepts (the stub's tests check this on a corpus), with one noted exception: a
//! pasted SMS text that repeats the same code twice is accepted by the server but not by
//! [`SMS_CODE_PATTERN`]. The patterns are ECMA-262 regular expressions written with explicit
//! classes (no `\s` or `\d`, whose meaning differs between regex engines) and without
//! look-arounds, so test-data generators can draw from them.

/// A field rule: what the document states about a string or an array of strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// `minLength` (characters) of a string.
    pub min_length: Option<usize>,
    /// `maxLength` (characters) of a string; the server refuses longer values.
    pub max_length: Option<usize>,
    /// `pattern`.
    pub pattern: Option<&'static str>,
    /// `minItems` of an array.
    pub min_items: Option<usize>,
    /// `maxItems` of an array.
    pub max_items: Option<usize>,
    /// The rule of each item of an array.
    pub items: Option<&'static Rule>,
}

impl Rule {
    /// A string of `min..=max` characters.
    pub const fn text(min: usize, max: usize) -> Rule {
        Rule {
            min_length: Some(min),
            max_length: Some(max),
            pattern: None,
            min_items: None,
            max_items: None,
            items: None,
        }
    }

    /// A string of `min..=max` characters matching `pattern`.
    pub const fn pattern(min: usize, max: usize, pattern: &'static str) -> Rule {
        Rule {
            min_length: Some(min),
            max_length: Some(max),
            pattern: Some(pattern),
            min_items: None,
            max_items: None,
            items: None,
        }
    }

    /// An array of at least `min` items, each following `items`.
    pub const fn list(min: usize, items: &'static Rule) -> Rule {
        Rule {
            min_length: None,
            max_length: None,
            pattern: None,
            min_items: Some(min),
            max_items: None,
            items: Some(items),
        }
    }
}

/// A rule for one property of one request schema of the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldRule {
    /// The component schema (the wire type's name).
    pub schema: &'static str,
    /// The property (the JSON field name).
    pub property: &'static str,
    /// The rule.
    pub rule: Rule,
}

// Pieces of the patterns (macros, so that `concat!` can join them into constants).

/// A separator the parsers drop: Unicode white space (Rust's `char::is_whitespace`), zero-width
/// characters, hyphens and dashes (also full-width `－`), middle dots.
macro_rules! sep {
    () => {
        r"[\t-\r \-\u0085\u00A0\u00B7\u1680\u2000-\u200D\u2010-\u2014\u2022\u2027\u2028\u2029\u202F\u205F\u2060\u2212\u2219\u22C5\u3000\u30FB\uFEFF\uFF0D\uFF65]"
    };
}
/// Anything but a digit and a separator (the text around a pasted code).
macro_rules! other {
    () => {
        r"[^0-9\uFF10-\uFF19\t-\r \-\u0085\u00A0\u00B7\u1680\u2000-\u200D\u2010-\u2014\u2022\u2027\u2028\u2029\u202F\u205F\u2060\u2212\u2219\u22C5\u3000\u30FB\uFEFF\uFF0D\uFF65]"
    };
}
/// White space as `str::trim` sees it (Unicode `White_Space`).
macro_rules! ws {
    () => {
        r"[\t-\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]"
    };
}
/// A digit, half- or full-width.
macro_rules! digit {
    () => {
        r"[0-9\uFF10-\uFF19]"
    };
    ($d:literal) => {
        concat!("[", $d, r"\uFF1", $d, "]")
    };
}
/// Anything but a digit.
macro_rules! non_digit {
    () => {
        r"[^0-9\uFF10-\uFF19]"
    };
}
/// A run of digits that is not six long.
macro_rules! not_six {
    () => {
        concat!("(?:", digit!(), "{1,5}|", digit!(), "{7,})")
    };
}
/// A letter other than I and O, any case, half- or full-width.
macro_rules! office {
    () => {
        r"[A-HJ-NP-Za-hj-np-z\uFF21-\uFF28\uFF2A-\uFF2E\uFF30-\uFF3A\uFF41-\uFF48\uFF4A-\uFF4E\uFF50-\uFF5A]"
    };
}
/// A plate serial character: a digit or a letter other than I and O.
macro_rules! serial {
    () => {
        r"[0-9A-HJ-NP-Za-hj-np-z\uFF10-\uFF19\uFF21-\uFF28\uFF2A-\uFF2E\uFF30-\uFF3A\uFF41-\uFF48\uFF4A-\uFF4E\uFF50-\uFF5A]"
    };
}
/// The third character of a small new-energy plate: A–H, J or K.
macro_rules! energy {
    () => {
        r"[A-HJKa-hjk\uFF21-\uFF28\uFF2A\uFF2B\uFF41-\uFF48\uFF4A\uFF4B]"
    };
}
/// A province abbreviation (the 31 of `beian_domain::PROVINCES`).
macro_rules! province {
    () => {
        "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    };
}
/// A letter or digit, any case, half- or full-width.
macro_rules! alnum {
    () => {
        r"[0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]"
    };
}

/// A mainland mobile number as `beian_domain::parse_mobile` accepts it: 11 digits `1[3-9]…`,
/// optionally after `+86`, `0086` or `86`, with separators anywhere and full-width digits.
pub const MOBILE_PATTERN: &str = concat!(
    "^",
    sep!(),
    "*(?:",
    r"[+\uFF0B]",
    sep!(),
    "*",
    digit!("8"),
    sep!(),
    "*",
    digit!("6"),
    sep!(),
    "*",
    "|",
    digit!("0"),
    sep!(),
    "*",
    digit!("0"),
    sep!(),
    "*",
    digit!("8"),
    sep!(),
    "*",
    digit!("6"),
    sep!(),
    "*",
    "|",
    digit!("8"),
    sep!(),
    "*",
    digit!("6"),
    sep!(),
    "*",
    ")?",
    digit!("1"),
    sep!(),
    "*",
    r"[3-9\uFF13-\uFF19]",
    sep!(),
    "*(?:",
    digit!(),
    sep!(),
    "*){9}$"
);

/// An SMS code as `beian_domain::parse_sms_code` accepts it: six digits (separators and full-width
/// digits allowed), or a pasted text holding exactly one run of six digits. Written so that each
/// input parses one way only (a digit run is always followed by a non-digit or the end), which
/// keeps backtracking regex engines linear on it.
pub const SMS_CODE_PATTERN: &str = concat!(
    // Six digits and separators only.
    "^",
    sep!(),
    "*(?:",
    digit!(),
    sep!(),
    "*){6}$",
    // A text whose one six-digit run comes after a character that is not a digit nor a separator.
    "|^(?:",
    non_digit!(),
    "|",
    not_six!(),
    non_digit!(),
    ")*(?:",
    other!(),
    "|",
    not_six!(),
    other!(),
    ")(?:",
    non_digit!(),
    "|",
    not_six!(),
    non_digit!(),
    ")*",
    digit!(),
    "{6}(?:",
    non_digit!(),
    not_six!(),
    "?)*$",
    // A text whose one six-digit run comes before such a character.
    "|^(?:",
    non_digit!(),
    "|",
    not_six!(),
    non_digit!(),
    ")*",
    digit!(),
    "{6}(?:",
    non_digit!(),
    not_six!(),
    "?)*",
    other!(),
    not_six!(),
    "?(?:",
    non_digit!(),
    not_six!(),
    "?)*$"
);

/// A type 02 plate number (7 characters: province, office letter, five serial characters) as
/// `beian_domain::parse_plate` accepts it (any case, full-width forms, separators).
pub const PLATE_02_PATTERN: &str = concat!(
    "^",
    sep!(),
    "*",
    province!(),
    sep!(),
    "*",
    office!(),
    sep!(),
    "*(?:",
    serial!(),
    sep!(),
    "*){5}$"
);

/// A type 52 plate number (8 characters: province, office letter, one of A–H/J/K, a serial
/// character, four digits), as `beian_domain::parse_plate` accepts it.
pub const PLATE_52_PATTERN: &str = concat!(
    "^",
    sep!(),
    "*",
    province!(),
    sep!(),
    "*",
    office!(),
    sep!(),
    "*",
    energy!(),
    sep!(),
    "*",
    serial!(),
    sep!(),
    "*(?:",
    digit!(),
    sep!(),
    "*){4}$"
);

/// A plate number of either fileable type (which one must match `plate_type`).
pub const PLATE_PATTERN: &str = concat!(
    "^",
    sep!(),
    "*",
    province!(),
    sep!(),
    "*",
    office!(),
    sep!(),
    "*(?:",
    serial!(),
    sep!(),
    "*){5}$",
    "|^",
    sep!(),
    "*",
    province!(),
    sep!(),
    "*",
    office!(),
    sep!(),
    "*",
    energy!(),
    sep!(),
    "*",
    serial!(),
    sep!(),
    "*(?:",
    digit!(),
    sep!(),
    "*){4}$"
);

/// The plate types that can be filed online (`02`, `52`), white space around allowed.
pub const PLATE_TYPE_PATTERN: &str = concat!("^", ws!(), "*(?:02|52)", ws!(), "*$");
/// Plate type `02` alone.
pub const PLATE_TYPE_02_PATTERN: &str = concat!("^", ws!(), "*02", ws!(), "*$");
/// Plate type `52` alone.
pub const PLATE_TYPE_52_PATTERN: &str = concat!("^", ws!(), "*52", ws!(), "*$");

/// The last six characters of an engine number (`beian_domain::parse_engine_last6`).
pub const ENGINE_LAST6_PATTERN: &str = concat!("^", sep!(), "*(?:", alnum!(), sep!(), "*){6}$");

/// The vehicle filing QR payload `BEIAN:1:<token>` (`beian_domain::parse_filing_qr`).
pub const QR_PAYLOAD_PATTERN: &str =
    concat!("^", ws!(), "*BEIAN:1:[A-Za-z0-9_-]{16,64}", ws!(), "*$");

/// A 16-digit penalty decision number (`beian_domain::is_decision_number`).
pub const DECISION_NUMBER_PATTERN: &str = "^[0-9]{16}$";

/// A path on the app's own origin (where the payment channel or the host's authorization page
/// returns): exactly what `crate::payment::check_return_path` accepts.
pub const RETURN_PATH_PATTERN: &str = r"^/(((?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})+)(/((?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})+))*/?)?(\?(?:[A-Za-z0-9._~!$&'()*+,;=:@?-]|%[0-9A-Fa-f]{2})*)?$";

/// Longest phone input, in characters.
pub const PHONE_MAX: usize = 32;
/// Longest SMS code input (a pasted SMS text), in characters.
pub const SMS_CODE_MAX: usize = 128;
/// Longest id (challenge, match, photo, violation), in characters.
pub const ID_MAX: usize = 64;
/// Longest plate type input.
pub const PLATE_TYPE_MAX: usize = 16;
/// Longest plate number input.
pub const PLATE_NUMBER_MAX: usize = 32;
/// Longest engine-number input.
pub const ENGINE_MAX: usize = 32;
/// Longest QR payload input.
pub const QR_PAYLOAD_MAX: usize = 128;
/// Longest rules version.
pub const RULES_VERSION_MAX: usize = 32;
/// Longest return path.
pub const RETURN_PATH_MAX: usize = crate::payment::RETURN_PATH_MAX;
/// Longest authorization code or state a host returns.
pub const PAYER_CODE_MAX: usize = 128;

const ID: Rule = Rule::text(1, ID_MAX);
const DECISION_NUMBER: Rule = Rule::pattern(16, 16, DECISION_NUMBER_PATTERN);
const SMS_CODE: Rule = Rule::pattern(6, SMS_CODE_MAX, SMS_CODE_PATTERN);
const ENGINE: Rule = Rule::pattern(6, ENGINE_MAX, ENGINE_LAST6_PATTERN);
const RETURN_PATH: Rule = Rule::pattern(1, RETURN_PATH_MAX, RETURN_PATH_PATTERN);

/// Every rule of the API's request bodies.
pub const REQUEST_RULES: &[FieldRule] = &[
    FieldRule {
        schema: "CodeRequest",
        property: "phone",
        rule: Rule::pattern(11, PHONE_MAX, MOBILE_PATTERN),
    },
    FieldRule {
        schema: "SignIn",
        property: "challenge_id",
        rule: ID,
    },
    FieldRule {
        schema: "SignIn",
        property: "code",
        rule: SMS_CODE,
    },
    FieldRule {
        schema: "LookupRequest",
        property: "plate_type",
        rule: Rule::pattern(2, PLATE_TYPE_MAX, PLATE_TYPE_PATTERN),
    },
    FieldRule {
        schema: "LookupRequest",
        property: "plate_number",
        rule: Rule::pattern(7, PLATE_NUMBER_MAX, PLATE_PATTERN),
    },
    FieldRule {
        schema: "LookupRequest",
        property: "engine_last6",
        rule: ENGINE,
    },
    FieldRule {
        schema: "QrResolveRequest",
        property: "payload",
        rule: Rule::pattern(24, QR_PAYLOAD_MAX, QR_PAYLOAD_PATTERN),
    },
    FieldRule {
        schema: "CreateFiling",
        property: "match_id",
        rule: ID,
    },
    FieldRule {
        schema: "CreateFiling",
        property: "challenge_id",
        rule: ID,
    },
    FieldRule {
        schema: "CreateFiling",
        property: "code",
        rule: SMS_CODE,
    },
    FieldRule {
        schema: "CreateFiling",
        property: "engine_last6",
        rule: ENGINE,
    },
    FieldRule {
        schema: "CreateFiling",
        property: "photo_ids",
        rule: Rule::list(0, &ID),
    },
    FieldRule {
        schema: "HandlingCodeRequest",
        property: "violation_ids",
        rule: Rule::list(1, &ID),
    },
    FieldRule {
        schema: "HandleRequest",
        property: "violation_ids",
        rule: Rule::list(1, &ID),
    },
    FieldRule {
        schema: "HandleRequest",
        property: "rules_version",
        rule: Rule::text(1, RULES_VERSION_MAX),
    },
    FieldRule {
        schema: "HandleRequest",
        property: "challenge_id",
        rule: ID,
    },
    FieldRule {
        schema: "HandleRequest",
        property: "code",
        rule: SMS_CODE,
    },
    FieldRule {
        schema: "CreatePayment",
        property: "decision_numbers",
        rule: Rule::list(1, &DECISION_NUMBER),
    },
    FieldRule {
        schema: "CreatePayment",
        property: "return_path",
        rule: RETURN_PATH,
    },
    FieldRule {
        schema: "CreatePayment",
        property: "quit_path",
        rule: RETURN_PATH,
    },
    FieldRule {
        schema: "PayerAuthorizationRequest",
        property: "return_path",
        rule: RETURN_PATH,
    },
    FieldRule {
        schema: "PayerCode",
        property: "code",
        rule: Rule::text(1, PAYER_CODE_MAX),
    },
    FieldRule {
        schema: "PayerCode",
        property: "state",
        rule: Rule::text(1, PAYER_CODE_MAX),
    },
    FieldRule {
        schema: "MiniProgramPayRequest",
        property: "code",
        rule: Rule::text(1, PAYER_CODE_MAX),
    },
];

/// The rule of `schema.property`, if there is one.
pub fn rule_of(schema: &str, property: &str) -> Option<Rule> {
    REQUEST_RULES
        .iter()
        .find(|r| r.schema == schema && r.property == property)
        .map(|r| r.rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_anchored_and_lengths_consistent() {
        for r in REQUEST_RULES {
            let rule = r.rule.items.copied().unwrap_or(r.rule);
            if let Some(p) = rule.pattern {
                for branch in p.split("|^").skip(1) {
                    assert!(
                        branch.ends_with('$'),
                        "{}.{}: every branch is anchored",
                        r.schema,
                        r.property
                    );
                }
                assert!(
                    p.starts_with('^') && p.ends_with('$'),
                    "{}.{}",
                    r.schema,
                    r.property
                );
            }
            if let (Some(min), Some(max)) = (rule.min_length, rule.max_length) {
                assert!(min >= 1 && min <= max, "{}.{}", r.schema, r.property);
            }
        }
    }
}
