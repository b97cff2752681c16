//! `ecoatlas serve`: a live preview. The site is built in memory for a loopback address and
//! served from there; a watcher rebuilds it when `site.yaml`, `content/` or the theme change,
//! and open pages reload (or swap their stylesheets) once the rebuild has finished. A broken
//! edit never stops the server: the last good site stays served, with the errors shown over it.

mod guard;
mod http;
mod live;
mod range;
mod state;
mod watch;

use anyhow::{Context, Result};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use state::Preview;

/// What `ecoatlas serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks any free port.
    pub port: u16,
    pub open: bool,
    /// Host names besides the server's own addresses and `localhost` that requests may be
    /// addressed to (`--allowed-host`).
    pub allowed_hosts: Vec<String>,
    /// How long the files must be quiet before a rebuild starts.
    pub debounce: Duration,
}

/// The default quiet time before a rebuild: short enough to feel instant, long enough that
/// an editor's save (write, rename, chmod) or a `git checkout` arrives as one batch.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(30);

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
                    let _ = writeln!(
                        std::io::stderr(),
                        "Port {} is in use; using port {port} instead.",
                        opts.port
                    );
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
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "localhost".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", addr.port());

    let preview = Arc::new(Preview::new(opts.root.clone(), url.clone()));
    preview.rebuild(&[]);
    let _watcher = watch::start(Arc::clone(&preview), opts.debounce)?;

    let allowed = guard::AllowedHosts::new(addr.ip(), addr.port(), &opts.allowed_hosts);
    let app = http::router(Arc::clone(&preview)).layer(axum::middleware::from_fn_with_state(
        Arc::new(allowed),
        guard::check,
    ));
    if !addr.ip().is_loopback() {
        let _ = writeln!(
            std::io::stderr(),
            "Warning: listening on {}, so the preview, drafts included, is visible to the \
             network on port {}. Leave out --bind to keep it on this machine.",
            addr.ip(),
            addr.port()
        );
    }
    let _ = writeln!(
        std::io::stdout(),
        "Serving {} at {url} (press Ctrl-C to stop)",
        opts.root.display()
    );
    if opts.open {
        if let Err(e) = open::that_detached(&url) {
            let _ = writeln!(std::io::stderr(), "Could not open a browser: {e}");
        }
    }
    let stopping = Arc::clone(&preview);
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let _ = tokio::signal::ctrl_c().await;
            // Live-reload streams never end by themselves; tell them to.
            stopping.shut_down();
        })
        .await
        .context("serving the site")?;
    let _ = writeln!(std::io::stdout(), "Stopped.");
    Ok(())
}
