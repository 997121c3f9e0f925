//! One visit in Debian's Chromium over the DevTools protocol
//! (`headless_chrome`): a fresh browser and profile, an init script that
//! reports every `document.cookie` and `setItem` write with its stack, the
//! Network events that carry `Set-Cookie` headers and every request, and the
//! jar, storage keys and IndexedDB names read after each page.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::{mpsc, Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use headless_chrome::browser::tab::RequestPausedDecision;
use headless_chrome::protocol::cdp::types::{Event, Method};
use headless_chrome::protocol::cdp::{Fetch, Network, Page};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde::Serialize;
use url::Url;

use super::evidence::{Area, Choice, Cookie, Database, Host, Page as PageRecord, Script, SetBy, StorageKey, Visit, VisitKind};

/// The name of the binding the init script reports through.
const BINDING: &str = "__consentBannerAudit";

/// At most this many origins are kept per cookie or storage key (a page
/// that writes one cookie 10,000 times needs not 10,000 lines of evidence).
const MAX_ORIGINS: usize = 5;
/// At most this many init-script reports are kept per page.
const MAX_REPORTS: usize = 20_000;

/// Wraps `document.cookie`, `cookieStore.set` and `Storage.prototype.setItem`
/// so that every write is reported with the stack of its caller. Runs in every
/// frame before the page's own scripts; never changes what the write does.
const INIT_SCRIPT: &str = r#"(() => {
  const send = globalThis.__consentBannerAudit;
  if (typeof send !== 'function') return;
  const post = (o) => { try { o.page = String(location.href); o.stack = String(new Error().stack || ''); send(JSON.stringify(o)); } catch (e) {} };
  try {
    const d = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
    if (d && d.set && d.get) {
      Object.defineProperty(Document.prototype, 'cookie', {
        configurable: true, enumerable: d.enumerable,
        get() { return d.get.call(this); },
        set(v) { post({ kind: 'cookie', text: String(v).slice(0, 300) }); return d.set.call(this, v); },
      });
    }
  } catch (e) {}
  try {
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      let area = 'other';
      try { area = this === globalThis.localStorage ? 'local' : this === globalThis.sessionStorage ? 'session' : 'other'; } catch (e) {}
      post({ kind: 'storage', area, text: String(k).slice(0, 300) });
      return set.call(this, k, v);
    };
  } catch (e) {}
  try {
    if (globalThis.CookieStore && CookieStore.prototype.set) {
      const cs = CookieStore.prototype.set;
      CookieStore.prototype.set = function (a, b) {
        post({ kind: 'cookie', text: String(a && typeof a === 'object' ? a.name : a).slice(0, 300) + '=' });
        return cs.apply(this, arguments);
      };
    }
  } catch (e) {}
})();"#;

/// Read after each page: storage keys, IndexedDB names, the links.
const READ_PAGE: &str = r#"(async () => {
  const r = { origin: String(location.origin), local: [], session: [], idb: [], links: [] };
  try { r.local = Object.keys(localStorage); } catch (e) {}
  try { r.session = Object.keys(sessionStorage); } catch (e) {}
  try { if (indexedDB.databases) r.idb = (await indexedDB.databases()).map((d) => String(d.name)); } catch (e) {}
  try { r.links = Array.from(document.links, (a) => String(a.href)).slice(0, 5000); } catch (e) {}
  return JSON.stringify(r);
})()"#;

/// How the browser is run and how long it waits.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The Chromium binary.
    pub chromium: PathBuf,
    /// Longest wait for one page to load.
    pub page_timeout: Duration,
    /// Wait after the load event (and after the choice) for late scripts.
    pub settle: Duration,
    /// What to click to accept, on pages without this module.
    pub accept_selector: Option<String>,
    /// What to click to refuse, on pages without this module.
    pub reject_selector: Option<String>,
}

/// What pages a visit goes over.
pub enum Targets<'a> {
    /// Breadth-first from each start URL, same origin, at most `max` pages per start.
    Crawl { starts: &'a [Url], max: usize },
    /// Exactly these pages (those the crawl found).
    List(&'a [Url]),
}

/// What the crawl left out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Crawl {
    /// Same-origin links found but not visited, over the `--pages` limit.
    pub not_visited: usize,
    /// The first few of them.
    pub examples: Vec<String>,
    /// The total time limit ended the visit early.
    pub time_limit_reached: bool,
}

