//! Property tests for the domain rules. Oracles (VIN transliteration, ID check character) are
//! re-implemented here independently of the crate so a wrong table in the crate is caught.

use beian_domain::*;
use proptest::prelude::*;
use proptest::sample::select;

/// Full-width form of a printable ASCII character.
fn full_width(c: char) -> char {
    if ('!'..='~').contains(&c) {
        char::from_u32(c as u32 + 0xFEE0).unwrap()
    } else {
        c
    }
}

fn letters_no_io() -> Vec<char> {
    ('A'..='Z').filter(|c| *c != 'I' && *c != 'O').collect()
}

fn serial_chars() -> Vec<char> {
    let mut v = letters_no_io();
    v.extend('0'..='9');
    v
}

fn plate02() -> impl Strategy<Value = String> {
    (
        select(PROVINCES.to_vec()),
        select(letters_no_io()),
        proptest::collection::vec(select(serial_chars()), 5),
    )
        .prop_map(|(p, o, s)| {
            std::iter::once(p)
                .chain(std::iter::once(o))
                .chain(s)
                .collect()
        })
}

fn plate52() -> impl Strategy<Value = String> {
    (
        select(PROVINCES.to_vec()),
        select(letters_no_io()),
        select(vec!['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K']),
        select(serial_chars()),
        0u32..10_000,
    )
        .prop_map(|(p, o, e, s, n)| format!("{p}{o}{e}{s}{n:04}"))
}

/// Lower-cases some ASCII letters, makes some characters full-width and inserts separators.
fn scramble(s: &str, mask: &[u8]) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        let m = mask.get(i).copied().unwrap_or(0);
        let c = if m & 1 == 1 {
            c.to_ascii_lowercase()
        } else {
            c
        };
        let c = if m & 2 == 2 { full_width(c) } else { c };
        out.push(c);
        match m >> 2 & 3 {
            1 => out.push(' '),
            2 => out.push('-'),
            3 => out.push('\u{3000}'),
            _ => {}
        }
    }
    out
}

/// Independent VIN transliteration.
fn vin_value(c: char) -> u32 {
    let table = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
    let values = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6,
        7, 8, 9,
    ];
    values[table.find(c).unwrap()]
}

fn vin_chars() -> Vec<char> {
    "0123456789ABCDEFGHJKLMNPRSTUVWXYZ".chars().collect()
}

fn with_vin_check(mut chars: Vec<char>) -> String {
    let w = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let sum: u32 = chars.iter().zip(w).map(|(c, w)| vin_value(*c) * w).sum();
    chars[8] = match sum % 11 {
        10 => 'X',
        r => char::from_digit(r, 10).unwrap(),
    };
    chars.into_iter().collect()
}

fn vin() -> impl Strategy<Value = String> {
    proptest::collection::vec(select(vin_chars()), 17).prop_map(with_vin_check)
}

/// Independent GB 11643 check character.
fn id_check(first17: &str) -> char {
    let w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(w)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    "10X98765432".chars().nth((sum % 11) as usize).unwrap()
}

fn id_number() -> impl Strategy<Value = String> {
    let lo = Date::new(1900, 1, 1).unwrap().days_since_epoch();
    let hi = Date::new(2100, 12, 31).unwrap().days_since_epoch();
    (100_000u32..1_000_000, lo..=hi, 0u32..1_000).prop_map(|(area, day, seq)| {
        let d = Date::from_days(day).unwrap();
        let first = format!(
            "{area:06}{:04}{:02}{:02}{seq:03}",
            d.year(),
            d.month(),
            d.day()
        );
        let c = id_check(&first);
        format!("{first}{c}")
    })
}

