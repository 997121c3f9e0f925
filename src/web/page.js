// Page helpers of the browser shell (imported by the wasm-bindgen glue).
//
// The builder of the element trees the core writes (src/view.rs, `Tree`):
// one call from the WebAssembly builds a whole layer, a policy or a table.
// Registry strings only ever become text nodes and attribute values
// (createElement, setAttribute, text nodes; never HTML parsing).
//
// Tokens, separated by U+001F: `<tag` opens an element, `@name=value` sets
// an attribute, `"text` appends a text node, `>` closes the element, `%n`
// appends a table row whose n cells are the next n tokens.
// Returns the tree's root element, not yet in the page.
export function build(program) {
  var d = document;
  var tokens = program.split('\u001f');
  var top = d.createDocumentFragment();
  var current = top;
  var proto = null;
  for (var i = 0; i < tokens.length; i++) {
    var token = tokens[i];
    var op = token.charAt(0);
    var rest = token.slice(1);
    if (op === '<') {
      current = current.appendChild(d.createElement(rest));
    } else if (op === '@') {
      var eq = rest.indexOf('=');
      current.setAttribute(rest.slice(0, eq), rest.slice(eq + 1));
    } else if (op === '"') {
      current.appendChild(d.createTextNode(rest));
    } else if (op === '>') {
      current = current.parentNode;
    } else if (op === '%') {
      // Rows are clones of one empty row: cheaper than building each cell
      // (a policy may list a thousand cookies).
      var n = +rest;
      if (!proto || proto.childNodes.length !== n) {
        proto = d.createElement('tr');
        for (var j = 0; j < n; j++) proto.appendChild(d.createElement('td')).appendChild(d.createTextNode(''));
      }
      var row = proto.cloneNode(true);
      for (var cell = row.firstChild; cell; cell = cell.nextSibling) cell.firstChild.data = tokens[++i];
      current.appendChild(row);
    }
  }
  return top.firstChild;
}

// The rest: page facts and effects the shell needs, each in one call and
// none of them throwing (storage and cookies may be blocked; what fails is
// reported to the shell as an empty answer or `false`).

// Page facts, read when needed (a single-page app may change the path):
// protocol, host name, path, origin, <html lang>, navigator.languages
// (comma-separated) and the Global Privacy Control signal ("1" or "").
export function facts() {
  var l = location;
  var n = navigator;
  return [l.protocol, l.hostname, l.pathname, l.origin, document.documentElement.getAttribute('lang') || '',
    (n.languages || []).join(','), n.globalPrivacyControl === true ? '1' : ''].join('\u001f');
}

export function cookies() {
  try { return document.cookie; } catch (e) { return ''; }
}

// Sets each cookie of a U+001F-separated list (Set-Cookie strings).
export function setCookies(list) {
  list.split('\u001f').forEach(function (c) {
    try { if (c) document.cookie = c; } catch (e) { /* cookies blocked: nothing to set */ }
  });
}

function stores() {
  var out = [];
  try { out.push(localStorage); } catch (e) { /* blocked */ }
  try { out.push(sessionStorage); } catch (e) { /* blocked */ }
  return out;
}

// Every key of localStorage and sessionStorage, as a JSON list (a key may
// hold any character).
export function storageKeys() {
  var keys = [];
  stores().forEach(function (s) {
    for (var i = 0; i < s.length; i++) keys.push(s.key(i));
  });
  return JSON.stringify(keys);
}

// Removes these keys (a JSON list) from both storages.
export function removeStorage(keys) {
  var list = JSON.parse(keys);
  stores().forEach(function (s) {
    list.forEach(function (k) { try { s.removeItem(k); } catch (e) { /* blocked */ } });
  });
}

export function readItem(key) {
  try { return localStorage.getItem(key); } catch (e) { return null; }
}

export function writeItem(key, value) {
  try { localStorage.setItem(key, value); return true; } catch (e) { return false; }
}

export function beacon(url, body) {
  try { return navigator.sendBeacon(url, body); } catch (e) { return false; }
}

// JSON text the core wrote, as a value for the page (null for "").
export function value(json) {
  return json ? JSON.parse(json) : null;
}

// Fires `name` on the document with { consent } as its detail.
export function dispatch(name, consent) {
  document.dispatchEvent(new CustomEvent(name, { detail: { consent: value(consent) } }));
}

// A live copy of an inert gated script: every attribute but type and
// data-type, the type from data-type (if any), and the same text.
export function liveScript(old) {
  var live = document.createElement('script');
  var names = old.getAttributeNames();
  for (var i = 0; i < names.length; i++) {
    // A name the HTML parser accepted may still be refused by setAttribute
    // (e.g. "@click" in some engines): that attribute is left out, the
    // script still runs.
    try {
      if (names[i] !== 'type' && names[i] !== 'data-type') live.setAttribute(names[i], old.getAttribute(names[i]));
    } catch (e) { /* left out */ }
  }
  if (old.hasAttribute('data-type')) live.setAttribute('type', old.getAttribute('data-type'));
  live.textContent = old.textContent;
  return live;
}