/// Why a visit could not be made at all (the audit exits with 2).
#[derive(Debug)]
pub struct Fatal(pub String);

/// One report of the init script.
#[derive(Debug, serde::Deserialize)]
struct Report {
    kind: String,
    #[serde(default)]
    area: String,
    text: String,
    page: String,
    stack: String,
}

/// What the event listener records.
#[derive(Default)]
struct Recorder {
    main_frame: String,
    origins: Vec<String>,
    page: String,
    after_choice: bool,
    urls: HashMap<String, String>,
    doc_request: Option<String>,
    doc_status: Option<u16>,
    doc_failed: Option<String>,
    loaded: bool,
    blocked: Option<String>,
    header_cookies: Vec<(String, String)>,
    reports: Vec<Report>,
    hosts: Vec<Host>,
    scripts: Vec<Script>,
}

fn lock(m: &Mutex<Recorder>) -> MutexGuard<'_, Recorder> {
    // A listener that panicked leaves the data as it was: keep using it.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// `scheme://host:port` of a URL.
pub fn origin_of(u: &Url) -> String {
    u.origin().ascii_serialization()
}

fn host_of(u: &Url) -> String {
    match (u.host_str(), u.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => u.as_str().chars().take(60).collect(),
    }
}

/// The first `http(s)://…:line:col` of a stack, past the init script's frames.
pub fn script_of(stack: &str) -> Option<String> {
    stack.lines().skip(1).find_map(|line| {
        let start = line.find("http://").or_else(|| line.find("https://"))?;
        let rest = &line[start..];
        let end = rest.find(|c: char| c == ')' || c.is_whitespace()).unwrap_or(rest.len());
        Some(rest[..end].to_owned())
    })
}

/// The cookie name of a `Set-Cookie` value or a `document.cookie` write.
pub fn cookie_name(text: &str) -> Option<String> {
    let pair = text.split(';').next()?;
    let name = match pair.find('=') {
        Some(i) => &pair[..i],
        None => "",
    };
    let name = name.trim();
    (!name.is_empty()).then(|| name.chars().take(256).collect())
}

impl Recorder {
    fn on_event(&mut self, event: &Event) {
        match event {
            Event::NetworkRequestWillBeSent(e) => {
                let p = &e.params;
                let url = p.request.url.clone();
                self.urls.insert(p.request_id.clone(), url.clone());
                let is_doc = matches!(p.Type, Some(Network::ResourceType::Document));
                if is_doc && p.frame_id.as_deref() == Some(self.main_frame.as_str()) && p.request_id == p.loader_id {
                    self.doc_request = Some(p.request_id.clone());
                }
                let Ok(u) = Url::parse(&url) else { return };
                if matches!(p.Type, Some(Network::ResourceType::Script)) && self.scripts.len() < 10_000 {
                    self.scripts.push(Script { url: url.chars().take(2048).collect(), page: self.page.clone(), after_choice: self.after_choice });
                }
                if !matches!(u.scheme(), "http" | "https" | "ws" | "wss") {
                    return;
                }
                let origin = origin_of(&u).replace("ws://", "http://").replace("wss://", "https://");
                if self.origins.contains(&origin) {
                    return;
                }
                let host = host_of(&u);
                let before = !self.after_choice;
                match self.hosts.iter_mut().find(|h| h.host == host && h.before_choice == before) {
                    Some(h) => h.requests += 1,
                    None => self.hosts.push(Host {
                        host,
                        first_url: url.chars().take(2048).collect(),
                        page: self.page.clone(),
                        before_choice: before,
                        requests: 1,
                    }),
                }
            }
            Event::NetworkResponseReceived(e) => {
                let p = &e.params;
                if Some(&p.request_id) == self.doc_request.as_ref() {
                    self.doc_status = u16::try_from(p.response.status).ok();
                }
            }
            Event::NetworkLoadingFailed(e) => {
                let p = &e.params;
                if Some(&p.request_id) == self.doc_request.as_ref() && self.doc_failed.is_none() {
                    self.doc_failed = Some(p.error_text.clone());
                }
            }
            Event::NetworkResponseReceivedExtraInfo(e) => {
                let p = &e.params;
                let Some(serde_json::Value::Object(headers)) = &p.headers.0 else { return };
                let url = self.urls.get(&p.request_id).cloned().unwrap_or_else(|| "(unknown URL)".to_owned());
                for (k, v) in headers {
                    if !k.eq_ignore_ascii_case("set-cookie") {
                        continue;
                    }
                    let Some(text) = v.as_str() else { continue };
                    for line in text.split('\n').take(10_000) {
                        if let Some(name) = cookie_name(line) {
                            if self.header_cookies.len() < 50_000 {
                                self.header_cookies.push((name, url.clone()));
                            }
                        }
                    }
                }
            }
            Event::PageLoadEventFired(_) => self.loaded = true,
            _ => {}
        }
    }
}

