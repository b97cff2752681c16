//! `ecoatlas serve` end to end: the real binary on a free loopback port, files edited the way
//! editors edit them, the live-reload stream and the pages read over HTTP.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use support::*;

const WAIT: Duration = Duration::from_secs(20);

/// The servers of these tests run one at a time: a dozen rebuilding at once on two cores would
/// measure the machine, not the debounce.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A running `ecoatlas serve` on a copy of a fixture site.
struct Server {
    _turn: std::sync::MutexGuard<'static, ()>,
    child: Child,
    url: String,
    site: PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start(fixture_name: &str, extra: &[&str]) -> Server {
        let (dir, site) = fixture_site(fixture_name, &[]);
        Self::start_in(dir, site, extra)
    }

    fn start_in(dir: tempfile::TempDir, site: PathBuf, extra: &[&str]) -> Server {
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let mut child = Command::new(env!("CARGO_BIN_EXE_ecoatlas"))
            .args(["serve", "--root", site.to_str().unwrap(), "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("ECOATLAS_TEST_SERVER_LOG").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if std::env::var_os("ECOATLAS_TEST_SERVER_LOG").is_some() {
                    eprintln!("server: {line}");
                }
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + WAIT;
        let url = loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("server printed its URL");
            if let Some(at) = line.find("http://127.0.0.1:") {
                break line[at..].split_whitespace().next().unwrap().to_string();
            }
        };
        Server {
            _turn: turn,
            child,
            url,
            site,
            _dir: dir,
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        let mut response = agent
            .get(&format!("{}{}", self.url, path.trim_start_matches('/')))
            .call()
            .unwrap();
        let status = response.status().as_u16();
        (
            status,
            response.body_mut().read_to_string().unwrap_or_default(),
        )
    }

    fn events(&self) -> Events {
        Events::connect(&self.url)
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The live-reload stream, read on a thread: (event name, data) pairs.
struct Events {
    rx: mpsc::Receiver<(String, String)>,
}

impl Events {
    /// Connects and reads past the first event (where things stand), which must be `ok`.
    fn connect(url: &str) -> Events {
        let events = Events::connect_inner(url);
        let (first, data) = events
            .next(WAIT)
            .expect("the stream says where things stand first");
        assert_eq!(first, "ok", "{data}");
        events
    }

    fn connect_inner(url: &str) -> Events {
        let authority = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let mut stream = TcpStream::connect(&authority).unwrap();
        write!(stream, "GET /__ecoatlas/events HTTP/1.1\r\nHost: {authority}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    if tx.send((std::mem::take(&mut name), d.to_string())).is_err() {
                        break;
                    }
                }
            }
        });
        Events { rx }
    }

    fn next(&self, limit: Duration) -> Option<(String, String)> {
        self.rx.recv_timeout(limit).ok()
    }

    /// The next event, which must be `name`; returns its data.
    fn expect(&self, name: &str) -> String {
        let (got, data) = self
            .next(WAIT)
            .unwrap_or_else(|| panic!("no `{name}` event within {WAIT:?}"));
        assert_eq!(got, name, "expected `{name}`, got `{got}`: {data}");
        data
    }

    /// Every event in the next `window`.
    fn collect(&self, window: Duration) -> Vec<String> {
        let end = Instant::now() + window;
        let mut names = Vec::new();
        while let Some((n, _)) = self.next(end.saturating_duration_since(Instant::now())) {
            names.push(n);
        }
        names
    }
}

const ALFA: &str = "content/actors/alfa-universitet.md";

fn edited_alfa(summary: &str) -> String {
    std::fs::read_to_string(fixture("minimal").join(ALFA))
        .unwrap()
        .replace("Ett lärosäte för tester.", summary)
}

#[test]
fn an_edit_in_place_reloads_only_after_the_new_page_is_served() {
    let s = Server::start("minimal", &[]);
    let events = s.events();
    s.write(ALFA, &edited_alfa("Ett nytt sammandrag."));
    events.expect("reload");
    // The reload message came after the rebuild: the very next request has the new text.
    let (status, page) = s.get("/actors/alfa-universitet/");
    assert_eq!(status, 200);
    assert!(page.contains("Ett nytt sammandrag."), "{page}");
    let (_, map) = s.get("/");
    assert!(map.contains("Ett nytt sammandrag."));
}

