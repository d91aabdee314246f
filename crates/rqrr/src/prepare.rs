use std::{cmp, num::NonZeroUsize};

use crate::identify::match_capstones::CapStoneGroup;
use crate::identify::Point;
use lru::LruCache;

/// An black-and-white image that can be mutated on search for QR codes
///
/// During search for QR codes, some black zones will be recolored in
/// 'different' shades of black. This is done to speed up the search and
/// mitigate the impact of a huge zones.
pub struct PreparedImage<S> {
    buffer: S,
    cache: LruCache<u8, ColoredRegion>,
    /// Patch (beian): `detect_grids_lazy` is running (grids are not hill-climbed).
    pub(crate) lazy_jiggle: bool,
}

impl<S> Clone for PreparedImage<S>
where
    S: Clone,
{
    fn clone(&self) -> Self {
        let mut cache = LruCache::new(self.cache.cap());
        for (k, v) in self.cache.iter() {
            cache.put(*k, *v);
        }

        PreparedImage {
            buffer: self.buffer.clone(),
            cache,
            lazy_jiggle: self.lazy_jiggle,
        }
    }
}

pub trait ImageBuffer {
    fn width(&self) -> usize;
    fn height(&self) -> usize;

    fn get_pixel(&self, x: usize, y: usize) -> u8;
    fn set_pixel(&mut self, x: usize, y: usize, val: u8);

    /// Patch (beian): the first `x' >= x` in row `y` whose pixel is not `val`, or the width.
    fn run_end(&self, x: usize, y: usize, val: u8) -> usize {
        let w = self.width();
        (x..w).find(|&x| self.get_pixel(x, y) != val).unwrap_or(w)
    }
}

#[cfg(feature = "img")]
impl<
        T: image::GenericImage<Pixel = image::Luma<u8>>
            + image::GenericImageView<Pixel = image::Luma<u8>>,
    > ImageBuffer for T
{
    fn width(&self) -> usize {
        self.width() as usize
    }

    fn height(&self) -> usize {
        self.height() as usize
    }

    fn get_pixel(&self, x: usize, y: usize) -> u8 {
        self.get_pixel(x as u32, y as u32).0[0]
    }

    fn set_pixel(&mut self, x: usize, y: usize, val: u8) {
        let pixel = image::Luma::<u8>::from([val; 1]);

        self.put_pixel(x as u32, y as u32, pixel);
    }
}

#[derive(Clone, Debug)]
pub struct BasicImageBuffer {
    w: usize,
    h: usize,
    pixels: Box<[u8]>,
}

// Patch (beian): `#[inline]` on the per-pixel accessors; at opt-level "z"
// (the size profile used for wasm) they were calls in the innermost loops.
impl ImageBuffer for BasicImageBuffer {
    #[inline(always)]
    fn width(&self) -> usize {
        self.w
    }

    #[inline(always)]
    fn height(&self) -> usize {
        self.h
    }

    #[inline(always)]
    fn get_pixel(&self, x: usize, y: usize) -> u8 {
        let w = self.width();
        self.pixels[(y * w) + x]
    }

    #[inline(always)]
    fn set_pixel(&mut self, x: usize, y: usize, val: u8) {
        let w = self.width();
        self.pixels[(y * w) + x] = val
    }

    #[inline]
    fn run_end(&self, x: usize, y: usize, val: u8) -> usize {
        let w = self.w;
        let row = &self.pixels[y * w..(y + 1) * w];
        match row[x..].iter().position(|&p| p != val) {
            Some(i) => x + i,
            None => w,
        }
    }
}

#[derive(Debug, Clone, Copy, Eq, PartialEq)]
pub struct Row {
    pub left: usize,
    pub right: usize,
    pub y: usize,
}

#[derive(Copy, Clone, Debug, Eq, PartialEq)]
pub enum PixelColor {
    White,
    Black,
    CapStone,
    Alignment,
    Tmp1,
    Discarded(u8),
}

