//! A page view's consent state, and every way it changes: the start (a
//! stored choice, or the question), a decision here, a decision in another
//! tab, gated content added later. Each step returns the [`Effects`] the
//! browser shell applies; the shell keeps only DOM handles beside this.
//!
//! ```
//! use consent_banner::decision::{Action, Options, Page};
//! use consent_banner::record::DecidedBy;
//! use consent_banner::session::Session;
//! # let registry = consent_banner::registry::Registry::from_value(&consent_banner::testing::small_registry())?;
//! let page = Page { host: "demo.example".into(), path: "/".into(), ..Page::default() };
//! let start = Session::start(registry, Options::default(), &page, 1_763_845_000);
//! assert!(start.ask, "no stored choice: the first layer is shown");
//! let mut session = start.session;
//! let effects = session.decide(&Action::AcceptAll, DecidedBy::Click, &page, 1_763_845_001, "00ff00ff00ff00ff".into());
//! assert!(effects.set_cookies[0].starts_with("cookies_preferences=v=1&"));
//! assert!(session.is_accepted("statistics"));
//! # Ok::<(), consent_banner::error::RegistryError>(())
//! ```

#[allow(unused_imports)]
use crate::prelude::*;

use crate::decision::{decide, enforce, fit_cookie_domain, granted, pick_language, to_run, Action, Effects, Env, Event, Options, Page};
use crate::error::RecordError;
use crate::i18n::Lang;
use crate::record::{carried_over, read_stored, ConsentRecord, DecidedBy};
use crate::registry::Registry;

/// The consent state of one page view.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// The registry (its `cookie_domain` dropped when the page's host is outside it).
    pub registry: Registry,
    /// The language the module speaks on this page.
    pub lang: Lang,
    /// The script tag's options.
    pub options: Options,
    /// The choice in force, if any.
    pub record: Option<ConsentRecord>,
    /// When asking again after a registry change: the earlier choices that still apply.
    pub carried: Vec<String>,
    /// Registry-declared script URLs already run (or queued) on this page.
    pub loaded: Vec<String>,
}

/// How a page view starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Start {
    /// The state from here on.
    pub session: Session,
    /// What the stored choice (or its absence) asks of the page at once.
    pub effects: Effects,
    /// Messages for the administrator (console warnings), before anything else.
    pub warnings: Vec<String>,
    /// No usable choice is stored: the first layer is shown.
    pub ask: bool,
    /// The browser's Global Privacy Control answers for the visitor: every
    /// optional category is refused (a decision `DecidedBy::Gpc`, made once
    /// the dialog exists) and the first layer says so.
    pub refuse_for_gpc: bool,
}

impl Session {
    /// Starts a page view from the page as read (`page.cookie_header` holds
    /// the stored choice) at `now`: a stored choice is honoured before
    /// anything is drawn, and what it refuses does not stay stored (set
    /// before the choice, or by another tab's scripts before a withdrawal there).
    pub fn start(mut registry: Registry, options: Options, page: &Page, now: u64) -> Start {
        let mut warnings = Vec::new();
        // A cookie_domain the page's host is not inside: the browser would
        // refuse the cookie, so the choice is stored host-only instead.
        warnings.extend(fit_cookie_domain(&mut registry, &page.host));
        let lang = pick_language(page, &options, &registry);
        let (record, carried) = match read_stored(&page.cookie_header, &registry, now) {
            Ok(r) => (Some(r), Vec::new()),
            Err(RecordError::Missing) => (None, Vec::new()),
            Err(e) => {
                let mut m = String::from("consent-banner: asking again: ");
                m.push_str(e.reason());
                warnings.push(m);
                (None, carried_over(&page.cookie_header, &registry))
            }
        };
        let mut session = Session { registry, lang, options, record, carried, loaded: Vec::new() };
        let effects = enforce(&session.registry, session.record.as_ref(), page, &session.options, &[], None);
        session.note_loaded(&effects);
        let ask = session.record.is_none();
        Start { refuse_for_gpc: ask && page.gpc, ask, session, effects, warnings }
    }

    /// A decision made on this page (`page` as read just before it).
    pub fn decide(&mut self, action: &Action, by: DecidedBy, page: &Page, now: u64, consent_id: String) -> Effects {
        let env = Env { now, consent_id, by, lang: self.lang, page, options: &self.options, loaded: &self.loaded };
        let d = decide(&self.registry, self.record.as_ref(), action, &env);
        self.record = Some(d.record);
        self.note_loaded(&d.effects);
        d.effects
    }

    /// Another tab of the portal announced a decision: the cookie they share
    /// (in `page.cookie_header`) is read again. `None` when it holds no
    /// usable choice or the one already in force here. Otherwise layers
    /// close, accepted scripts run, refused categories' cookies and storage
    /// go, and the page reloads if scripts of a withdrawn category ran.
    pub fn other_tab(&mut self, page: &Page, now: u64) -> Option<Effects> {
        let fresh = read_stored(&page.cookie_header, &self.registry, now).ok()?;
        if self.record.as_ref().is_some_and(|r| r.id == fresh.id) {
            return None;
        }
        let withdrawn = self.registry.optional().any(|c| !fresh.accepts(&c.id) && self.is_accepted(&c.id));
        let mut effects = enforce(&self.registry, Some(&fresh), page, &self.options, &self.loaded, None);
        self.record = Some(fresh);
        self.note_loaded(&effects);
        effects.close_layers = true;
        effects.event = Some(Event::Change);
        effects.reload = withdrawn && self.options.reload_on_withdraw;
        Some(effects)
    }

    /// Gated scripts and frames added to the page later (single-page apps,
    /// AJAX) are handled like those present at start: what runs now, as
    /// [`Effects::activate`] and [`Effects::scripts`] (nothing else changes).
    pub fn late_content(&mut self) -> (Vec<String>, Vec<(String, String)>) {
        let (activate, scripts) = to_run(&self.registry, self.record.as_ref(), &self.loaded);
        self.remember(&scripts);
        (activate, scripts)
    }

    /// Whether a category is on now (`consentBanner.isAccepted`): necessary
    /// ones always, optional ones when the choice in force accepts them.
    pub fn is_accepted(&self, id: &str) -> bool {
        self.registry.category(id).is_some_and(|c| granted(c, self.record.as_ref()))
    }

    /// The categories the preferences layer shows as on: the choice in
    /// force, or what carries over from a stale one.
    pub fn preselected(&self) -> Vec<String> {
        match &self.record {
            Some(r) => {
                let mut on = Vec::new();
                for (id, accepted) in &r.choices {
                    if *accepted {
                        on.push(id.clone());
                    }
                }
                on
            }
            None => self.carried.clone(),
        }
    }

    /// Whether the choice in force was the browser's GPC signal (the layers say so).
    pub fn by_gpc(&self) -> bool {
        self.record.as_ref().is_some_and(|r| r.decided_by == DecidedBy::Gpc)
    }

    /// A registry-declared script was skipped (its category withdrawn while
    /// earlier scripts loaded): it runs on a later consent.
    pub fn forget_loaded(&mut self, url: &str) {
        self.loaded.retain(|u| u != url);
    }

    fn note_loaded(&mut self, effects: &Effects) {
        self.remember(&effects.scripts);
    }

    /// Notes the declared scripts (URL, category) about to run on this page.
    fn remember(&mut self, scripts: &[(String, String)]) {
        for (url, _) in scripts {
            self.loaded.push(url.clone());
        }
    }
}
