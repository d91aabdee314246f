//! Sampling a module grid from a binarized image through a perspective, and
//! refining the perspective when error correction fails on the grid that rqrr
//! fitted: other sizes, alignment patterns, small perturbations.

/// Perspective from grid coordinates (modules) to image coordinates, same
/// coefficient layout as rqrr's `Perspective`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Homography(pub [f64; 8]);

/// A correspondence: grid point (u, v) to image point (x, y).
pub(crate) type Pair = ((f64, f64), (f64, f64));

impl Homography {
    pub fn map(&self, u: f64, v: f64) -> Option<(f64, f64)> {
        let c = &self.0;
        let den = c[6] * u + c[7] * v + 1.0;
        if !den.is_finite() || den.abs() < 1e-9 {
            return None;
        }
        let x = (c[0] * u + c[1] * v + c[2]) / den;
        let y = (c[3] * u + c[4] * v + c[5]) / den;
        (x.is_finite() && y.is_finite()).then_some((x, y))
    }

    /// Same mapping, grid coordinates scaled by `s` first.
    pub fn prescale(&self, s: f64) -> Homography {
        let c = self.0;
        Homography([
            c[0] * s,
            c[1] * s,
            c[2],
            c[3] * s,
            c[4] * s,
            c[5],
            c[6] * s,
            c[7] * s,
        ])
    }

    /// Same mapping, grid coordinates shifted by (du, dv) first.
    pub fn preshift(&self, du: f64, dv: f64) -> Option<Homography> {
        // x = (c0 (u+du) + c1 (v+dv) + c2) / (c6 (u+du) + c7 (v+dv) + 1)
        let c = self.0;
        let k = c[6] * du + c[7] * dv + 1.0;
        if !k.is_finite() || k.abs() < 1e-9 {
            return None;
        }
        Some(Homography([
            c[0] / k,
            c[1] / k,
            (c[0] * du + c[1] * dv + c[2]) / k,
            c[3] / k,
            c[4] / k,
            (c[3] * du + c[4] * dv + c[5]) / k,
            c[6] / k,
            c[7] / k,
        ]))
    }

    /// Least-squares fit from at least four correspondences (u, v) -> (x, y).
    pub fn fit(pairs: &[Pair]) -> Option<Homography> {
        if pairs.len() < 4 {
            return None;
        }
        // Normalise for conditioning.
        let n = pairs.len() as f64;
        let (mut mu, mut mv, mut mx, mut my) = (0.0, 0.0, 0.0, 0.0);
        for &((u, v), (x, y)) in pairs {
            mu += u;
            mv += v;
            mx += x;
            my += y;
        }
        mu /= n;
        mv /= n;
        mx /= n;
        my /= n;
        let (mut su, mut sx) = (0.0, 0.0);
        for &((u, v), (x, y)) in pairs {
            su += ((u - mu).powi(2) + (v - mv).powi(2)).sqrt();
            sx += ((x - mx).powi(2) + (y - my).powi(2)).sqrt();
        }
        if su <= 0.0 || sx <= 0.0 {
            return None;
        }
        let ku = n / su;
        let kx = n / sx;
        let mut ata = [[0.0f64; 8]; 8];
        let mut atb = [0.0f64; 8];
        for &((u, v), (x, y)) in pairs {
            let (u, v) = ((u - mu) * ku, (v - mv) * ku);
            let (x, y) = ((x - mx) * kx, (y - my) * kx);
            let r1 = [u, v, 1.0, 0.0, 0.0, 0.0, -u * x, -v * x];
            let r2 = [0.0, 0.0, 0.0, u, v, 1.0, -u * y, -v * y];
            for i in 0..8 {
                for j in 0..8 {
                    ata[i][j] += r1[i] * r1[j] + r2[i] * r2[j];
                }
                atb[i] += r1[i] * x + r2[i] * y;
            }
        }
        let h = solve8(ata, atb)?;
        // Denormalise: x = mx + X/kx, X = H(U), U = (u - mu) ku.
        // Compose: H' = T_x^-1 . H . T_u
        let m = [[h[0], h[1], h[2]], [h[3], h[4], h[5]], [h[6], h[7], 1.0]];
        let tu = [[ku, 0.0, -mu * ku], [0.0, ku, -mv * ku], [0.0, 0.0, 1.0]];
        let txi = [[1.0 / kx, 0.0, mx], [0.0, 1.0 / kx, my], [0.0, 0.0, 1.0]];
        let r = mul3(&txi, &mul3(&m, &tu));
        let s = r[2][2];
        if !s.is_finite() || s.abs() < 1e-12 {
            return None;
        }
        let c = [
            r[0][0] / s,
            r[0][1] / s,
            r[0][2] / s,
            r[1][0] / s,
            r[1][1] / s,
            r[1][2] / s,
            r[2][0] / s,
            r[2][1] / s,
        ];
        c.iter().all(|v| v.is_finite()).then_some(Homography(c))
    }
}

