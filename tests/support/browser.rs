//! Harness for the real-browser tests (`tests/browser.rs`).
//!
//! * [`SiteServer`] runs the real `ecoatlas serve --root <dir> --port 0` and finds the URL it prints.
//! * [`run_browser_test`] starts Debian's `chromedriver`, opens a headless Chromium session with a
//!   fresh profile, runs an async test body on a current-thread tokio runtime with a time limit,
//!   then closes the session and kills chromedriver, whatever the body did.
//! * [`severe_console_entries`] reads the browser console through chromedriver's
//!   `POST /session/{id}/se/log` endpoint.
//!
//! Browser tests run one at a time (a process-wide lock), because several headless Chromiums
//! at once make the timings of each test unpredictable on a small CI machine.
//!
//! Chromium and chromedriver are required: when they are missing the tests fail (they do not
//! skip) and say to run `scripts/install-test-deps.sh`.
#![allow(dead_code)]

use std::any::Any;
use std::fmt::Write as _;
use std::future::Future;
use std::io::{BufRead, BufReader, Read};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context as _, Result};
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How long chromedriver may take to listen on its port.
const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long opening a browser session (starting Chromium) may take.
const SESSION_TIMEOUT: Duration = Duration::from_secs(60);
/// How long closing the browser session may take before chromedriver is killed anyway.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(15);
/// How long `ecoatlas serve` may take to print its URL (it may build the site first).
pub const SERVER_START_TIMEOUT: Duration = Duration::from_secs(120);

/// Serialises the browser tests of one test binary.
static BROWSER_LOCK: Mutex<()> = Mutex::new(());

/// Fails (never skips) with instructions when Chromium or chromedriver is missing.
pub fn require_browser() {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|p| !Path::new(p).exists())
        .collect();
    assert!(
        missing.is_empty(),
        "the browser tests need Debian's Chromium and chromedriver, but {} missing; \
         run `bash scripts/install-test-deps.sh` (it installs the Debian packages \
         `chromium` and `chromium-driver`), then run the tests again",
        if missing.len() == 1 {
            format!("{} is", missing[0])
        } else {
            format!("{} are", missing.join(" and "))
        }
    );
}

/// A port that was free a moment ago on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free TCP port on 127.0.0.1")
}

/// Output of a child process, kept (bounded) for error messages.
#[derive(Clone, Default)]
struct OutputLog(Arc<Mutex<Vec<String>>>);

impl OutputLog {
    const MAX_LINES: usize = 400;

    fn push(&self, line: String) {
        let mut lines = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if lines.len() == Self::MAX_LINES {
            lines.remove(0);
        }
        lines.push(line);
    }

    fn tail(&self, n: usize) -> String {
        let lines = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let start = lines.len().saturating_sub(n);
        if lines.is_empty() {
            "    (nothing)".to_owned()
        } else {
            lines[start..]
                .iter()
                .map(|l| format!("    {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        }
    }

    /// Reads `stream` line by line on a thread, for as long as it is open (so the child never
    /// blocks on a full pipe), sending each line to `tx` while someone listens.
    fn drain<R: Read + Send + 'static>(&self, stream: R, tx: Option<mpsc::Sender<String>>) {
        let log = self.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match reader.read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        let line = String::from_utf8_lossy(&buf).trim_end().to_owned();
                        if let Some(tx) = &tx {
                            let _ = tx.send(line.clone());
                        }
                        log.push(line);
                    }
                }
            }
        });
    }
}

/// `ecoatlas serve --root <root> --port 0`, killed on drop.
pub struct SiteServer {
    child: Child,
    url: String,
    stdout: OutputLog,
    stderr: OutputLog,
}