/// `Runtime.evaluate`, the result by value (a string here), promise awaited.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Evaluate<'a> {
    expression: &'a str,
    return_by_value: bool,
    await_promise: bool,
}

impl Method for Evaluate<'_> {
    const NAME: &'static str = "Runtime.evaluate";
    type ReturnObject = serde_json::Value;
}

/// `Network.getAllCookies`, read as plain JSON so that a field the protocol
/// gained or lost in this Chromium does not stop the audit.
#[derive(Debug, Serialize)]
struct GetAllCookies {}

impl Method for GetAllCookies {
    const NAME: &'static str = "Network.getAllCookies";
    type ReturnObject = serde_json::Value;
}

/// Evaluates `expression` in the page; its string value.
fn eval_string(tab: &Tab, expression: &str) -> Result<String, String> {
    let r = tab
        .call_method(Evaluate { expression, return_by_value: true, await_promise: true })
        .map_err(|e| e.to_string())?;
    if let Some(ex) = r.get("exceptionDetails") {
        let text = ex.pointer("/exception/description").and_then(|v| v.as_str()).or_else(|| ex.get("text").and_then(|v| v.as_str()));
        return Err(text.unwrap_or("exception").chars().take(300).collect());
    }
    Ok(r.pointer("/result/value").and_then(|v| v.as_str()).unwrap_or_default().to_owned())
}

/// The Chromium arguments: headless, no sandbox (root in a container), no
/// network of its own, every frame in the page's process (so the page's
/// DevTools session sees frames of other origins too).
fn args() -> Vec<&'static std::ffi::OsStr> {
    [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-sync",
        "--mute-audio",
        "--password-store=basic",
        "--use-mock-keychain",
        "--disable-features=IsolateOrigins,site-per-process,Translate,OptimizationHints,MediaRouter",
    ]
    .into_iter()
    .map(std::ffi::OsStr::new)
    .collect()
}

/// A running browser with one instrumented tab.
struct Session {
    _browser: Browser,
    tab: Arc<Tab>,
    rec: Arc<Mutex<Recorder>>,
}