#[derive(Copy, Clone, Debug, Eq, PartialEq)]
pub enum ColoredRegion {
    Unclaimed {
        color: PixelColor,
        src_x: usize,
        src_y: usize,
        pixel_count: usize,
    },
    CapStone,
    Alignment,
    Tmp1,
}

impl From<u8> for PixelColor {
    fn from(x: u8) -> Self {
        match x {
            0 => PixelColor::White,
            1 => PixelColor::Black,
            2 => PixelColor::CapStone,
            3 => PixelColor::Alignment,
            4 => PixelColor::Tmp1,
            x => PixelColor::Discarded(x - 5),
        }
    }
}

impl From<PixelColor> for u8 {
    fn from(c: PixelColor) -> Self {
        match c {
            PixelColor::White => 0,
            PixelColor::Black => 1,
            PixelColor::CapStone => 2,
            PixelColor::Alignment => 3,
            PixelColor::Tmp1 => 4,
            PixelColor::Discarded(x) => x + 5,
        }
    }
}

impl PartialEq<u8> for PixelColor {
    fn eq(&self, other: &u8) -> bool {
        let rep: u8 = (*self).into();
        rep == *other
    }
}

/// Patch (beian): `ceil((s - 1) * 2^32 / s)`, for [`decay`].
fn decay_multiplier(s: usize) -> u64 {
    let s = s as u64;
    ((s - 1) << 32).div_ceil(s)
}

/// Patch (beian): `a * (s - 1) / s` (integer division) for `a <= 255 s` and `255 s^2 < 2^32`,
/// with `m = decay_multiplier(s)`.
#[inline(always)]
fn decay(a: u64, m: u64) -> u64 {
    (a * m) >> 32
}

pub trait AreaFiller {
    fn update(&mut self, row: Row);
}

impl<F> AreaFiller for F
where
    F: FnMut(Row),
{
    fn update(&mut self, row: Row) {
        self(row)
    }
}

struct AreaCounter(usize);

impl AreaFiller for AreaCounter {
    fn update(&mut self, row: Row) {
        self.0 += row.right - row.left + 1;
    }
}

/// Patch (beian): a finder pattern (capstone) as found in the image, in pixels: its centre and
/// the four outer corners of its dark ring, in the ring's own order (not the symbol's).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Finder {
    pub center: (f64, f64),
    pub corners: [(f64, f64); 4],
}

/// A finder whose centre was mapped (a degenerate perspective has none).
struct MaybeFinder {
    center: Option<(f64, f64)>,
    corners: [(f64, f64); 4],
}

impl MaybeFinder {
    fn valid(self) -> Option<Finder> {
        Some(Finder {
            center: self.center?,
            corners: self.corners,
        })
    }
}

/// Patch (beian): most candidate capstone groups verified per image.
pub const MAX_GROUP_TESTS: usize = 40;