impl SiteServer {
    /// Starts `<binary> serve --root <root> --port 0` and waits (up to
    /// [`SERVER_START_TIMEOUT`]) for a stdout line containing `http://127.0.0.1:`.
    pub fn start(binary: &Path, root: &Path) -> Result<SiteServer> {
        let mut command = Command::new(binary);
        command
            .arg("serve")
            .arg("--root")
            .arg(root)
            .arg("--port")
            .arg("0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command
            .spawn()
            .with_context(|| format!("could not start {command:?}"))?;
        let stdout = OutputLog::default();
        let stderr = OutputLog::default();
        let (tx, rx) = mpsc::channel();
        stdout.drain(child.stdout.take().expect("piped stdout"), Some(tx));
        stderr.drain(child.stderr.take().expect("piped stderr"), None);
        let mut server = SiteServer {
            child,
            url: String::new(),
            stdout,
            stderr,
        };

        let deadline = Instant::now() + SERVER_START_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(at) = line.find("http://127.0.0.1:") {
                        let url = line[at..].split_whitespace().next().unwrap_or_default();
                        let mut url = url.to_owned();
                        if !url.ends_with('/') {
                            url.push('/');
                        }
                        server.url = url;
                        return Ok(server);
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    bail!(
                        "`{command:?}` printed no line containing http://127.0.0.1: within {:?}\n{}",
                        SERVER_START_TIMEOUT,
                        server.output()
                    );
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    // stdout closed: the server has exited (or is about to).
                    let mut status = None;
                    for _ in 0..50 {
                        if let Ok(Some(s)) = server.child.try_wait() {
                            status = Some(s);
                            break;
                        }
                        std::thread::sleep(Duration::from_millis(100));
                    }
                    std::thread::sleep(Duration::from_millis(200)); // let stderr drain
                    bail!(
                        "`{command:?}` closed its stdout ({}) without printing a line containing \
                         http://127.0.0.1:\n{}",
                        status.map_or("still running".to_owned(), |s| s.to_string()),
                        server.output()
                    );
                }
            }
        }
    }

    /// The site's root URL, ending with `/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The last lines the server printed, for error messages.
    pub fn output(&self) -> String {
        format!(
            "  server stdout:\n{}\n  server stderr:\n{}",
            self.stdout.tail(40),
            self.stderr.tail(40)
        )
    }
}

impl Drop for SiteServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `chromedriver --port=<port>`, killed on drop.
struct ChromeDriver {
    child: Child,
    port: u16,
    output: OutputLog,
}

impl ChromeDriver {
    fn start() -> Result<ChromeDriver> {
        let port = free_port();
        let mut child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            // Its own process group, so that Chromium (which chromedriver starts in the same
            // group) can be ended with it even when the session was not closed.
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("could not start {CHROMEDRIVER}"))?;
        let output = OutputLog::default();
        output.drain(child.stdout.take().expect("piped stdout"), None);
        output.drain(child.stderr.take().expect("piped stderr"), None);
        let mut driver = ChromeDriver {
            child,
            port,
            output,
        };
        let deadline = Instant::now() + DRIVER_START_TIMEOUT;
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        loop {
            if TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok() {
                return Ok(driver);
            }
            if let Ok(Some(status)) = driver.child.try_wait() {
                bail!(
                    "chromedriver exited ({status}) before listening on port {port}:\n{}",
                    driver.output.tail(40)
                );
            }
            if Instant::now() > deadline {
                bail!(
                    "chromedriver did not listen on port {port} within {DRIVER_START_TIMEOUT:?}:\n{}",
                    driver.output.tail(40)
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// Sends `signal` to the process group `pgid` (bash's builtin `kill`: std has no kill(2)).
fn signal_process_group(signal: &str, pgid: u32) {
    let _ = Command::new("bash")
        .arg("-c")
        .arg(format!("kill -{signal} -- -{pgid} 2>/dev/null"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // chromedriver and any Chromium it started (normally gone already, because the
        // session was closed): ask politely, then insist.
        let pgid = self.child.id();
        signal_process_group("TERM", pgid);
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Chromium's helpers may outlive chromedriver for a moment.
        std::thread::sleep(Duration::from_millis(200));
        signal_process_group("KILL", pgid);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The capabilities of a headless Chromium session with its profile in `profile`.
pub fn chromium_capabilities(profile: &Path) -> Capabilities {
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ],
            "perfLoggingPrefs": { "enableNetwork": true, "enablePage": false },
        },
        // "performance" gives the DevTools network events: every request the page attempts,
        // including ones that fail (see `network_requests`).
        "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
        "timeouts": { "pageLoad": 60_000, "script": 30_000, "implicit": 0 },
    });
    match caps {
        Value::Object(map) => map,
        _ => unreachable!(),
    }
}

/// Runs `body` against a fresh headless Chromium, on a current-thread tokio runtime, within
/// `limit`. The browser session is closed and chromedriver killed afterwards in every case; an
/// error (or time-out) of the body then fails the test with its message (and the last output
/// of `server`, when given).
pub fn run_browser_test<F, Fut>(name: &str, limit: Duration, server: Option<&SiteServer>, body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    require_browser();
    let _serial = BROWSER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let started = Instant::now();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let profile = tempfile::Builder::new()
        .prefix("ecoatlas-chromium-")
        .tempdir()
        .expect("temporary Chromium profile directory");
    let driver = match ChromeDriver::start() {
        Ok(driver) => driver,
        Err(e) => panic!("{name}: {e:#}"),
    };

    let outcome: Result<()> = runtime.block_on(async {
        let caps = chromium_capabilities(profile.path());
        let client = tokio::time::timeout(
            SESSION_TIMEOUT,
            ClientBuilder::native()
                .capabilities(caps)
                .connect(&driver.url()),
        )
        .await
        .map_err(|_| anyhow!("opening a Chromium session took more than {SESSION_TIMEOUT:?}"))?
        .map_err(|e| anyhow!("could not open a Chromium session through chromedriver: {e}"))?;

        let body = CatchUnwind(Box::pin(body(client.clone())));
        let result = match tokio::time::timeout(limit, body).await {
            Ok(Ok(result)) => result,
            Ok(Err(panic)) => {
                // An assertion in the body panicked: close the browser first, then go on
                // panicking with the original message.
                let _ = tokio::time::timeout(CLOSE_TIMEOUT, client.close()).await;
                std::panic::resume_unwind(panic);
            }
            Err(_) => Err(anyhow!("the test did not finish within {limit:?}")),
        };
        let closed = tokio::time::timeout(CLOSE_TIMEOUT, client.close()).await;
        if result.is_ok() {
            match closed {
                Ok(Ok(())) => {}
                Ok(Err(e)) => eprintln!("{name}: closing the browser session failed: {e}"),
                Err(_) => eprintln!("{name}: closing the browser session timed out"),
            }
        }
        result
    });

    let driver_log = driver.output.tail(30);
    drop(driver);
    drop(runtime);
    drop(profile);
    eprintln!("{name}: browser part took {:.1?}", started.elapsed());
    if let Err(e) = outcome {
        let server_log = server
            .map(|s| format!("\n{}", s.output()))
            .unwrap_or_default();
        panic!(
            "{name} failed: {e:#}\n  chromedriver output (last lines):\n{driver_log}{server_log}"
        );
    }
}

/// A future that turns a panic while polling `F` into an `Err` with the panic's payload.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = std::result::Result<F::Output, Box<dyn Any + Send>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        match std::panic::catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Err(panic) => Poll::Ready(Err(panic)),
        }
    }
}

