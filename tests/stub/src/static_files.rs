//! Serving the built app (`--dist`) with an SPA fallback to `index.html`, under a strict
//! Content-Security-Policy and the usual security headers (see [`security_headers`]).

use std::path::Path;

use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// Adds the app's files as the router's fallback: unknown non-`/api`, non-`/sandbox` GET paths
/// answer `index.html` (client-side routing); `.wasm` goes out as `application/wasm`. Every
/// answer carries [`security_headers`] for this build's `index.html`, and is compressed as any
/// real host serves static files: the build's precompressed `f.br` (quality 11, written by
/// `cargo xtask post-build`) when the browser accepts brotli, else brotli or gzip on the fly. So
/// what a page load costs here (Lighthouse, `tests/bench`) is what it costs in production.
pub fn with_dist<S: Clone + Send + Sync + 'static>(router: Router<S>, dist: &Path) -> Router<S> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).unwrap_or_default();
    let files = ServeDir::new(dist)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .fallback(ServeFile::new(index).precompressed_br());
    let [csp, referrer, permissions, nosniff] = security_headers(&html).map(|(name, value)| {
        SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("")),
        )
    });
    // Only the app's answers (the API's JSON and the sandbox's pages need none of them).
    router.fallback_service(
        tower::ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-cache"),
            ))
            .layer(csp)
            .layer(referrer)
            .layer(permissions)
            .layer(nosniff)
            .map_response(vary_accept_encoding)
            .layer(CompressionLayer::new().br(true).gzip(true))
            .service(files),
    )
}

/// Every answer depends on `Accept-Encoding` (a precompressed `.br`, on-the-fly gzip, or none):
/// say so once, so that no cache between hands a brotli body to a browser that did not ask for it.
/// (The compression layer says it only for what it compresses itself.)
fn vary_accept_encoding<B>(mut res: axum::http::Response<B>) -> axum::http::Response<B> {
    let said = res.headers().get_all(header::VARY).iter().any(|v| {
        v.to_str().is_ok_and(|v| {
            v.split(',')
                .any(|part| part.trim().eq_ignore_ascii_case("accept-encoding"))
        })
    });
    if !said {
        res.headers_mut()
            .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

/// The security headers for the app whose `index.html` is `html`:
///
/// - `Content-Security-Policy`: scripts only from this origin plus the hashes of `index.html`'s
///   own inline scripts (trunk's module loader), `'wasm-unsafe-eval'` for WebAssembly, and the
///   origins of the mini-programs' web-view SDKs ([`beian_domain::sdk_script_origins`]: WeChat's
///   JS-SDK on `res.wx.qq.com` and its fallback `res2.wx.qq.com`, Alipay's `appx`), which the app
///   loads only inside those hosts; nothing else (no `unsafe-inline`, no `unsafe-eval`); styles, images, media, workers, fonts and
///   `fetch` from this origin only (images also from `blob:` and `data:` for photo previews;
///   workers also from `blob:`); no plugins; forms post only here (the simulated pay page);
///   `frame-ancestors 'self'`: no other site may frame the app (WeChat and Alipay open it in
///   their own web-views, not in frames).
/// - `Referrer-Policy: strict-origin-when-cross-origin`: other sites see at most the origin (WeChat
///   H5 pay checks the referring domain), never a path or query.
/// - `Permissions-Policy`: the camera for this origin only; microphone, geolocation, payment
///   request and the rest off.
/// - `X-Content-Type-Options: nosniff`.
///
/// A production host serves the same (docs/security.md lists them); `connect-src` then names the API's
/// origin when the app is built with `--api-base`.
pub fn security_headers(html: &str) -> [(HeaderName, String); 4] {
    let hashes: Vec<String> = inline_scripts(html)
        .iter()
        .map(|s| {
            let digest = Sha256::digest(s.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let script_src = std::iter::once("'self'".to_owned())
        .chain(std::iter::once("'wasm-unsafe-eval'".to_owned()))
        .chain(hashes)
        .chain(
            beian_domain::sdk_script_origins()
                .into_iter()
                .map(str::to_owned),
        )
        .collect::<Vec<_>>()
        .join(" ");
    let csp = format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' blob: data:; \
         media-src 'self' blob:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; \
         manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
    );
    [
        (header::CONTENT_SECURITY_POLICY, csp),
        (
            header::REFERRER_POLICY,
            "strict-origin-when-cross-origin".to_owned(),
        ),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
                .to_owned(),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
    ]
}

/// The contents of the `<script>` elements without a `src` (exactly as the browser hashes them).
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body = &after[tag_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            out.push(&body[..close]);
        }
        rest = &body[close..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_the_inline_loader_only() {
        let html = "<script type=\"module\">\nimport init from '/a.js';\n</script><script src=\"/b.js\"></script>";
        let scripts = inline_scripts(html);
        assert_eq!(scripts, vec!["\nimport init from '/a.js';\n"]);
        let headers = security_headers(html);
        let csp = &headers[0].1;
        let digest = Sha256::digest(scripts[0].as_bytes());
        let hash = base64::engine::general_purpose::STANDARD.encode(digest);
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
            "{csp}"
        );
        assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'self'"));
        // Exactly the SDK origins, in script-src only.
        let script_src: Vec<&str> = csp
            .split(';')
            .map(str::trim)
            .find_map(|d| d.strip_prefix("script-src "))
            .unwrap()
            .split_whitespace()
            .collect();
        let mut want = vec!["'self'", "'wasm-unsafe-eval'"];
        let hash = format!("'sha256-{hash}'");
        want.push(&hash);
        want.extend([
            "https://res.wx.qq.com",
            "https://res2.wx.qq.com",
            "https://appx",
        ]);
        assert_eq!(script_src, want);
        assert_eq!(csp.matches("wx.qq.com").count(), 2, "{csp}");
        assert_eq!(csp.matches("https://appx").count(), 1, "{csp}");
    }
}
