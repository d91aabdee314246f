//! The document states the rules the server enforces on requests (issue: "the contract states its
//! rules"): every request string is bounded, every pattern admits exactly what the server's parser
//! accepts, the server refuses what is longer than the document allows, and the links between
//! operations name real operations, parameters and answer fields.

mod common;

use beian_contract::rules::{self, Rule};
use beian_domain::{
    is_decision_number, parse_engine_last6, parse_filing_qr, parse_mobile, parse_plate,
    parse_sms_code, PlateType,
};
use common::Stub;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

/// Follows `$ref`s of the document.
fn resolve<'a>(doc: &'a Value, mut v: &'a Value) -> &'a Value {
    while let Some(r) = v["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap();
        v = &doc["components"]["schemas"][name];
    }
    v
}

fn types(v: &Value) -> Vec<&str> {
    match &v["type"] {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    }
}

/// The JSON request schemas of the API (sandbox routes excluded), with the operation using each.
fn request_bodies(doc: &Value) -> Vec<(String, Value)> {
    let mut out = vec![];
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with("/api/") {
            continue;
        }
        for (method, op) in item.as_object().unwrap() {
            let schema = &op["requestBody"]["content"]["application/json"]["schema"];
            if !schema.is_null() {
                out.push((format!("{method} {path}"), resolve(doc, schema).clone()));
            }
        }
    }
    out
}

#[tokio::test]
async fn every_request_field_states_its_rules() {
    let stub = Stub::start().await;
    let doc = stub.doc();
    let bodies = request_bodies(doc);
    assert!(bodies.len() >= 8, "request bodies found: {}", bodies.len());
    let mut strings = 0;
    for (op, schema) in &bodies {
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (name, prop) in schema["properties"].as_object().unwrap() {
            let prop = resolve(doc, prop);
            let what = format!("{op}: `{name}`");
            if let Some(values) = prop["enum"].as_array() {
                assert!(
                    !values.is_empty() && !values.contains(&json!("unknown")),
                    "{what}: an enum of the values the server accepts, without the client-side `unknown`"
                );
                continue;
            }
            let ty = types(prop);
            if ty.contains(&"string") {
                strings += 1;
                assert!(
                    prop["maxLength"].as_u64().is_some(),
                    "{what}: a string without maxLength"
                );
                if required.contains(&name.as_str()) {
                    assert!(
                        prop["minLength"].as_u64().unwrap_or(0) >= 1,
                        "{what}: a required string without minLength >= 1"
                    );
                }
            } else if ty.contains(&"array") {
                let items = resolve(doc, &prop["items"]);
                if types(items).contains(&"string") && items["enum"].is_null() {
                    strings += 1;
                    assert!(
                        items["maxLength"].as_u64().is_some(),
                        "{what}: items without maxLength"
                    );
                    assert!(
                        items["minLength"].as_u64().unwrap_or(0) >= 1,
                        "{what}: items without minLength"
                    );
                }
                if required.contains(&name.as_str()) {
                    // The server refuses an empty list wherever one is required.
                    assert!(
                        prop["minItems"].as_u64().unwrap_or(0) >= 1,
                        "{what}: a required array without minItems >= 1"
                    );
                }
            }
        }
    }
    assert!(strings >= 15, "string fields checked: {strings}");
    // The rules table names only fields the document has, with exactly the stated rule.
    for r in rules::REQUEST_RULES {
        let prop = &doc["components"]["schemas"][r.schema]["properties"][r.property];
        assert_eq!(
            prop["maxLength"].as_u64(),
            r.rule.max_length.map(|n| n as u64),
            "{}.{}",
            r.schema,
            r.property
        );
        assert_eq!(
            prop["pattern"].as_str(),
            r.rule.pattern,
            "{}.{}",
            r.schema,
            r.property
        );
        assert_eq!(
            prop["minItems"].as_u64(),
            r.rule.min_items.map(|n| n as u64),
            "{}.{}",
            r.schema,
            r.property
        );
    }
    // Headers the server requires are bounded too.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["in"] == "header" {
                    assert!(
                        p["schema"]["maxLength"].as_u64().is_some(),
                        "{method} {path}: header {} unbounded",
                        p["name"]
                    );
                }
            }
        }
    }
}

