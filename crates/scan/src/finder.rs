//! Finder patterns found by their runs alone, in ZXing's way: a row whose dark and light runs
//! read 1:1:3:1:1, confirmed by the column and then the row through the middle run's centre.
//! Unlike rqrr's capstone scan, which needs the finder's dark ring to be a region of its own, a
//! ring that touches the data around it (a code of one or two pixels per module, or a blurred
//! one, once thresholded) still counts. Used by the photo effort's last attempts only.

/// A finder pattern: its centre (pixel `i` covers `[i, i + 1)`), its module size in pixels and
/// how many rows confirmed it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Candidate {
    pub x: f64,
    pub y: f64,
    pub module: f64,
    pub count: u32,
}

/// Whether five runs read 1:1:3:1:1 (each within half a module).
fn cross(sc: &[usize; 5]) -> bool {
    if sc.contains(&0) {
        return false;
    }
    let total: usize = sc.iter().sum();
    if total < 7 {
        return false;
    }
    let m = total as f64 / 7.0;
    let v = m / 2.0;
    (m - sc[0] as f64).abs() < v
        && (m - sc[1] as f64).abs() < v
        && (3.0 * m - sc[2] as f64).abs() < 3.0 * v
        && (m - sc[3] as f64).abs() < v
        && (m - sc[4] as f64).abs() < v
}

/// The centre of the middle run of five ending just before `end`.
fn centre_from_end(sc: &[usize; 5], end: usize) -> f64 {
    end as f64 - sc[4] as f64 - sc[3] as f64 - sc[2] as f64 / 2.0
}

/// Runs along a line through `(x, y)` (`dx, dy` one of the axes): the 1:1:3:1:1 check across
/// it, its total within 40 % of `total`; the centre's coordinate along the line.
fn check_line(
    bits: &[u8],
    w: usize,
    h: usize,
    (x, y): (usize, usize),
    vertical: bool,
    max: usize,
    total: usize,
) -> Option<f64> {
    let len = if vertical { h } else { w };
    let start = if vertical { y } else { x };
    let dark = |i: usize| {
        let (px, py) = if vertical { (x, i) } else { (i, y) };
        bits[py * w + px] != 0
    };
    let mut sc = [0usize; 5];
    // Backwards from the start: the centre, the light ring, the dark ring.
    let mut i = start as isize;
    while i >= 0 && dark(i as usize) {
        sc[2] += 1;
        i -= 1;
    }
    if i < 0 {
        return None;
    }
    while i >= 0 && !dark(i as usize) && sc[1] <= max {
        sc[1] += 1;
        i -= 1;
    }
    if i < 0 || sc[1] > max {
        return None;
    }
    while i >= 0 && dark(i as usize) && sc[0] <= max {
        sc[0] += 1;
        i -= 1;
    }
    if sc[0] > max {
        return None;
    }
    // Forwards.
    let mut i = start + 1;
    while i < len && dark(i) {
        sc[2] += 1;
        i += 1;
    }
    if i == len {
        return None;
    }
    while i < len && !dark(i) && sc[3] < max {
        sc[3] += 1;
        i += 1;
    }
    if i == len || sc[3] >= max {
        return None;
    }
    while i < len && dark(i) && sc[4] < max {
        sc[4] += 1;
        i += 1;
    }
    if sc[4] >= max {
        return None;
    }
    let t: usize = sc.iter().sum();
    if 5 * t.abs_diff(total) >= 2 * total || !cross(&sc) {
        return None;
    }
    Some(centre_from_end(&sc, i))
}

/// Every finder pattern candidate of a bitmap (1 = dark), most confirmed first.
pub(crate) fn find(bits: &[u8], w: usize, h: usize) -> Vec<Candidate> {
    let mut cands: Vec<Candidate> = Vec::new();
    let found = |sc: &[usize; 5], y: usize, end: usize, cands: &mut Vec<Candidate>| {
        let total: usize = sc.iter().sum();
        let cx = centre_from_end(sc, end);
        if cx < 0.0 || cx as usize >= w {
            return false;
        }
        let Some(cy) = check_line(bits, w, h, (cx as usize, y), true, sc[2] * 2, total) else {
            return false;
        };
        if cy < 0.0 || cy as usize >= h {
            return false;
        }
        let Some(cx) = check_line(
            bits,
            w,
            h,
            (cx as usize, cy as usize),
            false,
            sc[2] * 2,
            total,
        ) else {
            return false;
        };
        let module = total as f64 / 7.0;
        if let Some(c) = cands.iter_mut().find(|c| {
            (c.x - cx).abs() <= c.module.max(module)
                && (c.y - cy).abs() <= c.module.max(module)
                && (c.module - module).abs() <= 0.5 * c.module.max(module)
        }) {
            let k = c.count as f64;
            c.x = (c.x * k + cx) / (k + 1.0);
            c.y = (c.y * k + cy) / (k + 1.0);
            c.module = (c.module * k + module) / (k + 1.0);
            c.count += 1;
        } else {
            cands.push(Candidate {
                x: cx,
                y: cy,
                module,
                count: 1,
            });
        }
        true
    };
    for y in 0..h {
        let row = &bits[y * w..][..w];
        let mut sc = [0usize; 5];
        let mut state = 0usize;
        for (x, &b) in row.iter().enumerate() {
            if b != 0 {
                if state & 1 == 1 {
                    state += 1;
                }
                sc[state] += 1;
            } else if state & 1 == 0 {
                if state == 4 {
                    if cross(&sc) && found(&sc, y, x, &mut cands) {
                        sc = [0, 0, 0, 0, 0];
                        state = 0;
                        // This light pixel starts nothing: a finder begins dark.
                        continue;
                    }
                    sc = [sc[2], sc[3], sc[4], 1, 0];
                    state = 3;
                } else {
                    state += 1;
                    sc[state] += 1;
                }
            } else {
                sc[state] += 1;
            }
        }
        if state == 4 && cross(&sc) {
            found(&sc, y, w, &mut cands);
        }
    }
    cands.sort_by_key(|c| std::cmp::Reverse(c.count));
    cands
}