fn open(settings: &Settings, origins: Vec<String>, total: Duration) -> Result<Session, Fatal> {
    if !settings.chromium.is_file() {
        return Err(Fatal(format!(
            "Chromium not found at {}: install it (Debian: apt-get install chromium) or give its path with --chromium or CHROMIUM",
            settings.chromium.display()
        )));
    }
    let options = LaunchOptions {
        headless: false, // --headless=new is among the arguments
        sandbox: true,   // --no-sandbox is among the arguments
        path: Some(settings.chromium.clone()),
        args: args(),
        disable_default_args: true,
        window_size: Some((1280, 900)),
        // The connection is dropped after this long without a message from
        // Chromium: longer than any wait of the audit.
        idle_browser_timeout: total + Duration::from_secs(120),
        ..LaunchOptions::default()
    };
    let fatal = |what: &str, e: &dyn std::fmt::Display| Fatal(format!("Chromium ({}): {what}: {e}", settings.chromium.display()));
    let browser = Browser::new(options).map_err(|e| fatal("could not be started", &e))?;
    let tab = browser.new_tab().map_err(|e| fatal("no tab", &e))?;
    let rec = Arc::new(Mutex::new(Recorder { main_frame: tab.get_target_id().clone(), origins, ..Recorder::default() }));
    let r = Arc::clone(&rec);
    tab.add_event_listener(Arc::new(move |event: &Event| lock(&r).on_event(event))).map_err(|e| fatal("events", &e))?;
    tab.call_method(Network::Enable { max_total_buffer_size: None, max_resource_buffer_size: None, max_post_data_size: None, report_direct_socket_traffic: None, enable_durable_messages: None })
        .map_err(|e| fatal("Network.enable", &e))?;
    tab.enable_runtime().map_err(|e| fatal("Runtime.enable", &e))?;
    // The init script reports through a binding, with one JSON text per
    // write (or, when headless_chrome's own wrapper of the binding ran
    // first, `{"name", "seq", "args": [that text]}`).
    let r = Arc::clone(&rec);
    tab.expose_function(
        BINDING,
        Arc::new(move |call: serde_json::Value| {
            let Some(text) = call.as_str() else { return };
            let report = serde_json::from_str::<Report>(text).ok().or_else(|| {
                let v = serde_json::from_str::<serde_json::Value>(text).ok()?;
                serde_json::from_str::<Report>(v.pointer("/args/0")?.as_str()?).ok()
            });
            if let Some(report) = report {
                let mut rec = lock(&r);
                if rec.reports.len() < MAX_REPORTS {
                    rec.reports.push(report);
                }
            }
        }),
    )
    .map_err(|e| fatal("Runtime.addBinding", &e))?;
    tab.call_method(Page::AddScriptToEvaluateOnNewDocument {
        source: INIT_SCRIPT.to_owned(),
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })
    .map_err(|e| fatal("Page.addScriptToEvaluateOnNewDocument", &e))?;
    // Documents of the main frame leaving the audited origins (a redirect
    // or a link) are stopped before they are asked for, and noted.
    let patterns = [Fetch::RequestPattern {
        url_pattern: Some("*".to_owned()),
        resource_Type: Some(Network::ResourceType::Document),
        request_stage: Some(Fetch::RequestStage::Request),
    }];
    tab.enable_fetch(Some(&patterns), None).map_err(|e| fatal("Fetch.enable", &e))?;
    let r = Arc::clone(&rec);
    tab.enable_request_interception(Arc::new(move |_t, _s, event: Fetch::events::RequestPausedEvent| {
        let p = &event.params;
        let mut rec = lock(&r);
        let leaves = p.frame_id == rec.main_frame
            && Url::parse(&p.request.url).map(|u| !rec.origins.contains(&origin_of(&u))).unwrap_or(true);
        if leaves {
            rec.blocked = Some(p.request.url.chars().take(2048).collect());
            RequestPausedDecision::Fail(Fetch::FailRequest { request_id: p.request_id.clone(), error_reason: Network::ErrorReason::BlockedByClient })
        } else {
            RequestPausedDecision::Continue(None)
        }
    }))
    .map_err(|e| fatal("request interception", &e))?;
    Ok(Session { _browser: browser, tab, rec })
}

/// Loads `url` in the main frame and waits for its load event, at most
/// `limit`. The page's record (status, error, redirect).
fn load(s: &Session, url: &Url, limit: Duration) -> PageRecord {
    {
        let mut r = lock(&s.rec);
        r.page = url.to_string();
        r.doc_request = None;
        r.doc_status = None;
        r.doc_failed = None;
        r.loaded = false;
        r.blocked = None;
    }
    let (tx, rx) = mpsc::channel();
    let tab = Arc::clone(&s.tab);
    let target = url.to_string();
    // Page.navigate answers only once the response has started: in a thread
    // of its own, so a page that never answers is given up on at `limit`.
    std::thread::spawn(move || {
        let r = tab.call_method(Page::Navigate { url: target, referrer: None, transition_Type: None, frame_id: None, referrer_policy: None });
        let _ = tx.send(r.map(|o| o.error_text).map_err(|e| e.to_string()));
    });
    let start = Instant::now();
    let mut record = PageRecord { url: url.to_string(), status: None, error: None, redirected_off_origin: None };
    let navigated = rx.recv_timeout(limit);
    let blocked = || lock(&s.rec).blocked.clone();
    match navigated {
        Err(_) => {
            let _ = s.tab.call_method(Page::StopLoading(None));
            record.error = Some(format!("no answer within {} s", limit.as_secs_f64()));
            return record;
        }
        Ok(Err(e)) => {
            record.error = Some(format!("navigation failed: {e}"));
            return record;
        }
        Ok(Ok(Some(text))) => {
            if let Some(b) = blocked() {
                record.redirected_off_origin = Some(b);
            } else {
                record.error = Some(text);
            }
            return record;
        }
        Ok(Ok(None)) => {}
    }
    loop {
        let (loaded, failed, status, blocked) = {
            let r = lock(&s.rec);
            (r.loaded, r.doc_failed.clone(), r.doc_status, r.blocked.clone())
        };
        record.status = status;
        if let Some(b) = blocked {
            record.redirected_off_origin = Some(b);
            return record;
        }
        if let Some(f) = failed {
            record.error = Some(f);
            return record;
        }
        if loaded {
            break;
        }
        if start.elapsed() >= limit {
            let _ = s.tab.call_method(Page::StopLoading(None));
            record.error = Some(format!("not loaded within {} s", limit.as_secs_f64()));
            return record;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    if let Some(code) = record.status.filter(|c| *c >= 400) {
        record.error = Some(format!("HTTP {code}"));
    }
    record
}

/// What the page script read.
#[derive(Debug, Default, serde::Deserialize)]
struct PageRead {
    origin: String,
    local: Vec<String>,
    session: Vec<String>,
    idb: Vec<String>,
    links: Vec<String>,
}

fn now_secs() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0)
}

