//! Plate types (GA code list) and plate numbers of the two types fileable online (02 and 52).

use std::fmt;

use crate::text::normalize;

/// The 31 province abbreviations that start a civilian plate, in the order of docs/domain.md (the order
/// the UI's province picker shows them in).
pub const PROVINCES: [char; 31] = [
    '京', '津', '沪', '渝', '冀', '豫', '云', '辽', '黑', '湘', '皖', '鲁', '新', '苏', '浙', '赣',
    '鄂', '桂', '甘', '晋', '蒙', '陕', '吉', '闽', '贵', '粤', '青', '藏', '川', '宁', '琼',
];

/// Characters that mark plates which cannot be filed online: police (警), driving school (学),
/// trailer (挂), Hong Kong (港), Macao (澳), embassy (使) and consulate (领) plates.
pub const SPECIAL_PLATE_CHARS: [char; 7] = ['警', '学', '挂', '港', '澳', '使', '领'];

/// A plate type from the GA code list (号牌种类).
///
/// With the `serde` feature it serialises as its two-digit code, e.g. `"02"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(into = "String", try_from = "String")
)]
pub enum PlateType {
    /// 01 大型汽车 (large vehicle, yellow plate).
    LargeCar,
    /// 02 小型汽车 (small car, blue plate). Fileable online.
    SmallCar,
    /// 03 使馆汽车 (embassy vehicle).
    EmbassyCar,
    /// 04 领馆汽车 (consulate vehicle).
    ConsulateCar,
    /// 05 境外汽车 (vehicle from outside the mainland).
    OverseasCar,
    /// 06 外籍汽车 (foreign vehicle).
    ForeignCar,
    /// 07 普通摩托车 (motorcycle).
    Motorcycle,
    /// 08 轻便摩托车 (light motorcycle / moped).
    LightMotorcycle,
    /// 13 低速车 (low-speed vehicle).
    LowSpeedVehicle,
    /// 14 拖拉机 (tractor).
    Tractor,
    /// 15 挂车 (trailer).
    Trailer,
    /// 16 教练汽车 (driving-school car).
    CoachCar,
    /// 22 临时行驶车 (temporary plate).
    TemporaryPlate,
    /// 23 警用汽车 (police vehicle).
    PoliceCar,
    /// 51 大型新能源汽车 (large new-energy vehicle).
    LargeNewEnergy,
    /// 52 小型新能源汽车 (small new-energy car, green plate). Fileable online.
    SmallNewEnergy,
    /// 99 其他 (other).
    Other,
}

impl PlateType {
    /// Every plate type, in code order.
    pub const ALL: [PlateType; 17] = [
        PlateType::LargeCar,
        PlateType::SmallCar,
        PlateType::EmbassyCar,
        PlateType::ConsulateCar,
        PlateType::OverseasCar,
        PlateType::ForeignCar,
        PlateType::Motorcycle,
        PlateType::LightMotorcycle,
        PlateType::LowSpeedVehicle,
        PlateType::Tractor,
        PlateType::Trailer,
        PlateType::CoachCar,
        PlateType::TemporaryPlate,
        PlateType::PoliceCar,
        PlateType::LargeNewEnergy,
        PlateType::SmallNewEnergy,
        PlateType::Other,
    ];

