//! Grey-level pre-processing: RGBA to luma, area down-scaling, box blur and a
//! block-based local threshold. Plain loops over byte slices, no allocation
//! beyond the output buffers, no threads: fit for wasm32.

/// A grey image owned by the pipeline.
#[derive(Clone)]
pub(crate) struct Gray {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

impl Gray {
    /// Area-average down-scaling by an integer factor (a box filter matched to
    /// the step, so thin modules blend rather than alias).
    pub fn downscale(&self, f: usize) -> Gray {
        if f <= 1 {
            return self.clone();
        }
        let w = self.w / f;
        let h = self.h / f;
        let mut px = vec![0u8; w * h];
        let area = (f * f) as u32;
        let mut acc = vec![0u32; w];
        for y in 0..h {
            acc.fill(0);
            for dy in 0..f {
                let row = &self.px[(y * f + dy) * self.w..][..w * f];
                for (x, a) in acc.iter_mut().enumerate() {
                    let s = &row[x * f..x * f + f];
                    *a += s.iter().map(|&v| v as u32).sum::<u32>();
                }
            }
            for x in 0..w {
                px[y * w + x] = ((acc[x] + area / 2) / area) as u8;
            }
        }
        Gray { w, h, px }
    }

    /// Bilinear 2x up-scaling, for codes whose modules are one or two pixels.
    pub fn upscale2(&self) -> Gray {
        let w = self.w * 2;
        let h = self.h * 2;
        let mut px = vec![0u8; w * h];
        for y in 0..h {
            let sy = (y as f32 - 0.5) / 2.0;
            let y0 = sy.floor().max(0.0) as usize;
            let y1 = (y0 + 1).min(self.h - 1);
            let fy = (sy - y0 as f32).clamp(0.0, 1.0);
            for x in 0..w {
                let sx = (x as f32 - 0.5) / 2.0;
                let x0 = sx.floor().max(0.0) as usize;
                let x1 = (x0 + 1).min(self.w - 1);
                let fx = (sx - x0 as f32).clamp(0.0, 1.0);
                let p = |xx: usize, yy: usize| self.px[yy * self.w + xx] as f32;
                let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
                let bot = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
                px[y * w + x] = (top * (1.0 - fy) + bot * fy + 0.5) as u8;
            }
        }
        Gray { w, h, px }
    }

    /// Unsharp mask: `v + amount (v - G_sigma * v)`, a Gaussian of `sigma` pixels (separable,
    /// edges clamped). Takes back part of a blur of about that width: a blurred finder's light
    /// ring, one or two pixels wide, opens again before thresholding.
    pub fn unsharp(&self, sigma: f32, amount: f32) -> Gray {
        let (w, h) = (self.w, self.h);
        let r = (3.0 * sigma).ceil().max(1.0) as isize;
        let mut k: Vec<f32> = (-r..=r)
            .map(|i| (-((i * i) as f32) / (2.0 * sigma * sigma)).exp())
            .collect();
        let ks: f32 = k.iter().sum();
        k.iter_mut().for_each(|v| *v /= ks);
        let mut tmp = vec![0f32; w * h];
        for y in 0..h {
            let row = &self.px[y * w..][..w];
            for x in 0..w {
                let mut s = 0.0;
                for (j, kv) in k.iter().enumerate() {
                    let xx = (x as isize + j as isize - r).clamp(0, w as isize - 1) as usize;
                    s += kv * row[xx] as f32;
                }
                tmp[y * w + x] = s;
            }
        }
        let mut px = vec![0u8; w * h];
        for y in 0..h {
            for x in 0..w {
                let mut s = 0.0;
                for (j, kv) in k.iter().enumerate() {
                    let yy = (y as isize + j as isize - r).clamp(0, h as isize - 1) as usize;
                    s += kv * tmp[yy * w + x];
                }
                let v = self.px[y * w + x] as f32;
                px[y * w + x] = (v + amount * (v - s)).round().clamp(0.0, 255.0) as u8;
            }
        }
        Gray { w, h, px }
    }