/// Accumulates the visit's evidence across pages.
struct Collect {
    visit: Visit,
}

impl Collect {
    /// Reads the jar, storage and databases after `page`; the page's links.
    fn after_page(&mut self, s: &Session, page: &str) -> Vec<String> {
        let (after_choice, reports, headers) = {
            let mut r = lock(&s.rec);
            (r.after_choice, std::mem::take(&mut r.reports), r.header_cookies.clone())
        };
        let mut script_writes: Vec<(String, SetBy)> = Vec::new();
        let mut storage_writes: Vec<(String, String, Option<String>)> = Vec::new();
        for rep in reports {
            let script = script_of(&rep.stack);
            if rep.kind == "cookie" {
                if let Some(name) = cookie_name(&rep.text) {
                    script_writes.push((name, SetBy::Script { script, page: rep.page.chars().take(2048).collect() }));
                }
            } else if rep.kind == "storage" {
                storage_writes.push((rep.area, rep.text, script));
            }
        }
        // Cookies: the whole jar, every domain.
        let now = now_secs();
        if let Ok(jar) = s.tab.call_method(GetAllCookies {}) {
            let list = jar.get("cookies").and_then(|c| c.as_array()).cloned().unwrap_or_default();
            for c in list {
                let text = |k: &str| c.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
                let flag = |k: &str| c.get(k).and_then(|v| v.as_bool()).unwrap_or(false);
                let name = text("name");
                let domain = text("domain");
                let path = text("path");
                let origins: Vec<SetBy> = headers
                    .iter()
                    .filter(|(n, _)| *n == name)
                    .map(|(_, url)| SetBy::Header { url: url.chars().take(2048).collect() })
                    .chain(script_writes.iter().filter(|(n, _)| *n == name).map(|(_, b)| b.clone()))
                    .collect();
                if let Some(seen) = self.visit.cookies.iter_mut().find(|k| k.name == name && k.domain == domain && k.path == path) {
                    for o in origins {
                        if seen.set_by.len() < MAX_ORIGINS && !seen.set_by.contains(&o) {
                            seen.set_by.push(o);
                        }
                    }
                    continue;
                }
                let session = flag("session");
                let expires = c.get("expires").and_then(|v| v.as_f64()).filter(|e| !session && *e > 0.0);
                let mut set_by: Vec<SetBy> = Vec::new();
                for o in origins {
                    if set_by.len() < MAX_ORIGINS && !set_by.contains(&o) {
                        set_by.push(o);
                    }
                }
                self.visit.cookies.push(Cookie {
                    size: c.get("size").and_then(|v| v.as_u64()).unwrap_or(0),
                    http_only: flag("httpOnly"),
                    secure: flag("secure"),
                    same_site: c.get("sameSite").and_then(|v| v.as_str()).map(str::to_owned),
                    lifetime_days: expires.map(|e| ((e - now) / 86_400.0 * 100.0).round() / 100.0),
                    expires,
                    session,
                    name,
                    domain,
                    path,
                    first_page: page.to_owned(),
                    after_choice,
                    set_by,
                });
            }
        }
        let read: PageRead = eval_string(&s.tab, READ_PAGE).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
        for (area, keys) in [(Area::Local, &read.local), (Area::Session, &read.session)] {
            for key in keys.iter().take(10_000) {
                let by: Vec<String> = storage_writes
                    .iter()
                    .filter(|(a, k, _)| a == if area == Area::Local { "local" } else { "session" } && k == key)
                    .filter_map(|(_, _, s)| s.clone())
                    .collect();
                if let Some(seen) = self.visit.storage.iter_mut().find(|s| s.area == area && s.key == *key && s.origin == read.origin) {
                    for b in by {
                        if seen.set_by.len() < MAX_ORIGINS && !seen.set_by.contains(&b) {
                            seen.set_by.push(b);
                        }
                    }
                    continue;
                }
                let mut set_by = Vec::new();
                for b in by {
                    if set_by.len() < MAX_ORIGINS && !set_by.contains(&b) {
                        set_by.push(b);
                    }
                }
                self.visit.storage.push(StorageKey {
                    area,
                    key: key.chars().take(1024).collect(),
                    origin: read.origin.clone(),
                    first_page: page.to_owned(),
                    after_choice,
                    set_by,
                });
            }
        }
        for name in read.idb.iter().take(1000) {
            if !self.visit.indexeddb.iter().any(|d| d.name == *name && d.origin == read.origin) {
                self.visit.indexeddb.push(Database { name: name.clone(), origin: read.origin.clone(), first_page: page.to_owned(), after_choice });
            }
        }
        read.links
    }
}

