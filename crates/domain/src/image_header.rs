//! A chosen photo's format and pixel size, read from the first bytes of the file before the
//! browser decodes it.
//!
//! A browser decodes a picture to 4 bytes per pixel whatever its file size, so a 30000×30000 PNG
//! of a few kilobytes (a "decompression bomb") asks for 3.6 GB and can freeze or kill the tab.
//! Reading the header first lets the app refuse such a file, a file too large to read, and a
//! file that only has an image's name (a text saved as `.jpg`) with a specific message, without
//! handing it to the decoder. Plain Rust, no I/O: the caller passes the first bytes
//! ([`HEADER_PREFIX_BYTES`], more if [`HeaderError::Truncated`]) and the file's size.

use std::fmt;

/// How many bytes of a file to read first: enough for the header of every format below, and for a
/// JPEG's frame header after the usual EXIF, ICC and thumbnail segments.
pub const HEADER_PREFIX_BYTES: usize = 256 * 1024;
/// The largest file accepted for a photo (phones save 48 MP photos at 10–20 MB).
pub const MAX_PHOTO_FILE_BYTES: u64 = 25 * 1024 * 1024;
/// The most pixels a photo may have (64 megapixels: more than a phone's 48/50 MP camera, a
/// decoded size of 256 MB); larger pictures are refused before they are decoded.
pub const MAX_PHOTO_PIXELS: u64 = 64_000_000;
/// The longest side a photo may have, in pixels (a panorama of a phone is about 16000 × 3000).
pub const MAX_PHOTO_SIDE: u32 = 20_000;

/// A picture format this app reads the size of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG (baseline, progressive, lossless).
    Jpeg,
    /// WebP (lossy, lossless or extended).
    Webp,
    /// GIF.
    Gif,
    /// HEIF / HEIC / AVIF (iPhone photos): recognised, but its size is not read here; the
    /// browser decides whether it can decode it.
    Heif,
}

/// What the header says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageHeader {
    /// The format.
    pub format: ImageFormat,
    /// Width and height in pixels (`None` for [`ImageFormat::Heif`]).
    pub size: Option<(u32, u32)>,
}

/// Why a file's header cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderError {
    /// No bytes at all. Code `empty`.
    Empty,
    /// The bytes are not a picture of a known format (whatever the file's name or type says).
    /// Code `not_image`.
    NotImage,
    /// The header of a known format is cut short: more bytes are needed (or the file is damaged).
    /// Code `truncated`.
    Truncated,
    /// The header of a known format is inconsistent (e.g. a zero width). Code `damaged`.
    Damaged,
}

impl HeaderError {
    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            HeaderError::Empty => "empty",
            HeaderError::NotImage => "not_image",
            HeaderError::Truncated => "truncated",
            HeaderError::Damaged => "damaged",
        }
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HeaderError::Empty => "the file is empty",
            HeaderError::NotImage => "the file is not a PNG, JPEG, WebP, GIF or HEIF picture",
            HeaderError::Truncated => "the picture's header is cut short",
            HeaderError::Damaged => "the picture's header is damaged",
        })
    }
}

/// Why a chosen file is refused as a photo before it is decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhotoFileError {
    /// The file has no bytes. Code `empty`.
    Empty,
    /// The file is larger than [`MAX_PHOTO_FILE_BYTES`]. Code `file_too_large`.
    FileTooLarge {
        /// The file's size in bytes.
        bytes: u64,
    },
    /// The content is not a picture. Code `not_image`.
    NotImage,
    /// The picture's header is damaged or cut short. Code `damaged`.
    Damaged,
    /// More pixels than [`MAX_PHOTO_PIXELS`], or a side longer than [`MAX_PHOTO_SIDE`]. Code
    /// `too_many_pixels`.
    TooManyPixels {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
}

impl PhotoFileError {
    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            PhotoFileError::Empty => "empty",
            PhotoFileError::FileTooLarge { .. } => "file_too_large",
            PhotoFileError::NotImage => "not_image",
            PhotoFileError::Damaged => "damaged",
            PhotoFileError::TooManyPixels { .. } => "too_many_pixels",
        }
    }
}

