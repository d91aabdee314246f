//! The owner's SMS code method: the plate type, the plate and the engine number's last six as
//! typed, checked by the domain rules and turned into the lookup request.

use beian_contract::filing::LookupRequest;
use beian_domain::{
    parse_engine_last6, parse_plate, EngineError, PlateError, PlateNumber, PlateType, PROVINCES,
};
use serde::{Deserialize, Serialize};

/// What the SMS method's user typed to identify the vehicle.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsVehicle {
    /// `02` or `52`.
    pub plate_type: Option<String>,
    /// The plate's province character.
    pub province: Option<char>,
    /// The rest of the plate as typed.
    pub plate_rest: String,
    /// The engine number's last six as typed.
    pub engine: String,
}

/// What is wrong with the plate as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlateProblem {
    /// Characters were typed but no province was picked or typed.
    NoProvince,
    /// The plate breaks a rule of its type.
    Format(PlateError),
}

/// Why the lookup cannot be asked for yet: one problem per field (or none for a field that is
/// fine).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VehicleProblems {
    /// The plate's problem.
    pub plate: Option<PlateProblem>,
    /// The engine digits' problem.
    pub engine: Option<EngineError>,
}

impl SmsVehicle {
    /// The plate type chosen, if valid.
    pub fn plate_type(&self) -> Option<PlateType> {
        self.plate_type
            .as_deref()
            .and_then(PlateType::from_code)
            .filter(|t| t.fileable_online())
    }

    /// The province character the rest of the plate starts with, if it does.
    pub fn typed_province(&self) -> Option<char> {
        self.plate_rest
            .trim()
            .chars()
            .next()
            .filter(|c| PROVINCES.contains(c))
    }

    fn province_typed(&self) -> bool {
        self.typed_province().is_some()
    }

    /// The whole plate as typed (province + rest). A province typed into the rest wins.
    pub fn plate_text(&self) -> String {
        let rest = self.plate_rest.trim();
        if self.province_typed() {
            rest.to_owned()
        } else {
            format!(
                "{}{}",
                self.province.map(String::from).unwrap_or_default(),
                rest
            )
        }
    }

    /// The plate, if it is valid for the chosen type.
    pub fn plate(&self) -> Option<PlateNumber> {
        parse_plate(self.plate_type()?, &self.plate_text()).ok()
    }

    /// The lookup request for what was typed, or what is wrong with it. Without a plate type
    /// (the user cannot be on the vehicle screen then) nothing is said and nothing is sent.
    pub fn lookup_request(&self) -> Result<LookupRequest, VehicleProblems> {
        let mut problems = VehicleProblems::default();
        let Some(kind) = self.plate_type() else {
            return Err(problems);
        };
        let plate = match parse_plate(kind, &self.plate_text()) {
            Ok(p) => Some(p),
            Err(_)
                if self.province.is_none()
                    && !self.province_typed()
                    && !self.plate_rest.trim().is_empty() =>
            {
                problems.plate = Some(PlateProblem::NoProvince);
                None
            }
            Err(e) => {
                problems.plate = Some(PlateProblem::Format(e));
                None
            }
        };
        let engine = parse_engine_last6(&self.engine)
            .map_err(|e| problems.engine = Some(e))
            .ok();
        match (plate, engine) {
            (Some(plate), Some(engine)) => Ok(LookupRequest {
                plate_type: kind.code().to_string(),
                plate_number: plate.as_str().to_string(),
                engine_last6: engine.as_str().to_string(),
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(plate_type: &str, province: Option<char>, rest: &str, engine: &str) -> SmsVehicle {
        SmsVehicle {
            plate_type: Some(plate_type.into()),
            province,
            plate_rest: rest.into(),
            engine: engine.into(),
        }
    }

    #[test]
    fn the_lookup_request_holds_the_normalised_plate_and_engine() {
        assert_eq!(
            typed("02", Some('粤'), " b67890 ", "305118").lookup_request(),
            Ok(LookupRequest {
                plate_type: "02".into(),
                plate_number: "粤B67890".into(),
                engine_last6: "305118".into(),
            })
        );
    }

    #[test]
    fn each_field_gets_its_own_problem_and_nothing_is_sent() {
        let p = typed("02", None, "b67890", "3051")
            .lookup_request()
            .unwrap_err();
        assert_eq!(p.plate, Some(PlateProblem::NoProvince));
        assert_eq!(p.engine, Some(EngineError::WrongLength { actual: 4 }));

        let p = typed("02", None, "", "305118")
            .lookup_request()
            .unwrap_err();
        assert_eq!(
            p.plate,
            Some(PlateProblem::Format(PlateError::Empty)),
            "an empty plate is empty, not a missing province"
        );
        assert_eq!(p.engine, None);

        let p = typed("02", Some('京'), "浙AF66888", "305118")
            .lookup_request()
            .unwrap_err();
        assert!(
            matches!(p.plate, Some(PlateProblem::Format(_))),
            "a new-energy plate under the small-car type: {p:?}"
        );
        assert_eq!(
            SmsVehicle::default().lookup_request(),
            Err(VehicleProblems::default())
        );
    }
}