/// Groups of three candidates that could corner one symbol: about equal modules, a right angle
/// at the middle one (within the tilt a photo allows), `[a, corner, c]`, the most square first.
pub(crate) fn groups(cands: &[Candidate], max: usize) -> Vec<[Candidate; 3]> {
    let c = &cands[..cands.len().min(12)];
    let d2 = |p: &Candidate, q: &Candidate| (p.x - q.x).powi(2) + (p.y - q.y).powi(2);
    let mut res: Vec<(f64, [Candidate; 3])> = Vec::new();
    for i in 0..c.len() {
        for j in i + 1..c.len() {
            for k in j + 1..c.len() {
                let t = [c[i], c[j], c[k]];
                let m = (t[0].module + t[1].module + t[2].module) / 3.0;
                if t.iter().any(|f| (f.module - m).abs() > 0.4 * m) {
                    continue;
                }
                for corner in 0..3 {
                    let b = t[corner];
                    let a = t[(corner + 1) % 3];
                    let cc = t[(corner + 2) % 3];
                    let (la, lc, hyp) = (d2(&a, &b), d2(&cc, &b), d2(&a, &cc));
                    let legs = la + lc;
                    let ratio = (la / lc).sqrt();
                    // Legs of at least the smallest symbol's 14 modules between finder centres.
                    if la.min(lc).sqrt() < 12.0 * m || !(0.7..=1.43).contains(&ratio) {
                        continue;
                    }
                    let skew = (hyp - legs).abs() / legs;
                    if skew < 0.25 {
                        res.push((skew + (1.0 - ratio.min(1.0 / ratio)), [a, b, cc]));
                    }
                }
            }
        }
    }
    res.sort_by(|x, y| x.0.total_cmp(&y.0));
    res.into_iter().take(max).map(|(_, g)| g).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `w`x`h` bitmap with a finder of `m` pixels per module whose top-left is at (x0, y0).
    fn finder_at(bits: &mut [u8], w: usize, x0: usize, y0: usize, m: usize) {
        for v in 0..7 {
            for u in 0..7 {
                let ring = (u as isize - 3).abs().max((v as isize - 3).abs());
                if ring != 2 {
                    for dy in 0..m {
                        for dx in 0..m {
                            bits[(y0 + v * m + dy) * w + x0 + u * m + dx] = 1;
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_finder_touching_dark_data_is_found() {
        let (w, h, m) = (100, 100, 3);
        let mut bits = vec![0u8; w * h];
        for (x0, y0) in [(10, 10), (60, 10), (10, 60)] {
            finder_at(&mut bits, w, x0, y0, m);
        }
        // Dark data beside the corner finder's ring, joined to it by a bridge where the light
        // separator (2 px) has blurred shut: the ring and the data are one dark region.
        for y in 5..38 {
            for x in 33..40 {
                bits[y * w + x] = 1;
            }
        }
        for y in 11..13 {
            for x in 31..33 {
                bits[y * w + x] = 1;
            }
        }
        // rqrr's capstone scan needs each ring to be a region of its own: two finders, no group.
        let mut p = rqrr::PreparedImage::from_binary_vec(w, h, bits.clone()).unwrap();
        assert!(p.finder_groups(4).is_empty());
        let c = find(&bits, w, h);
        assert_eq!(c.len(), 3, "{c:?}");
        let corner = c
            .iter()
            .find(|c| (c.x - 20.5).abs() < 0.6 && (c.y - 20.5).abs() < 0.6)
            .expect("the touching finder, centred 3.5 modules in");
        assert!((corner.module - 3.0).abs() < 0.5, "{c:?}");
        let g = groups(&c, 4);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0][1], *corner);
    }

    #[test]
    fn three_finders_at_a_right_angle_make_one_group() {
        let cand = |x: f64, y: f64| Candidate {
            x,
            y,
            module: 2.0,
            count: 3,
        };
        // Corner at (10, 10), the others 40 px (20 modules) along each side, and a stray one.
        let cands = [
            cand(50.0, 10.0),
            cand(10.0, 10.0),
            cand(10.0, 50.0),
            cand(90.0, 95.0),
        ];
        let g = groups(&cands, 4);
        assert!(!g.is_empty());
        assert_eq!((g[0][1].x, g[0][1].y), (10.0, 10.0));
        // Too close for a symbol (under 12 modules between centres): none.
        let near = [cand(20.0, 10.0), cand(10.0, 10.0), cand(10.0, 20.0)];
        assert!(groups(&near, 4).is_empty());
    }
}