impl fmt::Display for PhotoFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhotoFileError::Empty => f.write_str("the file is empty"),
            PhotoFileError::FileTooLarge { bytes } => write!(
                f,
                "the file has {bytes} bytes, more than {MAX_PHOTO_FILE_BYTES}"
            ),
            PhotoFileError::NotImage => f.write_str("the file is not a picture"),
            PhotoFileError::Damaged => f.write_str("the picture is damaged"),
            PhotoFileError::TooManyPixels { width, height } => write!(
                f,
                "the picture is {width}x{height} pixels, too many to decode"
            ),
        }
    }
}

/// Checks a file chosen as a photo before decoding it: `file_size` is the whole file's size,
/// `head` its first bytes (at least [`HEADER_PREFIX_BYTES`] or the whole file). A header cut short
/// at the end of the whole file is [`PhotoFileError::Damaged`]; cut short at the end of `head`, the
/// caller may retry with more bytes ([`photo_needs_more`]).
pub fn check_photo_file(head: &[u8], file_size: u64) -> Result<ImageHeader, PhotoFileError> {
    if file_size == 0 {
        return Err(PhotoFileError::Empty);
    }
    if file_size > MAX_PHOTO_FILE_BYTES {
        return Err(PhotoFileError::FileTooLarge { bytes: file_size });
    }
    let header = read_header(head).map_err(|e| match e {
        HeaderError::Empty => PhotoFileError::Empty,
        HeaderError::NotImage => PhotoFileError::NotImage,
        HeaderError::Truncated | HeaderError::Damaged => PhotoFileError::Damaged,
    })?;
    if let Some((width, height)) = header.size {
        if width.max(height) > MAX_PHOTO_SIDE
            || u64::from(width) * u64::from(height) > MAX_PHOTO_PIXELS
        {
            return Err(PhotoFileError::TooManyPixels { width, height });
        }
    }
    Ok(header)
}

/// Whether `head` (of a file of `file_size` bytes) ends before the header does, so that reading
/// more of the file could answer.
pub fn photo_needs_more(head: &[u8], file_size: u64) -> bool {
    (head.len() as u64) < file_size && read_header(head) == Err(HeaderError::Truncated)
}

/// Reads the format and size from the first bytes of a picture.
pub fn read_header(bytes: &[u8]) -> Result<ImageHeader, HeaderError> {
    if bytes.is_empty() {
        return Err(HeaderError::Empty);
    }
    if is_prefix_of(bytes, b"\x89PNG\r\n\x1a\n") {
        return png(bytes);
    }
    if is_prefix_of(bytes, &[0xFF, 0xD8, 0xFF]) {
        return jpeg(bytes);
    }
    if is_prefix_of(bytes, b"GIF87a") || is_prefix_of(bytes, b"GIF89a") {
        return gif(bytes);
    }
    if is_prefix_of(bytes, b"RIFF") && (bytes.len() < 12 || &bytes[8..12] == b"WEBP") {
        if bytes.len() < 12 {
            return Err(HeaderError::Truncated);
        }
        return webp(bytes);
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        const BRANDS: [&[u8; 4]; 8] = [
            b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif",
        ];
        if BRANDS.iter().any(|b| &bytes[8..12] == *b) {
            return Ok(ImageHeader {
                format: ImageFormat::Heif,
                size: None,
            });
        }
    }
    Err(HeaderError::NotImage)
}

/// `bytes` (not empty) starts with `magic`, or is a beginning of it (then the header is cut short).
fn is_prefix_of(bytes: &[u8], magic: &[u8]) -> bool {
    let n = bytes.len().min(magic.len());
    bytes[..n] == magic[..n]
}

fn be16(b: &[u8], at: usize) -> Result<u16, HeaderError> {
    b.get(at..at + 2)
        .map(|s| u16::from_be_bytes([s[0], s[1]]))
        .ok_or(HeaderError::Truncated)
}

fn be32(b: &[u8], at: usize) -> Result<u32, HeaderError> {
    b.get(at..at + 4)
        .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or(HeaderError::Truncated)
}

fn le16(b: &[u8], at: usize) -> Result<u16, HeaderError> {
    b.get(at..at + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]))
        .ok_or(HeaderError::Truncated)
}

fn le24(b: &[u8], at: usize) -> Result<u32, HeaderError> {
    b.get(at..at + 3)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], 0]))
        .ok_or(HeaderError::Truncated)
}

fn sized(format: ImageFormat, width: u32, height: u32) -> Result<ImageHeader, HeaderError> {
    if width == 0 || height == 0 {
        return Err(HeaderError::Damaged);
    }
    Ok(ImageHeader {
        format,
        size: Some((width, height)),
    })
}

