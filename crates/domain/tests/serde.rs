//! Wire format of the `serde` feature: value types as canonical strings (validated on the way in),
//! money as integer fen, errors tagged by their `code()`.
#![cfg(feature = "serde")]

use beian_domain::*;
use serde_json::{json, Value};

/// Serialises an error and checks that its `"code"` tag equals `code()`.
fn assert_tag<E: serde::Serialize + ErrorCode + std::fmt::Debug>(e: E) {
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(v["code"], Value::from(e.code()), "{e:?} -> {v}");
}

#[test]
fn every_error_tag_equals_its_code() {
    let k = PlateType::PoliceCar;
    for e in [
        PlateError::Empty,
        PlateError::UnknownProvince { ch: 'A' },
        PlateError::BadOffice { ch: 'I' },
        PlateError::WrongLength {
            expected: 7,
            actual: 8,
        },
        PlateError::BadCharacter {
            position: 3,
            ch: 'O',
        },
        PlateError::NotFileableKind { ch: '警' },
        PlateError::NotFileableType { kind: k },
        PlateError::LooksLikeNewEnergy,
        PlateError::LooksLikeSmallCar,
    ] {
        assert_tag(e);
    }
    for e in [
        EngineError::Empty,
        EngineError::WrongLength { actual: 5 },
        EngineError::BadCharacter {
            position: 1,
            ch: '!',
        },
    ] {
        assert_tag(e);
    }
    for e in [
        VinError::Empty,
        VinError::WrongLength { actual: 16 },
        VinError::ForbiddenLetter {
            position: 1,
            ch: 'I',
        },
        VinError::BadCharacter {
            position: 1,
            ch: '!',
        },
        VinError::CheckDigit {
            expected: 'X',
            actual: '0',
        },
    ] {
        assert_tag(e);
    }
    for e in [
        MobileError::Empty,
        MobileError::WrongLength { actual: 3 },
        MobileError::NotMobile,
        MobileError::BadCharacter {
            position: 1,
            ch: '+',
        },
    ] {
        assert_tag(e);
    }
    for e in [
        IdNumberError::Empty,
        IdNumberError::WrongLength { actual: 15 },
        IdNumberError::BadCharacter {
            position: 1,
            ch: 'X',
        },
        IdNumberError::BadBirthDate,
        IdNumberError::CheckDigit {
            expected: 'X',
            actual: '1',
        },
    ] {
        assert_tag(e);
    }
    for e in [
        MoneyError::Empty,
        MoneyError::Negative,
        MoneyError::BadCharacter {
            position: 1,
            ch: '+',
        },
        MoneyError::Malformed,
        MoneyError::TooManyDecimals,
        MoneyError::TooLarge,
    ] {
        assert_tag(e);
    }
    for e in [DateError::Malformed, DateError::InvalidDate] {
        assert_tag(e);
    }
    for e in [
        TimeError::Malformed,
        TimeError::InvalidDate,
        TimeError::InvalidTime,
        TimeError::UnsupportedOffset,
    ] {
        assert_tag(e);
    }
    for e in [
        SmsCodeError::Empty,
        SmsCodeError::WrongLength { actual: 5 },
        SmsCodeError::NotFound,
        SmsCodeError::Ambiguous,
    ] {
        assert_tag(e);
    }
    for e in [
        LimitError::TooManyVehicles { max: 3 },
        LimitError::VehicleFilersFull { max: 3 },
        LimitError::DailyLimitReached { max: 1 },
        LimitError::YearlyLimitReached { max: 5 },
    ] {
        assert_tag(e);
    }
    for e in [
        NotHandleable::Paid,
        NotHandleable::AlreadyHandled,
        NotHandleable::OutsideLicenceClass,
        NotHandleable::InvalidPoints { points: 2 },
        NotHandleable::PointsBeforeFiling,
        NotHandleable::FineOverLimit { limit: Fen(20_000) },
        NotHandleable::PointsWouldReach12 {
            current: 9,
            points: 3,
        },
    ] {
        assert_tag(e);
    }
}