fn mul3(a: &[[f64; 3]; 3], b: &[[f64; 3]; 3]) -> [[f64; 3]; 3] {
    let mut r = [[0.0; 3]; 3];
    for i in 0..3 {
        for j in 0..3 {
            r[i][j] = (0..3).map(|k| a[i][k] * b[k][j]).sum();
        }
    }
    r
}

fn solve8(mut a: [[f64; 8]; 8], mut b: [f64; 8]) -> Option<[f64; 8]> {
    for col in 0..8 {
        let piv = (col..8).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[piv][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, piv);
        b.swap(col, piv);
        for r in 0..8 {
            if r != col {
                let f = a[r][col] / a[col][col];
                if f != 0.0 {
                    let pivot_row = a[col];
                    for (dst, src) in a[r][col..].iter_mut().zip(&pivot_row[col..]) {
                        *dst -= f * src;
                    }
                    b[r] -= f * b[col];
                }
            }
        }
    }
    let mut x = [0.0; 8];
    for i in 0..8 {
        x[i] = b[i] / a[i][i];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

/// A binary image (1 = dark).
pub(crate) struct Bitmap<'a> {
    pub w: usize,
    pub h: usize,
    pub bits: &'a [u8],
}

impl Bitmap<'_> {
    #[inline]
    pub fn at(&self, x: f64, y: f64) -> Option<bool> {
        if !(x >= 0.0 && y >= 0.0) {
            return None;
        }
        let (xi, yi) = (x as usize, y as usize);
        if xi >= self.w || yi >= self.h {
            return None;
        }
        Some(self.bits[yi * self.w + xi] != 0)
    }
}

/// Sample an `n`x`n` grid at module centres. `None` when too much of the grid
/// falls outside the image.
pub(crate) fn sample(bm: &Bitmap, h: &Homography, n: usize) -> Option<rqrr::SimpleGrid> {
    let mut cells = vec![false; n * n];
    let mut outside = 0usize;
    for y in 0..n {
        for x in 0..n {
            let (px, py) = h.map(x as f64 + 0.5, y as f64 + 0.5)?;
            match bm.at(px, py) {
                Some(b) => cells[y * n + x] = b,
                None => outside += 1,
            }
        }
    }
    if outside * 10 > n * n {
        return None;
    }
    Some(rqrr::SimpleGrid::from_func(n, |x, y| cells[y * n + x]))
}

/// Alignment pattern centres (module indices) for a version (ISO/IEC 18004
/// Annex E, computed as in Project Nayuki's generator).
pub(crate) fn alignment_positions(version: usize) -> Vec<usize> {
    if !(2..=40).contains(&version) {
        return Vec::new();
    }
    let num = version / 7 + 2;
    let step = if version == 32 {
        26
    } else {
        (version * 4 + num * 2 + 1) / (num * 2 - 2) * 2
    };
    let mut res = vec![0usize; num];
    res[0] = 6;
    let mut pos = version * 4 + 17 - 7;
    for i in (1..num).rev() {
        res[i] = pos;
        // The last position is never stepped past: subtracting after it underflows (a panic
        // with overflow checks on, a silent wrap without).
        if i > 1 {
            pos -= step;
        }
    }
    res
}

