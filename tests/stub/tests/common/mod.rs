//! Test harness: the stub in-process on a free port, a small HTTP client, and the contract check
//! that validates every JSON answer against the schema the OpenAPI document declares for its
//! route and status.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// One answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub json: Value,
}

impl Answer {
    /// The error code of an error answer.
    pub fn code(&self) -> &str {
        self.json["error"]["code"].as_str().unwrap_or("")
    }
}

/// A running stub plus a client.
pub struct Stub {
    pub base: String,
    pub client: reqwest::Client,
    contract: Arc<Contract>,
}

/// The OpenAPI document and compiled validators.
pub struct Contract {
    doc: Value,
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
    pub checked: Mutex<usize>,
}

impl Contract {
    /// The template of the document that matches a concrete path (most literal segments win).
    pub fn template_for(&self, path: &str) -> Option<String> {
        let segs: Vec<&str> = path.split('/').collect();
        let mut best: Option<(usize, String)> = None;
        for template in self.doc["paths"].as_object().expect("paths").keys() {
            let t: Vec<&str> = template.split('/').collect();
            if t.len() != segs.len() {
                continue;
            }
            let mut literal = 0;
            let ok = t.iter().zip(&segs).all(|(a, b)| {
                if a.starts_with('{') {
                    !b.is_empty()
                } else {
                    literal += 1;
                    a == b
                }
            });
            if ok && best.as_ref().is_none_or(|(n, _)| literal > *n) {
                best = Some((literal, template.clone()));
            }
        }
        best.map(|(_, t)| t)
    }

    /// Validates one answer; panics with details when it does not match the document.
    pub fn check(
        &self,
        method: &Method,
        path: &str,
        status: StatusCode,
        content_type: Option<&str>,
        body: &[u8],
    ) {
        let path = path.split('?').next().unwrap_or(path);
        let template = self
            .template_for(path)
            .unwrap_or_else(|| panic!("{method} {path}: no route in the OpenAPI document"));
        let op = &self.doc["paths"][&template][method.as_str().to_ascii_lowercase()];
        assert!(
            op.is_object(),
            "{method} {template}: no operation in the document"
        );
        let responses = &op["responses"];
        let code = status.as_u16().to_string();
        let resp = if responses.get(&code).is_some() {
            &responses[&code]
        } else {
            &responses["default"]
        };
        assert!(
            resp.is_object(),
            "{method} {template}: status {status} not declared"
        );
        let content = &resp["content"];
        if body.is_empty() {
            assert!(
                content.is_null(),
                "{method} {template} {status}: empty body but the document declares content"
            );
            return;
        }
        let ctype = content_type
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        let media = &content[&ctype];
        assert!(
            media.is_object(),
            "{method} {template} {status}: content type {ctype} not declared ({content})"
        );
        if ctype != "application/json" {
            return;
        }
        let schema = &media["schema"];
        let key = format!("{method} {template} {code} {schema}");
        let validator = {
            let mut cache = self.validators.lock().unwrap();
            cache
                .entry(key)
                .or_insert_with(|| {
                    let root = json!({
                        "$schema": "https://json-schema.org/draft/2020-12/schema",
                        "components": self.doc["components"],
                        "allOf": [schema],
                    });
                    Arc::new(jsonschema::draft202012::new(&root).expect("the schema compiles"))
                })
                .clone()
        };
        let value: Value = serde_json::from_slice(body)
            .unwrap_or_else(|e| panic!("{method} {template} {status}: not JSON: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(
            errors.is_empty(),
            "{method} {template} {status}: body does not match the document: {errors:?}\n{value}"
        );
        *self.checked.lock().unwrap() += 1;
    }
}

impl Stub {
    /// Starts a fresh stub on a free port.
    pub async fn start() -> Stub {
        Stub::start_with(beian_stub::Config::default()).await
    }

