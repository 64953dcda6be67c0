//! `jamsesh serve`: the JSON API behind the `<jam-widget>` element, the widget's assets and a
//! demo page, over HTTP with axum. Every request body is untrusted: sizes are capped, each
//! client is rate-limited, and every failure is a JSON `{"error": {"code", "message"}}` with a
//! fitting status code.

#![forbid(unsafe_code)]
// No function over 100 lines (`clippy.toml` sets the threshold).
#![warn(clippy::too_many_lines)]
#![warn(missing_docs)]

pub mod ratelimit;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, Path, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use jamsesh_ops::backing::{self, BackingOptions};
use jamsesh_ops::llm::Llm;
use jamsesh_ops::Jam;
use jamsesh_ops::{self as ops, Backend, GenerateOptions, Model, OpError, RenderOptions};
use ratelimit::{RateConfig, RateLimiter};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

/// The demo page served at `/`.
const INDEX_HTML: &str = include_str!("../../../web/index.html");

/// How the server runs; built once from flags.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Origins allowed to call the API from other sites (`*` for any); none by default.
    pub cors_origins: Vec<String>,
    /// Directory served at `/assets/` (the widget, built by `scripts/build-widget`).
    pub assets: Option<PathBuf>,
    /// Largest request body in bytes.
    pub body_limit: usize,
    /// Requests per client address.
    pub rate: RateConfig,
    /// Compositions and renderings running at once; more wait their turn.
    pub max_work: usize,
    /// The LLM backend for requests that ask for `llm` or `hybrid`; `None` answers those with 503.
    pub llm: Option<jamsesh_ops::llm::Config>,
    /// Connections open at once; more are answered 503 and closed, so idle or slow clients
    /// cannot use up the process's file descriptors.
    pub max_connections: usize,
    /// Longest wait for a request's head (its request line and headers), which is also how
    /// long an idle keep-alive connection stays open, and for its body.
    pub read_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            cors_origins: Vec::new(),
            assets: None,
            body_limit: 256 * 1024,
            rate: RateConfig::default(),
            max_work: std::thread::available_parallelism().map_or(2, |n| n.get() * 2),
            llm: None,
            max_connections: 512,
            read_timeout: Duration::from_secs(10),
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A `--cors-origin` that is not a valid header value.
    #[error("`{0}` is not a valid CORS origin")]
    CorsOrigin(String),
    /// The LLM backend could not be set up.
    #[error("the LLM backend: {0}")]
    Llm(#[from] jamsesh_ops::llm::LlmError),
    /// Binding or serving failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// An API error: status, a stable code and a message for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code, e.g. `bad_json`.
    pub code: &'static str,
    /// What went wrong and how to fix it.
    pub message: String,
}

impl ApiError {
    /// An error whose message is made short (quotes of the input cut to an excerpt), whatever
    /// library wrote it.
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: ops::short_message(&message.into()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"code": self.code, "message": self.message}});
        (self.status, Json(body)).into_response()
    }
}

impl From<OpError> for ApiError {
    fn from(e: OpError) -> ApiError {
        let status = match e {
            // Work over a budget is too large a request, as a body over the limit is.
            OpError::Budget(_) | OpError::ImageTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            OpError::UnknownBackend(_) => StatusCode::BAD_REQUEST,
            OpError::NoLlm => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        ApiError::new(status, e.code(), e.to_string())
    }
}

/// A JSON request body whose every failure (not sent as JSON, too large, too slow, not JSON,
/// wrong fields) is an [`ApiError`].
struct ApiJson<T>(T);

/// True when a request says its body is JSON (`application/json`, any parameters).
fn is_json(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

impl<T: DeserializeOwned> FromRequest<Arc<AppState>> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &Arc<AppState>) -> Result<Self, ApiError> {
        // A page on another site can make a browser send `text/plain` or form bodies without
        // asking first (no CORS preflight); JSON it cannot. So the API reads JSON only.
        if !is_json(&req) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON, with the header `Content-Type: application/json`",
            ));
        }
        let timeout = state.read_timeout;
        let body = tokio::time::timeout(timeout, Bytes::from_request(req, state));
        let bytes = body
            .await
            .map_err(|_| {
                ApiError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    "request_timeout",
                    format!(
                        "the request body did not arrive within {} s",
                        timeout.as_secs_f32()
                    ),
                )
            })?
            .map_err(|r| {
                if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "payload_too_large",
                        "the request body is larger than this server accepts (see `--body-limit`)",
                    )
                } else {
                    ApiError::new(r.status(), "bad_body", r.body_text())
                }
            })?;
        serde_json::from_slice(&bytes).map(ApiJson).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_json",
                format!("the request body is not the expected JSON: {e}"),
            )
        })
    }
}