/// Score how well a pattern of concentric squares (dark centre, light ring at
/// radius 1, dark ring at radius 2) sits at grid point (cu, cv) offset by the
/// image-space shift (dx, dy).
fn align_score(bm: &Bitmap, h: &Homography, cu: f64, cv: f64, dx: f64, dy: f64) -> i32 {
    let mut s = 0;
    for j in -2i32..=2 {
        for i in -2i32..=2 {
            let ring = i.abs().max(j.abs());
            let want_dark = ring != 1;
            if let Some((x, y)) = h.map(cu + i as f64, cv + j as f64) {
                if let Some(b) = bm.at(x + dx, y + dy) {
                    s += if b == want_dark { 1 } else { -1 };
                }
            }
        }
    }
    s
}

/// Find alignment patterns near where `h` predicts them and refit the
/// perspective through them and the three finder centres.
pub(crate) fn refit_with_alignment(bm: &Bitmap, h: &Homography, n: usize) -> Option<Homography> {
    let version = (n - 17) / 4;
    let ap = alignment_positions(version);
    if ap.is_empty() {
        return None;
    }
    let mut pairs = Vec::new();
    for &(u, v) in &[(3.5, 3.5), (n as f64 - 3.5, 3.5), (3.5, n as f64 - 3.5)] {
        pairs.push(((u, v), h.map(u, v)?));
    }
    let last = ap.len() - 1;
    for (ai, &a) in ap.iter().enumerate() {
        for (bi, &b) in ap.iter().enumerate() {
            // Skip those overlapping finder patterns.
            if (ai == 0 || ai == last) && (bi == 0 || bi == last) && !(ai == last && bi == last) {
                continue;
            }
            let (cu, cv) = (a as f64 + 0.5, b as f64 + 0.5);
            let (px, py) = h.map(cu, cv)?;
            let (qx, qy) = h.map(cu + 1.0, cv)?;
            let m = ((qx - px).powi(2) + (qy - py).powi(2)).sqrt();
            if m.is_nan() || m <= 0.5 {
                continue;
            }
            let step = (m / 3.0).max(0.5);
            let range = (m * 2.0 / step).ceil() as i32;
            let mut best = i32::MIN;
            let mut acc = (0.0, 0.0, 0.0);
            for j in -range..=range {
                for i in -range..=range {
                    let (dx, dy) = (i as f64 * step, j as f64 * step);
                    let s = align_score(bm, h, cu, cv, dx, dy);
                    if s > best {
                        best = s;
                        acc = (dx, dy, 1.0);
                    } else if s == best {
                        acc.0 += dx;
                        acc.1 += dy;
                        acc.2 += 1.0;
                    }
                }
            }
            if best >= 21 {
                pairs.push(((cu, cv), (px + acc.0 / acc.2, py + acc.1 / acc.2)));
            }
        }
    }
    if pairs.len() < 4 {
        return None;
    }
    Homography::fit(&pairs)
}

/// The function patterns of an `n`x`n` symbol with their expected colour
/// (finders with separators, timing patterns, alignment patterns): what a
/// correctly placed grid must show whatever the data.
pub(crate) fn function_modules(n: usize) -> Vec<(u16, u16, bool)> {
    let mut v = Vec::new();
    for &(ox, oy) in &[(0isize, 0isize), (n as isize - 7, 0), (0, n as isize - 7)] {
        for dy in -1..=7isize {
            for dx in -1..=7isize {
                let (x, y) = (ox + dx, oy + dy);
                if x < 0 || y < 0 || x >= n as isize || y >= n as isize {
                    continue;
                }
                let dark = if (0..7).contains(&dx) && (0..7).contains(&dy) {
                    let ring = (dx - 3).abs().max((dy - 3).abs());
                    ring != 2
                } else {
                    false
                };
                v.push((x as u16, y as u16, dark));
            }
        }
    }
    for i in 8..n.saturating_sub(8) {
        v.push((i as u16, 6, i % 2 == 0));
        v.push((6, i as u16, i % 2 == 0));
    }
    let ap = alignment_positions((n.saturating_sub(17)) / 4);
    if !ap.is_empty() {
        let last = ap.len() - 1;
        for (ai, &a) in ap.iter().enumerate() {
            for (bi, &b) in ap.iter().enumerate() {
                if (ai == 0 || ai == last) && (bi == 0 || bi == last) && !(ai == last && bi == last)
                {
                    continue;
                }
                for dy in -2..=2isize {
                    for dx in -2..=2isize {
                        let ring = dx.abs().max(dy.abs());
                        v.push((
                            (a as isize + dx) as u16,
                            (b as isize + dy) as u16,
                            ring != 1,
                        ));
                    }
                }
            }
        }
    }
    v
}

