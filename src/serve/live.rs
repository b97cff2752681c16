//! Live reload: a server-sent-event stream that tells open pages when the rebuild has finished,
//! and the small script (injected into HTML only while serving) that listens to it.

use super::state::{LiveEvent, Preview, Status};
use axum::extract::State;
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use std::convert::Infallible;
use std::sync::Arc;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

pub const EVENTS_PATH: &str = "/__ecoatlas/events";
pub const SCRIPT_PATH: &str = "/__ecoatlas/live.js";

const SCRIPT: &str = include_str!("live.js");

/// The page with the live-reload script added before `</body>`.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" defer></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

pub async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        SCRIPT,
    )
}

fn sse(event: &LiveEvent) -> Event {
    let (name, data) = event.to_sse();
    Event::default().event(name).data(data)
}

/// The event stream: first where things stand (so a page opened on a broken site shows the
/// errors at once), then every build's outcome, until the server stops.
pub async fn events(
    State(preview): State<Arc<Preview>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = preview.subscribe();
    let hello = match preview.status() {
        Status::Ok { build } => LiveEvent::Ok { build },
        Status::Failed { build, messages } => LiveEvent::Errors { build, messages },
    };
    let first = tokio_stream::once(Ok(sse(&hello)));
    let updates = BroadcastStream::new(receiver)
        // A slow page that missed events just reloads: the next event says what to do.
        .filter_map(|e| e.ok())
        .take_while(|e| *e != LiveEvent::Shutdown)
        .map(|e| Ok(sse(&e)));
    Sse::new(first.chain(updates)).keep_alive(KeepAlive::default())
}