impl<S> PreparedImage<S>
where
    S: ImageBuffer,
{
    pub fn prepare(mut buf: S) -> Self {
        let w = buf.width();
        let h = buf.height();
        let threshold_s = cmp::max(w / 8, 1);
        // Patch (beian): the running averages are two serial chains of `floor(a * (s - 1) / s) + p`
        // per pixel, most of this pass. The quotient is taken as `(a * m) >> 32` with
        // `m = ceil((s - 1) * 2^32 / s)`: `a * m / 2^32` exceeds `a * (s - 1) / s` by less than
        // `a / 2^32 <= 255 s / 2^32`, while a non-integer `a * (s - 1) / s` lies at least `1 / s`
        // below the next integer, so the floor is the same whenever `255 s^2 < 2^32` (any width
        // under 32 768). One multiply and a shift per step instead of a division, and the two
        // chains are advanced in the same loop so that their latencies overlap.
        let m = decay_multiplier(threshold_s);
        let step = |a: u64, p: u8| decay(a, m) + p as u64;
        let bound = 200 * threshold_s as u64;
        let mut row = vec![0u8; w];
        let mut fwd_avg = vec![0u64; w];
        let mut bwd_avg = vec![0u64; w];
        let mut avg_v = 0u64;
        let mut avg_u = 0u64;

        for y in 0..h {
            for (x, r) in row.iter_mut().enumerate() {
                *r = buf.get_pixel(x, y);
            }
            // Chain `u` walks the row left to right on even rows and right to left on odd rows,
            // chain `v` the other way; a pixel's average is the sum of both chains there.
            let (fwd, bwd) = if y % 2 == 0 {
                (&mut avg_u, &mut avg_v)
            } else {
                (&mut avg_v, &mut avg_u)
            };
            let (mut f, mut b) = (*fwd, *bwd);
            for x in 0..w {
                let xb = w - 1 - x;
                f = step(f, row[x]);
                b = step(b, row[xb]);
                fwd_avg[x] = f;
                bwd_avg[xb] = b;
            }
            *fwd = f;
            *bwd = b;

            for (x, ((&p, &fa), &ba)) in row.iter().zip(&fwd_avg).zip(&bwd_avg).enumerate() {
                // p < floor(a / b)  <=>  (p + 1) * b <= a
                let fill = if (p as u64 + 1) * bound <= (fa + ba) * (100 - 5) {
                    PixelColor::Black
                } else {
                    PixelColor::White
                };
                buf.set_pixel(x, y, fill.into());
            }
        }

        PreparedImage {
            buffer: buf,
            cache: LruCache::new(NonZeroUsize::new(251).unwrap()),
            lazy_jiggle: false,
        }
    }

    /// Group [CapStones](struct.CapStone.html) into [Grids](struct.Grid.html)
    /// that are likely QR codes
    ///
    /// Return a vector of Grids
    /// Patch (beian): as `detect_grids`, but each grid keeps the perspective fitted through its
    /// finder corners and alignment pattern; `RefGridImage::jiggled` hill-climbs it on demand.
    pub fn detect_grids_lazy<'a>(
        &'a mut self,
    ) -> Vec<crate::Grid<crate::identify::grid::RefGridImage<'a, S>>>
    where
        S: Clone,
    {
        self.lazy_jiggle = true;
        self.detect_grids()
    }

    pub fn detect_grids<'a>(
        &'a mut self,
    ) -> Vec<crate::Grid<crate::identify::grid::RefGridImage<'a, S>>>
    where
        S: Clone,
    {
        let mut res = Vec::new();
        // Patch (beian): an empty image has nothing to find (and the pixel
        // lookups below assume at least one pixel).
        if self.width() == 0 || self.height() == 0 {
            return res;
        }
        let stones = crate::capstones_from_image(self);
        let groups = self.find_groupings(stones);
        let locations: Vec<_> = groups
            .into_iter()
            .filter_map(|v| crate::SkewedGridLocation::from_group(self, v))
            .collect();
        for grid_location in locations {
            let bounds = [
                grid_location.c.map(0.0, 0.0),
                grid_location
                    .c
                    .map(grid_location.grid_size as f64 + 1.0, 0.0),
                grid_location.c.map(
                    grid_location.grid_size as f64 + 1.0,
                    grid_location.grid_size as f64 + 1.0,
                ),
                grid_location
                    .c
                    .map(0.0, grid_location.grid_size as f64 + 1.0),
            ];
            let grid = grid_location.into_grid_image(self);
            res.push(crate::Grid { grid, bounds });
        }

        res
    }

    /// Patch (beian): every group of three finder patterns that could corner one symbol, as
    /// rqrr ranks them (the most symmetric first), at most `max`, without the timing-pattern and
    /// alignment-pattern checks `detect_grids` makes. Those read the data area's pixels, which
    /// are a blur on codes of one or two pixels per module, or on a heavily blurred picture,
    /// while the finders, seven modules wide, still stand out: the caller fits the grid itself.
    /// Each group is `[h, corner, v]`: the finder at the symbol's corner in the middle, the
    /// other two along its two sides.
    pub fn finder_groups(&mut self, max: usize) -> Vec<[Finder; 3]> {
        let mut res = Vec::new();
        if self.width() == 0 || self.height() == 0 {
            return res;
        }
        let stones = crate::capstones_from_image(self);
        for idx in 0..stones.len() {
            for (h, v) in crate::identify::find_and_rank_possible_neighbors(&stones, idx) {
                if res.len() >= max {
                    return res;
                }
                let f = |c: &crate::CapStone| MaybeFinder {
                    center: c.c.map_f64(3.5, 3.5),
                    corners: c.corners.map(|p| (p.x as f64, p.y as f64)),
                };
                if let (Some(a), Some(b), Some(c)) = (
                    f(&stones[h]).valid(),
                    f(&stones[idx]).valid(),
                    f(&stones[v]).valid(),
                ) {
                    res.push([a, b, c]);
                }
            }
        }
        res
    }

    /// Find CapStones that form a grid
    ///
    /// By trying to match up the relative perspective of 3
    /// [CapStones](struct.CapStone.html) along with other criteria we can find the
    /// CapStones that corner the same QR code.
    fn find_groupings(&mut self, capstones: Vec<crate::CapStone>) -> Vec<CapStoneGroup>
    where
        S: Clone,
    {
        let mut used_capstones = Vec::new();
        let mut groups = Vec::new();
        // Patch (beian): bound the work per image. Each candidate group costs
        // a copy of the image; a noisy frame can hold hundreds of capstones.
        let mut budget = MAX_GROUP_TESTS;
        for idx in 0..capstones.len() {
            if used_capstones.contains(&idx) {
                continue;
            }
            let pairs = crate::identify::find_and_rank_possible_neighbors(&capstones, idx);
            for pair in pairs {
                if used_capstones.contains(&pair.0) || used_capstones.contains(&pair.1) {
                    continue;
                }
                if budget == 0 {
                    return groups;
                }
                budget -= 1;
                let group_under_test = CapStoneGroup(
                    capstones[pair.0].clone(),
                    capstones[idx].clone(),
                    capstones[pair.1].clone(),
                );
                // Confirm that this group has the other requirements of a QR code.
                // A copy of the input image is used to not contaminate the
                // original on an incorrect set of CapStones
                let mut image_copy = self.clone();
                if crate::SkewedGridLocation::from_group(&mut image_copy, group_under_test.clone())
                    .is_none()
                {
                    continue;
                }
                // This is a viable set, save this grouping
                groups.push(group_under_test);
                used_capstones.push(pair.0);
                used_capstones.push(idx);
                used_capstones.push(pair.1);
            }
        }
        groups
    }

    pub fn without_preparation(buf: S) -> Self {
        for y in 0..buf.height() {
            for x in 0..buf.width() {
                assert!(buf.get_pixel(x, y) < 2);
            }
        }

        PreparedImage {
            buffer: buf,
            cache: LruCache::new(NonZeroUsize::new(251).unwrap()),
            lazy_jiggle: false,
        }
    }

    /// Return the width of the image
    pub fn width(&self) -> usize {
        self.buffer.width()
    }

    /// Return the height of the image
    pub fn height(&self) -> usize {
        self.buffer.height()
    }

    pub(crate) fn get_region(&mut self, (x, y): (usize, usize)) -> ColoredRegion {
        let color: PixelColor = self.buffer.get_pixel(x, y).into();
        match color {
            // Patch (beian): a stale colour is treated as claimed, not a panic.
            PixelColor::Discarded(r) => match self.cache.get(&r) {
                Some(reg) => *reg,
                None => ColoredRegion::Tmp1,
            },
            PixelColor::Black => {
                let cache_fill = self.cache.len();
                let reg_idx = if cache_fill == self.cache.cap().get() {
                    let (c, reg) = self.cache.pop_lru().expect("fill is at capacity (251)");
                    #[allow(clippy::single_match)]
                    match reg {
                        ColoredRegion::Unclaimed {
                            src_x,
                            src_y,
                            color,
                            ..
                        } => {
                            let _ = self.flood_fill(
                                src_x,
                                src_y,
                                color.into(),
                                PixelColor::Black.into(),
                                |_| (),
                            );
                        }
                        _ => (),
                    }
                    c
                } else {
                    cache_fill as u8
                };
                let next_reg_color = PixelColor::Discarded(reg_idx);
                let counter = self.repaint_and_apply((x, y), next_reg_color, AreaCounter(0));
                let new_reg = ColoredRegion::Unclaimed {
                    color: next_reg_color,
                    src_x: x,
                    src_y: y,
                    pixel_count: counter.0,
                };
                self.cache.put(reg_idx, new_reg);
                new_reg
            }
            PixelColor::Tmp1 => ColoredRegion::Tmp1,
            PixelColor::Alignment => ColoredRegion::Alignment,
            PixelColor::CapStone => ColoredRegion::CapStone,
            // Patch (beian): white is no region; callers reject it.
            PixelColor::White => ColoredRegion::Tmp1,
        }
    }

    pub(crate) fn repaint_and_apply<F>(
        &mut self,
        (x, y): (usize, usize),
        target_color: PixelColor,
        fill: F,
    ) -> F
    where
        F: AreaFiller,
    {
        // Patch (beian): out of range, white or same colour: nothing to do
        // (upstream panicked).
        if x >= self.width() || y >= self.height() {
            return fill;
        }
        let src = self.buffer.get_pixel(x, y);
        if PixelColor::White == src || target_color == src {
            return fill;
        }

        self.flood_fill(x, y, src, target_color.into(), fill)
    }

    #[inline]
    pub fn get_pixel_at_point(&self, p: Point) -> PixelColor {
        if self.width() == 0 || self.height() == 0 {
            return PixelColor::White;
        }
        let x = cmp::max(0, cmp::min((self.width() - 1) as i32, p.x));
        let y = cmp::max(0, cmp::min((self.height() - 1) as i32, p.y));
        self.buffer.get_pixel(x as usize, y as usize).into()
    }

    /// Patch (beian): the stored value of a pixel (a [`PixelColor`] as `u8`).
    #[inline(always)]
    pub(crate) fn get_raw(&self, x: usize, y: usize) -> u8 {
        self.buffer.get_pixel(x, y)
    }

    /// Patch (beian): see [`ImageBuffer::run_end`].
    #[inline(always)]
    pub(crate) fn run_end(&self, x: usize, y: usize, val: u8) -> usize {
        self.buffer.run_end(x, y, val)
    }

    #[inline(always)]
    pub fn get_pixel_at(&self, x: usize, y: usize) -> PixelColor {
        self.buffer.get_pixel(x, y).into()
    }

    #[cfg(feature = "img")]
    pub fn write_state_to(&self, p: &str) {
        let mut dyn_img = image::RgbImage::new(self.width() as u32, self.height() as u32);
        const COLORS: [[u8; 3]; 8] = [
            [255, 0, 0],
            [0, 255, 0],
            [0, 0, 255],
            [255, 255, 0],
            [255, 0, 255],
            [0, 255, 255],
            [128, 128, 128],
            [128, 0, 128],
        ];
        for y in 0..self.height() {
            for x in 0..self.width() {
                let px = self.buffer.get_pixel(x, y);
                dyn_img.get_pixel_mut(x as u32, y as u32).0 = if px == 0 {
                    [255, 255, 255]
                } else if px == 1 {
                    [0, 0, 0]
                } else {
                    let i = self.buffer.get_pixel(x, y) - 2;
                    COLORS[(i % 8) as usize]
                }
            }
        }
        dyn_img.save(p).unwrap();
    }

    fn flood_fill<F>(&mut self, x: usize, y: usize, from: u8, to: u8, mut fill: F) -> F
    where
        F: AreaFiller,
    {
        assert_ne!(from, to);
        let w = self.width();
        let mut queue = Vec::new();
        queue.push((x, y));

        while let Some((x, y)) = queue.pop() {
            // Bail early in case there is nothing to fill
            if self.buffer.get_pixel(x, y) == to || self.buffer.get_pixel(x, y) != from {
                continue;
            }

            let mut left = x;
            let mut right = x;

            while left > 0 && self.buffer.get_pixel(left - 1, y) == from {
                left -= 1;
            }
            while right < w - 1 && self.buffer.get_pixel(right + 1, y) == from {
                right += 1
            }

            /* Fill the extent */
            for idx in left..=right {
                self.buffer.set_pixel(idx, y, to);
            }

            fill.update(Row { left, right, y });

            /* Seed new flood-fills */
            if y > 0 {
                let mut seeded_previous = false;
                for x in left..=right {
                    let p = self.buffer.get_pixel(x, y - 1);
                    if p == from {
                        if !seeded_previous {
                            queue.push((x, y - 1));
                        }
                        seeded_previous = true;
                    } else {
                        seeded_previous = false;
                    }
                }
            }
            if y < self.height() - 1 {
                let mut seeded_previous = false;
                for x in left..=right {
                    let p = self.buffer.get_pixel(x, y + 1);
                    if p == from {
                        if !seeded_previous {
                            queue.push((x, y + 1));
                        }
                        seeded_previous = true;
                    } else {
                        seeded_previous = false;
                    }
                }
            }
        }
        fill
    }
}