pub(crate) fn fitness(bm: &Bitmap, h: &Homography, fm: &[(u16, u16, bool)]) -> i32 {
    let mut s = 0;
    for &(x, y, dark) in fm {
        if let Some((px, py)) = h.map(x as f64 + 0.5, y as f64 + 0.5) {
            match bm.at(px, py) {
                Some(b) if b == dark => s += 1,
                Some(_) => s -= 1,
                None => s -= 1,
            }
        } else {
            s -= 1;
        }
    }
    s
}

/// Hill-climb the four corners of the grid (in image space, steps of a
/// fraction of a module) to best match the function patterns.
pub(crate) fn jiggle(
    bm: &Bitmap,
    h: &Homography,
    n: usize,
    fm: &[(u16, u16, bool)],
) -> Option<Homography> {
    let nf = n as f64;
    let grid_pts = [(0.0, 0.0), (nf, 0.0), (nf, nf), (0.0, nf)];
    let mut img_pts = [(0.0, 0.0); 4];
    for (i, &(u, v)) in grid_pts.iter().enumerate() {
        img_pts[i] = h.map(u, v)?;
    }
    let (mx, my) = h.map(1.0, 0.0)?;
    let (ox, oy) = h.map(0.0, 0.0)?;
    let module = ((mx - ox).powi(2) + (my - oy).powi(2)).sqrt();
    if module.is_nan() || module <= 0.3 {
        return None;
    }
    let build = |pts: &[(f64, f64); 4]| {
        let pairs: Vec<_> = grid_pts.iter().copied().zip(pts.iter().copied()).collect();
        Homography::fit(&pairs)
    };
    let mut best_h = build(&img_pts)?;
    let mut best = fitness(bm, &best_h, fm);
    let max = fm.len() as i32;
    for step in [0.6, 0.3, 0.15] {
        let d = step * module;
        let mut improved = true;
        let mut rounds = 0;
        while improved && rounds < 4 {
            improved = false;
            rounds += 1;
            for i in 0..4 {
                for (dx, dy) in [(d, 0.0), (-d, 0.0), (0.0, d), (0.0, -d)] {
                    let mut p = img_pts;
                    p[i].0 += dx;
                    p[i].1 += dy;
                    if let Some(hh) = build(&p) {
                        let f = fitness(bm, &hh, fm);
                        if f > best {
                            best = f;
                            best_h = hh;
                            img_pts = p;
                            improved = true;
                        }
                    }
                }
            }
            if best == max {
                break;
            }
        }
    }
    Some(best_h)
}

/// Sample with a majority vote of five points per module (centre and four
/// at a fifth of a module): steadier on noise and blur.
pub(crate) fn sample_vote(bm: &Bitmap, h: &Homography, n: usize) -> Option<rqrr::SimpleGrid> {
    let mut cells = vec![false; n * n];
    let mut outside = 0usize;
    const OFF: [(f64, f64); 5] = [(0.5, 0.5), (0.3, 0.3), (0.7, 0.3), (0.3, 0.7), (0.7, 0.7)];
    for y in 0..n {
        for x in 0..n {
            let mut dark = 0;
            let mut seen = 0;
            for &(du, dv) in &OFF {
                let (px, py) = h.map(x as f64 + du, y as f64 + dv)?;
                if let Some(b) = bm.at(px, py) {
                    seen += 1;
                    dark += b as i32;
                }
            }
            if seen == 0 {
                outside += 1;
            }
            cells[y * n + x] = dark * 2 > seen;
        }
    }
    if outside * 10 > n * n {
        return None;
    }
    Some(rqrr::SimpleGrid::from_func(n, |x, y| cells[y * n + x]))
}