/// A validator of one string rule, as a JSON-schema validator (ECMA-262 patterns) reads it.
fn validator(rule: &Rule) -> jsonschema::Validator {
    let mut schema = json!({"type": "string"});
    if let Some(p) = rule.pattern {
        schema["pattern"] = json!(p);
    }
    if let Some(n) = rule.min_length {
        schema["minLength"] = json!(n);
    }
    if let Some(n) = rule.max_length {
        schema["maxLength"] = json!(n);
    }
    jsonschema::validator_for(&schema).expect("the pattern compiles")
}

/// Random strings over `alphabet`, up to `max` characters (often short: most parsers want 6–15).
fn samples(alphabet: &[&str], max: usize, n: usize, seed: u64) -> Vec<String> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            let len = if rng.gen_bool(0.8) {
                rng.gen_range(0..=20.min(max))
            } else {
                rng.gen_range(0..=max)
            };
            (0..len)
                .map(|_| alphabet[rng.gen_range(0..alphabet.len())])
                .collect()
        })
        .collect()
}

/// Known inputs with a few random edits (insert, replace or delete a character): most land near
/// the edge between accepted and refused, where a pattern and a parser would disagree.
fn mutations(known: &[&str], alphabet: &[&str], n: usize, seed: u64) -> Vec<String> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            let mut chars: Vec<String> = known[rng.gen_range(0..known.len())]
                .chars()
                .map(String::from)
                .collect();
            for _ in 0..rng.gen_range(0..=3) {
                let at = rng.gen_range(0..=chars.len());
                let pick = alphabet[rng.gen_range(0..alphabet.len())].to_string();
                match rng.gen_range(0..3) {
                    0 => chars.insert(at, pick),
                    1 if at < chars.len() => chars[at] = pick,
                    _ if at < chars.len() => {
                        chars.remove(at);
                    }
                    _ => {}
                }
            }
            chars.concat()
        })
        .collect()
}

const SEPARATORS: &[&str] = &[
    " ", "-", "\u{3000}", "\u{00A0}", "\u{200B}", "\u{2014}", "\u{00B7}", "\u{FF0D}", "\t", "\n",
];

/// Compares a rule with the server's check on known inputs plus random ones built from `alphabet`.
fn agrees(
    name: &str,
    rule: &Rule,
    accepts: impl Fn(&str) -> bool,
    known: &[&str],
    alphabet: &[&str],
    exception: impl Fn(&str) -> bool,
) {
    let v = validator(rule);
    let max = rule.max_length.unwrap();
    let mut inputs: Vec<String> = known.iter().map(|s| s.to_string()).collect();
    let mut letters: Vec<&str> = alphabet.to_vec();
    letters.extend_from_slice(SEPARATORS);
    inputs.extend(samples(&letters, max + 4, 10_000, name.len() as u64));
    inputs.extend(mutations(known, &letters, 30_000, name.len() as u64 + 1));
    let (mut yes, mut no) = (0, 0);
    for input in &inputs {
        let server = input.chars().count() <= max && accepts(input);
        let schema = v.is_valid(&json!(input));
        if server != schema && exception(input) {
            continue;
        }
        assert_eq!(
            schema, server,
            "{name}: the document says {schema}, the server {server}, for {input:?}"
        );
        if server {
            yes += 1
        } else {
            no += 1
        }
    }
    assert!(
        yes >= 50 && no >= 50,
        "{name}: too few of either kind ({yes} accepted, {no} refused)"
    );
}

const DIGITS: &[&str] = &[
    "0", "1", "2", "3", "5", "6", "8", "9", "１", "３", "６", "８", "０",
];

