//! The built-in mapping, decided without I/O: a work item, issue or pull request that
//! changed ([`ItemUpdate`], from any sender) and what govtrack knew of it
//! ([`ItemState`]) become one event per initiative it is labelled for.
//!
//! - closing an item (a final state, or closed as completed) when every other item of
//!   the initiative is closed too → `initiative.completed`; otherwise
//!   `initiative.progressed` with "k of n items closed";
//! - a `blocked` tag or label appearing → `initiative.blocked`; disappearing →
//!   `initiative.progressed` ("unblocked");
//! - anything else (opened, edited, commented, reopened) → `initiative.progressed`
//!   naming the item, its title and what changed.

use serde_json::{Value, json};

/// The label or tag prefix that ties an item to an initiative.
pub const LABEL_PREFIX: &str = "govtrack:";

/// One item as a delivery describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemUpdate {
    /// The sender's name, also the default `source` (`github`, `azure-devops`).
    pub sender: &'static str,
    /// The item, as a person reads it: `contoso/coe#12`, `CoE board #42`.
    pub item: String,
    /// Its title.
    pub title: String,
    /// The initiatives it is labelled for (`govtrack:<id>`), as written.
    pub initiatives: Vec<String>,
    /// It is closed (or in a final state) after this change.
    pub closed: bool,
    /// This change closed it as done (not as "not planned").
    pub completes: bool,
    /// It carries a `blocked` label or tag after this change.
    pub blocked: bool,
    /// What changed, in words: `opened`, `commented: …`, `State New → Active`.
    pub change: String,
    /// Orders updates of one item (ADO revision, GitHub `updated_at`): an older one
    /// arriving late does not move the item's state back.
    pub order: String,
    /// When it happened (RFC 3339), if the payload says.
    pub occurred_at: Option<String>,
}

/// What govtrack knew of an item of an initiative before this delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ItemState {
    /// Closed.
    pub closed: bool,
    /// Labelled `blocked`.
    pub blocked: bool,
}

/// How many items of the initiative there are and how many are closed, this
/// delivery's item counted with its new state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Items labelled for the initiative.
    pub items: u64,
    /// Of those, closed.
    pub closed: u64,
}

/// The event type and data for one initiative.
pub fn decide(
    update: &ItemUpdate,
    initiative: &str,
    before: Option<ItemState>,
    tally: Tally,
) -> (&'static str, Value) {
    let before = before.unwrap_or_default();
    let named = format!("{} \"{}\"", update.item, update.title);
    let counted = format!("{} of {} items closed", tally.closed, tally.items);
    if update.closed && !before.closed && update.completes {
        if tally.closed == tally.items {
            let note = format!("{named} closed; all {} items closed", tally.items);
            return (
                "initiative.completed",
                json!({"initiative": initiative, "note": note}),
            );
        }
        let note = format!("{named} closed ({counted})");
        return progressed(initiative, note, &tally);
    }
    if update.blocked && !before.blocked {
        let reason = format!("{named} is labelled blocked");
        return (
            "initiative.blocked",
            json!({"initiative": initiative, "reason": reason}),
        );
    }
    if !update.blocked && before.blocked {
        return progressed(initiative, format!("{named} unblocked ({counted})"), &tally);
    }
    progressed(
        initiative,
        format!("{named}: {} ({counted})", update.change),
        &tally,
    )
}

fn progressed(initiative: &str, note: String, tally: &Tally) -> (&'static str, Value) {
    let mut data = json!({"initiative": initiative, "note": note});
    if let Some(percent) = (tally.closed * 100).checked_div(tally.items) {
        data["percent"] = json!(percent);
    }
    ("initiative.progressed", data)
}

/// The initiatives named by `govtrack:<id>` labels or tags, in order, once each.
pub fn initiatives_of<'a>(labels: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for label in labels {
        let label = label.trim();
        if let Some(id) = label
            .get(..LABEL_PREFIX.len())
            .filter(|p| p.eq_ignore_ascii_case(LABEL_PREFIX))
            .map(|_| label[LABEL_PREFIX.len()..].trim())
            && !found.iter().any(|f| f == id)
        {
            found.push(id.to_owned());
        }
    }
    found
}

/// Whether a label or tag means "blocked".
pub fn is_blocked_label(label: &str) -> bool {
    label.trim().eq_ignore_ascii_case("blocked")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(closed: bool, completes: bool, blocked: bool) -> ItemUpdate {
        ItemUpdate {
            sender: "github",
            item: "contoso/coe#7".into(),
            title: "Set DLP on the default environment".into(),
            initiatives: vec!["dlp-rollout".into()],
            closed,
            completes,
            blocked,
            change: "edited".into(),
            order: "1".into(),
            occurred_at: None,
        }
    }

    #[test]
    fn closing_the_last_open_item_completes_the_initiative() {
        let (t, data) = decide(
            &update(true, true, false),
            "dlp",
            None,
            Tally {
                items: 4,
                closed: 4,
            },
        );
        assert_eq!(t, "initiative.completed");
        assert!(
            data["note"]
                .as_str()
                .unwrap()
                .contains("all 4 items closed")
        );
    }

    #[test]
    fn closing_one_of_several_open_items_is_progress_that_counts() {
        let open = Some(ItemState::default());
        let (t, data) = decide(
            &update(true, true, false),
            "dlp",
            open,
            Tally {
                items: 4,
                closed: 3,
            },
        );
        assert_eq!(t, "initiative.progressed");
        assert!(
            data["note"]
                .as_str()
                .unwrap()
                .contains("3 of 4 items closed"),
            "{data}"
        );
        assert_eq!(data["percent"], 75);
    }

    #[test]
    fn closing_as_not_planned_or_an_already_closed_item_never_completes() {
        let tally = Tally {
            items: 1,
            closed: 1,
        };
        let (t, _) = decide(&update(true, false, false), "dlp", None, tally);
        assert_eq!(t, "initiative.progressed");
        let closed = Some(ItemState {
            closed: true,
            blocked: false,
        });
        let (t, _) = decide(&update(true, true, false), "dlp", closed, tally);
        assert_eq!(
            t, "initiative.progressed",
            "a comment on a closed item is not a second completion"
        );
    }

    #[test]
    fn a_blocked_label_blocks_and_removing_it_is_progress() {
        let tally = Tally {
            items: 2,
            closed: 0,
        };
        let (t, data) = decide(&update(false, false, true), "dlp", None, tally);
        assert_eq!(t, "initiative.blocked");
        assert!(data["reason"].as_str().unwrap().contains("blocked"));
        let blocked = Some(ItemState {
            closed: false,
            blocked: true,
        });
        let (t, data) = decide(&update(false, false, false), "dlp", blocked, tally);
        assert_eq!(t, "initiative.progressed");
        assert!(data["note"].as_str().unwrap().contains("unblocked"));
        let (t, _) = decide(&update(false, false, true), "dlp", blocked, tally);
        assert_eq!(
            t, "initiative.progressed",
            "still blocked is not a new block"
        );
    }

    #[test]
    fn labels_name_initiatives_once_whatever_their_case() {
        let labels = [
            "bug",
            "govtrack:dlp-rollout",
            "GovTrack: dlp-rollout",
            "govtrack:training",
        ];
        assert_eq!(
            initiatives_of(labels.into_iter()),
            vec!["dlp-rollout", "training"]
        );
        assert!(is_blocked_label(" Blocked "));
    }
}