#[test]
fn temp_file_then_rename_saves_are_seen_and_swap_files_ignored() {
    let s = Server::start("minimal", &[]);
    let events = s.events();
    // vim / JetBrains / VS Code: write elsewhere, then rename over the file.
    s.write("content/actors/.alfa-universitet.md.swp", "swap");
    s.write("content/actors/alfa-universitet.md~", "backup");
    assert!(
        events.collect(Duration::from_millis(600)).is_empty(),
        "editor files caused a rebuild"
    );
    s.write(
        "content/actors/alfa-universitet.md.tmp",
        &edited_alfa("Sparad via ett namnbyte."),
    );
    std::fs::rename(
        s.site.join("content/actors/alfa-universitet.md.tmp"),
        s.site.join(ALFA),
    )
    .unwrap();
    events.expect("reload");
    assert!(s
        .get("/actors/alfa-universitet/")
        .1
        .contains("Sparad via ett namnbyte."));
}

#[test]
fn a_deleted_actor_is_gone_page_and_marker() {
    let s = Server::start("minimal", &[]);
    let events = s.events();
    assert_eq!(s.get("/actors/beta-ab/").0, 200);
    std::fs::remove_file(s.site.join("content/actors/beta-ab.yaml")).unwrap();
    events.expect("reload");
    let (status, page) = s.get("/actors/beta-ab/");
    assert_eq!(status, 404);
    assert!(
        page.contains("404") || page.contains("finns inte"),
        "the site's 404 page"
    );
    assert!(
        !s.get("/data/actors.geojson").1.contains("beta-ab"),
        "its marker is gone"
    );
    assert!(!s.get("/").1.contains("Beta AB"), "and its list item");
}

#[test]
fn renamed_files_and_new_folders_rebuild() {
    let s = Server::start("minimal", &[]);
    let events = s.events();
    std::fs::rename(
        s.site.join("content/actors/beta-ab.yaml"),
        s.site.join("content/actors/gamma-ab.yaml"),
    )
    .unwrap();
    events.expect("reload");
    assert_eq!(s.get("/actors/beta-ab/").0, 404);
    assert_eq!(s.get("/actors/gamma-ab/").0, 200);
    s.write(
        "content/actors/nya/delta.md",
        "---\nname: Delta\ntype: company\nsectors: [industry]\ncampus: norra-campus\nsummary: I en ny mapp.\n---\n",
    );
    events.expect("reload");
    assert!(s.get("/actors/delta/").1.contains("I en ny mapp."));
}

#[test]
fn a_burst_of_many_files_gives_one_rebuild() {
    let s = Server::start("minimal", &[]);
    let events = s.events();
    // As a `git checkout` does: hundreds of files in a few milliseconds.
    for i in 0..300 {
        s.write(
            &format!("content/actors/burst-{i:03}.md"),
            &format!("---\nname: Burst {i}\ntype: company\nsectors: [industry]\ncampus: norra-campus\nsummary: S.\n---\n"),
        );
    }
    let got = events.collect(Duration::from_secs(4));
    assert_eq!(got, ["reload"], "one rebuild for the burst");
    assert_eq!(s.get("/actors/burst-299/").0, 200);
}

#[test]
fn errors_keep_the_last_good_site_and_fixing_clears_them() {
    let s = Server::start("minimal", &[]);
    let events = s.events();
    s.write(ALFA, "---\nname: [Alfa\n---\n");
    let data = events.expect("errors");
    assert!(
        data.contains("content/actors/alfa-universitet.md:2:7"),
        "{data}"
    );
    let (status, page) = s.get("/actors/alfa-universitet/");
    assert_eq!(status, 200, "the last good site is still served");
    assert!(page.contains("Alfauniversitetet") && page.contains("/__ecoatlas/live.js"));
    assert!(s.get("/__ecoatlas/live.js").1.contains("showOverlay"));
    // A page opened now learns of the errors at once.
    let late = Events::connect_raw(&s.url);
    assert_eq!(late.0, "errors");
    s.write(ALFA, &edited_alfa("Rättat."));
    events.expect("reload");
    assert!(s.get("/actors/alfa-universitet/").1.contains("Rättat."));
}

