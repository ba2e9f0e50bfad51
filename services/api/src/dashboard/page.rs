//! `/orgs/{org}`: the sections in the order a sponsor reads them — headline, grid,
//! what needs attention, OKRs, then the detail (next steps, history, timeline).

use maud::{Markup, html};

use super::actions::Actions;
use super::layout::SignedIn;
use super::view::OrgView;
use super::{
    alerts, grid, history_chart, initiatives, layout, next_steps, okrs, sources, summary, timeline,
    words,
};

/// The whole page of one organisation for `who` (when someone is signed in), with the
/// links `actions` allows and, after a record, its `notice`.
pub fn org_page(
    view: &OrgView,
    who: Option<&SignedIn>,
    actions: &Actions,
    notice: Option<Markup>,
) -> Markup {
    let main = html! {
        @if let Some(notice) = notice { (notice) }
        div .title {
            h1 { (view.org) }
            p .muted { (view.model) " · as of " (words::date(view.as_of)) " · " (view.events) " events" }
        }
        @if view.past {
            p .past role="status" {
                "Showing " strong { (words::date(view.as_of)) } ": maturity, its history and the events are as they were that day; "
                "key results count the measurements up to then; what was defined later is hidden; initiative states (blocked, completed) are the latest known. "
                a href={ "/orgs/" (view.org) } { "Back to today" }
            }
        }
        (summary::summary(view))
        (grid::grid(&view.capabilities, view.as_of))
        div .two {
            (initiatives::attention(&view.initiatives, view.as_of, actions))
            (alerts::section(&view.alerts, view.as_of, view.past, actions))
        }
        (sources::section(&view.sources, view.now, view.past, actions))
        (okrs::okrs(&view.objectives, view.as_of, actions))
        (next_steps::next_steps(&view.capabilities, &view.ways, actions))
        (history_chart::history(&view.capabilities, &view.changes, (view.first_event_at, view.as_of)))
        (timeline::timeline(&view.recent, view.events, view.as_of))
    };
    layout::page(&view.org, who, as_of_form(view), main)
}

/// The GET form that re-renders the page for another date.
fn as_of_form(view: &OrgView) -> Markup {
    html! {
        form .asof method="get" action={ "/orgs/" (view.org) } {
            label for="as_of" { "As of" }
            input #as_of type="date" name="as_of" value=(words::iso_day(view.as_of));
            button type="submit" { "Show" }
            @if view.past { a href={ "/orgs/" (view.org) } { "Today" } }
        }
    }
}
