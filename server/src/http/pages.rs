//! The HTML pages. The browser client arrives with its own issue; until then these are
//! minimal pages that say where the user is.

use axum::response::Html;

pub async fn start() -> Html<&'static str> {
    Html(concat!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<title>Hotseat</title><h1>Hotseat</h1>",
        "<p>Create a circle with <code>POST /api/circles</code>. The browser client is coming.</p>",
        "</html>"
    ))
}

pub async fn room() -> Html<&'static str> {
    Html(concat!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<title>Hotseat room</title><h1>Hotseat room</h1>",
        "<p>This is a Hotseat room. The browser client is coming; the room speaks the WebSocket ",
        "protocol at <code>/ws/&lt;room&gt;</code>.</p></html>"
    ))
}
