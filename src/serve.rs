//! `ecoatlas serve`: build the site for a local address and serve it over HTTP on loopback.

use crate::pipeline::{self, BuildError};
use crate::render::RenderOptions;
use anyhow::{Context, Result};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use tower_http::services::{ServeDir, ServeFile};

/// What `ecoatlas serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks any free port.
    pub port: u16,
    pub open: bool,
}

/// How many ports after a busy one are tried before giving up.
const PORT_TRIES: u16 = 10;

pub fn serve(opts: &ServeOptions) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server runtime")?;
    runtime.block_on(run(opts))
}

async fn bind(opts: &ServeOptions) -> Result<tokio::net::TcpListener> {
    let mut last_err = None;
    let tries = if opts.port == 0 { 1 } else { PORT_TRIES };
    for i in 0..tries {
        let Some(port) = opts.port.checked_add(i) else {
            break;
        };
        match tokio::net::TcpListener::bind(SocketAddr::new(opts.bind, port)).await {
            Ok(l) => {
                if i > 0 {
                    eprintln!("Port {} is in use; using port {port} instead.", opts.port);
                }
                return Ok(l);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => last_err = Some(e),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot listen on {}:{port}", opts.bind))
            }
        }
    }
    Err(anyhow::anyhow!(
        "ports {}–{} on {} are all in use ({}); pass another --port, or --port 0 for any free port",
        opts.port,
        opts.port.saturating_add(tries - 1),
        opts.bind,
        last_err.map(|e| e.to_string()).unwrap_or_default()
    ))
}

async fn run(opts: &ServeOptions) -> Result<()> {
    let listener = bind(opts).await?;
    let addr = listener
        .local_addr()
        .context("reading the server's address")?;
    let host = if addr.ip().is_unspecified() {
        "localhost".to_string()
    } else {
        addr.ip().to_string()
    };
    let host = if addr.is_ipv6() && host != "localhost" {
        format!("[{host}]")
    } else {
        host
    };
    let url = format!("http://{host}:{}/", addr.port());

    let dir = tempfile::Builder::new()
        .prefix("ecoatlas-serve-")
        .tempdir()
        .context("creating the preview folder")?;
    build_into(&opts.root, dir.path(), &url);

    let not_found = ServeFile::new(dir.path().join("404.html"));
    let app = axum::Router::new()
        .fallback_service(ServeDir::new(dir.path()).not_found_service(not_found));
    println!(
        "Serving {} at {url} (press Ctrl-C to stop)",
        opts.root.display()
    );
    if opts.open {
        if let Err(e) = open::that_detached(&url) {
            eprintln!("Could not open a browser: {e}");
        }
    }
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("serving the site")?;
    println!("Stopped.");
    Ok(())
}

/// Builds the site for `url` into `dir`; on errors prints them and serves a page listing them.
fn build_into(root: &Path, dir: &Path, url: &str) {
    match pipeline::render(
        root,
        &RenderOptions {
            base_url: Some(url.to_string()),
            ..RenderOptions::default()
        },
    ) {
        Ok(rendered) => {
            for w in &rendered.warnings {
                eprintln!("{w}");
            }
            if let Err(e) = crate::output::write_tree(&rendered.tree, dir) {
                eprintln!("error: {e:#}");
            }
        }
        Err(e) => {
            let messages: Vec<String> = match &e {
                BuildError::Content(c) => c.0.iter().map(ToString::to_string).collect(),
                BuildError::Other(e) => vec![format!("{e:#}")],
            };
            for m in &messages {
                eprintln!("{m}");
            }
            let items: String = messages
                .iter()
                .map(|m| format!("<li><pre>{}</pre></li>", ammonia::clean_text(m)))
                .collect();
            let page = format!(
                "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Build failed</title><h1>The site has errors</h1><ul>{items}</ul></html>"
            );
            let _ = std::fs::write(dir.join("index.html"), &page);
            let _ = std::fs::write(dir.join("404.html"), &page);
        }
    }
}