/// Sets a flag when dropped: the request's future holds it, so the flag says "nobody waits
/// for this work any more" once the client has gone and hyper dropped the request.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Counts work running now, and work stopped because its client went away.
#[derive(Default)]
struct WorkCounts {
    running: AtomicUsize,
    stopped: AtomicUsize,
}

impl AppState {
    /// Runs CPU-bound work off the async threads, at most `max_work` at once; the rest wait
    /// their turn, so a burst of PNG renders cannot pile up threads and memory.
    ///
    /// The permit is held by the work itself, not by the request: when a client goes away
    /// mid-render its slot is free only once the work has ended, so `max_work` counts work,
    /// not connections. The work is told to stop (`stop()` turns true) when the request is
    /// dropped, and the long loops (the synth's notes, the engraver's systems) ask it.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&dyn Fn() -> bool) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let internal = |e: String| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                format!("the work failed: {e}"),
            )
        };
        let stop = Arc::new(AtomicBool::new(false));
        let _stop_on_drop = StopOnDrop(stop.clone());
        let permit = self
            .work
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| internal(e.to_string()))?;
        let counts = self.counts.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            counts.running.fetch_add(1, Ordering::SeqCst);
            let result = work(&|| stop.load(Ordering::Relaxed));
            if matches!(&result, Err(e) if e.code == "cancelled") {
                counts.stopped.fetch_add(1, Ordering::SeqCst);
            }
            counts.running.fetch_sub(1, Ordering::SeqCst);
            result
        })
        .await
        .map_err(|e| internal(e.to_string()))?
    }
}

/// A random seed a JavaScript number holds exactly.
fn random_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.finish() & ((1 << 53) - 1)
}

/// What the handlers share.
struct AppState {
    /// The LLM backend, when one is configured.
    llm: Option<Llm>,
    /// Permits for CPU-bound work running at once.
    work: Arc<tokio::sync::Semaphore>,
    /// Work running and stopped, for `/healthz`.
    counts: Arc<WorkCounts>,
    /// `max_work`.
    max_work: usize,
    /// How long a request body may take to arrive.
    read_timeout: Duration,
}

/// The `backend` field of a request: engine (the default), llm, hybrid or intent.
fn backend_from(field: Option<&str>) -> Result<Backend, OpError> {
    field.unwrap_or_default().parse()
}

/// A jam given inside a request, as JSON, within the sizes of [`ops::cost::check_jam`].
fn jam_from(value: serde_json::Value) -> Result<Jam, ApiError> {
    let jam = serde_json::from_value(value).map_err(|e| OpError::Jam(e.to_string()))?;
    ops::cost::check_jam(&jam)?;
    Ok(jam)
}

fn jam_response(jam: Jam) -> Response {
    Json(jam).into_response()
}

/// `POST /api/jam`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JamRequest {
    prompt: String,
    seed: Option<u64>,
    key: Option<String>,
    tempo: Option<u32>,
    bars: Option<u32>,
    meter: Option<String>,
    style: Option<String>,
    backend: Option<String>,
}

async fn api_jam(
    State(state): State<Arc<AppState>>,
    ApiJson(req): ApiJson<JamRequest>,
) -> Result<Response, ApiError> {
    let backend = backend_from(req.backend.as_deref())?;
    let options = GenerateOptions {
        seed: Some(req.seed.unwrap_or_else(random_seed)),
        key: req.key,
        tempo: req.tempo,
        bars: req.bars,
        meter: req.meter,
        style: req.style,
    };
    let intent = ops::intent(&req.prompt, &options)?;
    let seed = ops::seed(&options);
    let jam = match Model::for_prompt(backend, state.llm.as_ref())? {
        None => {
            state
                .blocking(move |_| Ok(ops::compose(&intent, seed)))
                .await?
        }
        Some(model) => model.jam(&intent, seed).await.jam,
    };
    Ok(jam_response(jam))
}