/// PNG: the first chunk must be IHDR (13 bytes: width, height, …).
fn png(b: &[u8]) -> Result<ImageHeader, HeaderError> {
    if b.len() < 8 {
        return Err(HeaderError::Truncated);
    }
    let len = be32(b, 8)?;
    let kind = b.get(12..16).ok_or(HeaderError::Truncated)?;
    if kind != b"IHDR" || len != 13 {
        return Err(HeaderError::Damaged);
    }
    let (w, h) = (be32(b, 16)?, be32(b, 20)?);
    // The PNG specification limits each side to 2^31 - 1.
    if w > i32::MAX as u32 || h > i32::MAX as u32 {
        return Err(HeaderError::Damaged);
    }
    sized(ImageFormat::Png, w, h)
}

/// JPEG: walk the marker segments to the first start-of-frame (SOF0–SOF15 except DHT, JPG and DAC).
fn jpeg(b: &[u8]) -> Result<ImageHeader, HeaderError> {
    let mut at = 2;
    loop {
        // Markers may be preceded by any number of 0xFF fill bytes.
        let mut marker = *b.get(at).ok_or(HeaderError::Truncated)?;
        if marker != 0xFF {
            return Err(HeaderError::Damaged);
        }
        while marker == 0xFF {
            at += 1;
            marker = *b.get(at).ok_or(HeaderError::Truncated)?;
        }
        at += 1;
        match marker {
            // Markers without a length: TEM, RST0–7, a stray SOI.
            0x01 | 0xD0..=0xD8 => continue,
            // End of image or start of scan before any frame header.
            0xD9 | 0xDA | 0x00 => return Err(HeaderError::Damaged),
            _ => {}
        }
        let len = usize::from(be16(b, at)?);
        if len < 2 {
            return Err(HeaderError::Damaged);
        }
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            if len < 8 {
                return Err(HeaderError::Damaged);
            }
            let h = be16(b, at + 3)?;
            let w = be16(b, at + 5)?;
            // A height of 0 (defined later by a DNL marker) is legal but never written by cameras.
            return sized(ImageFormat::Jpeg, u32::from(w), u32::from(h));
        }
        at += len;
    }
}

/// GIF: the logical screen size right after the signature.
fn gif(b: &[u8]) -> Result<ImageHeader, HeaderError> {
    if b.len() < 6 {
        return Err(HeaderError::Truncated);
    }
    sized(
        ImageFormat::Gif,
        u32::from(le16(b, 6)?),
        u32::from(le16(b, 8)?),
    )
}