impl PreparedImage<BasicImageBuffer> {
    /// Given a function with binary output, generate a searchable image
    ///
    /// If the given function returns `true` the matching pixel will be 'black'.
    pub fn prepare_from_bitmap<F>(w: usize, h: usize, mut fill: F) -> Self
    where
        F: FnMut(usize, usize) -> bool,
    {
        let capacity = w.checked_mul(h).expect("Image dimensions caused overflow");
        let mut pixels = Vec::with_capacity(capacity);

        for y in 0..h {
            for x in 0..w {
                let col = if fill(x, y) {
                    PixelColor::Black
                } else {
                    PixelColor::White
                };
                pixels.push(col.into())
            }
        }
        let pixels = pixels.into_boxed_slice();
        let buffer = BasicImageBuffer { w, h, pixels };
        PreparedImage::without_preparation(buffer)
    }

    /// Patch (beian): take ownership of a grey buffer (`w * h` bytes,
    /// row-major) and threshold it as [`Self::prepare_from_greyscale`] does,
    /// without a per-pixel callback. `None` if the buffer is too short.
    pub fn prepare_from_luma_vec(w: usize, h: usize, mut pixels: Vec<u8>) -> Option<Self> {
        let n = w.checked_mul(h)?;
        if pixels.len() < n {
            return None;
        }
        pixels.truncate(n);
        let buffer = BasicImageBuffer {
            w,
            h,
            pixels: pixels.into_boxed_slice(),
        };
        Some(PreparedImage::prepare(buffer))
    }

