//! Parsing of the error-corrected data codewords of a QR symbol: every mode of
//! ISO/IEC 18004 plus Hanzi (GB/T 18284), ECI designators, FNC1 (GS1 and AIM),
//! structured append, and the charset decision for byte-mode data.

use encoding_rs::{Encoding, GB18030, SHIFT_JIS, UTF_8};

/// The mode of one segment of a QR symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Numeric,
    Alphanumeric,
    Byte,
    Kanji,
    /// GB/T 18284 Hanzi mode (mode indicator 1101), GB2312 subset.
    Hanzi,
}

/// One data segment as read from the symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentInfo {
    pub mode: Mode,
    /// Character count from the segment header (bytes for byte mode).
    pub count: usize,
    /// ECI designator in effect for this segment, if any.
    pub eci: Option<u32>,
    /// Charset used to turn this segment into text (WHATWG-style label).
    pub charset: &'static str,
}

/// Structured-append header (the symbol is part `index` of `total`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StructuredAppend {
    /// Position of this symbol, 0-based.
    pub index: u8,
    /// Number of symbols in the sequence (1..=16).
    pub total: u8,
    /// Parity byte of the whole message.
    pub parity: u8,
}

/// FNC1 marker found in the symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fnc1 {
    /// FNC1 in first position: GS1 data (symbology identifier `]Q3`).
    Gs1,
    /// FNC1 in second position with its application indicator (`]Q5`).
    Aim(u8),
}

/// The payload of a decoded symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    pub text: String,
    pub bytes: Vec<u8>,
    pub segments: Vec<SegmentInfo>,
    /// First ECI designator of the symbol, if any.
    pub eci: Option<u32>,
    pub fnc1: Option<Fnc1>,
    pub structured_append: Option<StructuredAppend>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadError {
    Underflow,
    UnknownMode,
    BadEci,
    BadData,
}

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bits<'_> {
    fn remaining(&self) -> usize {
        self.data.len() * 8 - self.pos
    }

    fn take(&mut self, n: usize) -> Result<u32, PayloadError> {
        if n > 32 || self.remaining() < n {
            return Err(PayloadError::Underflow);
        }
        let mut v = 0u32;
        for _ in 0..n {
            let b = (self.data[self.pos >> 3] >> (7 - (self.pos & 7))) & 1;
            v = (v << 1) | b as u32;
            self.pos += 1;
        }
        Ok(v)
    }
}

fn count_bits(mode: Mode, version: usize) -> usize {
    let class = match version {
        0..=9 => 0,
        10..=26 => 1,
        _ => 2,
    };
    match mode {
        Mode::Numeric => [10, 12, 14][class],
        Mode::Alphanumeric => [9, 11, 13][class],
        Mode::Byte => [8, 16, 16][class],
        Mode::Kanji | Mode::Hanzi => [8, 10, 12][class],
    }
}

