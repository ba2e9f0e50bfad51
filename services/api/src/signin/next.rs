//! Where a sign-in returns to (`/auth/login?next=`): only a path of this site. Anything
//! a browser could read as another origin (`//evil.example`, `https://evil.example`,
//! `/\evil.example`, control characters it would strip) lands on `/`.

/// Longest `next` followed; longer ones land on `/`.
const MAX_NEXT: usize = 2048;

/// `next` when it is a same-origin path, else `/`.
pub fn same_origin_path(next: Option<&str>) -> String {
    match next {
        Some(next) if is_local_path(next) => next.to_owned(),
        _ => "/".to_owned(),
    }
}

fn is_local_path(next: &str) -> bool {
    next.len() <= MAX_NEXT
        && next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.bytes().any(|b| b.is_ascii_control() || b == b' ')
        && !next.starts_with("/auth/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_of_this_site_is_followed() {
        for ok in [
            "/",
            "/orgs/contoso",
            "/orgs/contoso?as_of=2026-03-01",
            "/orgs/a%2F%2Fb",
        ] {
            assert_eq!(same_origin_path(Some(ok)), ok);
        }
    }

    #[test]
    fn anything_that_could_leave_the_site_lands_on_the_root() {
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            "/auth/logout",
        ] {
            assert_eq!(same_origin_path(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(same_origin_path(None), "/");
        assert_eq!(
            same_origin_path(Some(&format!("/{}", "a".repeat(3000)))),
            "/"
        );
    }
}