    /// Patch (beian): take ownership of an already binarized buffer (`w * h`
    /// bytes, non-zero = dark), without a per-pixel callback.
    pub fn from_binary_vec(w: usize, h: usize, mut pixels: Vec<u8>) -> Option<Self> {
        let n = w.checked_mul(h)?;
        if pixels.len() < n {
            return None;
        }
        pixels.truncate(n);
        for p in pixels.iter_mut() {
            *p = (*p != 0) as u8;
        }
        let buffer = BasicImageBuffer {
            w,
            h,
            pixels: pixels.into_boxed_slice(),
        };
        Some(PreparedImage {
            buffer,
            cache: LruCache::new(NonZeroUsize::new(251).unwrap()),
            lazy_jiggle: false,
        })
    }

    /// Given a byte valued function, generate a searchable image
    ///
    /// The values returned by the function are interpreted as luminance. i.e. a
    /// value of 0 is black, 255 is white.
    pub fn prepare_from_greyscale<F>(w: usize, h: usize, mut fill: F) -> Self
    where
        F: FnMut(usize, usize) -> u8,
    {
        let capacity = w.checked_mul(h).expect("Image dimensions caused overflow");
        let mut data = Vec::with_capacity(capacity);
        for y in 0..h {
            for x in 0..w {
                data.push(fill(x, y));
            }
        }
        let pixels = data.into_boxed_slice();
        let buffer = BasicImageBuffer { w, h, pixels };
        PreparedImage::prepare(buffer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn img_from_array(array: [[u8; 3]; 3]) -> PreparedImage<BasicImageBuffer> {
        let mut pixels = Vec::new();
        for col in array.iter() {
            for item in col.iter() {
                if *item == 0 {
                    pixels.push(0)
                } else {
                    pixels.push(1)
                }
            }
        }
        let buffer = BasicImageBuffer {
            w: 3,
            h: 3,
            pixels: pixels.into_boxed_slice(),
        };

        PreparedImage {
            buffer,
            cache: LruCache::new(NonZeroUsize::new(251).unwrap()),
            lazy_jiggle: false,
        }
    }

    /// rqrr's threshold as published: integer divisions, both chains in one loop.
    fn reference_threshold(w: usize, h: usize, px: &[u8]) -> Vec<u8> {
        let s = cmp::max(w / 8, 1);
        let mut out = vec![0u8; w * h];
        let mut row_average = vec![0usize; w];
        let (mut avg_v, mut avg_u) = (0usize, 0usize);
        for y in 0..h {
            row_average.fill(0);
            for x in 0..w {
                let (v, u) = if y % 2 == 0 {
                    (w - 1 - x, x)
                } else {
                    (x, w - 1 - x)
                };
                avg_v = avg_v * (s - 1) / s + px[y * w + v] as usize;
                avg_u = avg_u * (s - 1) / s + px[y * w + u] as usize;
                row_average[v] += avg_v;
                row_average[u] += avg_u;
            }
            for x in 0..w {
                let p = px[y * w + x] as usize;
                out[y * w + x] = (p < row_average[x] * (100 - 5) / (200 * s)) as u8;
            }
        }
        out
    }

    #[test]
    fn decay_is_the_integer_division() {
        for s in [
            1usize, 2, 3, 7, 8, 45, 60, 90, 127, 160, 1000, 2047, 2048, 4103,
        ] {
            let m = decay_multiplier(s);
            for a in 0..=255 * s {
                assert_eq!(
                    decay(a as u64, m),
                    (a * (s - 1) / s) as u64,
                    "a = {a}, s = {s}"
                );
            }
        }
    }

    #[test]
    fn threshold_matches_the_published_division() {
        // Seeded noise over gradients and edges, at widths whose `s = w / 8` makes the
        // multiply-shift quotient round in both directions, up to the decoder's largest side.
        let mut seed = 0x2545_f491_u32;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        for &(w, h) in &[
            (1, 3),
            (7, 5),
            (9, 4),
            (63, 17),
            (257, 9),
            (720, 6),
            (4099, 3),
            (16384, 2),
        ] {
            let px: Vec<u8> = (0..w * h)
                .map(|i| {
                    let x = i % w;
                    let base = if (x / 5) % 3 == 0 { 40 } else { 200 };
                    (base + (rnd() % 56) as usize - 28).min(255) as u8
                })
                .collect();
            let got = PreparedImage::prepare_from_luma_vec(w, h, px.clone()).unwrap();
            let want = reference_threshold(w, h, &px);
            for y in 0..h {
                for x in 0..w {
                    let black = got.get_pixel_at(x, y) == PixelColor::Black;
                    assert_eq!(black, want[y * w + x] == 1, "{w}x{h} at ({x}, {y})");
                }
            }
        }
        // Extreme rows: all black, all white, alternating.
        for &w in &[8usize, 800, 16384] {
            for pat in 0..3 {
                let px: Vec<u8> = (0..w * 4)
                    .map(|i| match pat {
                        0 => 0,
                        1 => 255,
                        _ => {
                            if i % 2 == 0 {
                                0
                            } else {
                                255
                            }
                        }
                    })
                    .collect();
                let got = PreparedImage::prepare_from_luma_vec(w, 4, px.clone()).unwrap();
                let want = reference_threshold(w, 4, &px);
                for (i, &dark) in want.iter().enumerate() {
                    let black = got.get_pixel_at(i % w, i / w) == PixelColor::Black;
                    assert_eq!(black, dark == 1, "pattern {pat}, width {w}, pixel {i}");
                }
            }
        }
    }

    #[test]
    fn test_flood_fill_full() {
        let mut test_full = img_from_array([[1, 1, 1], [1, 1, 1], [1, 1, 1]]);

        test_full.flood_fill(0, 0, 1, 2, &mut |_| ());

        for x in 0..3 {
            for y in 0..3 {
                assert_eq!(test_full.get_pixel_at(x, y), 2);
            }
        }
    }

    #[test]
    fn test_flood_fill_single() {
        let mut test_single = img_from_array([[1, 0, 1], [0, 1, 0], [1, 0, 1]]);

        test_single.flood_fill(1, 1, 1, 2, &mut |_| ());

        for x in 0..3 {
            for y in 0..3 {
                if x == 1 && y == 1 {
                    assert_eq!(test_single.get_pixel_at(x, y), 2);
                } else {
                    let col = if (x + y) % 2 == 0 { 1 } else { 0 };
                    assert_eq!(test_single.get_pixel_at(x, y), col);
                }
            }
        }
    }

    #[test]
    fn test_flood_fill_ring() {
        let mut test_ring = img_from_array([[1, 1, 1], [1, 0, 1], [1, 1, 1]]);

        test_ring.flood_fill(0, 0, 1, 2, &mut |_| ());

        for x in 0..3 {
            for y in 0..3 {
                if x == 1 && y == 1 {
                    assert_eq!(test_ring.get_pixel_at(x, y), 0);
                } else {
                    assert_eq!(test_ring.get_pixel_at(x, y), 2);
                }
            }
        }
    }

    #[test]
    fn test_flood_fill_u() {
        let mut test_u = img_from_array([[1, 0, 1], [1, 0, 1], [1, 1, 1]]);

        test_u.flood_fill(0, 0, 1, 2, &mut |_| ());

        for x in 0..3 {
            for y in 0..3 {
                if x == 1 && (y == 0 || y == 1) {
                    assert_eq!(test_u.get_pixel_at(x, y), 0);
                } else {
                    assert_eq!(test_u.get_pixel_at(x, y), 2);
                }
            }
        }
    }

    #[test]
    fn test_flood_fill_empty() {
        let mut test_empty = img_from_array([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);

        test_empty.flood_fill(1, 1, 1, 2, &mut |_| ());

        for x in 0..3 {
            for y in 0..3 {
                assert_eq!(test_empty.get_pixel_at(x, y), 0)
            }
        }
    }

    #[test]
    fn test_get_region() {
        let mut test_u = img_from_array([[1, 0, 1], [1, 0, 1], [1, 1, 1]]);

        let reg = test_u.get_region((0, 0));
        let (color, src_x, src_y, pixel_count) = match reg {
            ColoredRegion::Unclaimed {
                color,
                src_x,
                src_y,
                pixel_count,
            } => (color, src_x, src_y, pixel_count),
            x => panic!("Expected Region::Unclaimed, got {:?}", x),
        };
        assert_eq!(0, src_x);
        assert_eq!(0, src_y);
        assert_eq!(7, pixel_count);
        for x in 0..3 {
            for y in 0..3 {
                if x == 1 && (y == 0 || y == 1) {
                    assert_eq!(PixelColor::White, test_u.get_pixel_at(x, y));
                } else {
                    assert_eq!(color, test_u.get_pixel_at(x, y));
                }
            }
        }
    }
}
