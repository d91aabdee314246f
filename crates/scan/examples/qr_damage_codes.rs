//! The codes of the damage benchmark (`tests/bench/qr-damage.mjs`): a seeded set of QR symbols,
//! versions 1 to 10 in turn, error-correction levels L/M/Q/H, half of them Chinese (UTF-8 in byte
//! mode, no ECI, as Chinese generators write them) and half Latin (the encoder's own optimal
//! segmentation), each filling 50–100 % of its version's capacity. Encoded by the `qrcode` crate.
//! Prints JSON: `[{"text", "version", "ec", "chinese", "rows": ["0110…", …]}, …]` (1 = dark, no
//! quiet zone).
//!
//! ```sh
//! cargo run --release -p beian-scan --example qr_damage_codes -- SEED COUNT
//! ```

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

const HANZI: &str = include_str!("../src/common_hanzi.txt");

/// splitmix64: small, seeded, the same on every machine.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `s` as a JSON string literal.
fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serializes")
}

/// A long Chinese text: hanzi with now and then a plate, a number or punctuation.
fn chinese(rng: &mut Rng) -> String {
    let hanzi: Vec<char> = HANZI.chars().filter(|c| !c.is_whitespace()).collect();
    let mut s = String::new();
    while s.chars().count() < 400 {
        match rng.below(12) {
            0 => s.push_str(&format!("粤B{:05}", rng.below(100_000))),
            1 => s.push('，'),
            2 => s.push_str(&format!("{}", rng.below(10_000))),
            _ => s.push(hanzi[rng.below(hanzi.len())]),
        }
    }
    s
}

/// A long Latin text: a link with a query, or words.
fn latin(rng: &mut Rng) -> String {
    const WORDS: &[&str] = &[
        "vehicle", "filing", "plate", "owner", "Road", "fine", "Camera", "ticket", "notice",
        "paid", "Due", "amount", "city", "station", "record", "code",
    ];
    const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut s = String::new();
    if rng.below(2) == 0 {
        s.push_str("https://example.cn/v?id=");
        while s.len() < 400 {
            if rng.below(16) == 0 {
                s.push('&');
            }
            s.push(ALNUM[rng.below(ALNUM.len())] as char);
        }
    } else {
        while s.len() < 400 {
            s.push_str(WORDS[rng.below(WORDS.len())]);
            s.push(if rng.below(6) == 0 { '.' } else { ' ' });
        }
    }
    s
}

fn encode(text: &str, version: i16, ec: EcLevel, chinese: bool) -> Option<QrCode> {
    let mut bits = Bits::new(Version::Normal(version));
    if chinese {
        bits.push_byte_data(text.as_bytes()).ok()?;
    } else {
        bits.push_optimal_data(text.as_bytes()).ok()?;
    }
    bits.push_terminator(ec).ok()?;
    QrCode::with_bits(bits, ec).ok()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seed: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(1);
    let count: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(40);
    let mut rng = Rng(seed);
    let mut entries = Vec::new();
    for i in 0..count {
        let version = (i % 10) as i16 + 1;
        let is_chinese = (i / 10 + i) % 2 == 0;
        let (ec, ec_name) = [
            (EcLevel::L, "L"),
            (EcLevel::M, "M"),
            (EcLevel::Q, "Q"),
            (EcLevel::H, "H"),
        ][rng.below(4)];
        let long = if is_chinese {
            chinese(&mut rng)
        } else {
            latin(&mut rng)
        };
        let chars: Vec<char> = long.chars().collect();
        // The most characters this version holds, then 50–100 % of it.
        let mut max = 0;
        while max < chars.len() {
            let t: String = chars[..max + 1].iter().collect();
            if encode(&t, version, ec, is_chinese).is_none() {
                break;
            }
            max += 1;
        }
        let n = ((max as f64 * (0.5 + 0.5 * rng.unit())).round() as usize).clamp(1, max.max(1));
        let text: String = chars[..n].iter().collect::<String>().trim().to_string();
        let text = if text.is_empty() {
            "x".to_string()
        } else {
            text
        };
        let code = encode(&text, version, ec, is_chinese).expect("the text fits its version");
        let w = code.width();
        let rows: Vec<String> = code
            .to_colors()
            .chunks(w)
            .map(|row| {
                let bits: String = row
                    .iter()
                    .map(|c| if *c == Color::Dark { '1' } else { '0' })
                    .collect();
                format!("\"{bits}\"")
            })
            .collect();
        entries.push(format!(
            "{{\"text\":{},\"version\":{version},\"ec\":\"{ec_name}\",\"chinese\":{is_chinese},\"rows\":[{}]}}",
            json_string(&text),
            rows.join(",")
        ));
    }
    println!("[\n{}\n]", entries.join(",\n"));
}
