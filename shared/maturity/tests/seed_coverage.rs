//! Every statement of the seeds is encoded by the 2025 model, or listed here with the
//! reason nothing can observe it: no statement is dropped silently.
//!
//! The phrases are short, exact substrings of the seed texts (the handbook folder beside
//! the clone is not read at test time): seeds/003 (goals and opportunities per level,
//! each level's description and its "Opportunities" items), seeds/004 (the executive
//! sponsorship table) and seeds/002 (the pillars that became capabilities). A model
//! cites one as `seeds/003 level 400: Create an app catalog`, several joined with "; ".

use govtrack_maturity::Model;

/// The statements, one a line: `seed | level or pillar | phrase | why it cannot be
/// observed`; without the last column a requirement of the 2025 model must cite it, and
/// `start` stands for [`START`]. Lines starting with `#` are comments.
const STATEMENTS: &str = "
# seeds/003, level 100: the description is the starting point.
003 | level 100 | pockets of success or experimentation | start
003 | level 100 | without any visibility into organization-wide adoption and use | start
003 | level 100 | There is no overall strategy or governance approach | start
003 | level 100 | apps are largely in the Default environment | start
003 | level 100 | no DLP policies have been put in place | start
003 | level 100 | Apps are mostly used by a single team and supported by the makers | start
003 | level 100 | Apps primarily use Excel and SharePoint as their data sources | start
003 | level 100 | sees the potential of a strategic investment | an attitude: no act to record
003 | level 100 | training events
003 | level 100 | hackathons
003 | level 100 | lunch & learn sessions
003 | level 100 | nurture champions
003 | level 100 | recognize early success
003 | level 100 | Get key sponsors and teams on board
003 | level 100 | roles and responsibilities
# seeds/003, level 200.
003 | level 200 | documented sufficiently such that repeating the same steps may be attempted
003 | level 200 | controls implemented by a central IT team | who puts the controls in place; the controls themselves are governance 200
003 | level 200 | The CoE Starter Kit is deployed to provide tenant-wide visibility
003 | level 200 | identify, if not control, applications that are beginning to become broadly used | what the CoE Starter Kit's inventory (governance 200) shows, no act of its own
003 | level 200 | Environments are used as needed, but in an ad hoc manner | the state to leave behind; the environment strategy of governance 300 ends it
003 | level 200 | believe that the use of the Power Platform is running | a belief: no act to record
003 | level 200 | Gain tenant wide oversight
003 | level 200 | Establish DLP Policies
003 | level 200 | DLP Impact Analysis
003 | level 200 | Welcome email
# seeds/003, level 300.
003 | level 300 | Environment and DLP requests are automated
003 | level 300 | solutions are used to move apps and flows between environments
003 | level 300 | makers are starting to share common components
003 | level 300 | achieving measurable success
003 | level 300 | a defined Power Platform Center of Excellence team
003 | level 300 | may still reflect the organic growth | history: how the organisation got there
003 | level 300 | the Center of Excellence team is working to automate those processes | an intention; the automation itself is automation 300 and 400
003 | level 300 | Develop an environment strategy
003 | level 300 | configure layers of security
003 | level 300 | tiers of application support
003 | level 300 | Share your success stories
003 | level 300 | focus on the business value and impact | what a success story (community 300) is about, not an act of its own
# seeds/003, level 400.
003 | level 400 | standard processes for managing and monitoring Power Platform
003 | level 400 | now largely automated
003 | level 400 | well understood by makers | understanding is not recorded; community 400's training of new makers is how they learn
003 | level 400 | transform the business broadly | an outcome of the whole ladder, no single act
003 | level 400 | used for enterprise-critical apps and integrations
003 | level 400 | established channels for sharing best practices
003 | level 400 | training new makers
003 | level 400 | conducting regular hackathons
003 | level 400 | Standard, branded app templates
003 | level 400 | Business Value assessments are carried out
003 | level 400 | Create an app catalog
003 | level 400 | shared component libraries
003 | level 400 | Automate the communication between CoE, IT and Admins
003 | level 400 | Define key responsibilities for your CoE
# seeds/003, level 500.
003 | level 500 | rapidly transform mission critical capabilities | an outcome of the whole ladder, no single act
003 | level 500 | an established community of experts
003 | level 500 | recognize value quickly | the speed of value is not recorded; value itself is business value 400 and 500
003 | level 500 | integrate more advanced capabilities, such as artificial intelligence
003 | level 500 | Fusion Teams enable legacy capabilities and modern cloud architecture
003 | level 500 | key part of the digital transformation strategy and Enterprise Architecture
003 | level 500 | have exec sponsorship
003 | level 500 | influence best practices in the community
003 | level 500 | submit ideas
003 | level 500 | describe pain points and pick the most valuable ideas for development
003 | level 500 | career development opportunities
003 | level 500 | dashboards emphasizing the impact of the platform
003 | level 500 | Simplify Application Lifecycle Management
003 | level 500 | Make it easier for makers to manage their solutions and deployment
003 | level 500 | Tell your story
003 | level 500 | inspire other leaders to go on the same journey | the effect of a story told outside (community 500), not an act of its own
# seeds/004, the executive sponsorship table.
004 | level 100 | No executive awareness | start
004 | level 200 | Some executive awareness and support through informal channels
004 | level 300 | An executive sponsor is formally identified and expectations for this role are clear
004 | level 400 | An executive sponsor is well established | the formal sponsor of level 300 still active; the review of level 400 shows the rest
004 | level 400 | a healthy relationship exists between the executive sponsor, CEO/CIO, business departments, and IT leadership
004 | level 400 | The teams share an understanding
004 | level 500 | The executive sponsor is highly engaged
004 | level 500 | They take part in ongoing adoption improvements | engagement shows in level 500's two groups and the reviews of 400, no act of its own
004 | level 500 | KPIs (key performance indicators) or OKRs (objectives and key results) are used to track goals
004 | level 500 | They celebrate internal success stories and participate as sponsors in internal events
# seeds/002, the pillars that became capabilities (and the strategy pillar).
002 | pillar Strategy | document the objectives, the measurable key results, and the key initiatives
002 | pillar Plan | Define roles, responsibilities, and delivery models
002 | pillar Availability | Plan for failures
002 | pillar Availability | build a disaster recovery plan
002 | pillar Readiness | Upskill your makers
002 | pillar Readiness | envision high-value use cases
";

