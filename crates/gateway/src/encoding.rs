//! Which pre-compressed copy the client accepts (`Accept-Encoding`).

use http::header::{HeaderMap, ACCEPT_ENCODING};

/// A pre-compressed copy the build writes beside a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `X.br`
    Brotli,
    /// `X.gz`
    Gzip,
}

impl Encoding {
    /// The `Content-Encoding` token.
    pub fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }

    /// The suffix of the copy's file name.
    pub fn suffix(self) -> &'static str {
        match self {
            Encoding::Brotli => ".br",
            Encoding::Gzip => ".gz",
        }
    }
}

/// The encodings the request accepts, in the order to try them (brotli first).
///
/// An encoding is accepted when it is listed with a non-zero quality, or when
/// it is not listed and `*` is, with a non-zero quality. `x-gzip` counts as gzip.
pub fn accepted(headers: &HeaderMap) -> Vec<Encoding> {
    let mut br = None;
    let mut gzip = None;
    let mut any = None;
    for value in headers.get_all(ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let token = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let allowed = parts
                .filter_map(|param| param.trim().split_once('='))
                .find(|(name, _)| name.trim().eq_ignore_ascii_case("q"))
                .map(|(_, q)| q.trim().parse::<f32>().is_ok_and(|q| q > 0.0))
                .unwrap_or(true);
            match token.as_str() {
                "br" => br = Some(allowed),
                "gzip" | "x-gzip" => gzip = Some(gzip.unwrap_or(false) || allowed),
                "*" => any = Some(allowed),
                _ => {}
            }
        }
    }
    let any = any.unwrap_or(false);
    let mut result = Vec::with_capacity(2);
    if br.unwrap_or(any) {
        result.push(Encoding::Brotli);
    }
    if gzip.unwrap_or(any) {
        result.push(Encoding::Gzip);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn accepted_for(value: &str) -> Vec<Encoding> {
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT_ENCODING,
            HeaderValue::from_str(value).expect("ascii"),
        );
        accepted(&headers)
    }

    #[test]
    fn picks_listed_encodings() {
        use Encoding::{Brotli, Gzip};
        assert_eq!(accepted(&HeaderMap::new()), vec![]);
        assert_eq!(accepted_for("gzip, deflate, br, zstd"), vec![Brotli, Gzip]);
        assert_eq!(accepted_for("gzip"), vec![Gzip]);
        assert_eq!(accepted_for("x-gzip"), vec![Gzip]);
        assert_eq!(accepted_for("BR;q=0.5"), vec![Brotli]);
        assert_eq!(accepted_for("br;q=0, gzip;q=1.0"), vec![Gzip]);
        assert_eq!(accepted_for("br;q=0.0, gzip;q=0"), vec![]);
        assert_eq!(accepted_for("identity"), vec![]);
        assert_eq!(accepted_for("*"), vec![Brotli, Gzip]);
        assert_eq!(accepted_for("br;q=0, *"), vec![Gzip]);
        assert_eq!(accepted_for("*;q=0"), vec![]);
        assert_eq!(accepted_for("br;q=nonsense"), vec![]);
    }
}
