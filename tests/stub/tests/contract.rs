//! The OpenAPI document covers every route, and the stub's answers match it (every test's answers
//! go through the same check in `common`; this file adds the document-level checks).

mod common;

use beian_contract::endpoint::{Carried, ALL};
use beian_contract::paths;
use common::{jpeg, Stub};
use serde_json::{json, Value};

/// The sandbox's routes (stub only); the API's are `beian_contract::endpoint::ALL`.
const SANDBOX_ROUTES: &[(&str, &str)] = &[
    ("get", paths::SANDBOX_SMS),
    ("post", paths::SANDBOX_RESET),
    ("post", paths::SANDBOX_CLOCK),
    ("get", paths::SANDBOX_FAULTS),
    ("post", paths::SANDBOX_FAULTS),
    ("delete", paths::SANDBOX_FAULTS),
    ("post", paths::SANDBOX_FACE_CHECK),
    ("get", paths::SANDBOX_REVIEWS),
    ("post", paths::SANDBOX_REVIEW),
    ("get", paths::SANDBOX_ORDERS),
    ("get", paths::SANDBOX_PAY_PAGE),
    ("post", paths::SANDBOX_PAY),
    ("get", paths::SANDBOX_WECHAT_AUTHORIZE),
    ("post", paths::SANDBOX_WECHAT_AUTHORIZE),
    ("get", paths::SANDBOX_ALIPAY_AUTHORIZE),
    ("post", paths::SANDBOX_ALIPAY_AUTHORIZE),
];

/// Every route: method (lower case), path, and whether it works without a session.
fn all_routes() -> Vec<(String, &'static str, bool)> {
    let api = ALL
        .iter()
        .map(|e| (e.method.as_str().to_ascii_lowercase(), e.path, e.public));
    let sandbox = SANDBOX_ROUTES
        .iter()
        .map(|(method, path)| (method.to_string(), *path, false));
    api.chain(sandbox).collect()
}

#[tokio::test]
async fn document_covers_every_route() {
    let stub = Stub::start().await;
    let doc = stub.doc();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let routes = all_routes();
    for (method, path, public) in &routes {
        let path = *path;
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} missing from the document");
        let sandbox = path.starts_with("/sandbox");
        assert_eq!(
            op["tags"][0] == "sandbox",
            sandbox,
            "{method} {path}: sandbox tag"
        );
        let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
        if secured {
            assert!(op["responses"]["401"].is_object(), "{method} {path}: 401");
        }
        // Public: signing in, this document, and the mini-program's pay page, which has no
        // session of the web page (its login code is the authority).
        assert_eq!(secured, !sandbox && !public, "{method} {path}: security");
        let ok = op["responses"]
            .as_object()
            .unwrap()
            .keys()
            .any(|k| k.starts_with('2') || k.starts_with('3'));
        assert!(ok, "{method} {path}: a success answer");
    }
    let mut ids = std::collections::BTreeSet::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let id = op["operationId"].as_str().unwrap();
            assert!(ids.insert(id.to_string()), "operationId {id} is not unique");
        }
    }
    let api_paths = doc["paths"].as_object().unwrap().len();
    let distinct: std::collections::BTreeSet<&str> = routes.iter().map(|(_, p, _)| *p).collect();
    assert_eq!(api_paths, distinct.len(), "no undeclared extra paths");
    for path in ALL.iter().filter(|e| e.idempotent).map(|e| e.path) {
        let params = doc["paths"][path]["post"]["parameters"].as_array().unwrap();
        assert!(
            params
                .iter()
                .any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header"),
            "{path}"
        );
    }
    for e in ALL.iter().filter(|e| e.carried == Carried::Image) {
        let (path, method) = (e.path, e.method.as_str().to_ascii_lowercase());
        let content = &doc["paths"][path][&method]["requestBody"]["content"];
        let schema = &content["image/jpeg"]["schema"]["$ref"];
        let name = schema.as_str().unwrap().rsplit('/').next().unwrap();
        assert_eq!(
            doc["components"]["schemas"][name]["format"], "binary",
            "{path}"
        );
    }
    // every reference resolves
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    out.push(r.clone());
                }
                m.values().for_each(|x| refs(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(doc, &mut all);
    for r in &all {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unexpected ref {r}"));
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "unresolved {r}"
        );
    }
    let err = &doc["paths"][paths::FILING_LOOKUP]["post"]["responses"]["409"]["content"]
        ["application/json"]["schema"]["$ref"];
    assert_eq!(err, "#/components/schemas/ApiError");
}