/// Bilinear grey value at (x, y).
fn gray_at(g: &crate::binarize::Gray, x: f64, y: f64) -> Option<f64> {
    if !(x >= 0.0 && y >= 0.0) {
        return None;
    }
    let x = (x - 0.5).max(0.0);
    let y = (y - 0.5).max(0.0);
    let (x0, y0) = (x as usize, y as usize);
    if x0 >= g.w || y0 >= g.h {
        return None;
    }
    let x1 = (x0 + 1).min(g.w - 1);
    let y1 = (y0 + 1).min(g.h - 1);
    let (fx, fy) = (x - x0 as f64, y - y0 as f64);
    let p = |xx: usize, yy: usize| g.px[yy * g.w + xx] as f64;
    let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
    let bot = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
    Some(top * (1.0 - fy) + bot * fy)
}

/// Sample the grey image (bilinear, module centres) with a threshold taken
/// from the grid itself: per quadrant, halfway between the mean of the
/// function modules expected dark and of those expected light. Steadier than
/// a pixel threshold on blurred and low-contrast small codes.
pub(crate) fn sample_gray(
    g: &crate::binarize::Gray,
    h: &Homography,
    n: usize,
    fm: &[(u16, u16, bool)],
    inverted: bool,
    sharpen: f64,
) -> Option<rqrr::SimpleGrid> {
    let mut vals = vec![0f64; n * n];
    let mut outside = 0usize;
    for y in 0..n {
        for x in 0..n {
            let (px, py) = h.map(x as f64 + 0.5, y as f64 + 0.5)?;
            match gray_at(g, px, py) {
                Some(v) => vals[y * n + x] = if inverted { 255.0 - v } else { v },
                None => {
                    outside += 1;
                    vals[y * n + x] = 255.0;
                }
            }
        }
    }
    if outside * 10 > n * n {
        return None;
    }
    if sharpen > 0.0 {
        // Blur spreads each module into its four neighbours: subtract that share back (an
        // unsharp mask in module space, `v + k (v - mean of the 4 neighbours)`), so that a lone
        // light module among dark ones reads light again.
        let src = vals.clone();
        for y in 0..n {
            for x in 0..n {
                let v = src[y * n + x];
                let mut sum = 0.0;
                let mut cnt = 0.0;
                for (dx, dy) in [(-1isize, 0isize), (1, 0), (0, -1), (0, 1)] {
                    let (xx, yy) = (x as isize + dx, y as isize + dy);
                    if xx >= 0 && yy >= 0 && (xx as usize) < n && (yy as usize) < n {
                        sum += src[yy as usize * n + xx as usize];
                        cnt += 1.0;
                    }
                }
                vals[y * n + x] = v + sharpen * (v - sum / cnt);
            }
        }
    }
    // Dark/light means per quadrant (falling back to the whole grid).
    let mut acc = [[0f64; 4]; 5]; // [quadrant or 4 = all][dark sum, dark n, light sum, light n]
    for &(x, y, dark) in fm {
        let (x, y) = (x as usize, y as usize);
        if x >= n || y >= n {
            continue;
        }
        let q = (y * 2 / n) * 2 + x * 2 / n;
        let v = vals[y * n + x];
        for k in [q, 4] {
            if dark {
                acc[k][0] += v;
                acc[k][1] += 1.0;
            } else {
                acc[k][2] += v;
                acc[k][3] += 1.0;
            }
        }
    }
    let thr = |k: usize| -> Option<f64> {
        let a = acc[k];
        if a[1] >= 8.0 && a[3] >= 8.0 {
            let d = a[0] / a[1];
            let l = a[2] / a[3];
            (l > d + 8.0).then_some((d + l) / 2.0)
        } else {
            None
        }
    };
    let all = thr(4)?;
    let qt: Vec<f64> = (0..4).map(|k| thr(k).unwrap_or(all)).collect();
    // Bilinear blend of the quadrant thresholds across the grid.
    let nf = n as f64;
    Some(rqrr::SimpleGrid::from_func(n, |x, y| {
        let u = ((x as f64 + 0.5) / nf * 2.0 - 0.5).clamp(0.0, 1.0);
        let v = ((y as f64 + 0.5) / nf * 2.0 - 0.5).clamp(0.0, 1.0);
        let t = qt[0] * (1.0 - u) * (1.0 - v)
            + qt[1] * u * (1.0 - v)
            + qt[2] * (1.0 - u) * v
            + qt[3] * u * v;
        vals[y * n + x] < t
    }))
}