#[test]
fn patterns_admit_exactly_what_the_server_accepts() {
    let mobile = rules::rule_of("CodeRequest", "phone").unwrap();
    let mut alphabet = DIGITS.to_vec();
    alphabet.extend(["1", "1", "3", "8", "+", "＋", "a", "."]);
    agrees(
        "phone",
        &mobile,
        |s| parse_mobile(s).is_ok(),
        &[
            "13800138000",
            "+86 138 0013 8000",
            "008613800138000",
            "8613800138000",
            "１３８００１３８０００",
            "12800138000",
            "1380013800",
            "",
        ],
        &alphabet,
        |_| false,
    );

    let code = rules::rule_of("SignIn", "code").unwrap();
    let mut alphabet = DIGITS.to_vec();
    alphabet.extend(["验", "码", "a", "：", "，", "4", "7"]);
    // The server also takes a text repeating the same code twice; the pattern leaves that out.
    let repeated = |s: &str| {
        let text: String = s.chars().map(beian_domain::text::to_half_width).collect();
        text.split(|c: char| !c.is_ascii_digit())
            .filter(|r| r.len() == 6)
            .count()
            > 1
    };
    agrees(
        "code",
        &code,
        |s| parse_sms_code(s).is_ok(),
        &[
            "123456",
            " 123 456 ",
            "１２３４５６",
            "【交管12123】您的验证码是654321，5分钟内有效。",
            "123456a",
            "12345",
            "1234567",
            "验证码123456，订单号654321",
            "123456 1",
        ],
        &alphabet,
        repeated,
    );

    let plate_letters = [
        "京", "沪", "粤", "警", "港", "A", "D", "F", "K", "I", "O", "Z", "a", "d", "ａ", "Ｄ", "1",
        "2", "5", "９", "0",
    ];
    for (ty, pattern) in [
        (PlateType::SmallCar, rules::PLATE_02_PATTERN),
        (PlateType::SmallNewEnergy, rules::PLATE_52_PATTERN),
    ] {
        agrees(
            &format!("plate {}", ty.code()),
            &Rule::pattern(7, rules::PLATE_NUMBER_MAX, pattern),
            |s| parse_plate(ty, s).is_ok(),
            &[
                "京A12345",
                "沪AD12345",
                "粤b 67890",
                "京A1234",
                "京I12345",
                "京A警123",
                "鲁B2K7X9",
            ],
            &plate_letters,
            |_| false,
        );
    }
    let either = rules::rule_of("LookupRequest", "plate_number").unwrap();
    agrees(
        "plate of either type",
        &either,
        |s| {
            parse_plate(PlateType::SmallCar, s).is_ok()
                || parse_plate(PlateType::SmallNewEnergy, s).is_ok()
        },
        &["京A12345", "沪AD12345"],
        &plate_letters,
        |_| false,
    );

    let engine = rules::rule_of("LookupRequest", "engine_last6").unwrap();
    agrees(
        "engine",
        &engine,
        |s| parse_engine_last6(s).is_ok(),
        &[
            "A52011",
            "a52011",
            "Ａ５２０１１",
            "A5201",
            "A52011B",
            "A5201!",
        ],
        &["A", "z", "0", "9", "Ｋ", "ｋ", "５", "!", "中"],
        |_| false,
    );

    let qr = rules::rule_of("QrResolveRequest", "payload").unwrap();
    let token = ["a", "Z", "0", "_", "-", "x", "Y", "7"];
    let mut alphabet = token.to_vec();
    alphabet.extend(["BEIAN:1:", "BEIAN:1:", "BEIAN:2:", ":", "!"]);
    agrees(
        "qr payload",
        &qr,
        |s| parse_filing_qr(s).is_ok(),
        &[
            "BEIAN:1:demo-qr-yueB67890-active",
            " BEIAN:1:demo-qr-yueB67890-active\n",
            "BEIAN:1:short",
            "beian:1:demo-qr-yueB67890-active",
            "BEIAN:01:demo-qr-yueB67890-active",
        ],
        &alphabet,
        |_| false,
    );

    let plate_type = rules::rule_of("LookupRequest", "plate_type").unwrap();
    agrees(
        "plate type",
        &plate_type,
        |s| PlateType::from_code(s).is_some_and(PlateType::fileable_online),
        &["02", " 52 ", "01", "5", "022", "０２"],
        &["0", "2", "5", "1", "9"],
        |_| false,
    );

    // Where the provider's page (and Alipay's "quit", and the host's authorization) send the user
    // back: the document's pattern is exactly `check_return_path`.
    for (schema, property) in [
        ("CreatePayment", "return_path"),
        ("CreatePayment", "quit_path"),
        ("PayerAuthorizationRequest", "return_path"),
    ] {
        agrees(
            &format!("{schema}.{property}"),
            &rules::rule_of(schema, property).unwrap(),
            |s| beian_contract::payment::check_return_path(s).is_ok(),
            &[
                "/pay/result",
                "/pay/result?quit=1",
                "/",
                "/pay/check/",
                "/a/%2F?x=1&y=%20",
                "//evil.example",
                "/\\evil",
                "https://evil.example/",
                "/a#b",
                "/a//b",
                "/%zz",
                "javascript:alert(1)",
            ],
            &[
                "/", "/", "a", "Z", "0", "?", "%", "2", "F", "\\", "#", ":", "@", "缴", ".", "-",
                "~", "=", "&", "\t",
            ],
            |_| false,
        );
    }

    let decision = *rules::rule_of("CreatePayment", "decision_numbers")
        .unwrap()
        .items
        .unwrap();
    agrees(
        "decision number",
        &decision,
        is_decision_number,
        &[
            "1101000005000101",
            "110100000500010",
            "11010000050001011",
            "１101000005000101",
        ],
        &["1", "0", "5", "9", "a"],
        |_| false,
    );
}