/// Makes the visit's choice on the current page: through the module's API
/// when it is on the page, else by clicking the selector.
fn choose(s: &Session, kind: VisitKind, settings: &Settings, page: &str) -> Choice {
    let (call, selector) = match kind {
        VisitKind::Refused => ("rejectAll", settings.reject_selector.as_deref()),
        _ => ("acceptAll", settings.accept_selector.as_deref()),
    };
    let wait_ms = settings.page_timeout.as_millis().min(30_000);
    let api = format!(
        r#"(async () => {{
  const b = globalThis.consentBanner;
  if (!b || typeof b.{call} !== 'function') return 'absent';
  try {{ await Promise.race([b.ready, new Promise((r) => setTimeout(r, {wait_ms}))]); }} catch (e) {{ return 'error: ' + e; }}
  b.{call}();
  return 'done';
}})()"#
    );
    let made = |how: String| Choice { made: true, how: Some(how), page: Some(page.to_owned()), error: None };
    let not = |why: String| Choice { made: false, how: None, page: Some(page.to_owned()), error: Some(why) };
    match eval_string(&s.tab, &api) {
        Ok(r) if r == "done" => return made(format!("consentBanner.{call}()")),
        Ok(r) if r.starts_with("error") => return not(format!("consentBanner.{call}() failed: {r}")),
        Ok(_) => {}
        Err(e) => return not(format!("consentBanner.{call}() could not run: {e}")),
    }
    let Some(sel) = selector else {
        let opt = if kind == VisitKind::Refused { "--reject-selector" } else { "--accept-selector" };
        return not(format!("consentBanner is not on the page and no {opt} was given"));
    };
    let quoted = serde_json::Value::String(sel.to_owned()).to_string();
    let click = format!(
        r#"(async () => {{
  const sel = {quoted};
  const find = (root) => {{
    let e = null;
    try {{ e = root.querySelector(sel); }} catch (x) {{ return 'bad'; }}
    if (e) return e;
    for (const h of root.querySelectorAll('*')) if (h.shadowRoot) {{ const f = find(h.shadowRoot); if (f) return f; }}
    return null;
  }};
  const end = Date.now() + {wait_ms};
  while (Date.now() < end) {{
    const e = find(document);
    if (e === 'bad') return 'bad';
    if (e) {{ e.click(); return 'done'; }}
    await new Promise((r) => setTimeout(r, 100));
  }}
  return 'absent';
}})()"#
    );
    match eval_string(&s.tab, &click) {
        Ok(r) if r == "done" => made(format!("clicked {sel}")),
        Ok(r) if r == "bad" => not(format!("{sel} is not a valid CSS selector")),
        Ok(_) => not(format!("nothing matches {sel} on the page")),
        Err(e) => not(format!("clicking {sel} failed: {e}")),
    }
}