/// Why level 100's description is not required: it is where every capability starts.
const START: &str = "describes the starting point, not something to achieve";

/// One statement of [`STATEMENTS`].
struct Statement {
    seed: &'static str,
    at: &'static str,
    phrase: &'static str,
    /// Why nothing can observe it; `None` when it must be cited.
    not_observable: Option<&'static str>,
}

fn statements() -> Vec<Statement> {
    (STATEMENTS.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let cols: Vec<&str> = line.split(" | ").collect();
            assert!((3..=4).contains(&cols.len()), "`{line}`");
            let not_observable = cols.get(3).map(|r| if *r == "start" { START } else { r });
            Statement {
                seed: cols[0],
                at: cols[1],
                phrase: cols[2],
                not_observable,
            }
        })
        .collect()
}

fn models() -> Vec<Model> {
    Model::builtin_ids()
        .map(|id| Model::builtin(id).unwrap())
        .collect()
}

/// The citations of a source: its parts joined with "; ".
fn citations(source: &str) -> Vec<&str> {
    source.split("; ").collect()
}

fn citation(seed: &str, at: &str, phrase: &str) -> String {
    format!("seeds/{seed} {at}: {phrase}").to_lowercase()
}

#[test]
fn every_observable_seed_statement_is_cited_by_the_2025_model() {
    let model = Model::default_model();
    let sources: Vec<String> = (model.requirements().into_iter().map(|(_, r)| r))
        .filter_map(|r| r.source())
        .map(str::to_lowercase)
        .collect();
    let mut uncited = Vec::new();
    for Statement {
        seed,
        at,
        phrase,
        not_observable: why_not,
    } in statements()
    {
        let wanted = citation(seed, at, phrase);
        let cited = sources.iter().any(|s| s.contains(&wanted));
        match why_not {
            None if !cited => uncited.push(wanted),
            Some(reason) => assert!(
                !reason.is_empty() && !cited,
                "{wanted}: listed as not observable but cited"
            ),
            None => {}
        }
    }
    assert!(
        uncited.is_empty(),
        "not cited by the 2025 model: {uncited:#?}"
    );
}

#[test]
fn every_seed_citation_of_both_models_is_a_listed_statement() {
    for model in models() {
        for req in model.requirements().into_iter().map(|(_, r)| r) {
            let source = req.source().unwrap_or_default();
            for part in citations(source) {
                if part.starts_with("govtrack: ") {
                    assert!(part.len() > "govtrack: ".len() + 5, "{part}");
                    continue;
                }
                let part = part.to_lowercase();
                // A citation may quote the start of a listed phrase or a listed phrase
                // and a few words after it; either way it is the seed's own text.
                let listed = statements().iter().any(|s| {
                    let listed = citation(s.seed, s.at, s.phrase);
                    part.starts_with(&listed) || (listed.starts_with(&part) && part.len() > 30)
                });
                assert!(
                    listed,
                    "{}: `{part}` is not a listed seed statement",
                    model.id()
                );
            }
        }
    }
}

#[test]
fn every_source_is_a_seed_citation_or_our_own_reason() {
    for model in models() {
        for req in model.requirements().into_iter().map(|(_, r)| r) {
            let source = req.source().unwrap_or_default();
            for part in citations(source) {
                let form = [
                    "seeds/003 level ",
                    "seeds/004 level ",
                    "seeds/002 pillar ",
                    "govtrack: ",
                ]
                .iter()
                .any(|p| part.starts_with(p));
                assert!(
                    form,
                    "{}: `{}`: source part `{part}`",
                    model.id(),
                    req.words()
                );
                if let Some(rest) = part
                    .strip_prefix("seeds/003 level ")
                    .or(part.strip_prefix("seeds/004 level "))
                {
                    let level = &rest[..rest.find(':').unwrap_or(0)];
                    assert!(
                        ["100", "200", "300", "400", "500"].contains(&level),
                        "`{part}`"
                    );
                }
            }
        }
    }
}

#[test]
fn statements_not_observable_are_at_most_a_third() {
    let all = statements();
    let not = all.iter().filter(|s| s.not_observable.is_some()).count();
    assert!(not * 3 <= all.len(), "{not} of {}", all.len());
    assert_eq!(all.len(), 83, "every statement listed");
}
