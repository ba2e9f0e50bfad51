//! Applying the "Get leadership buy-in" template: 36 valid events with deterministic
//! ids, the blanks kept, and every choice the seed did not make written down.

use chrono::{NaiveDate, TimeZone, Utc};
use govtrack_events::{EventData, EventType, validate};
use govtrack_templates::{Link, Plan, Template, TemplateError, builtin, plan, unlinked};

fn template() -> Template {
    builtin("leadership-buy-in").unwrap()
}

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

/// Every key result linked to the first objective.
fn links(t: &Template) -> Vec<Link> {
    unlinked(t, &[])
        .iter()
        .map(|k| format!("{}=drive-improvement", k.id).parse().unwrap())
        .collect()
}

fn applied(org: &str) -> Plan {
    let t = template();
    plan(&t, org, start(), 12, Some("coe-lead"), &links(&t)).unwrap()
}

fn ids(p: &Plan) -> Vec<String> {
    p.events.iter().map(|e| e.id.clone().unwrap()).collect()
}

#[test]
fn the_plan_has_36_events_that_all_validate() {
    let p = applied("contoso");
    assert_eq!(p.events.len(), 36);
    let now = Utc.with_ymd_and_hms(2026, 1, 2, 0, 0, 0).unwrap();
    let mut counts = [0; 3];
    for envelope in &p.events {
        let event = validate(envelope.clone(), now)
            .unwrap_or_else(|e| panic!("{:?} rejected: {e}", envelope.id));
        match event.event_type() {
            EventType::ObjectiveDefined => counts[0] += 1,
            EventType::KeyResultDefined => counts[1] += 1,
            EventType::InitiativeStarted => counts[2] += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(counts, [7, 5, 24]);
}

#[test]
fn ids_are_deterministic_and_differ_per_org() {
    let a = applied("contoso");
    assert_eq!(ids(&a), ids(&applied("contoso")));
    assert_eq!(a, applied("contoso"));
    assert_eq!(
        ids(&a)[0],
        "tpl:leadership-buy-in:contoso:obj:drive-improvement"
    );
    let other = ids(&applied("fabrikam"));
    assert!(ids(&a).iter().all(|id| !other.contains(id)));
    let mut unique = ids(&a);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 36);
}

#[test]
fn the_period_runs_months_from_start_and_key_results_fall_due_at_its_end() {
    let p = applied("contoso");
    let end = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    assert_eq!((p.period_start, p.period_end), (start(), end));
    let now = Utc.with_ymd_and_hms(2026, 1, 2, 0, 0, 0).unwrap();
    for envelope in &p.events {
        match validate(envelope.clone(), now).unwrap().data {
            EventData::ObjectiveDefined(d) => {
                assert_eq!((d.period_start, d.period_end), (start(), end));
                assert_eq!(d.goal, Some(govtrack_events::Goal::GetLeadershipBuyIn));
                assert!(d.description.is_some());
            }
            EventData::KeyResultDefined(d) => {
                assert_eq!(d.due, end);
                assert_eq!(d.target, None, "the seed's blank stays blank");
                assert!(d.title.contains("___"));
            }
            EventData::InitiativeStarted(d) => {
                assert_eq!(d.horizon, govtrack_events::data::Horizon::Now);
                assert_eq!(d.owner, "coe-lead");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[test]
fn the_plan_says_what_it_defaulted() {
    let p = applied("contoso");
    assert!(
        p.notes
            .contains(&"horizon not given by the seed: set to now for 24 initiatives".to_owned())
    );
    assert!(
        p.notes
            .iter()
            .any(|n| n.starts_with("baseline not given by the seed: set to 0 for 3 key results"))
    );
    assert!(p.notes.iter().any(|n| n.contains("target not set")));
    let t = template();
    let unowned = plan(&t, "contoso", start(), 12, None, &links(&t)).unwrap();
    assert!(
        unowned
            .notes
            .iter()
            .any(|n| n.starts_with("owner not given"))
    );
}

#[test]
fn key_results_without_an_objective_are_named_until_linked() {
    let t = template();
    assert_eq!(unlinked(&t, &[]).len(), 5);
    let one: Link = "it-staff-trained=leadership-upskilling".parse().unwrap();
    let err = plan(&t, "contoso", start(), 12, None, std::slice::from_ref(&one)).unwrap_err();
    let TemplateError::Unlinked {
        key_results,
        objectives,
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(key_results.len(), 4);
    assert!(!key_results.contains(&"it-staff-trained".to_owned()));
    assert_eq!(objectives.len(), 7);
    assert!(
        err.to_string().contains("--link KEY_RESULT=OBJECTIVE"),
        "{err}"
    );
}

#[test]
fn a_link_decides_the_objective_of_its_key_result() {
    let t = template();
    let mut l = links(&t);
    l.push("it-staff-trained=leadership-upskilling".parse().unwrap());
    let p = plan(&t, "contoso", start(), 12, None, &l).unwrap();
    let kr = p
        .events
        .iter()
        .find(|e| e.data["key_result"] == "it-staff-trained")
        .unwrap();
    assert_eq!(kr.data["objective"], "leadership-upskilling");
}

#[test]
fn bad_links_and_arguments_are_named() {
    let t = template();
    assert!(matches!(
        "no-equals".parse::<Link>(),
        Err(TemplateError::BadLink { .. })
    ));
    for link in ["ghost=drive-improvement", "it-staff-trained=ghost"] {
        let err = plan(&t, "contoso", start(), 12, None, &[link.parse().unwrap()]).unwrap_err();
        assert!(matches!(err, TemplateError::BadLink { .. }), "{err}");
        assert!(err.to_string().contains("ghost"), "{err}");
    }
    let l = links(&t);
    let err = plan(&t, "Contoso Ltd", start(), 12, None, &l).unwrap_err();
    assert!(err.to_string().starts_with("org: "), "{err}");
    let err = plan(&t, "contoso", start(), 0, None, &l).unwrap_err();
    assert!(err.to_string().starts_with("months: "), "{err}");
    let err = plan(&t, "contoso", start(), 12, Some(" "), &l).unwrap_err();
    assert!(err.to_string().starts_with("owner: "), "{err}");
}