/// `POST /api/jam/melody`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MelodyRequest {
    jam: serde_json::Value,
    seed: Option<u64>,
    #[serde(default)]
    steer: String,
    backend: Option<String>,
}

async fn api_melody(
    State(state): State<Arc<AppState>>,
    ApiJson(req): ApiJson<MelodyRequest>,
) -> Result<Response, ApiError> {
    let backend = backend_from(req.backend.as_deref())?;
    ops::steering(&req.steer)?;
    let jam = jam_from(req.jam)?;
    let seed = req.seed.unwrap_or_else(random_seed);
    let out = match Model::for_a_jam(backend, state.llm.as_ref())? {
        None => {
            state
                .blocking(move |_| Ok(ops::new_melody(&jam, seed, &req.steer)?))
                .await?
        }
        Some(model) => model.new_melody(&jam, seed, &req.steer).await?.jam,
    };
    Ok(jam_response(out))
}

/// `POST /api/jam/progression`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgressionRequest {
    jam: serde_json::Value,
    seed: Option<u64>,
}

async fn api_progression(
    State(state): State<Arc<AppState>>,
    ApiJson(req): ApiJson<ProgressionRequest>,
) -> Result<Response, ApiError> {
    let jam = jam_from(req.jam)?;
    let seed = req.seed.unwrap_or_else(random_seed);
    let out = state
        .blocking(move |_| Ok(ops::new_progression(&jam, seed)?))
        .await?;
    Ok(jam_response(out))
}

/// `POST /api/jam/harmony`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HarmonyRequest {
    jam: serde_json::Value,
    kind: String,
    backend: Option<String>,
}

async fn api_harmony(
    State(state): State<Arc<AppState>>,
    ApiJson(req): ApiJson<HarmonyRequest>,
) -> Result<Response, ApiError> {
    let backend = backend_from(req.backend.as_deref())?;
    let jam = jam_from(req.jam)?;
    let out = match Model::for_a_jam(backend, state.llm.as_ref())? {
        None => {
            state
                .blocking(move |_| Ok(ops::harmony(&jam, &req.kind)?))
                .await?
        }
        Some(model) => {
            let kind = ops::harmony_kind(&req.kind)?;
            model.harmony(&jam, kind).await?.jam
        }
    };
    Ok(jam_response(out))
}

/// `POST /api/jam/transpose`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransposeRequest {
    jam: serde_json::Value,
    semitones: i32,
}

async fn api_transpose(
    State(state): State<Arc<AppState>>,
    ApiJson(req): ApiJson<TransposeRequest>,
) -> Result<Response, ApiError> {
    let jam = jam_from(req.jam)?;
    let out = state
        .blocking(move |_| Ok(ops::transpose(&jam, req.semitones)?))
        .await?;
    Ok(jam_response(out))
}

/// `POST /api/critic`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CriticRequest {
    jam: serde_json::Value,
}

async fn api_critic(
    State(state): State<Arc<AppState>>,
    ApiJson(req): ApiJson<CriticRequest>,
) -> Result<Response, ApiError> {
    let jam = jam_from(req.jam)?;
    let report = state.blocking(move |_| Ok(ops::critic(&jam)?)).await?;
    Ok(Json(report).into_response())
}

/// `POST /api/chord`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChordRequest {
    symbol: String,
    width: Option<f32>,
    theme: Option<String>,
}

async fn api_chord(
    State(state): State<Arc<AppState>>,
    ApiJson(req): ApiJson<ChordRequest>,
) -> Result<Response, ApiError> {
    let options = RenderOptions {
        width: Some(req.width.unwrap_or(300.0)),
        theme: req.theme,
    };
    let view = state
        .blocking(move |_| Ok(ops::chord(&req.symbol, &options)?))
        .await?;
    Ok(Json(view).into_response())
}

