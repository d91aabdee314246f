//! Why the camera cannot be used, in words: said the same way by the face check and by the QR
//! code scanner.

use crate::camera::CameraError;
use crate::i18n::*;

/// The reason the camera cannot be used, in words.
pub fn camera_error_text(e: CameraError) -> String {
    let i18n = use_i18n();
    match e {
        CameraError::NotAllowed => t_string!(i18n, camera.not_allowed),
        CameraError::NotFound => t_string!(i18n, camera.not_found),
        CameraError::InsecureContext => t_string!(i18n, camera.insecure),
        CameraError::NotReadable => t_string!(i18n, camera.not_readable),
        CameraError::Unsupported => t_string!(i18n, camera.unsupported),
        CameraError::CaptureFailed => t_string!(i18n, camera.capture_failed),
    }
    .to_string()
}
