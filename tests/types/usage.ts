// How a portal's TypeScript uses window.consentBanner, type-checked against
// src/web/consent-banner.d.ts by tests/scripts/types.test.mjs (tsc --noEmit).
// Never run: the lines marked @ts-expect-error must stay type errors.
import type { Consent, ConsentBanner, ConsentEventDetail } from '../../src/web/consent-banner.js';

const banner: ConsentBanner = window.consentBanner;

async function start(): Promise<void> {
  // `ready` resolves with the API itself (also after a failure to start).
  const api: ConsentBanner = await banner.ready;
  const consent: Consent | null = api.getConsent();
  if (consent) {
    const id: string = consent.id;
    const time: number = consent.time;
    const revision: string = consent.revision;
    const origin: 'click' | 'api' | 'gpc' = consent.origin;
    const accepted: boolean | undefined = consent.categories['statistics'];
    console.log(id, time, revision, origin, accepted);
    // @ts-expect-error: origin is one of three words
    const wrong: 'button' = consent.origin;
    console.log(wrong);
  }
  // @ts-expect-error: getConsent may answer null
  console.log(api.getConsent().id);
}

const allowed: boolean = banner.isAccepted('statistics');
banner.show();
banner.showPreferences();
banner.acceptAll();
banner.rejectAll();
banner.accept(['statistics', 'media']);
// @ts-expect-error: accept takes a list of ids
banner.accept('statistics');
// @ts-expect-error: isAccepted takes one id
banner.isAccepted(['statistics']);
// @ts-expect-error: the API is read-only where it matters
banner.ready = Promise.resolve(banner);

const off: () => void = banner.on('change', (consent: Consent | null) => console.log(consent?.categories));
banner.on('ready', (consent) => console.log(consent === null ? 'undecided' : consent.origin));
// @ts-expect-error: only change and ready
banner.on('click', () => {});
off();

// The DOM events are typed on document.
document.addEventListener('consent:change', (event) => {
  const detail: ConsentEventDetail = event.detail;
  const consent: Consent | null = event.detail.consent;
  console.log(detail, consent);
});
document.addEventListener('consent:ready', (event) => console.log(event.detail.consent?.id));

void start();
console.log(allowed);