#[test]
fn error_shape() {
    let e = PlateError::WrongLength {
        expected: 7,
        actual: 8,
    };
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        json!({"code": "wrong_length", "expected": 7, "actual": 8})
    );
    let e = PlateError::NotFileableType {
        kind: PlateType::PoliceCar,
    };
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        json!({"code": "not_fileable_type", "kind": "23"})
    );
    let back: PlateError =
        serde_json::from_value(json!({"code": "bad_character", "position": 3, "ch": "O"})).unwrap();
    assert_eq!(
        back,
        PlateError::BadCharacter {
            position: 3,
            ch: 'O'
        }
    );
}

#[test]
fn values_serialise_as_canonical_strings() {
    assert_eq!(
        serde_json::to_value(PlateType::SmallNewEnergy).unwrap(),
        json!("52")
    );
    assert_eq!(
        serde_json::from_value::<PlateType>(json!("02")).unwrap(),
        PlateType::SmallCar
    );
    assert!(serde_json::from_value::<PlateType>(json!("09")).is_err());

    let p = parse_plate(PlateType::SmallCar, "京a12345").unwrap();
    assert_eq!(serde_json::to_value(&p).unwrap(), json!("京A12345"));
    assert_eq!(
        serde_json::from_value::<PlateNumber>(json!("沪AD12345"))
            .unwrap()
            .kind(),
        PlateType::SmallNewEnergy
    );
    assert!(serde_json::from_value::<PlateNumber>(json!("京A1234警")).is_err());

    assert_eq!(serde_json::to_value(Fen(20_050)).unwrap(), json!(20050));
    assert_eq!(serde_json::from_value::<Fen>(json!(600)).unwrap(), Fen(600));

    let d = Date::new(2025, 3, 1).unwrap();
    assert_eq!(serde_json::to_value(d).unwrap(), json!("2025-03-01"));
    assert_eq!(
        serde_json::from_value::<Date>(json!("2025-03-01")).unwrap(),
        d
    );
    assert!(serde_json::from_value::<Date>(json!("2025-02-30")).is_err());

    let t = Time::parse_rfc3339("2025-03-01T00:30:00Z").unwrap();
    assert_eq!(
        serde_json::to_value(t).unwrap(),
        json!("2025-03-01T08:30:00+08:00")
    );
    assert_eq!(
        serde_json::from_value::<Time>(json!("2025-03-01T08:30:00+08:00")).unwrap(),
        t
    );

    let vin: Vin = serde_json::from_value(json!("1m8gdm9axkp042788")).unwrap();
    assert_eq!(
        serde_json::to_value(&vin).unwrap(),
        json!("1M8GDM9AXKP042788")
    );
    assert!(serde_json::from_value::<Vin>(json!("1M8GDM9A0KP042788")).is_err());

    let m: Mobile = serde_json::from_value(json!("+86 138 0013 8000")).unwrap();
    assert_eq!(serde_json::to_value(&m).unwrap(), json!("13800138000"));

    let id: IdNumber = serde_json::from_value(json!("11010519491231002x")).unwrap();
    assert_eq!(
        serde_json::to_value(&id).unwrap(),
        json!("11010519491231002X")
    );
    assert!(serde_json::from_value::<IdNumber>(json!("110105194912310021")).is_err());

    let e: EngineTail = serde_json::from_value(json!("ab1234")).unwrap();
    assert_eq!(e.as_str(), "AB1234");
    let c: SmsCode = serde_json::from_value(json!("123456")).unwrap();
    assert_eq!(serde_json::to_value(&c).unwrap(), json!("123456"));
}

#[test]
fn handling_facts_round_trip() {
    let facts = HandlingFacts {
        points: 3,
        fine: Fen(20_000),
        violation_date: Date::new(2025, 3, 11).unwrap(),
        filing_date: Date::new(2025, 3, 1).unwrap(),
        handler_current_points: 0,
        within_licence_class: true,
        paid: false,
        already_handled: false,
    };
    let v = serde_json::to_value(facts).unwrap();
    assert_eq!(v["fine"], json!(20000));
    assert_eq!(v["violation_date"], json!("2025-03-11"));
    assert_eq!(serde_json::from_value::<HandlingFacts>(v).unwrap(), facts);
}
