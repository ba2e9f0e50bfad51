//! Recording from the dashboard over real HTTP: the api's forms on a real nats-server,
//! written through real ingest (the only writer) and read back through the real
//! projector. Every refused case checks that the log did not grow.

use crate::common;

use std::path::PathBuf;

use chrono::{DateTime, TimeDelta, Utc};
use common::*;
use govtrack_events::{Event, EventType as T};
use govtrack_testkit::Grant;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use tempfile::TempDir;

const ORG: &str = "contoso";

fn ago(days: i64) -> DateTime<Utc> {
    Utc::now() - TimeDelta::days(days)
}

fn ev(id: &str, t: T, days: i64, data: Option<Value>) -> Event {
    example_event(id, ORG, t, ago(days), data)
}

/// Community at 300 with one thing missing for 400, an onboarding training; an
/// objective with a key result whose target is a blank, and an initiative.
fn seed() -> Vec<Event> {
    vec![
        ev("c1", T::WelcomeEmailEnabled, 100, None),
        ev("c2", T::HackathonHeld, 200, Some(json!({"sponsor": null}))),
        ev("c3", T::HackathonHeld, 30, Some(json!({"sponsor": null}))),
        ev(
            "c4",
            T::TrainingHeld,
            40,
            Some(json!({"kind": "lunch_and_learn"})),
        ),
        ev("c5", T::ChampionProgramLaunched, 90, None),
        ev(
            "c6",
            T::CoeKitDeployed,
            80,
            Some(json!({"module": "nurture"})),
        ),
        ev(
            "c7",
            T::SuccessStoryPublished,
            20,
            Some(json!({"sponsor": null})),
        ),
        ev("c8", T::ShowAndTellHeld, 10, None),
        ev("o1", T::ObjectiveDefined, 60, None),
        ev("k1", T::KeyResultDefined, 60, Some(json!({"target": null}))),
        ev("i1", T::InitiativeStarted, 60, None),
    ]
}

/// The api that records, over a harness with ingest running.
struct Desk {
    h: Harness,
    base: String,
    http: reqwest::Client,
    ingest: govtrack_runtime::CancellationToken,
}

struct Answer {
    status: u16,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn location(&self) -> &str {
        self.headers["location"].to_str().unwrap()
    }
}

impl Desk {
    async fn start(tokens_file: Option<PathBuf>) -> Desk {
        let h = Harness::start().await;
        h.append(&seed()).await;
        let ingest = start_ingest(&h).await;
        let base = start_recording_api(&h, tokens_file).await;
        let http = govtrack_runtime::http_client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Desk {
            h,
            base,
            http,
            ingest,
        }
    }

    async fn answer(request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.unwrap();
        Answer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.text().await.unwrap(),
        }
    }

    /// GET `path`, as the page `referer` of this site when given, with a token.
    async fn get(&self, path: &str, referer: Option<&str>, token: Option<&str>) -> Answer {
        let mut request = self.http.get(format!("{}{path}", self.base));
        if let Some(page) = referer {
            request = request.header("referer", format!("{}{page}", self.base));
        }
        if let Some(token) = token {
            request = request.basic_auth("dashboard", Some(token));
        }
        Desk::answer(request).await
    }

    /// POST a form to `path` from a page of `origin` (this site when `None`).
    async fn post(
        &self,
        path: &str,
        fields: &[(String, String)],
        origin: Option<&str>,
        token: Option<&str>,
    ) -> Answer {
        let origin = origin.map_or(self.base.clone(), str::to_owned);
        let mut request = (self.http.post(format!("{}{path}", self.base)))
            .header("origin", origin)
            .form(fields);
        if let Some(token) = token {
            request = request.basic_auth("dashboard", Some(token));
        }
        Desk::answer(request).await
    }

    async fn stop(self) {
        self.ingest.cancel();
        self.h.stop().await;
    }
}