/// `POST /api/render/backing`: the play-along band for a jam.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BackingRequest {
    jam: serde_json::Value,
    /// `ogg` (the default), `midi` or `wav`.
    format: Option<String>,
    choruses: Option<u32>,
    count_in: Option<u32>,
    #[serde(default)]
    with_melody: bool,
    tempo: Option<u32>,
    swing: Option<u32>,
}

async fn api_backing(
    State(state): State<Arc<AppState>>,
    ApiJson(req): ApiJson<BackingRequest>,
) -> Result<Response, ApiError> {
    let jam = jam_from(req.jam)?;
    let format = req.format.as_deref().unwrap_or("ogg").to_ascii_lowercase();
    if !matches!(format.as_str(), "ogg" | "midi" | "wav") {
        return Err(OpError::Options(format!(
            "format {} is not one of ogg, midi, wav",
            ops::excerpt(&format)
        ))
        .into());
    }
    let options = BackingOptions {
        choruses: req.choruses,
        count_in: req.count_in,
        with_melody: req.with_melody,
        tempo: req.tempo,
        swing: req.swing,
    };
    state
        .blocking(move |stop| {
            let (mime, bytes) = match format.as_str() {
                "midi" => ("audio/midi", backing::midi(&jam, &options)?),
                "wav" => ("audio/wav", backing::wav(&jam, &options, stop)?),
                _ => ("audio/ogg", backing::ogg(&jam, &options, stop)?),
            };
            Ok(([(header::CONTENT_TYPE, mime)], bytes).into_response())
        })
        .await
}

/// `POST /api/render/{svg|png|midi|wav}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RenderRequest {
    abc: String,
    width: Option<f32>,
    theme: Option<String>,
    /// PNG scale (0.25–4).
    scale: Option<f32>,
    /// A jam whose instrument and feel MIDI and WAV use.
    jam: Option<serde_json::Value>,
}

async fn api_render(
    State(state): State<Arc<AppState>>,
    Path(format): Path<String>,
    ApiJson(req): ApiJson<RenderRequest>,
) -> Result<Response, ApiError> {
    let format = format.to_ascii_lowercase();
    if !matches!(format.as_str(), "svg" | "png" | "midi" | "wav") {
        return Err(unknown_operation(&format!("/api/render/{format}")));
    }
    let jam = req.jam.map(jam_from).transpose()?;
    let options = RenderOptions {
        width: req.width,
        theme: req.theme,
    };
    let scale = req.scale.unwrap_or(1.0);
    if !(0.25..=4.0).contains(&scale) {
        return Err(OpError::Options(format!("scale {scale} is outside 0.25–4")).into());
    }
    state
        .blocking(move |stop| {
            let (mime, bytes): (&str, Vec<u8>) = match format.as_str() {
                "svg" => (
                    "image/svg+xml",
                    ops::engrave(&ops::first_tune(&req.abc)?, &options.svg_options()?, stop)?
                        .svg
                        .into_bytes(),
                ),
                "png" => (
                    "image/png",
                    ops::render_png(&req.abc, &options, scale, stop)?,
                ),
                "midi" => (
                    "audio/midi",
                    ops::midi(&req.abc, &ops::playback_options(jam.as_ref()))?,
                ),
                _ => (
                    "audio/wav",
                    ops::tune_wav(
                        &ops::first_tune(&req.abc)?,
                        &ops::playback_options(jam.as_ref()),
                        stop,
                    )?,
                ),
            };
            Ok(([(header::CONTENT_TYPE, mime)], bytes).into_response())
        })
        .await
}

fn unknown_operation(path: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "unknown_operation",
        format!("`{path}` is not an API operation; see the README's API table"),
    )
}

async fn api_fallback(uri: axum::extract::OriginalUri) -> ApiError {
    unknown_operation(uri.path())
}

async fn not_found(req: Request) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("nothing at `{}`", req.uri().path()),
    )
}

async fn method_not_allowed(uri: axum::extract::OriginalUri, method: Method) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("`{}` does not take {method}", uri.path()),
    )
}