#[test]
fn a_site_broken_at_start_still_serves_and_shows_its_errors() {
    let (dir, site) = fixture_site("minimal", &[]);
    std::fs::write(site.join("content/actors/beta-ab.yaml"), "name: [\n").unwrap();
    let s = Server::start_in(dir, site, &[]);
    let (first, data) = Events::connect_raw(&s.url);
    assert_eq!(first, "errors");
    assert!(data.contains("content/actors/beta-ab.yaml"), "{data}");
    let (status, page) = s.get("/");
    assert_eq!(status, 404, "nothing good to show yet");
    assert!(
        page.contains("/__ecoatlas/live.js"),
        "but the overlay script is there"
    );
    std::fs::remove_file(s.site.join("content/actors/beta-ab.yaml")).unwrap();
    let deadline = Instant::now() + WAIT;
    while s.get("/").0 != 200 {
        assert!(Instant::now() < deadline, "the fixed site never appeared");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_stylesheet_change_swaps_css_without_a_reload() {
    let (dir, site) = fixture_site("minimal", &[]);
    let css = site.join("themes/default/static/css/site.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    std::fs::write(&css, "body { color: black; }\n").unwrap();
    let s = Server::start_in(dir, site, &[]);
    let events = s.events();
    std::fs::write(&css, "body { color: navy; }\n").unwrap();
    let data = events.expect("css");
    assert!(data.contains("/assets/css/site.css?v="), "{data}");
    assert!(s.get("/assets/css/site.css").1.contains("navy"));
}

#[test]
fn nothing_outside_the_site_is_ever_served() {
    let (dir, site) = fixture_site("minimal", &[]);
    std::fs::write(dir.path().join("secret.txt"), "top secret").unwrap();
    let static_dir = site.join("themes/default/static");
    std::fs::create_dir_all(&static_dir).unwrap();
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), static_dir.join("leak.txt")).unwrap();
    let s = Server::start_in(dir, site, &[]);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/assets/..%2f..%2fsecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/assets/leak.txt",
        "/../../../../../../etc/passwd",
    ] {
        let raw = raw_get(&s.url, path);
        assert!(
            raw.starts_with("HTTP/1.1 404") || raw.starts_with("HTTP/1.1 400"),
            "{path}: {}",
            raw.lines().next().unwrap_or("")
        );
        assert!(
            !raw.contains("top secret") && !raw.contains("root:x:"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn the_reload_script_is_only_in_serve_mode() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&fixture("minimal"), &out, &[]);
    for (path, bytes) in read_tree(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__ecoatlas"),
            "{path} has the live-reload hook"
        );
    }
    let s = Server::start("minimal", &[]);
    assert!(s
        .get("/")
        .1
        .contains("<script src=\"/__ecoatlas/live.js\" defer></script></body>"));
}

#[test]
fn ctrl_c_stops_cleanly_even_with_pages_listening() {
    let mut s = Server::start("minimal", &[]);
    let _events = s.events();
    let pid = s.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running 10 s after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
}

#[test]
fn a_busy_port_moves_to_the_next_one_and_says_so() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let (_dir, site) = fixture_site("minimal", &[]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_ecoatlas"))
        .args(["serve", "--root", site.to_str().unwrap(), "--port", &port])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        line.contains(&format!("Port {port} is in use; using port")),
        "{line}"
    );
}

/// A raw HTTP/1.1 GET, so that paths reach the server exactly as written.
fn raw_get(url: &str, path: &str) -> String {
    let authority = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(authority).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}

impl Events {
    /// Connects and returns only the first event (where things stand).
    fn connect_raw(url: &str) -> (String, String) {
        let e = Events::connect_inner(url);
        e.next(WAIT).expect("a first event")
    }
}

/// The status line of a raw HTTP/1.1 GET with `host` in `Host` and any `extra` headers, and
/// the body when the server sends one that ends.
fn status_for(url: &str, path: &str, host: &str, extra: &str) -> (String, String) {
    let authority = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(authority).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).unwrap();
    let mut rest = String::new();
    if !path.starts_with("/__ecoatlas/events") || !status.contains(" 200 ") {
        let _ = reader.read_to_string(&mut rest);
    }
    (status.trim_end().to_string(), rest)
}