/// The value of the hidden field `name` of a form page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!(r#"<input type="hidden" name="{name}" value=""#);
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no hidden {name}: {html}"))
        + marker.len();
    html[at..].split('"').next().unwrap().replace("&amp;", "&")
}

/// The value of attribute `name` in a tag's text (`<input type="text" name="kind" …`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!(r#" {name}=""#);
    let at = tag.find(&marker)? + marker.len();
    let value = tag[at..].split('"').next()?;
    Some(
        value
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// What a browser sends for the form of a page as it stands: every input (a checkbox
/// when ticked), textarea and select, in order; then `typed` replaces what a person
/// typed over.
fn filled(html: &str, typed: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let tag = &rest[..rest.find('>').unwrap() + 1];
        let name = attribute(tag, "name");
        if let (true, Some(name)) = (tag.starts_with("<input "), &name) {
            let ticked = tag.contains(r#"type="checkbox""#);
            if !ticked || tag.contains(" checked") {
                pairs.push((name.clone(), attribute(tag, "value").unwrap_or_default()));
            }
        } else if let (true, Some(name)) = (tag.starts_with("<textarea "), &name) {
            let text = &rest[tag.len()..rest.find("</textarea>").unwrap()];
            pairs.push((name.clone(), text.replace("&amp;", "&")));
        } else if let (true, Some(name)) = (tag.starts_with("<select "), &name) {
            let options = &rest[..rest.find("</select>").unwrap()];
            let chosen = (options.split("<option ").skip(1))
                .find(|o| o.contains(" selected"))
                .and_then(|o| attribute(&format!(" {o}"), "value"));
            pairs.push((name.clone(), chosen.unwrap_or_default()));
        }
        rest = &rest[1..];
    }
    for (name, value) in typed {
        pairs.retain(|(n, _)| n != name);
        pairs.push(((*name).to_owned(), (*value).to_owned()));
    }
    pairs
}

/// Every link to a record form on a page.
fn record_links(html: &str) -> Vec<String> {
    html.split(r#"<a class="act" href=""#)
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().replace("&amp;", "&"))
        .collect()
}

fn path_of(link: &str) -> &str {
    link.split('?').next().unwrap()
}

#[tokio::test]
async fn a_record_from_the_page_is_stored_once_as_its_caller_and_the_page_says_what_it_changed() {
    let desk = Desk::start(None).await;
    let page = desk.get(&format!("/orgs/{ORG}"), None, None).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let links = record_links(&page.body);
    let record = (links.iter())
        .find(|l| l.contains("record/training.held?kind=onboarding"))
        .unwrap_or_else(|| panic!("no Record link for the onboarding training: {links:#?}"));

    let form = desk.get(record, Some(&format!("/orgs/{ORG}")), None).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(
        form.body.contains(r#"name="kind" value="onboarding""#),
        "prefilled: {}",
        form.body
    );
    assert_eq!(hidden(&form.body, "back"), format!("/orgs/{ORG}"));
    let before = log_length(&desk.h).await;

    let fields = filled(&form.body, &[("kind", "onboarding"), ("attendees", "12")]);
    let sent = desk.post(path_of(record), &fields, None, None).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let location = sent.location().to_owned();
    assert!(
        location.starts_with(&format!("/orgs/{ORG}?recorded=")),
        "{location}"
    );
    assert!(location.ends_with("&levels=community%3A400"), "{location}");
    assert!(
        !location.contains(&hidden(&form.body, "id")),
        "the id stays out of addresses"
    );
    assert_eq!(log_length(&desk.h).await, before + 1);

    let shown = desk.get(&location, None, None).await;
    assert!(
        shown
            .body
            .contains("Recorded: </strong>training held — kind: onboarding · attendees: 12"),
        "{}",
        shown.body
    );
    assert!(
        shown
            .body
            .contains("Community is now 400</strong> Capable."),
        "{}",
        shown.body
    );
    assert!(
        shown.body.contains("recorded by the local user"),
        "the timeline says who"
    );

    let again = desk.post(path_of(record), &fields, None, None).await;
    assert_eq!(again.status, 303, "{}", again.body);
    assert!(
        again.location().contains("&again=1"),
        "{}",
        again.location()
    );
    let shown = desk.get(again.location(), None, None).await;
    assert!(shown.body.contains("Already recorded: "), "{}", shown.body);
    assert_eq!(
        log_length(&desk.h).await,
        before + 1,
        "the same form is stored once"
    );

    let (status, events) = desk.h.get(&format!("/v1/orgs/{ORG}/events?after=11")).await;
    assert_eq!(status, 200);
    let training = &events["events"][0];
    assert_eq!(training["type"], "training.held");
    assert_eq!(training["source"], "govtrack-dashboard");
    assert_eq!(training["recorded_by"]["kind"], "local");
    assert_eq!(
        training["data"],
        json!({"kind": "onboarding", "attendees": 12})
    );
    desk.stop().await;
}

#[tokio::test]
async fn refused_forms_append_nothing_and_say_why() {
    let desk = Desk::start(None).await;
    let form_path = format!("/orgs/{ORG}/record/training.held");
    let form = desk.get(&form_path, None, None).await;
    let before = log_length(&desk.h).await;

    let mut no_csrf = filled(&form.body, &[("kind", "onboarding"), ("attendees", "3")]);
    no_csrf.retain(|(name, _)| name != "csrf");
    let refused = desk.post(&form_path, &no_csrf, None, None).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(refused.body.contains("no csrf field"), "{}", refused.body);

    let mut forged = filled(&form.body, &[("kind", "onboarding"), ("attendees", "3")]);
    forged[0].1 = "01JFORGEDFORGEDFORGEDFORGE".to_owned();
    let refused = desk.post(&form_path, &forged, None, None).await;
    assert_eq!(
        refused.status, 403,
        "a csrf of another form: {}",
        refused.body
    );

    let fields = filled(&form.body, &[("kind", "onboarding"), ("attendees", "3")]);
    let foreign = desk
        .post(&form_path, &fields, Some("https://evil.example"), None)
        .await;
    assert_eq!(foreign.status, 403, "{}", foreign.body);
    assert!(
        foreign.body.contains("https://evil.example"),
        "{}",
        foreign.body
    );

    let invalid = filled(&form.body, &[("kind", "onboarding"), ("attendees", "many")]);
    let bad = desk.post(&form_path, &invalid, None, None).await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(
        bad.body.contains(r#"<p class="error" id="f-attendees-error">Error: &quot;many&quot; is not a whole number: type it in digits, such as 12</p>"#),
        "ingest's words next to the field: {}",
        bad.body
    );
    assert!(
        bad.body.contains(r#"name="kind" value="onboarding""#),
        "typed values kept"
    );
    assert_eq!(
        hidden(&bad.body, "id"),
        hidden(&form.body, "id"),
        "the same form"
    );

    let unknown = desk
        .get(&format!("/orgs/{ORG}/record/training.helt"), None, None)
        .await;
    assert_eq!(unknown.status, 404, "{}", unknown.body);
    let unknown_post = desk
        .post(
            &format!("/orgs/{ORG}/record/training.helt"),
            &fields,
            None,
            None,
        )
        .await;
    assert_eq!(unknown_post.status, 404, "{}", unknown_post.body);
    let reserved = desk
        .get(
            &format!("/orgs/{ORG}/record/initiative.stalled"),
            None,
            None,
        )
        .await;
    assert_eq!(reserved.status, 404, "{}", reserved.body);
    assert!(
        reserved.body.contains("scheduler only"),
        "{}",
        reserved.body
    );

    // A record only ingest can refuse (the model has no such signal): its words too.
    let evidence_path = format!("/orgs/{ORG}/record/evidence.recorded");
    let evidence = desk.get(&evidence_path, None, None).await;
    let typed = [("capability", "security"), ("signal", "no_such_signal")];
    let refused = desk
        .post(&evidence_path, &filled(&evidence.body, &typed), None, None)
        .await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(
        refused.body.contains(r#"id="f-signal-error""#),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("has no signal"), "{}", refused.body);

    assert_eq!(log_length(&desk.h).await, before, "nothing was appended");
    desk.stop().await;
}

const VIEWER: &str = "contoso-viewer-secret";
const EDITOR: &str = "contoso-editor-secret";
const OUTSIDER: &str = "fabrikam-editor-secret";
const ADMIN: &str = "admin-secret";

/// A viewer and an editor of contoso, an editor of fabrikam who may read every org,
/// and an admin.
fn desk_tokens() -> (TempDir, PathBuf) {
    tokens_file(&[
        ("viewer", VIEWER, &["read:contoso"]),
        ("editor", EDITOR, &["read:contoso", "emit:contoso"]),
        ("outsider", OUTSIDER, &["read:*", "emit:fabrikam"]),
        ("ops", ADMIN, &["admin"]),
    ])
}

#[tokio::test]
async fn only_who_may_record_for_the_organisation_sees_the_links_and_records() {
    let (_dir, tokens) = desk_tokens();
    let desk = Desk::start(Some(tokens)).await;
    let org_page = format!("/orgs/{ORG}");
    let form_path = format!("/orgs/{ORG}/record/training.held");
    let before = log_length(&desk.h).await;

    let viewer_page = desk.get(&org_page, None, Some(VIEWER)).await;
    assert_eq!(viewer_page.status, 200);
    assert_eq!(
        record_links(&viewer_page.body),
        Vec::<String>::new(),
        "a viewer sees no link"
    );
    let editor_form = desk.get(&form_path, None, Some(EDITOR)).await;
    assert_eq!(editor_form.status, 200, "{}", editor_form.body);
    let fields = filled(
        &editor_form.body,
        &[("kind", "onboarding"), ("attendees", "5")],
    );

    for (who, token) in [("a viewer", VIEWER), ("an editor of another org", OUTSIDER)] {
        let form = desk.get(&form_path, None, Some(token)).await;
        assert_eq!(form.status, 403, "{who}: {}", form.body);
        let sent = desk.post(&form_path, &fields, None, Some(token)).await;
        assert_eq!(sent.status, 403, "{who}: {}", sent.body);
        assert!(
            sent.body.contains("may not record for organisation"),
            "{}",
            sent.body
        );
    }
    let other_org = desk
        .get("/orgs/fabrikam/record/training.held", None, Some(EDITOR))
        .await;
    assert_eq!(
        other_org.status, 403,
        "outside the grant: {}",
        other_org.body
    );
    assert_eq!(log_length(&desk.h).await, before, "nothing appended");

    let editor_page = desk.get(&org_page, None, Some(EDITOR)).await;
    let links = record_links(&editor_page.body);
    assert!(
        links.iter().any(|l| l.contains("initiative.progressed")),
        "{links:#?}"
    );
    assert!(
        !links
            .iter()
            .any(|l| l.contains("silence.created") || l.contains("source.expected"))
    );
    let silence = desk
        .get(
            &format!("/orgs/{ORG}/record/silence.created"),
            None,
            Some(EDITOR),
        )
        .await;
    assert_eq!(
        silence.status, 403,
        "silences are an admin's: {}",
        silence.body
    );

    let sent = desk.post(&form_path, &fields, None, Some(EDITOR)).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    assert_eq!(log_length(&desk.h).await, before + 1);
    let shown = desk.get(sent.location(), None, Some(EDITOR)).await;
    assert!(
        shown.body.contains("recorded by the token editor"),
        "{}",
        shown.body
    );

    let admin = desk
        .get(
            &format!("/orgs/{ORG}/record/source.expected?source=hr-sync"),
            None,
            Some(ADMIN),
        )
        .await;
    assert_eq!(admin.status, 200, "{}", admin.body);
    let typed = [("source", "hr-sync"), ("every_hours", "24")];
    let sent = desk
        .post(
            "/orgs/contoso/record/source.expected",
            &filled(&admin.body, &typed),
            None,
            Some(ADMIN),
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    assert_eq!(log_length(&desk.h).await, before + 2);
    desk.stop().await;
}

#[tokio::test]
async fn every_page_and_form_carries_the_security_headers() {
    let desk = Desk::start(None).await;
    let form_path = format!("/orgs/{ORG}/record/training.held");
    let form = desk.get(&form_path, None, None).await;
    let invalid = filled(&form.body, &[("attendees", "x")]);
    let mut answers = vec![
        ("index", desk.get("/", None, None).await),
        (
            "org page",
            desk.get(&format!("/orgs/{ORG}"), None, None).await,
        ),
        (
            "past page",
            desk.get(&format!("/orgs/{ORG}?as_of=2026-01-01"), None, None)
                .await,
        ),
        ("missing org", desk.get("/orgs/nobody", None, None).await),
        (
            "stylesheet",
            desk.get("/static/govtrack.css", None, None).await,
        ),
        (
            "json",
            desk.get(&format!("/v1/orgs/{ORG}/maturity"), None, None)
                .await,
        ),
        ("no route", desk.get("/nowhere", None, None).await),
        (
            "refused form",
            desk.post(&form_path, &invalid, None, None).await,
        ),
        (
            "forbidden form",
            desk.post(&form_path, &[], Some("https://evil.example"), None)
                .await,
        ),
    ];
    answers.push(("form", form));
    for (what, answer) in &answers {
        let header = |name: &str| {
            (answer.headers.get(name))
                .unwrap_or_else(|| panic!("{what} has no {name}"))
                .to_str()
                .unwrap()
                .to_owned()
        };
        let policy = header("content-security-policy");
        for directive in [
            "default-src 'self'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(policy.contains(directive), "{what}: {policy}");
        }
        assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
        assert_eq!(header("referrer-policy"), "same-origin", "{what}");
    }
    let form = &answers.last().unwrap().1;
    assert_eq!(form.headers["cache-control"], "private, no-cache");
    assert!(
        !form.body.contains("style="),
        "no inline style: the policy forbids it"
    );
    desk.stop().await;
}

/// Scheduler settings on the desk's data directory: the stall scan and alert
/// evaluation, as `govtrack scheduler run-once` runs them.
fn scheduler(desk: &Desk) -> govtrack_scheduler::Settings {
    let mut s = govtrack_scheduler::Settings::new(desk.h.data.path().join("scheduler"));
    s.lease.wait = std::time::Duration::from_secs(20);
    s.jobs
        .retain(|j| j.name != "weekly-digest" && j.name != "source-watch");
    s
}

/// Runs the scheduler once as of `now` and waits for the projector to fold its findings.
async fn run_scheduler(desk: &Desk, now: DateTime<Utc>) {
    govtrack_scheduler::run_once(scheduler(desk), desk.h.bus.clone(), now, None)
        .await
        .unwrap();
    desk.h.wait_for(log_length(&desk.h).await).await;
}

async fn open_alerts(desk: &Desk) -> Vec<Value> {
    let (status, body) = desk.h.get(&format!("/v1/orgs/{ORG}/alerts")).await;
    assert_eq!(status, 200, "{body}");
    body["alerts"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_stalled_initiative_can_be_silenced_and_checked_in_from_the_page_and_the_next_scheduler_run_resolves_its_stall()
 {
    let desk = Desk::start(None).await;
    run_scheduler(&desk, Utc::now()).await;
    let alerts = open_alerts(&desk).await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(
        (alerts[0]["kind"].as_str(), alerts[0]["entity"].as_str()),
        (Some("initiative_stalled"), Some("sponsor-cadence"))
    );

    let page = desk.get(&format!("/orgs/{ORG}"), None, None).await;
    let section = &page.body[page.body.find(r#"id="alerts""#).unwrap()..];
    let silence = record_links(&section[..section.find("</section>").unwrap()])
        .into_iter()
        .find(|l| l.contains("silence.created"))
        .expect("an admin may silence the alert");
    let form = desk
        .get(&silence, Some(&format!("/orgs/{ORG}")), None)
        .await;
    assert!(
        form.body
            .contains(r#"name="matchers.entity" value="sponsor-cadence""#),
        "{}",
        form.body
    );
    assert!(
        form.body
            .contains(r#"<option value="7d" selected>1 week</option>"#),
        "a week is picked, from when the form is sent: {}",
        form.body
    );
    let typed = [("owner", "ana"), ("reason", "on leave this week")];
    let sent = desk
        .post(path_of(&silence), &filled(&form.body, &typed), None, None)
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let alerts = open_alerts(&desk).await;
    assert_eq!(alerts[0]["silenced"], true, "muted for a week: {alerts:?}");
    let until: DateTime<Utc> = alerts[0]["silenced_until"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let week = Utc::now() + TimeDelta::days(7);
    assert!(
        until > week - TimeDelta::minutes(5) && until <= week,
        "{until}"
    );

    let attention = &page.body[page.body.find(r#"id="attention""#).unwrap()..];
    let attention = &attention[..attention.find("</section>").unwrap()];
    let check_in = record_links(attention)
        .into_iter()
        .find(|l| l.contains("initiative.progressed?initiative=sponsor-cadence"))
        .unwrap_or_else(|| panic!("no Check in on the stalled initiative: {attention}"));
    let form = desk
        .get(&check_in, Some(&format!("/orgs/{ORG}")), None)
        .await;
    let typed = [
        ("initiative", "sponsor-cadence"),
        ("note", "first review booked"),
        ("percent", "30"),
    ];
    let sent = desk
        .post(path_of(&check_in), &filled(&form.body, &typed), None, None)
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);

    let (_, initiatives) = desk.h.get(&format!("/v1/orgs/{ORG}/initiatives")).await;
    let initiative = &initiatives["initiatives"][0];
    let last: DateTime<Utc> = initiative["last_activity_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        Utc::now() - last < TimeDelta::minutes(1),
        "moved to now: {initiative}"
    );
    assert_eq!(initiative["percent"], 30);
    assert_eq!(
        open_alerts(&desk).await.len(),
        1,
        "until the scheduler sees it"
    );

    run_scheduler(&desk, Utc::now() + TimeDelta::minutes(1)).await;
    assert_eq!(open_alerts(&desk).await, Vec::<Value>::new(), "resolved");
    let page = desk.get(&format!("/orgs/{ORG}"), None, None).await;
    assert!(page.body.contains("No open alerts."));
    desk.stop().await;
}

/// The row of `capability` in the maturity grid: its level.
fn grid_level(html: &str, capability: &str) -> u16 {
    let marker = format!(r#"data-capability="{capability}" data-level=""#);
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no grid row for {capability}"))
        + marker.len();
    html[at..].split('"').next().unwrap().parse().unwrap()
}

async fn assert_accessible(browser: &mut crate::browser::Browser, what: &str) {
    let violations = browser.axe(&crate::browser::axe_source()).await;
    assert_eq!(
        violations.as_array().map(Vec::len),
        Some(0),
        "WCAG 2.1 AA violations on {what}: {violations:#}"
    );
}

#[tokio::test]
async fn a_coe_lead_records_the_missing_training_from_the_page_in_a_browser_and_going_back_stores_nothing_twice()
 {
    use crate::browser::{Browser, screenshot_path};

    let desk = Desk::start(None).await;
    let mut browser = Browser::start(1280, 900).await;
    browser.open(&format!("{}/orgs/{ORG}", desk.base)).await;
    assert_eq!(grid_level(&browser.html().await, "community"), 300);

    browser
        .click(r#"article[data-capability="community"] a.act[href*="training.held"]"#)
        .await;
    assert!(
        browser
            .url()
            .await
            .contains("/record/training.held?kind=onboarding")
    );
    let form = browser.html().await;
    assert!(form.contains(r#"value="onboarding""#), "prefilled: {form}");
    assert_accessible(&mut browser, "the form").await;
    let before = log_length(&desk.h).await;

    browser.type_into("#f-attendees", "12").await;
    browser.click("form.record button[type=submit]").await;
    let page = browser.html().await;
    assert!(
        browser.url().await.contains("recorded="),
        "{}",
        browser.url().await
    );
    assert!(
        page.contains("Recorded: </strong>training held — kind: onboarding · attendees: 12"),
        "{page}"
    );
    assert!(page.contains("Community is now 400"), "{page}");
    assert_eq!(
        grid_level(&page, "community"),
        400,
        "the new level in the grid"
    );
    browser
        .screenshot(&screenshot_path("recorded-laptop.png"))
        .await;
    assert_eq!(log_length(&desk.h).await, before + 1);

    browser.back().await;
    assert!(
        browser.url().await.contains("/record/training.held"),
        "back on the form"
    );
    let again = browser.html().await;
    assert_eq!(
        hidden(&again, "id"),
        hidden(&form, "id"),
        "the same form, the same id"
    );
    let attendees = browser
        .eval("document.querySelector('#f-attendees').value")
        .await;
    if attendees == json!("") {
        browser.type_into("#f-attendees", "12").await;
    }
    browser.click("form.record button[type=submit]").await;
    let page = browser.html().await;
    assert!(page.contains("Already recorded: "), "{page}");
    assert_eq!(
        log_length(&desk.h).await,
        before + 1,
        "still one event on the log"
    );

    // A form with errors, on a phone.
    browser.resize(390, 900).await;
    browser
        .open(&format!("{}/orgs/{ORG}/record/training.held", desk.base))
        .await;
    browser
        .screenshot(&screenshot_path("record-form-phone.png"))
        .await;
    browser.click("form.record button[type=submit]").await;
    let refused = browser.html().await;
    assert!(
        refused.contains(r#"id="f-kind-error">Error: required field is missing"#)
            && refused.contains(r#"id="f-attendees-error">Error: required field is missing"#),
        "every missing field is named: {refused}"
    );
    assert_accessible(&mut browser, "the form with errors").await;
    browser
        .screenshot(&screenshot_path("record-form-errors-phone.png"))
        .await;
    // Letters typed into a number field come back named, not as "missing".
    browser.type_into("#f-kind", "onboarding").await;
    browser.type_into("#f-attendees", "twelve").await;
    browser.click("form.record button[type=submit]").await;
    let refused = browser.html().await;
    let error = (refused.split(r#"id="f-attendees-error">"#).nth(1))
        .and_then(|rest| rest.split("</p>").next())
        .unwrap_or_else(|| panic!("no error for attendees: {refused}"));
    assert!(
        error.contains("twelve") && error.contains("is not a whole number"),
        "{error}"
    );
    assert_eq!(log_length(&desk.h).await, before + 1, "nothing recorded");
    let overflow = browser
        .eval("document.documentElement.scrollWidth <= window.innerWidth")
        .await;
    assert_eq!(overflow, json!(true), "no sideways scrolling at 390 px");
    browser.open(&format!("{}/orgs/{ORG}", desk.base)).await;
    let overflow = browser
        .eval("document.documentElement.scrollWidth <= window.innerWidth")
        .await;
    assert_eq!(overflow, json!(true), "the page with its links fits 390 px");
    browser
        .screenshot(&screenshot_path("org-with-links-phone.png"))
        .await;
    assert_eq!(log_length(&desk.h).await, before + 1);
    desk.stop().await;
}

/// Grants of the signed-in test: a CoE lead who records for contoso, a sponsor who
/// views it.
const GRANTS: &[Grant] = &[
    Grant::user("lead@contoso.com", &["contoso"], "editor"),
    Grant::group("g-contoso-viewers", &["contoso"], "viewer"),
];

#[tokio::test]
async fn a_person_signed_in_through_the_provider_records_from_the_page_as_themselves_and_a_viewer_cannot()
 {
    use crate::browser::{Browser, screenshot_path};
    use crate::common::signin::{CLIENT_ID, CLIENT_SECRET, trust};
    use govtrack_testkit::{TestProvider, TestUser};

    let h = Harness::start().await;
    h.append(&seed()).await;
    let ingest = start_ingest(&h).await;
    let provider = TestProvider::start(CLIENT_ID, CLIENT_SECRET).await;
    let files = tempfile::tempdir().unwrap();
    let mut settings = govtrack_api::Settings::new(h.data.path());
    let base = trust(&mut settings, &provider, GRANTS, files.path());
    assert_eq!(start_recording_api_with(&h, settings).await, base);

    let lead = TestUser::new("lead@contoso.com", "Ada Lovelace");
    provider.sign_in_as(&lead);
    let mut browser = Browser::start(1280, 900).await;
    browser.open(&format!("{base}/orgs/{ORG}")).await;
    let page = browser.html().await;
    assert!(
        page.contains("Signed in as <strong>Ada Lovelace</strong>"),
        "{page}"
    );
    browser
        .click(r#"article[data-capability="community"] a.act[href*="training.held"]"#)
        .await;
    let form = browser.html().await;
    assert!(
        form.contains("Signed in as <strong>Ada Lovelace</strong>"),
        "{form}"
    );
    assert_accessible(&mut browser, "the signed-in form").await;
    let before = log_length(&h).await;
    browser.type_into("#f-attendees", "18").await;
    browser.click("form.record button[type=submit]").await;
    let page = browser.html().await;
    assert!(page.contains("Community is now 400"), "{page}");
    assert!(page.contains("recorded by lead@contoso.com"), "{page}");
    browser
        .screenshot(&screenshot_path("recorded-signed-in.png"))
        .await;
    assert_eq!(log_length(&h).await, before + 1);

    browser.back().await;
    let attendees = browser
        .eval("document.querySelector('#f-attendees').value")
        .await;
    if attendees == json!("") {
        browser.type_into("#f-attendees", "18").await;
    }
    browser.click("form.record button[type=submit]").await;
    assert!(browser.html().await.contains("Already recorded: "));
    assert_eq!(
        log_length(&h).await,
        before + 1,
        "still one event on the log"
    );
    let (_, events) = h
        .get(&format!("/v1/orgs/{ORG}/events?after={before}"))
        .await;
    let recorded_by = &events["events"][0]["recorded_by"];
    assert_eq!(
        recorded_by,
        &json!({"kind": "user", "id": lead.oid, "name": "lead@contoso.com"})
    );

    browser
        .open(&format!("{base}/orgs/{ORG}/record/training.held"))
        .await;
    browser.click("form.record button[type=submit]").await;
    assert!(browser.html().await.contains(r#"id="f-kind-error""#));
    assert_accessible(&mut browser, "the signed-in form with errors").await;

    let sponsor =
        TestUser::new("sponsor@contoso.com", "Grace Hopper").in_groups(&["g-contoso-viewers"]);
    provider.sign_in_as(&sponsor);
    let mut viewer = Browser::start(1280, 900).await;
    viewer.open(&format!("{base}/orgs/{ORG}")).await;
    let page = viewer.html().await;
    assert!(
        page.contains("Signed in as <strong>Grace Hopper</strong>"),
        "{page}"
    );
    assert_eq!(
        record_links(&page),
        Vec::<String>::new(),
        "a viewer sees no link"
    );
    viewer
        .open(&format!("{base}/orgs/{ORG}/record/training.held"))
        .await;
    assert!(
        viewer
            .html()
            .await
            .contains("may not record for organisation")
    );
    assert_eq!(log_length(&h).await, before + 1);
    ingest.cancel();
    h.stop().await;
}