/// `GET /healthz`: up, its version, and the work running (at most `limit`) and stopped early
/// because its client went away.
async fn healthz(State(state): State<Arc<AppState>>) -> Json<serde_json::Value> {
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "work": {
            "running": state.counts.running.load(Ordering::SeqCst),
            "limit": state.max_work,
            "stopped": state.counts.stopped.load(Ordering::SeqCst),
        },
    }))
}

/// The demo page: its widget asks this server's LLM backend when there is one, and composes
/// in the browser otherwise.
fn demo_page(has_llm: bool) -> String {
    let widget = if has_llm {
        "<jam-widget api=\"\" "
    } else {
        "<jam-widget "
    };
    INDEX_HTML.replacen("<jam-widget ", widget, 1)
}

async fn rate_limit(State(limiter): State<Arc<RateLimiter>>, req: Request, next: Next) -> Response {
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]));
    // Preflight requests do no work and must not use up a client's budget.
    if req.method() == Method::OPTIONS {
        return next.run(req).await;
    }
    match limiter.check(ip, Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
            let mut response = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("too many requests from {ip}; try again in {secs} s"),
            )
            .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            response
        }
    }
}

/// The whole application: API, demo page, assets.
pub fn router(config: &Config) -> Result<Router, ServeError> {
    let limiter = Arc::new(RateLimiter::new(config.rate));
    let llm = config.llm.clone().map(Llm::new).transpose()?;
    let has_llm = llm.is_some();
    let state = Arc::new(AppState {
        llm,
        work: Arc::new(tokio::sync::Semaphore::new(config.max_work.max(1))),
        counts: Arc::default(),
        max_work: config.max_work.max(1),
        read_timeout: config.read_timeout,
    });
    let api = Router::new()
        .route("/jam", post(api_jam))
        .route("/jam/melody", post(api_melody))
        .route("/jam/progression", post(api_progression))
        .route("/jam/harmony", post(api_harmony))
        .route("/jam/transpose", post(api_transpose))
        .route("/chord", post(api_chord))
        .route("/critic", post(api_critic))
        .route("/render/backing", post(api_backing))
        .route("/render/{format}", post(api_render))
        .fallback(api_fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(config.body_limit))
        .layer(middleware::from_fn_with_state(limiter, rate_limit))
        .with_state(state.clone());
    let page = demo_page(has_llm);
    let mut app = Router::new()
        .route("/", get(move || std::future::ready(Html(page.clone()))))
        .route("/healthz", get(healthz).with_state(state))
        .nest("/api", api)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed);
    if let Some(dir) = &config.assets {
        app = app.nest_service(
            "/assets",
            ServeDir::new(dir).fallback(axum::routing::any(not_found)),
        );
    }
    // The widget's WebAssembly shrinks to under half over the wire (SVG and JSON too).
    app = app.layer(CompressionLayer::new());
    if !config.cors_origins.is_empty() {
        let origins = if config.cors_origins.iter().any(|o| o == "*") {
            AllowOrigin::any()
        } else {
            let list = config
                .cors_origins
                .iter()
                .map(|o| HeaderValue::from_str(o).map_err(|_| ServeError::CorsOrigin(o.clone())))
                .collect::<Result<Vec<_>, _>>()?;
            AllowOrigin::list(list)
        };
        app = app.layer(
            CorsLayer::new()
                .allow_origin(origins)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE]),
        );
    }
    Ok(app)
}

/// How long a connection with no request being answered is kept after shutdown begins, for
/// a response that is still being written to go out.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

/// Serves on an already bound listener until `shutdown` resolves, then finishes the requests
/// being answered and closes every other connection (idle ones, and ones whose request has not
/// fully arrived), so a half-sent request cannot hold the shutdown.
///
/// Each connection is HTTP/1.1 with keep-alive; its request head must arrive within
/// `config.read_timeout` (the same bound closes idle keep-alive connections), and at most
/// `config.max_connections` are open at once.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    config: &Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let app = router(config)?;
    let slots = Arc::new(tokio::sync::Semaphore::new(config.max_connections.max(1)));
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    // Out of file descriptors or a connection reset before it was accepted:
                    // wait a moment rather than spin.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                match slots.clone().try_acquire_owned() {
                    Ok(slot) => {
                        let connection = Connection {
                            app: app.clone(),
                            peer,
                            read_timeout: config.read_timeout,
                            stopping: stopping.clone(),
                            _slot: slot,
                        };
                        connections.spawn(connection.serve(stream));
                    }
                    Err(_) => {
                        connections.spawn(refuse(stream));
                    }
                }
            }
        }
    }
    drop(listener);
    let _ = stop.send(true);
    while connections.join_next().await.is_some() {}
    Ok(())
}