    /// Starts a fresh stub with a configuration.
    pub async fn start_with(config: beian_stub::Config) -> Stub {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = beian_stub::AppState::new(config);
        tokio::spawn(beian_stub::serve_with_shutdown(
            listener,
            state,
            std::future::pending(),
        ));
        let base = format!("http://{addr}");
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let doc: Value = client
            .get(format!("{base}/api/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let contract = Arc::new(Contract {
            doc,
            validators: Mutex::new(HashMap::new()),
            checked: Mutex::new(0),
        });
        Stub {
            base,
            client,
            contract,
        }
    }

    /// The OpenAPI document.
    pub fn doc(&self) -> &Value {
        &self.contract.doc
    }

    /// How many answers were validated.
    pub fn checked(&self) -> usize {
        *self.contract.checked.lock().unwrap()
    }

    /// Sends a request and checks the answer against the document.
    pub async fn send(&self, req: reqwest::RequestBuilder, method: Method, path: &str) -> Answer {
        let resp = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.bytes().await.unwrap();
        let ctype = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        self.contract
            .check(&method, path, status, ctype.as_deref(), &bytes);
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            json,
        }
    }

    /// A JSON request (body `Null` sends none).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Value,
    ) -> Answer {
        self.call_with(method, path, token, body, &[]).await
    }

    /// A JSON request with extra headers.
    pub async fn call_with(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Value,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut req = self
            .client
            .request(method.clone(), format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if !body.is_null() {
            req = req.json(&body);
        }
        self.send(req, method, path).await
    }

    /// `GET`.
    pub async fn get(&self, path: &str, token: Option<&str>) -> Answer {
        self.call(Method::GET, path, token, Value::Null).await
    }

    /// `POST` JSON.
    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Answer {
        self.call(Method::POST, path, token, body).await
    }

    /// Uploads an image body.
    pub async fn upload(
        &self,
        method: Method,
        path: &str,
        token: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Answer {
        let req = self
            .client
            .request(method.clone(), format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(bytes);
        self.send(req, method, path).await
    }

    /// The newest code sent to a phone.
    pub async fn last_code(&self, phone: &str) -> String {
        let outbox = self.get(&format!("/sandbox/sms?to={phone}"), None).await;
        outbox.json["messages"]
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .find_map(|m| m["code"].as_str().map(str::to_string))
            .unwrap_or_else(|| panic!("no code sent to {phone}"))
    }

    /// Signs in and returns the token.
    pub async fn sign_in(&self, phone: &str) -> String {
        let ch = self
            .post("/api/session/code", None, json!({ "phone": phone }))
            .await;
        assert_eq!(ch.status, 200, "{:?}", ch.json);
        let code = self.last_code(phone).await;
        let grant = self
            .post(
                "/api/session",
                None,
                json!({ "challenge_id": ch.json["challenge_id"], "code": code }),
            )
            .await;
        assert_eq!(grant.status, 200, "{:?}", grant.json);
        grant.json["token"].as_str().unwrap().to_string()
    }

    /// Advances the stub's clock.
    pub async fn advance(&self, seconds: i64) {
        let a = self
            .post("/sandbox/clock", None, json!({ "seconds": seconds }))
            .await;
        assert_eq!(a.status, 200);
    }
}

/// A tiny valid-looking JPEG (magic bytes are what the stub checks).
pub fn jpeg() -> Vec<u8> {
    let mut v = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00,
    ];
    v.extend(std::iter::repeat_n(0u8, 64));
    v.extend([0xFF, 0xD9]);
    v
}

impl Stub {
    /// Moves the clock forward to the next `hh:mm:00` (China time).
    pub async fn advance_to(&self, hh: i64, mm: i64) {
        let now = self
            .post("/sandbox/clock", None, json!({ "seconds": 0 }))
            .await;
        let text = now.json["now"].as_str().unwrap().to_string();
        let time = &text[11..19];
        let parts: Vec<i64> = time.split(':').map(|p| p.parse().unwrap()).collect();
        let current = parts[0] * 3600 + parts[1] * 60 + parts[2];
        let target = hh * 3600 + mm * 60;
        let delta = (target - current).rem_euclid(86_400);
        self.advance(delta).await;
    }
}
