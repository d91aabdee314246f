//! Prints the module matrix of a QR code for each text given, as JSON
//! (`{"TEXT": ["0110…", …], …}`, `1` = dark, no quiet zone), error correction M.
//! The end-to-end specs render their test images from these matrices (stills at an angle,
//! camera videos with noise), so no image is hand-made:
//!
//! ```sh
//! cargo run -p beian-scan --example qr_matrix -- 'BEIAN:1:demo-qr-yueB67890-active' > tests/e2e/qr-codes.json
//! ```

use qrcode::{Color, EcLevel, QrCode};

/// `s` as a JSON string literal.
fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serializes")
}

fn main() {
    let texts: Vec<String> = std::env::args().skip(1).collect();
    let mut entries = Vec::new();
    for text in &texts {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .expect("text fits a QR code");
        let w = code.width();
        let colors = code.to_colors();
        let rows: Vec<String> = colors
            .chunks(w)
            .map(|row| {
                let bits: String = row
                    .iter()
                    .map(|c| if *c == Color::Dark { '1' } else { '0' })
                    .collect();
                format!("    \"{bits}\"")
            })
            .collect();
        entries.push(format!(
            "  {}: [\n{}\n  ]",
            json_string(text),
            rows.join(",\n")
        ));
    }
    println!("{{\n{}\n}}", entries.join(",\n"));
}