/// Answers a connection over the cap with a 503 and closes it.
async fn refuse(mut stream: tokio::net::TcpStream) {
    use tokio::io::AsyncWriteExt;
    let body = json!({"error": {"code": "too_many_connections",
        "message": "the server has as many connections open as it takes; try again shortly"}})
    .to_string();
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: {}\r\nretry-after: 1\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), stream.write_all(answer.as_bytes())).await;
}

/// One accepted connection and what serving it needs.
struct Connection {
    app: Router,
    peer: SocketAddr,
    read_timeout: Duration,
    stopping: tokio::sync::watch::Receiver<bool>,
    /// Held while the connection is open: one of `max_connections`.
    _slot: tokio::sync::OwnedSemaphorePermit,
}

/// Counts the requests of a connection whose answer is being made, while alive.
struct Answering(Arc<std::sync::atomic::AtomicUsize>);

impl Answering {
    fn start(count: &Arc<std::sync::atomic::AtomicUsize>) -> Answering {
        count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Answering(count.clone())
    }
}

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Connection {
    /// Serves requests on the connection until the client closes it, a read times out, or
    /// shutdown finds it with nothing left to answer.
    async fn serve(mut self, stream: tokio::net::TcpStream) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let _ = stream.set_nodelay(true);
        let answering = Arc::new(AtomicUsize::new(0));
        let (app, peer) = (self.app.clone(), self.peer);
        let count = answering.clone();
        let service = hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
            let mut app = app.clone();
            let answering = Answering::start(&count);
            async move {
                let _answering = answering;
                let mut req = req.map(axum::body::Body::new);
                req.extensions_mut().insert(ConnectInfo(peer));
                tower_service::Service::call(&mut app, req).await
            }
        });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(self.read_timeout)
            .keep_alive(true);
        let conn = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
        let mut conn = std::pin::pin!(conn);
        tokio::select! {
            _ = conn.as_mut() => return,
            _ = self.stopping.wait_for(|stop| *stop) => {}
        }
        // Finish the request being answered (keep-alive off), but do not wait for a request
        // that has not arrived: once nothing has been answered for a moment, close.
        conn.as_mut().graceful_shutdown();
        let mut quiet = Duration::ZERO;
        let tick = Duration::from_millis(50);
        while quiet < SHUTDOWN_GRACE {
            tokio::select! {
                _ = conn.as_mut() => return,
                () = tokio::time::sleep(tick) => {
                    quiet = if answering.load(Ordering::SeqCst) == 0 { quiet + tick } else { Duration::ZERO };
                }
            }
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        // If the handler cannot be installed, wait on SIGTERM alone.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Binds `config.addr` and serves until Ctrl-C or SIGTERM (blocking; builds its own runtime).
pub fn run(config: Config) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let served: Result<(), ServeError> = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        let local = listener.local_addr()?;
        eprintln!("jamsesh: serving on http://{local}/ (Ctrl-C to stop)");
        match &config.assets {
            Some(dir) if dir.join("jam-widget.js").is_file() => {
                eprintln!("jamsesh: widget assets from {}", dir.display())
            }
            Some(dir) => eprintln!(
                "jamsesh: warning: {} holds no jam-widget.js; run scripts/build-widget",
                dir.display()
            ),
            None => eprintln!(
                "jamsesh: warning: no --assets directory; the demo page will have no widget"
            ),
        }
        serve_on(listener, &config, shutdown_signal()).await?;
        eprintln!("jamsesh: stopped");
        Ok(())
    });
    // Work whose client went away has been told to stop; do not wait long for the rest.
    runtime.shutdown_timeout(Duration::from_secs(2));
    served
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_seeds_fit_javascript_numbers() {
        assert!((0..100).all(|_| random_seed() < (1 << 53)));
    }
}