// 16 random hex digits (the consent id).
export function randomId() {
  var bytes = new Uint8Array(8);
  try { crypto.getRandomValues(bytes); } catch (e) {
    for (var i = 0; i < 8; i++) bytes[i] = Math.random() * 256;
  }
  return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
}

// Presentation mechanics of the dialog, kept out of the WebAssembly.

function adopt(target, css) {
  // Constructable stylesheets: no inline style, so a strict
  // Content-Security-Policy is fine. Without them the dialog is unstyled,
  // not missing.
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    target.adoptedStyleSheets = target.adoptedStyleSheets.concat(sheet);
  } catch (e) { /* unstyled */ }
}

// The stylesheet of what the module adds to the page itself (policy tables,
// frame notices); the shell calls this once, when the first is added.
export function adoptPage(pageCss) {
  adopt(document, pageCss);
}

// The dialog's home: <div id=hostId data-consent-ui> first in the body, with
// an open shadow root holding uiCss and a polite live region
// (#consent-status). Returns the shadow root, or null without Shadow DOM.
export function mount(hostId, uiCss) {
  try {
    var d = document;
    var host = d.createElement('div');
    host.id = hostId;
    host.setAttribute('data-consent-ui', '');
    var root = host.attachShadow({ mode: 'open' });
    adopt(root, uiCss);
    var status = root.appendChild(d.createElement('div'));
    status.className = 'cb-status';
    status.id = 'consent-status';
    status.setAttribute('role', 'status');
    d.body.prepend(host);
    return root;
  } catch (e) {
    return null;
  }
}

// WCAG 2.4.11: the banner must never fully hide the focused element. While
// it is shown, the page gets room below its end as tall as the banner (so
// the footer can scroll above it) and a matching scroll padding (so focus
// scrolling keeps the focused element clear of it). The height comes from a
// ResizeObserver, after the browser's own layout (measuring at once would
// force a synchronous layout of the whole page), and follows later resizes.
var resize = null;
var reserved = null;
export function reserveSpace(banner) {
  if (typeof ResizeObserver === 'undefined') return;
  reserved = banner;
  if (!resize) {
    resize = new ResizeObserver(function (entries) {
      // Only the banner shown now counts: a banner of an earlier start (the
      // module started twice on one page) reports its removal too, and must
      // not take the current banner's room away.
      for (var i = 0; i < entries.length; i++) {
        var e = entries[i];
        if (e.target !== reserved) continue;
        if (!reserved.isConnected) return releaseSpace();
        var room = Math.floor(e.contentRect.height + 48) + 'px';
        var style = document.documentElement.style;
        style.setProperty('scroll-padding-bottom', room);
        style.setProperty('padding-bottom', room);
      }
    });
  }
  resize.disconnect();
  resize.observe(banner);
}

// Gives the room back once the banner is gone.
export function releaseSpace() {
  reserved = null;
  if (resize) resize.disconnect();
  var style = document.documentElement.style;
  style.removeProperty('scroll-padding-bottom');
  style.removeProperty('padding-bottom');
}

// Moves focus to el once the frame that shows it has been laid out and
// painted (two animation frames): focusing earlier — even in the next
// frame's callbacks, which run before its layout — would compute the page's
// style and layout synchronously.
export function focusSoon(el) {
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { if (el.isConnected) el.focus(); });
  });
}

// Keeps Tab and Shift+Tab inside a modal layer: from its last focusable
// element Tab goes to the first, and Shift+Tab from the first to the last.
export function trapFocus(layer) {
  layer.addEventListener('keydown', function (e) {
    if (e.key !== 'Tab') return;
    var list = layer.querySelectorAll('button, input:not(:disabled), summary, a[href]');
    if (!list.length) return;
    var active = layer.getRootNode().activeElement;
    var target = e.shiftKey ? (active === list[0] ? list[list.length - 1] : null)
      : (active === list[list.length - 1] ? list[0] : null);
    if (target) {
      e.preventDefault();
      target.focus();
    }
  });
}

// Calls back when an element matching selector (or holding one) is added
// anywhere in the page: gated content of single-page apps and late loads.
// One watcher per page: a second call replaces the first.
var added = null;
export function watchAdded(selector, callback) {
  if (added) added.disconnect();
  added = new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      var nodes = records[i].addedNodes;
      for (var j = 0; j < nodes.length; j++) {
        var n = nodes[j];
        if (n.nodeType === 1 && (n.matches(selector) || n.querySelector(selector))) return callback();
      }
    }
  });
  added.observe(document.documentElement, { childList: true, subtree: true });
}

// Stops that watcher (the module starting again on the same page).
export function unwatch() {
  if (added) added.disconnect();
  added = null;
}