const ALNUM: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// A run of raw bytes that will be turned into text with one charset.
struct Piece {
    bytes: Vec<u8>,
    kind: PieceKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PieceKind {
    Ascii,
    /// Byte mode under an ECI designator.
    Eci(u32),
    /// Byte mode without ECI: charset guessed over all such bytes.
    Guess,
    Kanji,
    Hanzi,
}

/// Parse the corrected data codewords of a symbol of the given version.
pub fn parse(data: &[u8], version: usize) -> Result<Payload, PayloadError> {
    let mut bits = Bits { data, pos: 0 };
    let mut pieces: Vec<Piece> = Vec::new();
    let mut seg_kinds: Vec<(Mode, usize, Option<u32>, PieceKind)> = Vec::new();
    let mut eci: Option<u32> = None;
    let mut first_eci = None;
    let mut fnc1 = None;
    let mut sa = None;
    let mut saw_kanji = false;

    let push = |pieces: &mut Vec<Piece>, kind: PieceKind, bytes: &[u8]| {
        if let Some(last) = pieces.last_mut() {
            if last.kind == kind {
                last.bytes.extend_from_slice(bytes);
                return;
            }
        }
        pieces.push(Piece {
            bytes: bytes.to_vec(),
            kind,
        });
    };

    while bits.remaining() >= 4 {
        let mode = bits.take(4)?;
        match mode {
            0 => break,
            1 => {
                let count = bits.take(count_bits(Mode::Numeric, version))? as usize;
                let mut out = Vec::with_capacity(count);
                let mut left = count;
                while left >= 3 {
                    let v = bits.take(10)?;
                    if v > 999 {
                        return Err(PayloadError::BadData);
                    }
                    out.extend_from_slice(format!("{v:03}").as_bytes());
                    left -= 3;
                }
                if left == 2 {
                    let v = bits.take(7)?;
                    if v > 99 {
                        return Err(PayloadError::BadData);
                    }
                    out.extend_from_slice(format!("{v:02}").as_bytes());
                } else if left == 1 {
                    let v = bits.take(4)?;
                    if v > 9 {
                        return Err(PayloadError::BadData);
                    }
                    out.push(b'0' + v as u8);
                }
                push(&mut pieces, PieceKind::Ascii, &out);
                seg_kinds.push((Mode::Numeric, count, eci, PieceKind::Ascii));
            }
            2 => {
                let count = bits.take(count_bits(Mode::Alphanumeric, version))? as usize;
                let mut out = Vec::with_capacity(count);
                let mut left = count;
                while left >= 2 {
                    let v = bits.take(11)? as usize;
                    if v >= 45 * 45 {
                        return Err(PayloadError::BadData);
                    }
                    out.push(ALNUM[v / 45]);
                    out.push(ALNUM[v % 45]);
                    left -= 2;
                }
                if left == 1 {
                    let v = bits.take(6)? as usize;
                    if v >= 45 {
                        return Err(PayloadError::BadData);
                    }
                    out.push(ALNUM[v]);
                }
                if fnc1.is_some() {
                    // In FNC1 mode "%" stands for GS and "%%" for a literal "%".
                    let mut conv = Vec::with_capacity(out.len());
                    let mut i = 0;
                    while i < out.len() {
                        if out[i] == b'%' {
                            if i + 1 < out.len() && out[i + 1] == b'%' {
                                conv.push(b'%');
                                i += 2;
                                continue;
                            }
                            conv.push(0x1d);
                        } else {
                            conv.push(out[i]);
                        }
                        i += 1;
                    }
                    out = conv;
                }
                push(&mut pieces, PieceKind::Ascii, &out);
                seg_kinds.push((Mode::Alphanumeric, count, eci, PieceKind::Ascii));
            }
            3 => {
                let index = bits.take(4)? as u8;
                let total = bits.take(4)? as u8 + 1;
                let parity = bits.take(8)? as u8;
                sa = Some(StructuredAppend {
                    index,
                    total,
                    parity,
                });
            }
            4 => {
                let count = bits.take(count_bits(Mode::Byte, version))? as usize;
                if bits.remaining() < count * 8 {
                    return Err(PayloadError::Underflow);
                }
                let mut out = Vec::with_capacity(count);
                for _ in 0..count {
                    out.push(bits.take(8)? as u8);
                }
                let kind = match eci {
                    Some(e) => PieceKind::Eci(e),
                    None => PieceKind::Guess,
                };
                push(&mut pieces, kind, &out);
                seg_kinds.push((Mode::Byte, count, eci, kind));
            }
            5 => fnc1 = Some(Fnc1::Gs1),
            9 => {
                let ai = bits.take(8)? as u8;
                fnc1 = Some(Fnc1::Aim(ai));
            }
            7 => {
                let b0 = bits.take(8)?;
                let value = if b0 & 0x80 == 0 {
                    b0
                } else if b0 & 0xc0 == 0x80 {
                    ((b0 & 0x3f) << 8) | bits.take(8)?
                } else if b0 & 0xe0 == 0xc0 {
                    ((b0 & 0x1f) << 16) | bits.take(16)?
                } else {
                    return Err(PayloadError::BadEci);
                };
                if value > 999_999 {
                    return Err(PayloadError::BadEci);
                }
                eci = Some(value);
                if first_eci.is_none() {
                    first_eci = Some(value);
                }
            }
            8 => {
                saw_kanji = true;
                let count = bits.take(count_bits(Mode::Kanji, version))? as usize;
                if bits.remaining() < count * 13 {
                    return Err(PayloadError::Underflow);
                }
                let mut out = Vec::with_capacity(count * 2);
                for _ in 0..count {
                    let d = bits.take(13)?;
                    let v = ((d / 0xc0) << 8) | (d % 0xc0);
                    let sj = if v + 0x8140 <= 0x9ffc {
                        v + 0x8140
                    } else {
                        v + 0xc140
                    };
                    out.push((sj >> 8) as u8);
                    out.push(sj as u8);
                }
                push(&mut pieces, PieceKind::Kanji, &out);
                seg_kinds.push((Mode::Kanji, count, eci, PieceKind::Kanji));
            }
            13 => {
                let subset = bits.take(4)?;
                if subset != 1 {
                    return Err(PayloadError::UnknownMode);
                }
                let count = bits.take(count_bits(Mode::Hanzi, version))? as usize;
                if bits.remaining() < count * 13 {
                    return Err(PayloadError::Underflow);
                }
                let mut out = Vec::with_capacity(count * 2);
                for _ in 0..count {
                    let d = bits.take(13)?;
                    let v = ((d / 0x60) << 8) | (d % 0x60);
                    let gb = if v < 0x0a00 { v + 0xa1a1 } else { v + 0xa6a1 };
                    if gb > 0xffff {
                        return Err(PayloadError::BadData);
                    }
                    out.push((gb >> 8) as u8);
                    out.push(gb as u8);
                }
                push(&mut pieces, PieceKind::Hanzi, &out);
                seg_kinds.push((Mode::Hanzi, count, eci, PieceKind::Hanzi));
            }
            _ => return Err(PayloadError::UnknownMode),
        }
    }

    // Charset for byte-mode data without ECI, decided over all of it.
    let guess_bytes: Vec<u8> = pieces
        .iter()
        .filter(|p| p.kind == PieceKind::Guess)
        .flat_map(|p| p.bytes.iter().copied())
        .collect();
    let guessed = guess_charset(&guess_bytes, saw_kanji);

    let mut text = String::new();
    let mut bytes = Vec::new();

    // Some encoders (the Rust `qrcode` crate among them) put pairs of UTF-8
    // bytes that happen to fall in the Shift_JIS ranges into Kanji mode. When
    // there is no ECI and all the data bytes, Kanji pairs included, form valid
    // multi-byte UTF-8, read them as one UTF-8 text.
    if first_eci.is_none() && saw_kanji {
        let all: Vec<u8> = pieces
            .iter()
            .flat_map(|p| p.bytes.iter().copied())
            .collect();
        if all.iter().any(|&b| b >= 0x80) {
            if let Ok(t) = std::str::from_utf8(&all) {
                let segments = seg_kinds
                    .into_iter()
                    .map(|(mode, count, eci, _)| SegmentInfo {
                        mode,
                        count,
                        eci,
                        charset: "UTF-8",
                    })
                    .collect();
                return Ok(Payload {
                    text: t.to_string(),
                    bytes: all,
                    segments,
                    eci: None,
                    fnc1,
                    structured_append: sa,
                });
            }
        }
    }

    for p in &pieces {
        bytes.extend_from_slice(&p.bytes);
        let cs = match p.kind {
            PieceKind::Ascii => Charset::Latin1,
            PieceKind::Guess => guessed,
            PieceKind::Eci(e) => charset_for_eci(e).ok_or(PayloadError::BadEci)?,
            PieceKind::Kanji => Charset::Enc(SHIFT_JIS),
            PieceKind::Hanzi => Charset::Enc(GB18030),
        };
        text.push_str(&cs.decode(&p.bytes).ok_or(PayloadError::BadData)?);
    }

    let segments = seg_kinds
        .into_iter()
        .map(|(mode, count, eci, kind)| SegmentInfo {
            mode,
            count,
            eci,
            charset: match kind {
                PieceKind::Ascii => "us-ascii",
                PieceKind::Guess => guessed.label(),
                PieceKind::Eci(e) => charset_for_eci(e).map(|c| c.label()).unwrap_or("?"),
                PieceKind::Kanji => "shift_jis",
                PieceKind::Hanzi => "gb18030",
            },
        })
        .collect();

    Ok(Payload {
        text,
        bytes,
        segments,
        eci: first_eci,
        fnc1,
        structured_append: sa,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Charset {
    Latin1,
    Cp437,
    Enc(&'static Encoding),
}

impl Charset {
    fn label(self) -> &'static str {
        match self {
            Charset::Latin1 => "iso-8859-1",
            Charset::Cp437 => "cp437",
            Charset::Enc(e) => e.name(),
        }
    }

    /// Decode strictly: `None` if the bytes are not valid in this charset.
    fn decode(self, b: &[u8]) -> Option<String> {
        match self {
            Charset::Latin1 => Some(b.iter().map(|&c| c as char).collect()),
            Charset::Cp437 => Some(
                b.iter()
                    .map(|&c| {
                        if c < 0x80 {
                            c as char
                        } else {
                            CP437_HIGH.chars().nth((c - 0x80) as usize).unwrap_or('?')
                        }
                    })
                    .collect(),
            ),
            Charset::Enc(e) => {
                let (s, had_errors) = e.decode_without_bom_handling(b);
                if had_errors {
                    None
                } else {
                    Some(s.into_owned())
                }
            }
        }
    }
}

const CP437_HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";

pub(crate) fn charset_for_eci(eci: u32) -> Option<Charset> {
    use encoding_rs::*;
    Some(match eci {
        0 | 2 => Charset::Cp437,
        1 | 3 => Charset::Latin1,
        4 => Charset::Enc(ISO_8859_2),
        5 => Charset::Enc(ISO_8859_3),
        6 => Charset::Enc(ISO_8859_4),
        7 => Charset::Enc(ISO_8859_5),
        8 => Charset::Enc(ISO_8859_6),
        9 => Charset::Enc(ISO_8859_7),
        10 => Charset::Enc(ISO_8859_8),
        11 => Charset::Enc(WINDOWS_1254), // ISO-8859-9 (WHATWG maps it to windows-1254)
        12 => Charset::Enc(ISO_8859_10),
        13 => Charset::Enc(WINDOWS_874), // ISO-8859-11 (Thai)
        15 => Charset::Enc(ISO_8859_13),
        16 => Charset::Enc(ISO_8859_14),
        17 => Charset::Enc(ISO_8859_15),
        18 => Charset::Enc(ISO_8859_16),
        20 => Charset::Enc(SHIFT_JIS),
        21 => Charset::Enc(WINDOWS_1250),
        22 => Charset::Enc(WINDOWS_1251),
        23 => Charset::Enc(WINDOWS_1252),
        24 => Charset::Enc(WINDOWS_1256),
        25 => Charset::Enc(UTF_16BE),
        26 => Charset::Enc(UTF_8),
        27 | 170 => Charset::Latin1, // US-ASCII / ISO 646 invariant
        28 => Charset::Enc(BIG5),
        29 | 32 => Charset::Enc(GB18030), // GB2312 is a subset of GB18030
        30 => Charset::Enc(EUC_KR),
        _ => return None,
    })
}

/// Fraction of the non-ASCII characters that are kana (full or half width).
fn kana_fraction(s: &str) -> f64 {
    let non_ascii = s.chars().filter(|c| !c.is_ascii()).count();
    if non_ascii == 0 {
        return 0.0;
    }
    let kana = s
        .chars()
        .filter(|&c| {
            ('\u{3041}'..='\u{30ff}').contains(&c) || ('\u{ff61}'..='\u{ff9f}').contains(&c)
        })
        .count();
    kana as f64 / non_ascii as f64
}

/// Whether a Shift_JIS reading looks like Japanese writing: no half-width katakana (what
/// GB2312 bytes turn into when read as Shift_JIS: its lead bytes 0xA1..=0xDF are single-byte
/// katakana there) and at least 90 % of the non-ASCII characters are kana, CJK ideographs,
/// full-width forms (Latin letters, digits) or CJK punctuation.
fn japanese_like(s: &str) -> bool {
    let mut non_ascii = 0usize;
    let mut japanese = 0usize;
    for c in s.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        if ('\u{ff61}'..='\u{ff9f}').contains(&c) {
            return false;
        }
        if ('\u{3000}'..='\u{30ff}').contains(&c)
            || ('\u{4e00}'..='\u{9fff}').contains(&c)
            || ('\u{ff01}'..='\u{ff5e}').contains(&c)
        {
            japanese += 1;
        }
    }
    non_ascii > 0 && japanese * 10 >= non_ascii * 9
}

/// About 560 of the most frequent hanzi of modern Chinese text.
const COMMON_HANZI: &str = include_str!("common_hanzi.txt");

/// Fraction of the CJK ideographs of `s` that are common hanzi (1.0 when
/// there are none).
fn common_hanzi_fraction(s: &str) -> f64 {
    let mut n = 0usize;
    let mut common = 0usize;
    for c in s.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)) {
        n += 1;
        if COMMON_HANZI.contains(c) {
            common += 1;
        }
    }
    if n == 0 {
        1.0
    } else {
        common as f64 / n as f64
    }
}

/// Count double-byte GB18030 characters outside GB2312 (the GBK extension
/// areas, lead bytes 0x81..=0xA0 or trail bytes below 0xA1): text written in
/// Chinese rarely uses them, Shift_JIS bytes read as GB18030 mostly land there.
fn gb_outside_gb2312(b: &[u8]) -> (usize, usize) {
    let (mut inside, mut outside) = (0, 0);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            i += 1;
            continue;
        }
        if i + 1 < b.len() && (0x30..=0x39).contains(&b[i + 1]) {
            // four-byte sequence
            outside += 1;
            i += 4;
            continue;
        }
        if i + 1 < b.len() {
            let t = b[i + 1];
            if (0xa1..=0xf7).contains(&c) && (0xa1..=0xfe).contains(&t) {
                inside += 1;
            } else {
                outside += 1;
            }
        }
        i += 2;
    }
    (inside, outside)
}

