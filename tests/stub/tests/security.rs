//! Security rules of the contract, over real HTTP: return paths that stay on the app's origin,
//! the headers of API answers (no caching, no sniffing, CORS only for configured origins), body
//! limits (`413`), and vehicle filing codes that cannot be probed (one answer, a rate limit).

mod common;

use common::{jpeg, Stub};
use reqwest::Method;
use serde_json::{json, Value};

const ME: &str = "13800138000";

/// An unpaid decision number of the main demo user.
async fn unpaid_decisions(stub: &Stub, t: &str) -> Vec<String> {
    let list = stub.get("/api/violations?status=processed", Some(t)).await;
    list.json["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["paid"] == false && v["decision_number"].is_string())
        .map(|v| v["decision_number"].as_str().unwrap().to_owned())
        .take(1)
        .collect()
}

async fn create_payment(
    stub: &Stub,
    t: &str,
    key: &str,
    decisions: &[String],
    return_path: &str,
    origin: Option<&str>,
) -> common::Answer {
    let mut headers = vec![("Idempotency-Key", key)];
    if let Some(o) = origin {
        headers.push(("Origin", o));
    }
    stub.call_with(
        Method::POST,
        "/api/payments",
        Some(t),
        json!({ "decision_numbers": decisions, "channel": "wechat", "host": "browser", "return_path": return_path }),
        &headers,
    )
    .await
}

#[tokio::test]
async fn payments_refuse_a_return_address_off_the_apps_origin() {
    let stub = Stub::start().await;
    stub.advance_to(12, 0).await;
    let t = stub.sign_in(ME).await;
    let d = unpaid_decisions(&stub, &t).await;
    let long = format!("/{}", "a".repeat(512));
    for (i, hostile) in [
        "https://evil.example/pay/result",
        "http://127.0.0.1:1/pay/result",
        "//evil.example/pay/result",
        "/\\evil.example/pay/result",
        "\\\\evil.example",
        "javascript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "/pay/result\r\nLocation: https://evil.example",
        "/\t/evil.example",
        "/pay/result#https://evil.example",
        "/pay/result?next=//evil.example",
        "pay/result",
        "",
        long.as_str(),
    ]
    .into_iter()
    .enumerate()
    {
        let a = create_payment(&stub, &t, &format!("hostile-{i}"), &d, hostile, None).await;
        assert_eq!(
            (
                a.status.as_u16(),
                a.code(),
                a.json["error"]["field"].as_str()
            ),
            (422, "validation", Some("return_path")),
            "{hostile:?}: {}",
            a.json
        );
    }
    // The old field, a URL, is not taken instead.
    let old = stub
        .call_with(
            Method::POST,
            "/api/payments",
            Some(&t),
            json!({ "decision_numbers": d, "channel": "wechat", "host": "browser", "return_url": "https://evil.example/" }),
            &[("Idempotency-Key", "old-field")],
        )
        .await;
    assert_eq!(
        (old.status.as_u16(), old.json["error"]["field"].as_str()),
        (422, Some("return_path"))
    );
    assert!(
        stub.get("/sandbox/orders", None).await.json["orders"]
            .as_array()
            .unwrap()
            .is_empty(),
        "no order was made"
    );
    let ok = create_payment(&stub, &t, "fine", &d, "/pay/result", None).await;
    assert_eq!(ok.status, 201, "{}", ok.json);
}

#[tokio::test]
async fn the_provider_page_sends_the_user_back_only_to_the_orders_path() {
    let stub = Stub::start().await;
    stub.advance_to(12, 0).await;
    let t = stub.sign_in(ME).await;
    let d = unpaid_decisions(&stub, &t).await;
    let order = create_payment(&stub, &t, "k-1", &d, "/pay/result", None).await;
    let id = order.json["order_id"].as_str().unwrap().to_owned();
    let link = order.json["action"]["url"].as_str().unwrap();
    assert_eq!(
        link,
        format!("/sandbox/pay/{id}"),
        "the link carries no return address"
    );

    // A link someone crafted with a return address of their own: the page ignores it.
    for hostile in [
        "javascript:alert(document.cookie)",
        "https://evil.example/pay/result",
    ] {
        let page = stub
            .client
            .get(format!("{}/sandbox/pay/{id}", stub.base))
            .query(&[("return", hostile)])
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(
            !html.contains("javascript:") && !html.contains("evil.example"),
            "{hostile}: echoed in the page"
        );
    }
    // The form, with a return field added by hand: back to the order's own path regardless.
    for (outcome, hostile) in [
        ("cancel", "javascript:alert(1)"),
        ("fail", "https://evil.example/"),
        ("pay", "//evil.example"),
    ] {
        let back = stub
            .client
            .post(format!("{}/sandbox/pay/{id}", stub.base))
            .form(&[("outcome", outcome), ("return", hostile)])
            .send()
            .await
            .unwrap();
        assert_eq!(back.status(), 303, "{outcome}");
        assert_eq!(
            back.headers()["location"],
            format!("/pay/result?order={id}"),
            "{outcome} with return={hostile}"
        );
    }
    assert_eq!(
        stub.get(&format!("/api/payments/{id}"), Some(&t))
            .await
            .json["state"],
        "paid"
    );
}

#[tokio::test]
async fn an_app_on_an_allowed_origin_gets_the_user_back_there_and_no_other_origin_does() {
    let stub = Stub::start_with(beian_stub::Config {
        allow_origins: vec!["https://app.example.cn".into()],
        ..Default::default()
    })
    .await;
    stub.advance_to(12, 0).await;
    let t = stub.sign_in(ME).await;
    let d = unpaid_decisions(&stub, &t).await;
    let settle = |id: String| {
        let stub = &stub;
        async move {
            let r = stub
                .client
                .post(format!("{}/sandbox/pay/{id}", stub.base))
                .form(&[("outcome", "cancel")])
                .send()
                .await
                .unwrap();
            r.headers()["location"].to_str().unwrap().to_owned()
        }
    };
    let a = create_payment(
        &stub,
        &t,
        "k-1",
        &d,
        "/pay/result",
        Some("https://app.example.cn"),
    )
    .await;
    let id = a.json["order_id"].as_str().unwrap().to_owned();
    assert_eq!(
        settle(id.clone()).await,
        format!("https://app.example.cn/pay/result?order={id}")
    );
    // The same order asked for from an origin that is not allowed: back to this server's path.
    let b = create_payment(
        &stub,
        &t,
        "k-2",
        &d,
        "/pay/result",
        Some("https://evil.example"),
    )
    .await;
    assert_eq!(b.json["order_id"], id.as_str());
    assert_eq!(settle(id.clone()).await, format!("/pay/result?order={id}"));
}

/// The document's pattern for `return_path` says exactly what `check_return_path` accepts.
#[tokio::test]
async fn the_documents_return_path_pattern_is_the_contracts_rule() {
    let stub = Stub::start().await;
    let field =
        stub.doc()["components"]["schemas"]["CreatePayment"]["properties"]["return_path"].clone();
    assert_eq!(field["maxLength"], 512, "{field}");
    let schema = json!({ "type": "string", "pattern": field["pattern"], "minLength": field["minLength"], "maxLength": field["maxLength"] });
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let long = format!("/{}", "b".repeat(511));
    let longer = format!("{long}b");
    for sample in [
        "/pay/result",
        "/",
        "/a/",
        "/a//b",
        "//x",
        "/\\x",
        "https://x",
        "javascript:x",
        "/a?b=c&d=%2F",
        "/a?b=/c",
        "/a#b",
        "/%",
        "/%4",
        "/%41",
        "/a\nb",
        "/é",
        "",
        "a",
        "/?x",
        "/a/?x?y",
        "/:@!$&'()*+,;=~._-",
        long.as_str(),
        longer.as_str(),
    ] {
        assert_eq!(
            validator.is_valid(&Value::from(sample)),
            beian_contract::payment::check_return_path(sample).is_ok(),
            "{sample:?}"
        );
    }
}

fn header<'a>(a: &'a common::Answer, name: &str) -> Option<&'a str> {
    a.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn api_answers_are_never_cached_or_sniffed_errors_included() {
    let stub = Stub::start().await;
    let t = stub.sign_in(ME).await;
    stub.post(
        "/sandbox/faults",
        None,
        json!({ "path": "/api/vehicles", "status": 503, "times": 1 }),
    )
    .await;
    let answers = [
        stub.get("/api/me", Some(&t)).await,
        stub.get("/api/me", None).await,
        stub.get("/api/violations/nope", Some(&t)).await,
        stub.post(
            "/api/filings/lookup",
            Some(&t),
            json!({ "plate_type": "02" }),
        )
        .await,
        stub.get("/api/vehicles", Some(&t)).await,
        stub.get("/api/openapi.json", None).await,
    ];
    let statuses: Vec<u16> = answers.iter().map(|a| a.status.as_u16()).collect();
    assert_eq!(statuses, [200, 401, 404, 422, 503, 200]);
    for a in &answers {
        assert_eq!(
            header(a, "cache-control"),
            Some("no-store"),
            "{} {}",
            a.status,
            a.json
        );
        assert_eq!(
            header(a, "x-content-type-options"),
            Some("nosniff"),
            "{}",
            a.status
        );
    }
    let sandbox = stub.get("/sandbox/sms", None).await;
    assert_eq!(header(&sandbox, "x-content-type-options"), Some("nosniff"));
    let page = stub
        .client
        .get(format!("{}/sandbox/pay/nope", stub.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
}

async fn raw(
    stub: &Stub,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut req = stub.client.request(method, format!("{}{path}", stub.base));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

fn preflight(origin: &str) -> [(&str, &str); 3] {
    [
        ("Origin", origin),
        ("Access-Control-Request-Method", "POST"),
        (
            "Access-Control-Request-Headers",
            "authorization,content-type,idempotency-key",
        ),
    ]
}

#[tokio::test]
async fn cross_origin_calls_are_refused_by_default() {
    let stub = Stub::start().await;
    let t = stub.sign_in(ME).await;
    let bearer = format!("Bearer {t}");
    let get = raw(
        &stub,
        Method::GET,
        "/api/me",
        &[
            ("Origin", "https://evil.example"),
            ("Authorization", &bearer),
        ],
    )
    .await;
    assert_eq!(get.status(), 200);
    assert!(
        get.headers().get("access-control-allow-origin").is_none(),
        "{:?}",
        get.headers()
    );
    let pre = raw(
        &stub,
        Method::OPTIONS,
        "/api/payments",
        &preflight("https://evil.example"),
    )
    .await;
    for h in [
        "access-control-allow-origin",
        "access-control-allow-methods",
        "access-control-allow-headers",
    ] {
        assert!(pre.headers().get(h).is_none(), "{h}: {:?}", pre.headers());
    }
}

#[tokio::test]
async fn cross_origin_calls_are_allowed_to_the_configured_origins_only() {
    let app = "https://app.example.cn";
    let stub = Stub::start_with(beian_stub::Config {
        allow_origins: vec![app.into()],
        ..Default::default()
    })
    .await;
    let t = stub.sign_in(ME).await;
    let bearer = format!("Bearer {t}");
    let vary = |r: &reqwest::Response| {
        r.headers()
            .get_all("vary")
            .iter()
            .map(|v| v.to_str().unwrap().to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join(", ")
    };

    let pre = raw(&stub, Method::OPTIONS, "/api/payments", &preflight(app)).await;
    assert!(pre.status().is_success(), "{}", pre.status());
    let h = pre.headers();
    assert_eq!(h["access-control-allow-origin"], app);
    assert_eq!(h["access-control-allow-methods"], "GET, POST, PUT, DELETE");
    assert_eq!(
        h["access-control-allow-headers"],
        "Authorization, Content-Type, Idempotency-Key"
    );
    assert!(
        h.get("access-control-allow-credentials").is_none(),
        "bearer tokens, no cookies"
    );
    assert!(vary(&pre).contains("origin"), "{}", vary(&pre));

    let get = raw(
        &stub,
        Method::GET,
        "/api/me",
        &[("Origin", app), ("Authorization", &bearer)],
    )
    .await;
    assert_eq!(get.headers()["access-control-allow-origin"], app);
    assert_eq!(
        get.headers()["access-control-expose-headers"],
        "Retry-After"
    );
    assert!(vary(&get).contains("origin"));

    for other in [
        "https://evil.example",
        "https://app.example.cn.evil.example",
        "http://app.example.cn",
        "null",
    ] {
        let pre = raw(&stub, Method::OPTIONS, "/api/payments", &preflight(other)).await;
        assert!(
            pre.headers().get("access-control-allow-origin").is_none(),
            "{other}: {:?}",
            pre.headers()
        );
        assert!(
            pre.headers().get("access-control-allow-methods").is_none(),
            "{other}"
        );
        let get = raw(
            &stub,
            Method::GET,
            "/api/me",
            &[("Origin", other), ("Authorization", &bearer)],
        )
        .await;
        assert_eq!(get.status(), 200);
        assert!(
            get.headers().get("access-control-allow-origin").is_none(),
            "{other}"
        );
        assert!(
            vary(&get).contains("origin"),
            "a cache must not give this answer to the allowed origin"
        );
    }
}

/// A JSON body just over the limit: a lookup with a very long plate number.
fn json_body(len: usize) -> Vec<u8> {
    let head = br#"{"plate_type":"02","engine_last6":"305118","plate_number":""#;
    let mut v = head.to_vec();
    v.resize(len - 2, b'A');
    v.extend_from_slice(b"\"}");
    v
}

#[tokio::test]
async fn bodies_over_the_limit_answer_413_with_a_typed_error() {
    let stub = Stub::start().await;
    let t = stub.sign_in(ME).await;
    let max_json = beian_contract::MAX_JSON_BYTES;
    let send_json = |path: &'static str, body: Vec<u8>| {
        let req = stub
            .client
            .post(format!("{}{path}", stub.base))
            .bearer_auth(&t)
            .header("content-type", "application/json")
            .header("idempotency-key", "big")
            .body(body);
        stub.send(req, Method::POST, path)
    };
    let at_limit = send_json("/api/filings/lookup", json_body(max_json)).await;
    assert_eq!(
        (at_limit.status.as_u16(), at_limit.code()),
        (422, "validation"),
        "at the limit the body is read"
    );
    for path in [
        "/api/filings/lookup",
        "/api/filings/qr",
        "/api/payments",
        "/api/session/code",
    ] {
        let a = send_json(path, json_body(max_json + 1)).await;
        assert_eq!(
            (a.status.as_u16(), a.code()),
            (413, "payload_too_large"),
            "{path}: {}",
            a.json
        );
        assert!(a.json["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }

    // Photos: at most 4 MiB.
    let m = stub
        .post(
            "/api/filings/qr",
            Some(&t),
            json!({ "payload": "BEIAN:1:demo-qr-luB2K7X9-active" }),
        )
        .await;
    let match_id = m.json["match_id"].as_str().unwrap().to_owned();
    let photo = |len: usize| {
        let mut v = jpeg();
        v.resize(len, 0);
        v
    };
    let max = beian_contract::filing::MAX_UPLOAD_BYTES;
    let path = format!("/api/filings/matches/{match_id}/photos/engine_number");
    let ok = stub
        .upload(Method::PUT, &path, &t, "image/jpeg", photo(max))
        .await;
    assert_eq!(ok.status, 200, "{}", ok.json);
    for (method, path) in [
        (Method::PUT, path.as_str()),
        (Method::PUT, "/api/filings/f-x/photos/vehicle_front45"),
        (Method::POST, "/api/filings/f-x/face-check"),
        (Method::PUT, "/api/filings/f-x/documents/driving_licence"),
    ] {
        let a = stub
            .upload(method, path, &t, "image/jpeg", photo(max + 1))
            .await;
        assert_eq!(
            (a.status.as_u16(), a.code()),
            (413, "payload_too_large"),
            "{path}: {}",
            a.json
        );
    }
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_answers_413_too() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let stub = Stub::start().await;
    let t = stub.sign_in(ME).await;
    let addr = stub.base.strip_prefix("http://").unwrap();
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    let body = json_body(beian_contract::MAX_JSON_BYTES + 1024);
    let mut req = format!(
        "POST /api/filings/lookup HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {t}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    .into_bytes();
    for chunk in body.chunks(4096) {
        req.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        req.extend_from_slice(chunk);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    conn.write_all(&req).await.unwrap();
    let mut answer = Vec::new();
    let _ = conn.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("\"payload_too_large\""), "{text}");
}

#[tokio::test]
async fn unknown_and_damaged_codes_get_one_and_the_same_answer() {
    let stub = Stub::start().await;
    let t = stub.sign_in(ME).await;
    let mut answers = Vec::new();
    for payload in [
        "BEIAN:1:unknown-token-1234567",
        "BEIAN:1:demo-qr-yueB67890-activX",
        "BEIAN:1:demo-qr-yueB67890-activ",
        "BEIAN:1:short",
        "BEIAN:1:demo-qr-yueB67890 active",
        "hello",
    ] {
        let a = stub
            .post("/api/filings/qr", Some(&t), json!({ "payload": payload }))
            .await;
        answers.push((payload, a.status.as_u16(), a.json));
    }
    let (_, status, first) = &answers[0];
    assert_eq!(
        (*status, first["error"]["code"].as_str()),
        (422, Some("qr_invalid"))
    );
    for (payload, s, body) in &answers {
        assert_eq!(
            (s, body),
            (status, first),
            "{payload}: a different answer tells tokens apart"
        );
    }
}

async fn resolve(stub: &Stub, t: &str) -> common::Answer {
    stub.post(
        "/api/filings/qr",
        Some(t),
        json!({ "payload": "BEIAN:1:unknown-token-1234567" }),
    )
    .await
}

#[tokio::test]
async fn resolving_codes_is_rate_limited_per_account_and_per_client() {
    use beian_contract::filing::{
        QR_RESOLVE_PER_ACCOUNT, QR_RESOLVE_PER_CLIENT, QR_RESOLVE_WINDOW_S,
    };
    let stub = Stub::start().await;
    let first = stub.sign_in(ME).await;
    for i in 0..QR_RESOLVE_PER_ACCOUNT {
        assert_eq!(
            resolve(&stub, &first).await.code(),
            "qr_invalid",
            "attempt {i}"
        );
    }
    stub.advance(120).await;
    let limited = resolve(&stub, &first).await;
    assert_eq!(
        (limited.status.as_u16(), limited.code()),
        (429, "rate_limited"),
        "{}",
        limited.json
    );
    // Until the first attempt leaves the window (the clock also runs in real time meanwhile).
    let wait = limited.json["error"]["retry_after_s"].as_u64().unwrap();
    let most = u64::from(QR_RESOLVE_WINDOW_S) - 120;
    assert!((most - 10..=most).contains(&wait), "{wait}");
    assert_eq!(limited.headers["retry-after"], wait.to_string().as_str());
    // A real code is refused too while the limit lasts: nothing to tell apart.
    let real = stub
        .post(
            "/api/filings/qr",
            Some(&first),
            json!({ "payload": "BEIAN:1:demo-qr-yueB67890-active" }),
        )
        .await;
    assert_eq!(real.status, 429);
    // A new session of the same account does not start afresh.
    let again = stub.sign_in(ME).await;
    assert_eq!(resolve(&stub, &again).await.status, 429);

    // Other accounts from the same address share the client's limit.
    let mut used = QR_RESOLVE_PER_ACCOUNT;
    let mut phone = 13_700_000_000u64;
    while used < QR_RESOLVE_PER_CLIENT {
        phone += 1;
        let t = stub.sign_in(&phone.to_string()).await;
        for _ in 0..QR_RESOLVE_PER_ACCOUNT.min(QR_RESOLVE_PER_CLIENT - used) {
            assert_eq!(resolve(&stub, &t).await.code(), "qr_invalid");
            used += 1;
        }
    }
    let fresh = stub.sign_in("13700009999").await;
    let by_client = resolve(&stub, &fresh).await;
    assert_eq!(
        (by_client.status.as_u16(), by_client.code()),
        (429, "rate_limited"),
        "the client's limit"
    );

    // Once the window has passed, codes are resolved again.
    stub.advance(i64::from(QR_RESOLVE_WINDOW_S)).await;
    assert_eq!(resolve(&stub, &first).await.code(), "qr_invalid");
    assert_eq!(resolve(&stub, &fresh).await.code(), "qr_invalid");
}

#[tokio::test]
async fn the_document_states_the_limits_and_the_headers() {
    let stub = Stub::start().await;
    let doc = stub.doc();
    let mut with_body = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            if op["requestBody"].is_object() {
                with_body += 1;
                let r = &responses["413"];
                assert!(r.is_object(), "{method} {path}: 413 not declared");
                assert!(r["description"]
                    .as_str()
                    .unwrap()
                    .contains("payload_too_large"));
            }
            if path.starts_with("/api/") {
                for (status, r) in responses {
                    assert_eq!(
                        r["headers"]["Cache-Control"]["schema"]["enum"],
                        json!(["no-store"]),
                        "{method} {path} {status}"
                    );
                    assert_eq!(
                        r["headers"]["X-Content-Type-Options"]["schema"]["enum"],
                        json!(["nosniff"]),
                        "{method} {path} {status}"
                    );
                }
            }
        }
    }
    assert!(with_body >= 15, "{with_body}");
    let qr = &doc["paths"][beian_contract::paths::FILING_QR_RESOLVE]["post"]["responses"];
    assert!(
        qr["429"]["description"]
            .as_str()
            .unwrap()
            .contains("rate_limited"),
        "{}",
        qr["429"]
    );
    assert!(qr["429"]["headers"]["Retry-After"].is_object());
    let codes = doc["components"]["schemas"]["ErrorCode"].to_string();
    assert!(codes.contains("payload_too_large"), "{codes}");
    let page = &doc["paths"][beian_contract::paths::SANDBOX_PAY_PAGE]["get"];
    assert!(
        !page.to_string().contains("\"return\""),
        "the pay page takes no return address: {page}"
    );
}

/// Asking for a sign-in code again within the minute names the earlier, still valid code (so the
/// user can type it instead of waiting), but only to the client it was sent for: someone else who
/// types the same number (here from another loopback address) learns no challenge id, and so
/// cannot spend its tries and void the user's code.
#[tokio::test]
async fn the_earlier_sign_in_code_is_named_only_to_the_client_it_was_sent_for() {
    let stub = Stub::start().await;
    let phone = json!({ "phone": "13800138000" });
    let first = stub.post("/api/session/code", None, phone.clone()).await;
    assert_eq!(first.status, 200, "{}", first.json);
    let again = stub.post("/api/session/code", None, phone.clone()).await;
    assert_eq!((again.status.as_u16(), again.code()), (429, "too_frequent"));
    assert_eq!(
        again.json["error"]["challenge_id"], first.json["challenge_id"],
        "the same client is told which code still works"
    );

    let other = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    let answer = other
        .post(format!("{}/api/session/code", stub.base))
        .json(&phone)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 429);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_frequent");
    assert!(
        body["error"].get("challenge_id").is_none(),
        "another client must not learn the challenge: {body}"
    );
}
