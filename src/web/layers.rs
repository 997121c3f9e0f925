//! The dialog's layers: the first layer, the preferences layer (a modal
//! dialog) and the floating reopen button, with where focus goes.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use super::effects::apply;
use super::start::ui;
use super::state::with_app;
use super::{document, dom, page};
use crate::decision::Action;
use crate::record::DecidedBy;

/// Shows the floating button only while no layer is open.
fn sync_floating() {
    with_app(|app| {
        if let Some(f) = &app.floating {
            if app.banner.is_some() || app.prefs.is_some() {
                let _ = f.set_attribute("hidden", "");
            } else {
                let _ = f.remove_attribute("hidden");
            }
        }
    });
}

/// Shows the first layer (when no choice is stored, or the stored one is
/// stale). It is first in the tab order, and with `focus` (when it opens at
/// start or the visitor brings it back) focus moves into it.
pub(super) fn open_banner(focus: bool) {
    let banner = with_app(|app| {
        if app.banner.is_none() && app.prefs.is_none() {
            let gpc = app.session.by_gpc();
            app.banner = ui(app).and_then(|ui| dom::first_layer(&ui, &app.session.registry, app.session.lang, gpc));
        }
        app.banner.clone()
    })
    .flatten();
    sync_floating();
    if let (true, Some(b)) = (focus, banner.and_then(|b| b.dyn_into::<HtmlElement>().ok())) {
        page::focus_soon(&b);
    }
}

/// Opens the preferences layer as a modal dialog, showing the current
/// choice; focus returns to the element that opened it, or to the first
/// layer's "Customize" when that opened it (`from_customize`).
pub(super) fn open_preferences(from_customize: bool) {
    let doc = document();
    let active = doc.active_element();
    let opened = with_app(|app| {
        // Focus inside the dialog shows as its host: of what is inside, only
        // the floating button stays to take focus back.
        let opener = match active.filter(|e| !e.has_attribute("data-consent-ui")) {
            Some(e) => Some(e),
            None => app.ui.as_ref().and_then(|ui| ui.active_element()).filter(|e| app.floating.as_ref() == Some(e)),
        };
        let opener = opener.and_then(|e| e.dyn_into::<HtmlElement>().ok());
        if app.prefs.is_some() {
            return None;
        }
        if let Some(b) = app.banner.take() {
            b.remove();
            page::release_space();
        }
        let accepted = app.session.preselected();
        let gpc = app.session.by_gpc();
        let root = dom::preferences(&ui(app)?, &app.session.registry, app.session.lang, &accepted, gpc)?;
        // Escape or the close button: nothing is granted, the first layer
        // comes back if there is no stored choice.
        page::trap_focus(&root);
        let listeners = vec![dom::on(&root, "close", |_| close_preferences())];
        app.prefs = Some((root.clone(), listeners));
        if from_customize {
            app.opener = None;
            app.from_customize = true;
        } else {
            app.opener = opener.or(app.opener.take());
        }
        Some(root)
    })
    .flatten();
    sync_floating();
    if let Some(d) = opened.and_then(|r| r.dyn_into::<web_sys::HtmlDialogElement>().ok()) {
        if d.show_modal().is_err() {
            d.set_open(true);
        }
    }
}

/// Removes the preferences layer (after a decision, Escape or the close button).
fn close_preferences() {
    let Some((prefs, opener, customize, undecided)) =
        with_app(|app| (app.prefs.take(), app.opener.take(), core::mem::take(&mut app.from_customize), app.session.record.is_none()))
    else {
        return;
    };
    if let Some((root, listeners)) = prefs {
        drop(listeners);
        if let Some(d) = root.dyn_ref::<web_sys::HtmlDialogElement>() {
            d.close();
        }
        root.remove();
    }
    if undecided {
        open_banner(opener.is_none() && !customize);
    }
    sync_floating();
    if let Some(o) = opener {
        let _ = o.focus();
    } else if customize {
        // WAI-ARIA dialog pattern: back to the control that opened it, in the
        // first layer as it is now.
        let button = with_app(|app| app.ui.as_ref().and_then(|ui| super::page::scope(ui).by_id(crate::view::CUSTOMIZE_ID))).flatten();
        if let Some(b) = button {
            page::focus_soon(&b);
        }
    }
}

/// Closes both layers (a decision was made, or the first layer is shown again).
pub(super) fn close_layers() {
    if let Some(Some(b)) = with_app(|app| app.banner.take()) {
        b.remove();
        page::release_space();
    }
    close_preferences();
}

/// A button of the dialog was pressed.
pub(super) fn on_action(action: &str) {
    let action = match action {
        "accept-all" => Action::AcceptAll,
        "reject-all" => Action::RejectAll,
        "save" => {
            let chosen = with_app(|app| app.prefs.as_ref().map(|(root, _)| dom::chosen(root))).flatten().unwrap_or_default();
            Action::Choose(chosen)
        }
        "customize" => return open_preferences(true),
        "preferences" => return open_preferences(false),
        "close" => return close_preferences(),
        _ => return,
    };
    apply(&action, DecidedBy::Click);
}