    /// The two-digit GA code, e.g. `"02"`.
    pub fn code(self) -> &'static str {
        match self {
            PlateType::LargeCar => "01",
            PlateType::SmallCar => "02",
            PlateType::EmbassyCar => "03",
            PlateType::ConsulateCar => "04",
            PlateType::OverseasCar => "05",
            PlateType::ForeignCar => "06",
            PlateType::Motorcycle => "07",
            PlateType::LightMotorcycle => "08",
            PlateType::LowSpeedVehicle => "13",
            PlateType::Tractor => "14",
            PlateType::Trailer => "15",
            PlateType::CoachCar => "16",
            PlateType::TemporaryPlate => "22",
            PlateType::PoliceCar => "23",
            PlateType::LargeNewEnergy => "51",
            PlateType::SmallNewEnergy => "52",
            PlateType::Other => "99",
        }
    }

    /// Looks a type up by its two-digit code (surrounding white space is ignored); `None` if the
    /// code is not in the list.
    pub fn from_code(code: &str) -> Option<PlateType> {
        let code = code.trim();
        PlateType::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The Chinese name, e.g. `"小型汽车"`.
    pub fn zh_name(self) -> &'static str {
        match self {
            PlateType::LargeCar => "大型汽车",
            PlateType::SmallCar => "小型汽车",
            PlateType::EmbassyCar => "使馆汽车",
            PlateType::ConsulateCar => "领馆汽车",
            PlateType::OverseasCar => "境外汽车",
            PlateType::ForeignCar => "外籍汽车",
            PlateType::Motorcycle => "普通摩托车",
            PlateType::LightMotorcycle => "轻便摩托车",
            PlateType::LowSpeedVehicle => "低速车",
            PlateType::Tractor => "拖拉机",
            PlateType::Trailer => "挂车",
            PlateType::CoachCar => "教练汽车",
            PlateType::TemporaryPlate => "临时行驶车",
            PlateType::PoliceCar => "警用汽车",
            PlateType::LargeNewEnergy => "大型新能源汽车",
            PlateType::SmallNewEnergy => "小型新能源汽车",
            PlateType::Other => "其他",
        }
    }

    /// The English name, e.g. `"Small car"`.
    pub fn en_name(self) -> &'static str {
        match self {
            PlateType::LargeCar => "Large vehicle",
            PlateType::SmallCar => "Small car",
            PlateType::EmbassyCar => "Embassy vehicle",
            PlateType::ConsulateCar => "Consulate vehicle",
            PlateType::OverseasCar => "Vehicle from outside the mainland",
            PlateType::ForeignCar => "Foreign vehicle",
            PlateType::Motorcycle => "Motorcycle",
            PlateType::LightMotorcycle => "Light motorcycle",
            PlateType::LowSpeedVehicle => "Low-speed vehicle",
            PlateType::Tractor => "Tractor",
            PlateType::Trailer => "Trailer",
            PlateType::CoachCar => "Driving-school car",
            PlateType::TemporaryPlate => "Temporary plate",
            PlateType::PoliceCar => "Police vehicle",
            PlateType::LargeNewEnergy => "Large new-energy vehicle",
            PlateType::SmallNewEnergy => "Small new-energy car",
            PlateType::Other => "Other",
        }
    }

    /// Whether a vehicle of this type may be filed online: only 02 (small car) and 52 (small
    /// new-energy car).
    pub fn fileable_online(self) -> bool {
        matches!(self, PlateType::SmallCar | PlateType::SmallNewEnergy)
    }
}

impl fmt::Display for PlateType {
    /// Writes the two-digit code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error of converting an unknown code into a [`PlateType`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownPlateType;

impl UnknownPlateType {
    /// Always `"unknown_plate_type"`.
    pub fn code(&self) -> &'static str {
        "unknown_plate_type"
    }
}

impl fmt::Display for UnknownPlateType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown plate type code")
    }
}

impl TryFrom<&str> for PlateType {
    type Error = UnknownPlateType;
    fn try_from(code: &str) -> Result<Self, Self::Error> {
        PlateType::from_code(code).ok_or(UnknownPlateType)
    }
}

impl TryFrom<String> for PlateType {
    type Error = UnknownPlateType;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        PlateType::try_from(code.as_str())
    }
}

impl From<PlateType> for String {
    fn from(t: PlateType) -> String {
        t.code().to_owned()
    }
}

