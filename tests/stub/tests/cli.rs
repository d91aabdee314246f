//! The binary: the first stdout line harnesses parse, the outbox line, SMS logging, clean exit on
//! SIGINT, and argument errors.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[tokio::test]
async fn prints_the_address_logs_sms_and_exits_cleanly_on_sigint() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_beian-stub"))
        .args(["--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let url = first
        .trim()
        .strip_prefix("beian-stub listening on ")
        .unwrap_or_else(|| panic!("first line: {first:?}"))
        .to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"),
        "{url}"
    );
    let mut second = String::new();
    out.read_line(&mut second).unwrap();
    assert!(second.contains(&format!("{url}/sandbox/sms")), "{second:?}");

    let client = reqwest::Client::new();
    let resp = client
        .post(format!("{url}/api/session/code"))
        .json(&serde_json::json!({ "phone": "13800138000" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let mut sms = String::new();
    out.read_line(&mut sms).unwrap();
    assert!(
        sms.starts_with("[sms] to 138****8000 (sign_in): "),
        "{sms:?}"
    );
    let code = sms.trim().rsplit(' ').next().unwrap();
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "{sms:?}"
    );

    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(8),
            "did not stop on SIGINT"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[test]
fn refuses_a_dist_without_index_html() {
    let out = Command::new(env!("CARGO_BIN_EXE_beian-stub"))
        .args(["--dist", "/nonexistent-beian-dist"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("index.html"));
}

#[test]
fn refuses_an_allowed_origin_that_is_not_an_origin() {
    for bad in ["https://app.example.cn/pay", "app.example.cn", "*"] {
        let out = Command::new(env!("CARGO_BIN_EXE_beian-stub"))
            .args(["--allow-origin", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--allow-origin"),
            "{bad}"
        );
    }
}
