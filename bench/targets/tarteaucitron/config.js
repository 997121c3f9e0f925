// tarteaucitronjs 1.34.0, configured from its README: init (English forced,
// the "mandatory cookies" notice for the necessary category) and one custom
// service, pushed as a job, whose js() adds the gated script.
window.tarteaucitronForceLanguage = 'en';
tarteaucitron.services.statistics = {
  key: 'statistics',
  type: 'analytic',
  name: 'Statistics (Matomo)',
  needConsent: true,
  cookies: ['_pk_id', '_pk_ses'],
  js: function () {
    'use strict';
    tarteaucitron.addScript('/bench/gated.js');
  },
  fallback: function () { 'use strict'; }
};
tarteaucitron.init({
  privacyUrl: '/cookies/',
  hashtag: '#tarteaucitron',
  cookieName: 'tarteaucitron',
  orientation: 'bottom',
  groupServices: false,
  showAlertSmall: false,
  cookieslist: false,
  showIcon: false,
  adblocker: false,
  DenyAllCta: true,
  AcceptAllCta: true,
  highPrivacy: true,
  handleBrowserDNTRequest: false,
  removeCredit: false,
  moreInfoLink: true,
  useExternalCss: false,
  useExternalJs: false,
  mandatory: true,
  mandatoryCta: true,
  googleConsentMode: false,
  bingConsentMode: false,
  pianoConsentMode: false
});
(tarteaucitron.job = tarteaucitron.job || []).push('statistics');
