//! QR codes, made on the screen: the address never goes to an outside service.

use qrcodegen::{QrCode, QrCodeEcc};

/// The light border a reader needs round the code, in modules (the standard's minimum).
pub const QUIET_ZONE: u32 = 4;

/// A QR code as one SVG path of its dark modules, in module units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrPicture {
    /// Width and height in modules, quiet zone included: the SVG's `viewBox` is
    /// `0 0 size size`.
    pub size: u32,
    /// The dark modules as a path: one rectangle per horizontal run, whole numbers only.
    pub path: String,
}

/// The QR code for `text` at error correction level M (15 %: survives a smudge or a
/// reflection on the glass), or `None` if the text is too long for any QR code.
///
/// ```
/// let qr = lernort_kiosk::qr_code("https://dilas.soest.de/kurse").unwrap();
/// assert_eq!(qr.size, 29 + 2 * 4); // version 3, quiet zone included
/// assert!(qr.path.starts_with("M4 4h7v1h-7z")); // the top-left finder's first row
/// ```
pub fn qr_code(text: &str) -> Option<QrPicture> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let n = code.size();
    let mut path = String::new();
    for y in 0..n {
        let mut x = 0;
        while x < n {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < n && code.get_module(x, y) {
                x += 1;
            }
            let run = x - start;
            let q = QUIET_ZONE as i32;
            path.push_str(&format!("M{} {}h{run}v1h-{run}z", start + q, y + q));
        }
    }
    Some(QrPicture {
        size: n as u32 + 2 * QUIET_ZONE,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the path back into a module grid.
    fn grid(qr: &QrPicture) -> Vec<Vec<bool>> {
        let n = qr.size as usize;
        let mut cells = vec![vec![false; n]; n];
        for part in qr.path.split('z').filter(|p| !p.is_empty()) {
            let rest = part.strip_prefix('M').unwrap();
            let (x, rest) = rest.split_once(' ').unwrap();
            let (y, rest) = rest.split_once('h').unwrap();
            let (run, _) = rest.split_once('v').unwrap();
            let (x, y, run): (usize, usize, usize) =
                (x.parse().unwrap(), y.parse().unwrap(), run.parse().unwrap());
            for cell in &mut cells[y][x..x + run] {
                assert!(!*cell, "runs do not overlap");
                *cell = true;
            }
        }
        cells
    }

    #[test]
    fn finder_patterns_and_quiet_zone() {
        let qr = qr_code("https://dilas.soest.de/coworking").unwrap();
        let cells = grid(&qr);
        let n = qr.size as usize;
        let q = QUIET_ZONE as usize;
        // The quiet zone is light all round.
        let dark = |x: usize, y: usize| cells[y][x];
        for i in 0..n {
            for j in 0..q {
                assert!(!dark(i, j) && !dark(i, n - 1 - j) && !dark(j, i) && !dark(n - 1 - j, i));
            }
        }
        // Three finder patterns: a dark 7×7 ring, a light ring, a dark 3×3 core.
        let inner = n - 2 * q;
        for (fx, fy) in [(q, q), (q + inner - 7, q), (q, q + inner - 7)] {
            for dy in 0..7 {
                for dx in 0..7 {
                    let ring = dx == 0 || dy == 0 || dx == 6 || dy == 6;
                    let core = (2..=4).contains(&dx) && (2..=4).contains(&dy);
                    assert_eq!(cells[fy + dy][fx + dx], ring || core, "finder at {fx},{fy}");
                }
            }
        }
        // No finder at the bottom right.
        let (bx, by) = (q + inner - 7, q + inner - 7);
        assert!((0..7).any(|d| !cells[by][bx + d]));
    }

    #[test]
    fn longer_addresses_give_larger_codes_and_different_data_gives_different_codes() {
        let short = qr_code("https://a.de/").unwrap();
        let long = qr_code(&format!("https://dilas.soest.de/{}", "x".repeat(80))).unwrap();
        assert!(long.size > short.size);
        assert_ne!(
            qr_code("https://dilas.soest.de/kurse").unwrap().path,
            qr_code("https://dilas.soest.de/kursf").unwrap().path
        );
        assert!(qr_code(&"x".repeat(5000)).is_none());
    }
}
