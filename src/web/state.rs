//! What the shell keeps for the page's lifetime: the core's [`Session`] and
//! the handles of what it drew and listens to.

#[allow(unused_imports)]
use crate::prelude::*;

use core::cell::RefCell;

use web_sys::{Element, HtmlElement};

use super::dom;
use crate::session::Session;

/// Everything the shell keeps for the page's lifetime.
pub(super) struct App {
    /// The consent state (registry, language, options, choice, scripts run).
    pub session: Session,
    /// The open shadow root that holds the dialog, made when something is
    /// first shown in it (a returning visitor's page view never needs it).
    pub ui: Option<web_sys::ShadowRoot>,
    /// The first layer, when shown.
    pub banner: Option<Element>,
    /// The preferences layer, when open, with its own listeners.
    pub prefs: Option<(Element, Vec<dom::Listener>)>,
    /// Where focus returns when a layer the visitor opened closes.
    pub opener: Option<HtmlElement>,
    /// The preferences were opened with the first layer's "Customize": when
    /// they close, focus goes to "Customize" in the first layer drawn again
    /// (the one that opened them was removed meanwhile).
    pub from_customize: bool,
    /// The floating reopen button (`data-floating-button`), hidden while a layer is open.
    pub floating: Option<Element>,
    /// The loader's `gtag()` (pushes its arguments to `dataLayer`), for Consent Mode.
    pub gtag: Option<js_sys::Function>,
    /// Tells the portal's other open tabs about a decision.
    pub channel: Option<web_sys::BroadcastChannel>,
    pub listeners: Vec<dom::Listener>,
}

/// State that lives as long as the page, in a `static`: the wasm runs on the
/// page's one thread (no atomics, no workers), which is what makes this sound.
pub(crate) struct PageCell<T>(RefCell<T>);

// SAFETY: built for wasm32 without the atomics feature — one thread only.
unsafe impl<T> Sync for PageCell<T> {}

impl<T> PageCell<T> {
    pub(crate) const fn new(value: T) -> PageCell<T> {
        PageCell(RefCell::new(value))
    }

    pub(crate) fn with<R>(&self, f: impl FnOnce(&RefCell<T>) -> R) -> R {
        f(&self.0)
    }
}

pub(super) static APP: PageCell<Option<App>> = PageCell::new(None);

/// Runs `f` on the page's state, if the module has started.
///
/// Never re-entered: page code that `f` may call back into (a `gtag` or an
/// event listener) must run outside it; a nested call gets `None`, which
/// callers treat as "nothing accepted".
pub(super) fn with_app<T>(f: impl FnOnce(&mut App) -> T) -> Option<T> {
    APP.with(|a| a.try_borrow_mut().ok()?.as_mut().map(f))
}
