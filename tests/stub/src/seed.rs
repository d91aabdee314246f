//! The deterministic demo world (documented in `tests/stub/README.md`). Dates are relative to the
//! clock at reset, so the data looks the same any day.

use beian_contract::filing::{FilingMethod, FilingState};
use beian_domain::PlateType;

use crate::clock::Clock;
use crate::state::{FilingRec, QrStatus, QrToken, User, Vehicle, ViolationRec, World};

const DAY: i64 = 86_400;

/// Seeded user: phone, name, licence class, points.
const USERS: &[(&str, &str, Option<&str>, u8)] = &[
    ("13800138000", "张伟", Some("C1"), 0),
    ("13900139000", "李娜", Some("C1"), 10),
    ("13700137000", "王芳", None, 0),
    ("13600136000", "赵磊", Some("C2"), 0),
    ("13500135000", "刘洋", Some("C1"), 0),
    ("13300133000", "陈静", Some("C1"), 0),
];

/// Seeded vehicle: id, plate type, plate, owner, engine number.
const VEHICLES: &[(&str, PlateType, &str, &str, &str)] = &[
    (
        "v-1",
        PlateType::SmallCar,
        "京A12345",
        "13500135000",
        "LX2019A52011",
    ),
    (
        "v-2",
        PlateType::SmallNewEnergy,
        "沪AD12345",
        "13300133000",
        "TZ220XK90721",
    ),
    (
        "v-3",
        PlateType::SmallCar,
        "粤B67890",
        "13500135000",
        "G4FC8B305118",
    ),
    (
        "v-4",
        PlateType::SmallNewEnergy,
        "浙AF66888",
        "13300133000",
        "BYD371QE20488",
    ),
    (
        "v-5",
        PlateType::SmallCar,
        "京B88888",
        "13800138000",
        "EA888A77001",
    ),
    (
        "v-6",
        PlateType::SmallCar,
        "川A55555",
        "13500135000",
        "JL4G18C33003",
    ),
    (
        "v-7",
        PlateType::LargeCar,
        "苏E12345",
        "13300133000",
        "WP10D99001",
    ),
    (
        "v-8",
        PlateType::SmallCar,
        "鲁B2K7X9",
        "13300133000",
        "DK15B0M4420",
    ),
];

/// Seeded QR token: token, vehicle, status, expiry in days from now (negative: expired).
const QR_TOKENS: &[(&str, &str, QrStatus, i64)] = &[
    ("demo-qr-yueB67890-active", "v-3", QrStatus::Active, 30),
    ("demo-qr-zheAF66888-active", "v-4", QrStatus::Active, 30),
    ("demo-qr-luB2K7X9-active", "v-8", QrStatus::Active, 30),
    ("demo-qr-yueB67890-expired", "v-3", QrStatus::Active, -1),
    ("demo-qr-zheAF66888-revoked", "v-4", QrStatus::Revoked, 30),
    ("demo-qr-jingA12345-used", "v-1", QrStatus::Used, 30),
    ("demo-qr-jingB88888-own", "v-5", QrStatus::Active, 30),
];

/// Seeded filing: id, applicant, vehicle, method, state, days ago.
const FILINGS: &[(&str, &str, &str, FilingMethod, FilingState, i64)] = &[
    (
        "f-seed-1",
        "13800138000",
        "v-1",
        FilingMethod::OwnerSms,
        FilingState::Approved,
        40,
    ),
    (
        "f-seed-2",
        "13800138000",
        "v-2",
        FilingMethod::OwnerQr,
        FilingState::Approved,
        400,
    ),
    (
        "f-seed-3",
        "13900139000",
        "v-6",
        FilingMethod::OwnerSms,
        FilingState::Approved,
        400,
    ),
    (
        "f-seed-4",
        "13700137000",
        "v-6",
        FilingMethod::OwnerSms,
        FilingState::Approved,
        420,
    ),
    (
        "f-seed-5",
        "13600136000",
        "v-6",
        FilingMethod::OwnerQr,
        FilingState::Approved,
        450,
    ),
];