    /// 3x3 box blur (for noise).
    pub fn blur3(&self) -> Gray {
        let (w, h) = (self.w, self.h);
        let mut tmp = vec![0u16; w * h];
        for y in 0..h {
            let row = &self.px[y * w..][..w];
            for x in 0..w {
                let l = row[x.saturating_sub(1)] as u16;
                let r = row[(x + 1).min(w - 1)] as u16;
                tmp[y * w + x] = l + row[x] as u16 + r;
            }
        }
        let mut px = vec![0u8; w * h];
        for y in 0..h {
            let u = y.saturating_sub(1);
            let d = (y + 1).min(h - 1);
            for x in 0..w {
                let s = tmp[u * w + x] + tmp[y * w + x] + tmp[d * w + x];
                px[y * w + x] = ((s + 4) / 9) as u8;
            }
        }
        Gray { w, h, px }
    }
}

/// Block-based local threshold in the manner of ZXing's hybrid binarizer:
/// per block of `bs`x`bs` pixels the mean (or, for flat blocks, a value
/// propagated from neighbours), then per pixel the mean of the 5x5 blocks
/// around it. Returns 1 for dark, 0 for light.
pub(crate) fn local_threshold(g: &Gray, bs: usize) -> Vec<u8> {
    let (w, h) = (g.w, g.h);
    let bw = w.div_ceil(bs);
    let bh = h.div_ceil(bs);
    let mut black = vec![0u32; bw * bh];
    for by in 0..bh {
        for bx in 0..bw {
            let x0 = bx * bs;
            let y0 = by * bs;
            let x1 = (x0 + bs).min(w);
            let y1 = (y0 + bs).min(h);
            let (mut sum, mut mn, mut mx) = (0u32, 255u8, 0u8);
            for y in y0..y1 {
                let row = &g.px[y * w + x0..y * w + x1];
                sum += row.iter().map(|&v| v as u32).sum::<u32>();
                mn = mn.min(*row.iter().min().unwrap_or(&255));
                mx = mx.max(*row.iter().max().unwrap_or(&0));
            }
            let n = ((y1 - y0) * (x1 - x0)) as u32;
            let mut avg = sum / n.max(1);
            if mx - mn <= 24 {
                // Flat block: assume background unless neighbours say otherwise.
                avg = mn as u32 / 2;
                if by > 0 && bx > 0 {
                    let nb = (black[(by - 1) * bw + bx]
                        + 2 * black[by * bw + bx - 1]
                        + black[(by - 1) * bw + bx - 1])
                        / 4;
                    if (mn as u32) < nb {
                        avg = nb;
                    }
                }
            }
            black[by * bw + bx] = avg;
        }
    }
    let mut out = vec![0u8; w * h];
    for by in 0..bh {
        for bx in 0..bw {
            let cx = bx.clamp(2, bw.saturating_sub(3).max(2));
            let cy = by.clamp(2, bh.saturating_sub(3).max(2));
            let mut sum = 0u32;
            let mut n = 0u32;
            for yy in cy.saturating_sub(2)..=(cy + 2) {
                if yy >= bh {
                    continue;
                }
                for xx in cx.saturating_sub(2)..=(cx + 2) {
                    if xx >= bw {
                        continue;
                    }
                    sum += black[yy * bw + xx];
                    n += 1;
                }
            }
            let t = sum / n.max(1);
            let x0 = bx * bs;
            let y0 = by * bs;
            let x1 = (x0 + bs).min(w);
            let y1 = (y0 + bs).min(h);
            let t = t.min(255) as u8;
            for y in y0..y1 {
                let src = &g.px[y * w + x0..y * w + x1];
                let dst = &mut out[y * w + x0..y * w + x1];
                for (d, &v) in dst.iter_mut().zip(src) {
                    *d = (v <= t) as u8;
                }
            }
        }
    }
    out
}

/// Global threshold (Otsu-like on a 32-bin histogram, as ZXing's global
/// histogram binarizer would): good on clean, evenly lit codes.
pub(crate) fn global_threshold(g: &Gray) -> Vec<u8> {
    let mut hist = [0u64; 256];
    for &v in &g.px {
        hist[v as usize] += 1;
    }
    let total: u64 = g.px.len() as u64;
    let sum_all: u64 = hist.iter().enumerate().map(|(i, &c)| i as u64 * c).sum();
    let (mut w_b, mut sum_b, mut best, mut best_t) = (0u64, 0u64, 0f64, 127usize);
    for (t, &count) in hist.iter().enumerate() {
        w_b += count;
        if w_b == 0 {
            continue;
        }
        let w_f = total - w_b;
        if w_f == 0 {
            break;
        }
        sum_b += t as u64 * count;
        let m_b = sum_b as f64 / w_b as f64;
        let m_f = (sum_all - sum_b) as f64 / w_f as f64;
        let between = w_b as f64 * w_f as f64 * (m_b - m_f) * (m_b - m_f);
        if between > best {
            best = between;
            best_t = t;
        }
    }
    g.px.iter().map(|&v| (v as usize <= best_t) as u8).collect()
}

/// Morphology on a bitmap (1 = dark), 4-neighbourhood: `erode` thins dark
/// areas by a pixel (ink spread, over-exposure of light), otherwise dilates
/// (thin or faded print).
pub(crate) fn morph(bits: &[u8], w: usize, h: usize, erode: bool) -> Vec<u8> {
    let mut out = bits.to_vec();
    for y in 0..h {
        for x in 0..w {
            let i = y * w + x;
            let n = [
                if x > 0 { bits[i - 1] } else { bits[i] },
                if x + 1 < w { bits[i + 1] } else { bits[i] },
                if y > 0 { bits[i - w] } else { bits[i] },
                if y + 1 < h { bits[i + w] } else { bits[i] },
            ];
            out[i] = if erode {
                bits[i] & n[0] & n[1] & n[2] & n[3]
            } else {
                bits[i] | n[0] | n[1] | n[2] | n[3]
            };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsharp_takes_back_a_blur() {
        // Dark, a light line of 1 pixel, dark; blurred by a Gaussian of 1 pixel, the line's
        // light falls below the midpoint. The unsharp mask brings it back above the midpoint; flat areas keep
        // their grey.
        let (w, h) = (40, 8);
        let sharp: Vec<f32> = (0..w).map(|x| if x == 19 { 220.0 } else { 40.0 }).collect();
        let k: Vec<f32> = (-3..=3i32).map(|i| (-(i * i) as f32 / 2.0).exp()).collect();
        let ks: f32 = k.iter().sum();
        let row: Vec<u8> = (0..w)
            .map(|x| {
                let s: f32 = (0..7)
                    .map(|j| k[j] * sharp[(x + j).saturating_sub(3).min(w - 1)])
                    .sum();
                (s / ks).round() as u8
            })
            .collect();
        let g = Gray {
            w,
            h,
            px: row.repeat(h),
        };
        assert!(g.px[4 * w + 19] < 130, "blurred: {}", g.px[4 * w + 19]);
        let u = g.unsharp(1.0, 3.0);
        assert!(u.px[4 * w + 19] > 150, "sharpened: {}", u.px[4 * w + 19]);
        assert_eq!(u.px[4 * w + 5], g.px[4 * w + 5]);
        assert_eq!((u.w, u.h), (w, h));
    }
}