/// Why a plate number was refused. Positions are 1-based and count characters of the normalised
/// input (see [`normalize`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "code", rename_all = "snake_case")
)]
pub enum PlateError {
    /// Nothing was entered. Code `empty`.
    Empty,
    /// The first character is not one of the 31 [`PROVINCES`]. Code `unknown_province`.
    UnknownProvince {
        /// The character found in first position.
        ch: char,
    },
    /// The second character (issuing office) is not a letter A–Z, or is I or O. Code `bad_office`.
    BadOffice {
        /// The character found in second position.
        ch: char,
    },
    /// The plate has the wrong number of characters. Code `wrong_length`.
    WrongLength {
        /// Characters required by the chosen plate type (7 for 02, 8 for 52).
        expected: usize,
        /// Characters entered (after normalisation).
        actual: usize,
    },
    /// A character is not allowed at this position. Code `bad_character`.
    BadCharacter {
        /// 1-based position in the normalised plate.
        position: usize,
        /// The offending character.
        ch: char,
    },
    /// The plate contains 警 学 挂 港 澳 使 or 领: police, driving-school, trailer, Hong Kong, Macao,
    /// embassy or consulate plates cannot be filed online. Code `not_fileable_kind`.
    NotFileableKind {
        /// The special character found.
        ch: char,
    },
    /// The chosen plate type is neither 02 nor 52 and cannot be filed online. Code
    /// `not_fileable_type`.
    NotFileableType {
        /// The chosen type.
        kind: PlateType,
    },
    /// Type 02 was chosen but the 8-character input is a valid new-energy (green, 52) plate. Code
    /// `looks_like_new_energy`.
    LooksLikeNewEnergy,
    /// Type 52 was chosen but the 7-character input is a valid small-car (blue, 02) plate. Code
    /// `looks_like_small_car`.
    LooksLikeSmallCar,
}

impl PlateError {
    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            PlateError::Empty => "empty",
            PlateError::UnknownProvince { .. } => "unknown_province",
            PlateError::BadOffice { .. } => "bad_office",
            PlateError::WrongLength { .. } => "wrong_length",
            PlateError::BadCharacter { .. } => "bad_character",
            PlateError::NotFileableKind { .. } => "not_fileable_kind",
            PlateError::NotFileableType { .. } => "not_fileable_type",
            PlateError::LooksLikeNewEnergy => "looks_like_new_energy",
            PlateError::LooksLikeSmallCar => "looks_like_small_car",
        }
    }
}

impl fmt::Display for PlateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlateError::Empty => f.write_str("enter the plate number"),
            PlateError::UnknownProvince { ch } => {
                write!(f, "'{ch}' is not a province abbreviation")
            }
            PlateError::BadOffice { ch } => write!(
                f,
                "the second character must be a letter A-Z other than I and O, found '{ch}'"
            ),
            PlateError::WrongLength { expected, actual } => write!(
                f,
                "the plate must have {expected} characters, found {actual}"
            ),
            PlateError::BadCharacter { position, ch } => {
                write!(f, "'{ch}' is not allowed at position {position}")
            }
            PlateError::NotFileableKind { ch } => {
                write!(f, "plates with '{ch}' cannot be filed online")
            }
            PlateError::NotFileableType { kind } => write!(
                f,
                "plate type {} ({}) cannot be filed online",
                kind.code(),
                kind.en_name()
            ),
            PlateError::LooksLikeNewEnergy => {
                f.write_str("this looks like a green new-energy plate: choose type 52")
            }
            PlateError::LooksLikeSmallCar => {
                f.write_str("this looks like a blue small-car plate: choose type 02")
            }
        }
    }
}

/// A validated plate number of type 02 or 52, normalised (e.g. `京A12345`, `沪AD12345`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(into = "String", try_from = "String")
)]
pub struct PlateNumber(String);

impl PlateNumber {
    /// The normalised plate, e.g. `"京A12345"`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The plate type implied by the length: 7 characters are 02, 8 are 52.
    pub fn kind(&self) -> PlateType {
        if self.0.chars().count() == 8 {
            PlateType::SmallNewEnergy
        } else {
            PlateType::SmallCar
        }
    }

