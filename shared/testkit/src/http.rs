//! Reading a page over real HTTP: what a test does when it only wants the body.

/// The body of `GET url` as text, whatever the status; panics when the request or the
/// body cannot be read.
pub async fn get_text(http: &reqwest::Client, url: impl reqwest::IntoUrl) -> String {
    let response = http.get(url).send().await.expect("the server answers");
    response.text().await.expect("a body of text")
}