/// The byte-mode charset guess for a Chinese user: valid UTF-8 first, then
/// GB18030, Shift_JIS only where GB18030 is invalid (or implausible: see
/// below) or Kanji mode appears in the same symbol, ISO-8859-1 last.
pub(crate) fn guess_charset(b: &[u8], saw_kanji: bool) -> Charset {
    if b.iter().all(|&c| c < 0x80) {
        return Charset::Latin1;
    }
    if std::str::from_utf8(b).is_ok() {
        return Charset::Enc(UTF_8);
    }
    let gb = Charset::Enc(GB18030).decode(b);
    let sj = Charset::Enc(SHIFT_JIS).decode(b);
    match (gb, sj) {
        (Some(g), Some(s)) => {
            if saw_kanji {
                return Charset::Enc(SHIFT_JIS);
            }
            // Both read without error, and valid Shift_JIS is often valid
            // GB18030 (and the reverse). Keep GB18030 unless its reading looks
            // unlike Chinese while the Shift_JIS reading looks Japanese:
            // - mostly outside GB2312 (Shift_JIS kanji and full-width letters have
            //   lead bytes 0x81..=0x9F, in GBK's extension area) while the Shift_JIS
            //   reading is plain Japanese writing (kanji-only text needs no kana);
            // - or few of the common hanzi while the Shift_JIS reading is mostly kana.
            let (inside, outside) = gb_outside_gb2312(b);
            let kanji_text = outside > inside && japanese_like(&s);
            let kana_text =
                kana_fraction(&s) >= 0.5 && (outside > inside || common_hanzi_fraction(&g) < 0.34);
            if kanji_text || kana_text {
                Charset::Enc(SHIFT_JIS)
            } else {
                Charset::Enc(GB18030)
            }
        }
        (Some(_), None) => Charset::Enc(GB18030),
        (None, Some(_)) => Charset::Enc(SHIFT_JIS),
        (None, None) => Charset::Latin1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Assemble a bit stream from (value, width) fields, padded to bytes.
    fn stream(fields: &[(u32, usize)]) -> Vec<u8> {
        let mut bits = Vec::new();
        for &(v, n) in fields {
            for i in (0..n).rev() {
                bits.push((v >> i) & 1 == 1);
            }
        }
        bits.chunks(8)
            .map(|c| {
                c.iter()
                    .enumerate()
                    .fold(0u8, |a, (i, &b)| a | ((b as u8) << (7 - i)))
            })
            .collect()
    }

    fn hanzi_value(gb: u16) -> u32 {
        let v = if gb <= 0xaafe {
            gb - 0xa1a1
        } else {
            gb - 0xa6a1
        } as u32;
        (v >> 8) * 0x60 + (v & 0xff)
    }

    #[test]
    fn hanzi_mode_and_plate() {
        // "冀" (GB2312 BCBD) "号" (BAC5) in Hanzi mode, then "K4G7XU" alphanumeric.
        let data = stream(&[
            (0b1101, 4),
            (1, 4), // GB2312 subset
            (2, 8),
            (hanzi_value(0xbcbd), 13),
            (hanzi_value(0xbac5), 13),
            (0b0010, 4),
            (6, 9),
            (20 * 45 + 4, 11),  // K4
            (16 * 45 + 7, 11),  // G7
            (33 * 45 + 30, 11), // XU
            (0, 4),
        ]);
        let p = parse(&data, 1).unwrap();
        assert_eq!(p.text, "冀号K4G7XU");
        assert_eq!(
            p.bytes,
            [0xbc, 0xbd, 0xba, 0xc5, b'K', b'4', b'G', b'7', b'X', b'U']
        );
        assert_eq!(p.segments[0].mode, Mode::Hanzi);
        assert_eq!(p.segments[1].mode, Mode::Alphanumeric);
    }

    #[test]
    fn structured_append_fnc1_second_and_eci() {
        let data = stream(&[
            (0b0011, 4),
            (1, 4), // index 1
            (2, 4), // total 3
            (0x5a, 8),
            (0b1001, 4),
            (37, 8), // FNC1 second position, application indicator
            (0b0111, 4),
            (32, 8), // ECI 32 (GB18030)
            (0b0100, 4),
            (2, 8),
            (0xc4, 8),
            (0xe3, 8), // "你" in GB18030
            (0, 4),
        ]);
        let p = parse(&data, 1).unwrap();
        assert_eq!(
            p.structured_append,
            Some(StructuredAppend {
                index: 1,
                total: 3,
                parity: 0x5a
            })
        );
        assert_eq!(p.fnc1, Some(Fnc1::Aim(37)));
        assert_eq!(p.eci, Some(32));
        assert_eq!(p.text, "你");
    }

    #[test]
    fn truncated_and_unknown_modes_fail() {
        assert!(parse(&stream(&[(0b0100, 4), (200, 8)]), 1).is_err());
        assert!(parse(&stream(&[(0b1111, 4), (0, 4)]), 1).is_err());
        assert!(parse(&stream(&[(0b0111, 4), (0xff, 8)]), 1).is_err());
    }

    #[test]
    fn gb18030_before_shift_jis() {
        // "车牌" in GB18030 is also valid Shift_JIS.
        let (b, _, _) = GB18030.encode("车牌号码");
        assert_eq!(guess_charset(&b, false), Charset::Enc(GB18030));
    }

    #[test]
    fn shift_jis_with_kana() {
        let (b, _, _) = SHIFT_JIS.encode("こんにちは、世界");
        assert_eq!(guess_charset(&b, false), Charset::Enc(SHIFT_JIS));
    }

    /// Japanese Shift_JIS without kana (kanji, full-width Latin) and Chinese GB18030 (simplified,
    /// traditional through GBK, rare hanzi, mixed with ASCII) that both read without error as the
    /// other charset: each is read as what it was written in.
    #[test]
    fn shift_jis_kanji_and_gb18030_both_right() {
        let japanese = [
            "東京都新宿区西新宿二丁目八番一号",
            "ＡＢＣ１２３",
            "品番：ＸＹ－２０４８　東京本社",
            "会員番号　山田太郎",
            "大阪府大阪市北区梅田",
        ];
        for t in japanese {
            let (b, _, unmappable) = SHIFT_JIS.encode(t);
            assert!(!unmappable, "{t}");
            assert!(
                Charset::Enc(GB18030).decode(&b).is_some(),
                "{t}: also GB18030"
            );
            assert_eq!(guess_charset(&b, false), Charset::Enc(SHIFT_JIS), "{t}");
        }
        let chinese = [
            "车牌号码",
            "车辆",
            "冀K4G7XU 号牌种类小型汽车号牌",
            "中华人民共和国道路交通安全法",
            "粤B12345 违法停车 罚款200元",
            "車輛登記證書",
            "鑫淼焱垚犇骉",
            "请于十五日内到交通管理部门接受处理",
        ];
        for t in chinese {
            let (b, _, unmappable) = GB18030.encode(t);
            assert!(!unmappable, "{t}");
            assert_eq!(guess_charset(&b, false), Charset::Enc(GB18030), "{t}");
        }
    }

    #[test]
    fn utf8_first() {
        assert_eq!(
            guess_charset("京A12345 车".as_bytes(), false),
            Charset::Enc(UTF_8)
        );
    }
}