    /// The province character, e.g. `'京'`.
    pub fn province(&self) -> char {
        self.0.chars().next().unwrap_or('?')
    }

    /// The issuing-office letter, e.g. `'A'`.
    pub fn office(&self) -> char {
        self.0.chars().nth(1).unwrap_or('?')
    }
}

impl fmt::Display for PlateNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for PlateNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<PlateNumber> for String {
    fn from(p: PlateNumber) -> String {
        p.0
    }
}

impl TryFrom<&str> for PlateNumber {
    type Error = PlateError;
    /// Parses as type 52 if the normalised input has 8 characters, otherwise as type 02.
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        let kind = if normalize(s).chars().count() == 8 {
            PlateType::SmallNewEnergy
        } else {
            PlateType::SmallCar
        };
        parse_plate(kind, s)
    }
}

impl TryFrom<String> for PlateNumber {
    type Error = PlateError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        PlateNumber::try_from(s.as_str())
    }
}

/// Whether `c` may follow the office letter on a plate: `[A-HJ-NP-Z0-9]` (no I, no O).
fn is_serial_char(c: char) -> bool {
    (c.is_ascii_uppercase() && c != 'I' && c != 'O') || c.is_ascii_digit()
}

/// Whether `c` is a valid issuing-office letter: A–Z except I and O.
fn is_office_letter(c: char) -> bool {
    c.is_ascii_uppercase() && c != 'I' && c != 'O'
}

/// Required length of a plate of a fileable type.
fn expected_len(kind: PlateType) -> usize {
    if kind == PlateType::SmallNewEnergy {
        8
    } else {
        7
    }
}

/// Checks characters 3.. of a plate whose length is already right for `kind` (02 or 52); returns
/// the first bad position.
fn check_serial(kind: PlateType, chars: &[char]) -> Result<(), PlateError> {
    for (i, &c) in chars.iter().enumerate().skip(2) {
        let ok = if kind == PlateType::SmallNewEnergy {
            match i {
                2 => matches!(c, 'A'..='H' | 'J' | 'K'),
                3 => is_serial_char(c),
                _ => c.is_ascii_digit(),
            }
        } else {
            is_serial_char(c)
        };
        if !ok {
            return Err(PlateError::BadCharacter {
                position: i + 1,
                ch: c,
            });
        }
    }
    Ok(())
}

/// Whether the normalised characters form a complete valid plate of `kind` (02 or 52).
fn valid_as(kind: PlateType, chars: &[char]) -> bool {
    chars.len() == expected_len(kind)
        && PROVINCES.contains(&chars[0])
        && is_office_letter(chars[1])
        && check_serial(kind, chars).is_ok()
}