#[tokio::test]
async fn the_server_refuses_what_is_longer_than_the_document_allows() {
    let stub = Stub::start().await;
    // A real number padded with spaces up to the limit is still a number...
    let at_limit = format!("{:<width$}", "13800138000", width = rules::PHONE_MAX);
    let a = stub
        .post("/api/session/code", None, json!({"phone": at_limit}))
        .await;
    assert_eq!(a.status, 200, "{:?}", a.json);
    // ...one character more is refused, as the document's maxLength says.
    let over = format!("{at_limit} ");
    let a = stub
        .post("/api/session/code", None, json!({"phone": over}))
        .await;
    assert_eq!(
        (a.status.as_u16(), a.code()),
        (422, "validation"),
        "{:?}",
        a.json
    );
    assert_eq!(a.json["error"]["field"], "phone");

    let token = stub.sign_in("13900139000").await;
    let long_code = format!("验证码123456{}", "。".repeat(rules::SMS_CODE_MAX));
    let a = stub
        .post(
            "/api/session",
            None,
            json!({"challenge_id": "c-unknown", "code": long_code}),
        )
        .await;
    assert_eq!(
        (a.status.as_u16(), a.code()),
        (422, "validation"),
        "{:?}",
        a.json
    );
    assert_eq!(a.json["error"]["field"], "code");

    let padded = format!(
        "BEIAN:1:demo-qr-yueB67890-active{}",
        " ".repeat(rules::QR_PAYLOAD_MAX)
    );
    let a = stub
        .post("/api/filings/qr", Some(&token), json!({"payload": padded}))
        .await;
    assert_eq!(
        (a.status.as_u16(), a.code()),
        (422, "validation"),
        "{:?}",
        a.json
    );
    assert_eq!(a.json["error"]["field"], "payload");

    let a = stub
        .post(
            "/api/filings/lookup",
            Some(&token),
            json!({"plate_type": "02", "plate_number": format!("粤B67890{}", " ".repeat(rules::PLATE_NUMBER_MAX)), "engine_last6": "305118"}),
        )
        .await;
    assert_eq!(
        (a.status.as_u16(), a.code()),
        (422, "validation"),
        "{:?}",
        a.json
    );
    assert_eq!(a.json["error"]["field"], "plate_number");
}

/// Walks a JSON pointer of an answer through its schema; `None` if the schema has no such field.
fn schema_at<'a>(doc: &'a Value, mut schema: &'a Value, pointer: &str) -> Option<&'a Value> {
    for seg in pointer
        .trim_start_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
    {
        schema = resolve(doc, schema);
        schema = if seg.parse::<usize>().is_ok() {
            schema.get("items")?
        } else {
            schema.get("properties")?.get(seg)?
        };
    }
    Some(resolve(doc, schema))
}