/// WebP: the first chunk is `VP8 ` (lossy), `VP8L` (lossless) or `VP8X` (extended, with the
/// canvas size).
fn webp(b: &[u8]) -> Result<ImageHeader, HeaderError> {
    let chunk = b.get(12..16).ok_or(HeaderError::Truncated)?;
    match chunk {
        b"VP8 " => {
            // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
            let start = b.get(23..26).ok_or(HeaderError::Truncated)?;
            if start != [0x9D, 0x01, 0x2A] {
                return Err(HeaderError::Damaged);
            }
            let w = u32::from(le16(b, 26)? & 0x3FFF);
            let h = u32::from(le16(b, 28)? & 0x3FFF);
            sized(ImageFormat::Webp, w, h)
        }
        b"VP8L" => {
            if *b.get(20).ok_or(HeaderError::Truncated)? != 0x2F {
                return Err(HeaderError::Damaged);
            }
            let bits = b.get(21..25).ok_or(HeaderError::Truncated)?;
            let v = u32::from_le_bytes([bits[0], bits[1], bits[2], bits[3]]);
            sized(
                ImageFormat::Webp,
                (v & 0x3FFF) + 1,
                ((v >> 14) & 0x3FFF) + 1,
            )
        }
        b"VP8X" => sized(ImageFormat::Webp, le24(b, 24)? + 1, le24(b, 27)? + 1),
        _ => Err(HeaderError::Damaged),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        v.extend_from_slice(&w.to_be_bytes());
        v.extend_from_slice(&h.to_be_bytes());
        v.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        v
    }

    fn jpeg_header(w: u16, h: u16, app_len: usize) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8, 0xFF, 0xE1];
        v.extend_from_slice(&((app_len + 2) as u16).to_be_bytes());
        v.extend(std::iter::repeat_n(0x45, app_len));
        v.extend_from_slice(&[0xFF, 0xFF, 0xC2, 0, 17, 8]);
        v.extend_from_slice(&h.to_be_bytes());
        v.extend_from_slice(&w.to_be_bytes());
        v.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        v
    }

    #[test]
    fn png_jpeg_gif_and_webp_sizes_are_read_from_the_header() {
        assert_eq!(
            read_header(&png_header(4032, 3024)),
            Ok(ImageHeader {
                format: ImageFormat::Png,
                size: Some((4032, 3024))
            })
        );
        assert_eq!(
            read_header(&jpeg_header(4000, 3000, 30_000)).unwrap().size,
            Some((4000, 3000))
        );
        assert_eq!(
            read_header(b"GIF89a\x40\x01\xf0\x00\xf7\0\0").unwrap().size,
            Some((320, 240))
        );
        let mut vp8 = b"RIFF\0\0\0\0WEBPVP8 \0\0\0\0\x30\x01\0\x9d\x01\x2a".to_vec();
        vp8.extend_from_slice(&[0x80, 0x07, 0x38, 0x04]);
        assert_eq!(read_header(&vp8).unwrap().size, Some((1920, 1080)));
        let mut vp8l = b"RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2f".to_vec();
        let bits: u32 = 639 | (479 << 14);
        vp8l.extend_from_slice(&bits.to_le_bytes());
        assert_eq!(read_header(&vp8l).unwrap().size, Some((640, 480)));
        let mut vp8x = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
        vp8x.extend_from_slice(&[0x2F, 0x75, 0x00, 0x2F, 0x75, 0x00]);
        assert_eq!(read_header(&vp8x).unwrap().size, Some((30_000, 30_000)));
        assert_eq!(
            read_header(b"\0\0\0\x18ftypheic\0\0\0\0").unwrap().format,
            ImageFormat::Heif
        );
    }

    #[test]
    fn text_with_an_image_name_is_not_an_image_and_cut_headers_ask_for_more() {
        assert_eq!(
            read_header(b"hello, this is text saved as photo.jpg"),
            Err(HeaderError::NotImage)
        );
        assert_eq!(read_header(b""), Err(HeaderError::Empty));
        assert_eq!(
            read_header(b"RIFF\0\0\0\0WAVEfmt "),
            Err(HeaderError::NotImage)
        );
        let j = jpeg_header(4000, 3000, 30_000);
        assert_eq!(read_header(&j[..20_000]), Err(HeaderError::Truncated));
        assert!(photo_needs_more(&j[..20_000], j.len() as u64));
        assert!(!photo_needs_more(&j[..20_000], 20_000));
        assert_eq!(
            check_photo_file(&j[..20_000], 20_000),
            Err(PhotoFileError::Damaged)
        );
        assert_eq!(
            read_header(&[0xFF, 0xD8, 0xFF, 0xD9]),
            Err(HeaderError::Damaged)
        );
        assert_eq!(read_header(&png_header(0, 10)), Err(HeaderError::Damaged));
        assert_eq!(read_header(b"\x89PN"), Err(HeaderError::Truncated));
    }

    #[test]
    fn empty_huge_and_bomb_files_are_refused_before_decoding() {
        assert_eq!(check_photo_file(b"", 0), Err(PhotoFileError::Empty));
        let big = 50 * 1024 * 1024;
        assert_eq!(
            check_photo_file(&png_header(100, 100), big),
            Err(PhotoFileError::FileTooLarge { bytes: big })
        );
        assert_eq!(
            check_photo_file(&png_header(30_000, 30_000), 4_000),
            Err(PhotoFileError::TooManyPixels {
                width: 30_000,
                height: 30_000
            })
        );
        assert_eq!(
            check_photo_file(&png_header(40_000, 100), 4_000),
            Err(PhotoFileError::TooManyPixels {
                width: 40_000,
                height: 100
            }),
            "a very long side is refused even with few pixels"
        );
        assert!(
            check_photo_file(&png_header(8000, 6000), 4_000).is_ok(),
            "48 MP passes"
        );
        assert!(
            check_photo_file(&png_header(9000, 8000), 4_000).is_err(),
            "72 MP does not"
        );
        assert_eq!(
            check_photo_file(b"plain text", 10),
            Err(PhotoFileError::NotImage)
        );
    }
}
