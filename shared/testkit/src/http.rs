//! Reading answers over real HTTP: a page's body, and the error body every service
//! answers with (`{"error":{"code","message"}}`).

/// The body of `GET url` as text, whatever the status; panics when the request or the
/// body cannot be read.
pub async fn get_text(http: &reqwest::Client, url: impl reqwest::IntoUrl) -> String {
    get(http, url).await.1
}

/// `GET url`: the status and the body as text; panics when the request or the body
/// cannot be read.
pub async fn get(http: &reqwest::Client, url: impl reqwest::IntoUrl) -> (u16, String) {
    let response = http.get(url).send().await.expect("the server answers");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a body of text"))
}

/// The error body's message contains `needle`; panics with the body when not (or when
/// it has no message).
#[track_caller]
pub fn assert_error_mentions(body: &serde_json::Value, needle: &str) {
    let message = body["error"]["message"].as_str();
    assert!(
        message.is_some_and(|m| m.contains(needle)),
        "no error message mentioning {needle:?} in {body}"
    );
}