/// Seeded violation: id, vehicle, days ago, place, code, description, points, fine yuan,
/// decision (days ago) and paid.
#[allow(clippy::type_complexity)]
const VIOLATIONS: &[(&str, &str, i64, &str, &str, &str, u8, i64, Option<i64>, bool)] = &[
    ("w-101", "v-1", 5, "北京市朝阳区东三环中路国贸桥北", "1039", "机动车违反规定停放、临时停车且驾驶人不在现场", 0, 200, None, false),
    ("w-102", "v-1", 12, "北京市海淀区中关村大街与海淀南路交叉口", "1344", "驾驶机动车违反禁止标线指示", 1, 100, None, false),
    ("w-103", "v-1", 60, "北京市西城区西二环复兴门桥", "1625", "驾驶机动车违反道路交通信号灯通行", 6, 200, None, false),
    ("w-104", "v-1", 20, "京藏高速公路K25+300处", "1636", "驾驶中型以上载客载货汽车、危险物品运输车辆以外的其他机动车行驶超过规定时速20%以上未达到50%", 6, 500, None, false),
    ("w-105", "v-1", 35, "北京市东城区东单北大街", "1039", "机动车违反规定停放、临时停车且驾驶人不在现场", 0, 200, Some(20), false),
    ("w-106", "v-1", 15, "北京市朝阳区建国路大望桥", "1345", "机动车违反禁令标志指示", 3, 150, Some(3), false),
    ("w-107", "v-1", 90, "北京市丰台区南三环西路", "1039", "机动车违反规定停放、临时停车且驾驶人不在现场", 0, 200, Some(80), true),
    ("w-201", "v-2", 2, "上海市浦东新区世纪大道与东方路交叉口", "1018", "机动车违反禁止标线指示", 0, 50, None, false),
    ("w-202", "v-2", 130, "上海市徐汇区漕溪北路", "1039", "机动车违反规定停放、临时停车且驾驶人不在现场", 0, 200, Some(100), false),
    ("w-301", "v-3", 8, "深圳市南山区深南大道科技园段", "1039", "机动车违反规定停放、临时停车且驾驶人不在现场", 0, 200, None, false),
    ("w-401", "v-4", 6, "杭州市西湖区文三路与学院路交叉口", "1344", "驾驶机动车违反禁止标线指示", 1, 100, None, false),
    ("w-601", "v-6", 4, "成都市武侯区人民南路四段", "1345", "机动车违反禁令标志指示", 3, 200, None, false),
    ("w-602", "v-6", 9, "成都市锦江区红星路三段", "1039", "机动车违反规定停放、临时停车且驾驶人不在现场", 0, 150, None, false),
    ("w-603", "v-6", 11, "成都市青羊区一环路西一段", "13441", "驾驶机动车在高速公路、城市快速路以外的道路上不按规定车道行驶", 1, 100, None, false),
];

impl World {
    /// The seeded world on this clock.
    pub fn seeded(clock: Clock) -> Self {
        let mut w = World::empty(clock);
        let now = w.now_s();
        let today = clock.today();
        for &(phone, name, licence, points) in USERS {
            w.users.insert(
                phone.to_string(),
                User {
                    phone: phone.into(),
                    name: Some(name.into()),
                    licence_class: licence.map(Into::into),
                    points,
                },
            );
        }
        for &(id, plate_type, plate, owner, engine) in VEHICLES {
            w.vehicles.push(Vehicle {
                id: id.into(),
                plate_type,
                plate_number: plate.into(),
                owner_phone: owner.into(),
                engine_number: engine.into(),
            });
        }
        for &(token, vehicle, status, days) in QR_TOKENS {
            w.qr_tokens.push(QrToken {
                token: token.into(),
                vehicle_id: vehicle.into(),
                expires_at: now + days * DAY,
                status,
            });
        }
        for &(id, applicant, vehicle, method, state, days) in FILINGS {
            let at = now - days * DAY;
            w.filings.push(FilingRec {
                id: id.into(),
                applicant: applicant.into(),
                vehicle_id: vehicle.into(),
                method,
                state,
                missing_photos: vec![],
                documents: vec![],
                reason: None,
                created_at: at,
                approved_at: Some(at),
            });
        }
        // 赵磊 (13600136000) used this year's five applications: rejected ones, dated within this
        // calendar year (several on the same day when the year is young).
        let year_start = beian_domain::Date::new(today.year(), 1, 1).unwrap_or(today);
        let days_into_year = year_start.days_until(today);
        for i in 0..5i64 {
            let back = (i + 1).min(days_into_year);
            w.filings.push(FilingRec {
                id: format!("f-seed-r{}", i + 1),
                applicant: "13600136000".into(),
                vehicle_id: if i % 2 == 0 { "v-3" } else { "v-4" }.into(),
                method: FilingMethod::OwnerSms,
                state: FilingState::Rejected,
                missing_photos: vec![],
                documents: vec![],
                reason: Some("证件照片不清晰".into()),
                created_at: now - back * DAY,
                approved_at: None,
            });
        }
        for (n, &(id, vehicle, days, place, code, desc, points, yuan, decision, paid)) in
            VIOLATIONS.iter().enumerate()
        {
            let decision_number = decision.map(|_| format!("1101{:012}", 5_000_000 + n as u64));
            w.violations.push(ViolationRec {
                id: id.into(),
                vehicle_id: vehicle.into(),
                time: now - days * DAY - 3_600 * (n as i64 % 7) - 17 * 60,
                place: place.into(),
                code: code.into(),
                description: desc.into(),
                points,
                fine_fen: yuan * 100,
                detecting_authority: authority(vehicle, false),
                handling_authority: authority(vehicle, true),
                decision_number,
                decision_date: decision.map(|d| today.add_days(-d)),
                paid,
            });
        }
        w.seq = 1000;
        w
    }
}

fn authority(vehicle: &str, handling: bool) -> String {
    let city = match vehicle {
        "v-1" | "v-5" => "北京市公安局公安交通管理局",
        "v-2" => "上海市公安局交通警察总队",
        "v-3" => "深圳市公安局交通警察支队",
        "v-4" => "杭州市公安局交通警察支队",
        "v-6" => "成都市公安局交通管理局",
        _ => "公安交通管理部门",
    };
    if handling {
        format!("{city}（网上处理）")
    } else {
        format!("{city}电子警察")
    }
}
