// Type declarations for window.consentBanner, defined by consent-banner.js.

/** A recorded decision, as stored in the `cookies_preferences` cookie. */
export interface Consent {
  /** Random consent id (16 hex digits); the same id is in the proof-of-consent receipt. */
  id: string;
  /** Decision time, Unix seconds. */
  time: number;
  /** Registry revision that was shown. */
  revision: string;
  /** How the decision was made. */
  origin: 'click' | 'api' | 'gpc';
  /** Category id → accepted. Necessary categories are always true. */
  categories: Record<string, boolean>;
}

/** The `detail` of the `consent:ready` and `consent:change` DOM events on `document`. */
export interface ConsentEventDetail {
  consent: Consent | null;
}

export interface ConsentBanner {
  /**
   * Resolves with `window.consentBanner` itself once the module has started,
   * and also when it failed to start (a file that could not be loaded or was
   * refused, an invalid registry, no Shadow DOM to ask in): it never rejects
   * and never stays pending. When it resolves after a failure,
   * `getConsent()` is null and `isAccepted()` is false for every optional
   * category. Whether it started is told by the console and by the
   * `consent:ready` event, which fires only on success.
   */
  readonly ready: Promise<ConsentBanner>;
  /** Shows the first layer of the dialog. */
  show(): void;
  /** Opens the preferences layer with the current choice. */
  showPreferences(): void;
  /** Accepts every category. */
  acceptAll(): void;
  /** Refuses every optional category. */
  rejectAll(): void;
  /** Accepts exactly these optional categories and refuses the others. */
  accept(categories: string[]): void;
  /**
   * Whether this category's cookies and scripts may be used now. A necessary
   * category answers true as soon as the module has started, decided or not
   * (it is always on and never asked, as in `Consent.categories`); an
   * optional one answers true only when the current choice accepts it, so
   * false while nothing is decided. An unknown id answers false, and so does
   * every id before the module has started (see `ready`).
   */
  isAccepted(category: string): boolean;
  /** The current decision, or null while nothing is decided. */
  getConsent(): Consent | null;
  /** Calls `callback` on each `consent:<kind>` event; returns a function that unsubscribes. */
  on(kind: 'change' | 'ready', callback: (consent: Consent | null) => void): () => void;
}

declare global {
  interface Window {
    consentBanner: ConsentBanner;
  }
  interface DocumentEventMap {
    'consent:ready': CustomEvent<ConsentEventDetail>;
    'consent:change': CustomEvent<ConsentEventDetail>;
  }
}