/// Same origin as one of `origins`, http(s), without its fragment.
fn same_origin_link(link: &str, origins: &[String]) -> Option<Url> {
    let mut u = Url::parse(link).ok()?;
    if !matches!(u.scheme(), "http" | "https") || !origins.contains(&origin_of(&u)) {
        return None;
    }
    u.set_fragment(None);
    Some(u)
}

/// Runs one visit in a fresh browser; `progress` gets a line per page.
/// The visit, and for a crawl what it left out.
pub fn visit(
    kind: VisitKind,
    targets: Targets<'_>,
    settings: &Settings,
    deadline: Instant,
    progress: &mut dyn FnMut(&str),
) -> Result<(Visit, Crawl), Fatal> {
    let starts: Vec<Url> = match &targets {
        Targets::Crawl { starts, .. } => starts.to_vec(),
        Targets::List(l) => l.to_vec(),
    };
    let mut origins: Vec<String> = Vec::new();
    for u in &starts {
        let o = origin_of(u);
        if !origins.contains(&o) {
            origins.push(o);
        }
    }
    let total = deadline.saturating_duration_since(Instant::now());
    let s = open(settings, origins.clone(), total)?;
    let mut c = Collect {
        visit: Visit {
            kind,
            choice: if kind == VisitKind::NoChoice { None } else { Some(Choice { made: false, how: None, page: None, error: Some("no page loaded".to_owned()) }) },
            pages: Vec::new(),
            cookies: Vec::new(),
            storage: Vec::new(),
            indexeddb: Vec::new(),
            hosts: Vec::new(),
            scripts: Vec::new(),
        },
    };
    let mut crawl = Crawl::default();
    let mut queue: VecDeque<(usize, Url)> = VecDeque::new();
    let mut seen: Vec<Url> = Vec::new();
    let mut per_start = vec![0usize; starts.len()];
    let (max, crawling) = match targets {
        Targets::Crawl { max, .. } => (max, true),
        Targets::List(_) => (usize::MAX, false),
    };
    for (i, u) in starts.iter().enumerate() {
        let mut u = u.clone();
        u.set_fragment(None);
        if !seen.contains(&u) {
            seen.push(u.clone());
            queue.push_back((i, u));
        }
    }
    let mut n = 0usize;
    while let Some((start, url)) = queue.pop_front() {
        if per_start[start] >= max {
            crawl.not_visited += 1;
            if crawl.examples.len() < 10 {
                crawl.examples.push(url.to_string());
            }
            continue;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            crawl.time_limit_reached = true;
            progress(&format!("{}: total time limit reached, {} pages left unvisited", kind.label(), queue.len() + 1));
            break;
        }
        per_start[start] += 1;
        n += 1;
        let began = Instant::now();
        let page = load(&s, &url, settings.page_timeout.min(left));
        let mut links = Vec::new();
        if page.ok() || page.status.is_some_and(|c| c >= 400) {
            std::thread::sleep(settings.settle);
            if page.ok() {
                if let Some(choice) = c.visit.choice.as_mut().filter(|ch| !ch.made && ch.page.is_none()) {
                    *choice = choose(&s, kind, settings, url.as_str());
                    lock(&s.rec).after_choice = true;
                    std::thread::sleep(settings.settle);
                }
            }
            links = c.after_page(&s, url.as_str());
        }
        if !page.ok() {
            links.clear();
        }
        let status = match (&page.error, &page.redirected_off_origin) {
            (_, Some(to)) => format!("redirects off the origin to {to} (not followed)"),
            (Some(e), _) => format!("failed: {e}"),
            _ => format!("{}", page.status.map(|c| c.to_string()).unwrap_or_else(|| "ok".to_owned())),
        };
        progress(&format!("{} [{n}] {url} — {status} ({:.1} s)", kind.label(), began.elapsed().as_secs_f64()));
        if crawling {
            for l in links {
                if let Some(u) = same_origin_link(&l, &origins) {
                    if !seen.contains(&u) && seen.len() < 100_000 {
                        seen.push(u.clone());
                        queue.push_back((start, u));
                    }
                }
            }
        }
        c.visit.pages.push(page);
    }
    {
        let mut r = lock(&s.rec);
        c.visit.hosts = std::mem::take(&mut r.hosts);
        c.visit.scripts = std::mem::take(&mut r.scripts);
    }
    Ok((c.visit, crawl))
}
