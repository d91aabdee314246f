//! `beian-stub [--addr 127.0.0.1:0] [--dist DIR] [--allow-origin URL]...`: the stub API server.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use beian_stub::Config;

const USAGE: &str = concat!(
    "usage: beian-stub [--addr 127.0.0.1:0] [--dist DIR] [--allow-origin URL]...\n",
    "  --addr ADDR          address to listen on (port 0 picks a free port; default 127.0.0.1:0)\n",
    "  --dist DIR           serve the built app from DIR at / (SPA fallback to index.html)\n",
    "  --allow-origin URL   let the app served from this origin (e.g. https://app.example.cn) call\n",
    "                       /api from the browser (CORS); repeatable; default none (same origin)",
);

fn parse_args() -> Result<(SocketAddr, Option<PathBuf>, Vec<String>), String> {
    let mut addr: SocketAddr = "127.0.0.1:0".parse().expect("valid default");
    let mut dist = None;
    let mut origins = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        let mut value = |what: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or(format!("{what} needs a value"))
        };
        match name.as_str() {
            "--addr" => {
                addr = value("--addr")?
                    .parse()
                    .map_err(|e| format!("--addr: {e}"))?
            }
            "--dist" => dist = Some(PathBuf::from(value("--dist")?)),
            "--allow-origin" => {
                let v = value("--allow-origin")?;
                origins.push(
                    beian_stub::cors::parse_origin(&v)
                        .ok_or(format!("--allow-origin {v}: an origin such as https://app.example.cn (scheme and host, no path)"))?,
                );
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if let Some(d) = &dist {
        if !d.join("index.html").is_file() {
            return Err(format!(
                "--dist {}: no index.html there (build the app first)",
                d.display()
            ));
        }
    }
    Ok((addr, dist, origins))
}

fn main() -> ExitCode {
    let (addr, dist, allow_origins) = match parse_args() {
        Ok(v) => v,
        Err(e) => {
            eprintln!("beian-stub: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("beian-stub: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "beian-stub listening on http://{local}");
            let _ = writeln!(
                out,
                "SMS outbox (sign-in codes): http://{local}/sandbox/sms"
            );
            let _ = out.flush();
        }
        beian_stub::serve(
            listener,
            Config {
                dist,
                log_sms: true,
                allow_origins,
            },
        )
        .await
        .map_err(|e| e.to_string())
    });
    match result {
        Ok(()) => {
            println!("beian-stub: stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("beian-stub: {e}");
            ExitCode::FAILURE
        }
    }
}