#[tokio::test]
async fn answers_across_the_api_match_the_document() {
    let stub = Stub::start().await;
    stub.advance_to(12, 0).await;
    let t = stub.sign_in("13800138000").await;
    let mut hits = 0;
    for path in [
        "/api/me",
        "/api/vehicles",
        "/api/violations",
        "/api/violations/w-105",
        "/api/messages",
        "/api/handling/rules",
        "/sandbox/sms",
        "/sandbox/faults",
        "/sandbox/reviews",
    ] {
        assert_eq!(stub.get(path, Some(&t)).await.status, 200, "{path}");
        hits += 1;
    }
    let m = stub
        .post(
            "/api/filings/qr",
            Some(&t),
            json!({ "payload": "BEIAN:1:demo-qr-yueB67890-active" }),
        )
        .await;
    let ch = stub
        .post(
            &format!(
                "/api/filings/matches/{}/owner-code",
                m.json["match_id"].as_str().unwrap()
            ),
            Some(&t),
            Value::Null,
        )
        .await;
    let code = stub.last_code("13500135000").await;
    let f = stub
        .call_with(reqwest::Method::POST, "/api/filings", Some(&t), json!({ "match_id": m.json["match_id"], "challenge_id": ch.json["challenge_id"], "code": code }), &[("Idempotency-Key", "c-1")])
        .await;
    let id = f.json["id"].as_str().unwrap();
    stub.upload(
        reqwest::Method::PUT,
        &format!("/api/filings/{id}/photos/vehicle_front45"),
        &t,
        "image/jpeg",
        jpeg(),
    )
    .await;
    stub.upload(
        reqwest::Method::PUT,
        &format!("/api/filings/{id}/photos/nope"),
        &t,
        "image/jpeg",
        jpeg(),
    )
    .await;
    stub.get(&format!("/api/filings/{id}"), Some(&t)).await;
    stub.post("/sandbox/clock", None, json!({ "seconds": "soon" }))
        .await;
    stub.post("/sandbox/face-check", None, json!({ "outcome": "pass" }))
        .await;
    stub.post("/sandbox/reviews/f-none", None, json!({ "approve": true }))
        .await;
    stub.post("/sandbox/pay/pay-none", None, json!({ "outcome": "pay" }))
        .await;
    stub.post("/api/filings/qr", Some(&t), json!({ "payload": 7 }))
        .await;
    stub.get("/api/openapi.json", None).await;
    hits += 12;
    assert!(
        stub.checked() >= hits,
        "every answer was validated: {} < {hits}",
        stub.checked()
    );
}