/// chromedriver's legacy log endpoint: `POST /session/{id}/se/log` with `{"type": <log>}`.
#[derive(Debug)]
pub struct GetLog {
    pub log_type: &'static str,
}

impl WebDriverCompatibleCommand for GetLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/se/log"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": self.log_type }).to_string()),
        )
    }
}

/// chromedriver's DevTools passthrough: `POST /session/{id}/goog/cdp/execute` with
/// `{"cmd": <method>, "params": {...}}` (for what WebDriver has no command for, such as
/// emulating print media).
#[derive(Debug)]
pub struct Cdp {
    pub cmd: &'static str,
    pub params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()),
        )
    }
}

/// WebDriver's print endpoint: `POST /session/{id}/print` (W3C "Print Page"), which answers
/// with the page printed to PDF, base64-encoded.
#[derive(Debug)]
pub struct Print {
    /// Paper width and height in centimetres.
    pub page: (f64, f64),
}

impl WebDriverCompatibleCommand for Print {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/print"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({
            "page": {"width": self.page.0, "height": self.page.1},
            "background": true,
        });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// The current page printed to PDF on A4 paper, as WebDriver's print endpoint makes it.
pub async fn print_a4(client: &Client) -> Result<Vec<u8>> {
    use base64::Engine;
    let value = client
        .issue_cmd(Print { page: (21.0, 29.7) })
        .await
        .map_err(|e| anyhow!("printing failed: {e}"))?;
    let text = value
        .as_str()
        .ok_or_else(|| anyhow!("the print endpoint answered {value}"))?;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| anyhow!("the printed PDF is not base64: {e}"))
}

/// How many pages a PDF has: its page objects (`/Type /Page`, not the `/Type /Pages` tree).
pub fn pdf_pages(pdf: &[u8]) -> usize {
    let pages = pdf
        .windows(b"/Type /Page".len())
        .filter(|w| *w == b"/Type /Page")
        .count();
    let trees = pdf
        .windows(b"/Type /Pages".len())
        .filter(|w| *w == b"/Type /Pages")
        .count();
    pages - trees
}

/// Runs the DevTools command `cmd` with `params` in the page.
pub async fn cdp(client: &Client, cmd: &'static str, params: Value) -> Result<Value> {
    client
        .issue_cmd(Cdp { cmd, params })
        .await
        .map_err(|e| anyhow!("the DevTools command {cmd} failed: {e}"))
}

