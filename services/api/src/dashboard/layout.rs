//! The page shell: document head, site header, main landmark and footer.

use maud::{DOCTYPE, Markup, html};

/// Where the stylesheet is served.
pub const STYLESHEET: &str = "/static/govtrack.css";

/// The person signed in to the dashboard (OpenID Connect sign-in), named in every
/// page's header beside a sign-out link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// Their display name.
    pub name: String,
}

/// A whole page titled `title` around `main`; `header` goes into the site header
/// (the as-of form on an organisation's page), then who is signed in, if anyone.
pub fn page(title: &str, who: Option<&SignedIn>, header: Markup, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light";
                title { (title) " · govtrack" }
                link rel="stylesheet" href=(STYLESHEET);
            }
            body {
                a .skip href="#main" { "Skip to content" }
                header .site {
                    a .brand href="/" { "govtrack" }
                    (header)
                    @if let Some(who) = who {
                        div .who {
                            span { "Signed in as " strong { (who.name) } }
                            a href="/auth/logout" { "Sign out" }
                        }
                    }
                }
                main #main { (main) }
                footer .site {
                    "govtrack — adoption governance from the event log. "
                    "Levels: 100 Initial · 200 Repeatable · 300 Defined · 400 Capable · 500 Efficient."
                }
            }
        }
    }
}