#[test]
fn requests_for_another_host_name_are_refused() {
    let s = Server::start("minimal", &["--allowed-host", "Preview.Test"]);
    let own = s.url.trim_start_matches("http://").trim_end_matches('/');
    let port = own.rsplit(':').next().unwrap();
    for host in [
        own.to_string(),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        format!("preview.test:{port}"),
    ] {
        let (status, body) = status_for(&s.url, "/", &host, "");
        assert!(status.contains(" 200 "), "{host}: {status}");
        assert!(body.contains("Testkartan"), "{host}");
    }
    for host in [
        format!("attacker.example:{port}"),
        "attacker.example".to_string(),
        format!("127.0.0.1.attacker.example:{port}"),
        format!("localhost:{}", port.parse::<u16>().unwrap().wrapping_add(1)),
    ] {
        for path in [
            "/",
            "/data/map.json",
            "/__ecoatlas/events",
            "/__ecoatlas/live.js",
        ] {
            let (status, body) = status_for(&s.url, path, &host, "");
            assert!(status.contains(" 403 "), "{host}{path}: {status}");
            assert!(body.contains("--allowed-host"), "{host}{path}: {body}");
            assert!(
                !body.contains("Testkartan"),
                "{host}{path} answered with the site"
            );
        }
    }
}

#[test]
fn the_event_stream_answers_only_the_previews_own_pages() {
    let s = Server::start("minimal", &[]);
    let own = s.url.trim_start_matches("http://").trim_end_matches('/');
    let events = "/__ecoatlas/events";
    let (status, _) = status_for(&s.url, events, own, "");
    assert!(status.contains(" 200 "), "no Origin: {status}");
    let (status, _) = status_for(&s.url, events, own, &format!("Origin: http://{own}\r\n"));
    assert!(status.contains(" 200 "), "its own origin: {status}");
    for origin in [
        "http://attacker.example".to_string(),
        "null".to_string(),
        format!("https://{own}"),
        format!("http://{own}.attacker.example"),
    ] {
        for path in [events, "/data/map.json"] {
            let (status, body) = status_for(&s.url, path, own, &format!("Origin: {origin}\r\n"));
            assert!(status.contains(" 403 "), "{origin} {path}: {status}");
            assert!(!body.contains("Testkartan"), "{origin} {path}: {body}");
        }
    }
}

#[test]
fn binding_beyond_this_machine_warns_that_the_network_can_see_the_preview() {
    let (_dir, site) = fixture_site("minimal", &[]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_ecoatlas"))
        .args(["serve", "--root", site.to_str().unwrap(), "--port", "0"])
        .args(["--bind", "0.0.0.0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        line.contains("Warning") && line.contains("visible to the network"),
        "{line}"
    );
}

/// The base map is read by the browser in parts, with HTTP range requests, as static hosts
/// answer them: 206 with exactly the bytes asked for, 416 outside the file.
#[test]
fn serve_answers_range_requests_for_the_base_map() {
    let (dir, site) = fixture_site("minimal", &[]);
    std::fs::create_dir_all(site.join("content/basemap")).unwrap();
    let file = site.join("content/basemap/region.pmtiles");
    support::pmtiles::write(&file, [16.5, 58.5, 19.0, 60.5]);
    support::pmtiles::configure(&site, "content/basemap/region.pmtiles", "Test");
    let bytes = std::fs::read(&file).unwrap();
    let s = Server::start_in(dir, site, &[]);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{}assets/basemap/region.pmtiles", s.url);
    let ask = |range: Option<&str>| {
        let mut request = agent.get(&url);
        if let Some(r) = range {
            request = request.header("Range", r);
        }
        let mut response = request.call().unwrap();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let (content_range, accept) = (header("content-range"), header("accept-ranges"));
        let status = response.status().as_u16();
        let body = response.body_mut().read_to_vec().unwrap();
        (status, content_range, accept, body)
    };
    let n = bytes.len();
    // The header of the archive, as pmtiles.js reads it first.
    let (status, range, accept, body) = ask(Some("bytes=0-126"));
    assert_eq!(
        (status, range.as_str()),
        (206, format!("bytes 0-126/{n}").as_str())
    );
    assert_eq!(accept, "bytes");
    assert_eq!(body, &bytes[..127]);
    assert_eq!(&body[..7], b"PMTiles");
    let (status, _, _, body) = ask(Some("bytes=100-"));
    assert_eq!((status, body.as_slice()), (206, &bytes[100..]));
    let (status, _, _, body) = ask(Some("bytes=-10"));
    assert_eq!((status, body.as_slice()), (206, &bytes[n - 10..]));
    let (status, range, _, _) = ask(Some(&format!("bytes={n}-{}", n + 10)));
    assert_eq!((status, range), (416, format!("bytes */{n}")));
    let (status, _, _, body) = ask(None);
    assert_eq!((status, body), (200, bytes));
}