/// Parses a plate number of the chosen type, after [`normalize`] (so `京a12345`, `粤Ｂ１２３４５` and
/// `京A·12345` are accepted).
///
/// Checks, in order (the first failing one is reported):
/// 1. the type is fileable online (02 or 52), else [`PlateError::NotFileableType`];
/// 2. something was entered, else [`PlateError::Empty`];
/// 3. no special character 警 学 挂 港 澳 使 领 anywhere, else [`PlateError::NotFileableKind`];
/// 4. the first character is a province, else [`PlateError::UnknownProvince`];
/// 5. the second character is an office letter, else [`PlateError::BadOffice`];
/// 6. a type-02 input of 8 characters that is a valid 52 plate gives
///    [`PlateError::LooksLikeNewEnergy`], a type-52 input of 7 characters that is a valid 02 plate
///    gives [`PlateError::LooksLikeSmallCar`];
/// 7. the length (7 for 02, 8 for 52), else [`PlateError::WrongLength`];
/// 8. each remaining character against its position, else [`PlateError::BadCharacter`]:
///    02 takes five of `[A-HJ-NP-Z0-9]`; 52 takes one of `[A-HJK]`, one of `[A-HJ-NP-Z0-9]`, then four
///    digits.
pub fn parse_plate(kind: PlateType, input: &str) -> Result<PlateNumber, PlateError> {
    if !kind.fileable_online() {
        return Err(PlateError::NotFileableType { kind });
    }
    let norm = normalize(input);
    let chars: Vec<char> = norm.chars().collect();
    let Some(&first) = chars.first() else {
        return Err(PlateError::Empty);
    };
    if let Some(&ch) = chars.iter().find(|c| SPECIAL_PLATE_CHARS.contains(c)) {
        return Err(PlateError::NotFileableKind { ch });
    }
    if !PROVINCES.contains(&first) {
        return Err(PlateError::UnknownProvince { ch: first });
    }
    if let Some(&office) = chars.get(1) {
        if !is_office_letter(office) {
            return Err(PlateError::BadOffice { ch: office });
        }
    }
    let expected = expected_len(kind);
    if chars.len() != expected {
        match kind {
            PlateType::SmallCar if valid_as(PlateType::SmallNewEnergy, &chars) => {
                return Err(PlateError::LooksLikeNewEnergy)
            }
            PlateType::SmallNewEnergy if valid_as(PlateType::SmallCar, &chars) => {
                return Err(PlateError::LooksLikeSmallCar)
            }
            _ => {
                return Err(PlateError::WrongLength {
                    expected,
                    actual: chars.len(),
                })
            }
        }
    }
    check_serial(kind, &chars)?;
    Ok(PlateNumber(norm))
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlateType::{SmallCar as T02, SmallNewEnergy as T52};

    #[test]
    fn plate_type_codes_round_trip_and_are_unique() {
        assert_eq!(PlateType::ALL.len(), 17);
        for t in PlateType::ALL {
            assert_eq!(PlateType::from_code(t.code()), Some(t));
            assert_eq!(t.code().len(), 2);
            assert!(!t.zh_name().is_empty() && !t.en_name().is_empty());
            assert_eq!(t.to_string(), t.code());
        }
        let codes: Vec<&str> = PlateType::ALL.iter().map(|t| t.code()).collect();
        assert_eq!(
            codes,
            [
                "01", "02", "03", "04", "05", "06", "07", "08", "13", "14", "15", "16", "22", "23",
                "51", "52", "99"
            ]
        );
        assert_eq!(PlateType::from_code(" 52 "), Some(T52));
        assert_eq!(PlateType::from_code("2"), None);
        assert_eq!(PlateType::from_code("09"), None);
        assert_eq!(PlateType::from_code(""), None);
        assert_eq!(PlateType::try_from("00"), Err(UnknownPlateType));
        assert_eq!(PlateType::SmallCar.zh_name(), "小型汽车");
        assert_eq!(PlateType::SmallNewEnergy.zh_name(), "小型新能源汽车");
        assert_eq!(PlateType::PoliceCar.zh_name(), "警用汽车");
    }

    #[test]
    fn only_02_and_52_are_fileable() {
        let fileable: Vec<_> = PlateType::ALL
            .into_iter()
            .filter(|t| t.fileable_online())
            .collect();
        assert_eq!(fileable, [T02, T52]);
    }

    #[test]
    fn provinces_are_the_31_in_order() {
        let s: String = PROVINCES.iter().collect();
        assert_eq!(
            s,
            "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
        );
        let mut sorted = PROVINCES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 31);
    }

    #[test]
    fn valid_plates() {
        let cases: &[(PlateType, &str, &str)] = &[
            (T02, "京A12345", "京A12345"),
            (T02, "京a12345", "京A12345"),
            (T02, "粤Ｂ１２３４５", "粤B12345"),
            (T02, " 粤b·8c9d7 ", "粤B8C9D7"),
            (T02, "沪A-ZZ999", "沪AZZ999"),
            (T02, "琼Z00000", "琼Z00000"),
            (T02, "新H1A2B3", "新H1A2B3"),
            (T02, "藏A 123 45", "藏A12345"),
            (T52, "沪AD12345", "沪AD12345"),
            (T52, "沪ad12345", "沪AD12345"),
            (T52, "京AF00001", "京AF00001"),
            (T52, "粤BK91234", "粤BK91234"),
            (T52, "闽CHZ0000", "闽CHZ0000"),
            (T52, "浙Ａ Ｄ Ｅ 1234", "浙ADE1234"),
            (T52, "苏EJ01234", "苏EJ01234"),
        ];
        for &(kind, input, expected) in cases {
            let p = parse_plate(kind, input)
                .unwrap_or_else(|e| panic!("{input:?} as {kind:?} should pass, got {e:?}"));
            assert_eq!(p.as_str(), expected);
            assert_eq!(p.to_string(), expected);
            assert_eq!(p.kind(), kind);
        }
        let p = parse_plate(T02, "京A12345").unwrap();
        assert_eq!((p.province(), p.office()), ('京', 'A'));
    }

    #[test]
    fn refused_plates() {
        use PlateError::*;
        let cases: &[(PlateType, &str, PlateError)] = &[
            (T02, "", Empty),
            (T02, "  ·-\u{3000}", Empty),
            (T52, "", Empty),
            (T02, "京A1234警", NotFileableKind { ch: '警' }),
            (T02, "粤B1234学", NotFileableKind { ch: '学' }),
            (T02, "鲁A1234挂", NotFileableKind { ch: '挂' }),
            (T02, "粤Z1234港", NotFileableKind { ch: '港' }),
            (T02, "粤Z1234澳", NotFileableKind { ch: '澳' }),
            (T02, "使123456", NotFileableKind { ch: '使' }),
            (T02, "沪A1234领", NotFileableKind { ch: '领' }),
            (T52, "京A1234警", NotFileableKind { ch: '警' }),
            (T02, "A12345", UnknownProvince { ch: 'A' }),
            (T02, "北A12345", UnknownProvince { ch: '北' }),
            (T02, "1京A2345", UnknownProvince { ch: '1' }),
            (T02, "京I12345", BadOffice { ch: 'I' }),
            (T02, "京O12345", BadOffice { ch: 'O' }),
            (T02, "京112345", BadOffice { ch: '1' }),
            (T02, "京京12345", BadOffice { ch: '京' }),
            (T52, "京o12345", BadOffice { ch: 'O' }),
            (
                T02,
                "京",
                WrongLength {
                    expected: 7,
                    actual: 1,
                },
            ),
            (
                T02,
                "京A1234",
                WrongLength {
                    expected: 7,
                    actual: 6,
                },
            ),
            (
                T02,
                "京A123456",
                WrongLength {
                    expected: 7,
                    actual: 8,
                },
            ),
            (
                T02,
                "京A1234567",
                WrongLength {
                    expected: 7,
                    actual: 9,
                },
            ),
            (
                T52,
                "京AD123",
                WrongLength {
                    expected: 8,
                    actual: 6,
                },
            ),
            (T52, "京AD1234", LooksLikeSmallCar),
            (
                T52,
                "京AD123456",
                WrongLength {
                    expected: 8,
                    actual: 9,
                },
            ),
            (
                T02,
                "京A1234O",
                BadCharacter {
                    position: 7,
                    ch: 'O',
                },
            ),
            (
                T02,
                "京AI2345",
                BadCharacter {
                    position: 3,
                    ch: 'I',
                },
            ),
            (
                T02,
                "京A12!45",
                BadCharacter {
                    position: 5,
                    ch: '!',
                },
            ),
            (
                T02,
                "京A12京45",
                BadCharacter {
                    position: 5,
                    ch: '京',
                },
            ),
            (
                T02,
                "京A12.45",
                BadCharacter {
                    position: 5,
                    ch: '.',
                },
            ),
            (
                T52,
                "京AL12345",
                BadCharacter {
                    position: 3,
                    ch: 'L',
                },
            ),
            (
                T52,
                "京AI12345",
                BadCharacter {
                    position: 3,
                    ch: 'I',
                },
            ),
            (
                T52,
                "京A112345",
                BadCharacter {
                    position: 3,
                    ch: '1',
                },
            ),
            (
                T52,
                "京ADO2345",
                BadCharacter {
                    position: 4,
                    ch: 'O',
                },
            ),
            (
                T52,
                "京AD1234A",
                BadCharacter {
                    position: 8,
                    ch: 'A',
                },
            ),
            (
                T52,
                "京ADA234B",
                BadCharacter {
                    position: 8,
                    ch: 'B',
                },
            ),
            // A large new-energy (51) layout chosen as 52: letter last.
            (
                T52,
                "粤B12345D",
                BadCharacter {
                    position: 3,
                    ch: '1',
                },
            ),
            (T02, "沪AD12345", LooksLikeNewEnergy),
            (T02, "沪ad１２３４５", LooksLikeNewEnergy),
            (T52, "京A12345", LooksLikeSmallCar),
            (T52, "京aBC123", LooksLikeSmallCar),
            (
                PlateType::PoliceCar,
                "京A12345",
                NotFileableType {
                    kind: PlateType::PoliceCar,
                },
            ),
            (
                PlateType::LargeCar,
                "",
                NotFileableType {
                    kind: PlateType::LargeCar,
                },
            ),
            (
                PlateType::LargeNewEnergy,
                "粤B12345D",
                NotFileableType {
                    kind: PlateType::LargeNewEnergy,
                },
            ),
            (
                PlateType::EmbassyCar,
                "使123456",
                NotFileableType {
                    kind: PlateType::EmbassyCar,
                },
            ),
        ];
        for (kind, input, expected) in cases {
            assert_eq!(
                parse_plate(*kind, input).as_ref(),
                Err(expected),
                "input {input:?} as {kind:?}"
            );
        }
    }

    #[test]
    fn eight_chars_invalid_as_52_is_wrong_length_for_02() {
        // 8 characters but position 3 is not [A-HJK]: not a green plate, so plain wrong length.
        assert_eq!(
            parse_plate(T02, "京A123456"),
            Err(PlateError::WrongLength {
                expected: 7,
                actual: 8
            })
        );
        // 7 characters with an I: not a valid blue plate either.
        assert_eq!(
            parse_plate(T52, "京AI2345"),
            Err(PlateError::WrongLength {
                expected: 8,
                actual: 7
            })
        );
    }

    #[test]
    fn every_province_is_accepted() {
        for p in PROVINCES {
            let input = format!("{p}B12345");
            assert!(parse_plate(T02, &input).is_ok(), "{input}");
            let input = format!("{p}BD12345");
            assert!(parse_plate(T52, &input).is_ok(), "{input}");
        }
    }

    #[test]
    fn try_from_picks_the_type_by_length() {
        assert_eq!(PlateNumber::try_from("京a12345").unwrap().kind(), T02);
        assert_eq!(PlateNumber::try_from("沪ad12345").unwrap().kind(), T52);
        assert_eq!(
            PlateNumber::try_from("京A1234警"),
            Err(PlateError::NotFileableKind { ch: '警' })
        );
    }

    #[test]
    fn error_codes() {
        assert_eq!(PlateError::Empty.code(), "empty");
        assert_eq!(
            PlateError::LooksLikeNewEnergy.code(),
            "looks_like_new_energy"
        );
        assert_eq!(
            PlateError::NotFileableType { kind: T02 }.code(),
            "not_fileable_type"
        );
        assert!(PlateError::WrongLength {
            expected: 7,
            actual: 8
        }
        .to_string()
        .contains('7'));
    }
}
