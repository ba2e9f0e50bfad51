//! Tokens and scopes over real HTTP.

use crate::common;

use common::{sponsor_named, start};
use govtrack_auth::hash_token;
use govtrack_testkit::assert_error_mentions;

#[tokio::test]
async fn tokens_are_required_and_limited_to_their_orgs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tokens.toml");
    let text = format!(
        "[[token]]\nname = \"contoso-sync\"\nsha256 = \"{}\"\nscopes = [\"emit:contoso\"]\n\n\
         [[token]]\nname = \"fabrikam-sync\"\nsha256 = \"{}\"\nscopes = [\"emit:fabrikam\"]\n",
        hash_token("contoso-secret"),
        hash_token("fabrikam-secret")
    );
    std::fs::write(&file, text).unwrap();
    let svc = start(Some(file)).await;
    let body = serde_json::to_vec(&sponsor_named("a", "cio")).unwrap();

    let (status, answer) = svc.post_raw(body.clone(), None).await;
    assert_eq!(status, 401, "{answer}");
    let (status, _) = svc.post_raw(body.clone(), Some("not-a-token")).await;
    assert_eq!(status, 401);
    let (status, answer) = svc.post_raw(body.clone(), Some("fabrikam-secret")).await;
    assert_eq!(status, 403, "{answer}");
    assert_error_mentions(&answer, "contoso");
    assert_eq!(svc.stream_messages().await, 0);
    let (status, answer) = svc.post_raw(body, Some("contoso-secret")).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(svc.stream_messages().await, 1);
}
