//! `govtrack up`: every service in one process, sharing one NATS connection and one
//! shutdown, with a private nats-server child unless GOVTRACK_NATS_URL is set.
//!
//! Each service keeps its own metrics registry (ingest and the read API serve theirs on
//! their own addresses); there is no shared `/metrics`, so the projector's and the
//! scheduler's are served only with `--projector-http-addr` / `--scheduler-http-addr`.
//! Every flag is its service's own (`*Flags`) or a shared group's, taken once.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use govtrack_bus::{Bus, NatsArgs, NatsServerProcess};
use govtrack_runtime::CancellationToken;
use tokio::task::JoinSet;

use crate::cli::UpArgs;
use crate::client::Sender;
use crate::demo::DEMO_ORG;

/// How long services get to finish after ctrl-c.
const STOP_GRACE: Duration = Duration::from_secs(15);

pub async fn run(args: UpArgs) -> anyhow::Result<ExitCode> {
    let data_dir = args.data.create()?.to_owned();
    let shutdown = govtrack_runtime::shutdown_on_signals();
    let mut nats_child = match &args.nats.url {
        Some(_) => None,
        None => Some(start_nats(&data_dir)?),
    };
    let mut nats = args.nats.clone();
    if let Some(child) = &nats_child {
        nats.url = Some(child.url());
    }
    let outcome = run_services(&args, nats, shutdown.clone()).await;
    shutdown.cancel();
    if let Some(child) = nats_child.as_mut() {
        child.stop();
        println!("nats-server stopped");
    }
    outcome.map(|()| ExitCode::SUCCESS)
}

fn start_nats(data_dir: &Path) -> anyhow::Result<NatsServerProcess> {
    let store = data_dir.join("nats");
    NatsServerProcess::start(&store, None, &[]).map_err(|e| anyhow::anyhow!("{e}"))
}

async fn run_services(
    args: &UpArgs,
    nats: NatsArgs,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let client = govtrack_bus::connect(&nats.settings("govtrack-up")?).await?;
    let stream = args.stream.settings();
    let bus = Bus::new(client.clone(), &stream).await?;

    let models = args.models.models()?;
    let oidc = args.oidc.settings()?;

    let ingest_settings = govtrack_ingest::Settings {
        http_addr: args.ingest.http_addr,
        nats: nats.settings("govtrack-ingest")?,
        stream,
        tokens_file: args.tokens.tokens_file.clone(),
        oidc: oidc.clone(),
        body_limit: govtrack_ingest::BODY_LIMIT_BYTES,
        nats_requests: true,
        data_dir: args.data.data_dir.clone(),
        models: models.clone(),
        max_appends_in_flight: args.ingest.max_appends_in_flight,
        hooks: args.ingest.hooks()?,
    };
    let ingest = govtrack_ingest::build_with_bus(ingest_settings, bus.clone()).await?;
    let ingest_addr = ingest.local_addr();
    let projector =
        govtrack_projector::Projector::build(args.projector.settings(&args.data, models.clone()))?;
    let api_settings = govtrack_api::Settings {
        data_dir: args.data.data_dir.clone(),
        http_addr: args.api.api_addr,
        models: models.clone(),
        tokens_file: args.tokens.tokens_file.clone(),
        cache_bytes: args.api.cache_bytes(),
        nats: nats.settings("govtrack-api")?,
        oidc,
        public_url: args.api.public_url.clone(),
        session_key_file: args.api.session_key_file(&args.data.data_dir),
        session_hours: args.api.session_hours,
        mcp_writes: args.api.mcp.writes(),
    };
    let scheduler_settings = args.scheduler.settings(&args.data, &args.stream, models)?;
    // The api forwards its writes to ingest over the same connection.
    let api_state = govtrack_api::AppState::new(&api_settings)
        .with_writer(govtrack_api::Writer::over(client.clone()));
    let api = govtrack_api::App::with_state(&api_settings, api_state).await?;
    let api_addr = api.local_addr()?;
    let scheduler = govtrack_scheduler::Scheduler::build(scheduler_settings, bus.clone()).await?;
    let scheduler_addr = scheduler.http_addr();
    let scan_now = scheduler.scan_now_handle();

    let mut tasks = JoinSet::new();
    tasks.spawn(named("ingest", ingest.run(shutdown.child_token())));
    tasks.spawn(named(
        "projector",
        projector.run(bus.clone(), shutdown.child_token()),
    ));
    tasks.spawn(named("api", api.run(shutdown.child_token())));
    tasks.spawn(named("scheduler", scheduler.run(shutdown.child_token())));

    println!("govtrack is up");
    println!("  ingest API   http://{ingest_addr}/v1/events");
    println!("  read API     http://{api_addr}/v1/orgs");
    println!("  dashboard    http://{api_addr}/");
    if let Some(addr) = scheduler_addr {
        println!("  scheduler    http://{addr}/metrics");
    }
    println!("  NATS         {}", nats.url.as_deref().unwrap_or_default());
    println!("  data dir     {}", args.data.data_dir.display());
    println!("Press Ctrl-C to stop.");

    if args.demo {
        // Over NATS request/reply on the services' own connection: the same validation
        // and append as HTTP, and no ingest token needed when a tokens file is set.
        let seeded = seed_demo(Sender::Nats(client.clone())).await?;
        println!(
            "demo org {DEMO_ORG} loaded ({} new events, {} already there): try `govtrack status --org {DEMO_ORG}`",
            seeded.appended, seeded.duplicates
        );
        // Its stalled initiative becomes an alert now, not at the next hourly scan.
        scan_now.request();
    }

    let first = tokio::select! {
        _ = shutdown.cancelled() => None,
        done = tasks.join_next() => done,
    };
    shutdown.cancel();
    let mut failure = first
        .and_then(|r| r.ok())
        .and_then(|(name, r)| r.err().map(|e| e.context(format!("{name} failed"))));
    let stopped = tokio::time::timeout(STOP_GRACE, async {
        while let Some(done) = tasks.join_next().await {
            if let Ok((name, Err(e))) = done {
                failure.get_or_insert(e.context(format!("{name} failed")));
            }
        }
    })
    .await;
    if stopped.is_err() {
        tracing::warn!("services did not stop within {} s", STOP_GRACE.as_secs());
    }
    let _ = client.drain().await;
    println!("govtrack stopped");
    failure.map_or(Ok(()), Err)
}

async fn named(
    name: &'static str,
    task: impl std::future::Future<Output = anyhow::Result<()>>,
) -> (&'static str, anyhow::Result<()>) {
    (name, task.await)
}

/// Whether NATS answered that nobody listens on the subject yet (ingest's responder
/// not subscribed), by the request error's kind anywhere in the chain.
fn no_responders(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<async_nats::RequestError>()
            .is_some_and(|e| e.kind() == async_nats::RequestErrorKind::NoResponders)
    })
}

/// Seeds the demo organisation once ingest's NATS responder (started by its task a
/// moment ago) answers.
async fn seed_demo(sender: Sender) -> anyhow::Result<super::demo::Seeded> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        match super::demo::seed(&sender).await {
            Err(e) if no_responders(&e) && tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            done => return done,
        }
    }
}