#[tokio::test]
async fn links_name_real_operations_parameters_and_fields() {
    let stub = Stub::start().await;
    let doc = stub.doc();
    let mut ops = std::collections::HashMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if let Some(id) = op["operationId"].as_str() {
                ops.insert(id.to_string(), (method.clone(), path.clone(), op.clone()));
            }
        }
    }
    let mut count = 0;
    let mut linked = std::collections::HashSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, answer) in op["responses"].as_object().unwrap() {
                for (name, link) in answer["links"].as_object().into_iter().flatten() {
                    count += 1;
                    let what = format!("{method} {path} {status} link {name}");
                    let target = link["operationId"].as_str().unwrap();
                    let (_, _, target_op) = ops
                        .get(target)
                        .unwrap_or_else(|| panic!("{what}: no operation {target}"));
                    linked.insert(target.to_string());
                    let body = &answer["content"]["application/json"]["schema"];
                    let check_expr = |expr: &str| {
                        if let Some((_, pointer)) = expr.split_once("$response.body#") {
                            let pointer = pointer.trim_end_matches('}');
                            assert!(
                                schema_at(doc, body, pointer).is_some(),
                                "{what}: the answer has no {pointer}"
                            );
                        }
                        if let Some(param) = expr.strip_prefix("$request.path.") {
                            assert!(
                                path.contains(&format!("{{{param}}}")),
                                "{what}: no path parameter {param}"
                            );
                        }
                    };
                    for (param, expr) in link["parameters"].as_object().into_iter().flatten() {
                        let (place, pname) = param.split_once('.').unwrap();
                        if place != "header" {
                            let declared = target_op["parameters"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .any(|p| p["name"] == pname && p["in"] == place);
                            assert!(
                                declared,
                                "{what}: {target} has no {place} parameter {pname}"
                            );
                        }
                        check_expr(expr.as_str().unwrap());
                    }
                    if let Some(fields) = link["requestBody"].as_object() {
                        let target_body = resolve(
                            doc,
                            &target_op["requestBody"]["content"]["application/json"]["schema"],
                        );
                        for (field, expr) in fields {
                            assert!(
                                target_body["properties"].get(field).is_some(),
                                "{what}: {target}'s body has no {field}"
                            );
                            match expr {
                                Value::Array(items) => {
                                    items.iter().for_each(|e| check_expr(e.as_str().unwrap()))
                                }
                                e => check_expr(e.as_str().unwrap()),
                            }
                            if let Some(literal) = expr.as_str().filter(|e| !e.starts_with('$')) {
                                let prop = resolve(doc, &target_body["properties"][field]);
                                let ok = jsonschema::validator_for(prop)
                                    .unwrap()
                                    .is_valid(&json!(literal));
                                assert!(ok, "{what}: {literal:?} does not fit {target}'s {field}");
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(count >= 40, "links: {count}");
    // Every operation that reads or acts on something an answer created is reachable by a link.
    for id in [
        "sign_in",
        "me",
        "send_owner_code",
        "create_filing",
        "get_filing",
        "put_photo",
        "submit_review",
        "handle_violations",
        "get_payment",
        "get_violation",
        "mark_message_read",
    ] {
        assert!(linked.contains(id), "no link leads to {id}");
    }
}

#[tokio::test]
async fn photo_ids_belong_to_a_qr_match_only() {
    // The document requires the details with `photo_ids`; a plate match (SMS method) takes no
    // photos at all, so ids sent with one are refused instead of silently dropped.
    let stub = Stub::start().await;
    let token = stub.sign_in("13800138000").await;
    let m = stub
        .post(
            "/api/filings/lookup",
            Some(&token),
            json!({"plate_type": "02", "plate_number": "粤B67890", "engine_last6": "305118"}),
        )
        .await;
    assert_eq!(m.status, 200, "{:?}", m.json);
    let a = stub
        .call_with(
            reqwest::Method::POST,
            "/api/filings",
            Some(&token),
            json!({"match_id": m.json["match_id"], "challenge_id": "c-none", "code": "123456", "photo_ids": ["photo-1"],
                   "relationship": "friend", "engine_last6": "305118"}),
            &[("Idempotency-Key", "photo-ids-on-a-plate-match")],
        )
        .await;
    assert_eq!(
        (a.status.as_u16(), a.code()),
        (422, "photo_missing"),
        "{:?}",
        a.json
    );
    assert_eq!(a.json["error"]["field"], "photo_ids");
}