/// One entry of the browser console log.
#[derive(Debug, Clone)]
pub struct ConsoleEntry {
    pub level: String,
    pub source: String,
    pub message: String,
}

impl std::fmt::Display for ConsoleEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}] ({}) {}", self.level, self.source, self.message)
    }
}

/// Every console entry logged since the previous call (chromedriver clears what it returns).
pub async fn console_entries(client: &Client) -> Result<Vec<ConsoleEntry>> {
    let value = client
        .issue_cmd(GetLog {
            log_type: "browser",
        })
        .await
        .map_err(|e| anyhow!("reading the browser console log (POST .../se/log) failed: {e}"))?;
    let entries = value
        .as_array()
        .ok_or_else(|| anyhow!("the browser console log is not a list: {value}"))?;
    Ok(entries
        .iter()
        .map(|e| ConsoleEntry {
            level: e["level"].as_str().unwrap_or_default().to_owned(),
            source: e["source"].as_str().unwrap_or_default().to_owned(),
            message: e["message"].as_str().unwrap_or_default().to_owned(),
        })
        .collect())
}

/// The URL of every request the browser started (DevTools `Network.requestWillBeSent`) since
/// the previous read of the performance log, whether or not it succeeded.
pub async fn network_requests(client: &Client) -> Result<Vec<String>> {
    let value = client
        .issue_cmd(GetLog {
            log_type: "performance",
        })
        .await
        .map_err(|e| anyhow!("reading the performance log (POST .../se/log) failed: {e}"))?;
    let entries = value
        .as_array()
        .ok_or_else(|| anyhow!("the performance log is not a list: {value}"))?;
    let mut urls = Vec::new();
    for entry in entries {
        let Some(text) = entry["message"].as_str() else {
            continue;
        };
        let Ok(message) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        let message = &message["message"];
        if message["method"] == "Network.requestWillBeSent" {
            if let Some(url) = message["params"]["request"]["url"].as_str() {
                urls.push(url.to_owned());
            }
        }
    }
    Ok(urls)
}

/// The console entries with level SEVERE logged since the previous read of the log.
pub async fn severe_console_entries(client: &Client) -> Result<Vec<ConsoleEntry>> {
    Ok(console_entries(client)
        .await?
        .into_iter()
        .filter(|e| e.level == "SEVERE")
        .collect())
}

/// Runs `script` (a function body; `arguments` holds `args`) in the page.
pub async fn js(client: &Client, script: &str, args: Vec<Value>) -> Result<Value> {
    client.execute(script, args).await.map_err(|e| {
        let first = script.trim().lines().next().unwrap_or_default();
        anyhow!("running a script in the page failed ({first} ...): {e}")
    })
}

/// Polls `script` (which must return a boolean) every 100 ms until it returns `true`, or fails
/// after `limit` with `what` and the result of `diagnostic` (a script) in the message.
pub async fn wait_for_js(
    client: &Client,
    what: &str,
    limit: Duration,
    script: &str,
    diagnostic: &str,
) -> Result<()> {
    let deadline = Instant::now() + limit;
    loop {
        let last_error = match client.execute(script, vec![]).await {
            Ok(Value::Bool(true)) => return Ok(()),
            Ok(_) => None,
            // The page may be navigating; keep polling but remember why it failed.
            Err(e) => Some(e.to_string()),
        };
        if Instant::now() > deadline {
            let mut msg = format!("timed out after {limit:?} waiting for {what}");
            if let Some(e) = last_error {
                let _ = write!(msg, "; the last poll failed: {e}");
            }
            match client.execute(diagnostic, vec![]).await {
                Ok(v) => {
                    let _ = write!(msg, "\n  the page showed: {v}");
                }
                Err(e) => {
                    let _ = write!(msg, "\n  (could not inspect the page: {e})");
                }
            }
            bail!(msg);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// URLs of the page's resource-timing entries whose origin differs from the page's.
pub async fn third_party_requests(client: &Client) -> Result<(usize, Vec<String>)> {
    let v = js(
        client,
        r#"
        const origin = location.origin;
        const names = performance.getEntriesByType('resource').map(e => e.name);
        const foreign = names.filter(n => {
            if (n.startsWith('data:') || n.startsWith('blob:')) return false;
            try { return new URL(n).origin !== origin; } catch (e) { return true; }
        });
        return [names.length, foreign];
        "#,
        vec![],
    )
    .await?;
    let total = v[0].as_u64().unwrap_or_default() as usize;
    let foreign = v[1]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    Ok((total, foreign))
}