#[tokio::test]
async fn serves_the_app_with_spa_fallback() {
    let dir = std::env::temp_dir().join(format!("beian-stub-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    std::fs::write(dir.join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let stub = Stub::start_with(beian_stub::Config {
        dist: Some(dir.clone()),
        ..Default::default()
    })
    .await;
    let get = |p: &str| stub.client.get(format!("{}{p}", stub.base)).send();
    let root = get("/").await.unwrap();
    assert_eq!(root.status(), 200);
    assert!(root.text().await.unwrap().contains("<title>app</title>"));
    let deep = get("/vehicles/f-1").await.unwrap();
    assert_eq!(deep.status(), 200);
    assert!(deep.text().await.unwrap().contains("<title>app</title>"));
    let wasm = get("/app_bg.wasm").await.unwrap();
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    for p in ["/api/unknown", "/sandbox/unknown"] {
        let r = get(p).await.unwrap();
        assert_eq!(r.status(), 404, "{p}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn serves_the_builds_brotli_copy_when_the_browser_accepts_it() {
    let dir = std::env::temp_dir().join(format!("beian-stub-br-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    let js = "export const x = 1;\n".repeat(200);
    std::fs::write(dir.join("app.js"), &js).unwrap();
    // Stands in for `cargo xtask post-build`'s quality-11 copy: the server must send it as is.
    std::fs::write(dir.join("app.js.br"), b"precompressed bytes").unwrap();
    let stub = Stub::start_with(beian_stub::Config {
        dist: Some(dir.clone()),
        ..Default::default()
    })
    .await;
    let get = |enc: &'static str| {
        stub.client
            .get(format!("{}/app.js", stub.base))
            .header("accept-encoding", enc)
            .send()
    };

    let br = get("gzip, deflate, br").await.unwrap();
    assert_eq!(br.headers()["content-encoding"], "br");
    assert!(br.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    let vary: Vec<_> = br
        .headers()
        .get_all("vary")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(
        vary.iter().any(|v| v.contains("accept-encoding")),
        "{vary:?}"
    );
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"precompressed bytes");

    // No brotli: compressed on the fly (gzip) or sent plain, never the .br bytes.
    let gz = get("gzip").await.unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let plain = get("identity").await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), js);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn garbage_input_never_gives_a_server_error() {
    let stub = Stub::start().await;
    let t = stub.sign_in("13800138000").await;
    let bodies: [Option<(&str, &[u8])>; 6] = [
        None,
        Some(("application/json", b"{}")),
        Some(("application/json", b"[]")),
        Some((
            "application/json",
            b"{\"phone\": 5, \"seconds\": \"x\", \"outcome\": 1}",
        )),
        Some(("application/json", b"not json")),
        Some(("text/plain", b"\xff\xfe")),
    ];
    for (method, path, _) in &all_routes() {
        let path = *path;
        if path == paths::SANDBOX_RESET || (path == paths::SESSION && method == "delete") {
            continue;
        }
        let concrete = path
            .replace("{match_id}", "x")
            .replace("{filing_id}", "f-seed-1")
            .replace("{slot}", "engine_number")
            .replace("{kind}", "driving_licence")
            .replace("{vehicle_id}", "nope")
            .replace("{violation_id}", "w-101")
            .replace("{order_id}", "pay-0")
            .replace("{message_id}", "m-0");
        for body in &bodies {
            let m = reqwest::Method::from_bytes(method.to_ascii_uppercase().as_bytes()).unwrap();
            let mut req = stub
                .client
                .request(m.clone(), format!("{}{concrete}", stub.base))
                .bearer_auth(&t);
            if let Some((ctype, bytes)) = body {
                req = req.header("content-type", *ctype).body(bytes.to_vec());
            }
            let a = stub.send(req, m, &concrete).await;
            assert!(
                a.status.as_u16() < 500,
                "{method} {concrete} {body:?}: {} {}",
                a.status,
                a.json
            );
            let html_page = [
                paths::SANDBOX_PAY_PAGE,
                paths::SANDBOX_WECHAT_AUTHORIZE,
                paths::SANDBOX_ALIPAY_AUTHORIZE,
            ]
            .contains(&path);
            if a.status.is_client_error() && !(html_page && *method == "get") {
                assert!(
                    a.json["error"]["code"].is_string(),
                    "{method} {concrete}: typed error"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_document_describes_the_vehicle_qr_payload() {
    let stub = Stub::start().await;
    let doc = stub.get("/api/openapi.json", None).await.json;
    let schema = &doc["components"]["schemas"]["QrResolveRequest"];
    let text = schema.to_string();
    assert!(
        text.contains("BEIAN:1:<token>")
            && text.contains("[A-Za-z0-9_-]")
            && text.contains("16–64"),
        "{schema}"
    );
    let op = doc["paths"][paths::FILING_QR_RESOLVE]["post"].to_string();
    assert!(op.contains("nothing personal"), "{op}");
}
