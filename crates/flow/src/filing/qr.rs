//! The owner's vehicle QR code method: the photos and the details the server asked for when the
//! scanned code was resolved, and what the applicant gave.

use beian_contract::filing::{DetailField, PhotoSlot, Relationship, VehicleMatch};
use beian_domain::{parse_engine_last6, EngineError};
use serde::{Deserialize, Serialize};

/// A photo the QR method asks for, and the id the server gave it once uploaded (the photo itself
/// is never stored on the device).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrPhoto {
    /// Which photo.
    pub slot: PhotoSlot,
    /// The server's id of the uploaded photo.
    pub photo_id: Option<String>,
}

/// What the QR method asks for and what the applicant gave.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrVehicle {
    /// The photos asked for, with the ids of those uploaded.
    pub photos: Vec<QrPhoto>,
    /// The details asked for.
    pub details: Vec<DetailField>,
    /// The engine number's last six as typed.
    pub engine: String,
    /// The relationship to the owner chosen.
    pub relationship: Option<Relationship>,
    /// The details were given and checked.
    pub details_done: bool,
}

/// The details as checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Details {
    /// The engine digits, normalised (empty when not asked for).
    pub engine: String,
    /// The relationship (when asked for).
    pub relationship: Option<Relationship>,
}

/// What is wrong with the details given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DetailsProblems {
    /// The engine digits' problem.
    pub engine: Option<EngineError>,
    /// The relationship was asked for and not chosen.
    pub relationship_missing: bool,
}

impl QrVehicle {
    /// What a resolved code asks for (photos and details this app cannot name are skipped).
    pub fn asked(&mut self, m: &VehicleMatch) {
        self.photos = m
            .required_photos
            .iter()
            .filter(|p| p.slot != PhotoSlot::Unknown)
            .map(|p| QrPhoto {
                slot: p.slot,
                photo_id: None,
            })
            .collect();
        self.details = m
            .required_details
            .iter()
            .copied()
            .filter(|d| *d != DetailField::Unknown)
            .collect();
        self.details_done = false;
    }

    /// Forgets what the match asked for.
    pub fn forget(&mut self) {
        self.photos.clear();
        self.details.clear();
        self.details_done = false;
    }

    /// Whether a photo asked for is not uploaded yet.
    pub fn photos_missing(&self) -> bool {
        self.photos.iter().any(|p| p.photo_id.is_none())
    }

    /// Whether the engine digits are asked for.
    pub fn asks_engine(&self) -> bool {
        self.details.contains(&DetailField::EngineLast6)
    }

    /// Whether the relationship is asked for.
    pub fn asks_relationship(&self) -> bool {
        self.details.contains(&DetailField::Relationship)
    }

    /// The ids of the uploaded photos, in the order asked.
    pub fn photo_ids(&self) -> Vec<String> {
        self.photos
            .iter()
            .filter_map(|p| p.photo_id.clone())
            .collect()
    }

    /// Checks the details given against what was asked for.
    pub fn check_details(
        &self,
        engine: &str,
        relationship: Option<Relationship>,
    ) -> Result<Details, DetailsProblems> {
        let mut problems = DetailsProblems::default();
        let mut engine_value = String::new();
        if self.asks_engine() {
            match parse_engine_last6(engine) {
                Ok(e) => engine_value = e.as_str().to_owned(),
                Err(e) => problems.engine = Some(e),
            }
        }
        problems.relationship_missing = self.asks_relationship() && relationship.is_none();
        if problems == DetailsProblems::default() {
            Ok(Details {
                engine: engine_value,
                relationship,
            })
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(details: Vec<DetailField>) -> QrVehicle {
        QrVehicle {
            details,
            ..QrVehicle::default()
        }
    }

    #[test]
    fn only_what_was_asked_for_is_checked() {
        let both = asking(vec![DetailField::EngineLast6, DetailField::Relationship]);
        assert_eq!(
            both.check_details(" e20488 ", Some(Relationship::Friend)),
            Ok(Details {
                engine: "E20488".into(),
                relationship: Some(Relationship::Friend)
            })
        );
        assert_eq!(
            both.check_details("e2", None),
            Err(DetailsProblems {
                engine: Some(EngineError::WrongLength { actual: 2 }),
                relationship_missing: true
            })
        );
        let none = asking(vec![]);
        assert_eq!(
            none.check_details("not checked", None),
            Ok(Details {
                engine: String::new(),
                relationship: None
            })
        );
    }
}