fn date() -> impl Strategy<Value = Date> {
    (Date::MIN.days_since_epoch()..=Date::MAX.days_since_epoch())
        .prop_map(|d| Date::from_days(d).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn normalize_is_idempotent(s in any::<String>()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once.clone());
        prop_assert!(!once.chars().any(|c| c.is_whitespace() || c == '-' || c.is_ascii_lowercase()));
        let has_full_width = once.chars().any(|c| ('\u{FF01}'..='\u{FF5E}').contains(&c));
        prop_assert!(!has_full_width);
    }

    #[test]
    fn normalize_idempotent_on_code_like_input(s in "[a-zA-Z0-9 \\-·\u{3000}\u{FF01}-\u{FF5E}京沪]{0,24}") {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn valid_02_plates_parse_and_round_trip(p in plate02(), mask in proptest::collection::vec(any::<u8>(), 7)) {
        let parsed = parse_plate(PlateType::SmallCar, &p).unwrap();
        prop_assert_eq!(parsed.as_str(), p.as_str());
        prop_assert_eq!(parsed.to_string(), p.clone());
        prop_assert_eq!(parsed.kind(), PlateType::SmallCar);
        let again = parse_plate(PlateType::SmallCar, parsed.as_str()).unwrap();
        prop_assert_eq!(&again, &parsed);
        let messy = scramble(&p, &mask);
        prop_assert_eq!(parse_plate(PlateType::SmallCar, &messy), Ok(parsed));
        prop_assert_eq!(parse_plate(PlateType::SmallNewEnergy, &p), Err(PlateError::LooksLikeSmallCar));
    }

    #[test]
    fn valid_52_plates_parse_and_round_trip(p in plate52(), mask in proptest::collection::vec(any::<u8>(), 8)) {
        let parsed = parse_plate(PlateType::SmallNewEnergy, &p).unwrap();
        prop_assert_eq!(parsed.as_str(), p.as_str());
        prop_assert_eq!(parsed.kind(), PlateType::SmallNewEnergy);
        let messy = scramble(&p, &mask);
        prop_assert_eq!(parse_plate(PlateType::SmallNewEnergy, &messy), Ok(parsed));
        prop_assert_eq!(parse_plate(PlateType::SmallCar, &p), Err(PlateError::LooksLikeNewEnergy));
    }

    #[test]
    fn special_characters_are_always_refused(p in plate02(), pos in 0usize..8, special in select(vec!['警', '学', '挂', '港', '澳', '使', '领'])) {
        let mut chars: Vec<char> = p.chars().collect();
        let pos = pos.min(chars.len());
        chars.insert(pos, special);
        let s: String = chars.into_iter().collect();
        for kind in [PlateType::SmallCar, PlateType::SmallNewEnergy] {
            prop_assert_eq!(parse_plate(kind, &s), Err(PlateError::NotFileableKind { ch: special }));
        }
    }

    #[test]
    fn non_fileable_types_are_always_refused(p in plate02(), kind in select(PlateType::ALL.to_vec())) {
        prop_assume!(!kind.fileable_online());
        prop_assert_eq!(parse_plate(kind, &p), Err(PlateError::NotFileableType { kind }));
    }

    #[test]
    fn vin_with_check_digit_passes(v in vin(), mask in proptest::collection::vec(any::<u8>(), 17)) {
        prop_assert_eq!(parse_vin(&v).map(|x| x.to_string()), Ok(v.clone()));
        prop_assert_eq!(vin_check_digit(&v), v.chars().nth(8));
        // Lower case, full width and separators do not matter.
        let messy = scramble(&v, &mask);
        prop_assert_eq!(parse_vin(&messy).map(|x| x.to_string()), Ok(v));
    }

    #[test]
    fn vin_single_change_is_detected(v in vin(), pos in 0usize..17, c in select(vin_chars())) {
        prop_assume!(pos != 8);
        let mut chars: Vec<char> = v.chars().collect();
        let old = chars[pos];
        prop_assume!(old != c);
        chars[pos] = c;
        let changed: String = chars.into_iter().collect();
        let check = v.chars().nth(8).unwrap();
        if vin_value(old) == vin_value(c) {
            // Same transliterated value (e.g. A and J): the check digit cannot see the change.
            prop_assert_eq!(vin_check_digit(&changed), Some(check));
        } else {
            prop_assert!(vin_check_digit(&changed) != Some(check));
            let is_check_digit_error = matches!(parse_vin(&changed), Err(VinError::CheckDigit { .. }));
            prop_assert!(is_check_digit_error);
        }
    }

    #[test]
    fn id_numbers_with_check_pass_and_mask(id in id_number()) {
        let parsed = parse_id_number(&id).unwrap();
        prop_assert_eq!(parsed.as_str(), id.as_str());
        prop_assert_eq!(id_check_char(&id[..17]), id.chars().nth(17));
        let masked = parsed.masked();
        prop_assert_eq!(masked.chars().count(), 18);
        prop_assert_eq!(&masked[..3], &id[..3]);
        prop_assert_eq!(&masked[14..], &id[14..]);
        prop_assert!(masked[3..14].chars().all(|c| c == '*'));
        let debug = format!("{:?}", parsed);
        prop_assert!(!debug.contains(&id[3..14]));
        // Lower-case x is accepted.
        prop_assert_eq!(parse_id_number(&id.to_lowercase()), Ok(parsed));
    }

    #[test]
    fn id_single_digit_change_is_refused(id in id_number(), pos in 0usize..17, digit in 0u32..10) {
        let mut chars: Vec<char> = id.chars().collect();
        let new = char::from_digit(digit, 10).unwrap();
        prop_assume!(chars[pos] != new);
        chars[pos] = new;
        let changed: String = chars.into_iter().collect();
        let refused = matches!(
            parse_id_number(&changed),
            Err(IdNumberError::CheckDigit { .. } | IdNumberError::BadBirthDate)
        );
        prop_assert!(refused);
    }

    #[test]
    fn mobile_numbers_parse_in_any_format(second in 3u32..10, rest in 0u64..1_000_000_000, prefix in select(vec!["", "+86", "0086", "86", "+86 ", "＋８６"]), sep in select(vec!["", " ", "-"])) {
        let national = format!("1{second}{rest:09}");
        let typed = format!("{prefix}{}{sep}{}{sep}{}", &national[..3], &national[3..7], &national[7..]);
        let m = parse_mobile(&typed).unwrap();
        prop_assert_eq!(m.as_str(), national.as_str());
        let masked = m.masked();
        prop_assert_eq!(&masked[..3], &national[..3]);
        prop_assert_eq!(&masked[3..7], "****");
        prop_assert_eq!(&masked[7..], &national[7..]);
    }

    #[test]
    fn surcharge_is_bounded_and_monotonic(fine in 0i64..=100_000_000, d1 in -30i64..500, d2 in -30i64..500) {
        let decided = Date::new(2025, 3, 1).unwrap();
        let (a, b) = (d1.min(d2), d1.max(d2));
        let sa = late_surcharge(Fen(fine), decided, decided.add_days(a));
        let sb = late_surcharge(Fen(fine), decided, decided.add_days(b));
        prop_assert!(sa >= Fen::ZERO && sb <= Fen(fine));
        prop_assert!(sa <= sb);
        if a <= 15 {
            prop_assert_eq!(sa, Fen::ZERO);
        }
        // Exact integer formula, checked against a wide computation.
        let expect = (i128::from(fine) * 3 * i128::from((b - 15).max(0)) / 100).min(i128::from(fine));
        prop_assert_eq!(i128::from(sb.fen()), expect);
    }

    #[test]
    fn surcharge_never_exceeds_any_fine(fine in any::<i64>(), decided in date(), today in date()) {
        let s = late_surcharge(Fen(fine), decided, today);
        prop_assert!(s >= Fen::ZERO);
        prop_assert!(s <= Fen(fine.max(0)));
    }

    #[test]
    fn yuan_string_round_trips(fen in 0i64..=i64::MAX) {
        let f = Fen(fen);
        prop_assert_eq!(parse_yuan(&f.yuan_string()), Ok(f));
        prop_assert_eq!(f.to_string(), format!("¥{}", f.yuan_string()));
        prop_assert_eq!(parse_yuan(&f.to_string()), Ok(f));
    }

    #[test]
    fn dates_round_trip(d in date()) {
        prop_assert_eq!(Date::from_days(d.days_since_epoch()), Some(d));
        prop_assert_eq!(Date::parse(&d.to_string()), Ok(d));
        prop_assert_eq!(Date::new(d.year(), d.month(), d.day()), Some(d));
    }

    #[test]
    fn date_order_matches_day_numbers(a in date(), b in date(), n in -100_000i64..100_000) {
        prop_assert_eq!(a.cmp(&b), a.days_since_epoch().cmp(&b.days_since_epoch()));
        prop_assert_eq!(a.days_until(b), -b.days_until(a));
        if let Some(c) = a.checked_add_days(n) {
            prop_assert_eq!(a.days_until(c), n);
            prop_assert_eq!(c.add_days(-n), a);
        }
    }

    #[test]
    fn times_round_trip(secs in -62_135_596_800i64 - 8 * 3600..253_402_300_799 - 16 * 3600) {
        let t = Time::from_unix_seconds(secs).unwrap();
        prop_assert_eq!(t.unix_seconds(), secs);
        prop_assert_eq!(Time::parse_rfc3339(&t.to_string()), Ok(t));
        // The same wall-clock reading marked as UTC is 8 hours later.
        let as_z = t.to_string().replace("+08:00", "Z");
        prop_assert_eq!(Time::parse_rfc3339(&as_z).map(|x| x.unix_seconds()), Ok(secs + 8 * 3600));
    }

    #[test]
    fn payment_window_is_consistent(secs in 1_700_000_000i64..1_900_000_000) {
        let t = Time::from_unix_seconds(secs).unwrap();
        let sod = t.seconds_of_day();
        prop_assert_eq!(payment_open(&t), (300..85_500).contains(&sod));
        let n = next_open(&t);
        prop_assert!(n >= t);
        prop_assert!(payment_open(&n));
        prop_assert!(n.unix_seconds() - t.unix_seconds() <= 20 * 60);
    }

    #[test]
    fn sms_code_found_in_text(code in 0u32..1_000_000, before in "[^0-9０-９]{0,20}", after in "[^0-9０-９]{0,20}") {
        let code = format!("{code:06}");
        let text = format!("{before}{code}{after}");
        prop_assert_eq!(parse_sms_code(&text).map(|c| c.to_string()), Ok(code));
    }

    #[test]
    fn parsers_never_panic(s in any::<String>()) {
        let _ = normalize(&s);
        for kind in PlateType::ALL {
            let _ = parse_plate(kind, &s);
        }
        let _ = PlateType::from_code(&s);
        let _ = parse_engine_last6(&s);
        let _ = parse_vin(&s);
        let _ = vin_check_digit(&s);
        let _ = parse_mobile(&s);
        let _ = parse_id_number(&s);
        let _ = id_check_char(&s);
        let _ = parse_yuan(&s);
        let _ = Date::parse(&s);
        let _ = Time::parse_rfc3339(&s);
        let _ = parse_sms_code(&s);
        let _ = is_decision_number(&s);
    }

    #[test]
    fn parsers_never_panic_on_near_valid_input(s in "[0-9A-Za-z京沪警 .:+TZ\\-]{0,30}") {
        let _ = parse_plate(PlateType::SmallCar, &s);
        let _ = parse_plate(PlateType::SmallNewEnergy, &s);
        let _ = parse_vin(&s);
        let _ = parse_mobile(&s);
        let _ = parse_id_number(&s);
        let _ = parse_yuan(&s);
        let _ = Date::parse(&s);
        let _ = Time::parse_rfc3339(&s);
        let _ = parse_sms_code(&s);
    }

    #[test]
    fn accepted_values_are_canonical(s in "[0-9A-Za-z]{6}") {
        let e = parse_engine_last6(&s).unwrap();
        prop_assert_eq!(e.as_str(), s.to_ascii_uppercase());
    }
}
